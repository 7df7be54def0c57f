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
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { BRIDGE_NAME_OPTION, PublishedPort } from "../../src/targets/docker";
import { namespacesUnavailable, probeIn, run } from "./lab";

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

function docker(...args: string[]): string {
    return execFileSync("docker", args, { encoding: "utf8", timeout: DOCKER_TIMEOUT_MS, stdio: ["ignore", "pipe", "pipe"] }).trim();
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

    constructor(readonly tag = `${process.pid}`) {
        this.outside = `wso2dk-${tag}-out`;
        this.hostLink = `wso2dk${tag}`.slice(0, 15);
    }

    /** The outside namespace, linked to the root namespace, which holds the WSO2 host's address. */
    create(): void {
        ensureImage();
        run("ip", ["netns", "add", this.outside]);
        run("ip", ["link", "add", this.hostLink, "type", "veth", "peer", "name", "eth0", "netns", this.outside]);
        run("ip", ["addr", "add", `${DOCKER_LAB.hostAddress}/${DOCKER_LAB.prefix}`, "dev", this.hostLink]);
        run("ip", ["link", "set", this.hostLink, "up"]);
        const out = (...args: string[]) => run("ip", ["-n", this.outside, ...args]);
        out("link", "set", "lo", "up");
        out("link", "set", "eth0", "up");
        for (const a of [DOCKER_LAB.memberAddress, DOCKER_LAB.clientAddress]) out("addr", "add", `${a}/${DOCKER_LAB.prefix}`, "dev", "eth0");
    }

    /** A bridge network as the Docker target makes it: its name and its bridge interface name. */
    createNetwork(name: string, bridge: string): void {
        docker("network", "create", "--driver", "bridge", "-o", `${BRIDGE_NAME_OPTION}=${bridge}`, name);
        this.network = name;
    }

    /** A container on the network publishing `ports` as planned, accepting TCP on `listen`. */
    runContainer(name: string, ports: PublishedPort[], listen: number[]): void {
        docker("run", "-d", "--name", name, "--network", this.network!, ...publishFlags(ports), IMAGE, "sh", "-c", listenOn(listen));
        this.containers.push(name);
    }

    /** TCP connects from a container on the network (to the host's address, as a WKA member dials). */
    probeFromContainer(port: number): string {
        const script = `nc -w 2 ${DOCKER_LAB.hostAddress} ${port} </dev/null >/dev/null 2>&1 && echo open || echo timeout`;
        return docker("run", "--rm", "--network", this.network!, IMAGE, "sh", "-c", script);
    }

    /** TCP connects from the outside namespace, from one of its addresses. */
    probeFromOutside(from: string, ports: number[]): string[] {
        const targets = ports.map((port) => ({ kind: "tcp", address: DOCKER_LAB.hostAddress, port, from, timeoutMs: 1500 }));
        return probeIn(this.outside, targets);
    }

    applyRuleset(text: string, table: string): void {
        run("nft", ["-f", "-"], text);
        this.table = table;
    }

    destroy(): void {
        const quietly = (fn: () => unknown) => { try { fn(); } catch { /* already gone */ } };
        for (const c of this.containers.splice(0)) quietly(() => docker("rm", "-f", c));
        if (this.network) quietly(() => docker("network", "rm", this.network!));
        if (this.table) quietly(() => run("nft", ["delete", "table", "inet", this.table!]));
        quietly(() => run("ip", ["link", "del", this.hostLink]));
        quietly(() => run("ip", ["netns", "del", this.outside]));
    }
}
