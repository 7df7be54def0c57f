import { strict as assert } from "node:assert";
import { parseAllDocuments } from "yaml";
import { ARTIFACT_PRODUCERS } from "../../src/output/producers";
import { planSpec } from "../../src/plan/planner";
import { SpecError } from "../../src/spec/errors";
import { DeploymentSpec } from "../../src/spec/types";
import { kubernetesObjectProblems, KubernetesObject, KubernetesRenderOptions } from "../../src/targets/kubernetes";
import { ConfigRenderer, KubernetesArtifactInput, kubernetesArtifactsWith } from "../../src/targets/kubernetes/artifacts";
import { kubernetesArtifacts } from "../../src/targets/kubernetes/producer";
import { EXAMPLE_SPECS, HOST_NETWORK, K8S_SCHEME, standInConfigs } from "./fixtures";

/** What `render` hands every producer: the spec planned as written, and the raw file. */
function renderInput(spec: DeploymentSpec, raw: unknown = spec): KubernetesArtifactInput {
    const planned = planSpec(spec);
    return { ...planned, configs: standInConfigs(planned.spec, planned.plan), raw };
}

const render: ConfigRenderer = (spec, plan) => standInConfigs(spec, plan);
const parsed = (content: string) => parseAllDocuments(content).map((d) => d.toJS() as KubernetesObject);

describe("render: kubernetes/<group>.yaml", () => {
    for (const [file, spec] of Object.entries({ ...EXAMPLE_SPECS, "k8s-scheme": K8S_SCHEME })) {
        it(`${file}: one file per group whose objects parse back and validate`, () => {
            const artifacts = kubernetesArtifactsWith(renderInput(spec), render);
            assert.deepEqual(artifacts.map((a) => a.path), spec.products.map((g) => `kubernetes/${g.name}.yaml`));
            const objects = artifacts.flatMap((a) => parsed(a.content));
            assert.ok(objects.some((o) => o.kind === "StatefulSet"));
            assert.deepEqual(kubernetesObjectProblems(objects), []);
        });
    }

    it("keeps a file holding a Secret private (0600), others readable (0644)", () => {
        const artifacts = kubernetesArtifactsWith(renderInput(K8S_SCHEME), render);
        const mode = (p: string) => artifacts.find((a) => a.path === p)!.mode;
        assert.equal(mode("kubernetes/is.yaml"), 0o600);
        assert.equal(mode("kubernetes/tm.yaml"), 0o644);
        assert.ok(parsed(artifacts.find((a) => a.path === "kubernetes/is.yaml")!.content).some((o) => o.kind === "Secret"));
    });

    it("writes the config text as a readable block, exactly", () => {
        const artifacts = kubernetesArtifactsWith(renderInput(EXAMPLE_SPECS["two-hosts-wka.yaml"]), render);
        const content = artifacts.find((a) => a.path === "kubernetes/is.yaml")!.content;
        assert.match(content, /is-1\.deployment\.toml: \|/);
        const cm = parsed(content).find((o) => o.kind === "ConfigMap")!;
        assert.ok(cm.kind === "ConfigMap");
        assert.match(cm.data!["is-1.deployment.toml"], /^# is-1\n\[server\]/);
    });

    it("plans for Kubernetes, not as render planned: pod DNS members, and passes the render options", () => {
        let options: KubernetesRenderOptions | undefined;
        const capture: ConfigRenderer = (spec, plan, o) => ((options = o), standInConfigs(spec, plan));
        const raw = { ...EXAMPLE_SPECS["two-hosts-wka.yaml"], kubernetes: { namespace: "iam" } };
        const artifacts = kubernetesArtifactsWith(renderInput(EXAMPLE_SPECS["two-hosts-wka.yaml"], raw), capture);
        assert.equal(options!.kubernetes.namespace, "iam");
        assert.equal(options!.kubernetes.serviceName("is"), "is-headless");
        const cm = parsed(artifacts[0].content).find((o) => o.kind === "ConfigMap")!;
        assert.ok(cm.kind === "ConfigMap");
        assert.match(cm.data!["is-2.deployment.toml"], /"is-1\.is-headless\.iam\.svc\.cluster\.local:\d+"/);
        assert.equal(cm.metadata!.namespace, "iam");
    });

    it("reads hostNetwork and serviceType from the spec file's kubernetes: section", () => {
        const raw = { ...HOST_NETWORK, kubernetes: { hostNetwork: true, serviceType: "NodePort" } };
        const objects = kubernetesArtifactsWith(renderInput(HOST_NETWORK, raw), render).flatMap((a) => parsed(a.content));
        const gw = objects.find((o) => o.kind === "StatefulSet" && o.metadata!.name === "gw-east")!;
        assert.ok(gw.kind === "StatefulSet");
        assert.equal(gw.spec!.template.spec!.hostNetwork, true);
        assert.ok(objects.filter((o) => o.kind === "Service" && !o.metadata!.name!.endsWith("-headless")).every((o) => o.kind === "Service" && o.spec!.type === "NodePort"));
    });

    it("reports bad kubernetes: settings as SpecError with their path", () => {
        const raw = { ...K8S_SCHEME, kubernetes: { namespace: "Not Valid", serviceType: "Ingress" } };
        assert.throws(() => kubernetesArtifactsWith(renderInput(K8S_SCHEME, raw), render), (e: unknown) =>
            e instanceof SpecError && e.problems.map((p) => p.path).sort().join() === "kubernetes.namespace,kubernetes.serviceType");
    });

    it("fails, naming why, when a spec cannot run there with the default settings", () => {
        assert.throws(() => kubernetesArtifactsWith(renderInput(HOST_NETWORK), render), (e: unknown) =>
            e instanceof SpecError && e.problems.some((p) => p.path === "products[0].clustering.scheme" && /multicast/.test(p.message)));
    });

    it("fails when a spec asks for Kubernetes explicitly and cannot run there", () => {
        assert.throws(() => kubernetesArtifactsWith(renderInput(HOST_NETWORK, { ...HOST_NETWORK, kubernetes: {} }), render), SpecError);
    });
});

describe("render: YAML shape", () => {
    it("writes no YAML anchors or aliases, so each object reads on its own", () => {
        const artifacts = kubernetesArtifactsWith(renderInput(K8S_SCHEME), render);
        for (const a of artifacts) assert.doesNotMatch(a.content, /(^|\s)[&*]a\d+\b/m, a.path);
    });
});

describe("render: the registered producer", () => {
    it("is in ARTIFACT_PRODUCERS", () => {
        assert.ok(ARTIFACT_PRODUCERS.includes(kubernetesArtifacts));
    });

    it("writes nothing for a spec without a kubernetes: block (it targets Docker), even one Kubernetes could not run", () => {
        for (const spec of [EXAMPLE_SPECS["two-hosts-wka.yaml"], HOST_NETWORK]) assert.deepEqual(kubernetesArtifacts(renderInput(spec)), []);
    });

    it("writes valid objects with the real config renderer", () => {
        const spec = EXAMPLE_SPECS["two-hosts-wka.yaml"];
        const artifacts = kubernetesArtifacts(renderInput(spec, { ...spec, kubernetes: {} }));
        assert.deepEqual(artifacts.map((a) => a.path), spec.products.map((g) => `kubernetes/${g.name}.yaml`));
        assert.deepEqual(kubernetesObjectProblems(artifacts.flatMap((a) => parsed(a.content))), []);
    });
});
