/**
 * One nftables ruleset per host, from the plan's rules. It judges only the ports planned on
 * that host (both chains have policy accept, so SSH and unrelated traffic are never touched):
 * for each port, accept its sources, then drop the rest.
 *   - input:   host-network processes (and docker-proxy) see the packet with its own port.
 *   - forward: Docker-published ports are DNATed in prerouting and then forwarded to the
 *     container, never passing input (port-catalog.md gotcha 6). DNAT may change the port, so
 *     the forward chain matches the port the client dialled: `ct original proto-dst`, and
 *     only DNATed connections (`ct status dnat`), so container-to-container traffic on a
 *     Docker network is left alone.
 * A cluster port whose group has another member on this host also admits the host's Docker
 * bridge (FirewallOptions.dockerBridges): a bridged member dials the host address and arrives
 * from the bridge with its container address.
 * The file starts with `table` + `delete table`, so `nft -f` replaces the table atomically
 * however often it is applied.
 * Nothing is pasted in as text: sources are parsed CIDRs (a DNS name is an error, since nft
 * would resolve it once, at load time), ports are checked numbers, the table and bridge names
 * match fixed patterns, and comments keep only a safe set of characters.
 */
import { AddressError, ParsedCidr, parseHostAddress, parseMulticastGroup, quote } from "../net/address";
import { isPortNumber } from "../net/port";
import { Plan, PlannedInstance } from "../plan/types";
import { SpecError } from "../spec/errors";
import { ExposureClass, HostSpec, Protocol } from "../spec/types";
import { splitByFamily } from "./addresses";
import { compareRules, RuleContext, ruleFor } from "./rules";
import { FirewallOptions, FirewallRule } from "./types";

export const NFT_TABLE = "wso2";
/** The one shape of a deployment name that becomes a table: no sanitising, so two names never meet in one table. */
export const DEPLOYMENT_NAME_PATTERN = /^[a-z][a-z0-9-]{0,62}$/;
/**
 * Tables other software owns on a typical host: iptables-nft's (filter, nat, mangle, raw,
 * security; Debian's /etc/nftables.conf also has `inet filter`) and firewalld's. The ruleset
 * starts with `delete table`, so taking one of these names would wipe the host's own rules.
 */
export const RESERVED_TABLES = ["filter", "nat", "mangle", "raw", "security", "firewalld"];
/** Written into every table this tool makes, so a table with the same name that lacks it is someone else's. */
export const TABLE_MARKER = "pulumi-wso2 ruleset";
/** Linux interface names: at most 15 bytes; Docker's and ours are letters, digits, '-' and '_'. */
const INTERFACE_NAME = /^[A-Za-z0-9_.-]{1,15}$/;

/** Why a deployment name cannot name an nft table, or undefined when it can. */
export function deploymentNameProblem(name: unknown): string | undefined {
    if (typeof name !== "string" || !DEPLOYMENT_NAME_PATTERN.test(name)) {
        return `the deployment name ${quote(name)} must be 1-63 lower-case letters, digits and '-', starting with a letter (it names the nft table and the Docker networks as written)`;
    }
    if (RESERVED_TABLES.includes(name)) {
        return `the deployment name "${name}" would take the host's own nft table "inet ${name}" (and delete it on load); choose another name, such as "wso2-${name}"`;
    }
    return undefined;
}

/** The deployment's own table: its name, as written; a name that fails `deploymentNameProblem` is an error. */
export function nftTableFor(deployment: string): string {
    const problem = deploymentNameProblem(deployment);
    if (problem) throw new SpecError([{ path: "name", message: problem }]);
    return deployment;
}
/** nftables caps comments at 128 bytes. */
const MAX_COMMENT = 120;

interface PortUser {
    instance: string;
    portName: string;
    exposure: ExposureClass;
}

/** A (protocol, port) planned on the host, with every instance using it (multicast is shared) and their rules. */
interface GuardedPort {
    protocol: Protocol;
    port: number;
    users: PortUser[];
    /** In compareRules order. */
    rules: FirewallRule[];
    /** A unicast cluster port with a fellow member on this host, which may dial it from a Docker bridge. */
    sameHostMembers: boolean;
}

type PortMatch = (p: { protocol: Protocol; port: number }) => string;

