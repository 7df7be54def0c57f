/**
 * A plan made before (`DIR/plan.json`, `--previous FILE`, the component's `previousPlan`) is
 * input like any other: anyone who can write the file can shape what the planner keeps and,
 * through it, what the firewall opens. So it is parsed into a Plan once, completely, before
 * use: every field's type and range, names against the spec's patterns, addresses and CIDRs
 * through net/address (and kept in canonical text), offsets >= 0, ports 1-65535, no unknown
 * keys. A bad plan is an error naming the source and the path inside it, with the way out.
 */
import { PRODUCT_IDS, isVersionString } from "../catalog";
import { AddressError, parseCidr, parseHostAddress, parseIp, quote } from "../net/address";
import { isPortNumber, MAX_PORT } from "../net/port";
import { SpecError, SpecProblem } from "../spec/errors";
import { ClusteringScheme, ExposureClass, HostSpec } from "../spec/types";
import { LINK_ROLES } from "../catalog/wiring";
import { Plan, PlannedClustering, PlannedInstance, PlannedLink, PlannedPort } from "./types";
import { isObject } from "../util/is-object";

const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const PORT_NAME = /^(?=.*[a-z])[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const EXPOSURES: ExposureClass[] = ["public", "management", "internal", "cluster"];
const SCHEMES: Exclude<ClusteringScheme, "none">[] = ["wka", "multicast", "kubernetes"];
const MAX_TEXT = 200;
/** Enough to locate the damage; a hostile plan with a million bad entries must not flood stderr. */
const MAX_PROBLEMS = 20;

/** Raised inside the walk once MAX_PROBLEMS are collected. */
class Enough extends Error {}

class Checker {
    readonly problems: SpecProblem[] = [];
    /** WKA members found valid so far: every instance of a group lists the same ones, checked once per plan. */
    readonly validMembers = new Set<string>();
    constructor(private readonly origin: PlanOrigin) {}

    add(path: string, message: string): void {
        this.problems.push({ path: this.origin.where(path), message: `${message}; ${this.origin.fix}` });
        if (this.problems.length >= MAX_PROBLEMS) throw new Enough();
    }

    object(value: unknown, path: string, keys: readonly string[]): Record<string, unknown> | undefined {
        if (!isObject(value)) {
            this.add(path, `must be an object with ${keys.join(", ")}; got ${describe(value)}`);
            return undefined;
        }
        for (const key of Object.keys(value)) if (!keys.includes(key)) this.add(`${path}.${key}`, `is not a field of a plan (expected ${keys.join(", ")})`);
        return value;
    }

    list(value: unknown, path: string): unknown[] {
        if (Array.isArray(value)) return value;
        this.add(path, `must be a list; got ${describe(value)}`);
        return [];
    }

    name(value: unknown, path: string, pattern: RegExp, max: number): string {
        if (typeof value === "string" && value.length <= max && pattern.test(value)) return value;
        this.add(path, `must be a name of lower-case letters, digits and '-' (at most ${max}); got ${describe(value)}`);
        return "";
    }

    text(value: unknown, path: string): string {
        if (typeof value === "string" && value.length <= MAX_TEXT && !/[\u0000-\u001f\u007f]/.test(value)) return value;
        this.add(path, `must be text of at most ${MAX_TEXT} characters without control characters; got ${describe(value)}`);
        return "";
    }

    oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
        if (allowed.includes(value as T)) return value as T;
        this.add(path, `must be one of ${allowed.join(", ")}; got ${describe(value)}`);
        return allowed[0];
    }

    integer(value: unknown, path: string, min: number, max: number): number {
        if (typeof value === "number" && Number.isInteger(value) && value >= min && value <= max) return value;
        this.add(path, `must be a whole number from ${min} to ${max}; got ${describe(value)}`);
        return min;
    }

    boolean(value: unknown, path: string): boolean {
        if (typeof value === "boolean") return value;
        this.add(path, `must be true or false; got ${describe(value)}`);
        return false;
    }

    parsed<T>(value: unknown, path: string, parse: (v: unknown) => T): T | undefined {
        try {
            return parse(value);
        } catch (e) {
            if (!(e instanceof AddressError)) throw e;
            this.add(path, e.message);
            return undefined;
        }
    }
}

