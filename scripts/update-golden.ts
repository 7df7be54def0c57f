/**
 * Regenerates test/golden/<example>/ from examples/specs/<example>.yaml: the full tree
 * `wso2-ports render --fresh` writes, and test/golden-hashes/ for generated specs too large
 * to keep as files. Run only on purpose (`npm run golden:update`), then review the diff: the
 * golden tests compare every render against these files byte for byte.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { firewallArtifacts } from "../src/firewall/artifacts";
import { buildRenderOutput } from "../src/output/render-output";
import { writeArtifacts, writeSummary } from "../src/output/write";
import { planSpec } from "../src/plan/planner";
import { loadSpecFile } from "../src/spec/load";
import { variedSpec } from "../test/support/large-spec";

const ROOT = join(__dirname, "..");
export const EXAMPLES_DIR = join(ROOT, "examples/specs");
export const GOLDEN_DIR = join(ROOT, "test/golden");
/** SHA-256 per firewall.nft of variedSpec(): 30 files, 2.7 MB, every firewall case at scale. */
export const VARIED_FIREWALL_HASHES = join(ROOT, "test/golden-hashes/varied-firewall.json");

/** Every example spec, as [name, path]: the name is the file name without .yaml. */
export function exampleSpecFiles(): [string, string][] {
    return readdirSync(EXAMPLES_DIR).filter((f) => /\.ya?ml$/.test(f)).sort()
        .map((f) => [basename(f).replace(/\.ya?ml$/, ""), join(EXAMPLES_DIR, f)]);
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** Each firewall.nft `render` writes for variedSpec(), by path, as its SHA-256. */
export function variedFirewallHashes(): Record<string, string> {
    const { spec, plan } = planSpec(variedSpec());
    return Object.fromEntries(firewallArtifacts({ spec, plan, configs: [] }).map((a) => [a.path, sha256(a.content)]));
}

async function main(): Promise<void> {
    const examples = exampleSpecFiles();
    for (const [name, path] of examples) {
        // Fresh, as for a first render: a golden shows what a spec gives, not what an earlier golden gave.
        const { artifacts } = buildRenderOutput(loadSpecFile(path));
        const dir = join(GOLDEN_DIR, name);
        process.stdout.write(`${name}: ${writeSummary(dir, await writeArtifacts(dir, artifacts))}\n`);
    }
    mkdirSync(join(VARIED_FIREWALL_HASHES, ".."), { recursive: true });
    writeFileSync(VARIED_FIREWALL_HASHES, JSON.stringify(variedFirewallHashes(), null, 2) + "\n");
    process.stdout.write(`variedSpec() firewall: ${VARIED_FIREWALL_HASHES.slice(ROOT.length + 1)}\n`);
    const names = new Set(examples.map(([n]) => n));
    const orphans = existsSync(GOLDEN_DIR) ? readdirSync(GOLDEN_DIR).filter((d) => !names.has(d)) : [];
    for (const o of orphans) process.stdout.write(`note: test/golden/${o} has no example spec any more; delete it if the example is gone\n`);
}

if (require.main === module) main().catch((e) => {
    process.stderr.write(`${(e as Error).stack ?? e}\n`);
    process.exitCode = 1;
});
