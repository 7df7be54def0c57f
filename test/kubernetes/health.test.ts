// The mock engine first: Pulumi resources must load after setMocks.
import { allRegistered, registeredResources, resetResources } from "../support/pulumi-mocks";
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import type { IContainer } from "kubernetes-models/v1/Container";
import type { IProbe } from "kubernetes-models/v1/Probe";
import { resourceMinimums } from "../../src/catalog/health";
import { assertValidObjects, kubernetesManifests, registerKubernetesObjects, resolveKubernetesSettings } from "../../src/targets/kubernetes";
import { INetworkPolicy, IStatefulSet, KubernetesObject } from "../../src/targets/kubernetes/objects";
import { allCases, K8S_SCHEME, kubernetesInput, settingsOf } from "./fixtures";

const probesOf = (c: IContainer): IProbe[] => [c.startupProbe, c.livenessProbe, c.readinessProbe].filter((p): p is IProbe => p !== undefined);
const probePort = (p: IProbe) => p.httpGet?.port ?? p.tcpSocket?.port;
const statefulSets = (objects: KubernetesObject[]) => objects.filter((o): o is IStatefulSet => o.kind === "StatefulSet");

describe("kubernetes target: probes, budgets and resources", () => {
    for (const { label, spec, settings } of allCases()) {
        describe(label, () => {
            const input = kubernetesInput(spec, settings);
            const groups = kubernetesManifests(input, settings);
            const objects = groups.flatMap((g) => g.objects);

            it("passes the Kubernetes schema with probes, resources and disruption budgets", () => {
                assertValidObjects(objects);
            });

            it("every probe names a port of its own container, and that port is planned for the pods", () => {
                for (const set of statefulSets(objects)) {
                    const container = set.spec!.template.spec!.containers[0];
                    const probes = probesOf(container);
                    assert.equal(probes.length, 3, `${set.metadata!.name}: startup, liveness and readiness`);
                    const podInstances = input.plan.instances.filter((i) => set.spec!.selector.matchLabels!["pulumi-wso2/group"] === i.group);
                    for (const probe of probes) {
                        const declared = container.ports!.find((p) => p.name === probePort(probe));
                        assert.ok(declared, `${set.metadata!.name}: probe port ${probePort(probe)} is not a container port`);
                        assert.ok(podInstances.some((i) => i.ports.some((p) => p.port === declared!.containerPort && p.protocol === "tcp")),
                            `${set.metadata!.name}: ${declared!.containerPort} is not planned`);
                    }
                }
            });

            it("a PodDisruptionBudget of one for each clustered group, none for the others", () => {
                for (const group of input.spec.groups) {
                    const budgets = groups.find((g) => g.group === group.name)!.objects.filter((o) => o.kind === "PodDisruptionBudget");
                    assert.equal(budgets.length, group.scheme === "none" ? 0 : 1, group.name);
                    if (budgets.length === 1) {
                        const spec = (budgets[0] as { spec: { maxUnavailable: number; selector: { matchLabels: Record<string, string> } } }).spec;
                        assert.equal(spec.maxUnavailable, 1);
                        assert.deepEqual(spec.selector.matchLabels, { "pulumi-wso2/group": group.name });
                    }
                }
            });

            it("requests and limits WSO2's published minimums; rolling updates", () => {
                for (const set of statefulSets(objects)) {
                    const group = input.spec.groups.find((g) => g.name === set.spec!.selector.matchLabels!["pulumi-wso2/group"])!;
                    const { requests, limits } = resourceMinimums(group.entry.product);
                    assert.deepEqual(set.spec!.template.spec!.containers[0].resources, { requests, limits });
                    assert.deepEqual(set.spec!.updateStrategy, { type: "RollingUpdate" });
                }
            });
        });
    }

    it("hostNetwork: two instances of a group on one node probe their own shifted ports", () => {
        const settings = settingsOf({ hostNetwork: true });
        const spec = { hosts: [{ name: "node-a", address: "10.1.0.1" }], products: [{ name: "is", product: "identity-server" as const, version: "7.0.0", instanceCount: 2 }] };
        const input = kubernetesInput(spec, settings);
        const sets = statefulSets(kubernetesManifests(input, settings).flatMap((g) => g.objects));
        const readinessPorts = sets.map((s) => {
            const c = s.spec!.template.spec!.containers[0];
            return c.ports!.find((p) => p.name === probePort(c.readinessProbe!))!.containerPort;
        });
        assert.deepEqual(readinessPorts, input.plan.instances.map((i) => i.ports.find((p) => p.name === "https")!.port));
        assert.notEqual(readinessPorts[0], readinessPorts[1]);
    });

    it("probeSources admits the kubelet to exactly the probed ports", () => {
        const settings = settingsOf({ probeSources: ["10.1.0.0/16"] });
        const objects = kubernetesManifests(kubernetesInput(K8S_SCHEME, settings), settings).flatMap((g) => g.objects);
        const policy = objects.find((o): o is INetworkPolicy => o.kind === "NetworkPolicy" && o.metadata!.name === "is")!;
        const rule = policy.spec!.ingress!.find((r) => r.from?.some((f) => f.ipBlock?.cidr === "10.1.0.0/16"))!;
        assert.deepEqual(rule.ports!.map((p) => p.port), [statefulSets(objects).find((s) => s.metadata!.name === "is")!.spec!.template.spec!.containers[0].ports!.find((p) => p.name === "https")!.containerPort]);
    });

    it("overrides resources per group; refuses a bad quantity, a host-bit CIDR and a non-boolean createNamespace", () => {
        const settings = settingsOf({ resources: { is: { limits: { memory: "6Gi" } } } });
        const objects = kubernetesManifests(kubernetesInput(K8S_SCHEME, settings), settings).flatMap((g) => g.objects);
        const is = statefulSets(objects).find((s) => s.metadata!.name === "is")!;
        assert.deepEqual(is.spec!.template.spec!.containers[0].resources!.limits, { cpu: "3", memory: "6Gi" });
        const { problems } = resolveKubernetesSettings({ resources: { is: { limits: { memory: "lots" } } }, probeSources: ["10.1.0.1/16"], createNamespace: "yes" }, "kubernetes");
        assert.deepEqual(problems.map((p) => p.path), ["kubernetes.resources", "kubernetes.probeSources", "kubernetes.createNamespace"]);
        assert.match(problems[0].message, /"lots"/);
        assert.match(problems[1].message, /10\.1\.0\.0\/16/);
    });

    it("createNamespace registers the namespace first, kept on delete, and every object waits for it", async () => {
        resetResources();
        const seen: { type: string; name: string; opts: pulumi.ResourceOptions }[] = [];
        const record: pulumi.ResourceTransformation = (a) => { seen.push({ type: a.type, name: a.name, opts: a.opts }); return undefined; };
        const parent = new pulumi.ComponentResource("test:index:Parent", "ns-parent", {}, { transformations: [record] });
        const settings = settingsOf({ createNamespace: true, namespace: "iam" });
        registerKubernetesObjects({ ...kubernetesInput(K8S_SCHEME, settings), name: "wso2", parent }, settings);
        await allRegistered();
        const namespace = registeredResources().find((r) => r.type === "kubernetes:core/v1:Namespace")!;
        assert.equal(namespace.inputs.metadata.name, "iam");
        const nsSeen = seen.find((s) => s.type === "kubernetes:core/v1:Namespace")!;
        assert.equal(nsSeen.opts.retainOnDelete, true);
        const others = seen.filter((s) => s !== nsSeen && s.type !== "test:index:Parent");
        assert.ok(others.length > 5);
        for (const s of others) {
            const deps = (s.opts.dependsOn ?? []) as pulumi.Resource[];
            assert.ok(deps.some((d) => (d as unknown as { __name: string }).__name === "wso2-namespace"), `${s.type} ${s.name}`);
        }
    });
});
