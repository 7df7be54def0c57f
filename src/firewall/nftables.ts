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
 */
import { Plan, PlannedInstance } from "../plan/types";
import { ExposureClass, HostSpec, Protocol } from "../spec/types";
import { familyOf, splitByFamily } from "./addresses";
import { compareRules, RuleContext, rulesOf } from "./rules";
import { FirewallOptions, FirewallRule } from "./types";

export const NFT_TABLE = "wso2";

/** The deployment's own table: its name where nft takes it as written (a letter first), else prefixed. */
export function nftTableFor(deployment: string): string {
    return /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/.test(deployment) ? deployment : `${NFT_TABLE}-${deployment.replace(/[^A-Za-z0-9_.-]/g, "_").slice(0, 58)}`;
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

function comment(text: string): string {
    return `comment "${text.replace(/[^A-Za-z0-9 ._:/,()+-]/g, "-").slice(0, MAX_COMMENT)}"`;
}

/** Instances by host, in plan order. */
function instancesByHost(plan: Plan): Map<string, PlannedInstance[]> {
    const byHost = new Map<string, PlannedInstance[]>(plan.hosts.map((h) => [h.name, []]));
    for (const inst of plan.instances) byHost.get(inst.host)?.push(inst);
    return byHost;
}

const portKey = (p: { protocol: Protocol; port: number }) => `${p.protocol}/${p.port}`;

function guardedPorts(onHost: PlannedInstance[]): GuardedPort[] {
    const byKey = new Map<string, GuardedPort>();
    const membersOnHost = new Map<string, number>();
    for (const inst of onHost) membersOnHost.set(inst.group, (membersOnHost.get(inst.group) ?? 0) + 1);
    for (const inst of onHost) {
        for (const p of inst.ports) {
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

const describeUsers = (users: PortUser[]) => users.map((u) => `${u.instance} ${u.portName}`).join(", ");

const set = (items: string[]) => `{ ${items.join(", ")} }`;

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

function acceptLines(rule: FirewallRule, instances: string[]): BlockLine[] {
    const why = comment(`${instances.join(", ")} ${rule.portName} (${rule.exposure}${rule.peers ? `, linked ${rule.peers.join(" ")}` : ""})`);
    const sources = splitByFamily(rule.sources);
    const lines: BlockLine[] = [];
    for (const family of ["ipv4", "ipv6"] as const) {
        // A multicast group is of one family; sources of the other could never send to it.
        if (sources[family].length === 0 || (rule.destination && familyOf(rule.destination) !== family)) continue;
        const ip = family === "ipv4" ? "ip" : "ip6";
        const daddr = rule.destination ? ` ${ip} daddr ${rule.destination}` : "";
        lines.push({ then: `${daddr} ${ip} saddr ${set(sources[family])} accept ${why}` });
    }
    for (const name of sources.names) {
        lines.push(`# not opened to "${name}": a DNS name, which nft resolves only once, at load time; give that host an IP address`);
    }
    return lines;
}

/** Same-host members on a Docker bridge dial the host address and arrive from the bridge. */
function bridgeLines(port: GuardedPort, users: string, bridge: string | undefined): BlockLine[] {
    if (!bridge || !port.sameHostMembers) return [];
    return [{ then: ` iifname "${bridge}" accept ${comment(`${users}: fellow members on this host, via its Docker bridge`)}` }];
}

function portBlock(port: GuardedPort, rules: FirewallRule[], bridge: string | undefined): BlockLine[] {
    const users = describeUsers(port.users);
    return [
        `# ${port.port}/${port.protocol}: ${users} (${[...new Set(port.users.map((u) => u.exposure))].join(", ")})`,
        ...mergeIdentical(rules).flatMap(({ rule, instances }) => acceptLines(rule, instances)),
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
    const blocks = guardedPorts(onHost).map((port) => ({ port, lines: portBlock(port, rules.get(portKey(port)) ?? [], bridge) }));
    const table = ctx.options.nftTable ?? NFT_TABLE;
    const out = [
        "#!/usr/sbin/nft -f",
        `# pulumi-wso2 firewall for host "${host.name}" (${host.address}), generated from the port plan.`,
        "# Judges only the planned ports below; everything else is left to other rules (policy accept).",
        `table inet ${table}`,
        `delete table inet ${table}`,
        "",
        `table inet ${table} {`,
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
    return hostRuleset(spec, plan.instances.filter((i) => i.host === host), new RuleContext(plan, options));
}

/**
 * Every host's ruleset, in plan.hosts order: one pass over the plan for all of them, where
 * renderNftables per host would look at every instance once per host.
 */
export function renderAllNftables(plan: Plan, options: FirewallOptions = {}): { host: string; ruleset: string }[] {
    const ctx = new RuleContext(plan, options);
    const byHost = instancesByHost(plan);
    return plan.hosts.map((h) => ({ host: h.name, ruleset: hostRuleset(h, byHost.get(h.name)!, ctx) }));
}
