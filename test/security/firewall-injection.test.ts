/**
 * Issue 10, findings 1-4: hostile text must never reach an nftables ruleset. Each attack is
 * fed in as the attacker would (spec file, plan.json in DIR, --previous, previousPlan) and must
 * fail with a one-line problem naming the path and the fix, writing nothing. The renderer is
 * also handed tampered plans directly, so it is safe even if a caller skips validation.
 * netns.test.ts loads what is rendered instead and probes it.
 */
import { strict as assert } from "node:assert";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify as toYaml } from "yaml";
import { renderNftables } from "../../src/firewall/nftables";
import { planSpec } from "../../src/plan/planner";
import { Plan } from "../../src/plan/types";
import { SpecError } from "../../src/spec/errors";
import { DeploymentSpec } from "../../src/spec/types";
import { run, tempDir } from "../render/helpers";
import { ATTACKS, clusterSpec, mcastSpec } from "./attacks";

function specProblems(spec: unknown): string {
    try {
        planSpec(spec);
    } catch (e) {
        assert.ok(e instanceof SpecError, `a SpecError, not ${e}`);
        for (const p of e.problems) assert.ok(!p.message.includes("\n"), `one line: ${p.message}`);
        return e.message;
    }
    return assert.fail("the spec was accepted");
}

async function renderRefuses(spec: DeploymentSpec, pattern: RegExp): Promise<void> {
    const dir = tempDir();
    const file = join(dir, "spec.yaml");
    writeFileSync(file, toYaml(spec));
    const out = join(dir, "out");
    const result = await run(["render", file, "--out", out]);
    assert.equal(result.code, 1, result.err);
    assert.match(result.err, pattern);
    assert.ok(!existsSync(out), "nothing written");
}

describe("security: finding 1, mcastAddress cannot inject nft rules", () => {
    for (const attack of ATTACKS.mcastAddress) {
        it(`refuses mcastAddress ${JSON.stringify(attack).slice(0, 60)}`, async () => {
            const message = specProblems(mcastSpec(attack));
            assert.match(message, /products\[0\]\.config\.clustering\.properties\.mcastAddress: \[clustering\.properties\] mcastAddress "[^"]*"(\.\.\.)? (is not a|carries a zone|is a CIDR|is too long)/);
            await renderRefuses(mcastSpec(attack), /mcastAddress/);
        });
    }

    it("refuses it in TOML text and in an instance's config too", () => {
        const toml = `[clustering.properties]\nmcastAddress = "228.0.0.4/32 accept; }; }; insert rule inet wso2 input accept"\n`;
        assert.match(specProblems(mcastSpec(toml)), /products\[0\]\.configToml: \[clustering\.properties\] mcastAddress /);
        const spec = mcastSpec("228.0.0.4");
        delete spec.products[0].instanceCount;
        spec.products[0].instances = [{ name: "ism-1", config: { clustering: { properties: { mcastAddress: "228.0.0.5" } } } }, { name: "ism-2" }];
        assert.match(specProblems(spec), /instances\[0\]\.config\.clustering\.properties\.mcastAddress: instance "ism-1" sets its own multicast group/);
    });

    it("a unicast address is not a multicast group", () => {
        assert.match(specProblems(mcastSpec("10.0.0.1")), /"10\.0\.0\.1" is not a multicast group address; use one in 224\.0\.0\.0\/4/);
    });

    it("the renderer itself refuses a hostile group handed to it directly", () => {
        const { plan } = planSpec(mcastSpec("228.0.0.4"));
        assert.throws(() => renderNftables(plan, "h1", { multicastGroups: { ism: "228.0.0.4 accept; flush ruleset" } }), SpecError);
    });
});

