// The mock engine first: Pulumi resources must load after setMocks.
import { allRegistered, registeredResources, resetResources } from "../support/pulumi-mocks";
import { strict as assert } from "node:assert";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { DeploymentSpec } from "../../src/spec/types";
import { kubernetesManifests, KubernetesValidationError, registerKubernetesObjects, registerKubernetesTarget } from "../../src/targets/kubernetes";
import { ResolvedKubernetesSettings } from "../../src/targets/kubernetes/types";
import { TargetContext } from "../../src/targets/types";
import { EXAMPLE_SPECS, K8S_SCHEME, kubernetesInput, settingsOf } from "./fixtures";

interface Seen {
    type: string;
    name: string;
    opts: pulumi.ResourceOptions;
}

/** A parent component whose transformation records every child's options. */
function parentRecording(seen: Seen[]): pulumi.ComponentResource {
    const record: pulumi.ResourceTransformation = (a) => {
        seen.push({ type: a.type, name: a.name, opts: a.opts });
        return undefined;
    };
    return new pulumi.ComponentResource("test:index:Parent", `parent-${Math.random().toString(36).slice(2, 8)}`, {}, { transformations: [record] });
}

function contextFor(spec: DeploymentSpec, settings: ResolvedKubernetesSettings, parent: pulumi.ComponentResource): TargetContext {
    const input = kubernetesInput(spec, settings);
    return { ...input, name: "wso2", parent };
}

const byType = (type: string) => registeredResources().filter((r) => r.type === type);
/** Registration order follows dependencies, not code order: compare names sorted. */
const namesOf = (type: string) => byType(type).map((r) => r.name).sort();

describe("registerKubernetesTarget on the mock engine", () => {
    const settings = settingsOf({ namespace: "iam", serviceType: "LoadBalancer" });
    let seen: Seen[];
    let ctx: TargetContext;
    let provider: k8s.Provider;
    let resources: Record<string, pulumi.CustomResource>;

    before(async () => {
        resetResources();
        seen = [];
        provider = new k8s.Provider("cluster", { namespace: "ignored" });
        ctx = contextFor(K8S_SCHEME, settings, parentRecording(seen));
        resources = registerKubernetesObjects(ctx, settings, provider);
        await allRegistered();
    });

    it("registers one resource per object, named from the component and the object", () => {
        const expected = kubernetesManifests(ctx, settings).flatMap((g) => g.objects).map((o) => `${o.kind}/${o.metadata!.name}`);
        assert.deepEqual(Object.keys(resources).sort(), [...expected].sort());
        assert.deepEqual(namesOf("kubernetes:apps/v1:StatefulSet"), ["wso2-is", "wso2-si", "wso2-tm"]);
        assert.deepEqual(namesOf("kubernetes:rbac.authorization.k8s.io/v1:Role"), ["wso2-is-membership"]);
        assert.deepEqual(namesOf("kubernetes:networking.k8s.io/v1:NetworkPolicy"), ["wso2-is", "wso2-si", "wso2-tm"]);
        assert.deepEqual(namesOf("kubernetes:core/v1:Secret"), ["wso2-is-config"]);
        assert.deepEqual(namesOf("kubernetes:core/v1:ConfigMap"), ["wso2-si-config", "wso2-tm-config"]);
    });

    it("passes each object's fields as the resource's inputs", () => {
        const objects = kubernetesManifests(ctx, settings).flatMap((g) => g.objects);
        const sts = objects.find((o) => o.kind === "StatefulSet" && o.metadata!.name === "is")!;
        const registered = byType("kubernetes:apps/v1:StatefulSet").find((r) => r.name === "wso2-is")!;
        assert.ok(sts.kind === "StatefulSet");
        assert.deepEqual(registered.inputs.spec, JSON.parse(JSON.stringify(sts.spec)));
        assert.deepEqual(registered.inputs.metadata, JSON.parse(JSON.stringify(sts.metadata)));
        const svc = byType("kubernetes:core/v1:Service").find((r) => r.name === "wso2-is")!;
        assert.equal(svc.inputs.spec.type, "LoadBalancer");
        assert.equal(svc.inputs.metadata.namespace, "iam");
        assert.match(svc.inputs.metadata.annotations["pulumi-wso2/ports"], /^\d+\/tcp=public(,\d+\/tcp=public)*$/);
    });

    it("registers every child under the parent, with the given provider, deleting before replacing", () => {
        const children = seen.filter((s) => s.type.startsWith("kubernetes:"));
        assert.equal(children.length, Object.keys(resources).length);
        for (const c of children) {
            assert.equal(c.opts.parent, ctx.parent, c.name);
            assert.equal(c.opts.provider, provider, c.name);
            assert.equal((c.opts as pulumi.CustomResourceOptions).deleteBeforeReplace, true, c.name);
        }
    });

    it("starts a group's pods only after its config, account and NetworkPolicy exist", () => {
        const sts = seen.find((s) => s.type === "kubernetes:apps/v1:StatefulSet" && s.name === "wso2-is")!;
        const deps = sts.opts.dependsOn as pulumi.Resource[];
        for (const id of ["Secret/is-config", "ServiceAccount/is-membership", "RoleBinding/is-membership", "NetworkPolicy/is", "Service/is-headless"]) {
            assert.ok(deps.includes(resources[id]), `${id} missing from dependsOn`);
        }
        assert.ok(!deps.includes(resources["ConfigMap/tm-config"]), "depends on another group's objects");
    });

    it("keeps the config text of a Secret secret", async () => {
        const secret = resources["Secret/is-config"] as k8s.core.v1.Secret;
        assert.equal(await pulumi.isSecret(secret.stringData), true);
        const configMap = resources["ConfigMap/tm-config"] as k8s.core.v1.ConfigMap;
        assert.equal(await pulumi.isSecret(configMap.data), false);
    });
});

describe("registerKubernetesTarget guards", () => {
    it("validates before registering: clashing names register nothing", async () => {
        resetResources();
        // Under hostNetwork an instance's Service is named after it, here like group c's headless Service.
        const spec: DeploymentSpec = {
            products: [
                { name: "a", product: "micro-integrator", version: "4.2.0", instances: [{ name: "c-headless" }] },
                { name: "c", product: "micro-integrator", version: "4.2.0" },
            ],
        };
        const settings = settingsOf({ hostNetwork: true });
        const ctx = contextFor(spec, settings, new pulumi.ComponentResource("test:index:Parent", "guard"));
        await allRegistered();
        const before = registeredResources().length;
        assert.throws(() => registerKubernetesTarget(ctx, { hostNetwork: true }), (e: unknown) =>
            e instanceof KubernetesValidationError && e.problems.some((p) => /Service\/wso2\/c-headless is defined twice/.test(p)));
        await allRegistered();
        assert.equal(registeredResources().length, before);
    });

    it("registers through registerKubernetesTarget with the args' settings", async () => {
        resetResources();
        const args = { namespace: "edge" };
        const ctx = contextFor(EXAMPLE_SPECS["two-hosts-wka.yaml"], settingsOf(args), new pulumi.ComponentResource("test:index:Parent", "plain"));
        registerKubernetesTarget(ctx, args);
        await allRegistered();
        assert.deepEqual(namesOf("kubernetes:apps/v1:StatefulSet"), ["wso2-apim", "wso2-is", "wso2-mi"]);
        assert.ok(byType("kubernetes:apps/v1:StatefulSet").every((s) => s.inputs.metadata.namespace === "edge"));
    });
});
