/**
 * The Kubernetes objects of a plan, as plain object literals (no Pulumi): the component
 * registers them one to one, and `render` writes them as YAML.
 *
 * Per group: a ConfigMap (a Secret when a config holds passwords) with one key per
 * instance, a headless Service for pod DNS and the cluster port, and per "pod set" a
 * StatefulSet, a Service for the `public` ports and a NetworkPolicy. A pod set is the whole
 * group on the pod network (one StatefulSet, pods <group>-1..n), or one instance under
 * hostNetwork (one StatefulSet per instance, pinned to its node, since offsets differ per
 * instance there). The kubernetes membership scheme adds a ServiceAccount, Role and RoleBinding.
 */
import { createHash } from "node:crypto";
import { parseCidr } from "../../net/address";
import type { IContainer } from "kubernetes-models/v1/Container";
import type { IContainerPort } from "kubernetes-models/v1/ContainerPort";
import type { IEnvVar } from "kubernetes-models/v1/EnvVar";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import type { IServicePort } from "kubernetes-models/v1/ServicePort";
import type { IVolume } from "kubernetes-models/v1/Volume";
import type { INetworkPolicyIngressRule } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicyIngressRule";
import { imageFor, profileArgs } from "../../catalog";
import { encodePortsLabel, LABELS } from "../../output/labels";
import { Plan, PlannedInstance, PlannedPort } from "../../plan/types";
import { peerClients, peerPortKey } from "../../wiring/keys";
import { RenderedConfig } from "../../render/types";
import { SpecError } from "../../spec/errors";
import { ResolvedGroup, ResolvedSpec } from "../../spec/normalize";
import { ExposureClass, Protocol } from "../../spec/types";
import { containerProbes, containerResources, disruptionBudget, probedPorts } from "./health";
import { configKey, configObjectName, envSecretName, FIRST_ORDINAL, headlessServiceName, membershipName } from "./names";
import {
    IConfigMap, INetworkPolicy, IRole, IRoleBinding, ISecret, IService, IServiceAccount, IStatefulSet, KubernetesObject,
} from "./objects";
import { ResolvedKubernetesSettings } from "./types";

export const CONFIG_VOLUME = "wso2-config";
/** Set on the pod template of ConfigMap-backed groups: a changed config then rolls the pods (subPath mounts never update). */
export const CONFIG_CHECKSUM = "pulumi-wso2/config-sha256";
export const NODE_LABEL = "kubernetes.io/hostname";
export const NAME_LABEL = "app.kubernetes.io/name";
/** Downward-API variables; deployment.toml may read them as `$env{POD_IP}`, and subPathExpr uses POD_NAME. */
export const POD_ENV = { name: "POD_NAME", namespace: "POD_NAMESPACE", ip: "POD_IP" } as const;

export interface KubernetesManifestInput {
    spec: ResolvedSpec;
    plan: Plan;
    configs: RenderedConfig[];
    /**
     * The names of the component's `secrets:`: each group then gets a Secret `<group>-env`
     * with these keys (empty values here; the registration fills in the secret Output) and
     * its pods take it with `envFrom`.
     */
    secretNames?: string[];
    /**
     * The values of those secrets, when the caller holds them in plain (`wso2-ports render`
     * from a spec file); the component leaves them out and fills in its secret Output.
     */
    secretValues?: Record<string, string>;
}

export interface GroupManifests {
    group: string;
    objects: KubernetesObject[];
    /** A Secret holds the group's configs: whoever writes these objects keeps them private. */
    holdsSecrets: boolean;
}

/** Pods that share one pod template: the whole group, or one instance under hostNetwork. */
interface PodSet {
    /** Name of its StatefulSet, public Service and NetworkPolicy. */
    name: string;
    instances: PlannedInstance[];
    ports: PlannedPort[];
    selector: Record<string, string>;
    /** hostNetwork only: the node it is pinned to. */
    node?: string;
}

interface GroupContext {
    group: ResolvedGroup;
    instances: PlannedInstance[];
    configs: RenderedConfig[];
    settings: ResolvedKubernetesSettings;
    exposure: Plan["exposure"];
    /** Per (instance, port): the linked instances that dial it (wiring). */
    peers: Map<string, PlannedInstance[]>;
    secretNames: string[];
    secretValues: Record<string, string>;
}

