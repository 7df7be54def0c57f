/**
 * The component under Pulumi's mock engine, against two baselines measured in the same run:
 *   - the same networks and containers registered by the Docker target alone (200 instances
 *     on 20 hosts): what our layer adds;
 *   - itself at 200 instances, for 1,000 on 100 hosts: it must scale linearly.
 *
 * Each sample is a fresh Node process that registers once (see component-sample.ts), as a
 * `pulumi up` does; registering again in one process slows down as the SDK's state grows,
 * which no real program sees. Samples of a pair alternate, so drift on a noisy machine hits
 * both alike, and each figure is the median of the per-pair ratios.
 *
 * The Docker-only sample registers through the plain SDK, which for each of a Container's
 * ~71 properties creates four promises that each capture `new Error().stack` (runtime/
 * debuggable.js), printed only under PULUMI_DEBUG_PROMISE_LEAKS; that capture is most of its
 * time. The component registers its children without it (src/component/stack-traces.ts),
 * which is why it can beat the Docker-only sample.
 */
import { execFileSync } from "child_process";
import * as path from "path";
import { BENCH_INSTANCES, hostsFor, Sample, SampleMode } from "./component-sample";
import { median } from "./stats";

export interface ComponentBench {
    runs: number;
    instances: number;
    hosts: number;
    /** The whole component, median over fresh processes. */
    medianMs: number;
    /** The same networks and containers registered by the Docker target alone. */
    dockerOnlyMs: number;
    /** Median over pairs of component / Docker-only: what our layer adds. */
    overheadRatio: number;
    /** Every resource registered per instance: containers, networks and the component itself. */
    resourcesPerInstance: number;
    byType: Record<string, number>;
}

export interface ScalingBench {
    runs: number;
    small: number;
    large: number;
    smallMs: number;
    largeMs: number;
    /** Median over pairs of large / small. */
    ratio: number;
}

const SAMPLE_SCRIPT = path.join(__dirname, "component-sample.js");

function sample(mode: SampleMode, instances = BENCH_INSTANCES): Sample {
    const out = execFileSync(process.execPath, [SAMPLE_SCRIPT, mode, String(instances)], { encoding: "utf8", maxBuffer: 64 * 2 ** 20 });
    return JSON.parse(out.trim().split("\n").pop()!) as Sample;
}

export function benchComponent(runs = 7): ComponentBench {
    const pairs = Array.from({ length: runs }, () => [sample("component"), sample("docker-only")] as const);
    const byType = pairs[0][0].byType;
    const total = Object.values(byType).reduce((a, b) => a + b, 0);
    return {
        runs,
        instances: BENCH_INSTANCES,
        hosts: hostsFor(BENCH_INSTANCES),
        medianMs: median(pairs.map(([c]) => c.ms)),
        dockerOnlyMs: median(pairs.map(([, d]) => d.ms)),
        overheadRatio: median(pairs.map(([c, d]) => c.ms / d.ms)),
        resourcesPerInstance: total / BENCH_INSTANCES,
        byType,
    };
}

/** The component at `large` instances against itself at `small`, in alternating fresh processes. */
export function benchComponentScaling(runs = 5, small = BENCH_INSTANCES, large = 1000): ScalingBench {
    const pairs = Array.from({ length: runs }, () => [sample("component", small), sample("component", large)] as const);
    return {
        runs, small, large,
        smallMs: median(pairs.map(([s]) => s.ms)),
        largeMs: median(pairs.map(([, l]) => l.ms)),
        ratio: median(pairs.map(([s, l]) => l.ms / s.ms)),
    };
}
