import { planSpec } from "../src/plan/planner";
import { DeploymentSpec, GroupSpec } from "../src/spec/types";
import { median, timeRuns } from "./stats";

/** 1,000 instances over 100 hosts: IS, API-M (clustered) and MI groups, spread round-robin. */
export function largeSpec(hostCount = 100, instanceCount = 1000): DeploymentSpec {
    const hosts = Array.from({ length: hostCount }, (_, i) => ({ name: `host-${i}`, address: `10.1.${Math.floor(i / 250)}.${(i % 250) + 1}` }));
    const kinds: Omit<GroupSpec, "name" | "instances">[] = [
        { product: "identity-server", version: "7.0.0", clustering: { scheme: "wka" } },
        { product: "api-manager", version: "4.3.0", clustering: { scheme: "wka" } },
        { product: "api-manager", version: "4.3.0", profile: "gateway" },
        { product: "micro-integrator", version: "4.2.0" },
    ];
    const perGroup = 50;
    const products: GroupSpec[] = Array.from({ length: instanceCount / perGroup }, (_, g) => ({ name: `g${g}`, ...kinds[g % kinds.length], instances: perGroup }));
    return { hosts, products };
}

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
