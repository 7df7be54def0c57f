/**
 * Self URLs with the unshifted default port (src/catalog/self-urls.ts): WSO2's stock file
 * writes `ws_endpoint = "ws://localhost:9099"` and the like, which the offset does not move.
 * A URL that names this instance (localhost, its hostname or address) moves to the planned
 * port; one that names another host at this instance's unshifted port is reported, since the
 * Developer Portal would advertise a port nothing listens on. Never kept silently.
 */
import { tcpPortOwners } from "../plan/port-owners";
import { isIP } from "node:net";
import { SELF_URL_KEYS, SelfUrlKey } from "../catalog/self-urls";
import { ResolvedGroup } from "../spec/normalize";
import { PlannedInstance, Plan } from "../plan/types";
import { ProblemList } from "../spec/errors";
import { originOf } from "./apply";
import { ConfigSource } from "./source";
import { formatPath, getPath, isTable, Segment, Table } from "./tree";

/** `scheme://host:port/rest`, host possibly in brackets (IPv6); ports written as `${...}` do not match. */
const URL_WITH_PORT = /^([a-z][a-z0-9+.-]*:\/\/)(\[[^\]]+\]|[^/:?#\s]+):(\d+)(.*)$/is;

const LOOPBACK = new Set(["localhost", "127.0.0.1", "::1", "0.0.0.0"]);
/** Text that may hold a LOOPBACK host: a `local` key's URL without one is a peer's, which checkSite leaves alone. */
const MAY_NAME_LOOPBACK = /localhost|127\.0\.0\.1|::1|0\.0\.0\.0/i;

interface Site {
    path: Segment[];
    value: string;
    set: (v: string) => void;
}

/**
 * Every string at a key path that `wanted` accepts, `*` walking arrays of tables; a list of
 * strings yields each entry. (The lists are long, every member's URL: most entries are not wanted.)
 */
function sites(root: Table, path: readonly string[], wanted: (text: string) => boolean, depth = 0, at: Segment[] = []): Site[] {
    const head = path[depth];
    if (head === "*") {
        return Array.isArray(root) ? root.flatMap((t, i) => (isTable(t) ? sites(t, path, wanted, depth + 1, [...at, i]) : [])) : [];
    }
    if (!isTable(root)) return [];
    const value = root[head];
    if (value === undefined) return []; // most keys are absent from most files: no path built
    if (depth < path.length - 1) return sites(value as Table, path, wanted, depth + 1, [...at, head]);
    if (typeof value === "string") return wanted(value) ? [{ path: [...at, head], value, set: (v) => { root[head] = v; } }] : [];
    if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) return [];
    const found: Site[] = [];
    value.forEach((v: string, i) => {
        if (wanted(v)) found.push({ path: [...at, head, i], value: v, set: (nv) => { value[i] = nv; } });
    });
    return found;
}

export interface SelfUrlContext {
    planned: PlannedInstance;
    plan: Plan;
    group: ResolvedGroup;
    sources: ConfigSource[];
}

function ownNames(ctx: SelfUrlContext, merged: Table): Set<string> {
    const names = new Set([...LOOPBACK, ctx.planned.address.toLowerCase()]);
    const hostname = getPath(merged, ["server", "hostname"]);
    if (typeof hostname === "string") names.add(hostname.toLowerCase());
    return names;
}

/** Another instance on this host that listens on the port: then the URL may well mean it. */
function ownedByAnother(ctx: SelfUrlContext, port: number): boolean {
    return tcpPortOwners(ctx.plan, ctx.planned.host, port).some((o) => o.name !== ctx.planned.name);
}

interface MovedPort {
    /** The catalog's (unshifted) number. */
    catalog: number;
    /** Where this instance listens instead. */
    planned: number;
}

function checkSite(ctx: SelfUrlContext, key: SelfUrlKey, site: Site, own: Set<string>, ports: MovedPort, problems: ProblemList): void {
    const m = URL_WITH_PORT.exec(site.value);
    if (!m) return;
    const [, scheme, host, portText, rest] = m;
    if (Number(portText) !== ports.catalog) return;
    const bare = host.replace(/^\[|\]$/g, "").toLowerCase();
    const isSelf = key.kind === "self" ? own.has(bare) : LOOPBACK.has(bare) && !ownedByAnother(ctx, ports.catalog);
    if (isSelf) {
        site.set(`${scheme}${host}:${ports.planned}${rest}`);
        return;
    }
    if (key.kind === "local") return; // a peer's URL: the wiring's business
    const source = originOf(ctx.sources, key.path.filter((k) => k !== "*").slice(0, 3));
    problems.add(source.specPath,
        `instance "${ctx.planned.name}": \`${formatPath(site.path)}\` = ${JSON.stringify(site.value)} points at ${isIP(bare) ? "address" : "host"} ${host} on ${ports.catalog}, the unshifted default of "${key.port}", but this instance listens on ${ports.planned}; ` +
        `point it at ${ports.planned} (${JSON.stringify(`${scheme}${host}:${ports.planned}${rest}`)}), or, if ${host} is a load balancer forwarding to this instance, let it listen on a port other than ${ports.catalog} so the two cannot be confused`, ctx.planned.name);
}

/** The key's port, when this instance listens elsewhere than the catalog says: else no URL at it needs moving or reporting. */
function movedPort(ctx: SelfUrlContext, key: SelfUrlKey): MovedPort | undefined {
    const catalog = ctx.group.ports.find((p) => p.name === key.port);
    const planned = ctx.planned.ports.find((p) => p.name === key.port);
    return catalog && planned && planned.port !== catalog.port ? { catalog: catalog.port, planned: planned.port } : undefined;
}

/** Moves or reports every self URL in the merged settings, in place. */
export function fixSelfUrls(merged: Table, ctx: SelfUrlContext, problems: ProblemList): void {
    const own = ownNames(ctx, merged);
    for (const key of SELF_URL_KEYS) {
        const ports = movedPort(ctx, key);
        if (!ports) continue;
        // A URL at the catalog's port has its digits in it (maybe after zeros: Number() reads "09443" as 9443).
        const digits = String(ports.catalog);
        // A gateway lists every peer's URL at the catalog port: those are let through here, not one by one.
        const wanted = key.kind === "self" ? (text: string) => text.includes(digits) : (text: string) => text.includes(digits) && MAY_NAME_LOOPBACK.test(text);
        for (const site of sites(merged, key.path, wanted)) checkSite(ctx, key, site, own, ports, problems);
    }
}
