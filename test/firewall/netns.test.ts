/**
 * The rendered ruleset, loaded for real into a WSO2 host's network namespace, with listeners
 * on the host's planned ports and probes from a public client and from a fellow cluster
 * member (see lab.ts for the wiring). This exercises the input path: the listeners are
 * host-network processes. The forward path (Docker-published ports after DNAT) is
 * exercised with a real Docker engine in docker.test.ts.
 */
import { strict as assert } from "node:assert";
import { HAZELCAST_MULTICAST_GROUP } from "../../src/catalog/products";
import { firewallOptionsFromSpec, nftablesOptions } from "../../src/firewall/artifacts";
import { renderNftables } from "../../src/firewall/nftables";
import { planSpec } from "../../src/plan/planner";
import { Lab, LAB, namespacesUnavailable, skipFor } from "./lab";
import { instanceOf, LAB_SPEC, planOf, portOf, SAME_HOST_SPEC } from "./specs";

/** Long enough for a SYN and its answer on a veth; a dropped SYN simply never returns. */
const PROBE_TIMEOUT_MS = 500;
const DATAGRAM_WAIT_MS = 500;

describe("firewall: nftables ruleset in network namespaces (input path)", function () {
    this.timeout(60_000);
    const plan = planOf(LAB_SPEC);
    const ruleset = renderNftables(plan, "wso2");
    const port = (inst: string, name: string) => portOf(plan, inst, name).port;
    const tcp = (address: string, p: number, from?: string) => ({ kind: "tcp", address, port: p, from, timeoutMs: PROBE_TIMEOUT_MS });
    let lab: Lab | undefined;

    before(async function () {
        skipFor(this, namespacesUnavailable());
        lab = new Lab();
        lab.create();
        const onHost = plan.instances.filter((i) => i.host === "wso2");
        const tcpPorts = [...new Set(onHost.flatMap((i) => i.ports.filter((p) => p.protocol === "tcp").map((p) => p.port)))];
        await lab.listen(tcpPorts, [{ port: port("ism-1", "multicast"), group: HAZELCAST_MULTICAST_GROUP.address, iface: LAB.hostAddress }]);
    });

    after(() => lab?.destroy());

    it("without the ruleset, everything is reachable (the control: drops below are the firewall's doing)", async () => {
        const results = await lab!.probe(lab!.client, [tcp(LAB.hostAddress, port("is-1", "http")), tcp(LAB.hostAddress, port("is-1", "cluster"))]);
        assert.deepEqual(results, ["open", "open"]);
    });

    it("without the ruleset, the host receives the client's multicast (the control for the multicast drop)", async () => {
        await lab!.probe(lab!.client, [{ kind: "udp", address: HAZELCAST_MULTICAST_GROUP.address, port: port("ism-1", "multicast"), from: LAB.publicClient, payload: "control-client" }]);
        assert.ok(await lab!.receivedDatagram("control-client", DATAGRAM_WAIT_MS));
    });

    it("loads with nft -f inside the host namespace, and loads again (re-apply replaces the table)", () => {
        lab!.applyRuleset(ruleset);
        lab!.applyRuleset(ruleset);
        const listed = lab!.listRuleset();
        assert.equal(listed.match(/table inet wso2/g)?.length, 1);
        assert.match(listed, new RegExp(`tcp dport ${port("is-1", "https")} ip saddr 198\\.51\\.100\\.0/24 accept`));
    });

    it("a public port is reachable from the public client", async () => {
        assert.deepEqual(await lab!.probe(lab!.client, [tcp(LAB.hostAddress, port("is-1", "https"))]), ["open"]);
    });

    it("a management port is not reachable from the public client, but is from an address in the management CIDR", async () => {
        const http = port("is-1", "http");
        const results = await lab!.probe(lab!.client, [tcp(LAB.hostAddress, http, LAB.publicClient), tcp(LAB.hostAddress, http, LAB.managementClient)]);
        assert.deepEqual(results, ["timeout", "open"]);
    });

    it("an internal port is reachable from nobody outside, not even the management CIDR", async () => {
        const ldap = port("is-1", "ldap");
        // Independent probes, run at once: the drops' timeouts overlap.
        const [fromClient, fromMember] = await Promise.all([
            lab!.probe(lab!.client, [tcp(LAB.hostAddress, ldap, LAB.publicClient), tcp(LAB.hostAddress, ldap, LAB.managementClient)]),
            lab!.probe(lab!.member, [tcp(LAB.hostAddress, ldap)]),
        ]);
        assert.deepEqual(fromClient, ["timeout", "timeout"]);
        assert.deepEqual(fromMember, ["timeout"]);
    });

    it("the WKA and multicast member ports are reachable from the fellow member only", async () => {
        const wka = instanceOf(plan, "is-1").clustering!.localMemberPort!;
        const mcastMember = instanceOf(plan, "ism-1").clustering!.localMemberPort!;
        const [fromMember, fromClient] = await Promise.all([
            lab!.probe(lab!.member, [tcp(LAB.hostAddress, wka), tcp(LAB.hostAddress, mcastMember)]),
            lab!.probe(lab!.client, [tcp(LAB.hostAddress, wka, LAB.publicClient), tcp(LAB.hostAddress, wka, LAB.managementClient), tcp(LAB.hostAddress, mcastMember)]),
        ]);
        assert.deepEqual(fromMember, ["open", "open"]);
        assert.deepEqual(fromClient, ["timeout", "timeout", "timeout"]);
    });

    it("the member's multicast to the group gets through; the client's does not, nor the member's unicast to that port", async () => {
        const mcast = port("ism-1", "multicast");
        const group = HAZELCAST_MULTICAST_GROUP.address;
        await Promise.all([
            lab!.probe(lab!.member, [{ kind: "udp", address: group, port: mcast, from: LAB.memberAddress, payload: "member-group" }, { kind: "udp", address: LAB.hostAddress, port: mcast, from: LAB.memberAddress, payload: "member-unicast" }]),
            lab!.probe(lab!.client, [{ kind: "udp", address: group, port: mcast, from: LAB.publicClient, payload: "client-group" }]),
        ]);
        assert.ok(await lab!.receivedDatagram("member-group", DATAGRAM_WAIT_MS), "member multicast should arrive");
        assert.equal(await lab!.receivedDatagram("client-group", DATAGRAM_WAIT_MS), false, "client multicast should be dropped");
        assert.equal(await lab!.receivedDatagram("member-unicast", 0), false, "unicast to the multicast port should be dropped");
    });

    it("counts what it dropped, so an operator can see the firewall at work", () => {
        const http = port("is-1", "http");
        const line = lab!.listRuleset().split("\n").find((l) => new RegExp(`^\\s*tcp dport ${http} counter packets`).test(l));
        assert.ok(line, "drop rule with counter listed");
        assert.ok(Number(/packets (\d+)/.exec(line!)![1]) >= 1, line);
    });
});

