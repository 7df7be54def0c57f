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

export async function benchPlan(runs = 15): Promise<{ medianMs: number; instances: number; hosts: number; heapMiB: number }> {
    const spec = largeSpec();
    planSpec(spec); // warm-up: module loading and JIT are start-up, not planning
    const { plan, heapMiB } = retainedHeap(() => planSpec(spec).plan);
    const times = await timeRuns(runs, () => planSpec(spec));
    return { medianMs: median(times), instances: plan.instances.length, hosts: spec.hosts!.length, heapMiB };
}
