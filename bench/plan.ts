import { planSpec } from "../src/plan/planner";
import { largeSpec } from "../test/support/large-spec";
import { median } from "./stats";

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
    /**
     * The same planner on half the spec (the 1,000 instances on 100 hosts), in the same process:
     * the same groups of 50 of every kind, half as many. (The 100 instances once used held two
     * groups, no gateway and no Micro Integrator: not a tenth of the same work.)
     */
    halfMs: number;
    /** Median over alternating runs of full / half: 2 when planning is linear. */
    ratio: number;
    heapMiB: number;
}

/** Plans a spec `times` times in a row: milliseconds per plan. */
function perPlan(spec: ReturnType<typeof largeSpec>, times: number): number {
    const start = process.hrtime.bigint();
    for (let i = 0; i < times; i++) planSpec(spec);
    return Number(process.hrtime.bigint() - start) / 1e6 / times;
}

/**
 * The planner in process, after a warm-up: module loading and JIT are start-up, not planning.
 * Each round times 4 plans of the full spec in a row, then 8 of the half: the same work, so
 * each batch pays the collector for about as much garbage as it makes (a plan is some ten
 * milliseconds, so one alone is at the noise's mercy). Timing each plan alone after a forced
 * full collection, as this once did, measured the collector more than the planner: the
 * collection shrinks the young generation, which a larger plan then outgrows more often,
 * and the ratio went from 2.5x to 3.5x between runs of the same code, where batches give
 * 1.8x to 2.05x. Wall time (process CPU time would count the collector's and compiler's
 * threads too).
 */
export async function benchPlan(rounds = 21): Promise<PlanBench> {
    const spec = largeSpec(200, 2000);
    const half = largeSpec();
    for (let i = 0; i < 5; i++) for (const s of [spec, half]) planSpec(s); // the JIT's warm-up, not planning
    const { plan, heapMiB } = retainedHeap(() => planSpec(spec).plan);
    const full: number[] = [];
    const small: number[] = [];
    for (let r = 0; r < rounds; r++) {
        full.push(perPlan(spec, 4));
        small.push(perPlan(half, 8));
    }
    return {
        instances: plan.instances.length, hosts: spec.hosts!.length, heapMiB,
        medianMs: median(full), halfMs: median(small), ratio: median(full.map((t, i) => t / small[i])),
    };
}
