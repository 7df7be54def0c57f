import { readdirSync } from "node:fs";
import { join } from "node:path";
import { planSpec } from "../../src/plan/planner";
import { Plan, PlannedInstance } from "../../src/plan/types";
import { loadSpecFile } from "../../src/spec/load";
import { DeploymentSpec } from "../../src/spec/types";

/**
 * The namespace lab's deployment: a WKA group and a multicast group, one member of each on
 * the WSO2 host (192.0.2.10) and one on the member host (192.0.2.11). Documentation ranges only.
 */
export const LAB_SPEC: DeploymentSpec = {
    hosts: [{ name: "wso2", address: "192.0.2.10" }, { name: "peer", address: "192.0.2.11" }],
    products: [
        // IS 5.11 binds its embedded LDAP (internal); the KDC is turned on by override so both internal ports are tried.
        { name: "is", product: "identity-server", version: "5.11.0", instanceCount: 2, clustering: { scheme: "wka" }, ports: [{ name: "kdc", enabled: true }] },
        { name: "ism", product: "identity-server", version: "7.0.0", instanceCount: 2, clustering: { scheme: "multicast" } },
    ],
    exposure: { public: ["198.51.100.0/24"], management: ["203.0.113.0/24"] },
};

/** Two WKA members on the WSO2 host, as Docker containers on its bridge, and one on the member host. */
export const SAME_HOST_SPEC: DeploymentSpec = {
    hosts: LAB_SPEC.hosts,
    products: [{
        name: "is", product: "identity-server", version: "7.0.0", clustering: { scheme: "wka" },
        instances: [{ name: "is-1", host: "wso2" }, { name: "is-2", host: "wso2" }, { name: "is-3", host: "peer" }],
    }],
    exposure: LAB_SPEC.exposure,
};

/** IPv6 and DNS-named hosts, mixed-family exposure, a bare address, a three-host WKA group. */
export const MIXED_SPEC: DeploymentSpec = {
    hosts: [
        { name: "v4", address: "192.0.2.1" },
        { name: "v6", address: "2001:db8::2" },
        { name: "named", address: "wso2-c.example.com" },
    ],
    products: [
        { name: "is", product: "identity-server", version: "7.0.0", instanceCount: 3, clustering: { scheme: "wka" } },
        { name: "mi", product: "micro-integrator", version: "4.2.0", instances: [{ name: "mi-1", host: "v4" }] },
    ],
    exposure: { public: ["0.0.0.0/0", "2001:db8::/32"], management: ["203.0.113.7", "2001:db8:ffff::/48"] },
};

/** MIXED_SPEC with an IP for the third host: what nftables can take (a DNS-named member is an error there). */
export const MIXED_IP_SPEC: DeploymentSpec = {
    ...MIXED_SPEC,
    hosts: [MIXED_SPEC.hosts![0], MIXED_SPEC.hosts![1], { name: "named", address: "192.0.2.3" }],
};

/** No management CIDRs: every management port must stay closed. Two members share one host. */
export const NO_MANAGEMENT_SPEC: DeploymentSpec = {
    hosts: [{ name: "solo", address: "198.51.100.1" }],
    products: [{ name: "is", product: "identity-server", version: "7.0.0", instanceCount: 2, clustering: { scheme: "wka" } }],
    exposure: { public: ["0.0.0.0/0"], management: [] },
};

export const EXAMPLE_SPEC_DIR = join(__dirname, "../../examples/specs");

/** Every spec under examples/specs, by file name. */
export function exampleSpecs(): Record<string, DeploymentSpec> {
    const files = readdirSync(EXAMPLE_SPEC_DIR).filter((f) => /\.ya?ml$/.test(f)).sort();
    return Object.fromEntries(files.map((f) => [f, loadSpecFile(join(EXAMPLE_SPEC_DIR, f)) as DeploymentSpec]));
}

export function planOf(spec: DeploymentSpec): Plan {
    return planSpec(spec).plan;
}

export function instanceOf(plan: Plan, name: string): PlannedInstance {
    const found = plan.instances.find((i) => i.name === name);
    if (!found) throw new Error(`no instance ${name}`);
    return found;
}

export function portOf(plan: Plan, inst: string, portName: string) {
    const port = instanceOf(plan, inst).ports.find((p) => p.name === portName);
    if (!port) throw new Error(`no port ${portName} on ${inst}`);
    return port;
}