const sortedRecord = (r: Record<string, string>): Record<string, string> =>
    Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)));
const optional = <T>(value: T | undefined): T[] => (value === undefined ? [] : [value]);
const k8sProtocol = (p: Protocol) => (p === "udp" ? "UDP" : "TCP");
const portsOf = (ports: PlannedPort[], exposure: ExposureClass) => ports.filter((p) => p.exposure === exposure);
const samePorts = (a: PlannedPort[], b: PlannedPort[]) => encodePortsLabel(a) === encodePortsLabel(b) && a.map((p) => p.name).join() === b.map((p) => p.name).join();

/** NetworkPolicy ipBlock and loadBalancerSourceRanges take CIDRs only; the spec also allows a bare address. */
export function asCidr(value: string): string {
    return parseCidr(value).text;
}

function groupLabels(ctx: GroupContext): Record<string, string> {
    return sortedRecord({ [LABELS.group]: ctx.group.name, [NAME_LABEL]: ctx.group.entry.product });
}

function podSets(ctx: GroupContext): PodSet[] {
    const groupSelector = { [LABELS.group]: ctx.group.name };
    if (ctx.settings.hostNetwork) {
        return ctx.instances.map((inst) => ({
            name: inst.name, instances: [inst], ports: inst.ports,
            selector: sortedRecord({ ...groupSelector, [LABELS.instance]: inst.name }),
            node: ctx.settings.nodeNames[inst.host] ?? inst.host,
        }));
    }
    const [first] = ctx.instances;
    const odd = ctx.instances.find((i) => !samePorts(i.ports, first.ports));
    if (odd) {
        throw new SpecError([{
            path: `products[${ctx.group.index}]`,
            message: `group "${ctx.group.name}": instances "${first.name}" and "${odd.name}" were planned with different ports, but the pods of one StatefulSet share one pod template; give every instance the same settings that turn ports on (its \`config\`, e.g. \`[monitoring.jmx] rmi_server_start\`), drop the previous plan, or set hostNetwork`,
            instance: odd.name,
        }]);
    }
    return [{ name: ctx.group.name, instances: ctx.instances, ports: first.ports, selector: groupSelector }];
}

function planAnnotations(ctx: GroupContext, set: PodSet): Record<string, string> {
    const annotations: Record<string, string> = { [LABELS.group]: ctx.group.name, [LABELS.ports]: encodePortsLabel(set.ports) };
    if (ctx.settings.hostNetwork) {
        annotations[LABELS.instance] = set.instances[0].name;
        annotations[LABELS.host] = set.instances[0].host;
    }
    return sortedRecord(annotations);
}

function metadata(ctx: GroupContext, name: string, annotations?: Record<string, string>) {
    return { name, namespace: ctx.settings.namespace, labels: groupLabels(ctx), ...(annotations ? { annotations } : {}) };
}

function configObject(ctx: GroupContext): IConfigMap | ISecret {
    const entries = [...ctx.configs].sort((a, b) => a.instance.localeCompare(b.instance)).map((c) => [configKey(c.instance, c.fileName), c.text]);
    const data = Object.fromEntries(entries) as Record<string, string>;
    const meta = metadata(ctx, configObjectName(ctx.group.name));
    if (holdsSecrets(ctx.configs)) return { apiVersion: "v1", kind: "Secret", metadata: meta, type: "Opaque", stringData: data };
    return { apiVersion: "v1", kind: "ConfigMap", metadata: meta, data };
}

const holdsSecrets = (configs: RenderedConfig[]) => configs.some((c) => c.secretPaths.length > 0);

function configChecksum(ctx: GroupContext): Record<string, string> {
    if (holdsSecrets(ctx.configs)) return {}; // A digest of a Secret's text would let anyone who reads the pod test password guesses.
    const hash = createHash("sha256");
    for (const c of [...ctx.configs].sort((a, b) => a.instance.localeCompare(b.instance))) hash.update(`${c.instance}\0${c.text}\0`);
    return { [CONFIG_CHECKSUM]: hash.digest("hex") };
}

function servicePort(p: PlannedPort): IServicePort {
    // Same number outside and in (WSO2 builds absolute URLs from its own port); numeric
    // targetPort so a policy can match it against the ports annotation.
    return { name: p.name, port: p.port, targetPort: p.port, protocol: k8sProtocol(p.protocol) };
}

