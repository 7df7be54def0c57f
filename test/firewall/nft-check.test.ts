/**
 * Every rendered ruleset must be one the kernel accepts: `nft -c -f` parses and validates it
 * against the running kernel without applying anything, for every example spec; traffic
 * through the chains is exercised in netns.test.ts and docker.test.ts.
 */
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { firewallArtifacts } from "../../src/firewall/artifacts";
import { planSpec } from "../../src/plan/planner";
import { DeploymentSpec } from "../../src/spec/types";
import { nftUnavailable, run, skipFor } from "./lab";
import { exampleSpecs, LAB_SPEC, MIXED_IP_SPEC, NO_MANAGEMENT_SPEC, SAME_HOST_SPEC } from "./specs";

const SPECS: Record<string, DeploymentSpec> = {
    ...exampleSpecs(),
    "lab (wka + multicast)": LAB_SPEC,
    "mixed IPv4/IPv6": MIXED_IP_SPEC,
    "no management CIDRs": NO_MANAGEMENT_SPEC,
    "same-host members on a Docker bridge": SAME_HOST_SPEC,
};

describe("firewall: nft -c accepts every rendered ruleset", function () {
    let dir: string;

    before(function () {
        skipFor(this, nftUnavailable());
        dir = mkdtempSync(join(tmpdir(), "wso2-nft-"));
    });

    after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

    it("found the example specs to check", () => {
        assert.ok(Object.keys(exampleSpecs()).length >= 1);
    });

    for (const [name, spec] of Object.entries(SPECS)) {
        it(`${name}: every host's firewall.nft passes nft -c -f`, async () => {
            const result = planSpec(spec);
            // The longest deployment name there is: the table name must still parse.
            const artifacts = firewallArtifacts({ spec: result.spec, plan: result.plan, configs: [], deployment: `w${"-2".repeat(31)}` });
            assert.equal(artifacts.length, result.plan.hosts.length);
            if (spec === SAME_HOST_SPEC) assert.match(artifacts[0].content, /iifname "wso2-[0-9a-f]{10}" accept/, "the bridge accept is part of what nft checks");
            // One nft per host, side by side: each waits on the kernel, not on this process.
            await Promise.all(artifacts.map(async (artifact) => {
                assert.match(artifact.content, /ct original proto-dst/, "the forward chain is part of what nft checks");
                const file = join(dir, artifact.path.replace(/\//g, "_"));
                writeFileSync(file, artifact.content);
                try {
                    await promisify(execFile)("nft", ["-c", "-f", file], { timeout: 10_000 });
                } catch (e) {
                    assert.fail(`${artifact.path}: nft -c rejected it:\n${(e as { stderr?: string }).stderr ?? e}`);
                }
            }));
        });
    }

    it("rejects a broken ruleset, so a pass above means something", () => {
        const file = join(dir, "broken.nft");
        writeFileSync(file, "table inet wso2 {\n  chain input {\n    tcp dport 70000 accept\n  }\n}\n");
        assert.throws(() => run("nft", ["-c", "-f", file]));
    });
});
