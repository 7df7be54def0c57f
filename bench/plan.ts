import { planSpec } from "../src/plan/planner";
import { largeSpec } from "../test/support/large-spec";
import { median, timeRuns } from "./stats";

export { largeSpec };

/**
 * Heap the result keeps alive, measured between full collections (run node with
 * --expose-gc; without it a collection in between can make the difference negative).
 */
function retainedHeap<T>(make: () => T): { plan: T; heapMiB: number } {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (!gc) throw new Error("run the benchmark with node --expose-gc (npm run bench does)");
    gc();
    const before = process.memoryUsage().heapUsed;
    const plan = make();
    gc();
    return { plan, heapMiB: (process.memoryUsage().heapUsed - before) / 2 ** 20 };
}

export interface PlanBench {
    instances: number;
    hosts: number;
    medianMs: number;
    /** The same planner on a tenth of the spec (100 instances on 10 hosts), in the same process. */
    tenthMs: number;
    /** Median over alternating runs of full / tenth: 10 when planning is linear. */
    ratio: number;
    heapMiB: number;
}

/** The planner in process, after a warm-up: module loading and JIT are start-up, not planning. */
export async function benchPlan(runs = 15): Promise<PlanBench> {
    const spec = largeSpec();
    const tenth = largeSpec(10, 100);
    planSpec(spec);
    planSpec(tenth);
    const { plan, heapMiB } = retainedHeap(() => planSpec(spec).plan);
    const full: number[] = [];
    const small: number[] = [];
    // Each sample starts from a collected heap, so neither pays for the other's garbage; the
    // tenth is timed over ten plans (a single one takes about a millisecond, near the noise).
    const gc = (globalThis as { gc?: () => void }).gc!;
    for (let i = 0; i < runs; i++) {
        gc();
        full.push(...(await timeRuns(1, () => planSpec(spec))));
        gc();
        small.push(...(await timeRuns(1, () => { for (let k = 0; k < 10; k++) planSpec(tenth); })).map((t) => t / 10));
    }
    return {
        instances: plan.instances.length, hosts: spec.hosts!.length, heapMiB,
        medianMs: median(full), tenthMs: median(small), ratio: median(full.map((t, i) => t / small[i])),
    };
}
