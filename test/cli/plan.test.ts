import { strict as assert } from "node:assert";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../src/cli/main";
import { Plan } from "../../src/plan/types";

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, (t) => out.push(t), (t) => err.push(t));
    return { code, out: out.join("\n"), err: err.join("\n") };
}

const EXAMPLE = "examples/specs/two-hosts-wka.yaml";

function tempFile(name: string, text: string): string {
    const path = join(mkdtempSync(join(tmpdir(), "wso2-ports-")), name);
    writeFileSync(path, text);
    return path;
}

describe("wso2-ports plan", () => {
    it("prints a table with one line per instance, ports grouped by exposure class", async () => {
        const { code, out } = await run(["plan", EXAMPLE]);
        assert.equal(code, 0);
        const lines = out.split("\n");
        assert.match(lines[0], /^HOST\s+INSTANCE\s+PRODUCT\s+OFFSET\s+PUBLIC\s+MANAGEMENT\s+INTERNAL\s+CLUSTER$/);
        assert.equal(lines.length, 1 + 5);
        assert.match(out, /host-a\s+apim-1\s+api-manager 4\.3\.0\s+10\s+\S*9453/);
    });

    it("prints the plan as JSON with --json, in the documented shape", async () => {
        const { code, out } = await run(["plan", EXAMPLE, "--json"]);
        assert.equal(code, 0);
        const plan = JSON.parse(out) as Plan;
        const is1 = plan.instances.find((i) => i.name === "is-1")!;
        assert.deepEqual(Object.keys(is1), ["name", "group", "product", "version", "profile", "host", "address", "offset", "ports", "clustering"]);
        assert.deepEqual(Object.keys(is1.ports[0]), ["name", "port", "protocol", "exposure", "shifted", "purpose"]);
        assert.deepEqual(is1.clustering, { scheme: "wka", domain: "wso2.is.domain", localMemberPort: 4000, members: ["10.0.0.11:4000", "10.0.0.12:4000"] });
        assert.equal(plan.instances.find((i) => i.name === "mi-1")!.clustering, null);
    });

    it("keeps offsets from --previous when the spec grows earlier in the list", async () => {
        const before = tempFile("plan.json", (await run(["plan", EXAMPLE, "--json"])).out);
        const grown = tempFile("spec.yaml", `
hosts: [ { name: host-a, address: 10.0.0.11 } ]
products:
  - { name: is, product: identity-server, version: "7.0.0", instances: [ { name: is-1 }, { name: is-new } ] }
  - { name: apim, product: api-manager, version: "4.3.0", instances: [ { name: apim-1, host: host-a, offset: 10 } ] }
  - { name: mi, product: micro-integrator, version: "4.2.0", instances: [ { name: mi-1 } ] }
`);
        const { code, out } = await run(["plan", grown, "--json", "--previous", before]);
        assert.equal(code, 0);
        const mi = (JSON.parse(out) as Plan).instances.find((i) => i.name === "mi-1")!;
        assert.equal(mi.offset, 0, "mi-1 kept the offset of the previous plan");
    });

    it("exits 1 with every problem on stderr for an invalid spec", async () => {
        const bad = tempFile("bad.yaml", `
products:
  - { name: is, product: identity-server, version: "7.0.0", instances: [ { name: a, offset: 0 }, { name: b, offset: 0 } ] }
  - { name: x, product: nope, version: "1.0.0" }
`);
        const { code, err, out } = await run(["plan", bad]);
        assert.equal(code, 1);
        assert.equal(out, "");
        assert.match(err, /unknown product "nope"/);
        assert.match(err, /products\[0\]\.instances\[1\]\.offset: instance "b" at offset 0/, "the bad group hides no clash in the good one");
    });

    it("exits 1 and names the line for broken YAML", async () => {
        const { code, err } = await run(["plan", tempFile("broken.yaml", "products:\n  - name: [unclosed\n")]);
        assert.equal(code, 1);
        assert.match(err, /broken.yaml: YAML: .* at line \d+, column \d+/);
    });

    it("exits 2 for bad usage", async () => {
        assert.equal((await run([])).code, 2);
        assert.equal((await run(["plan"])).code, 2);
        assert.equal((await run(["plan", EXAMPLE, "--bogus"])).code, 2);
        assert.equal((await run(["frobnicate"])).code, 2);
    });
});
