/**
 * Provider-neutral inbound rules from the port plan. What each exposure class opens:
 *   public      from `exposure.public`;
 *   management  from `exposure.management` (empty: no rule, the port stays closed);
 *   internal    nothing (same-host callers use loopback, which a host firewall leaves open);
 *   cluster     from the group's member hosts only.
 * Links (wiring): a port that linked instances on other hosts dial (a traffic manager's 9611
 * for its gateways) also opens to those hosts, and to nobody else: it works with the default
 * `exposure.management` of nobody.
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
import { parseMulticastGroup } from "../net/address";
import { Plan, PlannedInstance, PlannedPort } from "../plan/types";
import { peerClients, peerPortKey } from "../wiring/keys";
import { cidrSource, hostSource, uniqueSorted } from "./addresses";
import { FirewallOptions, FirewallRule } from "./types";

/** The catalog's name for a product's multicast port, so no number is assumed here. */
function multicastPortName(inst: PlannedInstance): string | undefined {
    return findCatalogEntry(inst.product, inst.version)?.ports.find((p) => p.role === "multicast")?.name;
}

/** Exposure CIDRs in canonical text, a bare address becoming its /32 or /128. */
function exposureSources(cidrs: readonly string[]): string[] {
    return uniqueSorted(cidrs.map(cidrSource));
}

export function multicastGroupOf(group: string, options: FirewallOptions): string {
    return parseMulticastGroup(options.multicastGroups?.[group] ?? HAZELCAST_MULTICAST_GROUP.address).text;
}

/**
 * What the rules of one plan look up, computed once: members by group (not a scan of the
 * plan per rule), their sources per group and address, exposure sources, catalog multicast
 * port names. A rule then costs the length of its sources, so rendering grows with the plan,
 * not with hosts × instances × members.
 * Rules handed out (`firewallRules`: outputs, hooks) each get their own copy of a source list;
 * with `shareSources` (the nftables renderer, which only reads them) rules with the same
 * sources share one list, so it can render each list once.
 */
export class RuleContext {
    private readonly members = new Map<string, PlannedInstance[]>();
    private readonly memberCidrs = new Map<string, string[]>();
    private readonly linkedCidrs = new Map<string, string[]>();
    private readonly exposure: Record<"public" | "management", string[]>;
    private readonly multicastNames = new Map<string, string | undefined>();
    /** Per (instance, port): the instances that dial it because of a link (wiring). */
    private readonly peers: Map<string, PlannedInstance[]>;

    constructor(readonly plan: Plan, readonly options: FirewallOptions = {}, private readonly shareSources = false) {
        for (const inst of plan.instances) {
            const list = this.members.get(inst.group);
            if (list) list.push(inst);
            else this.members.set(inst.group, [inst]);
        }
        this.exposure = { public: exposureSources(plan.exposure.public), management: exposureSources(plan.exposure.management) };
        this.peers = peerClients(plan);
    }

    /**
     * The linked instances on other hosts that dial this port, and the port's sources: its
     * class's CIDRs (none for internal) and those instances' hosts. A peer on the same host
     * needs no rule: it dials over loopback, or over its Docker network to the container.
     * The sources are computed once per class and set of peers: a control plane's gateways
     * dial several ports of every member.
     */
    linkedSources(inst: PlannedInstance, port: PlannedPort): { peers: string[]; sources: string[] } {
        const exposure = port.exposure === "public" || port.exposure === "management" ? this.exposure[port.exposure] : [];
        const remote = this.peers.get(peerPortKey(inst.name, port))?.filter((c) => c.address !== inst.address) ?? [];
        if (remote.length === 0) return { peers: [], sources: this.handOut(exposure) };
        // Keyed by what decides the sources, spelled so that no two lists share a key (a plan is input).
        const addresses = remote.map((c) => c.address);
        const key = JSON.stringify([port.exposure, addresses]);
        let sources = this.linkedCidrs.get(key);
        if (!sources) this.linkedCidrs.set(key, (sources = uniqueSorted([...exposure, ...addresses.map(hostSource)])));
        return { peers: remote.map((c) => c.name), sources: this.handOut(sources) };
    }

    /**
     * The group's member hosts as sorted CIDRs, without the members at `inst`'s own address
     * unless `includeOwnHost`. Computed once per group and address.
     */
    memberSources(inst: PlannedInstance, includeOwnHost: boolean): string[] {
        const key = includeOwnHost ? `${inst.group}\n` : `${inst.group}\n${inst.address}`;
        let sources = this.memberCidrs.get(key);
        if (!sources) {
            const members = (this.members.get(inst.group) ?? []).filter((m) => includeOwnHost || m.address !== inst.address);
            this.memberCidrs.set(key, (sources = uniqueSorted(members.map((m) => hostSource(m.address)))));
        }
        return this.handOut(sources);
    }

    private handOut(sources: string[]): string[] {
        return this.shareSources ? sources : [...sources];
    }

    isMulticastPort(inst: PlannedInstance, port: PlannedPort): boolean {
        if (inst.clustering?.scheme !== "multicast" || port.protocol !== "udp") return false;
        const key = `${inst.product}@${inst.version}`;
        if (!this.multicastNames.has(key)) this.multicastNames.set(key, multicastPortName(inst));
        return port.name === this.multicastNames.get(key);
    }
}

/** The rule for one port: its fields in the rules' JSON order (outputs, hooks), then what it adds. */
function rule(inst: PlannedInstance, port: PlannedPort, sources: string[], extra?: { peers: string[] } | { destination: string }): FirewallRule {
    return {
        host: inst.host, direction: "ingress", protocol: port.protocol, port: port.port,
        instance: inst.name, portName: port.name, exposure: port.exposure, purpose: port.purpose,
        sources, ...extra,
    };
}

function ruleFor(ctx: RuleContext, inst: PlannedInstance, port: PlannedPort): FirewallRule | undefined {
    switch (port.exposure) {
        case "public":
        case "management":
        case "internal": {
            // A link opens the port to the linking instances' hosts, on top of its class's CIDRs.
            const { peers, sources } = ctx.linkedSources(inst, port);
            if (sources.length === 0) return undefined;
            return peers.length > 0 ? rule(inst, port, sources, { peers }) : rule(inst, port, sources);
        }
        case "cluster": {
            if (ctx.isMulticastPort(inst, port)) {
                return rule(inst, port, ctx.memberSources(inst, true), { destination: multicastGroupOf(inst.group, ctx.options) });
            }
            const sources = ctx.memberSources(inst, false);
            return sources.length > 0 ? rule(inst, port, sources) : undefined;
        }
    }
}

/** Code-point order, not locale order, so the result is the same on every machine. */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function compareRules(a: FirewallRule, b: FirewallRule): number {
    return byText(a.host, b.host) || a.port - b.port || byText(a.protocol, b.protocol) || byText(a.instance, b.instance);
}

/** The rules for some of the plan's instances, unsorted. */
export function rulesOf(ctx: RuleContext, instances: readonly PlannedInstance[]): FirewallRule[] {
    const rules: FirewallRule[] = [];
    for (const inst of instances) {
        for (const port of inst.ports) {
            const rule = ruleFor(ctx, inst, port);
            if (rule) rules.push(rule);
        }
    }
    return rules;
}

/** Every inbound rule the plan needs, sorted by host, port, protocol, instance. Pure. */
export function firewallRules(plan: Plan, options: FirewallOptions = {}): FirewallRule[] {
    return rulesOf(new RuleContext(plan, options), plan.instances).sort(compareRules);
}
