/**
 * The checks behind the `wso2-exposure` policies. Each judges a resource from its inputs
 * alone: the plan travels on the resource as the `pulumi-wso2/*` labels (Docker) or
 * annotations (Kubernetes) of src/output/labels.ts, so the policies need no access to the spec.
 *
 * Plain functions returning violation messages, so tests call them on resource inputs
 * without the policy runtime; policies.ts only wraps them. No @pulumi/policy import here.
 */
import { cidrCovers, ParsedCidr, parseCidr } from "../net/address";
import { decodePortsLabel, LABELS, LabelledPort } from "../output/labels";
import { ExposureClass } from "../spec/types";

export const TYPES = {
    container: "docker:index/container:Container",
    service: "kubernetes:core/v1:Service",
    networkPolicy: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
} as const;

// Input shapes as the providers receive them; every field optional, as nothing guarantees them.
export interface ContainerPort {
    internal?: number;
    external?: number;
    ip?: string;
    protocol?: string;
}

export interface ContainerInputs {
    name?: string;
    ports?: ContainerPort[];
    labels?: { label: string; value: string }[];
}

export interface ObjectMeta {
    name?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
}

export interface ServicePort {
    name?: string;
    port?: number;
    targetPort?: number | string;
    protocol?: string;
}

export interface ServiceInputs {
    metadata?: ObjectMeta;
    spec?: { type?: string; ports?: ServicePort[]; loadBalancerSourceRanges?: string[] };
}

export interface LabelSelector {
    matchLabels?: Record<string, string>;
    matchExpressions?: unknown[];
}

export interface NetworkPolicyPeer {
    podSelector?: LabelSelector;
    namespaceSelector?: LabelSelector;
    ipBlock?: { cidr: string; except?: string[] };
}

export interface NetworkPolicyPort {
    port?: number | string;
    endPort?: number;
    protocol?: string;
}

export interface NetworkPolicyInputs {
    metadata?: ObjectMeta;
    spec?: {
        podSelector?: LabelSelector;
        ingress?: { from?: NetworkPolicyPeer[]; ports?: NetworkPolicyPort[] }[];
    };
}

/** A container as the stack-wide clash check sees it. */
export interface ContainerResource {
    name: string;
    props: ContainerInputs;
    /** The Docker provider's URN: the host, when the container carries no host label. */
    provider?: string;
}

const WILDCARDS = new Set(["", "0.0.0.0", "::", "[::]"]);
const OPEN_TO_ALL = new Set(["0.0.0.0/0", "::/0"]);
/** Service types that publish a port on every node or an external load balancer. */
const PUBLISHING_SERVICE_TYPES = new Set(["LoadBalancer", "NodePort"]);

const isWildcard = (ip: string | undefined) => ip === undefined || WILDCARDS.has(ip);
const protocolOf = (p: string | undefined) => (p ?? "tcp").toLowerCase();

function containerLabel(props: ContainerInputs, key: string): string | undefined {
    return props.labels?.find((l) => l.label === key)?.value;
}

function metaValue(meta: ObjectMeta | undefined, key: string): string | undefined {
    return meta?.annotations?.[key] ?? meta?.labels?.[key];
}

/** The planned exposure of the port a container or Service port serves, if the plan labelled it. */
function exposureOf(labelled: LabelledPort[], port: number | undefined, protocol: string | undefined): ExposureClass | undefined {
    return labelled.find((l) => l.port === port && l.protocol === protocolOf(protocol))?.exposure;
}

/** The port number a Service port forwards to: the target when numeric, else the Service port. */
function servedPort(p: ServicePort): number | undefined {
    return typeof p.targetPort === "number" ? p.targetPort : p.port;
}

/** Docker: management and internal ports must be published on a specific address, never all of them. */
export function containerPrivatePortViolations(props: ContainerInputs): string[] {
    const labelled = decodePortsLabel(containerLabel(props, LABELS.ports));
    const who = containerLabel(props, LABELS.instance) ?? props.name ?? "container";
    return (props.ports ?? []).flatMap((p) => {
        const exposure = exposureOf(labelled, p.internal, p.protocol);
        if ((exposure !== "management" && exposure !== "internal") || !isWildcard(p.ip)) return [];
        const fix = exposure === "internal" ? "bind it to 127.0.0.1 or do not publish it" : "publish it on the host's address and let the firewall admit exposure.management";
        return [`${who}: ${exposure} port ${p.internal}/${protocolOf(p.protocol)} is published on all addresses (host port ${p.external ?? "random"}); ${fix}`];
    });
}

