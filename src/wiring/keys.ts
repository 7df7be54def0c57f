/**
 * The wiring keys of each planned instance, their conditions decided and their targets
 * found: pure functions of the plan (its links, instances and shifted ports), so the
 * renderer, the firewall, the Docker and Kubernetes targets and the diff all agree.
 */
import { compareVersions } from "../catalog";
import { Condition, GATEWAY_ENVIRONMENT, GroupKind, isKind, LinkRole, UrlSpec, WIRING_KEYS, WiringKey } from "../catalog/wiring";
import { Plan, PlannedInstance, PlannedLink, PlannedPort } from "../plan/types";
import { formatPath } from "../render/tree";
import { SpecProblem } from "../spec/errors";
import { groupBy } from "../util/group-by";

export interface InstanceKey {
    key: WiringKey;
    /** The instances the key points at, in plan order (the instance itself for a self reference). */
    targets: PlannedInstance[];
}

/** One peer port an instance dials because of a link: what a firewall must admit. */
export interface PeerConnection {
    client: PlannedInstance;
    target: PlannedInstance;
    port: PlannedPort;
    /** The config key that makes the call, e.g. `apim.throttling.url_group`. */
    key: string;
}

/**
 * Lookups every wiring question asks of one plan, built on first use: instances by group,
 * links by group and role, each group's applicable keys and dials, the peer clients per port.
 * A scan of the plan per lookup made wiring quadratic in instances (issue 15). Plans are
 * values: nothing edits one after planning; a changed instance list or links still rebuild it.
 */
interface PlanIndex {
    instances: readonly PlannedInstance[];
    length: number;
    linkList: Plan["links"];
    byGroup: Map<string, PlannedInstance[]>;
    links: Map<string, PlannedLink>;
    keyManagerTargets: Set<string>;
    groupKeys: Map<string, WiringKey[]>;
    dials?: { group: string; dials: Dial[] }[];
    clients?: Map<string, PlannedInstance[]>;
}
const INDEXES = new WeakMap<Plan, PlanIndex>();

function indexOf(plan: Plan): PlanIndex {
    let index = INDEXES.get(plan);
    if (index && index.instances === plan.instances && index.length === plan.instances.length && index.linkList === plan.links) return index;
    const byGroup = groupBy(plan.instances, (inst) => inst.group);
    const links = new Map((plan.links ?? []).map((l) => [`${l.group}\u0000${l.role}`, l]));
    const keyManagerTargets = new Set((plan.links ?? []).filter((l) => l.role === "keyManager").map((l) => l.target));
    INDEXES.set(plan, (index = { instances: plan.instances, length: plan.instances.length, linkList: plan.links, byGroup, links, keyManagerTargets, groupKeys: new Map() }));
    return index;
}

const instancesOf = (plan: Plan, group: string) => indexOf(plan).byGroup.get(group) ?? [];

/** The plan's instances by group, in plan order: indexed once per plan, shared (read it, never change it). */
export const membersByGroup = (plan: Plan): ReadonlyMap<string, readonly PlannedInstance[]> => indexOf(plan).byGroup;

export function instanceIsKind(inst: Pick<PlannedInstance, "product" | "profile" | "version">, kind: GroupKind): boolean {
    return isKind(kind, inst.product, inst.profile, inst.version, compareVersions);
}

export function linkOf(plan: Plan, group: string, role: LinkRole): PlannedLink | undefined {
    return indexOf(plan).links.get(`${group}\u0000${role}`);
}

