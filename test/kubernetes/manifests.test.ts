import { strict as assert } from "node:assert";
import {
    networkPolicyClusterPortViolations, NetworkPolicyInputs, serviceClusterPortViolations, ServiceInputs, servicePrivatePortViolations,
} from "../../src/policy";
import { decodePortsLabel, LABELS } from "../../src/output/labels";
import { PlannedInstance } from "../../src/plan/types";
import { GroupManifests, kubernetesManifests, kubernetesObjectProblems, KubernetesObject } from "../../src/targets/kubernetes";
import { CONFIG_CHECKSUM, NODE_LABEL } from "../../src/targets/kubernetes/manifests";
import { IConfigMap, INetworkPolicy, ISecret, IService, IStatefulSet } from "../../src/targets/kubernetes/objects";
import { allCases, EXAMPLE_SPECS, HOST_NETWORK, K8S_SCHEME, kubernetesInput, settingsOf } from "./fixtures";

function find<T extends KubernetesObject>(groups: GroupManifests[], kind: T["kind"], name: string): T {
    const o = groups.flatMap((g) => g.objects).find((x) => x.kind === kind && x.metadata?.name === name);
    assert.ok(o, `${kind}/${name} missing`);
    return o as T;
}
const names = (groups: GroupManifests[], kind: string) => groups.flatMap((g) => g.objects).filter((o) => o.kind === kind).map((o) => o.metadata!.name);
const containerOf = (s: IStatefulSet) => s.spec!.template.spec!.containers[0];

describe("kubernetesManifests: every object of every spec validates", () => {
    for (const c of allCases()) {
        it(`${c.label}: schema and own checks`, () => {
            const groups = kubernetesManifests(kubernetesInput(c.spec, c.settings), c.settings);
            const objects = groups.flatMap((g) => g.objects);
            assert.ok(objects.length > 0);
            assert.deepEqual(kubernetesObjectProblems(objects), []);
        });
    }
});