/** What a bad value is, never the text of a string: a plan file may be whatever a link points at. */
function describe(value: unknown): string {
    if (typeof value === "string") return `a string of ${value.length} characters`;
    if (Array.isArray(value)) return "a list";
    if (value === null) return "null";
    return typeof value === "object" ? "an object" : `${typeof value} ${quote(String(value)).slice(1, -1)}`;
}

function hostOf(c: Checker, value: unknown, path: string): HostSpec {
    const h = c.object(value, path, ["name", "address"]);
    const address = c.parsed(h?.address, `${path}.address`, parseHostAddress);
    return { name: c.name(h?.name, `${path}.name`, NAME, 63), address: address?.text ?? "" };
}

function cidrs(c: Checker, value: unknown, path: string): string[] {
    return c.list(value, path).map((v, i) => c.parsed(v, `${path}[${i}]`, parseCidr)?.text ?? "");
}

function portOf(c: Checker, value: unknown, path: string): PlannedPort {
    const p = c.object(value, path, ["name", "port", "protocol", "exposure", "shifted", "purpose"]);
    return {
        name: c.name(p?.name, `${path}.name`, PORT_NAME, 15),
        port: c.integer(p?.port, `${path}.port`, 1, MAX_PORT),
        protocol: c.oneOf(p?.protocol, `${path}.protocol`, ["tcp", "udp"] as const),
        exposure: c.oneOf(p?.exposure, `${path}.exposure`, EXPOSURES),
        shifted: c.boolean(p?.shifted, `${path}.shifted`),
        purpose: c.text(p?.purpose, `${path}.purpose`),
    };
}

/** A WKA member `address:port`, IPv6 in brackets or not; kept as written once both parts parse. */
function member(c: Checker, value: unknown, path: string): string {
    if (typeof value === "string" && c.validMembers.has(value)) return value;
    const before = c.problems.length;
    const text = c.text(value, path);
    const bracketed = /^\[([^\]]+)\]:([0-9]+)$/.exec(text);
    const [address, port] = bracketed ? [bracketed[1], bracketed[2]] : [text.slice(0, text.lastIndexOf(":")), text.slice(text.lastIndexOf(":") + 1)];
    if (c.parsed(address, path, bracketed ? parseIp : parseHostAddress) === undefined) return "";
    if (!/^[1-9][0-9]*$/.test(port) || !isPortNumber(Number(port))) c.add(path, `must be address:port with a port from 1 to ${MAX_PORT}; got ${describe(value)}`);
    if (c.problems.length === before) c.validMembers.add(text);
    return text;
}

function clusteringOf(c: Checker, value: unknown, path: string): PlannedClustering | null {
    if (value === null) return null;
    const k = c.object(value, path, ["scheme", "domain", "localMemberPort", "members"]);
    const port = k?.localMemberPort;
    return {
        scheme: c.oneOf(k?.scheme, `${path}.scheme`, SCHEMES),
        domain: c.text(k?.domain, `${path}.domain`),
        localMemberPort: port === null ? null : c.integer(port, `${path}.localMemberPort`, 1, MAX_PORT),
        members: c.list(k?.members, `${path}.members`).map((m, i) => member(c, m, `${path}.members[${i}]`)),
    };
}

