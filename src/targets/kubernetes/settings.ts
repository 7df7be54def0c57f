/** Defaults and validation of the Kubernetes settings, shared by the component and `render`. */
import { addressProblem, parseCidr } from "../../net/address";
import { SpecProblem } from "../../spec/errors";
import { KubernetesServiceType, KubernetesSettings, ResolvedKubernetesSettings } from "./types";
import { isObject } from "../../util/is-object";

export const DEFAULT_SETTINGS: ResolvedKubernetesSettings = {
    namespace: "wso2",
    serviceType: "ClusterIP",
    hostNetwork: false,
    images: {},
    nodeNames: {},
    clusterDomain: "cluster.local",
    createNamespace: false,
    resources: {},
    probeSources: [],
};

const SERVICE_TYPES: KubernetesServiceType[] = ["ClusterIP", "LoadBalancer", "NodePort"];
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const KNOWN_KEYS = new Set(Object.keys(DEFAULT_SETTINGS));

/** A Kubernetes quantity: a number with an optional SI or binary suffix (`500m`, `2`, `2Gi`). */
const QUANTITY = /^\d+(\.\d+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;
const isStringMap = (v: unknown): v is Record<string, string> => isObject(v) && Object.values(v).every((s) => typeof s === "string" && s.length > 0);

function resourcesProblem(value: unknown): string | undefined {
    if (!isObject(value)) return "resources must map group names to { requests: { cpu, memory }, limits: { cpu, memory } }";
    for (const [group, spec] of Object.entries(value)) {
        if (!isObject(spec)) return `resources.${group} must be { requests?, limits? }`;
        for (const [kind, amounts] of Object.entries(spec)) {
            if (kind !== "requests" && kind !== "limits") return `resources.${group}.${kind}: use requests or limits`;
            if (!isObject(amounts)) return `resources.${group}.${kind} must be { cpu?, memory? }`;
            for (const [resource, quantity] of Object.entries(amounts)) {
                if (resource !== "cpu" && resource !== "memory") return `resources.${group}.${kind}.${resource}: use cpu or memory`;
                if (typeof quantity !== "string" || !QUANTITY.test(quantity)) return `resources.${group}.${kind}.${resource} must be a Kubernetes quantity such as "500m" or "2Gi"; got ${JSON.stringify(quantity)}`;
            }
        }
    }
    return undefined;
}

export interface SettingsResult {
    settings: ResolvedKubernetesSettings;
    problems: SpecProblem[];
}

function checkField(raw: Record<string, unknown>, key: keyof KubernetesSettings, path: string): string | undefined {
    const value = raw[key];
    if (value === undefined) return undefined;
    switch (key) {
        case "namespace":
            return typeof value === "string" && DNS_LABEL.test(value) && value.length <= 63 ? undefined
                : `namespace ${JSON.stringify(value)} must be a DNS label: lower-case letters, digits and '-', at most 63`;
        case "serviceType":
            return SERVICE_TYPES.includes(value as KubernetesServiceType) ? undefined : `serviceType must be one of ${SERVICE_TYPES.join(", ")}; got ${JSON.stringify(value)}`;
        case "hostNetwork":
            return typeof value === "boolean" ? undefined : "hostNetwork must be true or false";
        case "images":
            return isStringMap(value) ? undefined : "images must map group names to image references";
        case "nodeNames":
            return isStringMap(value) ? undefined : "nodeNames must map spec host names to node names";
        case "createNamespace":
            return typeof value === "boolean" ? undefined : "createNamespace must be true or false";
        case "resources":
            return resourcesProblem(value);
        case "probeSources":
            if (!Array.isArray(value)) return `probeSources must be a list of CIDRs such as "10.0.0.0/16"`;
            return value.map((c, i) => { const p = addressProblem(parseCidr, c); return p && `probeSources[${i}]: ${p}`; }).find((p) => p !== undefined);
        case "clusterDomain":
            return typeof value === "string" && DNS_SUBDOMAIN.test(value) ? undefined : `clusterDomain ${JSON.stringify(value)} must be a DNS name such as "cluster.local"`;
    }
    return undefined;
}

/**
 * Validates settings found at `path` (`kubernetes` in the component's args and in a spec file).
 */
export function resolveKubernetesSettings(raw: unknown, path: string): SettingsResult {
    if (raw === undefined || raw === null) return { settings: DEFAULT_SETTINGS, problems: [] };
    if (!isObject(raw)) return { settings: DEFAULT_SETTINGS, problems: [{ path, message: "must be an object { namespace, serviceType, hostNetwork, ... }" }] };
    const problems: SpecProblem[] = [];
    for (const key of Object.keys(raw)) {
        if (key === "provider") {
            problems.push({ path: `${path}.${key}`, message: "the Kubernetes provider is not a setting: pass it in the component's `opts.providers`, e.g. `{ providers: [k8sProvider] }`" });
            continue;
        }
        if (!KNOWN_KEYS.has(key)) {
            problems.push({ path: `${path}.${key}`, message: `unknown Kubernetes setting "${key}"; use one of ${[...KNOWN_KEYS].join(", ")}` });
            continue;
        }
        const message = checkField(raw, key as keyof KubernetesSettings, path);
        if (message) problems.push({ path: `${path}.${key}`, message });
    }
    const given = Object.fromEntries(Object.entries(raw).filter(([k, v]) => KNOWN_KEYS.has(k) && v !== undefined));
    return { settings: { ...DEFAULT_SETTINGS, ...given } as ResolvedKubernetesSettings, problems };
}
