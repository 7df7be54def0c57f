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

/** The planner in process, after a warm-up: module loading and JIT are start-up, not planning. */
export async function benchPlan(runs = 31): Promise<PlanBench> {
    const spec = largeSpec(200, 2000);
    const half = largeSpec();
    for (let i = 0; i < 5; i++) for (const s of [spec, half]) planSpec(s); // the JIT's warm-up, not planning
    const { plan, heapMiB } = retainedHeap(() => planSpec(spec).plan);
    const full: number[] = [];
    const small: number[] = [];
    // Every plan timed alone from a collected heap, so neither pays for the other's garbage;
    // each sample of the half is the median of three such plans (a few milliseconds, near the noise).
    const gc = (globalThis as { gc?: () => void }).gc!;
    // Wall time (process CPU time would count the collector's and compiler's threads too); a plan
    // takes some ten milliseconds, so on a shared machine one sample can be half again as long
    // as the next: many rounds.
    const timeAlone = (run: () => unknown) => {
        gc();
        const start = process.hrtime.bigint();
        run();
        return Number(process.hrtime.bigint() - start) / 1e6;
    };
    for (let i = 0; i < runs; i++) {
        full.push(timeAlone(() => planSpec(spec)));
        const halves: number[] = [];
        for (let k = 0; k < 3; k++) halves.push(timeAlone(() => planSpec(half)));
        small.push(median(halves));
    }
    return {
        instances: plan.instances.length, hosts: spec.hosts!.length, heapMiB,
        medianMs: median(full), halfMs: median(small), ratio: median(full.map((t, i) => t / small[i])),
    };
}
