/**
 * Offline validation of the objects this target produces. kubernetes-models checks each
 * object against the Kubernetes OpenAPI schema, which has no port ranges, accepts unknown
 * fields and cannot see across objects; the own checks below cover what an API server or
 * the running cluster would otherwise reveal late (or never: a NetworkPolicy naming a port
 * no pod listens on is accepted and silently does nothing).
 */
import type { IContainer } from "kubernetes-models/v1/Container";
import { IConfigMap, ISecret, IService, IStatefulSet, KubernetesObject, objectId } from "./objects";

type Check = (objects: KubernetesObject[]) => string[];
/** Required on first use, not imported: see schema-models.ts. */
const schemaModels = () => (require("./schema-models") as typeof import("./schema-models")).SCHEMA_MODELS;

/** The Kubernetes OpenAPI schema, through kubernetes-models' `validate()`. */
export function schemaProblems(o: KubernetesObject): string[] {
    const Model = schemaModels()[`${o.apiVersion}/${o.kind}`];
    if (!Model) return [`${objectId(o)}: no schema known for ${o.apiVersion} ${o.kind}`];
    try {
        new Model(o as never).validate();
        return [];
    } catch (e) {
        return [`${objectId(o)}: ${(e as Error).message}`];
    }
}

// ---- helpers over the object set ----

interface PodTemplate {
    owner: IStatefulSet;
    namespace: string | undefined;
    labels: Record<string, string>;
    containers: IContainer[];
    /** `<name>-<ordinal>` for each replica, as the StatefulSet controller names them. */
    podNames: string[];
}

const statefulSets = (objects: KubernetesObject[]) => objects.filter((o): o is IStatefulSet => o.kind === "StatefulSet");
const services = (objects: KubernetesObject[]) => objects.filter((o): o is IService => o.kind === "Service");
const nsOf = (o: KubernetesObject) => o.metadata?.namespace;
const protocolOf = (p: string | undefined) => p ?? "TCP";
const inRange = (n: unknown) => Number.isInteger(n) && (n as number) >= 1 && (n as number) <= 65535;
/** Kubernetes' IANA_SVC_NAME: at most 15 of a-z, 0-9 and '-', with a letter, no leading, trailing or double '-'. */
const IANA_SVC_NAME = /^(?=.{1,15}$)(?=.*[a-z])[a-z0-9]+(-[a-z0-9]+)*$/;

function podTemplates(objects: KubernetesObject[]): PodTemplate[] {
    return statefulSets(objects).map((s) => {
        const start = s.spec?.ordinals?.start ?? 0;
        const replicas = s.spec?.replicas ?? 1;
        return {
            owner: s, namespace: nsOf(s),
            labels: s.spec?.template.metadata?.labels ?? {},
            containers: s.spec?.template.spec?.containers ?? [],
            podNames: Array.from({ length: replicas }, (_, i) => `${s.metadata?.name}-${start + i}`),
        };
    });
}

/** An empty selector selects every pod, as Kubernetes reads it. */
function matches(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
    return Object.entries(selector ?? {}).every(([k, v]) => labels[k] === v);
}

function selectedPods(objects: KubernetesObject[], namespace: string | undefined, selector: Record<string, string> | undefined): PodTemplate[] {
    return podTemplates(objects).filter((p) => p.namespace === namespace && matches(selector, p.labels));
}

function listens(pod: PodTemplate, port: number | string | undefined, protocol: string | undefined): boolean {
    return pod.containers.some((c) => (c.ports ?? []).some((cp) =>
        (typeof port === "number" ? cp.containerPort === port : cp.name === port) && protocolOf(cp.protocol) === protocolOf(protocol)));
}

// ---- own checks ----

/** Every port number from 1 to 65535: containers, Services, NetworkPolicies. */
export const portRangeProblems: Check = (objects) => {
    const problems: string[] = [];
    const check = (o: KubernetesObject, what: string, n: unknown) => {
        if (n !== undefined && typeof n !== "string" && !inRange(n)) problems.push(`${objectId(o)}: ${what} ${n} is not a port from 1 to 65535`);
    };
    for (const pod of podTemplates(objects)) {
        for (const c of pod.containers) for (const p of c.ports ?? []) {
            check(pod.owner, `container "${c.name}" port "${p.name}"`, p.containerPort);
            check(pod.owner, `container "${c.name}" hostPort "${p.name}"`, p.hostPort);
        }
    }
    for (const s of services(objects)) for (const p of s.spec?.ports ?? []) {
        check(s, `port "${p.name}"`, p.port);
        check(s, `targetPort of "${p.name}"`, p.targetPort);
        check(s, `nodePort of "${p.name}"`, p.nodePort);
    }
    for (const o of objects) {
        if (o.kind !== "NetworkPolicy") continue;
        for (const rule of o.spec?.ingress ?? []) for (const p of rule.ports ?? []) {
            check(o, "ingress port", p.port);
            check(o, "ingress endPort", p.endPort);
        }
    }
    return problems;
};

