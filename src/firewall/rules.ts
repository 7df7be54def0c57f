/**
 * Provider-neutral inbound rules from the port plan. What each exposure class opens:
 *   public      from `exposure.public`;
 *   management  from `exposure.management` (empty: no rule, the port stays closed);
 *   internal    nothing (same-host callers use loopback, which a host firewall leaves open);
 *   cluster     from the group's member hosts only.
 * Cluster decisions:
 *   - The Hazelcast member port (and any other unicast cluster port) opens to the members on
 *     *other* hosts. A member on the same host dials this host's own address: on the host
 *     network the kernel routes that over loopback, so it needs no rule, and a port with no
 *     member elsewhere gets none. From a Docker bridge it arrives from the bridge instead,
 *     which only a host firewall sees (a cloud security group never does): the nftables
 *     renderer admits the bridge (FirewallOptions.dockerBridges).
 *   - The multicast port opens to every member host, this one included (a host's own multicast
 *     is looped back with its interface address, not over `lo`), and only for packets sent to
 *     the group address. Multicast members still need the member port: Hazelcast discovers
 *     over multicast but joins and talks over TCP.
 */
import { findCatalogEntry } from "../catalog";
import { HAZELCAST_MULTICAST_GROUP } from "../catalog/products";
import { Plan, PlannedInstance, PlannedPort } from "../plan/types";
import { hostCidr, uniqueSorted } from "./addresses";
import { FirewallOptions, FirewallRule } from "./types";

/** The catalog's name for a product's multicast port, so no number is assumed here. */
function multicastPortName(inst: PlannedInstance): string | undefined {
    return findCatalogEntry(inst.product, inst.version)?.ports.find((p) => p.role === "multicast")?.name;
}

function isMulticastPort(inst: PlannedInstance, port: PlannedPort): boolean {
    return inst.clustering?.scheme === "multicast" && port.protocol === "udp" && port.name === multicastPortName(inst);
}

function groupMembers(plan: Plan, group: string): PlannedInstance[] {
    return plan.instances.filter((i) => i.group === group);
}

/** Exposure CIDRs as written, a bare address becoming its /32 or /128. */
function exposureSources(cidrs: readonly string[]): string[] {
    return uniqueSorted(cidrs.map(hostCidr));
}

function memberSources(plan: Plan, inst: PlannedInstance, includeOwnHost: boolean): string[] {
    const members = groupMembers(plan, inst.group).filter((m) => includeOwnHost || m.address !== inst.address);
    return uniqueSorted(members.map((m) => hostCidr(m.address)));
}

export function multicastGroupOf(group: string, options: FirewallOptions): string {
    return options.multicastGroups?.[group] ?? HAZELCAST_MULTICAST_GROUP.address;
}

function ruleFor(plan: Plan, inst: PlannedInstance, port: PlannedPort, options: FirewallOptions): FirewallRule | undefined {
    const base = {
        host: inst.host, direction: "ingress" as const, protocol: port.protocol, port: port.port,
        instance: inst.name, portName: port.name, exposure: port.exposure, purpose: port.purpose,
    };
    switch (port.exposure) {
        case "public":
        case "management": {
            const sources = exposureSources(plan.exposure[port.exposure]);
            return sources.length > 0 ? { ...base, sources } : undefined;
        }
        case "internal":
            return undefined;
        case "cluster": {
            if (isMulticastPort(inst, port)) {
                return { ...base, sources: memberSources(plan, inst, true), destination: multicastGroupOf(inst.group, options) };
            }
            const sources = memberSources(plan, inst, false);
            return sources.length > 0 ? { ...base, sources } : undefined;
        }
    }
}

/** Code-point order, not locale order, so the result is the same on every machine. */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function compareRules(a: FirewallRule, b: FirewallRule): number {
    return byText(a.host, b.host) || a.port - b.port || byText(a.protocol, b.protocol) || byText(a.instance, b.instance);
}

/** Every inbound rule the plan needs, sorted by host, port, protocol, instance. Pure. */
export function firewallRules(plan: Plan, options: FirewallOptions = {}): FirewallRule[] {
    const rules: FirewallRule[] = [];
    for (const inst of plan.instances) {
        for (const port of inst.ports) {
            const rule = ruleFor(plan, inst, port, options);
            if (rule) rules.push(rule);
        }
    }
    return rules.sort(compareRules);
}
