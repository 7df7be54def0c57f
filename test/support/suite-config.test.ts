/**
 * `npm test` lists its spec files itself (test/suite.mocharc.js): the plugin's files as one
 * unit (test/plugin/one-worker.ts loads every *.test.ts under test/plugin/), everything else
 * one by one. CI counts tests from the run's closing line, so a file the list misses would
 * silently not run.
 */
import { strict as assert } from "node:assert";
import { readdirSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "../..");

describe("npm test's list of spec files", () => {
    const config = require("../suite.mocharc.js") as { spec: string[]; parallel: boolean };
    const onDisk = readdirSync(join(ROOT, "test"), { recursive: true, encoding: "utf8" })
        .filter((f) => f.endsWith(".test.ts"))
        .map((f) => `test/${f.split("\\").join("/")}`);

    it("runs every spec file exactly once: the plugin's through test/plugin/one-worker.ts, the others by name", () => {
        assert.equal(config.parallel, true);
        assert.equal(new Set(config.spec).size, config.spec.length, "a file listed twice runs twice");
        assert.equal(config.spec[0], "test/plugin/one-worker.ts", "the plugin's files start first, with the plugin");
        const plugin = onDisk.filter((f) => f.startsWith("test/plugin/"));
        assert.ok(plugin.length >= 4);
        assert.deepEqual([...config.spec.slice(1), ...plugin].sort(), [...onDisk].sort());
    });
});
