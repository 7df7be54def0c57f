/**
 * One sample of the component benchmark, run in a fresh Node process as `pulumi up` runs a
 * program: modules load untimed, then one registration is timed until the mock monitor has
 * seen every resource. Prints one JSON line.
 *
 *   node bin/bench/component-sample.js component [N]    the whole Deployment (plan, render, rules, outputs)
 *   node bin/bench/component-sample.js docker-only [N]  the same networks and containers with the same
 *                                                       inputs, registered by the Docker target alone
 * N instances (default 200) on N / 10 hosts.
 */
// First: it puts Pulumi's mock engine in place before anything registers.
import { allRegistered, registeredResources, resetResources } from "../test/support/pulumi-mocks";
import * as pulumi from "@pulumi/pulumi";
import { largeSpec } from "./plan";

export type SampleMode = "component" | "docker-only";

export interface Sample {
    mode: SampleMode;
    instances: number;
    ms: number;
    /** Registrations the mock monitor saw, by type token. */
    byType: Record<string, number>;
}

export const BENCH_INSTANCES = 200;
/** Ten instances per host, as in the 1,000-on-100 planner spec. */
export const hostsFor = (instances: number) => instances / 10;

function registeredByType(): Record<string, number> {
    const counts = new Map<string, number>();
    for (const r of registeredResources()) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
    return Object.fromEntries([...counts].sort());
}

async function timed(register: () => void): Promise<number> {
    const start = process.hrtime.bigint();
    register();
    await allRegistered();
    return Number(process.hrtime.bigint() - start) / 1e6;
}

async function sampleComponent(instances: number): Promise<number> {
    // Loaded after the mocks, as Pulumi's unit-testing guide requires.
    const { Deployment } = await import("../src/component/deployment");
    const spec = largeSpec(hostsFor(instances), instances);
    return timed(() => new Deployment("bench", spec));
}

/** What the SDK alone costs for exactly the resources the component registers. */
async function sampleDockerOnly(instances: number): Promise<number> {
    const { DEPLOYMENT_TYPE } = await import("../src/component/deployment");
    const { prepareDeployment } = await import("../src/component/prepare");
    const { registerDockerTarget } = await import("../src/targets/docker");
    const prepared = prepareDeployment(largeSpec(hostsFor(instances), instances));
    const parent = new pulumi.ComponentResource(DEPLOYMENT_TYPE, "bench");
    await allRegistered();
    resetResources();
    const ctx = { name: "bench", parent, spec: prepared.spec, plan: prepared.plan, configs: prepared.configs };
    return timed(() => registerDockerTarget(ctx));
}

async function main(mode: string, count = String(BENCH_INSTANCES)): Promise<void> {
    if (mode !== "component" && mode !== "docker-only") throw new Error(`mode must be component or docker-only, not ${mode}`);
    const instances = Number(count);
    if (!Number.isInteger(instances) || instances < 10 || instances % 10 !== 0) throw new Error(`N must be a multiple of 10, not ${count}`);
    const ms = mode === "component" ? await sampleComponent(instances) : await sampleDockerOnly(instances);
    const sample: Sample = { mode, instances, ms, byType: registeredByType() };
    console.log(JSON.stringify(sample));
}

if (require.main === module) main(process.argv[2], process.argv[3]).catch((e) => { console.error(e); process.exit(1); });