function instanceOf(c: Checker, value: unknown, path: string, hosts: Map<string, string>): PlannedInstance {
    const keys = ["name", "group", "product", "version", "profile", "host", "address", "offset", "ports", "clustering"];
    const i = c.object(value, path, keys);
    const host = c.name(i?.host, `${path}.host`, NAME, 63);
    if (i && host && !hosts.has(host)) c.add(`${path}.host`, `names host "${host}", which is not in the plan's \`hosts\``);
    const address = c.parsed(i?.address, `${path}.address`, parseHostAddress)?.text ?? "";
    if (address && hosts.has(host) && hosts.get(host) !== address) c.add(`${path}.address`, `is ${address}, but host "${host}" has the address ${hosts.get(host)}`);
    const version = i?.version;
    if (i && !isVersionString(version)) c.add(`${path}.version`, `must be a version such as "7.0.0"; got ${describe(version)}`);
    return {
        name: c.name(i?.name, `${path}.name`, NAME, 63),
        group: c.name(i?.group, `${path}.group`, NAME, 40),
        product: c.oneOf(i?.product, `${path}.product`, PRODUCT_IDS),
        version: typeof version === "string" ? version : "",
        profile: i?.profile === null ? null : c.name(i?.profile, `${path}.profile`, NAME, 40),
        host,
        address,
        offset: c.integer(i?.offset, `${path}.offset`, 0, MAX_PORT),
        ports: c.list(i?.ports, `${path}.ports`).map((p, j) => portOf(c, p, `${path}.ports[${j}]`)),
        clustering: clusteringOf(c, i?.clustering, `${path}.clustering`),
    };
}

function checkUnique(c: Checker, values: string[], path: (i: number) => string, what: string): void {
    const seen = new Set<string>();
    values.forEach((v, i) => {
        if (v && seen.has(v)) c.add(path(i), `${what} "${v}" appears twice`);
        seen.add(v);
    });
}

function linkOf(c: Checker, value: unknown, path: string, groups: Set<string>): PlannedLink {
    const l = c.object(value, path, ["group", "role", "target", "implicit"]);
    const link = {
        group: c.name(l?.group, `${path}.group`, NAME, 40),
        role: c.oneOf(l?.role, `${path}.role`, LINK_ROLES),
        target: c.name(l?.target, `${path}.target`, NAME, 40),
        implicit: c.boolean(l?.implicit, `${path}.implicit`),
    };
    for (const field of ["group", "target"] as const) {
        if (l && link[field] && !groups.has(link[field])) c.add(`${path}.${field}`, `names group "${link[field]}", which has no instance in the plan`);
    }
    return link;
}

function walk(c: Checker, data: unknown): Plan {
    const plan = c.object(data, "", ["hosts", "exposure", "instances", "links"]);
    if (!plan) return { hosts: [], exposure: { public: [], management: [] }, instances: [] };
    const hosts = c.list(plan.hosts, "hosts").map((h, i) => hostOf(c, h, `hosts[${i}]`));
    checkUnique(c, hosts.map((h) => h.name), (i) => `hosts[${i}].name`, "host");
    const e = c.object(plan.exposure, "exposure", ["public", "management"]);
    const exposure = { public: cidrs(c, e?.public, "exposure.public"), management: cidrs(c, e?.management, "exposure.management") };
    const byName = new Map(hosts.map((h) => [h.name, h.address]));
    const instances = c.list(plan.instances, "instances").map((inst, i) => instanceOf(c, inst, `instances[${i}]`, byName));
    checkUnique(c, instances.map((i) => i.name), (i) => `instances[${i}].name`, "instance");
    if (plan.links === undefined) return { hosts, exposure, instances };
    const groups = new Set(instances.map((i) => i.group));
    const links = c.list(plan.links, "links").map((l, i) => linkOf(c, l, `links[${i}]`, groups));
    return { hosts, exposure, instances, links };
}

/** Where a plan came from, for its error messages. */
export interface PlanOrigin {
    /** A path inside the plan ("" for the whole) as the problem's path, e.g. `out/plan.json: instances[0].offset`. */
    where: (path: string) => string;
    /** How to get out of it, appended to every message. */
    fix: string;
}

/** A plan file: problems read `FILE: instances[0].offset`. */
export const planFile = (file: string, fix: string): PlanOrigin => ({ where: (path) => (path ? `${file}: ${path}` : file), fix });

/** Parses an untrusted plan; throws SpecError with the path of every problem (at most MAX_PROBLEMS). */
export function parsePlan(data: unknown, origin: PlanOrigin): Plan {
    const c = new Checker(origin);
    let plan: Plan | undefined;
    try {
        plan = walk(c, data);
    } catch (e) {
        if (!(e instanceof Enough)) throw e;
    }
    if (c.problems.length > 0 || !plan) throw new SpecError(c.problems);
    return plan;
}
