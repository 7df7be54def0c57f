/**
 * `wso2-ports` as users run it: the compiled CLI, a fresh Node process per sample, timed from
 * spawn to exit. Every figure is a ratio to a baseline timed in the same rounds: cases
 * alternate within each round, so a busy machine slows a figure and its baseline alike, and
 * each ratio is the median of the per-round ratios.
 *   plan, 1 instance              against `node -e 0` (start-up: what plan loads)
 *   plan --json, 1,000 instances  against plan --json on 1 (parsing, planning and printing scale)
 *   render, 1,000 instances       against render on 1 (configs, firewall and files scale)
 * Each render writes into a new, empty directory: the cost of a first render, every file
 * created and synced (a render into a directory that already holds the same files rewrites
 * nothing, which would flatter the figure). The same pair into memory (tmpfs), where there
 * is one, is printed beside it: the program's cost without the disk's. So is the file
 * system's floor (fs-floor.ts): the 1,000-instance render's tree written as durably by a bare
 * loop in a fresh process, against render on 1 instance. Where that alone is over render's
 * limit, the disk, not render, sets the figure.
 * Peak RSS comes from separate, untimed runs with rss-probe.js preloaded.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { DeploymentSpec } from "../src/spec/types";
import { largeSpec } from "../test/support/large-spec";
import { median } from "./stats";

const CLI = join(__dirname, "../src/cli/main.js");
const FLOOR = join(__dirname, "fs-floor.js");
const PROBE = join(__dirname, "rss-probe.js");

/** One instance: the 1,000-instance spec's first group, cut to one member on one host. */
const ONE: DeploymentSpec = largeSpec(1, 1);

export interface CliCase {
    name: string;
    args: string[];
}

export interface CliFigure {
    name: string;
    baseline: string;
    limit: number;
    /** Median of the per-round ratios. */
    ratio: number;
    medianMs: number;
    baselineMs: number;
}

export interface MemoryFigure {
    name: string;
    maxRssMiB: number;
    packages: string[];
}

/** Stands for a new, empty output directory in a case's arguments, made and removed outside the timing: on the temporary directory's disk. */
const NEW_DIR = "{new output directory}";
/** The same in memory (tmpfs), where there is one: the program's cost without the disk's, which syncs every file. */
const NEW_MEMORY_DIR = "{new output directory in memory}";
const MEMORY = "/dev/shm";

function withNewDir<T>(template: string[], call: (args: string[]) => T): T {
    const parent = template.includes(NEW_DIR) ? tmpdir() : template.includes(NEW_MEMORY_DIR) ? MEMORY : undefined;
    const out = parent === undefined ? undefined : mkdtempSync(join(parent, "wso2-bench-out-"));
    try {
        return call(template.map((a) => (a === NEW_DIR || a === NEW_MEMORY_DIR ? out! : a)));
    } finally {
        if (out) rmSync(out, { recursive: true, force: true });
    }
}

