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

    before(function () {
        skipFor(this, dockerUnavailable());
        lab = new DockerLab();
        lab.create();
        lab.createNetwork(network.name, network.bridge);
        lab.runContainer(is2.name, is2.ports, [member, https]);
    });

    after(() => lab?.destroy());

    it("publishes the member port on the host address, reachable by anyone without a ruleset (the control)", () => {
        assert.ok(is2.ports.some((p) => p.internal === member && p.ip === DOCKER_LAB.hostAddress));
        assert.deepEqual(lab!.probeFromOutside(DOCKER_LAB.clientAddress, [member]), ["open"]);
        assert.equal(lab!.probeFromContainer(member), "open");
    });

    it("a ruleset admitting member hosts only cuts off the fellow member in a container on the same host", () => {
        lab!.applyRuleset(renderNftables(plan, "dock", { ...firewallOptionsFromSpec(spec), nftTable: table }), table);
        assert.equal(lab!.probeFromContainer(member), "timeout");
    });

    it("the deployment's ruleset: the member port opens to the member host and same-host containers, not to the client", () => {
        lab!.applyRuleset(renderNftables(plan, "dock", nftablesOptions(spec, plan, deployment)), table);
        assert.equal(lab!.probeFromContainer(member), "open");
        assert.deepEqual(lab!.probeFromOutside(DOCKER_LAB.memberAddress, [member]), ["open"]);
        assert.deepEqual(lab!.probeFromOutside(DOCKER_LAB.clientAddress, [member]), ["timeout"]);
    });

    it("the public port stays open to the public CIDR through Docker's DNAT", () => {
        assert.deepEqual(lab!.probeFromOutside(DOCKER_LAB.clientAddress, [https]), ["open"]);
    });
});