describe("kubernetesManifests on the pod network", () => {
    const settings = settingsOf({ namespace: "iam" });
    const input = kubernetesInput(EXAMPLE_SPECS["two-hosts-wka.yaml"], settings);
    const groups = kubernetesManifests(input, settings);
    const planned = (name: string) => input.plan.instances.find((i) => i.name === name) as PlannedInstance;

    it("registers one StatefulSet per group whose pods are the spec's instances", () => {
        assert.deepEqual(names(groups, "StatefulSet"), ["is", "apim", "mi"]);
        const is = find<IStatefulSet>(groups, "StatefulSet", "is");
        assert.equal(is.spec!.replicas, 2);
        assert.deepEqual(is.spec!.ordinals, { start: 1 });
        assert.equal(is.spec!.serviceName, "is-headless");
        assert.equal(is.metadata!.namespace, "iam");
    });

    it("lists container ports exactly as planned: names, numbers, protocols", () => {
        const ports = containerOf(find<IStatefulSet>(groups, "StatefulSet", "apim")).ports!;
        const expected = planned("apim-1").ports.map((p) => ({ name: p.name, containerPort: p.port, protocol: p.protocol.toUpperCase() }));
        assert.deepEqual(ports, expected);
        assert.ok(ports.every((p) => p.hostPort === undefined));
    });

    it("uses the product image and mounts each pod's own file by pod name", () => {
        const c = containerOf(find<IStatefulSet>(groups, "StatefulSet", "is"));
        assert.equal(c.image, "wso2/wso2is:7.0.0");
        assert.equal(c.volumeMounts![0].subPathExpr, "$(POD_NAME).deployment.toml");
        assert.equal(c.volumeMounts![0].mountPath, input.configs.find((x) => x.instance === "is-1")!.containerPath);
        assert.deepEqual(c.env!.map((e) => [e.name, e.valueFrom?.fieldRef?.fieldPath]), [["POD_NAME", "metadata.name"], ["POD_NAMESPACE", "metadata.namespace"], ["POD_IP", "status.podIP"]]);
    });

    it("keeps configs without passwords in a ConfigMap, one key per instance, and rolls pods when they change", () => {
        const cm = find<IConfigMap>(groups, "ConfigMap", "is-config");
        assert.deepEqual(Object.keys(cm.data!), ["is-1.deployment.toml", "is-2.deployment.toml"]);
        assert.equal(cm.data!["is-2.deployment.toml"], input.configs.find((x) => x.instance === "is-2")!.text);
        const annotations = find<IStatefulSet>(groups, "StatefulSet", "is").spec!.template.metadata!.annotations!;
        assert.match(annotations[CONFIG_CHECKSUM], /^[0-9a-f]{64}$/);
        assert.deepEqual(names(groups, "Secret"), []);
    });

    it("offers only public ports through the group's Service, same number outside and in", () => {
        const svc = find<IService>(groups, "Service", "is");
        const publicPorts = planned("is-1").ports.filter((p) => p.exposure === "public");
        assert.equal(svc.spec!.type, "ClusterIP");
        assert.deepEqual(svc.spec!.ports!.map((p) => [p.name, p.port, p.targetPort]), publicPorts.map((p) => [p.name, p.port, p.port]));
        assert.deepEqual(decodePortsLabel(svc.metadata!.annotations![LABELS.ports]).map((p) => p.exposure), publicPorts.map(() => "public"));
    });

    it("gives the cluster port to a headless Service that publishes not-ready pods", () => {
        const svc = find<IService>(groups, "Service", "is-headless");
        assert.equal(svc.spec!.clusterIP, "None");
        assert.equal(svc.spec!.publishNotReadyAddresses, true);
        assert.deepEqual(svc.spec!.ports!.map((p) => p.port), planned("is-1").ports.filter((p) => p.exposure === "cluster").map((p) => p.port));
        // MI is not clustered: its headless Service only names the pods.
        assert.equal(find<IService>(groups, "Service", "mi-headless").spec!.ports, undefined);
    });

    it("opens public ports to exposure.public, management ports to exposure.management, cluster ports to the group, nothing else", () => {
        const np = find<INetworkPolicy>(groups, "NetworkPolicy", "is");
        const ports = planned("is-1").ports;
        const byClass = (cls: string) => ports.filter((p) => p.exposure === cls).map((p) => p.port);
        const [pub, mgmt, cluster] = np.spec!.ingress!;
        assert.deepEqual(np.spec!.policyTypes, ["Ingress"]);
        assert.equal(np.spec!.ingress!.length, 3);
        assert.deepEqual(pub.from, [{ ipBlock: { cidr: "0.0.0.0/0" } }]);
        assert.deepEqual(pub.ports!.map((p) => p.port), byClass("public"));
        assert.deepEqual(mgmt.from, [{ ipBlock: { cidr: "10.0.0.0/8" } }]);
        assert.deepEqual(mgmt.ports!.map((p) => p.port), byClass("management"));
        assert.deepEqual(cluster.from, [{ podSelector: { matchLabels: { [LABELS.group]: "is" } } }]);
        assert.deepEqual(cluster.ports!.map((p) => p.port), byClass("cluster"));
        const opened = np.spec!.ingress!.flatMap((r) => r.ports!.map((p) => p.port));
        assert.ok(byClass("internal").every((p) => !opened.includes(p)), "an internal port is open");
    });

    it("gives pods no API token unless the kubernetes scheme needs one", () => {
        const pod = find<IStatefulSet>(groups, "StatefulSet", "is").spec!.template.spec!;
        assert.equal(pod.automountServiceAccountToken, false);
        assert.equal(pod.serviceAccountName, undefined);
        assert.deepEqual(names(groups, "Role"), []);
    });

    it("carries the plan as annotations on pods and policies", () => {
        const pod = find<IStatefulSet>(groups, "StatefulSet", "apim").spec!.template.metadata!;
        assert.deepEqual(decodePortsLabel(pod.annotations![LABELS.ports]), planned("apim-2").ports.map(({ port, protocol, exposure }) => ({ port, protocol, exposure })));
        assert.equal(pod.labels![LABELS.group], "apim");
    });
});

