/**
 * Which instances listen on a TCP port of a host. The renderer asks this for URLs in every
 * instance's config; scanning the plan each time made a render quadratic in the instances.
 * Built once per plan object (plans are not changed once made).
 */
import { Plan, PlannedInstance } from "./types";

const indexes = new WeakMap<Plan, Map<string, PlannedInstance[]>>();

function indexOf(plan: Plan): Map<string, PlannedInstance[]> {
    let index = indexes.get(plan);
    if (index) return index;
    index = new Map();
    for (const inst of plan.instances) {
        for (const p of inst.ports) {
            if (p.protocol !== "tcp") continue;
            const key = `${inst.host} ${p.port}`;
            const owners = index.get(key) ?? [];
            if (!owners.includes(inst)) owners.push(inst);
            index.set(key, owners);
        }
    }
    indexes.set(plan, index);
    return index;
}

/** The instances on `host` with a TCP port `port`, in plan order. */
export function tcpPortOwners(plan: Plan, host: string, port: number): readonly PlannedInstance[] {
    return indexOf(plan).get(`${host} ${port}`) ?? [];
}