describe("firewall: same-host members on a Docker bridge, in network namespaces", function () {
    this.timeout(60_000);
    const { spec, plan } = planSpec(SAME_HOST_SPEC);
    const options = nftablesOptions(spec, plan);
    const bridge = options.dockerBridges!.wso2;
    const memberPort = (inst: string) => instanceOf(plan, inst).clustering!.localMemberPort!;
    const tcp = (p: number, from?: string) => ({ kind: "tcp", address: LAB.hostAddress, port: p, from, timeoutMs: PROBE_TIMEOUT_MS });
    let lab: Lab | undefined;

    before(async function () {
        skipFor(this, namespacesUnavailable());
        lab = new Lab(`${process.pid}b`);
        lab.create();
        lab.addContainer(bridge);
        await lab.listen([memberPort("is-1"), memberPort("is-2")], []);
    });

    after(() => lab?.destroy());

    it("without a ruleset, a container on the bridge reaches its fellow member's port on the host address (the control)", async () => {
        assert.deepEqual(await lab!.probe(lab!.container, [tcp(memberPort("is-2"))]), ["open"]);
    });

    it("a ruleset that admits member hosts only would cut it off: the container comes from the bridge, not a member host", async () => {
        lab!.applyRuleset(renderNftables(plan, "wso2", firewallOptionsFromSpec(spec)));
        assert.deepEqual(await lab!.probe(lab!.container, [tcp(memberPort("is-2"))]), ["timeout"]);
    });

    it("the deployment's ruleset admits its own bridge to the members' ports, and still only the member host from outside", async () => {
        lab!.applyRuleset(renderNftables(plan, "wso2", options));
        const [fromContainer, fromMember, fromClient] = await Promise.all([
            lab!.probe(lab!.container, [tcp(memberPort("is-1")), tcp(memberPort("is-2"))]),
            lab!.probe(lab!.member, [tcp(memberPort("is-2"))]),
            lab!.probe(lab!.client, [tcp(memberPort("is-2"), LAB.publicClient), tcp(memberPort("is-2"), LAB.managementClient)]),
        ]);
        assert.deepEqual(fromContainer, ["open", "open"]);
        assert.deepEqual(fromMember, ["open"]);
        assert.deepEqual(fromClient, ["timeout", "timeout"]);
    });
});
