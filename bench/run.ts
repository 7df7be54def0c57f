/**
 * `npm run bench`: the speed targets, measured as medians of repeated runs.
 *   planner: 1,000 instances over 100 hosts in under 100 ms after start-up.
 *   component: 200 instances on 20 hosts registered under the mock engine in under 2 s.
 */
import { benchPlan } from "./plan";
import { fmt } from "./stats";

async function main(): Promise<void> {
    const plan = await benchPlan();
    const planOk = plan.medianMs < 100;
    console.log(`plan: ${plan.instances} instances on ${plan.hosts} hosts: median ${fmt(plan.medianMs)} ` +
        `(target 100 ms, ${(plan.medianMs / 100).toFixed(2)}x of budget), plan heap ~${plan.heapMiB.toFixed(1)} MiB ${planOk ? "OK" : "OVER"}`);
    let componentOk = true;
    try {
        const { benchComponent } = await import("./component");
        const c = await benchComponent();
        componentOk = c.medianMs < 2000;
        console.log(`component: 200 instances on 20 hosts under the mock engine: median ${fmt(c.medianMs)} ` +
            `(target 2000 ms, ${(c.medianMs / 2000).toFixed(2)}x of budget), ${c.resourcesPerInstance.toFixed(2)} resources per instance ${componentOk ? "OK" : "OVER"}`);
    } catch (e) {
        console.log(`component: not measured (${(e as Error).message.split("\n")[0]})`);
    }
    process.exitCode = planOk && componentOk ? 0 : 1;
}

main();
