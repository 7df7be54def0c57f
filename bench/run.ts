/**
 * `npm run bench`: every figure is a ratio to a baseline measured in the same run, so a busy
 * machine slows both alike; the run passes or fails on the ratios, and prints absolute
 * times as information. On the compiled JavaScript the package ships (ts-node would add
 * source-mapping to every stack trace the SDK captures, and users run the compiled library).
 *   CLI (fresh processes, see cli.ts): plan on 1 instance against `node -e 0`, plan --json and
 *     render on 1,000 instances against the same on 1; peak RSS at 1,000 and 10,000; as
 *     information, render's tree written by a bare loop (the file system's floor) against render on 1.
 *   planner (in process): 2,000 instances against 1,000 (groups of 50 of every kind), linear.
 *   spec parsing (in process): a 40,000-key YAML mapping against 10,000 keys, linear.
 *   component (mock engine, fresh processes, see component.ts): against the Docker target
 *     alone at 200 instances; at 1,000 against itself at 200, linear.
 */
import { benchCli } from "./cli";
import { benchComponent, benchComponentScaling } from "./component";
import { benchParse } from "./parse";
import { benchPlan } from "./plan";
import { fmt } from "./stats";

const verdict = (ok: boolean) => (ok ? "OK" : "OVER");

/**
 * Packages `plan` must not load on the benchmark's JSON spec without config: the YAML parser,
 * Kubernetes validation (ajv itself validates the spec) and the TOML library.
 */
const NOT_FOR_PLAN = ["yaml", "kubernetes-models", "@kubernetes-models/validate", "@kubernetes-models/base", "smol-toml"];

function line(name: string, ratio: number, limit: number, detail: string): boolean {
    const ok = ratio <= limit;
    console.log(`  ${name}: ${ratio.toFixed(2)}x (limit ${limit}x; ${detail}) ${verdict(ok)}`);
    return ok;
}

async function main(): Promise<void> {
    const results: boolean[] = [];

    const cli = benchCli();
    console.log(`CLI, compiled, fresh processes, median of ${cli.rounds} rounds:`);
    for (const f of cli.figures) results.push(line(`${f.name} / ${f.baseline}`, f.ratio, f.limit, `${fmt(f.medianMs)} against ${fmt(f.baselineMs)}`));
    for (const f of cli.information) console.log(`  ${f.name} / ${f.baseline}: ${f.ratio.toFixed(2)}x (information; ${fmt(f.medianMs)} against ${fmt(f.baselineMs)})`);
    for (const m of cli.memory) console.log(`  peak RSS, ${m.name}: ${m.maxRssMiB.toFixed(0)} MiB`);
    const planProbe = cli.memory.find((m) => m.name === "plan, 1 instance")!;
    const unwanted = planProbe.packages.filter((p) => NOT_FOR_PLAN.includes(p));
    results.push(unwanted.length === 0);
    console.log(`  plan on a JSON spec loads ${planProbe.packages.length} packages (${planProbe.packages.join(", ") || "none"}) ` +
        `${unwanted.length === 0 ? "OK" : `OVER: it loads ${unwanted.join(", ")}`}`);

    const plan = await benchPlan();
    console.log(`planner, in process, median of 21 rounds of 4 plans against 8 of the half (retains ${plan.heapMiB.toFixed(1)} MiB):`);
    results.push(line(`${plan.instances} instances on ${plan.hosts} hosts / 1,000 on 100`, plan.ratio, 2.5, `${fmt(plan.medianMs)} against ${fmt(plan.halfMs)}`));

    const parse = benchParse();
    console.log("a YAML spec's mapping, CPU time, median of 5 rounds:");
    results.push(line("40,000 keys / 10,000", parse.ratio, 6, `${fmt(parse.largeMs)} against ${fmt(parse.smallMs)}; linear is 4x, the quadratic check was about 16x`));

    const c = benchComponent();
    console.log(`component under the mock engine, ${c.runs} pairs of fresh processes:`);
    results.push(line(`${c.instances} instances on ${c.hosts} hosts / the Docker target alone`, c.overheadRatio, 1,
        `${fmt(c.medianMs)} against ${fmt(c.dockerOnlyMs)}; ${c.byType["docker:index/container:Container"]} containers, ` +
        `${c.byType["docker:index/network:Network"]} networks, ${c.resourcesPerInstance.toFixed(2)} resources per instance`));
    const s = benchComponentScaling();
    results.push(line(`${s.large} instances / ${s.small}, ${s.runs} pairs`, s.ratio, 5.5, `${fmt(s.largeMs)} against ${fmt(s.smallMs)}`));

    process.exitCode = results.every(Boolean) ? 0 : 1;
}

main();
