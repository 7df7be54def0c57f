/**
 * A three-namespace network for checking a rendered ruleset for real:
 *
 *   client (198.51.100.20, 203.0.113.5) --veth--+
 *                                               br0 (192.0.2.10): the WSO2 host
 *   member (192.0.2.11)                --veth--+
 *
 * The host's addresses sit on a bridge so that all three share one link: multicast from
 * the member and from the client reaches the host's one interface, and the host joins the
 * group there. Only documentation ranges are used, and only inside these namespaces.
 */
import { ChildProcess, execFileSync, spawn } from "node:child_process";
import { join } from "node:path";

const COMMAND_TIMEOUT_MS = 10_000;
const FIXTURES = join(__dirname, "fixtures");

export const LAB = {
    hostAddress: "192.0.2.10",
    memberAddress: "192.0.2.11",
    publicClient: "198.51.100.20",
    managementClient: "203.0.113.5",
    /** A bridge inside the host, as Docker makes one: RFC 2544's benchmarking range, never routed. */
    bridgeGateway: "198.18.0.1",
    containerAddress: "198.18.0.2",
} as const;

export function run(cmd: string, args: string[], input?: string): string {
    return execFileSync(cmd, args, { encoding: "utf8", timeout: COMMAND_TIMEOUT_MS, input, stdio: ["pipe", "pipe", "pipe"] });
}

/** `ip` commands, one per line (without the leading `ip`), in one process; inside namespace `ns` if given. */
export function ipBatch(lines: string[], ns?: string, force = false): void {
    run("ip", [...(ns ? ["-n", ns] : []), ...(force ? ["-force"] : []), "-batch", "-"], lines.join("\n") + "\n");
}

function commandExists(cmd: string): boolean {
    try {
        run("sh", ["-c", `command -v ${cmd}`]);
        return true;
    } catch {
        return false;
    }
}

/** Why `nft` cannot check rulesets here, or undefined when it can. */
export function nftUnavailable(): string | undefined {
    if (!commandExists("nft")) return "nft is not installed (apt-get install nftables)";
    if (process.getuid?.() !== 0) return "nft -c needs root (CAP_NET_ADMIN) to ask the kernel";
    return undefined;
}

/** Why namespaces cannot be made here, or undefined when they can (tried for real). */
export function namespacesUnavailable(): string | undefined {
    const nft = nftUnavailable();
    if (nft) return nft;
    if (!commandExists("ip")) return "ip is not installed (apt-get install iproute2)";
    const probe = `wso2fw-probe-${process.pid}`;
    try {
        run("ip", ["netns", "add", probe]);
        run("ip", ["netns", "exec", probe, "ip", "link", "add", "br0", "type", "bridge"]);
        return undefined;
    } catch (e) {
        return `cannot create network namespaces with a bridge: ${((e as { stderr?: string }).stderr ?? String(e)).trim()}`;
    } finally {
        try { run("ip", ["netns", "del", probe]); } catch { /* it was never made */ }
    }
}

/**
 * One probe.js process serving a namespace (`probe.js --serve`, see fixtures/probe.js): a node
 * start costs a quarter of a second on a busy machine, and a lab probes a dozen times.
 * Requests may overlap; each answer carries its request's id.
 */
export class ProbeAgent {
    private readonly child: ChildProcess;
    private readonly pending = new Map<number, { resolve(results: string[]): void; reject(e: Error): void }>();
    private nextId = 0;
    private stderr = "";

    /** `enter` runs a command inside the namespace: ["ip", "netns", "exec", ns] or an nsenter line. */
    constructor(enter: string[]) {
        this.child = spawn(enter[0], [...enter.slice(1), process.execPath, join(FIXTURES, "probe.js"), "--serve"], { stdio: ["pipe", "pipe", "pipe"] });
        this.child.stderr!.on("data", (d) => { this.stderr += d; });
        let buffered = "";
        this.child.stdout!.on("data", (d) => {
            buffered += d;
            for (let end = buffered.indexOf("\n"); end >= 0; end = buffered.indexOf("\n")) {
                const { id, results } = JSON.parse(buffered.slice(0, end));
                buffered = buffered.slice(end + 1);
                this.pending.get(id)?.resolve(results);
                this.pending.delete(id);
            }
        });
        this.child.once("exit", (code) => {
            for (const { reject } of this.pending.values()) reject(new Error(`probe agent exited (${code}): ${this.stderr.trim()}`));
            this.pending.clear();
        });
    }

    /** One result per target, in order. */
    probe(targets: object[]): Promise<string[]> {
        const id = this.nextId++;
        return new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`probe agent gave no answer within ${COMMAND_TIMEOUT_MS} ms: ${this.stderr.trim()}`)), COMMAND_TIMEOUT_MS);
            this.pending.set(id, {
                resolve: (results) => { clearTimeout(timer); resolve(results); },
                reject: (e) => { clearTimeout(timer); reject(e); },
            });
            this.child.stdin!.write(JSON.stringify({ id, targets }) + "\n");
        });
    }

    stop(): void {
        this.child.stdin!.end();
        this.child.kill("SIGTERM");
    }
}

/** Skips the calling suite with a clear message, never a silent pass, when `reason` is given. */
export function skipFor(ctx: Mocha.Context, reason: string | undefined): void {
    if (!reason) return;
    console.log(`      skipped: ${reason}`);
    ctx.skip();
}

export class Lab {
    readonly host: string;
    readonly client: string;
    readonly member: string;
    /** A container behind a Docker-style bridge on the host; made by addContainer(). */
    readonly container: string;
    private readonly made: string[] = [];
    private readonly agents = new Map<string, ProbeAgent>();
    private listener?: ChildProcess;
    private received = "";