/** Whether a CIDR text lies inside one of `allowed`; text that is no CIDR lies nowhere. */
function insideAny(text: string, allowed: readonly ParsedCidr[]): boolean {
    let cidr: ParsedCidr;
    try {
        cidr = parseCidr(text);
    } catch {
        return false;
    }
    return allowed.some((a) => cidrCovers(a, cidr));
}

/**
 * A LoadBalancer that admits only listed, non-wildcard ranges may carry management traffic;
 * with `managementCidrs` configured, only ranges inside them.
 */
function restrictedLoadBalancer(spec: NonNullable<ServiceInputs["spec"]>, managementCidrs?: readonly ParsedCidr[]): boolean {
    const ranges = spec.loadBalancerSourceRanges ?? [];
    if (spec.type !== "LoadBalancer" || ranges.length === 0 || ranges.some((r) => OPEN_TO_ALL.has(r))) return false;
    return managementCidrs === undefined || ranges.every((r) => insideAny(r, managementCidrs));
}

/**
 * Kubernetes: no management or internal port behind a NodePort or an unrestricted LoadBalancer.
 * `managementCidrs` (policy config) narrows which source ranges count as restricted.
 */
export function servicePrivatePortViolations(props: ServiceInputs, managementCidrs?: readonly ParsedCidr[]): string[] {
    const spec = props.spec ?? {};
    if (!PUBLISHING_SERVICE_TYPES.has(spec.type ?? "ClusterIP")) return [];
    const labelled = decodePortsLabel(metaValue(props.metadata, LABELS.ports));
    const who = props.metadata?.name ?? "service";
    return (spec.ports ?? []).flatMap((p) => {
        const exposure = exposureOf(labelled, servedPort(p), p.protocol);
        const allowed = exposure === "management" && restrictedLoadBalancer(spec, managementCidrs);
        if ((exposure !== "management" && exposure !== "internal") || allowed) return [];
        return [`${who}: ${exposure} port ${servedPort(p)}/${protocolOf(p.protocol)} is exposed by a ${spec.type} Service; use a ClusterIP Service${exposure === "management" ? `, or a LoadBalancer with loadBalancerSourceRanges set to exposure.management${managementCidrs ? ` inside the policy's managementCidrs (${managementCidrs.map((c) => c.text).join(", ")})` : ""}` : ""}`];
    });
}

/**
 * Docker: a cluster port published on all addresses answers on every interface of the host
 * (a public one too), and Docker's own iptables rules bypass host firewalls; the members
 * dial the host's address, so publish it there and let the member-only rules admit them.
 */
export function containerClusterPortViolations(props: ContainerInputs, memberCidrs?: readonly ParsedCidr[]): string[] {
    const labelled = decodePortsLabel(containerLabel(props, LABELS.ports));
    const who = containerLabel(props, LABELS.instance) ?? props.name ?? "container";
    return (props.ports ?? [])
        .filter((p) => exposureOf(labelled, p.internal, p.protocol) === "cluster")
        .flatMap((p) => {
            const port = `${who}: cluster port ${p.internal}/${protocolOf(p.protocol)}`;
            if (isWildcard(p.ip)) return [`${port} is published on all addresses; publish it on the host's member address only`];
            if (memberCidrs === undefined || insideAny(p.ip!, memberCidrs)) return [];
            return [`${port} is published on ${p.ip}, outside the policy's memberCidrs (${memberCidrs.map((c) => c.text).join(", ")}); give the host its address on the members' network`];
        });
}

/** Kubernetes: a NodePort or LoadBalancer Service puts a cluster port in reach of anyone. */
export function serviceClusterPortViolations(props: ServiceInputs): string[] {
    const spec = props.spec ?? {};
    if (!PUBLISHING_SERVICE_TYPES.has(spec.type ?? "ClusterIP")) return [];
    const labelled = decodePortsLabel(metaValue(props.metadata, LABELS.ports));
    const who = props.metadata?.name ?? "service";
    return (spec.ports ?? [])
        .filter((p) => exposureOf(labelled, servedPort(p), p.protocol) === "cluster")
        .map((p) => `${who}: cluster port ${servedPort(p)}/${protocolOf(p.protocol)} is exposed by a ${spec.type} Service; cluster ports are for the group's members only`);
}

