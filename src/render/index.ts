/**
 * Renders every planned instance's config file: deployment.toml, or deployment.yaml for
 * Streaming Integrator. Pure: no Pulumi, no file system.
 *
 * Per instance: the group's `config` deep-merged with the instance's (instance wins), then
 * the settings the plan decides (offset, clustering, port keys, gateway URLs), then text with
 * keys sorted. Every problem of every instance is collected and thrown as one SpecError.
 */
import { configPathFor } from "../catalog";
import { quote } from "../net/address";
import { Plan, PlannedInstance } from "../plan/types";
import { ProblemList } from "../spec/errors";
import { ResolvedGroup, ResolvedInstance, ResolvedSpec } from "../spec/normalize";
import { fillGatewayEndpoints } from "./apim";
import { applyDerived } from "./apply";
import { deriveSettings, RenderOptions } from "./derive";
import { membersByGroup } from "../wiring/keys";
import { formatConfig, roundTripProblem, tomlHeader, tomlText, tomlTextAfterHeader } from "./format";
import { TomlStamp, tomlBody } from "./stamp";
import { secretKeyFound, secretPaths } from "./secrets";
import { fixSelfUrls } from "./self-urls";
import { checkTomlValues, checkYamlValues, ConfigFormat, ConfigSource, readUserConfig } from "./source";
import { deepMerge, mergeOver, setPath, Table } from "./tree";
import { fillWiringEntries, newPeerUrls, PeerUrls, wiringSettings, WiringContext } from "./wiring";
import { instancesLikeTheFirst, instancesPlanSkips } from "./alike";
import { configRelativePath } from "./user-input";
export { configRelativePath } from "./user-input";
import { RenderedConfig } from "./types";

export type { RenderOptions } from "./derive";
export { DEFAULT_KUBERNETES, KUBERNETES_MEMBERSHIP_CLASS } from "./derive";
export type { RenderedConfig } from "./types";

export function configFormat(group: ResolvedGroup): ConfigFormat {
    return group.entry.configFile === "deployment.yaml" ? "yaml" : "toml";
}

/** The source when every value can be written, else undefined: the problems say why (a null in a list crashes the TOML writer). */
function checkedValues(source: ConfigSource, format: ConfigFormat, problems: ProblemList): ConfigSource | undefined {
    const before = problems.items.length;
    if (format === "toml") checkTomlValues(source, problems);
    else checkYamlValues(source, problems);
    return problems.items.length === before ? source : undefined;
}

/** Each group's own config, read once (a bad one is one problem, not one per instance). */
function readGroupConfigs(spec: ResolvedSpec, problems: ProblemList): Map<string, ConfigSource | undefined> {
    return new Map(spec.groups.map((g) => {
        const source = readUserConfig(g.config?.value, configFormat(g), { specPath: g.config?.path ?? `products[${g.index}].config`, owner: `group "${g.name}"` }, problems);
        return [g.name, source && checkedValues(source, configFormat(g), problems)];
    }));
}

function readInstanceConfig(inst: ResolvedInstance, problems: ProblemList): ConfigSource | undefined {
    const format = configFormat(inst.group);
    const source = readUserConfig(inst.config?.value, format, { specPath: inst.config?.path ?? `${inst.path}.config`, owner: `instance "${inst.name}"`, instance: inst.name }, problems);
    return source && checkedValues(source, format, problems);
}

interface InstanceInput {
    planned: PlannedInstance;
    inst: ResolvedInstance;
    groupSource: ConfigSource;
    plan: Plan;
    members: ReadonlyMap<string, readonly PlannedInstance[]>;
    options: RenderOptions;
    userSettings: Map<string, Table>;
    /**
     * Its group's first plain instance has the same user values (instancesLikeTheFirst) and was
     * read back; what differs is the plan's integers and strings, which always read back.
     */
    likeTheFirst: boolean;
    /** Each group's TOML stamp, once its first file is formatted. */
    stamps: Map<ResolvedGroup, TomlStamp>;
    peerUrls: PeerUrls;
    memberLists: Map<string, readonly string[]>;
}

