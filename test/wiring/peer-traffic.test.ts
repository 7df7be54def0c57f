/**
 * Peer traffic, exactly: a link opens the target's ports to the linking instances and to
 * nobody else, with the default `exposure.management` (nobody). Checked in the
 * provider-neutral rules, a real nftables ruleset in network namespaces, the Docker bind
 * addresses and the Kubernetes NetworkPolicy.
 */
import { strict as assert } from "node:assert";
import { renderNftables } from "../../src/firewall/nftables";
import { firewallRules } from "../../src/firewall/rules";
import { planSpec } from "../../src/plan/planner";
import { renderConfigs } from "../../src/render";
import { DeploymentSpec } from "../../src/spec/types";
import { dockerTarget } from "../../src/targets/docker/target";
import { dockerTargetPlan, LOOPBACK } from "../../src/targets/docker/plan";
import { kubernetesManifests } from "../../src/targets/kubernetes/manifests";
import { kubernetesRenderOptions, planningSpecFor } from "../../src/targets/kubernetes/planning";
import { DEFAULT_SETTINGS } from "../../src/targets/kubernetes/settings";
import { assertValidObjects } from "../../src/targets/kubernetes/validate";
import { Lab, LAB, namespacesUnavailable, skipFor } from "../firewall/lab";
import { planned, tomlOf } from "./helpers";

const PROBE_TIMEOUT_MS = 500;
const PEER_PORTS = ["amqp", "binary", "binary-ssl"];

/** The TM and CP on the lab's WSO2 host, a gateway on the member host, an unrelated MI on the client's host. */
const SPEC: DeploymentSpec = {
    hosts: [
        { name: "wso2", address: LAB.hostAddress },
        { name: "gwhost", address: LAB.memberAddress },
        { name: "other", address: LAB.managementClient },
    ],
    products: [
        { name: "cp", product: "api-manager", version: "4.3.0", profile: "control-plane", instances: [{ host: "wso2" }] },
        { name: "tm", product: "api-manager", version: "4.3.0", profile: "traffic-manager", instances: [{ host: "wso2" }] },
        { name: "gw", product: "api-manager", version: "4.3.0", profile: "gateway", instances: [{ host: "gwhost" }] },
        { name: "mi", product: "micro-integrator", version: "4.2.0", instances: [{ host: "other" }] },
    ],
};

const { spec, plan } = planSpec(SPEC);
const port = (inst: string, name: string) => planned(plan, inst).ports.find((p) => p.name === name)!;

describe("wiring: peer traffic in the provider-neutral rules", () => {
    const rules = firewallRules(plan);

    it("opens the TM's broker and receivers to the gateway's host only, naming the gateway", () => {
        assert.deepEqual(plan.exposure.management, [], "the default: management ports open to nobody");
        for (const name of PEER_PORTS) {
            const rule = rules.find((r) => r.instance === "tm-1" && r.portName === name);
            assert.ok(rule, `a rule for tm-1 ${name}`);
            assert.deepEqual(rule!.sources, [`${LAB.memberAddress}/32`]);
            assert.deepEqual(rule!.peers, ["gw-1"]);
            assert.equal(rule!.port, port("tm-1", name).port);
        }
    });

    it("opens the CP's broker to the gateway and the TM is on its own host, so it needs no rule for it", () => {
        const amqp = rules.find((r) => r.instance === "cp-1" && r.portName === "amqp")!;
        assert.deepEqual(amqp.sources, [`${LAB.memberAddress}/32`]);
        assert.deepEqual(amqp.peers, ["gw-1"]);
    });

    it("opens nothing for ports no link dials: the TM's JMX and the MI's management API stay closed", () => {
        assert.equal(rules.find((r) => r.instance === "tm-1" && r.portName === "jmx-registry"), undefined);
        assert.equal(rules.find((r) => r.instance === "mi-1" && r.exposure === "management"), undefined);
    });
});