function ruleCoversPort(ports: NetworkPolicyPort[] | undefined, target: LabelledPort): boolean {
    // No `ports` in a rule admits every port. Named ports cannot be matched against the
    // numbers in the label, so they are left to the Service and container checks.
    if (!ports || ports.length === 0) return true;
    return ports.some((p) => {
        if (protocolOf(p.protocol) !== target.protocol) return false;
        if (p.port === undefined) return true;
        if (typeof p.port !== "number") return false;
        return p.endPort === undefined ? p.port === target.port : p.port <= target.port && target.port <= p.endPort;
    });
}

/** Why a peer reaches beyond the group, or undefined when it admits only the group's own pods. */
function peerOutsideGroup(peer: NetworkPolicyPeer, group: string): string | undefined {
    if (peer.ipBlock) return `ipBlock ${peer.ipBlock.cidr}`;
    if (peer.namespaceSelector) return "a namespaceSelector (pods of other namespaces)";
    if (!peer.podSelector) return "a peer without podSelector";
    if (peer.podSelector.matchLabels?.[LABELS.group] !== group) return `a podSelector not limited to ${LABELS.group}=${group}`;
    return undefined;
}

/** Kubernetes: an ingress rule that admits a cluster port admits only pods of the same group. */
export function networkPolicyClusterPortViolations(props: NetworkPolicyInputs): string[] {
    const clusterPorts = decodePortsLabel(metaValue(props.metadata, LABELS.ports)).filter((p) => p.exposure === "cluster");
    const group = metaValue(props.metadata, LABELS.group) ?? props.spec?.podSelector?.matchLabels?.[LABELS.group];
    const who = props.metadata?.name ?? "networkpolicy";
    if (clusterPorts.length === 0 || group === undefined) return [];
    return (props.spec?.ingress ?? []).flatMap((rule, i) => clusterPorts
        .filter((port) => ruleCoversPort(rule.ports, port))
        .flatMap((port) => {
            const what = `${who}: ingress[${i}] admits cluster port ${port.port}/${port.protocol} of group "${group}" from`;
            if (!rule.from || rule.from.length === 0) return [`${what} every source; list the group's pods in \`from\``];
            return rule.from.map((peer) => peerOutsideGroup(peer, group)).filter((why): why is string => why !== undefined).map((why) => `${what} ${why}`);
        }));
}

/**
 * Which Docker host a container runs on: its host label, else its provider. `machines`
 * (policy config) names one machine behind several host labels, e.g. two deployments that
 * call the same Docker host by different names.
 */
function dockerHostOf(c: ContainerResource, machines: Record<string, string[]>): string {
    const label = containerLabel(c.props, LABELS.host);
    if (label === undefined) return `provider ${c.provider ?? "(default)"}`;
    const machine = Object.keys(machines).sort().find((m) => machines[m].includes(label));
    return machine !== undefined ? `machine "${machine}"` : `host "${label}"`;
}

/** Two bindings of one host port clash unless both name different specific addresses. */
const addressesOverlap = (a: string | undefined, b: string | undefined) => isWildcard(a) || isWildcard(b) || a === b;

interface Binding {
    container: string;
    port: number;
    protocol: string;
    ip: string | undefined;
}

/** Docker: no two containers on one host publish the same host port (Docker would refuse the second). */
export function dockerHostPortClashes(containers: ContainerResource[], machines: Record<string, string[]> = {}): string[] {
    const byHost = new Map<string, Binding[]>();
    for (const c of containers) {
        const host = dockerHostOf(c, machines);
        const list = byHost.get(host) ?? [];
        for (const p of c.props.ports ?? []) {
            if (p.external !== undefined) list.push({ container: c.name, port: p.external, protocol: protocolOf(p.protocol), ip: p.ip });
        }
        byHost.set(host, list);
    }
    const violations: string[] = [];
    for (const [host, bindings] of byHost) {
        bindings.forEach((a, i) => bindings.slice(i + 1).forEach((b) => {
            if (a.container !== b.container && a.port === b.port && a.protocol === b.protocol && addressesOverlap(a.ip, b.ip)) {
                violations.push(`containers "${a.container}" and "${b.container}" both publish ${a.port}/${a.protocol} on ${host}`);
            }
        }));
    }
    return violations;
}
