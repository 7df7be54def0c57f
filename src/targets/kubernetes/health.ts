/**
 * What makes a pod "up" on Kubernetes: probes on the instance's planned ports (by their
 * container port names, so a probe can only name a port the container declares), WSO2's
 * published resource minimums, a disruption budget for clustered groups, and the namespace.
 * Timings follow WSO2's charts (see catalog/health.ts): a start may take minutes, so the
 * startup probe allows 5 minutes before liveness takes over.
 */
import type { IPodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import type { IContainer } from "kubernetes-models/v1/Container";
import type { INamespace } from "kubernetes-models/v1/Namespace";
import type { IProbe } from "kubernetes-models/v1/Probe";
import { instanceHealth, PlannedCheck, resourceMinimums } from "../../catalog/health";
import { PlannedInstance, PlannedPort } from "../../plan/types";
import { ResolvedGroup } from "../../spec/normalize";
import { KubernetesResources, ResolvedKubernetesSettings } from "./types";

const STARTUP = { periodSeconds: 10, failureThreshold: 30, timeoutSeconds: 5 };
const STEADY = { periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 5 };

function probe(check: PlannedCheck, timing: typeof STARTUP): IProbe {
    const action = check.kind === "http"
        ? { httpGet: { path: check.path, port: check.port.name, scheme: check.scheme } }
        : { tcpSocket: { port: check.port.name } };
    return { ...action, ...timing };
}

/** Probes for pods with these ports (the pod set's own, which under hostNetwork are shifted). */
export function containerProbes(inst: PlannedInstance, ports: PlannedPort[]): Pick<IContainer, "startupProbe" | "livenessProbe" | "readinessProbe"> {
    const health = instanceHealth({ ...inst, ports });
    if (!health) return {};
    return {
        startupProbe: probe(health.startup, STARTUP),
        livenessProbe: probe(health.liveness, STEADY),
        readinessProbe: probe(health.readiness, STEADY),
    };
}

/** The ports the kubelet probes, for the NetworkPolicy rule from `probeSources`. */
export function probedPorts(inst: PlannedInstance, ports: PlannedPort[]): PlannedPort[] {
    const health = instanceHealth({ ...inst, ports });
    if (!health) return [];
    return [...new Set([health.startup.port, health.liveness.port, health.readiness.port])].sort((a, b) => a.port - b.port);
}

/** WSO2's minimums for the product, with the user's per-group values over them. */
export function containerResources(group: ResolvedGroup, settings: ResolvedKubernetesSettings): { requests: Record<string, string>; limits: Record<string, string> } {
    const minimums = resourceMinimums(group.entry.product);
    const custom = settings.resources[group.name] ?? {};
    return {
        requests: { ...minimums.requests, ...custom.requests },
        limits: { ...minimums.limits, ...custom.limits },
    };
}

/** Voluntary disruptions (a node drain) take at most one member of a cluster at a time. */
export function disruptionBudget(group: ResolvedGroup, namespace: string, labels: Record<string, string>, selector: Record<string, string>): IPodDisruptionBudget | undefined {
    if (group.scheme === "none") return undefined;
    return {
        apiVersion: "policy/v1", kind: "PodDisruptionBudget",
        metadata: { name: group.name, namespace, labels },
        spec: { maxUnavailable: 1, selector: { matchLabels: selector } },
    };
}

export function namespaceObject(settings: ResolvedKubernetesSettings): INamespace | undefined {
    if (!settings.createNamespace) return undefined;
    return { apiVersion: "v1", kind: "Namespace", metadata: { name: settings.namespace } };
}
