import { strict as assert } from "node:assert";
import { kubernetesManifests, KubernetesObject, KubernetesValidationError, assertValidObjects } from "../../src/targets/kubernetes";
import { INetworkPolicy, IRoleBinding, IService, IStatefulSet } from "../../src/targets/kubernetes/objects";
import {
    networkPolicyPortProblems, OWN_CHECKS, portNameProblems, portRangeProblems, referenceProblems, schemaProblems,
    selectorProblems, serviceTargetPortProblems, uniqueNameProblems, uniquePortProblems,
} from "../../src/targets/kubernetes/validate";
import { DeploymentSpec } from "../../src/spec/types";
import { EXAMPLE_SPECS, K8S_SCHEME, kubernetesInput, settingsOf } from "./fixtures";

/** A valid set: two clustered groups (WKA, and the kubernetes scheme in a second namespace), ConfigMaps and a Secret. */
function goodObjects(): KubernetesObject[] {
    const objectsOf = (spec: DeploymentSpec, namespace: string) => {
        const settings = settingsOf({ namespace });
        return kubernetesManifests(kubernetesInput(spec, settings), settings).flatMap((g) => g.objects);
    };
    return structuredClone([...objectsOf(EXAMPLE_SPECS["two-hosts-wka.yaml"], "wso2"), ...objectsOf(K8S_SCHEME, "iam")]);
}

/** The first object of that kind and name: namespace wso2's, where both namespaces have one. */
function get<T extends KubernetesObject>(objects: KubernetesObject[], kind: T["kind"], name: string): T {
    return objects.find((o) => o.kind === kind && o.metadata!.name === name) as T;
}
const isContainer = (objects: KubernetesObject[]) => get<IStatefulSet>(objects, "StatefulSet", "is").spec!.template.spec!.containers[0];

/** Applies a mutation to a fresh good set; the named check must catch it, and so must the whole validation. */
function rejected(check: (o: KubernetesObject[]) => string[], mutate: (objects: KubernetesObject[]) => void, expected: RegExp): void {
    const objects = goodObjects();
    assert.deepEqual(check(objects), [], "the good set already fails");
    mutate(objects);
    const problems = check(objects);
    assert.ok(problems.some((p) => expected.test(p)), `expected ${expected}, got ${JSON.stringify(problems)}`);
    assert.throws(() => assertValidObjects(objects), KubernetesValidationError);
}