/** Every condition is a property of the instance's group, so keys are decided once per group. */
function holds(plan: Plan, inst: PlannedInstance, condition: Condition): boolean {
    const target = (role: LinkRole) => linkOf(plan, inst.group, role)?.target;
    switch (condition) {
        case "tmSeparate": return target("trafficManager") !== undefined && target("trafficManager") !== target("controlPlane");
        case "tmInsideCp": return target("trafficManager") !== undefined && target("trafficManager") === target("controlPlane");
        case "ha": return instancesOf(plan, inst.group).length > 1;
        case "keyManagerIsIs": return instancesOf(plan, target("keyManager") ?? "")[0]?.product === "identity-server";
        case "keyManagerSeparate": return target("keyManager") !== undefined && target("keyManager") !== inst.group && target("keyManager") !== target("controlPlane");
        case "linkedAsKeyManager": return indexOf(plan).keyManagerTargets.has(inst.group);
    }
}

/** The wiring keys of an instance's group, whether or not they have targets: the same for every member. */
export function groupKeys(plan: Plan, inst: PlannedInstance): WiringKey[] {
    const index = indexOf(plan);
    let keys = index.groupKeys.get(inst.group);
    if (!keys) {
        keys = WIRING_KEYS.filter((key) => instanceIsKind(inst, key.client) && (key.when ?? []).every((c) => holds(plan, inst, c)));
        index.groupKeys.set(inst.group, keys);
    }
    return keys;
}

function targetsOf(plan: Plan, inst: PlannedInstance, key: WiringKey): PlannedInstance[] {
    const p = key.points;
    if ("self" in p) return [inst];
    if ("peers" in p) return instancesOf(plan, inst.group).filter((i) => i !== inst);
    if ("ownGroup" in p) return instancesOf(plan, inst.group);
    const link = linkOf(plan, inst.group, p.role);
    return link ? instancesOf(plan, link.target) : [];
}

/** The keys that apply to this instance and have something to point at. */
export function instanceKeys(plan: Plan, inst: PlannedInstance): InstanceKey[] {
    return groupKeys(plan, inst)
        .map((key) => ({ key, targets: targetsOf(plan, inst, key) }))
        .filter((k) => k.targets.length > 0);
}

/** The URLs a key's value is built from, by the key inside it (`groups`: one per field). */
export function urlSpecsOf(key: WiringKey): UrlSpec[] {
    const v = key.value;
    switch (v.shape) {
        case "single": case "list": case "firstEntry": case "listener": return [v.url];
        case "groups": return Object.values(v.urls);
        case "constant": return [];
    }
}

/** Gateway groups that use this control plane (their `[[apim.gateway.environment]]` entries live on it). */
export function linkedGateways(plan: Plan, controlPlaneGroup: string): string[] {
    return (plan.links ?? []).filter((l) => l.role === "controlPlane" && l.target === controlPlaneGroup && isGatewayGroup(plan, l.group)).map((l) => l.group);
}

function isGatewayGroup(plan: Plan, group: string): boolean {
    const first = instancesOf(plan, group)[0];
    return first !== undefined && first.product === "api-manager" && (first.profile === "gateway" || first.profile === "gateway-worker");
}

/** A port the instances of a group dial on one target, because of one key. */
interface Dial {
    target: PlannedInstance;
    port: PlannedPort;
    key: string;
}

/**
 * What the instances of one group dial. Keys and targets are the same for every instance of a
 * group (only self references differ, and those dial nobody), so this is decided per group.
 */
/** Where a link's problem points in the spec: the `connect` role of the dialling group. */
export type LinkPath = (group: string, role: LinkRole) => string;
const DEFAULT_LINK_PATH: LinkPath = (group, role) => `products[name=${group}].connect.${role}`;

