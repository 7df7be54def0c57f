/**
 * What a spec change does to the ports: per host, which open, close, move or change reach.
 *
 * Ports are matched by (host, instance, port name): an instance that keeps its name and
 * host but gets another offset shows as `moved`; one that changes host shows as removed
 * from the old host and added to the new one, its ports closed there and opened here.
 *
 * Reach: a class change is judged by EXPOSURE_ORDER (public > management > cluster >
 * internal); within a class, by the sources. A source list that lets in anyone new (a CIDR
 * no old CIDR covers) is `widened`, even if it also drops someone, because the flag exists
 * to catch new reach; one that only drops sources is `narrowed`. A rewrite that reaches
 * exactly the same addresses (sources merged, reordered) is no change.
 */
import { Plan } from "../plan/types";
import { ExposureClass, Protocol } from "../spec/types";
import { uncovered } from "./cidr";
import { plannedWiring } from "../render/wiring";
import { compareText, ExposureRow, exposureRank, exposureTable, linkSource } from "./exposure";

export interface Reach {
    exposure: ExposureClass;
    sources: string[];
}

export interface PortNumber {
    port: number;
    protocol: Protocol;
}

/** Same instance and port name, another number (an offset or member port changed). */
export interface MovedPort extends Reach {
    instance: string;
    name: string;
    from: PortNumber;
    to: PortNumber;
}

/** Same instance and port name, another exposure class or source list. */
export interface ReachChange {
    instance: string;
    name: string;
    /** The number in the new plan. */
    port: number;
    protocol: Protocol;
    from: Reach;
    to: Reach;
}

/** Linked groups that gained or lost a port (a link opened or closed it): `linked <group>` in the exposure table. */
export interface LinkChange {
    instance: string;
    name: string;
    port: number;
    protocol: Protocol;
    groups: string[];
}

/** A cross-server key of an instance whose value changed: a peer moved, so this instance must be reconfigured. */
export interface Reconfigure {
    instance: string;
    /** Dotted key path, e.g. `apim.throttling.url_group`. */
    key: string;
    /** The value as JSON; absent when the key is new or gone. */
    from?: string;
    to?: string;
}

/** A clustered instance whose WKA `members` list changed: a member was added, removed or moved to another address. */
export interface MembersChange {
    instance: string;
    /** The members before and after, `address:port` as rendered. */
    from: string[];
    to: string[];
}

export interface HostDiff {
    host: string;
    instancesAdded: string[];
    instancesRemoved: string[];
    /** Ports in the new plan only, those of added instances included. */
    opened: ExposureRow[];
    /** Ports in the old plan only, those of removed instances included. */
    closed: ExposureRow[];
    moved: MovedPort[];
    widened: ReachChange[];
    narrowed: ReachChange[];
    /** Ports a link now opens to the instances of these groups, or no longer does (the exposure table's `linked <group>`). */
    linksOpened: LinkChange[];
    linksClosed: LinkChange[];
    /** Instances on this host whose peer URLs changed (rendered from the plan's addresses). */
    reconfigure: Reconfigure[];
    /** Clustered instances on this host whose `members` list changed (not a peer URL: the cluster itself changed). */
    membersChanged: MembersChange[];
}

export interface PlanDiff {
    changed: boolean;
    /** Whether any port is reachable from more sources than before. */
    widened: boolean;
    /** Only hosts with a change, by name. */
    hosts: HostDiff[];
}

type Verdict = "widened" | "narrowed" | "same";

/** Compares the reach of one port before and after; see the module comment for the rules. */
export function compareReach(from: Reach, to: Reach): Verdict {
    if (from.exposure !== to.exposure) return exposureRank(to.exposure) > exposureRank(from.exposure) ? "widened" : "narrowed";
    if (uncovered(to.sources, from.sources).length > 0) return "widened";
    if (uncovered(from.sources, to.sources).length > 0) return "narrowed";
    return "same";
}

