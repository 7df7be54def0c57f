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

const linksOf = (plan: Plan) => plan.links ?? [];
/**
 * Each plan's instances by group, indexed on first use. A scan of the plan per lookup made
 * wiring quadratic (every instance looks up its group and its links' targets). Plans are
 * values: nothing edits one after planning; the length check still catches an append.
 */
const groupIndex = new WeakMap<readonly PlannedInstance[], { length: number; byGroup: Map<string, PlannedInstance[]> }>();

function instancesOf(plan: Plan, group: string): PlannedInstance[] {
    let index = groupIndex.get(plan.instances);
    if (!index || index.length !== plan.instances.length) {
        const byGroup = new Map<string, PlannedInstance[]>();
        for (const inst of plan.instances) {
            const list = byGroup.get(inst.group);
            if (list) list.push(inst);
            else byGroup.set(inst.group, [inst]);
        }
        groupIndex.set(plan.instances, (index = { length: plan.instances.length, byGroup }));
    }
    return [...(index.byGroup.get(group) ?? [])];
}

export function instanceIsKind(inst: Pick<PlannedInstance, "product" | "profile" | "version">, kind: GroupKind): boolean {
    return isKind(kind, inst.product, inst.profile, inst.version, compareVersions);
}

export function linkOf(plan: Plan, group: string, role: LinkRole): PlannedLink | undefined {
    return linksOf(plan).find((l) => l.group === group && l.role === role);
}

function holds(plan: Plan, inst: PlannedInstance, condition: Condition): boolean {
    const target = (role: LinkRole) => linkOf(plan, inst.group, role)?.target;
    switch (condition) {
        case "tmSeparate": return target("trafficManager") !== undefined && target("trafficManager") !== target("controlPlane");
        case "tmInsideCp": return target("trafficManager") !== undefined && target("trafficManager") === target("controlPlane");
        case "ha": return instancesOf(plan, inst.group).length > 1;
        case "keyManagerIsIs": return instancesOf(plan, target("keyManager") ?? "")[0]?.product === "identity-server";
        case "keyManagerSeparate": return target("keyManager") !== undefined && target("keyManager") !== inst.group && target("keyManager") !== target("controlPlane");
        case "linkedAsKeyManager": return linksOf(plan).some((l) => l.target === inst.group && l.role === "keyManager");
    }
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
    return WIRING_KEYS
        .filter((key) => instanceIsKind(inst, key.client) && (key.when ?? []).every((c) => holds(plan, inst, c)))
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
    return linksOf(plan).filter((l) => l.role === "controlPlane" && l.target === controlPlaneGroup && isGatewayGroup(plan, l.group)).map((l) => l.group);
}

function isGatewayGroup(plan: Plan, group: string): boolean {
    const first = instancesOf(plan, group)[0];
    return first !== undefined && first.product === "api-manager" && (first.profile === "gateway" || first.profile === "gateway-worker");
}

function connection(client: PlannedInstance, target: PlannedInstance, portName: string, key: string): PeerConnection | SpecProblem {
    const port = target.ports.find((p) => p.name === portName);
    if (port) return { client, target, port, key };
    return {
        path: `products`, instance: client.name,
        message: `instance "${client.name}" dials "${portName}" on instance "${target.name}" (\`${key}\`), and "${target.name}" does not listen on it (its profile or config turns it off); enable the port on "${target.group}" or link "${client.group}" to another group`,
    };
}

/** Every peer port any instance dials, and problems for links whose target does not listen on the port. */
export function peerConnectionsWithProblems(plan: Plan): { connections: PeerConnection[]; problems: SpecProblem[] } {
    const out: (PeerConnection | SpecProblem)[] = [];
    for (const inst of plan.instances) {
        for (const { key, targets } of instanceKeys(plan, inst)) {
            const name = formatPath(key.path);
            for (const target of targets.filter((t) => t !== inst)) for (const url of urlSpecsOf(key)) out.push(connection(inst, target, url.port, name));
        }
        // A control plane (3.2: the publisher) calls its gateways' admin services (wiring.md 3.4).
        for (const gateway of linkedGateways(plan, inst.group)) {
            const url = GATEWAY_ENVIRONMENT.urls.service_url;
            for (const target of instancesOf(plan, gateway)) out.push(connection(inst, target, url.port, `${formatPath(GATEWAY_ENVIRONMENT.path)}.service_url`));
        }
    }
    const isProblem = (x: PeerConnection | SpecProblem): x is SpecProblem => "message" in x;
    const problems = out.filter(isProblem);
    const unique = new Map<string, SpecProblem>(problems.map((p) => [p.message, p]));
    return { connections: out.filter((x): x is PeerConnection => !isProblem(x)), problems: [...unique.values()] };
}

export function peerConnections(plan: Plan): PeerConnection[] {
    return peerConnectionsWithProblems(plan).connections;
}

/** Per target instance and port: the instances that dial it, sorted. */
export function peerClients(plan: Plan): Map<string, PlannedInstance[]> {
    const byPort = new Map<string, Map<string, PlannedInstance>>();
    for (const c of peerConnections(plan)) {
        const k = peerPortKey(c.target.name, c.port);
        const clients = byPort.get(k) ?? new Map<string, PlannedInstance>();
        clients.set(c.client.name, c.client);
        byPort.set(k, clients);
    }
    return new Map([...byPort].map(([k, m]) => [k, [...m.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))]));
}

export const peerPortKey = (instance: string, port: Pick<PlannedPort, "port" | "protocol">) => `${instance}\u0000${port.port}/${port.protocol}`;
