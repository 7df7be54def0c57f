/**
 * Preloaded with `node -r` into a CLI run the benchmark measures for memory: at exit it
 * writes the process's peak RSS (KiB) and the packages it loaded to the file named by
 * WSO2_BENCH_PROBE. Never loaded into a timed run.
 */
import { writeFileSync } from "node:fs";

const file = process.env.WSO2_BENCH_PROBE;

/** The npm packages a process loaded: what it paid for at start-up. */
function loadedPackages(): string[] {
    const names = Object.keys(require.cache).map((p) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(p)?.[1]).filter((n): n is string => !!n);
    return [...new Set(names)].sort();
}

if (file) process.on("exit", () => writeFileSync(file, JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS, packages: loadedPackages() })));