const portKey = (row: ExposureRow) => `${row.host}\u0000${row.instance}\u0000${row.name}`;
const LINKED = linkSource("");
const isLinked = (source: string) => source.startsWith(LINKED);
/** Reach by exposure class and CIDRs; what links open is reported on its own (linksOpened, linksClosed). */
const reachOf = (row: ExposureRow): Reach => ({ exposure: row.exposure, sources: row.sources.filter((s) => !isLinked(s)) });
const linkedGroups = (row: ExposureRow) => row.sources.filter(isLinked).map((s) => s.slice(LINKED.length));

/** Sections read instance by instance, each instance's ports in order. */
function byInstanceThenPort<T extends { instance: string }>(port: (item: T) => PortNumber): (a: T, b: T) => number {
    return (a, b) => compareText(a.instance, b.instance) || port(a).port - port(b).port || compareText(port(a).protocol, port(b).protocol);
}

function emptyHostDiff(host: string): HostDiff {
    return { host, instancesAdded: [], instancesRemoved: [], opened: [], closed: [], moved: [], widened: [], narrowed: [], linksOpened: [], linksClosed: [], reconfigure: [], membersChanged: [] };
}

function instancesByHost(plan: Plan): Set<string> {
    return new Set(plan.instances.map((i) => `${i.host}\u0000${i.name}`));
}

function diffInstances(oldPlan: Plan, newPlan: Plan, section: (host: string) => HostDiff): void {
    const before = instancesByHost(oldPlan);
    const after = instancesByHost(newPlan);
    for (const inst of newPlan.instances) if (!before.has(`${inst.host}\u0000${inst.name}`)) section(inst.host).instancesAdded.push(inst.name);
    for (const inst of oldPlan.instances) if (!after.has(`${inst.host}\u0000${inst.name}`)) section(inst.host).instancesRemoved.push(inst.name);
}

function diffPort(before: ExposureRow, after: ExposureRow, hostDiff: HostDiff): void {
    if (before.port !== after.port || before.protocol !== after.protocol) {
        hostDiff.moved.push({
            instance: after.instance, name: after.name, exposure: after.exposure, sources: after.sources,
            from: { port: before.port, protocol: before.protocol }, to: { port: after.port, protocol: after.protocol },
        });
    }
    const verdict = compareReach(reachOf(before), reachOf(after));
    if (verdict !== "same") {
        hostDiff[verdict].push({ instance: after.instance, name: after.name, port: after.port, protocol: after.protocol, from: reachOf(before), to: reachOf(after) });
    }
    const change = (groups: string[]): LinkChange => ({ instance: after.instance, name: after.name, port: after.port, protocol: after.protocol, groups });
    const opened = linkedGroups(after).filter((g) => !linkedGroups(before).includes(g));
    const closed = linkedGroups(before).filter((g) => !linkedGroups(after).includes(g));
    if (opened.length > 0) hostDiff.linksOpened.push(change(opened));
    if (closed.length > 0) hostDiff.linksClosed.push(change(closed));
}

/** Per instance that is in both plans: the cross-server keys whose rendered value changed. */
function diffWiring(oldPlan: Plan, newPlan: Plan, section: (host: string) => HostDiff): void {
    for (const inst of newPlan.instances) {
        const old = oldPlan.instances.find((i) => i.name === inst.name);
        if (!old) continue;
        const before = plannedWiring(oldPlan, old);
        const after = plannedWiring(newPlan, inst);
        for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort(compareText)) {
            if (before[key] === after[key]) continue;
            section(inst.host).reconfigure.push({ instance: inst.name, key, ...(before[key] !== undefined ? { from: before[key] } : {}), ...(after[key] !== undefined ? { to: after[key] } : {}) });
        }
    }
}

/** The addresses a group's cluster ports admit: its members' hosts, what "members of <group>" stands for on the wire. */
function memberHosts(plan: Plan, group: string): string[] {
    return [...new Set(plan.instances.filter((i) => i.group === group).map((i) => i.address))].sort(compareText);
}

/**
 * A member added on (or removed from) another host changes what every existing member's
 * cluster ports admit, and its `members` list, although its own rows read the same
 * ("members of <group>"): report both for each existing member. The list is its own
 * section, not a `reconfigure` line: it is the cluster that changed, not a peer's URL.
 */