    constructor(tag = `${process.pid}`) {
        this.host = `wso2fw-${tag}-host`;
        this.client = `wso2fw-${tag}-client`;
        this.member = `wso2fw-${tag}-member`;
        this.container = `wso2fw-${tag}-ctr`;
    }

    /** The namespace's probe agent, started on first use (create() starts them early, to overlap the node start). */
    private agentFor(ns: string): ProbeAgent {
        let agent = this.agents.get(ns);
        if (!agent) this.agents.set(ns, (agent = new ProbeAgent(["ip", "netns", "exec", ns])));
        return agent;
    }

    private ns(ns: string, ...args: string[]): string {
        return run("ip", ["netns", "exec", ns, ...args]);
    }

    /** The host-side lines linking one outside namespace to a bridge of the host (br0 unless named) through a veth pair. */
    private attach(peer: string, hostSide: string, peerSide: string, bridge = "br0"): string[] {
        return [`link add ${hostSide} type veth peer name ${peerSide} netns ${peer}`, `link set ${hostSide} master ${bridge} up`];
    }

    // Each namespace is set up by one `ip -batch` process: some thirty `ip` processes took over
    // a second on a busy machine.
    create(): void {
        this.made.push(this.host, this.client, this.member);
        ipBatch(this.made.map((ns) => `netns add ${ns}`));
        for (const ns of [this.client, this.member]) this.agentFor(ns);
        ipBatch([
            "link set lo up",
            // Snooping off: with no IGMP querier on this link, the bridge must simply flood multicast.
            "link add br0 type bridge mcast_snooping 0",
            "link set br0 up",
            `addr add ${LAB.hostAddress}/24 dev br0`,
            ...this.attach(this.client, "hc0", "cc0"),
            ...this.attach(this.member, "hm0", "mm0"),
            // The client's ranges are other subnets on the same link: route them on-link both ways.
            ...["198.51.100.0/24", "203.0.113.0/24"].map((net) => `route add ${net} dev br0`),
        ], this.host);
        ipBatch([
            "link set lo up",
            "link set cc0 up",
            `addr add ${LAB.publicClient}/24 dev cc0`,
            `addr add ${LAB.managementClient}/24 dev cc0`,
            // No 224.0.0.0/4 route: senders pick the interface with IP_MULTICAST_IF instead. A
            // multicast route with the same attributes as the unicast one shares its kernel nexthop,
            // whose cached route then turns later unicast connects into ENETUNREACH.
            "route add 192.0.2.0/24 dev cc0",
        ], this.client);
        ipBatch(["link set lo up", "link set mm0 up", `addr add ${LAB.memberAddress}/24 dev mm0`], this.member);
    }

    /**
     * A container as Docker wires one: a bridge named `bridge` inside the host with its own
     * subnet, the container's veth on it, its default route via the bridge. When it dials the
     * host's address, the packet arrives on the host from the bridge with the container's
     * address, as at docker-proxy.
     */
    addContainer(bridge: string): void {
        this.made.push(this.container);
        run("ip", ["netns", "add", this.container]);
        this.agentFor(this.container);
        ipBatch([
            `link add ${bridge} type bridge`,
            `addr add ${LAB.bridgeGateway}/24 dev ${bridge}`,
            `link set ${bridge} up`,
            ...this.attach(this.container, "hd0", "eth0", bridge),
        ], this.host);
        ipBatch(["link set lo up", "link set eth0 up", `addr add ${LAB.containerAddress}/24 dev eth0`, `route add default via ${LAB.bridgeGateway}`], this.container);
    }

    /** `nft -f -` inside the host namespace, reading the ruleset from stdin. */
    applyRuleset(text: string): void {
        run("ip", ["netns", "exec", this.host, "nft", "-f", "-"], text);
    }

    listRuleset(): string {
        return this.ns(this.host, "nft", "list", "ruleset");
    }

    /** Starts listeners in the host namespace and resolves once every socket is bound. */
    listen(tcp: number[], udp: { port: number; group?: string; iface?: string }[]): Promise<void> {
        const child = spawn("ip", ["netns", "exec", this.host, process.execPath, join(FIXTURES, "listen.js"), JSON.stringify({ tcp, udp })], { stdio: ["ignore", "pipe", "pipe"] });
        this.listener = child;
        let stderr = "";
        child.stderr!.on("data", (d) => { stderr += d; });
        return new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`listeners not ready within ${COMMAND_TIMEOUT_MS} ms: ${stderr}`)), COMMAND_TIMEOUT_MS);
            child.stdout!.on("data", (d) => {
                this.received += d;
                if (this.received.includes("ready\n")) {
                    clearTimeout(timer);
                    resolve();
                }
            });
            child.once("exit", (code) => { clearTimeout(timer); reject(new Error(`listener exited (${code}): ${stderr}`)); });
        });
    }

    /** Probes from a namespace: TCP connects (open/timeout/refused) and UDP sends, concurrently. */
    probe(ns: string, targets: object[]): Promise<string[]> {
        return this.agentFor(ns).probe(targets);
    }

    /** Whether the host's listener printed a datagram with this payload within `waitMs`. */
    async receivedDatagram(payload: string, waitMs: number): Promise<boolean> {
        const deadline = Date.now() + waitMs;
        while (Date.now() < deadline) {
            if (this.received.includes(` ${payload}\n`)) return true;
            await new Promise((r) => setTimeout(r, 50));
        }
        return this.received.includes(` ${payload}\n`);
    }

    destroy(): void {
        this.listener?.kill("SIGTERM");
        for (const agent of this.agents.values()) agent.stop();
        this.agents.clear();
        const made = this.made.splice(0);
        // -force: go on past a namespace already gone.
        if (made.length > 0) try { ipBatch(made.map((ns) => `netns del ${ns}`), undefined, true); } catch { /* already gone */ }
    }
}
