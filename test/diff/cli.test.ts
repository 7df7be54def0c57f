import { strict as assert } from "node:assert";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../src/cli/main";
import { PlanDiff } from "../../src/diff/diff";

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    // runCli's writers are typed after process.stdout.write, which returns a boolean.
    const code = await runCli(argv, (t) => out.push(t) > 0, (t) => err.push(t) > 0);
    return { code, out: out.join("\n"), err: err.join("\n") };
}

const dir = mkdtempSync(join(tmpdir(), "wso2-diff-"));
function file(name: string, text: string): string {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
}

const HEAD = `
hosts: [ { name: host-a, address: 10.0.0.11 } ]
exposure: { public: ["0.0.0.0/0"], management: ["10.0.0.0/8"] }
products:
`;
const OLD = file("old.yaml", `${HEAD}  - { name: is, product: identity-server, version: "7.0.0", instances: [ { name: is-1, offset: 0 } ] }\n`);
const GROWN = file("grown.yaml", `${HEAD}  - { name: is, product: identity-server, version: "7.0.0", instances: [ { name: is-1, offset: 0 }, { name: is-2 } ] }\n`);
const WIDENED = file("widened.yaml", `${HEAD}  - { name: is, product: identity-server, version: "7.0.0", instances: [ { name: is-1, offset: 0 } ], ports: [ { name: http, exposure: public } ] }\n`);
const UNPINNED = file("unpinned.yaml", `${HEAD}  - { name: is, product: identity-server, version: "7.0.0", instances: [ { name: is-1 } ] }\n`);
const INVALID = file("invalid.yaml", `${HEAD}  - { name: is, product: nope, version: "7.0.0" }\n`);

