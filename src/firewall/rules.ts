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
import { membersByGroup, peerClients, peerPortKey } from "../wiring/keys";
import { cidrSource, hostSource, hostSourceIfAddress, uniqueSorted } from "./addresses";
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

/** The exposure classes whose ports a link may open: all but cluster. */
type OpenedBy = "public" | "management" | "internal";

interface Linked {
    readonly peers: readonly string[];
    readonly sources: readonly string[];
}

const NO_SOURCES: readonly string[] = Object.freeze([]);

/** A list of clients of some ports of one exposure class, and what it gives those ports. */
interface ClientList {
    clients: readonly PlannedInstance[];
    exposureClass: string;
    /** When no client is on the port's host. */
    remote?: Linked;
    /** Per host address with a client on it: the other clients. */
    byAddress: Map<string, Linked>;
}

/** The peers' names, and the port's sources: its class's CIDRs and the peers' hosts. */
const linkedOf = (remote: PlannedInstance[], exposure: readonly string[]): Linked => ({
    peers: remote.map((c) => c.name),
    sources: uniqueSorted([...exposure, ...remote.map((c) => hostSource(c.address))]),
});

/** A group's member hosts: sorted sources, the source of each address, how many addresses share a source. */
interface MemberHosts {
    sources: string[];
    sourceOf: Map<string, string>;
    spellings: Map<string, number>;
}

const sameItems = <T>(a: readonly T[], b: readonly T[]) => a === b || (a.length === b.length && a.every((item, i) => item === b[i]));

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
    private readonly members: ReadonlyMap<string, readonly PlannedInstance[]>;
    private readonly memberCidrs = new Map<string, string[]>();
    private readonly groupHosts = new Map<string, MemberHosts | undefined>();
    private readonly clientLists = new Map<string, ClientList>();
    private readonly ids = new Map<PlannedInstance, number>();
    /** Per class, what a port no link reaches gets: the class's CIDRs (none for internal). */
    private readonly unlinked: Record<OpenedBy, Linked>;
    private readonly multicastNames = new Map<string, string | undefined>();
    /** Per (instance, port): the instances that dial it because of a link (wiring). */
    private readonly peers: Map<string, PlannedInstance[]>;

    constructor(readonly plan: Plan, readonly options: FirewallOptions = {}, private readonly shareSources = false) {
        this.members = membersByGroup(plan);
        const linkless = (sources: readonly string[]) => ({ peers: NO_SOURCES, sources });
        this.unlinked = {
            public: linkless(exposureSources(plan.exposure.public)),
            management: linkless(exposureSources(plan.exposure.management)),
            internal: linkless(NO_SOURCES),
        };
        this.peers = peerClients(plan);
    }

    /**
     * The linked instances on other hosts that dial this port, and the port's sources: its
     * class's CIDRs (none for internal) and those instances' hosts. A peer on the same host
     * needs no rule: it dials over loopback, or over its Docker network to the container.
     * The lists are shared: hand them out through `handOut`.
     */
    linkedSources(inst: PlannedInstance, port: PlannedPort, exposure: OpenedBy): Linked {
        const clients = this.peers.get(peerPortKey(inst.name, port));
        return clients?.length ? this.linked(clients, inst.address, exposure) : this.unlinked[exposure];
    }

    /**
     * The peers and sources a list of clients gives a port on `address`: worked out once per
     * list and class when no client is on that host, which is the common case (a control
     * plane's gateways dial several ports of every member), else once per address.
     */
    private linked(clients: PlannedInstance[], address: string, exposureClass: OpenedBy): Linked {
        const exposure = this.unlinked[exposureClass].sources;
        const list = this.clientList(clients, exposureClass);
        if (!clients.some((c) => c.address === address)) return (list.remote ??= linkedOf(clients, exposure));
        let linked = list.byAddress.get(address);
        if (!linked) list.byAddress.set(address, (linked = linkedOf(clients.filter((c) => c.address !== address), exposure)));
        return linked;
    }

    /** A list of clients by content: found by a short key, then compared item by item, so no key is as long as the list. */
    private clientList(clients: PlannedInstance[], exposureClass: string): ClientList {
        const key = `${exposureClass} ${clients.length} ${this.idOf(clients[0])} ${this.idOf(clients[clients.length - 1])}`;
        let list = this.clientLists.get(key);
        if (!list || list.exposureClass !== exposureClass || !sameItems(list.clients, clients)) {
            this.clientLists.set(key, (list = { clients, exposureClass, byAddress: new Map() }));
        }
        return list;
    }

    private idOf(inst: PlannedInstance): number {
        let id = this.ids.get(inst);
        if (id === undefined) this.ids.set(inst, (id = this.ids.size));
        return id;
    }

    /**
     * The group's member hosts as sorted CIDRs, without the members at `inst`'s own address
     * unless `includeOwnHost`: the group's list, sorted once, less this host's entry.
     */
    memberSources(inst: PlannedInstance, includeOwnHost: boolean): string[] {
        const key = JSON.stringify([inst.group, includeOwnHost ? null : inst.address]);
        let sources = this.memberCidrs.get(key);
        if (!sources) this.memberCidrs.set(key, (sources = this.computeMemberSources(inst, includeOwnHost)));
        return this.handOut(sources);
    }

    private computeMemberSources(inst: PlannedInstance, includeOwnHost: boolean): string[] {
        const hosts = this.memberHosts(inst.group);
        if (!hosts) {
            // An address that is not one: member by member, so the error is the one this list meets first.
            const members = (this.members.get(inst.group) ?? []).filter((m) => includeOwnHost || m.address !== inst.address);
            return uniqueSorted(members.map((m) => hostSource(m.address)));
        }
        const own = hosts.sourceOf.get(inst.address);
        // Another member's spelling of the same address keeps the entry.
        if (includeOwnHost || own === undefined || hosts.spellings.get(own)! > 1) return hosts.sources;
        return hosts.sources.filter((s) => s !== own);
    }

    /** The group's member hosts, parsed and sorted once; undefined when an address does not parse. */
    private memberHosts(group: string): MemberHosts | undefined {
        if (this.groupHosts.has(group)) return this.groupHosts.get(group);
        const sourceOf = new Map<string, string>();
        for (const m of this.members.get(group) ?? []) {
            if (sourceOf.has(m.address)) continue;
            const source = hostSourceIfAddress(m.address);
            if (source === undefined) {
                this.groupHosts.set(group, undefined);
                return undefined;
            }
            sourceOf.set(m.address, source);
        }
        const spellings = new Map<string, number>();
        for (const source of sourceOf.values()) spellings.set(source, (spellings.get(source) ?? 0) + 1);
        const hosts = { sources: uniqueSorted(sourceOf.values()), sourceOf, spellings };
        this.groupHosts.set(group, hosts);
        return hosts;
    }

    handOut(sources: readonly string[]): string[] {
        return this.shareSources ? (sources as string[]) : [...sources];
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

/** The rule for one port of an instance, or undefined when the port opens to nobody. */
export function ruleFor(ctx: RuleContext, inst: PlannedInstance, port: PlannedPort): FirewallRule | undefined {
    switch (port.exposure) {
        case "public":
        case "management":
        case "internal": {
            // A link opens the port to the linking instances' hosts, on top of its class's CIDRs.
            const { peers, sources } = ctx.linkedSources(inst, port, port.exposure);
            if (sources.length === 0) return undefined;
            return rule(inst, port, ctx.handOut(sources), peers.length > 0 ? { peers: ctx.handOut(peers) } : undefined);
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
