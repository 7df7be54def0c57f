/**
 * Regenerates test/golden/<example>/ from examples/specs/<example>.yaml: the full tree
 * `wso2-ports render --fresh` writes. Run only on purpose (`npm run golden:update`), then
 * review the diff: the golden test compares every render against these files byte for byte.
 */
import { existsSync, readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { buildRenderOutput } from "../src/output/render-output";
import { writeArtifacts } from "../src/output/write";
import { loadSpecFile } from "../src/spec/load";

const ROOT = join(__dirname, "..");
export const EXAMPLES_DIR = join(ROOT, "examples/specs");
export const GOLDEN_DIR = join(ROOT, "test/golden");

/** Every example spec, as [name, path]: the name is the file name without .yaml. */
export function exampleSpecFiles(): [string, string][] {
    return readdirSync(EXAMPLES_DIR).filter((f) => /\.ya?ml$/.test(f)).sort()
        .map((f) => [basename(f).replace(/\.ya?ml$/, ""), join(EXAMPLES_DIR, f)]);
}

function main(): void {
    const examples = exampleSpecFiles();
    for (const [name, path] of examples) {
        // Fresh, as for a first render: a golden shows what a spec gives, not what an earlier golden gave.
        const { artifacts } = buildRenderOutput(loadSpecFile(path));
        const { written, removed } = writeArtifacts(join(GOLDEN_DIR, name), artifacts);
        process.stdout.write(`${name}: ${written.length} files${removed.length ? `, removed ${removed.join(", ")}` : ""}\n`);
    }
    const names = new Set(examples.map(([n]) => n));
    const orphans = existsSync(GOLDEN_DIR) ? readdirSync(GOLDEN_DIR).filter((d) => !names.has(d)) : [];
    for (const o of orphans) process.stdout.write(`note: test/golden/${o} has no example spec any more; delete it if the example is gone\n`);
}

if (require.main === module) main();
