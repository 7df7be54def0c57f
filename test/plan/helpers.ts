import { planSpec } from "../../src/plan/planner";
import { Plan, PlannedInstance } from "../../src/plan/types";
import { SpecError } from "../../src/spec/errors";
import { DeploymentSpec } from "../../src/spec/types";

export function plan(spec: DeploymentSpec, previous?: Plan): Plan {
    return planSpec(spec, { previous }).plan;
}

export function instance(p: Plan, name: string): PlannedInstance {
    const found = p.instances.find((i) => i.name === name);
    if (!found) throw new Error(`no instance ${name} in plan`);
    return found;
}

export function portOf(p: Plan, inst: string, portName: string): number {
    const port = instance(p, inst).ports.find((x) => x.name === portName);
    if (!port) throw new Error(`no port ${portName} on ${inst}`);
    return port.port;
}

/** The SpecError a spec raises; fails the test if it plans. */
export function problemsOf(spec: unknown): SpecError {
    try {
        planSpec(spec);
    } catch (e) {
        if (e instanceof SpecError) return e;
        throw e;
    }
    throw new Error("expected the spec to be rejected, but it planned");
}

/** Every (host, protocol, port) used twice on one host, multicast membership excepted. */
export function clashes(p: Plan): string[] {
    const seen = new Map<string, string>();
    const out: string[] = [];
    for (const inst of p.instances) {
        for (const port of inst.ports) {
            if (port.name === "multicast") continue;
            const key = `${inst.host} ${port.protocol}/${port.port}`;
            const other = seen.get(key);
            if (other) out.push(`${key}: ${other} and ${inst.name}`);
            else seen.set(key, inst.name);
        }
    }
    return out;
}
