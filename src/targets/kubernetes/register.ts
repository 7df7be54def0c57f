/** The thin Pulumi skin of the Kubernetes target: registers what `kubernetesManifests` built, one resource per object. */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { TargetContext } from "../types";
import { namespaceObject } from "./health";
import { kubernetesManifests } from "./manifests";
import { envSecretName } from "./names";
import { KubernetesObject, objectId } from "./objects";
import { ResolvedKubernetesSettings } from "./types";
import { assertValidObjects } from "./validate";

/** Registered resources by `Kind/name` (e.g. `StatefulSet/is`). */
export type KubernetesTargetResources = Record<string, pulumi.CustomResource>;

function newResource(name: string, o: KubernetesObject, opts: pulumi.CustomResourceOptions, secretEnv?: pulumi.Output<Record<string, string>>): pulumi.CustomResource {
    // The objects were validated against the Kubernetes schema; the provider's input types
    // describe the same fields, so plain literals pass through unchanged.
    /* eslint-disable @typescript-eslint/no-explicit-any */
    const args = o as any;
    switch (o.kind) {
        case "StatefulSet": return new k8s.apps.v1.StatefulSet(name, { metadata: o.metadata, spec: args.spec }, opts);
        case "Service": return new k8s.core.v1.Service(name, { metadata: o.metadata, spec: args.spec }, opts);
        case "ConfigMap": return new k8s.core.v1.ConfigMap(name, { metadata: o.metadata, data: o.data }, opts);
        // Marked secret here, so the text stays encrypted in state and masked in previews.
        // The `secrets:` Secret gets the values here: the manifests only know the names.
        case "Secret": return new k8s.core.v1.Secret(name, { metadata: o.metadata, type: o.type, stringData: secretEnv ?? pulumi.secret(o.stringData ?? {}) }, opts);
        case "ServiceAccount": return new k8s.core.v1.ServiceAccount(name, { metadata: o.metadata }, opts);
        case "Role": return new k8s.rbac.v1.Role(name, { metadata: o.metadata, rules: args.rules }, opts);
        case "RoleBinding": return new k8s.rbac.v1.RoleBinding(name, { metadata: o.metadata, roleRef: o.roleRef, subjects: args.subjects }, opts);
        case "NetworkPolicy": return new k8s.networking.v1.NetworkPolicy(name, { metadata: o.metadata, spec: args.spec }, opts);
        case "PodDisruptionBudget": return new k8s.policy.v1.PodDisruptionBudget(name, { metadata: o.metadata, spec: args.spec }, opts);
        // Never deleted with the stack by accident: it may hold more than this deployment.
        case "Namespace": return new k8s.core.v1.Namespace(name, { metadata: o.metadata }, { ...opts, retainOnDelete: true });
    }
}

/**
 * Registers every object under `ctx.parent`. StatefulSets wait for their group's other
 * objects: their config, account and NetworkPolicy exist before the first pod starts.
 */
export function registerKubernetesObjects(ctx: TargetContext, settings: ResolvedKubernetesSettings, provider?: k8s.Provider): KubernetesTargetResources {
    const groups = kubernetesManifests(ctx, settings);
    const namespace = namespaceObject(settings);
    const all = groups.flatMap((g) => g.objects);
    assertValidObjects(namespace ? [namespace, ...all] : all);
    if (settings.hostNetwork) {
        pulumi.log.warn("hostNetwork: common CNIs do not apply NetworkPolicies to host-network pods; the nodes' own firewall rules (wso2-ports render: <host>/firewall.nft) must limit who reaches them", ctx.parent);
    }
    const resources: KubernetesTargetResources = {};
    const namespaceResource = namespace && (resources[objectId(namespace)] = newResource(`${ctx.name}-namespace`, namespace, { parent: ctx.parent, provider }));
    const first = namespaceResource ? [namespaceResource] : [];
    for (const g of groups) {
        const others = g.objects.filter((o) => o.kind !== "StatefulSet");
        const opts = (dependsOn: pulumi.Resource[] = []): pulumi.CustomResourceOptions => ({
            parent: ctx.parent, provider, dependsOn,
            // Names are fixed (pod names are the instance names), so a replacement must delete first.
            deleteBeforeReplace: true,
        });
        const envSecret = envSecretName(g.group);
        const prerequisites = others.map((o) => (resources[objectId(o)] = newResource(`${ctx.name}-${o.metadata!.name}`, o, opts(first),
            o.kind === "Secret" && o.metadata!.name === envSecret ? ctx.secretEnv : undefined)));
        for (const s of g.objects.filter((o) => o.kind === "StatefulSet")) {
            resources[objectId(s)] = newResource(`${ctx.name}-${s.metadata!.name}`, s, opts([...first, ...prerequisites]));
        }
    }
    return resources;
}