function headlessService(ctx: GroupContext, sets: PodSet[]): IService {
    // Pod-network pods share their ports, so the cluster port is listed; under hostNetwork it
    // differs per instance and a Service port name may appear once, so the Service is DNS only.
    const clusterPorts = ctx.settings.hostNetwork ? [] : portsOf(sets[0].ports, "cluster");
    return {
        apiVersion: "v1", kind: "Service",
        metadata: metadata(ctx, headlessServiceName(ctx.group.name), sortedRecord({ [LABELS.group]: ctx.group.name, [LABELS.ports]: encodePortsLabel(clusterPorts) })),
        spec: {
            clusterIP: "None",
            // Members must resolve each other before they are ready: they become ready only once clustered.
            publishNotReadyAddresses: true,
            selector: { [LABELS.group]: ctx.group.name },
            ...(clusterPorts.length > 0 ? { ports: clusterPorts.map(servicePort) } : {}),
        },
    };
}

function publicServiceSpec(ctx: GroupContext): NonNullable<IService["spec"]> {
    const type = ctx.settings.serviceType;
    if (type === "ClusterIP") return { type };
    // Local keeps the client's address, so the NetworkPolicy's ipBlocks see real sources, not a node.
    const published = { type, externalTrafficPolicy: "Local" as const };
    return type === "LoadBalancer" ? { ...published, loadBalancerSourceRanges: ctx.exposure.public.map(asCidr) } : published;
}

function publicService(ctx: GroupContext, set: PodSet): IService | undefined {
    const ports = portsOf(set.ports, "public");
    if (ports.length === 0) return undefined;
    return {
        apiVersion: "v1", kind: "Service",
        metadata: metadata(ctx, set.name, sortedRecord({ [LABELS.group]: ctx.group.name, [LABELS.ports]: encodePortsLabel(ports) })),
        spec: { ...publicServiceSpec(ctx), selector: set.selector, ports: ports.map(servicePort) },
    };
}

function ingressFromCidrs(cidrs: string[], ports: PlannedPort[]): INetworkPolicyIngressRule[] {
    if (cidrs.length === 0 || ports.length === 0) return [];
    return [{ from: cidrs.map((c) => ({ ipBlock: { cidr: asCidr(c) } })), ports: ports.map((p) => ({ port: p.port, protocol: k8sProtocol(p.protocol) })) }];
}

function ingressFromGroup(ctx: GroupContext, ports: PlannedPort[]): INetworkPolicyIngressRule[] {
    if (ports.length === 0) return [];
    return [{ from: [{ podSelector: { matchLabels: { [LABELS.group]: ctx.group.name } } }], ports: ports.map((p) => ({ port: p.port, protocol: k8sProtocol(p.protocol) })) }];
}

/**
 * The firewall on Kubernetes: public ports from `exposure.public`, management ports from
 * `exposure.management`, cluster ports from the group's own pods, peer ports from the pods
 * of the groups that link to this one (ingressFromLinks), nothing else (internal
 * ports stay closed). Under hostNetwork, common CNIs (Calico, Cilium, kube-router) do not
 * apply NetworkPolicies to host-network pods at all: they share the node's network
 * namespace, so the node's firewall (`render`'s firewall.nft) is what really protects them;
 * the policy is kept as the declared intent and for policy packs.
 */
/**
 * Links: the pods of each group that dials this pod set (a gateway group to its traffic
 * managers' 9611, 9711 and 5672), by their group label, on exactly the ports they dial.
 */
function ingressFromLinks(ctx: GroupContext, set: PodSet): INetworkPolicyIngressRule[] {
    const byClientGroup = new Map<string, PlannedPort[]>();
    for (const port of set.ports) {
        const clients = set.instances.flatMap((i) => ctx.peers.get(peerPortKey(i.name, port)) ?? []);
        for (const group of new Set(clients.map((c) => c.group))) {
            const ports = byClientGroup.get(group) ?? [];
            if (!ports.some((p) => p.port === port.port && p.protocol === port.protocol)) ports.push(port);
            byClientGroup.set(group, ports);
        }
    }
    return [...byClientGroup.keys()].sort().map((group) => ({
        from: [{ podSelector: { matchLabels: { [LABELS.group]: group } } }],
        ports: byClientGroup.get(group)!.map((p) => ({ port: p.port, protocol: k8sProtocol(p.protocol) })),
    }));
}