describe("wso2-ports diff", () => {
    it("exits 0 and says so when nothing changes", async () => {
        const { code, out } = await run(["diff", OLD, OLD]);
        assert.equal(code, 0);
        assert.equal(out, "no port-exposure changes");
    });

    it("exits 3 on changes and prints them per host", async () => {
        const { code, out } = await run(["diff", OLD, GROWN]);
        assert.equal(code, 3);
        assert.match(out, /^host host-a$/m);
        assert.match(out, /^ {2}\+ added\s+is-2\s+instance$/m);
        assert.match(out, /^ {2}\+ opened\s+is-2\s+9444\/tcp\s+https\s+public \(0\.0\.0\.0\/0\)$/m);
        assert.doesNotMatch(out, /WIDENED/);
    });

    it("shows a port nobody may reach as listening, never as opened", async () => {
        const one = file("one-nobody.yaml", `products:\n  - { name: is, product: identity-server, version: "7.0.0", instances: [ { name: is-1, offset: 0 } ] }\n`);
        const two = file("two-nobody.yaml", `products:\n  - { name: is, product: identity-server, version: "7.0.0", instances: [ { name: is-1, offset: 0 }, { name: is-2 } ] }\n`);
        const { code, out } = await run(["diff", one, two]);
        assert.equal(code, 3);
        // The default exposure.management is nobody: the management port is bound, not opened.
        assert.match(out, /^ {2}\+ listens\s+is-2\s+9764\/tcp\s+http\s+management \(reachable by nobody\)$/m);
        assert.doesNotMatch(out, /opened.*nobody/);
    });

    it("flags widening in the text", async () => {
        const { code, out } = await run(["diff", OLD, WIDENED]);
        assert.equal(code, 3);
        assert.match(out, /! widened\s+is-1\s+9763\/tcp\s+http\s+management \(10\.0\.0\.0\/8\) -> public \(0\.0\.0\.0\/0\)\s+WIDENED/);
        assert.match(out, /exposure WIDENED$/);
    });

    it("gives the same as data with --json, in the documented shape", async () => {
        const { code, out } = await run(["diff", OLD, WIDENED, "--json"]);
        assert.equal(code, 3);
        const diff = JSON.parse(out) as PlanDiff;
        assert.deepEqual(Object.keys(diff), ["changed", "widened", "hosts"]);
        assert.equal(diff.changed, true);
        assert.equal(diff.widened, true);
        assert.deepEqual(Object.keys(diff.hosts[0]), ["host", "instancesAdded", "instancesRemoved", "opened", "closed", "moved", "widened", "narrowed", "linksOpened", "linksClosed", "reconfigure", "membersChanged"]);
        assert.deepEqual(diff.hosts[0].widened[0], {
            instance: "is-1", name: "http", port: 9763, protocol: "tcp",
            from: { exposure: "management", sources: ["10.0.0.0/8"] }, to: { exposure: "public", sources: ["0.0.0.0/0"] },
        });
        const grown = JSON.parse((await run(["diff", OLD, GROWN, "--json"])).out) as PlanDiff;
        assert.deepEqual(Object.keys(grown.hosts[0].opened[0]), ["host", "instance", "port", "protocol", "name", "exposure", "sources"]);
    });

    it("prints { changed: false } JSON and exits 0 when nothing changes", async () => {
        const { code, out } = await run(["diff", OLD, OLD, "--json"]);
        assert.equal(code, 0);
        assert.deepEqual(JSON.parse(out), { changed: false, widened: false, hosts: [] });
    });

    it("accepts a plan.json as OLD, and plans NEW keeping what it deployed in place", async () => {
        // Deployed: is-1 at offset 3 (from an explicit offset since removed from the spec).
        const deployedSpec = file("deployed.yaml", `${HEAD}  - { name: is, product: identity-server, version: "7.0.0", instances: [ { name: is-1, offset: 3 } ] }\n`);
        const planJson = file("plan.json", (await run(["plan", deployedSpec, "--json"])).out);
        const kept = await run(["diff", planJson, UNPINNED]);
        assert.equal(kept.code, 0, kept.out);
        const againstSpec = await run(["diff", deployedSpec, UNPINNED]);
        assert.equal(againstSpec.code, 3, "between two specs, NEW is planned on its own and is-1 moves to offset 0");
        assert.match(againstSpec.out, /~ moved\s+is-1\s+9446\/tcp -> 9443\/tcp/);
    });

    it("counts a member added on another host as members lists changed, not as peer URLs", async () => {
        const TWO_HOSTS = `hosts: [ { name: host-a, address: 10.0.0.11 }, { name: host-b, address: 10.0.0.12 } ]
exposure: { public: ["0.0.0.0/0"], management: ["10.0.0.0/8"] }
products:
  - { name: is, product: identity-server, version: "7.0.0", clustering: { scheme: wka }, instances: [ { name: is-1, host: host-a }, { name: is-2, host: host-a }`;
        const two = file("two-members.yaml", `${TWO_HOSTS} ] }\n`);
        const three = file("three-members.yaml", `${TWO_HOSTS}, { name: is-3, host: host-b } ] }\n`);
        const { code, out } = await run(["diff", two, three]);
        assert.equal(code, 3);
        const lines = out.split("\n");
        assert.equal(lines[lines.length - 1], "1 instance added, 3 ports opened, 2 ports widened, 2 members lists changed; exposure WIDENED");
        // Both existing members on host-a learn the new member's address and port.
        assert.match(out, /^ {2}\* members\s+is-1\s+clustering\.members\s+\+10\.0\.0\.12:4000$/m);
        assert.match(out, /^ {2}\* members\s+is-2\s+clustering\.members\s+\+10\.0\.0\.12:4000$/m);
        assert.doesNotMatch(out, /reconfigure|peer URL/);
        const back = await run(["diff", three, two]);
        assert.match(back.out, /^ {2}\* members\s+is-1\s+clustering\.members\s+-10\.0\.0\.12:4000$/m);
        assert.match(back.out.split("\n").pop()!, /^1 instance removed, 3 ports closed, 2 ports narrowed, 2 members lists changed$/);
    });

    it("exits 1 on an invalid spec on either side, with the problem on stderr", async () => {
        for (const argv of [["diff", INVALID, OLD], ["diff", OLD, INVALID]]) {
            const { code, out, err } = await run(argv);
            assert.equal(code, 1);
            assert.equal(out, "");
            assert.match(err, /unknown product "nope"/);
        }
    });

    it("exits 1 on a plan.json that lacks what the diff reads", async () => {
        const broken = file("broken-plan.json", JSON.stringify({ hosts: [], instances: [{ name: "is-1", ports: [{ name: "https", port: "x" }] }] }));
        const { code, err } = await run(["diff", broken, OLD]);
        assert.equal(code, 1);
        assert.match(err, /exposure/);
        assert.match(err, /instances\[0\]\.ports\[0\]/);
    });

    it("exits 1 on a missing file", async () => {
        assert.equal((await run(["diff", join(dir, "missing.yaml"), OLD])).code, 1);
    });

    it("exits 2 for bad usage", async () => {
        assert.equal((await run(["diff"])).code, 2);
        assert.equal((await run(["diff", OLD])).code, 2);
        assert.equal((await run(["diff", OLD, OLD, OLD])).code, 2);
        assert.equal((await run(["diff", OLD, OLD, "--bogus"])).code, 2);
    });
});
