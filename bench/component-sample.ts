/**
 * One sample of the component benchmark, run in a fresh Node process as `pulumi up` runs a
 * program: modules load untimed, then one registration is timed until the mock monitor has
 * seen every resource. Prints one JSON line.
 *
 *   node bin/bench/component-sample.js component    the whole Deployment (plan, render, rules, outputs)
 *   node bin/bench/component-sample.js docker-only  the same networks and containers with the same
 *                                                   inputs, registered by the Docker target alone
 */
// First: it puts Pulumi's mock engine in place before anything registers.
import { allRegistered, registeredResources, resetResources } from "../test/support/pulumi-mocks";
import * as pulumi from "@pulumi/pulumi";
import { largeSpec } from "./plan";

export type SampleMode = "component" | "docker-only";

export interface Sample {
    mode: SampleMode;
    ms: number;
    /** Registrations the mock monitor saw, by type token. */
    byType: Record<string, number>;
}

export const BENCH_HOSTS = 20;
export const BENCH_INSTANCES = 200;

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

async function sampleComponent(): Promise<number> {
    // Loaded after the mocks, as Pulumi's unit-testing guide requires.
    const { Deployment } = await import("../src/component/deployment");
    const spec = largeSpec(BENCH_HOSTS, BENCH_INSTANCES);
    return timed(() => new Deployment("bench", spec));
}

/** What the SDK alone costs for exactly the resources the component registers. */
async function sampleDockerOnly(): Promise<number> {
    const { DEPLOYMENT_TYPE } = await import("../src/component/deployment");
    const { prepareDeployment } = await import("../src/component/prepare");
    const { registerDockerTarget } = await import("../src/targets/docker");
    const prepared = prepareDeployment(largeSpec(BENCH_HOSTS, BENCH_INSTANCES));
    const parent = new pulumi.ComponentResource(DEPLOYMENT_TYPE, "bench");
    await allRegistered();
    resetResources();
    const ctx = { name: "bench", parent, spec: prepared.spec, plan: prepared.plan, configs: prepared.configs };
    return timed(() => registerDockerTarget(ctx));
}

async function main(mode: string): Promise<void> {
    if (mode !== "component" && mode !== "docker-only") throw new Error(`mode must be component or docker-only, not ${mode}`);
    const ms = mode === "component" ? await sampleComponent() : await sampleDockerOnly();
    const sample: Sample = { mode, ms, byType: registeredByType() };
    console.log(JSON.stringify(sample));
}

if (require.main === module) main(process.argv[2]).catch((e) => { console.error(e); process.exit(1); });