describe("kubernetesManifests: kubernetes scheme, secrets, Service types", () => {
    const settings = settingsOf({ serviceType: "LoadBalancer" });
    const input = kubernetesInput(K8S_SCHEME, settings);
    const groups = kubernetesManifests(input, settings);

    it("lets the kubernetes scheme's pods list endpoints through their own ServiceAccount", () => {
        assert.deepEqual(names(groups, "ServiceAccount"), ["is-membership"]);
        const role = groups[0].objects.find((o) => o.kind === "Role")!;
        assert.ok(role.kind === "Role");
        assert.deepEqual(role.rules!.flatMap((r) => r.resources), ["endpoints", "pods", "services", "endpointslices"]);
        assert.ok(role.rules!.every((r) => r.verbs.join() === "get,list,watch"));
        assert.equal(find<IStatefulSet>(groups, "StatefulSet", "is").spec!.template.spec!.serviceAccountName, "is-membership");
    });

    it("keeps configs with passwords in a Secret, mounted from it, with no digest on the pod", () => {
        const secret = find<ISecret>(groups, "Secret", "is-config");
        assert.deepEqual(Object.keys(secret.stringData!), ["is-1.deployment.toml", "is-2.deployment.toml", "is-3.deployment.toml"]);
        const pod = find<IStatefulSet>(groups, "StatefulSet", "is").spec!.template;
        assert.equal(pod.spec!.volumes![0].secret!.secretName, "is-config");
        assert.equal(pod.metadata!.annotations![CONFIG_CHECKSUM], undefined);
        assert.equal(groups[0].holdsSecrets, true);
        assert.equal(groups[1].holdsSecrets, false);
    });

    it("restricts a LoadBalancer to exposure.public and keeps client addresses for the NetworkPolicy", () => {
        const svc = find<IService>(groups, "Service", "is");
        assert.equal(svc.spec!.type, "LoadBalancer");
        assert.deepEqual(svc.spec!.loadBalancerSourceRanges, ["198.51.100.7/32", "203.0.113.0/24"]);
        assert.equal(svc.spec!.externalTrafficPolicy, "Local");
    });

    it("registers no public Service for a group without public ports", () => {
        assert.ok(!names(groups, "Service").includes("tm"));
        assert.ok(names(groups, "Service").includes("tm-headless"));
    });

    it("mounts Streaming Integrator's deployment.yaml", () => {
        const c = containerOf(find<IStatefulSet>(groups, "StatefulSet", "si"));
        assert.equal(c.volumeMounts![0].subPathExpr, "$(POD_NAME).deployment.yaml");
        assert.match(c.volumeMounts![0].mountPath, /conf\/server\/deployment\.yaml$/);
    });

    it("uses an image override from the settings", () => {
        const s = settingsOf({ images: { si: "registry.example/si:4.2.0-1" } });
        const c = containerOf(find<IStatefulSet>(kubernetesManifests(kubernetesInput(K8S_SCHEME, s), s), "StatefulSet", "si"));
        assert.equal(c.image, "registry.example/si:4.2.0-1");
    });
});