describe("validation of Kubernetes objects", () => {
    it("accepts the good set, with every check run", () => {
        assert.equal(Object.keys(OWN_CHECKS).length, 8);
        assert.doesNotThrow(() => assertValidObjects(goodObjects()));
    });

    it("schema: rejects a containerPort that is not an integer", () => {
        const objects = goodObjects();
        (isContainer(objects).ports![0] as { containerPort: unknown }).containerPort = "9443";
        const s = get<IStatefulSet>(objects, "StatefulSet", "is");
        assert.match(schemaProblems(s).join(), /containerPort must be integer/);
    });

    it("schema: rejects a Service without spec.ports entries' port", () => {
        const objects = goodObjects();
        delete (get<IService>(objects, "Service", "is").spec!.ports![0] as { port?: number }).port;
        assert.match(schemaProblems(get<IService>(objects, "Service", "is")).join(), /port/);
    });

    it("ports 1-65535: rejects 70000, which the schema accepts", () => {
        const objects = goodObjects();
        isContainer(objects).ports![0].containerPort = 70000;
        assert.deepEqual(schemaProblems(get<IStatefulSet>(objects, "StatefulSet", "is")), []);
        rejected(portRangeProblems, (o) => { isContainer(o).ports![0].containerPort = 70000; }, /70000 is not a port from 1 to 65535/);
    });

    it("ports 1-65535: rejects port 0 in a NetworkPolicy", () => {
        rejected(portRangeProblems, (o) => { get<INetworkPolicy>(o, "NetworkPolicy", "is").spec!.ingress![0].ports![0].port = 0; }, /ingress port 0/);
    });

    it("port names: rejects 16 characters and upper case", () => {
        rejected(portNameProblems, (o) => { isContainer(o).ports![0].name = "passthru-https-x"; }, /"passthru-https-x" must be 1-15/);
        rejected(portNameProblems, (o) => { get<IService>(o, "Service", "is").spec!.ports![0].name = "HTTPS"; }, /"HTTPS"/);
    });

    it("unique ports: rejects a repeated name and a repeated number per container", () => {
        rejected(uniquePortProblems, (o) => { const p = isContainer(o).ports!; p.push({ ...p[0], containerPort: 1 }); }, /port name "\S+" twice/);
        rejected(uniquePortProblems, (o) => { const p = isContainer(o).ports!; p.push({ ...p[0], name: "again" }); }, /lists \d+\/TCP twice/);
    });

    it("selectors: rejects a Service that selects no pod, and a StatefulSet whose selector misses its template", () => {
        rejected(selectorProblems, (o) => { get<IService>(o, "Service", "is").spec!.selector = { "pulumi-wso2/group": "nobody" }; }, /matches no pod template/);
        rejected(selectorProblems, (o) => { get<IStatefulSet>(o, "StatefulSet", "is").spec!.selector.matchLabels = { app: "x" }; }, /does not match its pod template/);
    });

    it("selectors: rejects a NetworkPolicy peer that selects no pod", () => {
        rejected(selectorProblems, (o) => {
            const rule = get<INetworkPolicy>(o, "NetworkPolicy", "is").spec!.ingress!.find((r) => r.from![0].podSelector)!;
            rule.from![0].podSelector!.matchLabels = { "pulumi-wso2/group": "other" };
        }, /ingress peer podSelector/);
    });

    it("NetworkPolicy ports: rejects a port the selected pods do not listen on", () => {
        rejected(networkPolicyPortProblems, (o) => { get<INetworkPolicy>(o, "NetworkPolicy", "is").spec!.ingress![0].ports!.push({ port: 1234, protocol: "TCP" }); }, /opens 1234\/TCP, which pods of StatefulSet\/is do not listen on/);
        rejected(networkPolicyPortProblems, (o) => { get<INetworkPolicy>(o, "NetworkPolicy", "is").spec!.ingress![0].ports![0].protocol = "UDP"; }, /\/UDP, which pods/);
    });

    it("Service target ports: rejects a targetPort the pods do not listen on", () => {
        rejected(serviceTargetPortProblems, (o) => { get<IService>(o, "Service", "is").spec!.ports![0].targetPort = 1234; }, /forwards to 1234\/TCP/);
    });

    it("unique names: rejects two objects of one kind and name", () => {
        rejected(uniqueNameProblems, (o) => { o.push(structuredClone(get<IService>(o, "Service", "is"))); }, /Service\/wso2\/is is defined twice/);
    });

    it("references: rejects a pod whose config key is missing (a third replica)", () => {
        rejected(referenceProblems, (o) => { get<IStatefulSet>(o, "StatefulSet", "apim").spec!.replicas = 3; }, /mounts key "apim-3.deployment.toml" of ConfigMap\/apim-config/);
    });

    it("references: rejects pods numbered from 0 (no ordinals.start), whose keys do not exist", () => {
        rejected(referenceProblems, (o) => { delete get<IStatefulSet>(o, "StatefulSet", "is").spec!.ordinals; }, /"is-0.deployment.toml"/);
    });

    it("references: rejects a missing headless Service, ServiceAccount and Role", () => {
        rejected(referenceProblems, (o) => { get<IStatefulSet>(o, "StatefulSet", "is").spec!.serviceName = "is"; }, /serviceName "is" is not a headless Service/);
        rejected(referenceProblems, (o) => { get<IStatefulSet>(o, "StatefulSet", "is").spec!.template.spec!.serviceAccountName = "ghost"; }, /ServiceAccount "ghost" is not defined/);
        rejected(referenceProblems, (o) => { get<IRoleBinding>(o, "RoleBinding", "is-membership").roleRef.name = "ghost"; }, /Role "ghost" is not defined/);
    });

    it("references: rejects a mount of an undefined volume", () => {
        rejected(referenceProblems, (o) => { isContainer(o).volumeMounts![0].name = "nothing"; }, /mounts undefined volume "nothing"/);
    });
});
