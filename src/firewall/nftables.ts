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
import { Plan } from "../plan/types";
import { ExposureClass, Protocol } from "../spec/types";
import { familyOf, splitByFamily } from "./addresses";
import { firewallRules } from "./rules";
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

function guardedPorts(plan: Plan, host: string): GuardedPort[] {
    const byKey = new Map<string, GuardedPort>();
    const onHost = plan.instances.filter((i) => i.host === host);
    const membersOnHost = (group: string) => onHost.filter((i) => i.group === group).length;
    for (const inst of onHost) {
        for (const p of inst.ports) {
            const key = `${p.protocol}/${p.port}`;
            const guarded = byKey.get(key) ?? { protocol: p.protocol, port: p.port, users: [], sameHostMembers: false };
            guarded.users.push({ instance: inst.name, portName: p.name, exposure: p.exposure });
            // Only WKA members run on a Docker bridge: multicast groups always use the host network
            // (a fellow member comes in over lo) and the kubernetes scheme cannot run on Docker.
            guarded.sameHostMembers ||= p.exposure === "cluster" && inst.clustering?.scheme === "wka" && membersOnHost(inst.group) > 1;
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

function acceptLines(match: string, rule: FirewallRule, instances: string[]): string[] {
    const why = comment(`${instances.join(", ")} ${rule.portName} (${rule.exposure})`);
    const sources = splitByFamily(rule.sources);
    const lines: string[] = [];
    for (const family of ["ipv4", "ipv6"] as const) {
        // A multicast group is of one family; sources of the other could never send to it.
        if (sources[family].length === 0 || (rule.destination && familyOf(rule.destination) !== family)) continue;
        const ip = family === "ipv4" ? "ip" : "ip6";
        const daddr = rule.destination ? ` ${ip} daddr ${rule.destination}` : "";
        lines.push(`${match}${daddr} ${ip} saddr ${set(sources[family])} accept ${why}`);
    }
    for (const name of sources.names) {
        lines.push(`# not opened to "${name}": a DNS name, which nft resolves only once, at load time; give that host an IP address`);
    }
    return lines;
}

/** Same-host members on a Docker bridge dial the host address and arrive from the bridge. */
function bridgeLines(m: string, port: GuardedPort, bridge: string | undefined): string[] {
    if (!bridge || !port.sameHostMembers) return [];
    return [`${m} iifname "${bridge}" accept ${comment(`${describeUsers(port.users)}: fellow members on this host, via its Docker bridge`)}`];
}

function portBlock(port: GuardedPort, rules: FirewallRule[], match: PortMatch, bridge: string | undefined): string[] {
    const m = match(port);
    const accepts = mergeIdentical(rules).flatMap(({ rule, instances }) => acceptLines(m, rule, instances));
    return [
        `# ${port.port}/${port.protocol}: ${describeUsers(port.users)} (${[...new Set(port.users.map((u) => u.exposure))].join(", ")})`,
        ...accepts,
        ...bridgeLines(m, port, bridge),
        `${m} counter drop ${comment(`${describeUsers(port.users)}: other sources`)}`,
    ];
}

function chain(name: "input" | "forward", ports: GuardedPort[], rules: FirewallRule[], match: PortMatch, bridge: string | undefined): string[] {
    const head = [
        `chain ${name} {`,
        `    type filter hook ${name} priority filter; policy accept;`,
        ...(name === "input"
            ? [`    iif "lo" accept ${comment("loopback: instances on this host reach each other")}`]
            : ["    # Docker-published ports: DNATed before routing, so judged here by the port the client dialled."]),
        `    ct state established,related accept ${comment("replies and connections already admitted")}`,
    ];
    const body = ports.flatMap((p) => portBlock(p, rules.filter((r) => r.port === p.port && r.protocol === p.protocol), match, bridge));
    return [...head, ...body.map((l) => `    ${l}`), "}"];
}

/** The nftables ruleset for one host of the plan; load it with `nft -f`. */
export function renderNftables(plan: Plan, host: string, options: FirewallOptions = {}): string {
    const spec = plan.hosts.find((h) => h.name === host);
    if (!spec) throw new Error(`host "${host}" is not in the plan (${plan.hosts.map((h) => h.name).join(", ")})`);
    const rules = firewallRules(plan, options).filter((r) => r.host === host);
    const ports = guardedPorts(plan, host);
    const bridge = options.dockerBridges?.[host];
    const table = options.nftTable ?? NFT_TABLE;
    const indent = (lines: string[]) => lines.map((l) => `    ${l}`);
    return [
        "#!/usr/sbin/nft -f",
        `# pulumi-wso2 firewall for host "${host}" (${spec.address}), generated from the port plan.`,
        "# Judges only the planned ports below; everything else is left to other rules (policy accept).",
        `table inet ${table}`,
        `delete table inet ${table}`,
        "",
        `table inet ${table} {`,
        ...indent(chain("input", ports, rules, inputMatch, bridge)),
        "",
        ...indent(chain("forward", ports, rules, forwardMatch, bridge)),
        "}",
        "",
    ].join("\n");
}