function networkPolicy(ctx: GroupContext, set: PodSet): INetworkPolicy {
    const ingress = [
        ...ingressFromCidrs(ctx.exposure.public, portsOf(set.ports, "public")),
        ...ingressFromCidrs(ctx.exposure.management, portsOf(set.ports, "management")),
        ...ingressFromGroup(ctx, portsOf(set.ports, "cluster")),
        ...ingressFromCidrs(ctx.settings.probeSources, probedPorts(set.instances[0], set.ports)),
        ...ingressFromLinks(ctx, set),
    ];
    return {
        apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy",
        metadata: metadata(ctx, set.name, planAnnotations(ctx, set)),
        spec: { podSelector: { matchLabels: set.selector }, policyTypes: ["Ingress"], ingress },
    };
}

/** The kubernetes membership scheme asks the API for the headless Service's endpoints. */
function membershipObjects(ctx: GroupContext): KubernetesObject[] {
    if (ctx.group.scheme !== "kubernetes") return [];
    const name = membershipName(ctx.group.name);
    const read = ["get", "list", "watch"];
    const account: IServiceAccount = { apiVersion: "v1", kind: "ServiceAccount", metadata: metadata(ctx, name) };
    const role: IRole = {
        apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: metadata(ctx, name),
        rules: [
            { apiGroups: [""], resources: ["endpoints", "pods", "services"], verbs: read },
            { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: read },
        ],
    };
    const binding: IRoleBinding = {
        apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", metadata: metadata(ctx, name),
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name },
        subjects: [{ kind: "ServiceAccount", name, namespace: ctx.settings.namespace }],
    };
    return [account, role, binding];
}

function imageOf(ctx: GroupContext): string {
    const g = ctx.group;
    return ctx.settings.images[g.name] ?? g.spec.image ?? imageFor(g.entry, g.spec.version, g.profile);
}

function downwardEnv(): IEnvVar[] {
    const field = (name: string, fieldPath: string): IEnvVar => ({ name, valueFrom: { fieldRef: { fieldPath } } });
    return [field(POD_ENV.name, "metadata.name"), field(POD_ENV.namespace, "metadata.namespace"), field(POD_ENV.ip, "status.podIP")];
}

function containerPort(p: PlannedPort, hostNetwork: boolean): IContainerPort {
    // Under hostNetwork the API server requires hostPort == containerPort; set it so diffs stay quiet.
    return { name: p.name, containerPort: p.port, protocol: k8sProtocol(p.protocol), ...(hostNetwork ? { hostPort: p.port } : {}) };
}

/** Each pod mounts its own instance's file: by pod name on the pod network, by instance name under hostNetwork. */
function configMount(ctx: GroupContext, set: PodSet) {
    const config = ctx.configs.find((c) => c.instance === set.instances[0].name)!;
    const path = ctx.settings.hostNetwork
        ? { subPath: configKey(config.instance, config.fileName) }
        : { subPathExpr: configKey(`$(${POD_ENV.name})`, config.fileName) };
    return { name: CONFIG_VOLUME, mountPath: config.containerPath, readOnly: true, ...path };
}

function configVolume(ctx: GroupContext): IVolume {
    const name = configObjectName(ctx.group.name);
    return holdsSecrets(ctx.configs) ? { name: CONFIG_VOLUME, secret: { secretName: name } } : { name: CONFIG_VOLUME, configMap: { name } };
}

function container(ctx: GroupContext, set: PodSet): IContainer {
    return {
        name: ctx.group.entry.product,
        image: imageOf(ctx),
        // An API-M profile's start options go to the image's entrypoint, as Docker's command does.
        ...(profileArgs(ctx.group.entry, ctx.group.profile).length > 0 ? { args: profileArgs(ctx.group.entry, ctx.group.profile) } : {}),
        ports: set.ports.map((p) => containerPort(p, ctx.settings.hostNetwork)),
        env: downwardEnv(),
        ...(ctx.secretNames.length > 0 ? { envFrom: [{ secretRef: { name: envSecretName(ctx.group.name) } }] } : {}),
        volumeMounts: [configMount(ctx, set)],
        ...containerProbes(set.instances[0], set.ports),
        resources: containerResources(ctx.group, ctx.settings),
    };
}

