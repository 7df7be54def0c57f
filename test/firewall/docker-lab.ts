/**
 * A real Docker engine behind the rendered ruleset: the path a published port really takes
 * (DNAT in prerouting, then forward; or docker-proxy on the input path), which the
 * namespace lab cannot reproduce.
 *
 *   outside namespace (member 198.18.10.2, client 198.18.10.3) --veth-- root namespace (198.18.10.1)
 *                                                                         |  Docker bridge, named by the Docker target
 *                                                                         +-- containers publishing the planned ports
 *
 * It works in the root namespace (dockerd lives there), so it only adds things it removes
 * again: a veth pair, one namespace, one nft table of its own, a network and containers. The
 * addresses are RFC 2544's benchmarking range, used nowhere else.
 */
import { execFile, execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";
import { BRIDGE_NAME_OPTION, PublishedPort } from "../../src/targets/docker";
import { ipBatch, namespacesUnavailable, ProbeAgent, run } from "./lab";

export const DOCKER_LAB = {
    hostAddress: "198.18.10.1",
    memberAddress: "198.18.10.2",
    clientAddress: "198.18.10.3",
    prefix: 24,
} as const;

/** A busybox image made here from the machine's own busybox: the registry is not reachable. */
const IMAGE = "pulumi-wso2-test-busybox:local";
const BUSYBOX = "/bin/busybox";
const DOCKER_TIMEOUT_MS = 60_000;
/** Long enough for a SYN and its answer through DNAT or docker-proxy; a dropped SYN never returns. */
const PROBE_TIMEOUT_MS = 500;

function docker(...args: string[]): string {
    return execFileSync("docker", args, { encoding: "utf8", timeout: DOCKER_TIMEOUT_MS, stdio: ["ignore", "pipe", "pipe"] }).trim();
}

/** `docker` without blocking the worker, so containers start side by side. */
async function dockerAsync(...args: string[]): Promise<string> {
    const { stdout } = await promisify(execFile)("docker", args, { encoding: "utf8", timeout: DOCKER_TIMEOUT_MS });
    return stdout.trim();
}

const stderrOf = (e: unknown) => ((e as { stderr?: string }).stderr ?? String(e)).trim().split("\n")[0];

/** Why a Docker engine cannot be used here, or undefined when it can. */
export function dockerUnavailable(): string | undefined {
    const netns = namespacesUnavailable();
    if (netns) return netns;
    try {
        docker("info", "--format", "{{.ServerVersion}}");
    } catch (e) {
        return `no Docker engine answers (${stderrOf(e)}); .ci/run installs docker.io and starts dockerd`;
    }
    if (!existsSync(BUSYBOX)) return `${BUSYBOX} is missing (apt-get install busybox-static), so no test image can be made offline`;
    const taken = run("ip", ["-4", "addr"]).includes(`${DOCKER_LAB.hostAddress.split(".").slice(0, 3).join(".")}.`);
    if (taken) return `${DOCKER_LAB.hostAddress}/${DOCKER_LAB.prefix} is already in use on this machine`;
    return undefined;
}

/** Imports a root filesystem of busybox and its applets as a local image, once. */
function ensureImage(): void {
    try {
        docker("image", "inspect", IMAGE);
        return;
    } catch { /* not there yet */ }
    const script = [
        "set -e", 'root=$(mktemp -d)', 'mkdir "$root/bin"', `cp ${BUSYBOX} "$root/bin/busybox"`,
        `for a in $(${BUSYBOX} --list); do [ "$a" = busybox ] || ln -s busybox "$root/bin/$a"; done`,
        `tar -C "$root" -c . | docker import - ${IMAGE} >/dev/null`, 'rm -rf "$root"',
    ].join("\n");
    run("sh", ["-c", script]);
}

const publishFlags = (ports: PublishedPort[]) => ports.flatMap((p) => ["-p", `${p.ip}:${p.external}:${p.internal}/${p.protocol}`]);

/** A shell line that accepts TCP connections on every port, for as long as the container runs. */
const listenOn = (ports: number[]) => `${ports.map((p) => `nc -ll -p ${p} -e /bin/true &`).join(" ")} wait`;

export class DockerLab {
    readonly outside: string;
    private readonly hostLink: string;
    private readonly containers: string[] = [];
    private network?: string;
    private table?: string;
    private outsideAgent?: ProbeAgent;
    private containerAgent?: ProbeAgent;

    constructor(readonly tag = `${process.pid}`) {
        this.outside = `wso2dk-${tag}-out`;
        this.hostLink = `wso2dk${tag}`.slice(0, 15);
    }

    /** The outside namespace, linked to the root namespace, which holds the WSO2 host's address. */
    create(): void {
        ensureImage();
        run("ip", ["netns", "add", this.outside]);
        this.outsideAgent = new ProbeAgent(["ip", "netns", "exec", this.outside]);
        ipBatch([
            `link add ${this.hostLink} type veth peer name eth0 netns ${this.outside}`,
            `addr add ${DOCKER_LAB.hostAddress}/${DOCKER_LAB.prefix} dev ${this.hostLink}`,
            `link set ${this.hostLink} up`,
        ]);
        ipBatch(["link set lo up", "link set eth0 up", ...[DOCKER_LAB.memberAddress, DOCKER_LAB.clientAddress].map((a) => `addr add ${a}/${DOCKER_LAB.prefix} dev eth0`)], this.outside);
    }

    /** A bridge network as the Docker target makes it: its name and its bridge interface name. */
    async createNetwork(name: string, bridge: string): Promise<void> {
        this.network = name;
        await dockerAsync("network", "create", "--driver", "bridge", "-o", `${BRIDGE_NAME_OPTION}=${bridge}`, name);
    }

    /**
     * Side by side: a container on the network publishing `ports` as planned, accepting TCP on
     * `listen`; and a fellow container on the same network that probes from its own network
     * namespace (the host's node run there with nsenter, one process for every probe).
     */
    async runContainers(name: string, ports: PublishedPort[], listen: number[]): Promise<void> {
        const prober = `${name}-probe`;
        this.containers.push(name, prober);
        await Promise.all([
            dockerAsync("run", "-d", "--name", name, "--network", this.network!, ...publishFlags(ports), IMAGE, "sh", "-c", listenOn(listen)),
            dockerAsync("run", "-d", "--name", prober, "--network", this.network!, IMAGE, "sleep", "3600"),
        ]);
        const pid = docker("inspect", "--format", "{{.State.Pid}}", prober);
        this.containerAgent = new ProbeAgent(["nsenter", `--net=/proc/${pid}/ns/net`]);
    }

    /** A TCP connect from the fellow container (to the host's address, as a WKA member dials). */
    async probeFromContainer(port: number): Promise<string> {
        const [result] = await this.containerAgent!.probe([{ kind: "tcp", address: DOCKER_LAB.hostAddress, port, timeoutMs: PROBE_TIMEOUT_MS }]);
        return result;
    }

    /** TCP connects from the outside namespace, from one of its addresses. */
    probeFromOutside(from: string, ports: number[]): Promise<string[]> {
        return this.outsideAgent!.probe(ports.map((port) => ({ kind: "tcp", address: DOCKER_LAB.hostAddress, port, from, timeoutMs: PROBE_TIMEOUT_MS })));
    }

    applyRuleset(text: string, table: string): void {
        run("nft", ["-f", "-"], text);
        this.table = table;
    }

    destroy(): void {
        const quietly = (fn: () => unknown) => { try { fn(); } catch { /* already gone */ } };
        this.outsideAgent?.stop();
        this.containerAgent?.stop();
        const containers = this.containers.splice(0);
        if (containers.length > 0) quietly(() => docker("rm", "-f", ...containers));
        if (this.network) quietly(() => docker("network", "rm", this.network!));
        if (this.table) quietly(() => run("nft", ["delete", "table", "inet", this.table!]));
        quietly(() => run("ip", ["link", "del", this.hostLink]));
        quietly(() => run("ip", ["netns", "del", this.outside]));
    }
}
