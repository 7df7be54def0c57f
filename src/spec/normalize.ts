/**
 * Turns an untrusted spec (YAML file, stack config, component args) into resolved
 * instances, collecting every problem instead of stopping at the first.
 */
import {
    describeVersions, findCatalogEntry, findProduct, PRODUCT_IDS, profileNames,
    resolveGroupPorts, supportsHazelcastClustering,
} from "../catalog";
import { portsOn, switchValueProblems } from "../catalog/switches";
import { CatalogPort, ProductCatalogEntry } from "../catalog/types";
import { AddressError, addressProblem, parseCidr, parseHostAddress, quote } from "../net/address";
import { readUserConfig } from "../render/source";
import { deepMerge, formatPath, getPath, Table } from "../render/tree";
import { ProblemList, SpecError, SpecProblem } from "./errors";
import { isPortNumber } from "../net/port";
import { parsePlan } from "../plan/parse";
import type { Plan } from "../plan/types";
import { movedFieldProblems } from "./migrate";
import { suggestion } from "./suggest";
import { configuredMulticastGroup, multicastPath } from "./multicast";
import {
    ClusteringScheme, DeploymentSpec, ExposureSpec, GroupSpec, HostSpec, InstanceSpec, PortOverride,
} from "./types";
import { isObject } from "../util/is-object";