describe("kubernetesManifests under hostNetwork", () => {
    const settings = settingsOf({ hostNetwork: true, nodeNames: { "node-a": "ip-10-1-0-1.example.internal" } });
    const input = kubernetesInput(HOST_NETWORK, settings);
    const groups = kubernetesManifests(input, settings);

    it("registers one StatefulSet per instance, pinned to its node", () => {
        assert.deepEqual(names(groups, "StatefulSet"), ["is-1", "is-2", "is-3", "gw-east", "gw-west", "mi-1", "mi-2"]);
        const east = find<IStatefulSet>(groups, "StatefulSet", "gw-east");
        assert.equal(east.spec!.replicas, 1);
        assert.equal(east.spec!.ordinals, undefined);
        const pod = east.spec!.template.spec!;
        assert.equal(pod.hostNetwork, true);
        assert.equal(pod.dnsPolicy, "ClusterFirstWithHostNet");
        assert.deepEqual(pod.nodeSelector, { [NODE_LABEL]: "ip-10-1-0-1.example.internal" });
        assert.deepEqual(find<IStatefulSet>(groups, "StatefulSet", "gw-west").spec!.template.spec!.nodeSelector, { [NODE_LABEL]: "node-b" });
    });

    it("publishes each planned port as the same host port, offsets differing per instance", () => {
        for (const inst of input.plan.instances) {
            const ports = containerOf(find<IStatefulSet>(groups, "StatefulSet", inst.name)).ports!;
            assert.deepEqual(ports.map((p) => [p.containerPort, p.hostPort]), inst.ports.map((p) => [p.port, p.port]));
        }
        const isOnA = input.plan.instances.filter((i) => i.group === "is" && i.host === "node-a");
        assert.notEqual(isOnA[0].offset, isOnA[1].offset);
    });

    it("selects each instance's pod alone, in its Service and NetworkPolicy", () => {
        const svc = find<IService>(groups, "Service", "mi-2");
        assert.deepEqual(svc.spec!.selector, { [LABELS.group]: "mi", [LABELS.instance]: "mi-2" });
        assert.deepEqual(find<INetworkPolicy>(groups, "NetworkPolicy", "mi-2").spec!.podSelector.matchLabels, svc.spec!.selector);
        const c = containerOf(find<IStatefulSet>(groups, "StatefulSet", "mi-2"));
        assert.equal(c.volumeMounts![0].subPath, "mi-2.deployment.toml");
    });

    it("admits the multicast group's packets from the group's pods only", () => {
        const np = find<INetworkPolicy>(groups, "NetworkPolicy", "is-1");
        const cluster = np.spec!.ingress!.find((r) => r.from!.some((f) => f.podSelector))!;
        assert.ok(cluster.ports!.some((p) => p.protocol === "UDP"));
    });
});

describe("kubernetesManifests against the wso2-exposure policy pack", () => {
    for (const c of allCases()) {
        it(`${c.label}: no Service or NetworkPolicy violates it`, () => {
            const objects = kubernetesManifests(kubernetesInput(c.spec, c.settings), c.settings).flatMap((g) => g.objects);
            const violations = objects.flatMap((o) => {
                if (o.kind === "Service") return [...servicePrivatePortViolations(o as ServiceInputs), ...serviceClusterPortViolations(o as ServiceInputs)];
                if (o.kind === "NetworkPolicy") return networkPolicyClusterPortViolations(o as NetworkPolicyInputs);
                return [];
            });
            assert.deepEqual(violations, []);
        });
    }

    it("would be caught by it if a management port were behind a NodePort", () => {
        const settings = settingsOf({ serviceType: "NodePort" });
        const groups = kubernetesManifests(kubernetesInput(K8S_SCHEME, settings), settings);
        const svc = structuredClone(find<IService>(groups, "Service", "is"));
        svc.metadata!.annotations![LABELS.ports] = svc.metadata!.annotations![LABELS.ports].replace(/=public/, "=management");
        assert.equal(servicePrivatePortViolations(svc as ServiceInputs).length, 1);
    });
});

describe("kubernetesManifests: ports that differ per instance", () => {
    it("rejects a pod-network group whose instances turn different ports on, naming the setting to align", () => {
        const spec = { products: [{ name: "is", product: "identity-server" as const, version: "7.0.0", instances: [{}, { config: { monitoring: { jmx: { rmi_server_start: true } } } }] }] };
        const s = settingsOf();
        assert.throws(() => kubernetesManifests(kubernetesInput(spec, s), s), /instances "is-1" and "is-2" were planned with different ports.*rmi_server_start/);
    });
});
