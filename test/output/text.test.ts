/**
 * Texts reach disk and stdout in slices (src/util/text-slices.ts): the bytes must be the
 * text's UTF-8, whatever falls on a cut, including a character outside the BMP (a surrogate
 * pair in the UTF-16 string).
 */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { writeArtifacts } from "../../src/output/write";
import { TEXT_SLICE, textSlices } from "../../src/util/text-slices";
import { fastTempDir } from "./support";

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;

describe("text slices", () => {
    it("any text: the slices join to it, none is empty or longer than asked (2 when 1 is asked), and none splits a surrogate pair", () => {
        fc.assert(fc.property(fc.fullUnicodeString({ maxLength: 40 }), fc.integer({ min: 1, max: 9 }), (text, size) => {
            const slices = [...textSlices(text, size)];
            assert.equal(slices.join(""), text);
            for (const [i, slice] of slices.entries()) {
                assert.ok(slice.length > 0 && slice.length <= Math.max(size, 2), `slice ${i} of ${JSON.stringify(slices)}`);
                if (i < slices.length - 1) assert.ok(!(isHigh(slice.charCodeAt(slice.length - 1)) && isLow(slices[i + 1].charCodeAt(0))), `a pair split after slice ${i}`);
            }
        }), { numRuns: 300 });
    });

    it("render writes a text whose pair straddles a slice's end byte for byte, and a second render finds it unchanged", async () => {
        const dir = join(fastTempDir(), "out");
        const straddling = "a".repeat(TEXT_SLICE - 1) + "\u{1F600}" + "é\n";
        assert.ok(isHigh(straddling.charCodeAt(TEXT_SLICE - 1)), "the pair's first half is the slice's last unit");
        const artifacts = [{ path: "h1/big.txt", content: straddling, mode: 0o600 }];
        await writeArtifacts(dir, artifacts);
        assert.deepEqual(readFileSync(join(dir, "h1", "big.txt")), Buffer.from(straddling, "utf8"));
        const again = await writeArtifacts(dir, artifacts);
        assert.deepEqual(again.unchanged, ["h1/big.txt"], "the manifest's hash is the written bytes' hash");
    });
});
