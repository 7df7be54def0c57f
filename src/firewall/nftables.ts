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
import { compareRules, RuleContext, rulesOf } from "./rules";
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

/** A (protocol, port) planned on the host, with every instance using it (multicast is shared). */
interface GuardedPort {
    protocol: Protocol;
    port: number;
    users: PortUser[];
    /** A unicast cluster port with a fellow member on this host, which may dial it from a Docker bridge. */
    sameHostMembers: boolean;
}

type PortMatch = (p: { protocol: Protocol; port: number }) => string;

const inputMatch: PortMatch = (p) => `${p.protocol} dport ${p.port}`;
const forwardMatch: PortMatch = (p) => `ct status dnat meta l4proto ${p.protocol} ct original proto-dst ${p.port}`;

/** Comment text keeps a safe set of characters only: no quote, newline or ';' can end it early. */
const safeText = (text: string) => text.replace(/[^A-Za-z0-9 ._:/,()+-]/g, "-");

function comment(text: string): string {
    return `comment "${safeText(text).slice(0, MAX_COMMENT)}"`;
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

function guardedPorts(onHost: PlannedInstance[]): GuardedPort[] {
    const byKey = new Map<string, GuardedPort>();
    const membersOnHost = new Map<string, number>();
    for (const inst of onHost) membersOnHost.set(inst.group, (membersOnHost.get(inst.group) ?? 0) + 1);
    for (const inst of onHost) {
        for (const p of inst.ports) {
            checkPort(p, inst.name);
            const key = portKey(p);
            const guarded = byKey.get(key) ?? { protocol: p.protocol, port: p.port, users: [], sameHostMembers: false };
            guarded.users.push({ instance: inst.name, portName: p.name, exposure: p.exposure });
            // Only WKA members run on a Docker bridge: multicast groups always use the host network
            // (a fellow member comes in over lo) and the kubernetes scheme cannot run on Docker.
            guarded.sameHostMembers ||= p.exposure === "cluster" && inst.clustering?.scheme === "wka" && membersOnHost.get(inst.group)! > 1;
            byKey.set(key, guarded);
        }
    }
    return [...byKey.values()].sort((a, b) => a.port - b.port || (a.protocol < b.protocol ? -1 : 1));
}

const describeUsers = (users: PortUser[]) => safeText(users.map((u) => `${u.instance} ${u.portName}`).join(", "));

const set = (items: ParsedCidr[]) => `{ ${items.map((c) => c.text).join(", ")} }`;

/** Rules that admit the same sources (instances sharing the multicast port) render once. */
function mergeIdentical(rules: FirewallRule[]): { rule: FirewallRule; instances: string[] }[] {
    const byKey = new Map<string, { rule: FirewallRule; instances: string[] }>();
    for (const rule of rules) {
        const key = `${rule.sources.join(",")}|${rule.destination ?? ""}`;
        const merged = byKey.get(key) ?? { rule, instances: [] };
        merged.instances.push(rule.instance);
        byKey.set(key, merged);
    }
    return [...byKey.values()];
}

/**
 * A port's block, rendered once for both chains: a string is a comment line, `{ then }` a
 * rule that the chain prefixes with its own port match.
 */
type BlockLine = string | { then: string };

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

function acceptLines(hosts: HostSpec[], rule: FirewallRule, instances: string[]): BlockLine[] {
    const why = comment(`${instances.join(", ")} ${rule.portName} (${rule.exposure}${rule.peers ? `, linked ${rule.peers.join(" ")}` : ""})`);
    const sources = splitByFamily(rule.sources);
    if (sources.names.length > 0) throw dnsSourceError(hosts, rule, sources.names[0]);
    const destination = rule.destination === undefined ? undefined : parseMulticastGroup(rule.destination);
    const lines: BlockLine[] = [];
    for (const family of ["ipv4", "ipv6"] as const) {
        // A multicast group is of one family; sources of the other could never send to it.
        if (sources[family].length === 0 || (destination && destination.family !== family)) continue;
        const ip = family === "ipv4" ? "ip" : "ip6";
        const daddr = destination ? ` ${ip} daddr ${destination.text}` : "";
        lines.push({ then: `${daddr} ${ip} saddr ${set(sources[family])} accept ${why}` });
    }
    return lines;
}

/** Same-host members on a Docker bridge dial the host address and arrive from the bridge. */
function bridgeLines(port: GuardedPort, users: string, bridge: string | undefined): BlockLine[] {
    if (!bridge || !port.sameHostMembers) return [];
    if (!INTERFACE_NAME.test(bridge)) throw new SpecError([{ path: "dockerBridges", message: `${quote(bridge)} is not a Linux interface name (1-15 letters, digits, '.', '-', '_')` }]);
    return [{ then: ` iifname "${bridge}" accept ${comment(`${users}: fellow members on this host, via its Docker bridge`)}` }];
}

function portBlock(hosts: HostSpec[], port: GuardedPort, rules: FirewallRule[], bridge: string | undefined): BlockLine[] {
    const users = describeUsers(port.users);
    return [
        `# ${port.port}/${port.protocol}: ${users} (${[...new Set(port.users.map((u) => u.exposure))].join(", ")})`,
        ...mergeIdentical(rules).flatMap(({ rule, instances }) => acceptLines(hosts, rule, instances)),
        ...bridgeLines(port, users, bridge),
        { then: ` counter drop ${comment(`${users}: other sources`)}` },
    ];
}

interface HostBlock {
    port: GuardedPort;
    lines: BlockLine[];
}

/** The host's rules by (protocol, port), each list in compareRules order. */
function rulesByPort(rules: FirewallRule[]): Map<string, FirewallRule[]> {
    const byPort = new Map<string, FirewallRule[]>();
    for (const rule of [...rules].sort(compareRules)) {
        const list = byPort.get(portKey(rule));
        if (list) list.push(rule);
        else byPort.set(portKey(rule), [rule]);
    }
    return byPort;
}

/** Appends one chain, each port's block under the chain's own match, to `out`. */
function chain(out: string[], name: "input" | "forward", blocks: HostBlock[], match: PortMatch): void {
    const indent = "        ";
    out.push(
        `    chain ${name} {`,
        `        type filter hook ${name} priority filter; policy accept;`,
        name === "input"
            ? `        iif "lo" accept ${comment("loopback: instances on this host reach each other")}`
            : "        # Docker-published ports: DNATed before routing, so judged here by the port the client dialled.",
        `        ct state established,related accept ${comment("replies and connections already admitted")}`,
    );
    for (const { port, lines } of blocks) {
        const m = match(port);
        for (const line of lines) out.push(typeof line === "string" ? indent + line : indent + m + line.then);
    }
    out.push("    }");
}

function hostRuleset(host: HostSpec, onHost: PlannedInstance[], ctx: RuleContext): string {
    const rules = rulesByPort(rulesOf(ctx, onHost));
    const bridge = ctx.options.dockerBridges?.[host.name];
    const blocks = guardedPorts(onHost).map((port) => ({ port, lines: portBlock(ctx.plan.hosts, port, rules.get(portKey(port)) ?? [], bridge) }));
    const table = nftTableFor(ctx.options.nftTable ?? NFT_TABLE);
    const out = [
        "#!/usr/sbin/nft -f",
        `# pulumi-wso2 firewall for host "${safeText(host.name)}" (${parseHostAddress(host.address).text}), generated from the port plan.`,
        "# Judges only the planned ports below; everything else is left to other rules (policy accept).",
        `table inet ${table}`,
        `delete table inet ${table}`,
        "",
        `table inet ${table} {`,
        `    comment "${TABLE_MARKER}"`,
    ];
    chain(out, "input", blocks, inputMatch);
    out.push("");
    chain(out, "forward", blocks, forwardMatch);
    out.push("}", "");
    return out.join("\n");
}

/** The nftables ruleset for one host of the plan; load it with `nft -f`. */
export function renderNftables(plan: Plan, host: string, options: FirewallOptions = {}): string {
    const spec = plan.hosts.find((h) => h.name === host);
    if (!spec) throw new Error(`host "${host}" is not in the plan (${plan.hosts.map((h) => h.name).join(", ")})`);
    return parsedOrSpecError(() => hostRuleset(spec, plan.instances.filter((i) => i.host === host), new RuleContext(plan, options)));
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
        const ctx = new RuleContext(plan, options);
        const byHost = instancesByHost(plan);
        return plan.hosts.map((h) => ({ host: h.name, ruleset: hostRuleset(h, byHost.get(h.name)!, ctx) }));
    });
}