function diffMembers(oldPlan: Plan, newPlan: Plan, section: (host: string) => HostDiff): void {
    const oldByName = new Map(oldPlan.instances.map((i) => [i.name, i]));
    for (const inst of newPlan.instances) {
        const old = oldByName.get(inst.name);
        if (!old?.clustering || !inst.clustering || old.group !== inst.group) continue;
        const before = old.clustering.members;
        const after = inst.clustering.members;
        if (before.join() !== after.join()) section(inst.host).membersChanged.push({ instance: inst.name, from: [...before], to: [...after] });
        const from = memberHosts(oldPlan, inst.group);
        const to = memberHosts(newPlan, inst.group);
        const verdict = compareReach({ exposure: "cluster", sources: from }, { exposure: "cluster", sources: to });
        if (verdict === "same") continue;
        for (const port of inst.ports.filter((p) => p.exposure === "cluster")) {
            section(inst.host)[verdict].push({
                instance: inst.name, name: port.name, port: port.port, protocol: port.protocol,
                from: { exposure: "cluster", sources: from }, to: { exposure: "cluster", sources: to },
            });
        }
    }
}

function diffPorts(oldPlan: Plan, newPlan: Plan, section: (host: string) => HostDiff): void {
    const before = new Map(exposureTable(oldPlan).map((r) => [portKey(r), r]));
    const after = new Map(exposureTable(newPlan).map((r) => [portKey(r), r]));
    for (const [key, row] of after) {
        const old = before.get(key);
        if (old) diffPort(old, row, section(row.host));
        else section(row.host).opened.push(row);
    }
    for (const [key, row] of before) if (!after.has(key)) section(row.host).closed.push(row);
}

function hasChanges(h: HostDiff): boolean {
    return [h.instancesAdded, h.instancesRemoved, h.opened, h.closed, h.moved, h.widened, h.narrowed, h.linksOpened, h.linksClosed, h.reconfigure, h.membersChanged].some((list) => list.length > 0);
}

function sortSections(h: HostDiff): HostDiff {
    const rowOrder = byInstanceThenPort<ExposureRow>((r) => r);
    const changeOrder = byInstanceThenPort<ReachChange>((c) => c);
    return {
        host: h.host,
        instancesAdded: [...h.instancesAdded].sort(compareText),
        instancesRemoved: [...h.instancesRemoved].sort(compareText),
        opened: [...h.opened].sort(rowOrder),
        closed: [...h.closed].sort(rowOrder),
        moved: [...h.moved].sort(byInstanceThenPort<MovedPort>((m) => m.to)),
        widened: [...h.widened].sort(changeOrder),
        narrowed: [...h.narrowed].sort(changeOrder),
        linksOpened: [...h.linksOpened].sort(byInstanceThenPort<LinkChange>((c) => c)),
        linksClosed: [...h.linksClosed].sort(byInstanceThenPort<LinkChange>((c) => c)),
        reconfigure: [...h.reconfigure].sort((a, b) => compareText(a.instance, b.instance) || compareText(a.key, b.key)),
        membersChanged: [...h.membersChanged].sort((a, b) => compareText(a.instance, b.instance)),
    };
}

/** The port-exposure difference between two plans; pure, and stable in its order. */
export function diffPlans(oldPlan: Plan, newPlan: Plan): PlanDiff {
    const sections = new Map<string, HostDiff>();
    const section = (host: string): HostDiff => {
        let s = sections.get(host);
        if (!s) sections.set(host, (s = emptyHostDiff(host)));
        return s;
    };
    diffInstances(oldPlan, newPlan, section);
    diffPorts(oldPlan, newPlan, section);
    diffWiring(oldPlan, newPlan, section);
    diffMembers(oldPlan, newPlan, section);
    const hosts = [...sections.values()].filter(hasChanges).map(sortSections).sort((a, b) => compareText(a.host, b.host));
    return { changed: hosts.length > 0, widened: hosts.some((h) => h.widened.length > 0), hosts };
}