describe("wiring: peer traffic through nftables in network namespaces", function () {
    this.timeout(60_000);
    const ruleset = renderNftables(plan, "wso2");
    const tcp = (p: number, from?: string) => ({ kind: "tcp", address: LAB.hostAddress, port: p, from, timeoutMs: PROBE_TIMEOUT_MS });
    let lab: Lab | undefined;

    before(async function () {
        skipFor(this, namespacesUnavailable());
        lab = new Lab(`${process.pid}w`);
        lab.create();
        await lab.listen(PEER_PORTS.map((n) => port("tm-1", n).port), []);
    });

    after(() => lab?.destroy());

    it("without the ruleset, the other host reaches the TM (the control: the drop below is the ruleset's doing)", async () => {
        assert.deepEqual(await lab!.probe(lab!.client, [tcp(port("tm-1", "binary").port, LAB.managementClient)]), ["open"]);
        lab!.applyRuleset(ruleset);
    });

    it("admits the gateway's host to the TM's 9611 (shifted), 9711 and 5672", async () => {
        assert.deepEqual(await lab!.probe(lab!.member, PEER_PORTS.map((n) => tcp(port("tm-1", n).port))), ["open", "open", "open"]);
    });

    it("drops another host of the deployment, and any other address", async () => {
        const binary = port("tm-1", "binary").port;
        assert.deepEqual(await lab!.probe(lab!.client, [tcp(binary, LAB.managementClient), tcp(binary, LAB.publicClient)]), ["timeout", "timeout"]);
    });
});

describe("wiring: peer traffic on Docker", () => {
    const configs = renderConfigs(spec, plan, dockerTarget.renderOptions({}));
    const docker = dockerTargetPlan({ name: "wso2", spec, plan, configs });
    const published = (inst: string, name: string) => docker.containers.find((c) => c.instance === inst)!.ports.find((p) => p.internal === port(inst, name).port)!;

    it("binds a port a peer on another host dials to the host's address, not loopback", () => {
        for (const name of PEER_PORTS) assert.equal(published("tm-1", name).ip, LAB.hostAddress);
        assert.equal(published("tm-1", "jmx-registry").ip, LOOPBACK, "ports no peer dials stay on loopback");
    });

    it("a peer on the same bridge is dialled by container name, so its port stays on loopback", () => {
        const tm = tomlOf(configs, "tm-1").apim.event_hub;
        assert.deepEqual(tm.event_listening_endpoints, [`tcp://cp-1:${port("cp-1", "amqp").port}`]);
        const sameHost = { ...SPEC, products: SPEC.products.filter((g) => g.name !== "gw") };
        const p = planSpec(sameHost);
        const d = dockerTargetPlan({ name: "wso2", spec: p.spec, plan: p.plan, configs: renderConfigs(p.spec, p.plan, dockerTarget.renderOptions({})) });
        const amqp = planned(p.plan, "cp-1").ports.find((x) => x.name === "amqp")!.port;
        assert.equal(d.containers.find((c) => c.instance === "cp-1")!.ports.find((x) => x.internal === amqp)!.ip, LOOPBACK);
    });
});

describe("wiring: peer traffic on Kubernetes", () => {
    const k8sPlanned = planSpec(planningSpecFor(SPEC, DEFAULT_SETTINGS));
    const configs = renderConfigs(k8sPlanned.spec, k8sPlanned.plan, kubernetesRenderOptions(DEFAULT_SETTINGS));
    const groups = kubernetesManifests({ ...k8sPlanned, configs }, DEFAULT_SETTINGS);
    const policy = (group: string) => groups.find((g) => g.group === group)!.objects.find((o) => o.kind === "NetworkPolicy") as { spec: { ingress: { from: object[]; ports: { port: number }[] }[] } };

    it("the TM's NetworkPolicy admits the gateway group's pods on exactly the ports they dial, and validates", () => {
        assertValidObjects(groups.flatMap((g) => g.objects));
        const tm = k8sPlanned.plan.instances.find((i) => i.name === "tm-1")!;
        const fromGateways = policy("tm").spec.ingress.filter((r) => JSON.stringify(r.from) === JSON.stringify([{ podSelector: { matchLabels: { "pulumi-wso2/group": "gw" } } }]));
        assert.equal(fromGateways.length, 1);
        assert.deepEqual(fromGateways[0].ports.map((p) => p.port).sort(), PEER_PORTS.map((n) => tm.ports.find((p) => p.name === n)!.port).sort());
        assert.ok(!JSON.stringify(policy("mi")).includes('"gw"'), "no link, no rule");
    });

    it("the gateway dials the TM at its pod DNS name", () => {
        const urls = tomlOf(configs, "gw-1").apim.throttling.url_group[0].traffic_manager_urls;
        assert.match(urls[0], /^tcp:\/\/tm-1\.tm-headless\.wso2\.svc\.cluster\.local:\d+$/);
    });
});