function timeOnce(template: string[]): number {
    return withNewDir(template, (args) => {
        const start = process.hrtime.bigint();
        const run = spawnSync(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        if (run.status !== 0) throw new Error(`node ${args.join(" ")} exited ${run.status}: ${run.stderr}`);
        return ms;
    });
}

/** Every case once per round, in order, `rounds` times (one untimed warm-up round first: the file cache). */
function timeRounds(cases: CliCase[], rounds: number): Map<string, number[]> {
    for (const c of cases) timeOnce(c.args);
    const times = new Map(cases.map((c) => [c.name, [] as number[]]));
    for (let r = 0; r < rounds; r++) for (const c of cases) times.get(c.name)!.push(timeOnce(c.args));
    return times;
}

function figure(times: Map<string, number[]>, name: string, baseline: string, limit: number): CliFigure {
    const a = times.get(name)!;
    const b = times.get(baseline)!;
    return { name, baseline, limit, ratio: median(a.map((t, i) => t / b[i])), medianMs: median(a), baselineMs: median(b) };
}

function probe(dir: string, name: string, template: string[]): MemoryFigure {
    const file = join(dir, "probe.json");
    const run = withNewDir(template, (args) => spawnSync(process.execPath, ["-r", PROBE, ...args], { stdio: ["ignore", "ignore", "pipe"], encoding: "utf8", env: { ...process.env, WSO2_BENCH_PROBE: file } }));
    if (run.status !== 0) throw new Error(`${name} exited ${run.status}: ${run.stderr}`);
    const { maxRssKiB, packages } = JSON.parse(readFileSync(file, "utf8")) as { maxRssKiB: number; packages: string[] };
    return { name, maxRssMiB: maxRssKiB / 1024, packages };
}

/** What render writes for a spec, as fs-floor.js reads it: [path, size in bytes] pairs in a file of their own. */
function renderedTree(dir: string, spec: string): string {
    const path = join(dir, `${basename(spec)}.tree.json`);
    withNewDir([NEW_DIR], ([out]) => {
        const run = spawnSync(process.execPath, [CLI, "render", spec, "--out", out], { stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
        if (run.status !== 0) throw new Error(`render ${spec} exited ${run.status}: ${run.stderr}`);
        const files = readdirSync(out, { recursive: true, encoding: "utf8" }).filter((p) => statSync(join(out, p)).isFile());
        writeFileSync(path, JSON.stringify(files.map((p) => [p, statSync(join(out, p)).size])));
    });
    return path;
}

export interface CliBench {
    rounds: number;
    figures: CliFigure[];
    /** Figures without a limit, printed as information: render against plan, the file system's floor, render into memory. */
    information: CliFigure[];
    memory: MemoryFigure[];
}

export function benchCli(rounds = 9): CliBench {
    const dir = mkdtempSync(join(tmpdir(), "wso2-bench-"));
    try {
        const spec = (name: string, s: DeploymentSpec) => {
            const path = join(dir, `${name}.json`);
            writeFileSync(path, JSON.stringify(s, null, 2));
            return path;
        };
        const [one, thousand, tenThousand] = [spec("one", ONE), spec("1000", largeSpec()), spec("10000", largeSpec(1000, 10000))];
        const render = (path: string, out = NEW_DIR) => [CLI, "render", path, "--out", out];
        const tree = renderedTree(dir, thousand);
        const inMemory = existsSync(MEMORY);
        const cases: CliCase[] = [
            { name: "node -e 0", args: ["-e", "0"] },
            { name: "plan, 1 instance", args: [CLI, "plan", one] },
            { name: "plan --json, 1 instance", args: [CLI, "plan", "--json", one] },
            { name: "plan --json, 1,000 instances", args: [CLI, "plan", "--json", thousand] },
            { name: "render, 1 instance", args: render(one) },
            { name: "render, 1,000 instances", args: render(thousand) },
            { name: "its tree written by a bare loop", args: [FLOOR, tree, NEW_DIR] },
            ...(inMemory ? [
                { name: "render into memory, 1 instance", args: render(one, NEW_MEMORY_DIR) },
                { name: "render into memory, 1,000 instances", args: render(thousand, NEW_MEMORY_DIR) },
            ] : []),
        ];
        const times = timeRounds(cases, rounds);
        const figures = [
            figure(times, "plan, 1 instance", "node -e 0", 1.6),
            figure(times, "plan --json, 1,000 instances", "plan --json, 1 instance", 1.5),
            figure(times, "render, 1,000 instances", "render, 1 instance", 3),
        ];
        const information = [
            figure(times, "render, 1,000 instances", "plan --json, 1,000 instances", Infinity),
            figure(times, "its tree written by a bare loop", "render, 1 instance", Infinity),
            ...(inMemory ? [figure(times, "render into memory, 1,000 instances", "render into memory, 1 instance", Infinity)] : []),
        ];
        const memory = [
            probe(dir, "plan, 1 instance", [CLI, "plan", one]),
            probe(dir, "plan --json, 1,000 instances", [CLI, "plan", "--json", thousand]),
            probe(dir, "render, 1,000 instances", render(thousand)),
            probe(dir, "plan --json, 10,000 instances", [CLI, "plan", "--json", tenThousand]),
            probe(dir, "render, 10,000 instances", render(tenThousand)),
        ];
        return { rounds, figures, information, memory };
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}