function groupDials(plan: Plan, group: string, problems: SpecProblem[], pathOf: LinkPath = DEFAULT_LINK_PATH): Dial[] {
    const members = instancesOf(plan, group);
    const dials: Dial[] = [];
    const dial = (target: PlannedInstance, portName: string, key: string, role: LinkRole | undefined, owner = group) => {
        const port = target.ports.find((p) => p.name === portName);
        if (port) dials.push({ target, port, key });
        // A fellow member whose config turns the port off: the key is left out (render skips it), not an error.
        else if (role) problems.push({
            path: pathOf(owner, role), instance: target.name,
            message: `group "${group}" dials "${portName}" on instance "${target.name}" (\`${key}\`), and "${target.name}" does not listen on it (its profile or config turns it off); enable the port on group "${target.group}" or link "${group}" to another group`,
        });
    };
    for (const { key, targets } of instanceKeys(plan, members[0])) {
        if ("self" in key.points) continue;
        const name = formatPath(key.path);
        // For `peers` the representative's own entry is missing; every member of the group is a target.
        const all = "peers" in key.points ? members : targets;
        const role = "role" in key.points ? key.points.role : undefined;
        for (const target of all) for (const url of urlSpecsOf(key)) dial(target, url.port, name, role);
    }
    // A control plane (3.2: the publisher) calls its gateways' admin services (wiring.md 3.4).
    for (const gateway of linkedGateways(plan, group)) {
        for (const target of instancesOf(plan, gateway)) dial(target, GATEWAY_ENVIRONMENT.urls.service_url.port, `${formatPath(GATEWAY_ENVIRONMENT.path)}.service_url`, "controlPlane", gateway);
    }
    return dials;
}

function allDials(plan: Plan, problems: SpecProblem[] = [], pathOf?: LinkPath): { group: string; dials: Dial[] }[] {
    const index = indexOf(plan);
    if (index.dials && !pathOf) return index.dials; // problems were reported when the plan was made
    return (index.dials = [...index.byGroup.keys()].map((group) => ({ group, dials: groupDials(plan, group, problems, pathOf) })));
}

/** Links whose target does not listen on a port its clients dial, one problem each. */
export function wiringProblems(plan: Plan, pathOf?: LinkPath): SpecProblem[] {
    const problems: SpecProblem[] = [];
    allDials(plan, problems, pathOf);
    return [...new Map(problems.map((p) => [p.message, p])).values()];
}

/** Every (client, target, port) a link makes: the dials of each group, once per member that is not the target itself. */
export function peerConnections(plan: Plan): PeerConnection[] {
    return allDials(plan).flatMap(({ group, dials }) => instancesOf(plan, group).flatMap((client) =>
        dials.filter((d) => d.target !== client).map((d) => ({ client, target: d.target, port: d.port, key: d.key }))));
}

/** Per target instance and port: the instances that dial it, sorted; computed once per plan. */
export function peerClients(plan: Plan): Map<string, PlannedInstance[]> {
    const index = indexOf(plan);
    return (index.clients ??= computePeerClients(plan));
}

/**
 * A port's clients are the members of the groups that dial it, less the target itself. Many
 * ports share their set of dialling groups (every instance of a linked group), so each
 * set's members are listed and sorted once, and the lists are shared: read them, never change them.
 */
function computePeerClients(plan: Plan): Map<string, PlannedInstance[]> {
    const dialled = new Map<string, { target: PlannedInstance; groups: Set<string> }>();
    for (const { group, dials } of allDials(plan)) {
        for (const d of dials) {
            const k = peerPortKey(d.target.name, d.port);
            const entry = dialled.get(k);
            if (entry) entry.groups.add(group);
            else dialled.set(k, { target: d.target, groups: new Set([group]) });
        }
    }
    const byName = (a: PlannedInstance, b: PlannedInstance) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    const membersOf = new Map<string, PlannedInstance[]>();
    const clients = new Map<string, PlannedInstance[]>();
    for (const [k, { target, groups }] of dialled) {
        const id = [...groups].sort().join("\u0000");
        let members = membersOf.get(id);
        if (!members) membersOf.set(id, (members = [...groups].flatMap((g) => instancesOf(plan, g)).sort(byName)));
        clients.set(k, groups.has(target.group) ? members.filter((m) => m !== target) : members);
    }
    return clients;
}

export const peerPortKey = (instance: string, port: Pick<PlannedPort, "port" | "protocol">) => `${instance}\u0000${port.port}/${port.protocol}`;