function podSpec(ctx: GroupContext, set: PodSet): IPodSpec {
    // Only the kubernetes scheme talks to the API; other pods get no token to leak.
    const account = ctx.group.scheme === "kubernetes" ? { serviceAccountName: membershipName(ctx.group.name) } : { automountServiceAccountToken: false };
    const network = ctx.settings.hostNetwork
        ? { hostNetwork: true, dnsPolicy: "ClusterFirstWithHostNet" as const, nodeSelector: { [NODE_LABEL]: set.node! } }
        : {};
    return { ...account, ...network, containers: [container(ctx, set)], volumes: [configVolume(ctx)] };
}

function statefulSet(ctx: GroupContext, set: PodSet): IStatefulSet {
    const labels = sortedRecord({ ...groupLabels(ctx), ...set.selector });
    const annotations = planAnnotations(ctx, set);
    return {
        apiVersion: "apps/v1", kind: "StatefulSet",
        metadata: { name: set.name, namespace: ctx.settings.namespace, labels, annotations },
        spec: {
            serviceName: headlessServiceName(ctx.group.name),
            replicas: set.instances.length,
            // Pod names then equal the spec's instance names (<group>-1, ...); needs Kubernetes 1.27+.
            ...(ctx.settings.hostNetwork ? {} : { ordinals: { start: FIRST_ORDINAL } }),
            // Members find each other through the member list or the API, not by start order.
            podManagementPolicy: "Parallel",
            // One pod at a time, each replaced only once the one before is ready again.
            updateStrategy: { type: "RollingUpdate" },
            selector: { matchLabels: set.selector },
            template: {
                metadata: { labels, annotations: sortedRecord({ ...annotations, ...configChecksum(ctx) }) },
                spec: podSpec(ctx, set),
            },
        },
    };
}

/** `secrets:` for the group's pods: for the component names only (the values stay a secret Output until registration); for `render` the values too. */
function envSecret(ctx: GroupContext): ISecret[] {
    if (ctx.secretNames.length === 0) return [];
    const stringData = Object.fromEntries(ctx.secretNames.map((n) => [n, ctx.secretValues[n] ?? ""]));
    return [{ apiVersion: "v1", kind: "Secret", metadata: metadata(ctx, envSecretName(ctx.group.name)), type: "Opaque", stringData }];
}

function groupContext(input: KubernetesManifestInput, group: ResolvedGroup, settings: ResolvedKubernetesSettings, peers: Map<string, PlannedInstance[]>): GroupContext {
    const instances = input.plan.instances.filter((i) => i.group === group.name);
    const configs = instances.map((i) => {
        const config = input.configs.find((c) => c.instance === i.name);
        if (!config) throw new Error(`no rendered config for instance "${i.name}"`);
        return config;
    });
    return { group, instances, configs, settings, exposure: input.plan.exposure, peers, secretNames: input.secretNames ?? [], secretValues: input.secretValues ?? {} };
}

function groupManifests(ctx: GroupContext): GroupManifests {
    const sets = podSets(ctx);
    const objects: KubernetesObject[] = [
        ...membershipObjects(ctx),
        configObject(ctx),
        ...envSecret(ctx),
        headlessService(ctx, sets),
        ...sets.map((s) => publicService(ctx, s)).filter((s): s is IService => s !== undefined),
        ...sets.map((s) => statefulSet(ctx, s)),
        ...sets.map((s) => networkPolicy(ctx, s)),
        ...optional(disruptionBudget(ctx.group, ctx.settings.namespace, groupLabels(ctx), { [LABELS.group]: ctx.group.name })),
    ];
    return { group: ctx.group.name, objects, holdsSecrets: holdsSecrets(ctx.configs) };
}

/** Every group's objects, in spec order; the plan must come from `planningSpecFor` with the same settings. */
export function kubernetesManifests(input: KubernetesManifestInput, settings: ResolvedKubernetesSettings): GroupManifests[] {
    const peers = peerClients(input.plan);
    return input.spec.groups.map((g) => groupManifests(groupContext(input, g, settings, peers)));
}
