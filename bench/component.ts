/**
 * The component's speed target: 200 instances on 20 hosts registered under Pulumi's mock
 * engine in under 2 s. Timed from `new Deployment` (planning, rendering and firewall rules
 * included) until the mock monitor has seen every registration.
 *
 * Two reference timings say where the time goes: `prepareMs`, our own work (plan, render,
 * firewall rules) with no Pulumi at all, and `sdkFloorMs`, the same number of bare
 * containers and networks registered with no component. The SDK turns every property of a
 * resource into four promises that each capture a stack trace (runtime/debuggable.js), and
 * under ts-node each trace is source-mapped, so the floor is the SDK's, not ours.
 */
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { largeSpec } from "./plan";
import { median, timeRuns } from "./stats";

export interface ComponentBench {
    medianMs: number;
    runs: number;
    instances: number;
    hosts: number;
    /** Our own work alone: plan, render and firewall rules (no Pulumi). */
    prepareMs: number;
    /** The SDK alone: as many bare containers and networks, no component, same mock engine. */
    sdkFloorMs: number;
    /** Every resource registered per instance: containers, networks and the component itself. */
    resourcesPerInstance: number;
    byType: Record<string, number>;
}

const byType = new Map<string, number>();

function installMocks(): void {
    pulumi.runtime.setMocks({
        newResource: (args) => {
            byType.set(args.type, (byType.get(args.type) ?? 0) + 1);
            return { id: `${args.name}-id`, state: args.inputs };
        },
        call: (args) => args.inputs,
    }, "pulumi-wso2", "bench", false);
}

/** The SDK's own RPC queue (what `disconnect` drains): done once every registration reached the monitor. */
function allRegistered(): Promise<void> {
    const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs: () => Promise<void> };
    return settings.waitForRPCs();
}

/** The same count of containers and networks, bare, for the SDK's own cost. */
async function registerBare(run: number, containers: number, networks: number): Promise<void> {
    for (let i = 0; i < networks; i++) new docker.Network(`floor-${run}-net-${i}`, { name: `n${i}` });
    for (let i = 0; i < containers; i++) new docker.Container(`floor-${run}-c-${i}`, { name: `c${i}`, image: "wso2/wso2is:7.0.0" });
    await allRegistered();
}

export async function benchComponent(runs = 9): Promise<ComponentBench> {
    installMocks();
    // Imported after the mocks, as Pulumi's unit-testing guide requires.
    const { Deployment } = await import("../src/component/deployment");
    const { prepareDeployment } = await import("../src/component/prepare");
    const spec = largeSpec(20, 200);
    const prepareMs = median(await timeRuns(runs, () => prepareDeployment(spec)));
    let run = 0;
    const registerOnce = async () => {
        new Deployment(`bench-${run++}`, spec);
        await allRegistered();
    };
    await registerOnce(); // warm-up: module loading and JIT are start-up, not registration
    byType.clear();
    await registerOnce();
    const perRun = Object.fromEntries([...byType].sort());
    const total = [...byType.values()].reduce((a, b) => a + b, 0);
    const times = await timeRuns(runs, registerOnce);
    let floorRun = 0;
    const sdkFloorMs = median(await timeRuns(runs, () => registerBare(floorRun++, 200, 20)));
    return { medianMs: median(times), prepareMs, sdkFloorMs, runs, instances: 200, hosts: 20, resourcesPerInstance: total / 200, byType: perRun };
}
