/**
 * The rendered ruleset in front of a real Docker engine: containers publish exactly the
 * ports the Docker target planned, on the bridge it names, and the probes take the path
 * Docker really routes (DNAT then forward, or docker-proxy on input). Skips with the reason
 * where no engine runs; `.ci/run` starts one.
 */
import { strict as assert } from "node:assert";
import { firewallOptionsFromSpec, nftablesOptions } from "../../src/firewall/artifacts";
import { nftTableFor, renderNftables } from "../../src/firewall/nftables";
import { planSpec } from "../../src/plan/planner";
import { renderConfigs } from "../../src/render";
import { DeploymentSpec } from "../../src/spec/types";
import { dockerTargetPlan } from "../../src/targets/docker";
import { DOCKER_LAB, DockerLab, dockerUnavailable } from "./docker-lab";
import { skipFor } from "./lab";

/** Two WKA members in containers on the Docker host, one on the member host outside; public port for the client only. */
const DOCKER_SPEC: DeploymentSpec = {
    hosts: [{ name: "dock", address: DOCKER_LAB.hostAddress }, { name: "peer", address: DOCKER_LAB.memberAddress }],
    products: [{
        name: "is", product: "identity-server", version: "7.0.0", clustering: { scheme: "wka" },
        instances: [{ name: "is-1", host: "dock" }, { name: "is-2", host: "dock" }, { name: "is-3", host: "peer" }],
    }],
    exposure: { public: [`${DOCKER_LAB.clientAddress}/32`], management: [] },
};

describe("firewall: nftables ruleset in front of a real Docker engine", function () {
    this.timeout(180_000);
    const deployment = `t${process.pid}`;
    const { spec, plan } = planSpec(DOCKER_SPEC);
    const target = dockerTargetPlan({ name: deployment, spec, plan, configs: renderConfigs(spec, plan) });
    const network = target.networks.find((n) => n.host === "dock")!;
    const is2 = target.containers.find((c) => c.instance === "is-2")!;
    const portOf = (name: string) => plan.instances.find((i) => i.name === "is-2")!.ports.find((p) => p.name === name)!.port;
    const [member, https] = [portOf("cluster"), portOf("https")];
    const table = nftTableFor(deployment);
    let lab: DockerLab | undefined;

    before(async function () {
        skipFor(this, dockerUnavailable());
        lab = new DockerLab();
        // dockerd makes the network while this process makes the outside namespace.
        const created = lab;
        await Promise.all([created.createNetwork(network.name, network.bridge), Promise.resolve().then(() => created.create())]);
        await lab.runContainers(is2.name, is2.ports, [member, https]);
    });

    after(() => lab?.destroy());

    it("publishes the member port on the host address, reachable by anyone without a ruleset (the control)", async () => {
        assert.ok(is2.ports.some((p) => p.internal === member && p.ip === DOCKER_LAB.hostAddress));
        const [fromOutside, fromContainer] = await Promise.all([lab!.probeFromOutside(DOCKER_LAB.clientAddress, [member]), lab!.probeFromContainer(member)]);
        assert.deepEqual(fromOutside, ["open"]);
        assert.equal(fromContainer, "open");
    });

    it("a ruleset admitting member hosts only cuts off the fellow member in a container on the same host", async () => {
        lab!.applyRuleset(renderNftables(plan, "dock", { ...firewallOptionsFromSpec(spec), nftTable: table }), table);
        assert.equal(await lab!.probeFromContainer(member), "timeout");
    });

    it("the deployment's ruleset: the member port opens to the member host and same-host containers, not to the client", async () => {
        lab!.applyRuleset(renderNftables(plan, "dock", nftablesOptions(spec, plan, deployment)), table);
        const [fromContainer, fromMember, fromClient] = await Promise.all([
            lab!.probeFromContainer(member),
            lab!.probeFromOutside(DOCKER_LAB.memberAddress, [member]),
            lab!.probeFromOutside(DOCKER_LAB.clientAddress, [member]),
        ]);
        assert.equal(fromContainer, "open");
        assert.deepEqual(fromMember, ["open"]);
        assert.deepEqual(fromClient, ["timeout"]);
    });

    it("the public port stays open to the public CIDR through Docker's DNAT", async () => {
        assert.deepEqual(await lab!.probeFromOutside(DOCKER_LAB.clientAddress, [https]), ["open"]);
    });
});