describe("security: finding 2, a tampered previous plan is refused before use", () => {
    const spec = clusterSpec("192.0.2.11");
    const good = () => JSON.parse(JSON.stringify(planSpec(spec).plan)) as Plan;
    const tamper: Record<string, (p: Plan) => void> = {
        "a string localMemberPort that injects": (p) => { (p.instances[0].clustering as unknown as Record<string, unknown>).localMemberPort = "4000 accept; }; }; insert rule inet wso2 input accept"; },
        "offset -9000 (https to 443)": (p) => { (p.instances[0] as unknown as Record<string, unknown>).offset = -9000; },
        "offset \"3\" (string joins to 94433)": (p) => { (p.instances[0] as unknown as Record<string, unknown>).offset = "3"; },
        "instances: [null]": (p) => { (p as unknown as Record<string, unknown>).instances = [null]; },
        "an unknown key": (p) => { (p.instances[0] as unknown as Record<string, unknown>).extra = 1; },
        "a host address that widens": (p) => { p.hosts[1].address = "192.0.2.11/32,0.0.0.0/0"; },
        "an exposure CIDR with a leading-zero prefix": (p) => { p.exposure.public = ["10.1.0.0/016"]; },
        "a port past 65535": (p) => { p.instances[0].ports[0].port = 70000; },
    };

    const dir = tempDir();
    const file = join(dir, "spec.yaml");
    const out = join(dir, "out");
    let rendered = "";
    before(async () => {
        writeFileSync(file, toYaml(spec));
        assert.equal((await run(["render", file, "--out", out])).code, 0);
        rendered = readFileSync(join(out, "plan.json"), "utf8");
    });

    for (const [what, change] of Object.entries(tamper)) {
        it(`DIR/plan.json with ${what}: exit 1 naming the file, the path and --fresh, DIR untouched`, async () => {
            const plan = good();
            change(plan);
            writeFileSync(join(out, "plan.json"), JSON.stringify(plan));
            const before = readdirSync(out).sort();
            try {
                const refused = await run(["render", file, "--out", out]);
                assert.equal(refused.code, 1, refused.err);
                assert.match(refused.err, new RegExp(`${out.replace(/[/.]/g, "\\$&")}/plan\\.json: (instances|hosts|exposure)\\S*: .*pass --fresh to plan from scratch`));
                assert.deepEqual(readdirSync(out).sort(), before);
            } finally {
                writeFileSync(join(out, "plan.json"), rendered);
            }
        });
    }

    it("--fresh renders over a tampered plan.json, and writes a good one", async () => {
        writeFileSync(join(out, "plan.json"), JSON.stringify({ instances: [null] }));
        assert.equal((await run(["render", file, "--out", out, "--fresh"])).code, 0);
        assert.equal(readFileSync(join(out, "plan.json"), "utf8"), rendered);
    });

    it("plan --previous refuses it too, and --fresh ignores it", async () => {
        const dir = tempDir();
        const file = join(dir, "spec.yaml");
        writeFileSync(file, toYaml(spec));
        const plan = good();
        (plan.instances[0] as unknown as Record<string, unknown>).offset = -9000;
        const previous = join(dir, "prev.json");
        writeFileSync(previous, JSON.stringify(plan));
        const refused = await run(["plan", file, "--previous", previous]);
        assert.equal(refused.code, 1);
        assert.match(refused.err, /prev\.json: instances\[0\]\.offset: .*-9000.*; fix or delete the file, or pass --fresh/);
        assert.equal((await run(["plan", file, "--previous", previous, "--fresh"])).code, 0);
    });

    it("diff refuses a tampered plan.json as OLD", async () => {
        const dir = tempDir();
        const file = join(dir, "spec.yaml");
        writeFileSync(file, toYaml(spec));
        const plan = good();
        plan.exposure.public = ["0.0.0.0/0 accept"];
        const old = join(dir, "plan.json");
        writeFileSync(old, JSON.stringify(plan));
        const result = await run(["diff", old, file]);
        assert.equal(result.code, 1);
        assert.match(result.err, /plan\.json: exposure\.public\[0\]: "0\.0\.0\.0\/0 accept"/);
    });

    it("the renderer refuses a tampered plan handed to it directly", () => {
        const plan = good();
        (plan.instances[0].ports[0] as unknown as Record<string, unknown>).port = "9443 accept";
        assert.throws(() => renderNftables(plan, plan.instances[0].host), SpecError);
    });
});

describe("security: finding 3, a host address cannot widen a rule", () => {
    for (const attack of ATTACKS.hostAddress) {
        it(`refuses the host address ${JSON.stringify(attack).slice(0, 60)}`, async () => {
            const message = specProblems(clusterSpec(attack));
            assert.match(message, /hosts\[1\]\.address: host "peer": the address /);
            await renderRefuses(clusterSpec(attack), /hosts\[1\]\.address/);
        });
    }

    it("a malformed IPv4 is an error, not a DNS name", () => {
        assert.match(specProblems(clusterSpec("999.0.0.1")), /"999\.0\.0\.1" is not a valid IPv4 address; write four decimal parts/);
    });

    it("the renderer refuses a widened address in a plan handed to it directly", () => {
        const { plan } = planSpec(clusterSpec("192.0.2.11"));
        const tampered: Plan = { ...plan, instances: plan.instances.map((i) => (i.host === "peer" ? { ...i, address: "192.0.2.11/32,0.0.0.0/0" } : i)) };
        assert.throws(() => renderNftables(tampered, "wso2"), SpecError);
    });
});

describe("security: finding 4, a leading-zero prefix is refused, not read two ways", () => {
    for (const attack of ATTACKS.exposure) {
        it(`refuses the exposure CIDR ${JSON.stringify(attack)}`, async () => {
            const spec: DeploymentSpec = { ...clusterSpec("192.0.2.11"), exposure: { public: ["0.0.0.0/0"], management: [attack] } };
            assert.match(specProblems(spec), /exposure\.management\[0\]: /);
            await renderRefuses(spec, /exposure\.management\[0\]/);
        });
    }

    it("names the fix: the prefix without its zero, and the network for host bits", () => {
        const problems = (cidr: string) => specProblems({ ...clusterSpec("192.0.2.11"), exposure: { public: [cidr] } });
        assert.match(problems("10.1.0.0/016"), /leading zero in its prefix \(nft reads "\/016" as octal\); write "\/16"/);
        assert.match(problems("10.0.0.1/8"), /host bits set; use "10\.0\.0\.0\/8" for the network/);
    });
});