const inputMatch: PortMatch = (p) => `${p.protocol} dport ${p.port}`;
const forwardMatch: PortMatch = (p) => `ct status dnat meta l4proto ${p.protocol} ct original proto-dst ${p.port}`;

/** Tested before replacing: almost all text is safe already, and a test builds no new string. */
const UNSAFE = /[^A-Za-z0-9 ._:/,()+-]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, "g");

/** Comment text keeps a safe set of characters only: no quote, newline or ';' can end it early. */
const safeText = (text: string) => (UNSAFE.test(text) ? text.replace(UNSAFE_ALL, "-") : text);

function comment(text: string): string {
    return `comment "${safeText(text).slice(0, MAX_COMMENT)}"`;
}

/** `items.join(separator)`, or a prefix of it at least `max` long: for text cut at `max` anyway. */
function joinUpTo(items: readonly string[], separator: string, max: number): string {
    let length = 0;
    let count = 0;
    while (count < items.length && length < max) length += (count > 0 ? separator.length : 0) + items[count++].length;
    return (count === items.length ? items : items.slice(0, count)).join(separator);
}

/** Instances by host, in plan order. */
function instancesByHost(plan: Plan): Map<string, PlannedInstance[]> {
    const byHost = new Map<string, PlannedInstance[]>(plan.hosts.map((h) => [h.name, []]));
    for (const inst of plan.instances) byHost.get(inst.host)?.push(inst);
    return byHost;
}

const portKey = (p: { protocol: Protocol; port: number }) => `${p.protocol}/${p.port}`;

function checkPort(p: { protocol: unknown; port: unknown; name: string }, instance: string): void {
    if ((p.protocol !== "tcp" && p.protocol !== "udp") || !isPortNumber(p.port)) {
        throw new SpecError([{ path: "plan", message: `instance ${quote(instance)} port ${quote(p.name)} is ${quote(`${p.port}/${p.protocol}`)}, not a port 1-65535 over tcp or udp; plan again from the spec`, instance }]);
    }
}

/** The host's ports, each with its users and the rules `rules[i][j]` of port j of instance i. */
function guardedPorts(onHost: PlannedInstance[], rules: (FirewallRule | undefined)[][]): GuardedPort[] {
    const byKey = new Map<string, GuardedPort>();
    const membersOnHost = new Map<string, number>();
    for (const inst of onHost) membersOnHost.set(inst.group, (membersOnHost.get(inst.group) ?? 0) + 1);
    onHost.forEach((inst, i) => inst.ports.forEach((p, j) => {
        checkPort(p, inst.name);
        const key = portKey(p);
        const user = { instance: inst.name, portName: p.name, exposure: p.exposure };
        const rule = rules[i][j];
        let guarded = byKey.get(key);
        // Most ports have one user: lists made with it are no longer than that.
        if (!guarded) byKey.set(key, (guarded = { protocol: p.protocol, port: p.port, users: [user], rules: rule ? [rule] : [], sameHostMembers: false }));
        else {
            guarded.users.push(user);
            if (rule) guarded.rules.push(rule);
        }
        // Only WKA members run on a Docker bridge: multicast groups always use the host network
        // (a fellow member comes in over lo) and the kubernetes scheme cannot run on Docker.
        guarded.sameHostMembers ||= p.exposure === "cluster" && inst.clustering?.scheme === "wka" && membersOnHost.get(inst.group)! > 1;
    }));
    const ports = [...byKey.values()];
    for (const port of ports) if (port.rules.length > 1) port.rules.sort(compareRules);
    return ports.sort((a, b) => a.port - b.port || (a.protocol < b.protocol ? -1 : 1));
}

const describeUsers = (users: PortUser[]) => safeText(users.map((u) => `${u.instance} ${u.portName}`).join(", "));

const set = (items: ParsedCidr[]) => (items.length === 0 ? undefined : `{ ${items.map((c) => c.text).join(", ")} }`);

/** A source list as nft sets, one per family, and the DNS names it holds (an error for the rule). */
interface RenderedSources {
    ipv4?: string;
    ipv6?: string;
    names: string[];
}

/**
 * Source lists rendered once each: the renderer's rules share one list per group and address,
 * or per class and set of peers (RuleContext with `shareSources`), so a list is known by identity.
 */
