/**
 * `npm run bench`: the speed targets, measured as medians of repeated runs, on the compiled
 * JavaScript the package ships (ts-node would add source-mapping to every stack trace the
 * SDK captures, and users run the compiled library).
 *   planner: 1,000 instances over 100 hosts in under 100 ms after start-up.
 *   component: 200 instances on 20 hosts registered under the mock engine in under 2 s.
 */
import { benchComponent } from "./component";
import { benchPlan } from "./plan";
import { fmt } from "./stats";

const verdict = (ok: boolean) => (ok ? "OK" : "OVER");

async function main(): Promise<void> {
    const plan = await benchPlan();
    const planOk = plan.medianMs < 100;
    console.log(`plan: ${plan.instances} instances on ${plan.hosts} hosts: median ${fmt(plan.medianMs)} ` +
        `(target 100 ms, ${(plan.medianMs / 100).toFixed(2)}x of budget), plan retains ${plan.heapMiB.toFixed(1)} MiB ${verdict(planOk)}`);
    const c = benchComponent();
    const componentOk = c.medianMs < 2000;
    console.log(`component: ${c.instances} instances on ${c.hosts} hosts under the mock engine, ${c.runs} fresh processes: ` +
        `median ${fmt(c.medianMs)} (target 2000 ms, ${(c.medianMs / 2000).toFixed(2)}x of budget) ${verdict(componentOk)}`);
    console.log(`  the same ${c.byType["docker:index/container:Container"]} containers and ${c.byType["docker:index/network:Network"]} networks ` +
        `registered by the Docker target alone: median ${fmt(c.dockerOnlyMs)}; component / Docker-only: median ${c.overheadRatio.toFixed(2)}x; ` +
        `${c.resourcesPerInstance.toFixed(2)} resources per instance`);
    process.exitCode = planOk && componentOk ? 0 : 1;
}

main();
