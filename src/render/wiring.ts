/**
 * Cross-server references (wiring.md): each linked peer's planned address (or its own
 * `server.hostname`) and shifted port, written into the keys the catalog lists for the
 * instance (src/catalog/wiring.ts), and the keys that name the instance itself, which the
 * docs write as `localhost:<default port>` (wiring.md 6, pitfall P2).
 *
 * A user value wins when it names none of the plan's servers (a load balancer, a `${...}`
 * placeholder); one that names a planned server but not the linked ones, or the wrong port,
 * contradicts the link and is an error naming both.
 */
import { isIP } from "node:net";
import { GATEWAY_ENVIRONMENT, UrlSpec, WiringKey } from "../catalog/wiring";
import { Plan, PlannedInstance } from "../plan/types";
import { ProblemList } from "../spec/errors";
import { instanceKeys, linkedGateways, linkOf, membersByGroup } from "../wiring/keys";
import { originOf } from "./apply";
import { DerivedSetting, RenderOptions } from "./derive";
import { ConfigSource } from "./source";
import { cloneValue, compareKeys, formatPath, getPath, isTable, put, setPath, Table } from "./tree";
import { memoizeByText } from "../util/memo";

export interface WiringContext {
    planned: PlannedInstance;
    plan: Plan;
    options: RenderOptions;
    /** Every instance's own settings (group's and instance's config merged): a peer's `server.hostname`, a gateway's labels. */
    userSettings: Map<string, Table>;
    /** Peers' URLs kept for one render (newPeerUrls); without it each URL is built when asked. */
    peerUrls?: PeerUrls;
}

/**
 * A peer's URL by URL spec and target. Every instance of a group writes the same peers'
 * URLs (each gateway lists the 50 members of its control plane), so a render builds each
 * once, not once per instance that lists it (issue 15).
 */
export type PeerUrls = Map<UrlSpec, Map<PlannedInstance, string | undefined>>;
export const newPeerUrls = (): PeerUrls => new Map();

const SELF = "localhost";

function userHostname(ctx: WiringContext, inst: PlannedInstance): string | undefined {
    const h = getPath(ctx.userSettings.get(inst.name) ?? {}, ["server", "hostname"]);
    return typeof h === "string" && h !== "" ? h : undefined;
}

/** Asked for every URL of every instance, of a few hosts: node's isIP is a regular expression. */
const hostPart = memoizeByText((host: string): string => (isIP(host) === 6 ? `[${host}]` : host));

/** How this instance writes the host of `target`: itself as localhost, as the docs do; a peer by its hostname or planned address. */
export function peerHost(ctx: WiringContext, target: PlannedInstance): string {
    if (target.name === ctx.planned.name) return SELF;
    return userHostname(ctx, target) ?? ctx.options.peerAddress?.(ctx.planned, target) ?? target.address;
}

function builtUrl(ctx: WiringContext, target: PlannedInstance, spec: UrlSpec): string | undefined {
    const port = target.ports.find((p) => p.name === spec.port);
    return port && `${spec.scheme}://${hostPart(peerHost(ctx, target))}:${port.port}${spec.path ?? ""}`;
}

export function urlOf(ctx: WiringContext, target: PlannedInstance, spec: UrlSpec): string | undefined {
    // The same for every client, unless it is the client itself (localhost) or peerAddress picks a host per client.
    const cache = target.name !== ctx.planned.name && ctx.options.peerAddress === undefined ? ctx.peerUrls : undefined;
    if (!cache) return builtUrl(ctx, target, spec);
    let byTarget = cache.get(spec);
    if (!byTarget) cache.set(spec, (byTarget = new Map()));
    if (byTarget.has(target)) return byTarget.get(target);
    const url = builtUrl(ctx, target, spec);
    byTarget.set(target, url);
    return url;
}

/** Every name by which a URL can mean one of the plan's servers: addresses, hostnames, container names, localhost. */
function plannedHosts(ctx: WiringContext): Set<string> {
    const names = new Set<string>([SELF, "127.0.0.1", "::1"]);
    for (const inst of ctx.plan.instances) {
        names.add(inst.address).add(inst.name);
        const h = userHostname(ctx, inst);
        if (h) names.add(h);
        const peer = ctx.options.peerAddress?.(ctx.planned, inst);
        if (peer) names.add(peer);
    }
    return names;
}