export const DEFAULT_HOST: HostSpec = { name: "local", address: "127.0.0.1" };
export const DEFAULT_EXPOSURE: Required<ExposureSpec> = { public: ["0.0.0.0/0"], management: [] };
const SCHEMES: ClusteringScheme[] = ["wka", "multicast", "kubernetes", "none"];
const EXPOSURE_CLASSES = ["public", "management", "internal", "cluster"];
const MAX_INSTANCES = 1000;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** Kubernetes IANA_SVC_NAME: what container and Service port names must be. */
const PORT_NAME = /^(?=.*[a-z])[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A group's or an instance's own deployment.toml settings: an object (`config`) or text (`configToml`). */
export interface UserConfig {
    value: Record<string, unknown> | string;
    /** Spec property path of whichever field held it. */
    path: string;
}

export interface ResolvedGroup {
    index: number;
    name: string;
    spec: GroupSpec;
    config?: UserConfig;
    entry: ProductCatalogEntry;
    profile: string | null;
    scheme: ClusteringScheme;
    domain: string;
    ports: CatalogPort[];
    /** `[clustering.properties] mcastAddress` of the group's config, canonical; unset: Hazelcast's default. */
    multicastGroup?: string;
}

export interface ResolvedInstance {
    name: string;
    /** Where this instance is in the spec, for error messages. */
    path: string;
    group: ResolvedGroup;
    /** Position in its group, from 0: names `<group>-<ordinal+1>` and spreads over hosts. */
    ordinal: number;
    host: HostSpec;
    /** False when the host came from round-robin spreading, which a previous plan may override. */
    hostExplicit: boolean;
    offset?: number;
    localMemberPort?: number;
    config?: UserConfig;
    /** The ports this instance binds: its group's, narrowed to those its merged config turns on. */
    ports: CatalogPort[];
}

export interface ResolvedSpec {
    hosts: HostSpec[];
    previousPlan?: Plan;
    exposure: Required<ExposureSpec>;
    groups: ResolvedGroup[];
    instances: ResolvedInstance[];
}

/** Validates and resolves a spec; throws SpecError listing every problem. */
export function resolveSpec(input: unknown): ResolvedSpec {
    const { spec, problems } = resolveSpecPartially(input);
    if (problems.length > 0) throw new SpecError(problems);
    return spec;
}

/**
 * Resolves what is valid of a spec and lists the problems of the rest: a group or instance
 * with a problem is left out, so the planner can still check the others (every problem in
 * one run). Old spellings come first, each naming the field that replaced it.
 */
export function resolveSpecPartially(input: unknown): { spec: ResolvedSpec; problems: SpecProblem[] } {
    const problems = new ProblemList();
    if (!isObject(input)) {
        problems.add("spec", "must be an object with a `products` list");
        return { spec: { hosts: [DEFAULT_HOST], exposure: DEFAULT_EXPOSURE, groups: [], instances: [] }, problems: problems.items };
    }
    const spec = input as unknown as DeploymentSpec;
    for (const p of movedFieldProblems(input)) problems.add(p.path, p.message);
    const hosts = resolveHosts(spec.hosts, problems);
    const exposure = resolveExposure(spec.exposure, problems);
    const groups: ResolvedGroup[] = [];
    const instances: ResolvedInstance[] = [];
    if (!Array.isArray(spec.products) || spec.products.length === 0) {
        problems.add("products", "must be a non-empty list of product groups");
    } else {
        const groupNames = new Map<string, string>();
        const byName = hostsByName(hosts);
        // The instances any problem so far names, kept up to date from the `counted` problems on.
        const troubled = new Set<string | undefined>();
        let counted = 0;
        const spread = { next: 0 };
        spec.products.forEach((g, i) => {
            const group = resolveGroup(g, i, problems, groupNames);
            if (!group) return;
            groups.push(group);
            // An instance with a problem of its own, or without a valid host to stand on, stays out of the plan.
            const resolved = resolveInstances(group, hosts, byName, problems, spread);
            for (; counted < problems.items.length; counted++) troubled.add(problems.items[counted].instance);
            resolved.forEach((inst) => inst.host !== undefined && !troubled.has(inst.name) && instances.push(inst));
        });
    }
    const previousPlan = resolvePreviousPlan(spec.previousPlan, problems);
    const resolved = { hosts, exposure, groups, instances: uniquelyNamed(instances, problems), ...(previousPlan === undefined ? {} : { previousPlan }) };
    return { spec: resolved, problems: problems.items };
}

/** `previousPlan` is input like the rest (it steers what the firewall opens): parsed completely before the planner trusts it. */
function resolvePreviousPlan(previous: unknown, problems: ProblemList): Plan | undefined {
    if (previous === undefined) return undefined;
    try {
        return parsePlan(previous, {
            where: (path) => (path ? `previousPlan.${path}` : "previousPlan"),
            fix: "pass the `plan` output of the last update unchanged, or leave previousPlan out to plan from scratch",
        });
    } catch (e) {
        if (!(e instanceof SpecError)) throw e;
        for (const p of e.problems) problems.add(p.path, p.message);
        return undefined;
    }
}

function resolveHosts(hosts: unknown, problems: ProblemList): HostSpec[] {
    if (hosts === undefined) return [DEFAULT_HOST];
    if (!Array.isArray(hosts) || hosts.length === 0) {
        problems.add("hosts", "must be a non-empty list of { name, address }, or left out for one local host");
        return [DEFAULT_HOST];
    }
    const names = new Map<string, string>();
    const addresses = new Map<string, string>();
    return hosts.flatMap((h, i) => {
        const path = `hosts[${i}]`;
        if (!isObject(h) || typeof h.name !== "string" || !DNS_LABEL.test(h.name) || h.name.length > 63) {
            problems.add(`${path}.name`, "each host needs a `name` of lower-case letters, digits and '-' (at most 63)");
            return [];
        }
        const address = hostAddress(h.address, `${path}.address`, h.name, problems);
        if (address === undefined) return [];
        if (names.has(h.name)) problems.add(`${path}.name`, `host "${h.name}" is declared twice (also at ${names.get(h.name)}); host names must be unique`);
        // Two names for one machine would plan the same ports twice on it (finding 11 of issue 10).
        if (addresses.has(address)) {
            problems.add(`${path}.address`, `hosts "${addresses.get(address)}" and "${h.name}" have the same address ${address}; one machine is one host: merge them, or give each its own address`);
        }
        names.set(h.name, path);
        addresses.set(address, h.name);
        return [{ name: h.name, address }];
    });
}

/** Hosts by name; of two with one name (reported by resolveHosts) the first, as `hosts.find` would give. */
export function hostsByName(hosts: HostSpec[]): Map<string, HostSpec> {
    const byName = new Map<string, HostSpec>();
    for (const h of hosts) if (!byName.has(h.name)) byName.set(h.name, h);
    return byName;
}

/** The address in canonical text (an IP, or a lower-case DNS name); undefined after a problem. */
function hostAddress(value: unknown, path: string, host: string, problems: ProblemList): string | undefined {
    try {
        return parseHostAddress(value).text;
    } catch (e) {
        if (!(e instanceof AddressError)) throw e;
        problems.add(path, `host "${host}": the address ${e.message} (an IP address or a DNS name, one per host)`);
        return undefined;
    }
}

function resolveExposure(exposure: unknown, problems: ProblemList): Required<ExposureSpec> {
    if (exposure === undefined) return DEFAULT_EXPOSURE;
    if (!isObject(exposure)) {
        problems.add("exposure", "must be an object { public: [CIDR...], management: [CIDR...] }");
        return DEFAULT_EXPOSURE;
    }
    const out = { ...DEFAULT_EXPOSURE };
    for (const key of Object.keys(exposure)) {
        const list = exposure[key];
        if (key !== "public" && key !== "management") {
            problems.add(`exposure.${key}`, "only `public` and `management` take CIDRs; internal ports are never opened and cluster ports open to members only");
        } else if (!Array.isArray(list)) {
            problems.add(`exposure.${key}`, `must be a list of CIDRs such as "10.0.0.0/8"; got ${quote(JSON.stringify(list))}`);
        } else {
            out[key] = exposureCidrs(list, `exposure.${key}`, problems);
        }
    }
    return out;
}

/** Canonical CIDRs (a bare address as its /32 or /128), sorted, without duplicates. */
function exposureCidrs(list: unknown[], path: string, problems: ProblemList): string[] {
    const out = new Set<string>();
    list.forEach((value, i) => {
        try {
            out.add(parseCidr(value).text);
        } catch (e) {
            if (!(e instanceof AddressError)) throw e;
            problems.add(`${path}[${i}]`, e.message.replace(/^(".*?"(\.\.\.)?) /, "$1 is not a CIDR: it "));
        }
    });
    return [...out].sort();
}

function resolveGroup(g: unknown, index: number, problems: ProblemList, seen: Map<string, string>): ResolvedGroup | undefined {
    const path = `products[${index}]`;
    if (!isObject(g)) {
        problems.add(path, "must be an object { name, product, version, ... }");
        return undefined;
    }
    const spec = g as unknown as GroupSpec;
    const before = problems.items.length;
    if (typeof spec.name !== "string" || !/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(spec.name) || spec.name.length > 40) {
        problems.add(`${path}.name`, `group name ${JSON.stringify(spec.name)} must start with a letter and hold only lower-case letters, digits and '-' (at most 40)`);
    } else if (seen.has(spec.name)) {
        problems.add(`${path}.name`, `group name "${spec.name}" is used twice (also at ${seen.get(spec.name)}); rename one`);
    } else {
        seen.set(spec.name, path);
    }
    const entry = resolveCatalogEntry(spec, path, problems);
    if (!entry || problems.items.length > before) return undefined;
    const profile = resolveProfile(spec, entry, path, problems);
    const scheme = resolveScheme(spec, entry, path, problems);
    const ports = resolvePortOverrides(spec, entry, path, problems);
    const config = userConfig(spec, path, `group "${spec.name}"`, problems);
    const multicastGroup = configuredMulticastGroup(config, problems);
    if (problems.items.length === before) checkPortsApart(spec, ports, scheme, path, problems);
    if (problems.items.length > before) return undefined;
    return {
        index, name: spec.name, spec, entry, profile, scheme, ports, config, multicastGroup,
        domain: spec.clustering?.domain ?? `wso2.${spec.name}.domain`,
    };
}

/** A released version as WSO2 names its images and tags: three numbers, no fourth update part. */
const isExactVersion = (v: unknown): v is string => typeof v === "string" && /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/.test(v);
const EXAMPLE_VERSION: Record<string, string> = {
    "identity-server": "7.0.0", "api-manager": "4.3.0", "micro-integrator": "4.2.0", "streaming-integrator": "4.2.0",
};

function resolveCatalogEntry(spec: GroupSpec, path: string, problems: ProblemList): ProductCatalogEntry | undefined {
    const candidates = findProduct(spec.product);
    if (candidates.length === 0) {
        const close = typeof spec.product === "string" ? suggestion(spec.product, PRODUCT_IDS) : `use one of ${PRODUCT_IDS.join(", ")}`;
        problems.add(`${path}.product`, `unknown product ${quote(spec.product)} in group "${spec.name}"; ${close}`);
        return undefined;
    }
    const supported = `supported ${spec.product} versions: ${describeVersions(candidates)}`;
    if (typeof spec.version === "number") {
        // YAML reads an unquoted 7.0 as the number 7: only then is quoting the fix.
        problems.add(`${path}.version`, `group "${spec.name}": YAML read the version as the number ${spec.version}; quote it, e.g. version: "${EXAMPLE_VERSION[spec.product]}" (${supported})`);
        return undefined;
    }
    if (!isExactVersion(spec.version)) {
        problems.add(`${path}.version`, `group "${spec.name}": ${quote(spec.version)} is not an exact version; write major.minor.patch, e.g. "${EXAMPLE_VERSION[spec.product]}" (${supported})`);
        return undefined;
    }
    const entry = findCatalogEntry(spec.product, spec.version);
    if (!entry) {
        problems.add(`${path}.version`, `${spec.product} ${spec.version} (group "${spec.name}") is not in the port catalog; ${supported}`);
    }
    return entry;
}

function resolveProfile(spec: GroupSpec, entry: ProductCatalogEntry, path: string, problems: ProblemList): string | null {
    const names = profileNames(entry);
    if (spec.profile === undefined) return entry.profiles ? names.find((n) => entry.profiles![n].default) ?? null : null;
    if (names.length === 0) {
        problems.add(`${path}.profile`, `${spec.product} has no profiles; remove \`profile\` from group "${spec.name}"`);
    } else if (!names.includes(spec.profile)) {
        problems.add(`${path}.profile`, `unknown ${spec.product} profile ${JSON.stringify(spec.profile)} in group "${spec.name}"; use one of ${names.join(", ")}`);
    }
    return spec.profile;
}

function resolveScheme(spec: GroupSpec, entry: ProductCatalogEntry, path: string, problems: ProblemList): ClusteringScheme {
    if (spec.clustering === undefined) return "none";
    const scheme = isObject(spec.clustering) ? spec.clustering.scheme : undefined;
    if (!SCHEMES.includes(scheme as ClusteringScheme)) {
        problems.add(`${path}.clustering.scheme`, `group "${spec.name}": clustering scheme must be one of ${SCHEMES.join(", ")}`);
        return "none";
    }
    if (scheme !== "none" && !supportsHazelcastClustering(entry)) {
        problems.add(`${path}.clustering.scheme`, `${spec.product} does not use Hazelcast clustering (group "${spec.name}"); remove \`clustering\` and configure its database-based coordination in \`config\``);
    }
    const domain = spec.clustering.domain;
    if (domain !== undefined && (typeof domain !== "string" || domain.length === 0)) {
        problems.add(`${path}.clustering.domain`, `group "${spec.name}": domain must be a non-empty string`);
    }
    return scheme as ClusteringScheme;
}

function resolvePortOverrides(spec: GroupSpec, entry: ProductCatalogEntry, path: string, problems: ProblemList): CatalogPort[] {
    if (spec.ports !== undefined && !Array.isArray(spec.ports)) {
        problems.add(`${path}.ports`, "must be a list of { name, port?, protocol?, exposure?, shifts?, disabled? }");
        return [];
    }
    (spec.ports ?? []).forEach((o: PortOverride, i) => {
        const p = `${path}.ports[${i}]`;
        const known = entry.ports.some((c) => c.name === o?.name);
        if (!isObject(o) || typeof o.name !== "string" || o.name.length > 15 || !PORT_NAME.test(o.name)) {
            problems.add(`${p}.name`, `port name ${JSON.stringify(o?.name)} in group "${spec.name}" must be 1-15 lower-case letters, digits or '-', with a letter`);
            return;
        }
        if (o.port !== undefined && !isPortNumber(o.port)) problems.add(`${p}.port`, `port "${o.name}" in group "${spec.name}" must be a whole number from 1 to 65535`);
        if (!known && o.port === undefined && !o.disabled) problems.add(`${p}.port`, `"${o.name}" is not a catalog port of ${spec.product}; give its \`port\``);
        if (o.protocol !== undefined && o.protocol !== "tcp" && o.protocol !== "udp") problems.add(`${p}.protocol`, `port "${o.name}": protocol must be tcp or udp`);
        if (o.exposure !== undefined && !EXPOSURE_CLASSES.includes(o.exposure)) problems.add(`${p}.exposure`, `port "${o.name}": exposure must be one of ${EXPOSURE_CLASSES.join(", ")}`);
        if (o.shifts !== undefined && typeof o.shifts !== "boolean") problems.add(`${p}.shifts`, `port "${o.name}": shifts must be true or false`);
        if (o.enabled !== undefined && typeof o.enabled !== "boolean") problems.add(`${p}.enabled`, `port "${o.name}": enabled must be true or false`);
        // A string "false" is truthy: it would silently drop the port (finding 13 of issue 10).
        if (o.disabled !== undefined && typeof o.disabled !== "boolean") problems.add(`${p}.disabled`, `port "${o.name}": disabled must be true or false (a YAML boolean, not ${JSON.stringify(o.disabled)})`);
        if (o.purpose !== undefined && typeof o.purpose !== "string") problems.add(`${p}.purpose`, `port "${o.name}": purpose must be text`);
    });
    return resolveGroupPorts(entry, spec);
}

/**
 * Two ports of one group that always land on one number in each instance: both move with the
 * offset, or neither does (`ports: [{ name: https, port: 9763 }]` next to http's 9763). A
 * moving and a fixed port meet only at some offsets, which the planner avoids.
 */
function checkPortsApart(spec: GroupSpec, ports: CatalogPort[], scheme: ClusteringScheme, path: string, problems: ProblemList): void {
    const planned = ports.filter((p) => p.role === undefined || p.role === "service" || (p.role === "multicast" && scheme === "multicast"));
    const seen = new Map<string, CatalogPort>();
    for (const port of planned) {
        const key = `${port.protocol}/${port.port}/${port.shifts}`;
        const first = seen.get(key);
        if (!first) {
            seen.set(key, port);
            continue;
        }
        const overridden = (spec.ports ?? []).findIndex((o) => o.name === port.name || o.name === first.name);
        problems.add(overridden >= 0 ? `${path}.ports[${overridden}]` : `${path}.ports`,
            `group "${spec.name}": ports "${first.name}" and "${port.name}" are both ${port.port}/${port.protocol}${port.shifts ? " before the offset" : ""}, so every instance would listen on one port twice; give one of them another number`);
    }
}

/**
 * One of two fields (`config` or `configToml`); the old single `config` that took either
 * form is a migration error naming the new field.
 */
function userConfig(spec: { config?: unknown; configToml?: unknown }, path: string, owner: string, problems: ProblemList, instance?: string): UserConfig | undefined {
    if (spec.config !== undefined && spec.configToml !== undefined) {
        problems.add(path, `${owner}: give \`config\` (an object) or \`configToml\` (text), not both`, instance);
        return undefined;
    }
    if (typeof spec.config === "string") return undefined; // movedFieldProblems reported it.
    if (spec.config !== undefined && !isObject(spec.config)) {
        problems.add(`${path}.config`, `${owner}: config must be an object of deployment.toml settings (text goes in \`configToml\`)`, instance);
        return undefined;
    }
    if (spec.configToml !== undefined && typeof spec.configToml !== "string") {
        problems.add(`${path}.configToml`, `${owner}: configToml must be text (an object goes in \`config\`)`, instance);
        return undefined;
    }
    if (spec.config !== undefined) return { value: spec.config, path: `${path}.config` };
    if (spec.configToml !== undefined) return { value: spec.configToml, path: `${path}.configToml` };
    return undefined;
}

/** The group's instances as a list, from `instanceCount` or `instances` (never both). */
export function instanceEntries(group: Pick<GroupSpec, "name" | "instanceCount" | "instances">, path: string, problems: ProblemList): InstanceSpec[] {
    const { instanceCount: count, instances: list } = group as { instanceCount?: unknown; instances?: unknown };
    if (count !== undefined && list !== undefined) {
        problems.add(path, `group "${group.name}": give \`instanceCount\` or \`instances\`, not both`);
        return [];
    }
    if (typeof list === "number") return []; // movedFieldProblems reported it.
    if (count !== undefined) {
        if (Number.isInteger(count) && (count as number) >= 1 && (count as number) <= MAX_INSTANCES) return Array.from({ length: count as number }, () => ({}));
        problems.add(`${path}.instanceCount`, `group "${group.name}": instanceCount must be a whole number from 1 to ${MAX_INSTANCES}`);
        return [];
    }
    if (list === undefined) return [{}];
    if (!Array.isArray(list) || list.length === 0 || list.length > MAX_INSTANCES || list.some((i) => !isObject(i))) {
        problems.add(`${path}.instances`, `group "${group.name}": instances must be a non-empty list of { name, host, offset, localMemberPort } (or give \`instanceCount\`)`);
        return [];
    }
    return list as InstanceSpec[];
}

function resolveInstances(group: ResolvedGroup, hosts: HostSpec[], byName: Map<string, HostSpec>, problems: ProblemList, spread: { next: number }): ResolvedInstance[] {
    const groupPath = `products[${group.index}]`;
    const countPath = Array.isArray(group.spec.instances) ? undefined : `${groupPath}.instanceCount`;
    return instanceEntries(group.spec, groupPath, problems).map((spec, ordinal) => {
        const path = countPath ?? `${groupPath}.instances[${ordinal}]`;
        const name = spec.name ?? `${group.name}-${ordinal + 1}`;
        if (typeof name !== "string" || !DNS_LABEL.test(name) || name.length > 63) {
            problems.add(`${path}.name`, `instance name ${quote(name)} must be lower-case letters, digits and '-' (at most 63)`, String(name));
        }
        // Spread round-robin so a clustered group lands on different hosts first; the count carries on
        // from the group before, or every group would start on the first host and pile up there.
        let host = spec.host === undefined ? hosts[spread.next++ % hosts.length] : hosts[0];
        if (spec.host !== undefined) {
            const named = typeof spec.host === "string" ? byName.get(spec.host) : undefined;
            if (!named) problems.add(`${path}.host`, `instance "${name}" names host ${JSON.stringify(spec.host)}, which is not in \`hosts\` (${hosts.map((h) => h.name).join(", ")})`, name);
            host = named ?? host;
        }
        if (spec.offset !== undefined && !(Number.isInteger(spec.offset) && spec.offset >= 0)) {
            problems.add(`${path}.offset`, `instance "${name}": offset must be a whole number >= 0`, name);
        }
        checkLocalMemberPort(spec, group, name, path, problems);
        const config = userConfig(spec, path, `instance "${name}"`, problems, name);
        const ports = instancePorts(group, config, name, problems);
        checkInstanceMulticastGroup(config, group, name, problems);
        return { name, path, group, ordinal, host, hostExplicit: spec.host !== undefined, offset: spec.offset, localMemberPort: spec.localMemberPort, config, ports };
    });
}

/** What a config turns on: the ports, and the switch keys whose value is neither true nor false. */
interface Switched {
    settings: Table;
    ports: CatalogPort[];
    bad: ReturnType<typeof switchValueProblems>;
}

function switched(group: ResolvedGroup, settings: Table): Switched {
    return { settings, ports: portsOn(group.ports, settings), bad: switchValueProblems(group.ports, settings) };
}

/** A group's own config, parsed and switched once for all its instances: those without config of their own share it (large groups plan fast). */
const groupSwitched = new WeakMap<ResolvedGroup, Switched>();

/** A config's settings as far as they parse: bad text is reported once by the renderer, and the ports then follow the stock defaults. */
function readSettings(group: ResolvedGroup, raw: unknown): Table {
    const format = group.entry.configFile === "deployment.yaml" ? "yaml" : "toml";
    return readUserConfig(raw, format, { specPath: "", owner: "" }, new ProblemList())?.settings ?? {};
}

function sharedSwitched(group: ResolvedGroup): Switched {
    let shared = groupSwitched.get(group);
    if (!shared) groupSwitched.set(group, (shared = switched(group, readSettings(group, group.config?.value))));
    return shared;
}

/** Ports the instance's config merged over its group's turns on (catalog `when`, overridden by `ports[].enabled`). */
function instancePorts(group: ResolvedGroup, own: UserConfig | undefined, name: string, problems: ProblemList): CatalogPort[] {
    const shared = sharedSwitched(group);
    const ownSettings = own === undefined ? undefined : readSettings(group, own.value);
    const merged = ownSettings === undefined ? shared : switched(group, deepMerge(shared.settings, ownSettings));
    merged.bad.forEach((bad) => {
        const where = own && ownSettings && getPath(ownSettings, bad.key) !== undefined ? own.path : group.config?.path ?? `products[${group.index}].config`;
        problems.add(where, `instance "${name}": \`${formatPath(bad.key)}\` = ${JSON.stringify(bad.value)} decides whether port "${bad.port}" is bound and must be true or false`, name);
    });
    return merged.ports;
}

function checkLocalMemberPort(spec: InstanceSpec, group: ResolvedGroup, name: string, path: string, problems: ProblemList): void {
    if (spec.localMemberPort === undefined) return;
    if (!isPortNumber(spec.localMemberPort)) {
        problems.add(`${path}.localMemberPort`, `instance "${name}": localMemberPort must be a whole number from 1 to 65535`, name);
    } else if (group.scheme === "none") {
        problems.add(`${path}.localMemberPort`, `instance "${name}": localMemberPort applies only to a clustered group, and group "${group.name}" is not clustered; remove it or set \`clustering.scheme\``, name);
    }
}

/** Every member of a group must send to one multicast group, the one the firewall opens. */
function checkInstanceMulticastGroup(config: UserConfig | undefined, group: ResolvedGroup, name: string, problems: ProblemList): void {
    const own = configuredMulticastGroup(config, problems, name);
    if (config && own !== undefined && own !== group.multicastGroup) {
        problems.add(multicastPath(config),
            `instance "${name}" sets its own multicast group ${own}; every member of group "${group.name}" must use one group: set mcastAddress in the group's config instead`, name);
    }
}

/** The instances with a name of their own; a later duplicate is a problem and left out. */
function uniquelyNamed(instances: ResolvedInstance[], problems: ProblemList): ResolvedInstance[] {
    const seen = new Map<string, ResolvedInstance>();
    return instances.filter((inst) => {
        const first = seen.get(inst.name);
        if (!first) {
            seen.set(inst.name, inst);
            return true;
        }
        const path = inst.path.endsWith(".instanceCount") ? `products[${inst.group.index}].name` : `${inst.path}.name`;
        problems.add(path, `duplicate instance name "${inst.name}" (also at ${first.path}); instance names must be unique across the spec`, inst.name);
        return false;
    });
}
