/**
 * Issue 10, findings 1-4, checked for real: the attack is refused, and the ruleset rendered
 * instead (from the legitimate value, or with --fresh) is loaded into the lab's host namespace
 * and probed from the source the attack would have let in. See test/firewall/lab.ts.
 */
import { strict as assert } from "node:assert";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify as toYaml } from "yaml";
import { firewallArtifacts } from "../../src/firewall/artifacts";
import { planSpec } from "../../src/plan/planner";
import { Plan } from "../../src/plan/types";
import { SpecError } from "../../src/spec/errors";
import { DeploymentSpec } from "../../src/spec/types";
import { Lab, LAB, namespacesUnavailable, run as sh, skipFor } from "../firewall/lab";
import { portOf } from "../firewall/specs";
import { run, tempDir } from "../render/helpers";
import { ATTACKS, clusterSpec, mcastSpec } from "./attacks";

const PROBE_TIMEOUT_MS = 500;
/** Inside 203.0.112.0/20 (what nft makes of `/024`), outside 203.0.112.0/24 (what was meant): the client's management address. */
const OCTAL_VICTIM = LAB.managementClient;
/** Inside 203.0.112.0/24: the positive control for the management rule. */
const MANAGEMENT_INSIDE = "203.0.112.9";

function rulesetOf(spec: DeploymentSpec, host: string): { plan: Plan; ruleset: string } {
    const { spec: resolved, plan } = planSpec(spec);
    const artifact = firewallArtifacts({ spec: resolved, plan, configs: [], deployment: "wso2" }).find((a) => a.path === `${host}/firewall.nft`)!;
    return { plan, ruleset: artifact.content };
}

const refused = (spec: DeploymentSpec) => assert.throws(() => planSpec(spec), SpecError);

describe("security: firewall findings in a network namespace", function () {
    this.timeout(60_000);
    const tcp = (port: number, from?: string) => ({ kind: "tcp", address: LAB.hostAddress, port, from, timeoutMs: PROBE_TIMEOUT_MS });
    const cluster = rulesetOf(clusterSpec(LAB.memberAddress), "wso2");
    const ports = {
        https: portOf(cluster.plan, "is-1", "https").port,
        http: portOf(cluster.plan, "is-1", "http").port,
        member: cluster.plan.instances.find((i) => i.name === "is-1")!.clustering!.localMemberPort!,
    };
    let lab: Lab | undefined;

    before(async function () {
        skipFor(this, namespacesUnavailable());
        lab = new Lab(`sec${process.pid}`);
        lab.create();
        // A second management address for the client, inside the /24 that was meant.
        sh("ip", ["-n", lab.client, "addr", "add", `${MANAGEMENT_INSIDE}/24`, "dev", "cc0"]);
        sh("ip", ["-n", lab.host, "route", "add", "203.0.112.0/24", "dev", "br0"]);
        await lab.listen([ports.https, ports.http, ports.member], []);
    });

    after(() => lab?.destroy());

    it("control: without a ruleset the member port and http are open to the public client", async () => {
        assert.deepEqual(await lab!.probe(lab!.client, [tcp(ports.member, LAB.publicClient), tcp(ports.http, LAB.publicClient)]), ["open", "open"]);
    });

    it("finding 3: the widened host address is refused; the member port admits the member only", async () => {
        for (const attack of ATTACKS.hostAddress) refused(clusterSpec(attack));
        lab!.applyRuleset(cluster.ruleset);
        const [fromMember, fromClient] = await Promise.all([
            lab!.probe(lab!.member, [tcp(ports.member)]),
            lab!.probe(lab!.client, [tcp(ports.member, LAB.publicClient), tcp(ports.member, LAB.managementClient)]),
        ]);
        assert.deepEqual(fromMember, ["open"]);
        assert.deepEqual(fromClient, ["timeout", "timeout"]);
    });

    it("finding 4: nft reads /024 as /20 (the premise), so it is refused; /24 refuses the rest of the /20", async () => {
        const premise = "table inet octal\ndelete table inet octal\ntable inet octal {\n chain c {\n  ip saddr 203.0.112.0/024 accept\n }\n}\n";
        lab!.applyRuleset(premise);
        assert.match(lab!.listRuleset(), /203\.0\.112\.0\/20/);
        sh("ip", ["netns", "exec", lab!.host, "nft", "delete", "table", "inet", "octal"]);

        const octal = { ...clusterSpec(LAB.memberAddress), exposure: { public: ["198.51.100.0/24"], management: ["203.0.112.0/024"] } };
        refused(octal);
        const { ruleset } = rulesetOf({ ...octal, exposure: { ...octal.exposure, management: ["203.0.112.0/24"] } }, "wso2");
        lab!.applyRuleset(ruleset);
        assert.deepEqual(await lab!.probe(lab!.client, [tcp(ports.http, OCTAL_VICTIM), tcp(ports.http, MANAGEMENT_INSIDE)]), ["timeout", "open"]);
    });

    it("finding 1: the injecting mcastAddress is refused; the group's ruleset is the only table and keeps http closed", async () => {
        for (const attack of ATTACKS.mcastAddress) refused(mcastSpec(attack));
        const { plan, ruleset } = rulesetOf(mcastSpec("228.0.0.4"), "h1");
        lab!.applyRuleset(ruleset);
        const http = portOf(plan, plan.instances.find((i) => i.host === "h1")!.name, "http").port;
        assert.equal(http, ports.http, "the listeners cover this plan's http");
        assert.deepEqual(await lab!.probe(lab!.client, [tcp(http, LAB.publicClient)]), ["timeout"]);
        const tables = sh("ip", ["netns", "exec", lab!.host, "nft", "list", "tables"]).trim().split("\n");
        assert.deepEqual(tables, ["table inet wso2"]);
        // nft lists the two member /32s merged as 192.0.2.10/31.
        assert.match(lab!.listRuleset(), /udp dport \d+ ip daddr 228\.0\.0\.4 ip saddr (\{ )?192\.0\.2\.10\/31( \})? accept/);
    });

    it("finding 2: a plan.json whose member port injects is refused; the --fresh render keeps the member port closed to the client", async () => {
        const dir = tempDir();
        const file = join(dir, "spec.yaml");
        writeFileSync(file, toYaml(clusterSpec(LAB.memberAddress)));
        const out = join(dir, "out");
        assert.equal((await run(["render", file, "--out", out])).code, 0);
        const plan = JSON.parse(readFileSync(join(out, "plan.json"), "utf8")) as Plan;
        (plan.instances[0].clustering as unknown as Record<string, unknown>).localMemberPort = `${ports.member} accept; }; }; insert rule inet wso2 input accept; table inet x { chain y {`;
        writeFileSync(join(out, "plan.json"), JSON.stringify(plan));
        const attack = await run(["render", file, "--out", out]);
        assert.equal(attack.code, 1);
        assert.match(attack.err, /plan\.json: instances\[0\]\.clustering\.localMemberPort: must be/);
        assert.equal((await run(["render", file, "--out", out, "--fresh"])).code, 0);
        lab!.applyRuleset(readFileSync(join(out, "wso2", "firewall.nft"), "utf8"));
        const [fromClient, fromMember] = await Promise.all([
            lab!.probe(lab!.client, [tcp(ports.member, LAB.publicClient), tcp(ports.https, LAB.publicClient)]),
            lab!.probe(lab!.member, [tcp(ports.member)]),
        ]);
        assert.deepEqual(fromClient, ["timeout", "open"]);
        assert.deepEqual(fromMember, ["open"]);
    });
});