class SourceSets {
    private readonly rendered = new Map<readonly string[], RenderedSources>();

    of(sources: readonly string[]): RenderedSources {
        let out = this.rendered.get(sources);
        if (!out) {
            const split = splitByFamily(sources);
            this.rendered.set(sources, (out = { ipv4: set(split.ipv4), ipv6: set(split.ipv6), names: split.names }));
        }
        return out;
    }
}

interface MergedRule {
    rule: FirewallRule;
    instances: string[];
}

/** Rules that admit the same sources (instances sharing the multicast port) render once. */
function mergeIdentical(rules: FirewallRule[]): MergedRule[] {
    if (rules.length < 2) return rules.map((rule) => ({ rule, instances: [rule.instance] }));
    const byKey = new Map<string, MergedRule>();
    for (const rule of rules) {
        const key = `${rule.sources.join(",")}|${rule.destination ?? ""}`;
        const merged = byKey.get(key) ?? { rule, instances: [] };
        merged.instances.push(rule.instance);
        byKey.set(key, merged);
    }
    return [...byKey.values()];
}

const INDENT = "        ";

/**
 * The two chains of a ruleset, written side by side: each port's block is rendered once and
 * goes into both, a rule under each chain's own match of the port.
 */
class Chains {
    readonly input: string[] = [];
    readonly forward: string[] = [];
    private inputPrefix = "";
    private forwardPrefix = "";

    /** The port the following rules judge. */
    port(port: GuardedPort): void {
        this.inputPrefix = INDENT + inputMatch(port);
        this.forwardPrefix = INDENT + forwardMatch(port);
    }

    /** A comment line, the same in both chains. */
    note(line: string): void {
        const indented = INDENT + line;
        this.input.push(indented);
        this.forward.push(indented);
    }

    /** A rule, after the port match of each chain. */
    rule(then: string): void {
        this.input.push(this.inputPrefix + then);
        this.forward.push(this.forwardPrefix + then);
    }
}

/**
 * A DNS name as a source is an error: nft resolves a name once, at load time, so the rule
 * would go stale, and leaving the member out would silently break the cluster.
 */
function dnsSourceError(hosts: HostSpec[], rule: FirewallRule, name: string): SpecError {
    const index = hosts.findIndex((h) => h.address === name);
    const host = hosts[index]?.name ?? name;
    return new SpecError([{
        path: index >= 0 ? `hosts[${index}].address` : "hosts",
        message: `host "${host}" has the DNS name "${name}" as its address, and instance "${rule.instance}" on host "${rule.host}" must admit it to ${rule.port}/${rule.protocol} (${rule.exposure}); nftables matches IP addresses only (it would resolve the name once, at load time): give host "${host}" its IP address`,
        instance: rule.instance,
    }]);
}

function acceptRules(chains: Chains, hosts: HostSpec[], sets: SourceSets, { rule, instances }: MergedRule): void {
    const why = comment(`${instances.join(", ")} ${rule.portName} (${rule.exposure}${rule.peers ? `, linked ${joinUpTo(rule.peers, " ", MAX_COMMENT)}` : ""})`);
    const sources = sets.of(rule.sources);
    if (sources.names.length > 0) throw dnsSourceError(hosts, rule, sources.names[0]);
    const destination = rule.destination === undefined ? undefined : parseMulticastGroup(rule.destination);
    for (const family of ["ipv4", "ipv6"] as const) {
        // A multicast group is of one family; sources of the other could never send to it.
        const saddr = sources[family];
        if (saddr === undefined || (destination && destination.family !== family)) continue;
        const ip = family === "ipv4" ? "ip" : "ip6";
        const daddr = destination ? ` ${ip} daddr ${destination.text}` : "";
        chains.rule(`${daddr} ${ip} saddr ${saddr} accept ${why}`);
    }
}

/** Same-host members on a Docker bridge dial the host address and arrive from the bridge. */
function bridgeRule(chains: Chains, port: GuardedPort, users: string, bridge: string | undefined): void {
    if (!bridge || !port.sameHostMembers) return;
    if (!INTERFACE_NAME.test(bridge)) throw new SpecError([{ path: "dockerBridges", message: `${quote(bridge)} is not a Linux interface name (1-15 letters, digits, '.', '-', '_')` }]);
    chains.rule(` iifname "${bridge}" accept ${comment(`${users}: fellow members on this host, via its Docker bridge`)}`);
}

