/**
 * The bundled examples render exactly as recorded under test/golden/<example>/. The goldens
 * change only through `npm run golden:update` (scripts/update-golden.ts), reviewed in the diff.
 */
import { strict as assert } from "node:assert";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { exampleSpecFiles, GOLDEN_DIR, VARIED_FIREWALL_HASHES, variedFirewallHashes } from "../../scripts/update-golden";
import { filesUnder, run, tempDir } from "./helpers";

const HINT = "if the change is intended, run `npm run golden:update` and review the diff of test/golden";

/** Where two texts first differ, as a line number and both lines, for a readable failure. */
function firstDifferentLine(expected: string, actual: string): string {
    const e = expected.split("\n");
    const a = actual.split("\n");
    const i = e.findIndex((line, n) => line !== a[n]);
    const n = i === -1 ? e.length : i;
    return `line ${n + 1}: golden ${JSON.stringify(e[n])}, rendered ${JSON.stringify(a[n])}`;
}

describe("render: golden files of the bundled examples", () => {
    const examples = exampleSpecFiles();

    it("bundles the three documented examples", () => {
        assert.deepEqual(examples.map(([n]) => n).filter((n) => ["two-hosts-wka", "multicast", "kubernetes-scheme"].includes(n)).sort(),
            ["kubernetes-scheme", "multicast", "two-hosts-wka"]);
    });

    for (const [name, specPath] of examples) {
        it(`${name}: renders byte for byte as test/golden/${name}`, async () => {
            const golden = join(GOLDEN_DIR, name);
            assert.ok(existsSync(golden), `no golden files for example "${name}" (test/golden/${name} is missing); ${HINT}`);
            const out = tempDir();
            const result = await run(["render", specPath, "--out", out]);
            assert.equal(result.code, 0, result.err);
            const expectedFiles = filesUnder(golden);
            const actualFiles = filesUnder(out);
            assert.deepEqual(actualFiles, expectedFiles, `the rendered file list differs from test/golden/${name}; ${HINT}`);
            for (const file of expectedFiles) {
                const expected = readFileSync(join(golden, file), "utf8");
                const actual = readFileSync(join(out, file), "utf8");
                assert.ok(actual === expected, `test/golden/${name}/${file} differs from the render (${firstDifferentLine(expected, actual)}); ${HINT}`);
            }
        });
    }
});

describe("render: golden hashes of a generated spec", () => {
    it("variedSpec(): every firewall.nft (300 instances on 30 hosts) hashes as recorded in test/golden-hashes", () => {
        const expected = JSON.parse(readFileSync(VARIED_FIREWALL_HASHES, "utf8")) as Record<string, string>;
        const actual = variedFirewallHashes();
        assert.equal(Object.keys(actual).length, 30);
        for (const [path, hash] of Object.entries(expected)) assert.equal(actual[path], hash, `${path} differs from its recorded hash; ${HINT}`);
        assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort());
    });
});
