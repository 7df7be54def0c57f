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

interface Site {
    path: Segment[];
    value: string;
    set: (v: string) => void;
}

/** Every string at a key path, `*` walking arrays of tables; a list of strings yields each entry. */
function sites(root: Table, path: readonly string[], depth = 0, at: Segment[] = []): Site[] {
    const head = path[depth];
    if (head === "*") {
        return Array.isArray(root) ? root.flatMap((t, i) => (isTable(t) ? sites(t, path, depth + 1, [...at, i]) : [])) : [];
    }
    if (!isTable(root)) return [];
    const value = root[head];
    if (value === undefined) return []; // most keys are absent from most files: no path built
    if (depth < path.length - 1) return sites(value as Table, path, depth + 1, [...at, head]);
    if (typeof value === "string") return [{ path: [...at, head], value, set: (v) => { root[head] = v; } }];
    if (Array.isArray(value) && value.every((v) => typeof v === "string")) {
        return value.map((v, i) => ({ path: [...at, head, i], value: v as string, set: (nv) => { value[i] = nv; } }));
    }
    return [];
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

function checkSite(ctx: SelfUrlContext, key: SelfUrlKey, site: Site, own: Set<string>, problems: ProblemList): void {
    const m = URL_WITH_PORT.exec(site.value);
    if (!m) return;
    const [, scheme, host, portText, rest] = m;
    const catalog = ctx.group.ports.find((p) => p.name === key.port);
    const planned = ctx.planned.ports.find((p) => p.name === key.port);
    if (!catalog || !planned || Number(portText) !== catalog.port || planned.port === catalog.port) return;
    const bare = host.replace(/^\[|\]$/g, "").toLowerCase();
    const isSelf = key.kind === "self" ? own.has(bare) : LOOPBACK.has(bare) && !ownedByAnother(ctx, catalog.port);
    if (isSelf) {
        site.set(`${scheme}${host}:${planned.port}${rest}`);
        return;
    }
    if (key.kind === "local") return; // a peer's URL: the wiring's business
    const source = originOf(ctx.sources, key.path.filter((k) => k !== "*").slice(0, 3));
    problems.add(source.specPath,
        `instance "${ctx.planned.name}": \`${formatPath(site.path)}\` = ${JSON.stringify(site.value)} points at ${isIP(bare) ? "address" : "host"} ${host} on ${catalog.port}, the unshifted default of "${key.port}", but this instance listens on ${planned.port}; ` +
        `point it at ${planned.port} (${JSON.stringify(`${scheme}${host}:${planned.port}${rest}`)}), or, if ${host} is a load balancer forwarding to this instance, let it listen on a port other than ${catalog.port} so the two cannot be confused`, ctx.planned.name);
}

/** Moves or reports every self URL in the merged settings, in place. */
export function fixSelfUrls(merged: Table, ctx: SelfUrlContext, problems: ProblemList): void {
    const own = ownNames(ctx, merged);
    for (const key of SELF_URL_KEYS) {
        for (const site of sites(merged, key.path)) checkSite(ctx, key, site, own, problems);
    }
}