/** A port's block: what uses it, the sources it admits, then drop the rest. */
function portBlock(chains: Chains, hosts: HostSpec[], sets: SourceSets, port: GuardedPort, bridge: string | undefined): void {
    const users = describeUsers(port.users);
    chains.port(port);
    const exposures = port.users.length === 1 ? port.users[0].exposure : [...new Set(port.users.map((u) => u.exposure))].join(", ");
    chains.note(`# ${port.port}/${port.protocol}: ${users} (${exposures})`);
    for (const merged of mergeIdentical(port.rules)) acceptRules(chains, hosts, sets, merged);
    bridgeRule(chains, port, users, bridge);
    chains.rule(` counter drop ${comment(`${users}: other sources`)}`);
}

function chainHead(name: "input" | "forward"): string[] {
    return [
        `    chain ${name} {`,
        `        type filter hook ${name} priority filter; policy accept;`,
        name === "input"
            ? `        iif "lo" accept ${comment("loopback: instances on this host reach each other")}`
            : "        # Docker-published ports: DNATed before routing, so judged here by the port the client dialled.",
        `        ct state established,related accept ${comment("replies and connections already admitted")}`,
    ];
}

const INPUT_HEAD = chainHead("input");
const FORWARD_HEAD = chainHead("forward");

function hostRuleset(host: HostSpec, onHost: PlannedInstance[], ctx: RuleContext, sets: SourceSets): string {
    // Every rule before any port is checked: the order the errors have always come in.
    const rules = onHost.map((inst) => inst.ports.map((port) => ruleFor(ctx, inst, port)));
    const bridge = ctx.options.dockerBridges?.[host.name];
    const chains = new Chains();
    for (const port of guardedPorts(onHost, rules)) portBlock(chains, ctx.plan.hosts, sets, port, bridge);
    const table = nftTableFor(ctx.options.nftTable ?? NFT_TABLE);
    return [
        "#!/usr/sbin/nft -f",
        `# pulumi-wso2 firewall for host "${safeText(host.name)}" (${parseHostAddress(host.address).text}), generated from the port plan.`,
        "# Judges only the planned ports below; everything else is left to other rules (policy accept).",
        `table inet ${table}`,
        `delete table inet ${table}`,
        "",
        `table inet ${table} {`,
        `    comment "${TABLE_MARKER}"`,
        ...INPUT_HEAD,
        ...chains.input,
        "    }",
        "",
        ...FORWARD_HEAD,
        ...chains.forward,
        "    }",
        "}",
        "",
    ].join("\n");
}

/** The nftables ruleset for one host of the plan; load it with `nft -f`. */
export function renderNftables(plan: Plan, host: string, options: FirewallOptions = {}): string {
    const spec = plan.hosts.find((h) => h.name === host);
    if (!spec) throw new Error(`host "${host}" is not in the plan (${plan.hosts.map((h) => h.name).join(", ")})`);
    return parsedOrSpecError(() => hostRuleset(spec, plan.instances.filter((i) => i.host === host), new RuleContext(plan, options, true), new SourceSets()));
}

/** A plan handed in with text that is not an address: a SpecError, as for a bad spec. */
function parsedOrSpecError<T>(render: () => T): T {
    try {
        return render();
    } catch (e) {
        if (!(e instanceof AddressError)) throw e;
        throw new SpecError([{ path: "plan", message: `${e.message}; plan again from the spec` }]);
    }
}

/**
 * Every host's ruleset, in plan.hosts order: one pass over the plan for all of them, where
 * renderNftables per host would look at every instance once per host.
 */
export function renderAllNftables(plan: Plan, options: FirewallOptions = {}): { host: string; ruleset: string }[] {
    return parsedOrSpecError(() => {
        const ctx = new RuleContext(plan, options, true);
        const sets = new SourceSets();
        const byHost = instancesByHost(plan);
        return plan.hosts.map((h) => ({ host: h.name, ruleset: hostRuleset(h, byHost.get(h.name)!, ctx, sets) }));
    });
}