/** The merged settings of one instance, or undefined when it has problems. */
function mergedSettings(input: InstanceInput, problems: ProblemList): Table | undefined {
    const { planned, inst, groupSource } = input;
    const before = problems.items.length;
    const own = readInstanceConfig(inst, problems);
    if (!own) return undefined;
    const sources = [own, groupSource];
    const user = deepMerge(groupSource.settings, own.settings);
    const wiring: WiringContext = { planned, plan: input.plan, options: input.options, userSettings: input.userSettings, peerUrls: input.peerUrls };
    const derived = [...deriveSettings({ planned, plan: input.plan, members: input.members, group: inst.group, options: input.options, memberLists: input.memberLists }), ...wiringSettings(wiring)];
    applyDerived(user, derived, sources, planned.name, problems);
    if (problems.items.length > before) return undefined;
    fillWiringEntries(user, wiring, sources, problems);
    // The bootable base goes under everything the user and the plan wrote (src/catalog/bases.ts).
    // `user` is this instance's own (copied from the configs, derived values made for it): taken, not copied again.
    const merged = mergeOver(baseSettings(inst.group), user);
    fillGatewayEndpoints(merged, planned, sources, problems);
    fixSelfUrls(merged, { planned, plan: input.plan, group: inst.group, sources }, problems);
    return problems.items.length > before ? undefined : merged;
}

const baseTrees = new WeakMap<ResolvedGroup, Table>();

/**
 * The product's bootable base as a settings tree, built once per group: every instance's
 * merge copies it (deepMerge never changes its inputs), so it is shared, never written.
 */
export function baseSettings(group: ResolvedGroup): Table {
    let tree = baseTrees.get(group);
    if (!tree) {
        tree = {};
        for (const b of group.entry.baseFor?.(group.ports) ?? group.entry.base) setPath(tree, b.key, b.value);
        baseTrees.set(group, tree);
    }
    return tree;
}

/** A rendered config with the settings its text parses back to (kept out of RenderedConfig: they hold the secrets in plain). */
interface Rendered {
    config: RenderedConfig;
    /**
     * Kept only where checkSecretKeys reads them, in a group with `secretKeys`: a thousand
     * settings trees held to the end of the render made every garbage collection copy them.
     */
    settings?: Table;
}

function renderInstance(input: InstanceInput, problems: ProblemList): Rendered | undefined {
    const merged = mergedSettings(input, problems);
    if (!merged) return undefined;
    const { planned, inst } = input;
    const group = inst.group;
    const format = configFormat(group);
    const { text, secrets } = formatted(input, merged, format);
    const broken = input.likeTheFirst ? undefined : roundTripProblem(text, merged, format);
    if (broken) {
        const specPath = inst.config?.path ?? group.config?.path ?? `products[${group.index}].config`;
        problems.add(specPath, `instance "${planned.name}": ${broken}`, planned.name);
        return undefined;
    }
    const fileName = group.entry.configFile;
    const config: RenderedConfig = {
        instance: planned.name, group: planned.group, host: planned.host, product: planned.product, fileName,
        relativePath: configRelativePath(planned, group),
        containerPath: configPathFor(group.entry, group.spec.version, group.profile),
        text,
        secretPaths: secrets ?? secretPaths(merged, secretKeysOf(group), { isSecretValue: input.options.isSecretValue }),
    };
    return { config, settings: group.spec.secretKeys === undefined ? undefined : merged };
}

/**
 * The file's text, from its group's stamp where the settings have the stamp's shape (and
 * then the stamp's secret paths: secrecy follows the keys, the group's secretKeys and the
 * kind of value, unless a rule reads the values themselves). The first TOML file of a group
 * is formatted in full and becomes its stamp.
 */
function formatted(input: InstanceInput, merged: Table, format: ConfigFormat): { text: string; secrets?: string[] } {
    const { planned, inst, stamps, options } = input;
    if (format !== "toml") return { text: formatConfig(merged, format, planned.name) };
    const stamp = stamps.get(inst.group);
    const head = tomlHeader(planned.name);
    const text = stamp?.bodyOf(merged, head);
    if (stamp && text !== undefined) return { text: tomlTextAfterHeader(head, text), secrets: options.isSecretValue ? undefined : stamp.secretPaths };
    const full = tomlBody(merged);
    if (stamp) return { text: tomlText(planned.name, full) };
    const first = new TomlStamp(merged, full, secretPaths(merged, secretKeysOf(inst.group)));
    stamps.set(inst.group, first);
    return { text: tomlText(planned.name, full), secrets: options.isSecretValue ? undefined : first.secretPaths };
}

function secretKeysOf(group: ResolvedGroup): string[] {
    const keys = group.spec.secretKeys;
    return Array.isArray(keys) ? keys.filter((k): k is string => typeof k === "string") : [];
}

