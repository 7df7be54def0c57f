import { strict as assert } from "node:assert";
import { prepareDeployment, selectTarget } from "../../src/component/prepare";
import { TARGET_KINDS, TARGETS } from "../../src/targets";

const SPEC = {
    hosts: [{ name: "host-a", address: "10.0.0.11" }],
    products: [{ name: "is", product: "identity-server" as const, version: "7.0.0", instanceCount: 2, clustering: { scheme: "wka" as const } }],
};

describe("component: targets behind one contract", () => {
    it("each registered target answers to the key that selects it", () => {
        for (const kind of TARGET_KINDS) assert.equal(TARGETS[kind].kind, kind);
        assert.deepEqual(TARGET_KINDS, ["docker", "kubernetes"]);
    });

    it("selects the default target when none is named, and rejects two at once naming both", () => {
        assert.equal(selectTarget(undefined).kind, "docker");
        const both = selectTarget({ docker: {}, kubernetes: {} });
        assert.match(both.problems[0].message, /docker, kubernetes/);
    });

    it("the coordinator takes planning spec and render options from the target: pod DNS members on Kubernetes, host addresses on Docker", () => {
        const onDocker = prepareDeployment({ ...SPEC });
        const onKubernetes = prepareDeployment({ ...SPEC, kubernetes: { namespace: "apps" } });
        assert.equal(onDocker.target, "docker");
        assert.equal(onKubernetes.target, "kubernetes");
        assert.match(onDocker.configs[0].text, /10\.0\.0\.11:4000/);
        assert.match(onKubernetes.configs[0].text, /is-1\.is-headless\.apps\.svc\.cluster\.local:4000/);
        // Kubernetes plans one network per pod: each pod is its own planner host.
        assert.deepEqual(onKubernetes.plan.hosts.map((h) => h.name), ["is-1", "is-2"]);
    });

    it("a target's argument problems come with the spec's, before anything is planned", () => {
        assert.throws(() => prepareDeployment({ ...SPEC, docker: { bind: { management: "nowhere" } }, products: [] }),
            (e: Error) => /bind\.management/.test(JSON.stringify(e)) && /products/.test(JSON.stringify(e)));
    });
});
