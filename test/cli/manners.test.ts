/** CLI manners: help on every command, `help`, `--version`, aligned usage, diff naming the bad side, a missing --previous. */
import { strict as assert } from "node:assert";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { run, tempDir } from "../render/helpers";

const COMMANDS = ["plan", "render", "diff", "verify"];
const EXAMPLE = "examples/specs/two-hosts-wka.yaml";

describe("wso2-ports manners", () => {
    for (const flag of ["--help", "-h"]) {
        for (const command of COMMANDS) {
            it(`${command} ${flag} prints its usage on stdout and exits 0`, async () => {
                const r = await run([command, flag]);
                assert.equal(r.code, 0, r.err);
                assert.match(r.out, new RegExp(`^usage: wso2-ports ${command} `));
                assert.equal(r.err, "");
            });
        }
    }

    it("`help`, `--help` and `help COMMAND` print on stdout and exit 0; `help nope` is a usage error", async () => {
        for (const argv of [["help"], ["--help"], ["-h"]]) {
            const r = await run(argv);
            assert.equal(r.code, 0);
            for (const c of COMMANDS) assert.match(r.out, new RegExp(`^  ${c} `, "m"));
        }
        assert.match((await run(["help", "diff"])).out, /^usage: wso2-ports diff OLD NEW/);
        assert.equal((await run(["help", "nope"])).code, 2);
    });

    it("`--version` prints the package's version", async () => {
        const r = await run(["--version"]);
        assert.equal(r.code, 0);
        assert.equal(r.out, `wso2-ports ${JSON.parse(readFileSync("package.json", "utf8")).version}`);
    });

    it("lists every command's usage at one indent and every summary at another", async () => {
        const lines = (await run(["--help"])).out.split("\n").slice(3);
        assert.equal(lines.length, COMMANDS.length * 2);
        lines.forEach((l, i) => assert.match(l, i % 2 === 0 ? /^ {2}\S/ : /^ {6}\S/, l));
    });

    it("diff says whether OLD or NEW is bad", async () => {
        const bad = join(tempDir(), "bad.yaml");
        writeFileSync(bad, "products: [{ name: is, product: identity-server, version: \"7.0.0\", clustring: {} }]\n");
        const newBad = await run(["diff", EXAMPLE, bad]);
        assert.equal(newBad.code, 1);
        assert.match(newBad.err, new RegExp(`^  - NEW ${bad.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: products\\[0\\]\\.clustring: unknown field`, "m"));
        const oldBad = await run(["diff", bad, EXAMPLE]);
        assert.match(oldBad.err, /^ {2}- OLD \S+: products\[0\]\.clustring/m);
    });

    it("a missing --previous file gets its own message", async () => {
        const r = await run(["plan", EXAMPLE, "--previous", "/nonexistent/plan.json"]);
        assert.equal(r.code, 1);
        assert.match(r.err, /--previous: "\/nonexistent\/plan\.json" does not exist; give the plan\.json of an earlier render/);
    });
});