/** `secretKeys` must be dotted paths that name something: a typo would leave a password in plain text. */
function checkSecretKeys(spec: ResolvedSpec, rendered: Rendered[], problems: ProblemList): void {
    for (const group of spec.groups) {
        const keys: unknown = group.spec.secretKeys;
        const path = `products[${group.index}].secretKeys`;
        if (keys === undefined) continue;
        if (!Array.isArray(keys)) {
            problems.add(path, `group "${group.name}": secretKeys must be a list of dotted key paths such as "database.identity_db.password"`);
            continue;
        }
        const members = rendered.filter((r) => r.config.group === group.name);
        keys.forEach((key, i) => {
            if (typeof key !== "string" || key.length === 0) {
                problems.add(`${path}[${i}]`, `group "${group.name}": each secret key must be a dotted key path such as "database.identity_db.password"`);
            } else if (members.length > 0 && !members.some((r) => r.settings !== undefined && secretKeyFound(r.settings, key))) {
                problems.add(`${path}[${i}]`, `group "${group.name}": secret key ${quote(key)} names no key in the config of any of its instances; fix the path (dotted, as \`[a.b] c\` is "a.b.c")`);
            }
        });
    }
}

/** Each instance's own settings before anything is derived: peers read each other's hostname and labels from them. */
function instanceSettings(spec: ResolvedSpec, groupSources: Map<string, ConfigSource | undefined>): Map<string, Table> {
    const out = new Map<string, Table>();
    const ignored = new ProblemList(); // the render of that instance reports them
    for (const inst of spec.instances) {
        const group = groupSources.get(inst.group.name)?.settings ?? {};
        // Read, never written: an instance without config of its own shares its group's settings.
        if (inst.config === undefined) {
            out.set(inst.name, group);
            continue;
        }
        const own = readUserConfig(inst.config.value, configFormat(inst.group), { specPath: "", owner: "" }, ignored);
        out.set(inst.name, deepMerge(group, own?.settings ?? {}));
    }
    return out;
}

interface RenderRun {
    rendered: Rendered[];
    problems: ProblemList;
}

/**
 * Renders the planned instances in plan order, collecting every problem: `every` one, or
 * the `distinct` ones (without those instancesPlanSkips finds: their problems are their
 * group's first's, or there are none to find).
 */
function renderEach(spec: ResolvedSpec, plan: Plan, options: RenderOptions, which: "every" | "distinct"): RenderRun {
    const problems = new ProblemList();
    const groupSources = readGroupConfigs(spec, problems);
    const byName = new Map(spec.instances.map((i) => [i.name, i]));
    const userSettings = instanceSettings(spec, groupSources);
    const members = membersByGroup(plan);
    const alikeInput = { spec, plan, members, options, groupSettings: (g: ResolvedGroup) => groupSources.get(g.name)?.settings };
    const alike = instancesLikeTheFirst(alikeInput);
    const skipped = which === "distinct" ? instancesPlanSkips(alikeInput, alike) : new Set<ResolvedInstance>();
    const rendered: Rendered[] = [];
    const stamps = new Map<ResolvedGroup, TomlStamp>();
    const peerUrls = newPeerUrls();
    const memberLists = new Map<string, readonly string[]>();
    for (const planned of plan.instances) {
        const inst = byName.get(planned.name);
        if (!inst || inst.group.name !== planned.group) {
            problems.add("plan", `instance "${planned.name}" is in the plan but not in the spec as group "${planned.group}"; plan the spec again`, planned.name);
            continue;
        }
        const groupSource = groupSources.get(inst.group.name);
        if (!groupSource) {
            readInstanceConfig(inst, problems); // its own problems too; the group's are reported once above
            continue;
        }
        if (skipped.has(inst)) continue;
        const likeTheFirst = alike.has(inst);
        const result = renderInstance({ planned, inst, groupSource, plan, members, options, userSettings, likeTheFirst, stamps, peerUrls, memberLists }, problems);
        if (result) rendered.push(result);
    }
    checkSecretKeys(spec, rendered, problems);
    return { rendered, problems };
}

/**
 * Renders the config file of every planned instance, in plan order. Throws SpecError with
 * every problem (bad TOML/YAML, a value the plan decides differently, ...), each naming
 * its spec path and instance.
 */
export function renderConfigs(spec: ResolvedSpec, plan: Plan, options: RenderOptions = {}): RenderedConfig[] {
    const { rendered, problems } = renderEach(spec, plan, options, "every");
    problems.throwIfAny();
    return rendered.map((r) => r.config);
}

/**
 * Throws exactly what `renderConfigs(spec, plan)` throws, rendering one instance of a group
 * where its other instances cannot fare differently, and none of a group without config
 * (instancesPlanSkips): `plan` checks a spec as render would, at the cost of its distinct
 * inputs, not of its instance count. When anything is wrong, every instance is rendered, so
 * each problem is named as render names it.
 */
export function checkConfigs(spec: ResolvedSpec, plan: Plan): void {
    if (renderEach(spec, plan, {}, "distinct").problems.items.length > 0) renderConfigs(spec, plan);
}
