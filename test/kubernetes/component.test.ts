// Through the Deployment component: `kubernetes: { ... }` reaches this target's objects.
import { deploy, Deployed, thrownBy, unwrapSecret } from "../component/helpers";
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { promiseOf } from "../support/pulumi-mocks";
import { Deployment } from "../../src/component/deployment";
import { Plan } from "../../src/plan/types";
import { kubernetesObjectProblems, KubernetesObject } from "../../src/targets/kubernetes";
import { EXAMPLE_SPECS, K8S_SCHEME } from "./fixtures";

const KINDS: Record<string, string> = {
    "kubernetes:apps/v1:StatefulSet": "StatefulSet",
    "kubernetes:core/v1:Service": "Service",
    "kubernetes:core/v1:ConfigMap": "ConfigMap",
    "kubernetes:core/v1:Secret": "Secret",
    "kubernetes:core/v1:ServiceAccount": "ServiceAccount",
    "kubernetes:rbac.authorization.k8s.io/v1:Role": "Role",
    "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding": "RoleBinding",
    "kubernetes:networking.k8s.io/v1:NetworkPolicy": "NetworkPolicy",
};

/** The registered inputs as Kubernetes objects again, secret inputs unwrapped. */
function objectsOf(deployed: Deployed): KubernetesObject[] {
    return deployed.children.filter((c) => KINDS[c.type]).map((c) => {
        const { apiVersion, kind, ...rest } = c.inputs;
        const fields = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, unwrapSecret(v).value]));
        return { apiVersion, kind, ...fields } as KubernetesObject;
    });
}

describe("component: target kubernetes", () => {
    let deployed: Deployed;
    before(async () => { deployed = await deploy({ ...K8S_SCHEME, kubernetes: { namespace: "iam" } }); });

    it("registers no Docker resource, and the Kubernetes objects validate as registered", () => {
        assert.ok(!deployed.children.some((c) => c.type.startsWith("docker:")));
        const objects = objectsOf(deployed);
        assert.deepEqual(objects.filter((o) => o.kind === "StatefulSet").map((o) => o.metadata!.name).sort(), ["is", "si", "tm"]);
        assert.deepEqual(kubernetesObjectProblems(objects), []);
    });

    it("plans every pod of a group with the same ports, WKA members by pod DNS name", async () => {
        const plan = (await promiseOf(deployed.component.plan)) as Plan;
        const tm = plan.instances.filter((i) => i.group === "tm");
        assert.equal(JSON.stringify(tm[0].ports), JSON.stringify(tm[1].ports));
        assert.match(tm[0].clustering!.members[0], /^tm-1\.tm-headless\.iam\.svc\.cluster\.local:\d+$/);
    });

    it("reports bad Kubernetes settings as input-property errors before registering", () => {
        const error = thrownBy(() => new Deployment("bad", { ...EXAMPLE_SPECS["two-hosts-wka.yaml"], kubernetes: { serviceType: "Ingress" as never } }));
        assert.ok(error instanceof pulumi.InputPropertyError, String(error));
        assert.match(String((error as Error).message), /serviceType/);
    });
});
