/** Issue 10, finding 15: every failure is a one-line message with its own exit code; a stack trace only with --debug. */
import { strict as assert } from "node:assert";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { errorReport, EXIT_INVALID, EXIT_IO } from "../../src/cli/main";
import { KubernetesValidationError } from "../../src/targets/kubernetes";
import { run } from "../render/helpers";
import { fastTempDir as tempDir } from "../output/support";

const STACK = /\n\s+at /;

function specFile(text: string): string {
    const path = join(tempDir(), "spec.yaml");
    writeFileSync(path, text);
    return path;
}

const HOSTS = "hosts: [{ name: h1, address: 192.0.2.10 }]\n";

describe("security: CLI errors", () => {
    it("`ports: [null]` is a spec problem (exit 1), not a TypeError", async () => {
        const result = await run(["plan", specFile(`${HOSTS}products:\n  - { name: is, product: identity-server, version: "7.0.0", ports: [null] }\n`)]);
        assert.equal(result.code, EXIT_INVALID);
        assert.match(result.err, /products\[0\]\.ports\[0\]/);
        assert.doesNotMatch(result.err, STACK);
    });

    it("a YAML alias bomb is a spec problem (exit 1) naming the file", async () => {
        const levels = ["a: &a [x, x, x, x, x, x, x, x, x]"];
        for (const [prev, name] of [["a", "b"], ["b", "c"], ["c", "d"], ["d", "e"], ["e", "f"]]) levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(", ")}]`);
        const path = specFile(`${levels.join("\n")}\nproducts: *f\n`);
        const result = await run(["plan", path]);
        assert.equal(result.code, EXIT_INVALID);
        assert.match(result.err, new RegExp(`${path.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: YAML: .*alias`));
        assert.doesNotMatch(result.err, STACK);
    });

    it("Kubernetes objects that would not validate are invalid input (exit 1), one line per problem", async () => {
        const clash = specFile(`${HOSTS}products:\n  - { name: is, product: identity-server, version: "7.0.0", ports: [{ name: https, port: 9763 }] }\nkubernetes: { hostNetwork: true }\n`);
        const result = await run(["render", clash, "--out", join(tempDir(), "out")]);
        assert.equal(result.code, EXIT_INVALID);
        assert.doesNotMatch(result.err, STACK);
        const report = errorReport(new KubernetesValidationError(["StatefulSet/is-1: container lists 9763/TCP twice"]));
        assert.deepEqual(report, { code: EXIT_INVALID, message: "invalid WSO2 deployment spec: the Kubernetes objects it gives are not valid (1):\n  - StatefulSet/is-1: container lists 9763/TCP twice" });
    });

    it("EACCES, ENOTDIR, ENOSPC and ENAMETOOLONG from node:fs are exit 4 with one line", () => {
        for (const [code, words] of [["EACCES", "permission denied"], ["ENOTDIR", "not a directory"], ["ENOSPC", "no space left on device"], ["ENAMETOOLONG", "name too long"]]) {
            const e = Object.assign(new Error(`${code}: ${words}, open '/srv/out/x'`), { code, syscall: "open", path: "/srv/out/x" });
            assert.deepEqual(errorReport(e), { code: EXIT_IO, message: `wso2-ports: open /srv/out/x failed: ${words} (${code})` });
        }
    });

    it("a spec file that cannot be read is exit 4 (a missing one is exit 1), one line", async () => {
        const io = await run(["plan", "/proc/self/mem"]); // reading it from offset 0 is a real EIO
        assert.equal(io.code, EXIT_IO, io.err);
        assert.equal(io.err, "wso2-ports: cannot read spec file /proc/self/mem: i/o error (EIO)");
        const missing = await run(["plan", join(tempDir(), "missing.yaml")]);
        assert.equal(missing.code, EXIT_INVALID);
        assert.match(missing.err, /missing\.yaml: cannot read spec file: no such file$/);
    });

    it("an unexpected error is one line pointing at --debug; --debug adds the stack trace", async () => {
        const report = errorReport(new TypeError("Cannot read properties of null (reading 'x')\n    at somewhere"));
        assert.equal(report.code, EXIT_INVALID);
        assert.equal(report.message.split("\n").length, 1);
        assert.match(report.message, /internal error \(TypeError: Cannot read properties of null \(reading 'x'\)\).*--debug/);
        const out = join(tempDir(), "plain");
        writeFileSync(out, "");
        const spec = specFile(`${HOSTS}products:\n  - { name: is, product: identity-server, version: "7.0.0" }\n`);
        const plain = await run(["render", spec, "--out", join(out, "x")]);
        const debug = await run(["--debug", "render", spec, "--out", join(out, "x")]);
        assert.equal(plain.code, EXIT_IO);
        assert.equal(debug.code, EXIT_IO);
        assert.doesNotMatch(plain.err, STACK);
        assert.match(debug.err, STACK);
    });
});

describe("security: a plan.json that is not JSON", () => {
    it("is named with the parser's position, never its text (it may be whatever a link in DIR points at)", async () => {
        const dir = tempDir();
        const out = join(dir, "out");
        const { mkdirSync } = await import("node:fs");
        mkdirSync(out);
        writeFileSync(join(out, "plan.json"), "root:hunter2:19000:0:99999:7:::\n");
        const spec = specFile(`${HOSTS}products:\n  - { name: is, product: identity-server, version: "7.0.0" }\n`);
        const result = await run(["render", spec, "--out", out]);
        assert.equal(result.code, EXIT_INVALID);
        assert.match(result.err, /plan\.json: not a plan\.json: Unexpected token \(text\) is not valid JSON/);
        assert.doesNotMatch(result.err, /hunter2|root/);
        const diff = await run(["plan", spec, "--previous", join(out, "plan.json")]);
        assert.doesNotMatch(diff.err, /hunter2/);
    });
});
