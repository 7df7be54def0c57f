import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { stringify } from "yaml";
import { COMMANDS } from "../../src/cli/commands";
import { SpecError } from "../../src/spec/errors";
import { parseSpecText } from "../../src/spec/load";
import { largeSpec, variedSpec } from "../support/large-spec";
import { specProblemLines } from "../support/spec-problems";

const problemsOf = specProblemLines;

describe("spec files: JSON through JSON.parse, YAML through the YAML parser", () => {
    it("reads a JSON spec and the same spec as YAML to equal values", () => {
        for (const spec of [largeSpec(10, 100), variedSpec(6, 40)]) {
            assert.deepEqual(parseSpecText(JSON.stringify(spec, null, 2)), spec);
            assert.deepEqual(parseSpecText(stringify(spec)), spec);
        }
        const example = readFileSync("examples/specs/multicast.yaml", "utf8");
        assert.deepEqual(parseSpecText(JSON.stringify(parseSpecText(example))), parseSpecText(example));
    });

    it("rejects a key written twice in JSON, as in YAML, naming the line", () => {
        const text = '{\n  "products": [],\n  "hosts": [{ "name": "a", "address": "10.0.0.1", "name": "b" }]\n}';
        assert.deepEqual(problemsOf(() => parseSpecText(text, "spec.json")).length, 1);
        assert.match(problemsOf(() => parseSpecText(text, "spec.json"))[0], /^spec\.json:3: the key "name" appears twice in one mapping; keep one/);
    });

    it("keys inside strings, escaped quotes and colons in values do not count as keys", () => {
        const spec = { products: [{ name: "a\":b", product: "x: \"y\"", config: { "k\\\"": "v:\"w\":" } }] };
        assert.deepEqual(parseSpecText(JSON.stringify(spec)), spec);
        assert.deepEqual(parseSpecText(JSON.stringify(spec, null, 1)), spec);
    });

    it("a JSON syntax error is reported with its line, not JSON.parse's character position", () => {
        const [problem, ...rest] = problemsOf(() => parseSpecText('{\n  "products": [\n    1,\n  }\n', "spec.json"));
        assert.match(problem, /^spec\.json: YAML: .* at line 4, column 3/);
        assert.ok(rest.every((p) => /at line \d+/.test(p)));
    });

    it("a value nested deeper than the stack is no crash", () => {
        const deep = "[".repeat(50000) + "]".repeat(50000);
        assert.doesNotThrow(() => { try { parseSpecText(deep); } catch (e) { if (!(e instanceof SpecError)) throw e; } });
    });
});

describe("wso2-ports commands load on demand", () => {
    it("each entry's name is its command's name", () => {
        assert.deepEqual(COMMANDS.map((c) => c.load().name), COMMANDS.map((c) => c.name));
    });
});