/** Container and Service port names are IANA service names: at most 15 lower-case characters. */
export const portNameProblems: Check = (objects) => {
    const problems: string[] = [];
    const check = (o: KubernetesObject, where: string, name: string | undefined) => {
        if (name === undefined || !IANA_SVC_NAME.test(name)) problems.push(`${objectId(o)}: ${where} port name ${JSON.stringify(name)} must be 1-15 lower-case letters, digits or '-', with a letter`);
    };
    for (const pod of podTemplates(objects)) for (const c of pod.containers) for (const p of c.ports ?? []) check(pod.owner, `container "${c.name}"`, p.name);
    for (const s of services(objects)) for (const p of s.spec?.ports ?? []) check(s, "Service", p.name);
    return problems;
};

function duplicates<T>(items: T[], key: (t: T) => string): string[] {
    const seen = new Set<string>();
    return items.map(key).filter((k) => (seen.has(k) ? true : (seen.add(k), false)));
}

/** Per container and per Service: each port name once, each (port, protocol) once. */
export const uniquePortProblems: Check = (objects) => {
    const problems: string[] = [];
    for (const pod of podTemplates(objects)) for (const c of pod.containers) {
        const ports = c.ports ?? [];
        for (const d of duplicates(ports, (p) => String(p.name))) problems.push(`${objectId(pod.owner)}: container "${c.name}" has port name "${d}" twice`);
        for (const d of duplicates(ports, (p) => `${p.containerPort}/${protocolOf(p.protocol)}`)) problems.push(`${objectId(pod.owner)}: container "${c.name}" lists ${d} twice`);
    }
    for (const s of services(objects)) {
        const ports = s.spec?.ports ?? [];
        for (const d of duplicates(ports, (p) => String(p.name))) problems.push(`${objectId(s)}: port name "${d}" appears twice`);
        for (const d of duplicates(ports, (p) => `${p.port}/${protocolOf(p.protocol)}`)) problems.push(`${objectId(s)}: port ${d} appears twice`);
    }
    return problems;
};

/** Selectors select: a StatefulSet its own template, a Service and a NetworkPolicy (and its pod peers) some pod here. */
export const selectorProblems: Check = (objects) => {
    const problems: string[] = [];
    for (const s of statefulSets(objects)) {
        if (!matches(s.spec?.selector.matchLabels, s.spec?.template.metadata?.labels ?? {})) problems.push(`${objectId(s)}: selector does not match its pod template's labels`);
    }
    for (const s of services(objects)) {
        if (selectedPods(objects, nsOf(s), s.spec?.selector).length === 0) problems.push(`${objectId(s)}: selector ${JSON.stringify(s.spec?.selector)} matches no pod template`);
    }
    for (const o of objects) {
        if (o.kind !== "NetworkPolicy") continue;
        if (selectedPods(objects, nsOf(o), o.spec?.podSelector.matchLabels).length === 0) problems.push(`${objectId(o)}: podSelector matches no pod template`);
        for (const rule of o.spec?.ingress ?? []) for (const peer of rule.from ?? []) {
            if (peer.podSelector && selectedPods(objects, nsOf(o), peer.podSelector.matchLabels).length === 0) problems.push(`${objectId(o)}: ingress peer podSelector ${JSON.stringify(peer.podSelector.matchLabels)} matches no pod template`);
        }
    }
    return problems;
};

/** Every port a NetworkPolicy opens is one every selected pod listens on, else the rule opens nothing. */
export const networkPolicyPortProblems: Check = (objects) => {
    const problems: string[] = [];
    for (const o of objects) {
        if (o.kind !== "NetworkPolicy") continue;
        const pods = selectedPods(objects, nsOf(o), o.spec?.podSelector.matchLabels);
        for (const rule of o.spec?.ingress ?? []) for (const p of rule.ports ?? []) for (const pod of pods) {
            if (!listens(pod, p.port, p.protocol)) problems.push(`${objectId(o)}: opens ${p.port}/${protocolOf(p.protocol)}, which pods of ${objectId(pod.owner)} do not listen on`);
        }
    }
    return problems;
};

/** Every Service port forwards to a port each selected pod listens on. */
export const serviceTargetPortProblems: Check = (objects) => {
    const problems: string[] = [];
    for (const s of services(objects)) {
        const pods = selectedPods(objects, nsOf(s), s.spec?.selector);
        for (const p of s.spec?.ports ?? []) for (const pod of pods) {
            const target = p.targetPort ?? p.port;
            if (!listens(pod, target, p.protocol)) problems.push(`${objectId(s)}: port "${p.name}" forwards to ${target}/${protocolOf(p.protocol)}, which pods of ${objectId(pod.owner)} do not listen on`);
        }
    }
    return problems;
};

