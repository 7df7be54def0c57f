/** `wso2-ports render SPEC --out DIR`: the files, their modes, re-runs, and errors that write nothing. */
import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseToml } from "smol-toml";
import { MANIFEST_NAME } from "../../src/output/write";
import { Plan } from "../../src/plan/types";
import { filesUnder, run, tempDir } from "./helpers";

const EXAMPLE = "examples/specs/two-hosts-wka.yaml";
const mode = (path: string) => statSync(path).mode & 0o777;

function specFile(dir: string, text: string): string {
    const path = join(dir, "spec.yaml");
    writeFileSync(path, text);
    return path;
}

const THREE_IS = `
hosts: [{ name: h1, address: 192.0.2.10 }]
products:
  - { name: is, product: identity-server, version: "7.0.0", instances: [{ name: a }, { name: b }, { name: c }] }
`;

describe("wso2-ports render", () => {
    it("writes every instance's deployment.toml, plan.json as `plan --json` prints it, and prints the plan table", async () => {
        const out = tempDir();
        const result = await run(["render", EXAMPLE, "--out", out]);
        assert.equal(result.code, 0, result.err);
        const plan = (await run(["plan", EXAMPLE])).out;
        const lines = result.out.split("\n");
        assert.equal(lines.slice(0, -1).join("\n"), plan);
        assert.equal(lines[lines.length - 1], `wrote 8 files to ${out}`, "then one summary line: 5 configs, 2 firewall.nft, plan.json (a Docker spec: no kubernetes/)");
        assert.equal(readFileSync(join(out, "plan.json"), "utf8"), (await run(["plan", EXAMPLE, "--json"])).out + "\n");
        const parsed = JSON.parse(readFileSync(join(out, "plan.json"), "utf8")) as Plan;
        for (const inst of parsed.instances) {
            const file = join(out, inst.host, inst.name, "deployment.toml");
            assert.equal((parseToml(readFileSync(file, "utf8")).server as { offset: number }).offset, inst.offset);
            assert.equal(mode(file), 0o600);
            assert.equal(mode(join(out, inst.host, inst.name)), 0o700);
        }
        const listed = JSON.parse(readFileSync(join(out, MANIFEST_NAME), "utf8")) as { files: Record<string, string> };
        assert.deepEqual(Object.keys(listed.files), filesUnder(out).filter((f) => f !== MANIFEST_NAME));
        for (const [file, hash] of Object.entries(listed.files)) {
            assert.equal(hash, createHash("sha256").update(readFileSync(join(out, file))).digest("hex"), `${file}'s recorded hash`);
        }
    });

    it("re-running removes the files of instances that are gone, and their empty directories, but nothing it did not write", async () => {
        const work = tempDir();
        const out = join(work, "out");
        assert.equal((await run(["render", specFile(work, THREE_IS), "--out", out])).code, 0);
        writeFileSync(join(out, "h1", "b", "notes.txt"), "mine");
        writeFileSync(join(out, "README"), "mine");
        const second = await run(["render", specFile(work, THREE_IS.replace(", { name: b }", "").replace(", { name: c }", "")), "--out", out]);
        assert.equal(second.code, 0);
        assert.match(second.out, /removed 2 no longer rendered \(h1\/b\/deployment\.toml, h1\/c\/deployment\.toml\)$/);
        assert.ok(existsSync(join(out, "h1", "a", "deployment.toml")));
        assert.ok(!existsSync(join(out, "h1", "b", "deployment.toml")));
        assert.ok(existsSync(join(out, "h1", "b", "notes.txt")), "a file render did not write stays");
        assert.ok(!existsSync(join(out, "h1", "c")), "an emptied directory goes");
        assert.ok(existsSync(join(out, "README")));
    });

    it("keeps every offset in place from DIR/plan.json, unless --fresh", async () => {
        const work = tempDir();
        const out = join(work, "out");
        await run(["render", specFile(work, THREE_IS), "--out", out]);
        const offsetOf = (name: string) => (JSON.parse(readFileSync(join(out, "plan.json"), "utf8")) as Plan).instances.find((i) => i.name === name)!.offset;
        const before = offsetOf("b");
        const grown = specFile(work, THREE_IS.replace("[{ name: a }", "[{ name: new }, { name: a }"));
        assert.equal((await run(["render", grown, "--out", out])).code, 0);
        assert.equal(offsetOf("b"), before);
        assert.equal((await run(["render", grown, "--out", out, "--fresh"])).code, 0);
        assert.notEqual(offsetOf("b"), before, "--fresh plans from scratch");
    });

    it("tightens the mode of a file that already exists", async () => {
        const out = tempDir();
        await run(["render", EXAMPLE, "--out", out]);
        const file = join(out, "host-a", "is-1", "deployment.toml");
        chmodSync(file, 0o644);
        await run(["render", EXAMPLE, "--out", out]);
        assert.equal(mode(file), 0o600);
    });

    it("exits 1 listing every problem, and writes nothing", async () => {
        const work = tempDir();
        const bad = specFile(work, `
hosts: [{ name: h1, address: 192.0.2.10 }]
products:
  - { name: is, product: identity-server, version: "7.0.0", instances: [{ config: { server: { offset: 4 } } }, { configToml: "[x\\n" }] }
`);
        const out = join(work, "out");
        const fresh = await run(["render", bad, "--out", out]);
        assert.equal(fresh.code, 1);
        assert.match(fresh.err, /products\[0\]\.instances\[0\]\.config: instance "is-1".*server\.offset/);
        assert.match(fresh.err, /products\[0\]\.instances\[1\]\.configToml: instance "is-2": invalid TOML at line 1/);
        assert.ok(!existsSync(out));
        mkdirSync(out);
        writeFileSync(join(out, "keep"), "x");
        assert.equal((await run(["render", bad, "--out", out])).code, 1);
        assert.deepEqual(filesUnder(out), ["keep"]);
    });

    it("--name names the nft table and admits that component's Docker bridge to same-host members' ports", async () => {
        const spec = specFile(tempDir(), THREE_IS.replace('version: "7.0.0",', 'version: "7.0.0", clustering: { scheme: wka },'));
        const byName = async (args: string[]) => {
            const out = tempDir();
            assert.equal((await run(["render", spec, "--out", out, ...args])).code, 0);
            return readFileSync(join(out, "h1", "firewall.nft"), "utf8");
        };
        const bridgeOf = (text: string) => [...new Set([...text.matchAll(/iifname "([^"]+)"/g)].map((m) => m[1]))];
        const [plain, named] = [await byName([]), await byName(["--name", "prod"])];
        assert.match(plain, /^table inet wso2$/m);
        assert.match(named, /^table inet prod$/m);
        assert.equal(bridgeOf(plain).length, 1);
        assert.equal(bridgeOf(named).length, 1);
        assert.notEqual(bridgeOf(plain)[0], bridgeOf(named)[0]);
    });

    it("exits 2 without --out", async () => {
        assert.equal((await run(["render", EXAMPLE])).code, 2);
    });
});
