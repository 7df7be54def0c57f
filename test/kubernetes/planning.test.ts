import { strict as assert } from "node:assert";
import { planSpec } from "../../src/plan/planner";
import { SpecError } from "../../src/spec/errors";
import { DeploymentSpec } from "../../src/spec/types";
import { kubernetesPlanningSpec, kubernetesRenderOptionsFor, resolveKubernetesSettings } from "../../src/targets/kubernetes";
import { EXAMPLE_SPECS, HOST_NETWORK, K8S_SCHEME } from "./fixtures";

function problemsOf(fn: () => unknown): { path: string; message: string }[] {
    try {
        fn();
    } catch (e) {
        if (e instanceof SpecError) return e.problems;
        throw e;
    }
    assert.fail("expected a SpecError");
}

const TWO_HOSTS = EXAMPLE_SPECS["two-hosts-wka.yaml"];

describe("kubernetes settings", () => {
    it("defaults to namespace wso2, ClusterIP, pod network", () => {
        const { settings, problems } = resolveKubernetesSettings(undefined, "kubernetes");
        assert.deepEqual(problems, []);
        assert.equal(settings.namespace, "wso2");
        assert.equal(settings.serviceType, "ClusterIP");
        assert.equal(settings.hostNetwork, false);
        assert.equal(settings.clusterDomain, "cluster.local");
    });

    it("reports every bad field with its path", () => {
        const { problems } = resolveKubernetesSettings({ namespace: "Bad_NS", serviceType: "External", hostNetwork: "yes", images: { is: 3 }, clusterDomain: "-x", replicas: 2 }, "target.kubernetes");
        assert.deepEqual(problems.map((p) => p.path).sort(), [
            "target.kubernetes.clusterDomain", "target.kubernetes.hostNetwork", "target.kubernetes.images",
            "target.kubernetes.namespace", "target.kubernetes.replicas", "target.kubernetes.serviceType",
        ]);
        assert.match(problems.find((p) => p.path.endsWith("serviceType"))!.message, /ClusterIP, LoadBalancer, NodePort/);
    });

    it("rejects a provider key: the cluster comes through the component's opts.providers", () => {
        const { problems } = resolveKubernetesSettings({ provider: {} }, "kubernetes");
        assert.deepEqual(problems.map((p) => p.path), ["kubernetes.provider"]);
        assert.match(problems[0].message, /opts\.providers/);
    });

    it("throws bad settings from kubernetesPlanningSpec as SpecError", () => {
        const problems = problemsOf(() => kubernetesPlanningSpec(TWO_HOSTS, { namespace: "UPPER" }));
        assert.deepEqual(problems.map((p) => p.path), ["kubernetes.namespace"]);
    });
});

describe("kubernetesPlanningSpec on the pod network", () => {
    it("gives every instance its own host, so every pod of a group gets the same ports", () => {
        const { plan } = planSpec(kubernetesPlanningSpec(TWO_HOSTS, {}));
        for (const group of ["is", "apim"]) {
            const ports = plan.instances.filter((i) => i.group === group).map((i) => JSON.stringify(i.ports));
            assert.equal(new Set(ports).size, 1, `${group}: pods differ`);
        }
        assert.deepEqual(plan.hosts.map((h) => h.name), ["is-1", "is-2", "apim-1", "apim-2", "mi-1"]);
    });

    it("keeps a group's one explicit offset for every pod (apim-1's offset 10 applies to apim-2 too)", () => {
        const { plan } = planSpec(kubernetesPlanningSpec(TWO_HOSTS, {}));
        assert.deepEqual(plan.instances.filter((i) => i.group === "apim").map((i) => i.offset), [10, 10]);
        assert.deepEqual(plan.instances.filter((i) => i.group === "is").map((i) => i.offset), [0, 0]);
    });

    it("lists WKA members by pod DNS name under the group's headless Service", () => {
        const { plan } = planSpec(kubernetesPlanningSpec(TWO_HOSTS, { namespace: "iam", clusterDomain: "corp.local" }));
        const is1 = plan.instances.find((i) => i.name === "is-1")!;
        const port = is1.clustering!.localMemberPort;
        assert.deepEqual(is1.clustering!.members, [
            `is-1.is-headless.iam.svc.corp.local:${port}`, `is-2.is-headless.iam.svc.corp.local:${port}`,
        ]);
        assert.equal(kubernetesRenderOptionsFor({ namespace: "iam", clusterDomain: "corp.local" }).memberAddress(is1), is1.address);
    });

    it("gives render the headless Service and namespace for the kubernetes scheme", () => {
        const options = kubernetesRenderOptionsFor({ namespace: "iam" });
        assert.equal(options.kubernetes.namespace, "iam");
        assert.equal(options.kubernetes.serviceName("is"), "is-headless");
    });

    it("rejects instance names that are not the StatefulSet's pod names", () => {
        const problems = problemsOf(() => kubernetesPlanningSpec(HOST_NETWORK, {}));
        const paths = problems.map((p) => p.path);
        assert.ok(paths.includes("products[1].instances[0].name"), paths.join());
        assert.match(problems.find((p) => p.path === "products[1].instances[0].name")!.message, /would be StatefulSet pod "apim-1"/);
    });

    it("rejects multicast, which does not cross pod networks", () => {
        const problems = problemsOf(() => kubernetesPlanningSpec(HOST_NETWORK, {}));
        assert.ok(problems.some((p) => p.path === "products[0].clustering.scheme" && /multicast/.test(p.message)));
    });

    it("rejects different offsets within one group", () => {
        const spec: DeploymentSpec = { products: [{ name: "is", product: "identity-server", version: "7.0.0", instances: [{ offset: 1 }, { offset: 2 }] }] };
        const problems = problemsOf(() => kubernetesPlanningSpec(spec, {}));
        assert.equal(problems.length, 1);
        assert.match(problems[0].message, /share one pod template and so one offset; got 1, 2/);
    });

    it("leaves a malformed spec for resolveSpec to report", () => {
        const bad = { products: "none" } as unknown as DeploymentSpec;
        assert.equal(kubernetesPlanningSpec(bad, {}), bad);
    });

    it("plans the kubernetes scheme with one member port per group", () => {
        const { plan } = planSpec(kubernetesPlanningSpec(K8S_SCHEME, {}));
        const ports = plan.instances.filter((i) => i.group === "is").map((i) => i.clustering!.localMemberPort);
        assert.equal(new Set(ports).size, 1);
    });
});

describe("kubernetesPlanningSpec under hostNetwork", () => {
    it("plans the spec as written: the hosts are the nodes and offsets differ per node", () => {
        const spec = kubernetesPlanningSpec(HOST_NETWORK, { hostNetwork: true });
        assert.equal(spec, HOST_NETWORK);
        const { plan } = planSpec(spec);
        const onA = plan.instances.filter((i) => i.host === "node-a" && i.group === "is").map((i) => i.offset);
        assert.equal(new Set(onA).size, onA.length);
    });

    it("rejects instance names too long for a StatefulSet", () => {
        const spec: DeploymentSpec = { products: [{ name: "is", product: "identity-server", version: "7.0.0", instances: [{ name: "i".repeat(53) }] }] };
        const problems = problemsOf(() => kubernetesPlanningSpec(spec, { hostNetwork: true }));
        assert.deepEqual(problems.map((p) => p.path), ["products[0].instances[0].name"]);
    });
});
