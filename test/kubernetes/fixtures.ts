import { readdirSync } from "node:fs";
import { join } from "node:path";
import { configPathFor } from "../../src/catalog";
import { planSpec } from "../../src/plan/planner";
import { Plan } from "../../src/plan/types";
import { RenderedConfig } from "../../src/render/types";
import { ResolvedSpec } from "../../src/spec/normalize";
import { loadSpecFile } from "../../src/spec/load";
import { DeploymentSpec } from "../../src/spec/types";
import { KubernetesManifestInput, planningSpecFor, resolveKubernetesSettings } from "../../src/targets/kubernetes";
import { ResolvedKubernetesSettings } from "../../src/targets/kubernetes/types";

const SPEC_DIR = join(__dirname, "../../examples/specs");

/** Every spec under examples/specs, by file name. */
export const EXAMPLE_SPECS: Record<string, DeploymentSpec> = Object.fromEntries(
    readdirSync(SPEC_DIR).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => [f, loadSpecFile(join(SPEC_DIR, f)) as DeploymentSpec]),
);

/** The kubernetes membership scheme, a config with a password, and a group without public ports. */
export const K8S_SCHEME: DeploymentSpec = {
    products: [
        {
            name: "is", product: "identity-server", version: "7.0.0", instanceCount: 3, clustering: { scheme: "kubernetes" },
            config: { super_admin: { username: "admin", password: "not-a-real-password" } }, secretKeys: ["super_admin.password"],
        },
        { name: "tm", product: "api-manager", version: "4.3.0", profile: "traffic-manager", instanceCount: 2, clustering: { scheme: "wka" },
            ports: [{ name: "https", exposure: "management" }] },
        { name: "si", product: "streaming-integrator", version: "4.2.0" },
    ],
    exposure: { public: ["203.0.113.0/24", "198.51.100.7"], management: ["10.0.0.0/8"] },
};

/** Several instances per node, multicast, per-instance names: what hostNetwork is for. */
export const HOST_NETWORK: DeploymentSpec = {
    hosts: [{ name: "node-a", address: "10.1.0.1" }, { name: "node-b", address: "10.1.0.2" }],
    products: [
        { name: "is", product: "identity-server", version: "7.0.0", instanceCount: 3, clustering: { scheme: "multicast" } },
        { name: "apim", product: "api-manager", version: "4.3.0", instances: [{ name: "gw-east", host: "node-a" }, { name: "gw-west", host: "node-b" }], clustering: { scheme: "wka" } },
        { name: "mi", product: "micro-integrator", version: "4.2.0", instanceCount: 2 },
    ],
    exposure: { public: ["0.0.0.0/0"], management: ["10.0.0.0/8"] },
};

export const settingsOf = (raw: Record<string, unknown> = {}): ResolvedKubernetesSettings => {
    const { settings, problems } = resolveKubernetesSettings(raw, "target.kubernetes");
    if (problems.length > 0) throw new Error(problems.map((p) => p.message).join("; "));
    return settings;
};

/**
 * Stand-in config files: the manifests only carry the text, so any text per instance does;
 * secretPaths follow the group's secretKeys as the renderer reports them.
 */
export function standInConfigs(spec: ResolvedSpec, plan: Plan): RenderedConfig[] {
    return plan.instances.map((inst) => {
        const group = spec.groups.find((g) => g.name === inst.group)!;
        const fileName = group.entry.configFile;
        const members = inst.clustering?.members.map((m) => JSON.stringify(m)).join(", ") ?? "";
        return {
            instance: inst.name, group: inst.group, host: inst.host, product: inst.product, fileName,
            relativePath: `${inst.host}/${inst.name}/${fileName}`,
            containerPath: configPathFor(group.entry, group.spec.version, group.profile),
            text: `# ${inst.name}\n[server]\noffset = ${inst.offset}\n[clustering]\nmembers = [${members}]\n`,
            secretPaths: [...(group.spec.secretKeys ?? [])].sort(),
        };
    });
}

/** Planned as the component plans for Kubernetes. */
export function kubernetesInput(spec: DeploymentSpec, settings: ResolvedKubernetesSettings): KubernetesManifestInput & { name: string } {
    const planned = planSpec(planningSpecFor(spec, settings));
    return { name: "t", ...planned, configs: standInConfigs(planned.spec, planned.plan) };
}

/** Every example and fixture spec with the settings it runs under (multicast needs hostNetwork). */
export function allCases(): { label: string; spec: DeploymentSpec; settings: ResolvedKubernetesSettings }[] {
    // A spec that asks for hostNetwork itself (multicast cannot cross pod networks) runs only that way.
    const needsHostNetwork = (spec: DeploymentSpec) => (spec as { kubernetes?: { hostNetwork?: boolean } }).kubernetes?.hostNetwork === true;
    const cases = Object.entries(EXAMPLE_SPECS).flatMap(([file, spec]) => [
        ...(needsHostNetwork(spec) ? [] : [{ label: `${file} (pod network)`, spec, settings: settingsOf() }]),
        { label: `${file} (hostNetwork)`, spec, settings: settingsOf({ hostNetwork: true }) },
    ]);
    return [
        ...cases,
        { label: "kubernetes scheme, secrets, LoadBalancer", spec: K8S_SCHEME, settings: settingsOf({ serviceType: "LoadBalancer", namespace: "iam" }) },
        { label: "kubernetes scheme, NodePort", spec: K8S_SCHEME, settings: settingsOf({ serviceType: "NodePort" }) },
        { label: "hostNetwork, multicast, named instances", spec: HOST_NETWORK, settings: settingsOf({ hostNetwork: true, nodeNames: { "node-a": "ip-10-1-0-1.example.internal" } }) },
    ];
}