const URL_HOST = /^[a-z][a-z0-9+.-]*:\/\/(\[[^\]]+\]|[^:/?#]+)/i;

function hostOfUrl(url: string): string | undefined {
    const m = URL_HOST.exec(url);
    return m ? m[1].replace(/^\[|\]$/g, "") : undefined;
}

/** The URL strings inside a user value (a string, a list, or `[[...]]` tables of lists). */
function urlsIn(value: unknown): string[] {
    if (typeof value === "string") return [value];
    if (Array.isArray(value)) return value.flatMap(urlsIn);
    if (isTable(value)) return Object.values(value).flatMap(urlsIn);
    return [];
}

const namesPlannedServer = (ctx: WiringContext, value: unknown) => {
    const hosts = plannedHosts(ctx);
    return urlsIn(value).some((u) => { const h = hostOfUrl(u); return h !== undefined && hosts.has(h); });
};

const sortedUrls = (value: unknown) => urlsIn(value).sort(compareKeys).join("\n");

function linkText(ctx: WiringContext, key: WiringKey): string {
    const p = key.points;
    if ("self" in p) return `this key names the instance itself (at offset ${ctx.planned.offset})`;
    if ("peers" in p || "ownGroup" in p) return `this key names the instances of group "${ctx.planned.group}"`;
    const link = linkOf(ctx.plan, ctx.planned.group, p.role);
    return `group "${ctx.planned.group}" links to group "${link?.target}" as its ${p.role} (${link?.implicit ? "implicitly: the only candidate" : `connect.${p.role}`})`;
}

function fix(key: WiringKey): string {
    const p = key.points;
    return "role" in p ? `remove the key, or name the group you meant in \`connect.${p.role}\`` : "remove the key; the renderer writes it from the plan";
}

/** One table per target, each field a one-URL list; undefined when a target lacks a port. Loops, not entries: asked for each member of each peer group. */
function urlGroups(ctx: WiringContext, urls: Record<string, UrlSpec>, targets: PlannedInstance[]): Table[] | undefined {
    const fields = Object.keys(urls);
    const tables: Table[] = [];
    for (const target of targets) {
        const table: Table = {};
        for (const field of fields) {
            const url = urlOf(ctx, target, urls[field]);
            if (url === undefined) return undefined;
            put(table, field, [url]);
        }
        tables.push(table);
    }
    return tables;
}

/** The value a key gets from the plan; undefined when a target lacks the port (the planner reports that). */
function valueOf(ctx: WiringContext, key: WiringKey, targets: PlannedInstance[]): unknown {
    const v = key.value;
    const urls = (spec: UrlSpec) => targets.map((t) => urlOf(ctx, t, spec));
    switch (v.shape) {
        case "constant": return cloneValue(v.value); // the catalog's: the instance's settings own every value in them (mergeOver)
        case "single": return urls(v.url)[0];
        case "list": { const list = urls(v.url); return list.every((u) => u !== undefined) ? list : undefined; }
        case "groups": return urlGroups(ctx, v.urls, targets);
        default: return undefined; // firstEntry and listener: see fillWiringEntries
    }
}

/** Single, list, url_group and constant keys, as settings the plan decides. */
export function wiringSettings(ctx: WiringContext): DerivedSetting[] {
    const out: DerivedSetting[] = [];
    for (const { key, targets } of instanceKeys(ctx.plan, ctx.planned)) {
        // A single URL into an HA group: the peer on this host if any, else the first (the docs put a load balancer here).
        const chosen = key.value.shape === "single" ? [targets.find((t) => t.host === ctx.planned.host) ?? targets[0]] : targets;
        const value = valueOf(ctx, key, chosen);
        if (value === undefined) continue;
        const isUrl = key.value.shape !== "constant";
        // Asked only where the user wrote the key: every target's URL is built then, not for every file.
        const accepted = () => (key.value.shape === "single" ? targets.map((t) => valueOf(ctx, key, [t])) : [value]);
        out.push({
            path: key.path, value, authority: "plan",
            same: (user) => (isUrl ? accepted().some((a) => sortedUrls(a) === sortedUrls(user)) : JSON.stringify(user) === JSON.stringify(value)),
            keep: (user) => isUrl && !namesPlannedServer(ctx, user),
            explain: () => `${linkText(ctx, key)}, so it must be ${JSON.stringify(value)} (the peers' planned addresses and shifted ports; ${key.source}); ${fix(key)}`,
        });
    }
    return out;
}

function arrayOfTables(merged: Table, path: string[], sources: ConfigSource[], ctx: WiringContext, problems: ProblemList): Table[] | undefined {
    const existing = getPath(merged, path);
    if (existing === undefined) {
        const list: Table[] = [];
        setPath(merged, path, list);
        return list;
    }
    if (Array.isArray(existing) && existing.every(isTable)) return existing as Table[];
    problems.add(originOf(sources, path).specPath, `instance "${ctx.planned.name}": \`${formatPath(path)}\` must be a list of tables (\`[[${formatPath(path)}]]\` in TOML)`, ctx.planned.name);
    return undefined;
}

/** Sets `table[key]` to the plan's URL unless the user's value is the same or names no planned server; else a problem. */
function fillUrl(table: Table, key: string, url: string, where: string, ctx: WiringContext, sources: ConfigSource[], path: string[], problems: ProblemList, why: string): void {
    const user = table[key];
    if (user === undefined) table[key] = url;
    else if (user !== url && namesPlannedServer(ctx, user)) {
        problems.add(originOf(sources, path).specPath, `instance "${ctx.planned.name}": \`${where}\` = ${JSON.stringify(user)} contradicts the plan: ${why}, so it must be ${JSON.stringify(url)}; remove it or point it elsewhere than a planned server`, ctx.planned.name);
    }
}

/** `[[service_catalog]]` (first entry) and `[[event_listener]]` (by id): tables in arrays, filled in place. */
function fillEntries(merged: Table, ctx: WiringContext, sources: ConfigSource[], problems: ProblemList): void {
    for (const { key, targets } of instanceKeys(ctx.plan, ctx.planned)) {
        const v = key.value;
        if (v.shape !== "firstEntry" && v.shape !== "listener") continue;
        const url = urlOf(ctx, targets.find((t) => t.host === ctx.planned.host) ?? targets[0], v.url);
        const list = url && arrayOfTables(merged, key.path, sources, ctx, problems);
        if (!list) continue;
        const why = linkText(ctx, key);
        if (v.shape === "firstEntry") {
            if (list.length === 0) list.push(cloneValue(v.defaults));
            fillUrl(list[0], v.key, url, `${formatPath(key.path)}[0].${v.key}`, ctx, sources, key.path, problems, why);
            continue;
        }
        let entry = list.find((e) => e.id === v.id);
        if (!entry) list.push((entry = { id: v.id, ...cloneValue(v.defaults), properties: cloneValue(v.properties) }));
        if (!isTable(entry.properties)) entry.properties = {};
        fillUrl(entry.properties as Table, v.key, url, `${formatPath(key.path)}.properties.${v.key}`, ctx, sources, key.path, problems, why);
    }
}

/** The label a gateway group syncs: its own `gateway_labels`, else the group's name (4.x). */
export function gatewayLabel(ctx: WiringContext, gatewayGroup: string): string {
    const first = membersByGroup(ctx.plan).get(gatewayGroup)?.[0];
    const labels = first && getPath(ctx.userSettings.get(first.name) ?? {}, [...GATEWAY_ENVIRONMENT.labelsPath, GATEWAY_ENVIRONMENT.labelsKey]);
    return Array.isArray(labels) && typeof labels[0] === "string" ? labels[0] : gatewayGroup;
}

/** On a control plane: one environment per linked gateway group, with that group's first instance's URLs. */
function fillGatewayEnvironments(merged: Table, ctx: WiringContext, sources: ConfigSource[], problems: ProblemList): void {
    const gateways = linkedGateways(ctx.plan, ctx.planned.group);
    if (gateways.length === 0) return;
    const list = arrayOfTables(merged, [...GATEWAY_ENVIRONMENT.path], sources, ctx, problems);
    if (!list) return;
    for (const group of gateways) {
        const gateway = membersByGroup(ctx.plan).get(group)![0];
        const name = gatewayLabel(ctx, group);
        let env = list.find((e) => e.name === name);
        if (!env) list.push((env = { name, ...cloneValue(GATEWAY_ENVIRONMENT.defaults), description: `gateway group ${group}` }));
        for (const [field, spec] of Object.entries(GATEWAY_ENVIRONMENT.urls)) {
            const url = urlOf(ctx, gateway, spec);
            if (url) fillUrl(env, field, url, `${formatPath(GATEWAY_ENVIRONMENT.path)}[name=${name}].${field}`, ctx, sources, [...GATEWAY_ENVIRONMENT.path], problems, `gateway group "${group}" links to group "${ctx.planned.group}" as its controlPlane`);
        }
    }
}

/** On a 4.x gateway that uses a control plane: the label its control plane's environment carries. */
function fillGatewayLabels(merged: Table, ctx: WiringContext): void {
    const { planned } = ctx;
    if (planned.product !== "api-manager" || planned.profile !== "gateway" || !linkOf(ctx.plan, planned.group, "controlPlane")) return;
    const path = [...GATEWAY_ENVIRONMENT.labelsPath, GATEWAY_ENVIRONMENT.labelsKey];
    if (getPath(merged, path) === undefined) setPath(merged, path, [planned.group]);
}

/** The wiring that lives inside arrays of tables; run after `wiringSettings` is applied. */
export function fillWiringEntries(merged: Table, ctx: WiringContext, sources: ConfigSource[], problems: ProblemList): void {
    fillEntries(merged, ctx, sources, problems);
    fillGatewayEnvironments(merged, ctx, sources, problems);
    fillGatewayLabels(merged, ctx);
}

/**
 * The wiring an instance's file carries, from the plan alone (planned addresses, no user
 * config): `key path -> value as JSON`, sorted. `wso2-ports diff` compares two of these to
 * say which instances must be reconfigured when a peer moves.
 */
export function plannedWiring(plan: Plan, planned: PlannedInstance): Record<string, string> {
    const ctx: WiringContext = { planned, plan, options: {}, userSettings: new Map() };
    const table: Table = {};
    for (const d of wiringSettings(ctx)) setPath(table, d.path, d.value);
    fillWiringEntries(table, ctx, [], new ProblemList());
    const out: Record<string, string> = {};
    const walk = (value: unknown, path: string): void => {
        if (isTable(value)) for (const k of Object.keys(value).sort(compareKeys)) walk(value[k], path ? `${path}.${k}` : k);
        else out[path] = JSON.stringify(value);
    };
    walk(table, "");
    return out;
}