/** One object per kind, namespace and name: a second would overwrite the first. */
export const uniqueNameProblems: Check = (objects) =>
    duplicates(objects, (o) => `${o.kind}/${nsOf(o) ?? ""}/${o.metadata?.name}`).map((d) => `${d} is defined twice`);

function configDataKeys(o: IConfigMap | ISecret): string[] {
    return o.kind === "ConfigMap" ? Object.keys(o.data ?? {}) : Object.keys({ ...(o.data ?? {}), ...(o.stringData ?? {}) });
}

/** subPath for every pod: subPathExpr's `$(VAR)` from its downward-API env, as the kubelet expands it. */
function mountedKeys(pod: PodTemplate, c: IContainer, mount: { subPath?: string; subPathExpr?: string }): string[] {
    if (mount.subPath !== undefined) return [mount.subPath];
    if (mount.subPathExpr === undefined) return [];
    const fieldOf = (name: string) => c.env?.find((e) => e.name === name)?.valueFrom?.fieldRef?.fieldPath;
    return pod.podNames.map((podName) => mount.subPathExpr!.replace(/\$\((\w+)\)/g, (_, v: string) => (fieldOf(v) === "metadata.name" ? podName : `$(${v})`)));
}

function podReferenceProblems(objects: KubernetesObject[], pod: PodTemplate): string[] {
    const problems: string[] = [];
    const id = objectId(pod.owner);
    const find = (kind: string, name: string | undefined) => objects.find((o) => o.kind === kind && nsOf(o) === pod.namespace && o.metadata?.name === name);
    const headless = find("Service", pod.owner.spec?.serviceName) as IService | undefined;
    if (!headless || headless.spec?.clusterIP !== "None") problems.push(`${id}: serviceName "${pod.owner.spec?.serviceName}" is not a headless Service here`);
    const podSpec = pod.owner.spec?.template.spec;
    if (podSpec?.serviceAccountName && !find("ServiceAccount", podSpec.serviceAccountName)) problems.push(`${id}: ServiceAccount "${podSpec.serviceAccountName}" is not defined`);
    for (const c of pod.containers) for (const m of c.volumeMounts ?? []) {
        const volume = podSpec?.volumes?.find((v) => v.name === m.name);
        if (!volume) {
            problems.push(`${id}: container "${c.name}" mounts undefined volume "${m.name}"`);
            continue;
        }
        const source = volume.configMap ? find("ConfigMap", volume.configMap.name) : volume.secret ? find("Secret", volume.secret.secretName) : undefined;
        if ((volume.configMap || volume.secret) && !source) {
            problems.push(`${id}: volume "${volume.name}" refers to a ${volume.configMap ? "ConfigMap" : "Secret"} that is not defined`);
            continue;
        }
        const keys = source ? configDataKeys(source as IConfigMap | ISecret) : [];
        for (const key of source ? mountedKeys(pod, c, m) : []) {
            if (!keys.includes(key)) problems.push(`${id}: a pod mounts key "${key}" of ${objectId(source!)}, which has no such key`);
        }
    }
    return problems;
}

function bindingProblems(objects: KubernetesObject[]): string[] {
    const problems: string[] = [];
    for (const b of objects) {
        if (b.kind !== "RoleBinding") continue;
        if (!objects.some((o) => o.kind === "Role" && nsOf(o) === nsOf(b) && o.metadata?.name === b.roleRef.name)) problems.push(`${objectId(b)}: Role "${b.roleRef.name}" is not defined`);
        for (const s of b.subjects ?? []) {
            if (s.kind === "ServiceAccount" && !objects.some((o) => o.kind === "ServiceAccount" && nsOf(o) === (s.namespace ?? nsOf(b)) && o.metadata?.name === s.name)) problems.push(`${objectId(b)}: ServiceAccount "${s.name}" is not defined`);
        }
    }
    return problems;
}

/** Names point at objects in the set: headless Service, ServiceAccount, Role, volumes, and each pod's config key. */
export const referenceProblems: Check = (objects) => [
    ...podTemplates(objects).flatMap((pod) => podReferenceProblems(objects, pod)),
    ...bindingProblems(objects),
];

export const OWN_CHECKS: Record<string, Check> = {
    portRangeProblems, portNameProblems, uniquePortProblems, selectorProblems,
    networkPolicyPortProblems, serviceTargetPortProblems, uniqueNameProblems, referenceProblems,
};

/** Schema and own checks over one set of objects that are applied together. */
export function kubernetesObjectProblems(objects: KubernetesObject[]): string[] {
    return [...objects.flatMap(schemaProblems), ...Object.values(OWN_CHECKS).flatMap((check) => check(objects))];
}

export class KubernetesValidationError extends Error {
    constructor(public readonly problems: string[]) {
        super(`invalid Kubernetes objects (${problems.length}):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
        this.name = "KubernetesValidationError";
    }
}

export function assertValidObjects(objects: KubernetesObject[]): void {
    const problems = kubernetesObjectProblems(objects);
    if (problems.length > 0) throw new KubernetesValidationError(problems);
}
