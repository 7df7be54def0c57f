/**
 * Generated specs for scale checks: the benchmark's 1,000 instances on 100 hosts, and a
 * varied one whose firewall output is recorded as a golden (every cluster scheme the
 * firewall handles, a configured multicast group, IPv6 hosts; no DNS-named member, which
 * nftables refuses: test/security covers that).
 */
import { DeploymentSpec, GroupSpec, HostSpec } from "../../src/spec/types";

type GroupKind = Omit<GroupSpec, "name" | "instanceCount">;

/**
 * A gateway group links to the all-in-one API-M group before it: with several candidates in
 * one spec, an implicit link would be ambiguous (an error naming them).
 */
function groups(kinds: GroupKind[], instanceCount: number, perGroup: number): GroupSpec[] {
    const out: GroupSpec[] = [];
    for (let g = 0; g < Math.ceil(instanceCount / perGroup); g++) {
        const kind = kinds[g % kinds.length];
        const controlPlane = kind.profile === "gateway" ? [...out].reverse().find((o) => o.product === "api-manager" && o.profile === undefined) : undefined;
        out.push({ name: `g${g}`, ...kind, ...(controlPlane ? { connect: { controlPlane: controlPlane.name } } : {}), instanceCount: Math.min(perGroup, instanceCount - g * perGroup) });
    }
    return out;
}

/** 1,000 instances over 100 hosts by default: IS, API-M (clustered) and MI groups of 50, spread round-robin (10 a host). */
export function largeSpec(hostCount = 100, instanceCount = 1000): DeploymentSpec {
    const hosts = Array.from({ length: hostCount }, (_, i) => ({ name: `host-${i}`, address: `10.1.${Math.floor(i / 250)}.${(i % 250) + 1}` }));
    const kinds: GroupKind[] = [
        { product: "identity-server", version: "7.0.0", clustering: { scheme: "wka" } },
        { product: "api-manager", version: "4.3.0", clustering: { scheme: "wka" } },
        { product: "api-manager", version: "4.3.0", profile: "gateway" },
        { product: "micro-integrator", version: "4.2.0" },
    ];
    return { hosts, products: groups(kinds, instanceCount, 50) };
}

/** Host i's address: mostly IPv4, every 7th IPv6, every 11th from a second IPv4 range. Documentation ranges. */
function variedHost(i: number): HostSpec {
    const address = i % 11 === 5 ? `198.51.100.${i + 1}` : i % 7 === 3 ? `2001:db8::${i + 1}` : `192.0.2.${i + 1}`;
    return { name: `host-${i}`, address };
}

/** 300 instances on 30 hosts by default, in groups of 40 of six kinds (some members share a host), with public and management exposure in both families. */
export function variedSpec(hostCount = 30, instanceCount = 300): DeploymentSpec {
    const kinds: GroupKind[] = [
        { product: "identity-server", version: "7.0.0", clustering: { scheme: "wka" } },
        { product: "api-manager", version: "4.3.0", clustering: { scheme: "wka" } },
        { product: "api-manager", version: "4.3.0", profile: "gateway" },
        { product: "micro-integrator", version: "4.2.0" },
        { product: "identity-server", version: "7.0.0", clustering: { scheme: "multicast" }, config: { clustering: { properties: { mcastAddress: "239.255.0.7" } } } },
        { product: "api-manager", version: "4.3.0", clustering: { scheme: "multicast" } },
    ];
    return {
        hosts: Array.from({ length: hostCount }, (_, i) => variedHost(i)),
        products: groups(kinds, instanceCount, 40),
        exposure: { public: ["0.0.0.0/0", "2001:db8::/32"], management: ["203.0.113.0/24", "2001:db8:ffff::/48"] },
    };
}
