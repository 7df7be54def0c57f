/**
 * Maps the port plan and the rendered configs onto Docker containers and networks, as
 * plain data: no Pulumi here, so the mapping is tested without an engine.
 */
import { imageFor, profileArgs } from "../../catalog";
import { addressProblem, parseIp } from "../../net/address";
import { encodePortsLabel, LABELS } from "../../output/labels";
import { Plan, PlannedInstance, PlannedPort } from "../../plan/types";
import { peerClients, peerPortKey } from "../../wiring/keys";
import { RenderedConfig } from "../../render/types";
import { SpecProblem } from "../../spec/errors";
import { ResolvedGroup } from "../../spec/normalize";
import { ExposureClass } from "../../spec/types";
import { TargetContext } from "../types";
import { dockerHealthcheck, MAX_WAIT_TIMEOUT_SECONDS, memberChain, MIN_WAIT_TIMEOUT_SECONDS, waitSettings } from "./health";
import { bridgeInterfaceName, networkName } from "./names";
import {
    ContainerLabelInput, DockerBindAddresses, DockerContainerPlan, DockerNetworkPlan, DockerTargetArgs, DockerTargetPlan, PublishedPort,
} from "./types";

export const ALL_ADDRESSES = "0.0.0.0";
export const LOOPBACK = "127.0.0.1";
export const DEFAULT_RESTART = "unless-stopped";
/** A bind value that means "this host's own `address`", so one setting fits every host. */
export const HOST_ADDRESS = "host";
const BIND_CLASSES: ExposureClass[] = ["public", "management", "internal", "cluster"];

/** What the mapping reads from the target context: everything but the Pulumi parent. */
export type DockerPlanInput = Pick<TargetContext, "name" | "spec" | "plan" | "configs">;

/**
 * Multicast members always share the host's network: multicast does not cross the NAT of
 * a Docker bridge, and every member on a host listens on the same 45564/udp, which two
 * containers cannot both publish. WKA members work on a bridge: carbon-kernel's
 * HazelcastClusteringAgent passes `local_member_host` to Hazelcast as its *public* address
 * (`nwConfig.setPublicAddress`) while Hazelcast itself binds every interface, so the member
 * port published 1:1 on the host address is the address the other members dial.
 */
export function usesHostNetwork(inst: PlannedInstance, args: DockerTargetArgs): boolean {
    const scheme = inst.clustering?.scheme;
    if (scheme === "multicast") return true;
    return scheme !== undefined && args.hostNetworkForClusters === true;
}

const DEFAULT_BIND: Record<ExposureClass, string> = {
    public: ALL_ADDRESSES,
    management: LOOPBACK,
    internal: LOOPBACK,
    // Only the host's own address: the members dial it, and the firewall rules admit just them.
    cluster: HOST_ADDRESS,
};

/** The host address a port of this exposure class is published on; `host` stands for the instance's host address. */
export function bindAddress(exposure: ExposureClass, inst: PlannedInstance, bind: DockerBindAddresses = {}): string {
    const chosen = bind[exposure] ?? DEFAULT_BIND[exposure];
    return chosen === HOST_ADDRESS ? inst.address : parseIp(chosen).text;
}

/**
 * Linked peers on the same host, both on the bridge, dial each other by container name on the
 * host's network; every other peer dials the host's address, where the port must be published.
 */
export function dialsContainer(client: PlannedInstance, target: PlannedInstance, args: DockerTargetArgs): boolean {
    return client.host === target.host && !usesHostNetwork(client, args) && !usesHostNetwork(target, args);
}

/** Per (instance, port): whether a linked peer dials it at the host's address (see dialsContainer). */
export function peerPortsOnHostAddress(plan: Plan, args: DockerTargetArgs): Set<string> {
    const out = new Set<string>();
    for (const [key, clients] of peerClients(plan)) {
        const target = plan.instances.find((i) => key.startsWith(`${i.name}\u0000`));
        if (target && clients.some((c) => !dialsContainer(c, target, args))) out.add(key);
    }
    return out;
}

/**
 * Loopback keeps a port off the network; a port a linked peer dials at the host's address is
 * published on that address instead (the host firewall admits only the peers' hosts).
 */
export function publishedPorts(inst: PlannedInstance, args: DockerTargetArgs, peerPorts: Set<string> = new Set()): PublishedPort[] {
    if (usesHostNetwork(inst, args)) return [];
    return inst.ports.map((p: PlannedPort) => {
        const chosen = bindAddress(p.exposure, inst, args.bind);
        const ip = chosen === LOOPBACK && peerPorts.has(peerPortKey(inst.name, p)) ? inst.address : chosen;
        return { internal: p.port, external: p.port, ip, protocol: p.protocol };
    });
}

const byLabel = (a: ContainerLabelInput, b: ContainerLabelInput) => a.label.localeCompare(b.label);

/** The plan travels on the container, so a policy judges its exposure from its inputs alone. */
export function containerLabels(inst: PlannedInstance): ContainerLabelInput[] {
    return [
        { label: LABELS.instance, value: inst.name },
        { label: LABELS.group, value: inst.group },
        { label: LABELS.host, value: inst.host },
        { label: LABELS.ports, value: encodePortsLabel(inst.ports) },
    ].sort(byLabel);
}

/** The spec's image, else the profile's own (API-M 4.5+ per-profile images), else the product's. */
export function imageOf(group: ResolvedGroup): string {
    return group.spec.image ?? imageFor(group.entry, group.spec.version, group.profile);
}

function containerPlan(input: DockerPlanInput, inst: PlannedInstance, group: ResolvedGroup, config: RenderedConfig, args: DockerTargetArgs, peerPorts: Set<string>): DockerContainerPlan {
    const healthcheck = dockerHealthcheck(inst);
    return {
        resourceName: `${input.name}-${inst.name}`,
        instance: inst.name,
        host: inst.host,
        name: inst.name,
        image: imageOf(group),
        command: profileArgs(group.entry, group.profile),
        restart: args.restart ?? DEFAULT_RESTART,
        ports: publishedPorts(inst, args, peerPorts),
        labels: containerLabels(inst),
        upload: { file: config.containerPath, content: config.text, secret: config.secretPaths.length > 0 },
        network: usesHostNetwork(inst, args) ? { mode: "host" } : { mode: "bridge", name: networkName(input.name, inst.host) },
        ...(healthcheck ? { healthcheck } : {}),
        wait: waitSettings(args, healthcheck),
    };
}

/** One bridge network per host that has a bridged container; sorted by host name. */
function networkPlans(input: DockerPlanInput, containers: DockerContainerPlan[]): DockerNetworkPlan[] {
    const hosts = [...new Set(containers.filter((c) => c.network.mode === "bridge").map((c) => c.host))].sort();
    return hosts.map((host) => ({
        resourceName: networkName(input.name, host),
        host,
        name: networkName(input.name, host),
        bridge: bridgeInterfaceName(networkName(input.name, host)),
        labels: [{ label: LABELS.host, value: host }],
    }));
}

/** Containers (in plan order) and networks for a plan that `dockerTargetProblems` accepted. */
export function dockerTargetPlan(input: DockerPlanInput, args: DockerTargetArgs = {}): DockerTargetPlan {
    const groups = new Map(input.spec.groups.map((g) => [g.name, g]));
    const configs = new Map(input.configs.map((c) => [c.instance, c]));
    const chain = memberChain(input.plan.instances);
    const peerPorts = peerPortsOnHostAddress(input.plan, args);
    const containers = input.plan.instances.map((inst) => {
        const config = configs.get(inst.name);
        if (!config) throw new Error(`no rendered config for instance "${inst.name}"`);
        const after = chain.get(inst.name);
        return { ...containerPlan(input, inst, groups.get(inst.group)!, config, args, peerPorts), ...(after ? { after } : {}) };
    });
    return { networks: networkPlans(input, containers), containers };
}

/** Docker's own daemon address schemes (`DOCKER_HOST`). */
const DAEMON_URL = /^(unix|tcp|ssh|npipe):\/\/\S+$/;

function daemonProblems(args: DockerTargetArgs, providerHosts: string[], knownHosts: string[]): SpecProblem[] {
    const problems: SpecProblem[] = [];
    for (const [host, url] of Object.entries(args.daemons ?? {})) {
        const path = `docker.daemons.${host}`;
        if (!knownHosts.includes(host)) {
            problems.push({ path, message: `a Docker daemon is given for host "${host}", which is not in \`hosts\` (${knownHosts.join(", ")})` });
        } else if (providerHosts.includes(host)) {
            problems.push({ path, message: `host "${host}" has both a daemon URL here and a provider in the component's dockerProviders option; keep one` });
        }
        if (typeof url !== "string" || !DAEMON_URL.test(url)) {
            problems.push({ path, message: `Docker daemon ${JSON.stringify(url)} must be a URL such as "ssh://wso2@10.0.0.11", "tcp://10.0.0.11:2376" or "unix:///var/run/docker.sock"` });
        }
    }
    for (const host of providerHosts) {
        if (!knownHosts.includes(host)) {
            problems.push({ path: `dockerProviders.${host}`, message: `a Docker provider is given for host "${host}", which is not in \`hosts\` (${knownHosts.join(", ")})` });
        }
    }
    return problems;
}

/** Problems in the `docker` settings and the component's `dockerProviders` alone; they need no plan. */
export function dockerArgsProblems(args: DockerTargetArgs, providerHosts: string[], knownHosts: string[]): SpecProblem[] {
    const problems: SpecProblem[] = [];
    for (const cls of Object.keys(args.bind ?? {})) {
        const value = (args.bind as Record<string, unknown>)[cls];
        if (!BIND_CLASSES.includes(cls as ExposureClass)) {
            problems.push({ path: `docker.bind.${cls}`, message: `unknown exposure class "${cls}"; use one of ${BIND_CLASSES.join(", ")}` });
        } else if (value !== HOST_ADDRESS && addressProblem(parseIp, value)) {
            problems.push({ path: `docker.bind.${cls}`, message: `${addressProblem(parseIp, value)}; Docker publishes ports on an IP address, or "${HOST_ADDRESS}" for each host's own address` });
        }
    }
    const timeout = args.waitTimeoutSeconds;
    if (timeout !== undefined && !(Number.isInteger(timeout) && timeout >= MIN_WAIT_TIMEOUT_SECONDS && timeout <= MAX_WAIT_TIMEOUT_SECONDS)) {
        problems.push({ path: "docker.waitTimeoutSeconds", message: `must be a whole number of seconds from ${MIN_WAIT_TIMEOUT_SECONDS} to ${MAX_WAIT_TIMEOUT_SECONDS} (a WSO2 start takes minutes); got ${JSON.stringify(timeout)}` });
    }
    if (args.wait !== undefined && typeof args.wait !== "boolean") {
        problems.push({ path: "docker.wait", message: `must be true or false; got ${JSON.stringify(args.wait)}` });
    }
    return [...problems, ...daemonProblems(args, providerHosts, knownHosts)];
}

/** Problems only the plan reveals: a bind address that is a DNS name, kubernetes membership on Docker. */
export function dockerPlanProblems(input: Pick<DockerPlanInput, "spec" | "plan">, args: DockerTargetArgs): SpecProblem[] {
    const problems: SpecProblem[] = [];
    for (const g of input.spec.groups) {
        if (g.scheme === "kubernetes") {
            problems.push({ path: `products[${g.index}].clustering.scheme`, message: `group "${g.name}": the kubernetes membership scheme discovers members through the Kubernetes API and cannot work on Docker; use wka, or the kubernetes target` });
        }
    }
    return [...problems, ...hostNameBindProblems(input, args)];
}

const isIp = (text: string) => addressProblem(parseIp, text) === undefined;

/** Ports bound to `host` need the host's address to be an IP: Docker cannot publish on a DNS name. */
function hostNameBindProblems(input: Pick<DockerPlanInput, "spec" | "plan">, args: DockerTargetArgs): SpecProblem[] {
    const problems: SpecProblem[] = [];
    const reported = new Set<string>();
    const peerPorts = peerPortsOnHostAddress(input.plan, args);
    for (const inst of input.plan.instances) {
        if (isIp(inst.address) || reported.has(inst.host)) continue;
        const port = publishedPorts(inst, args, peerPorts).find((p) => !isIp(p.ip));
        if (!port) continue;
        reported.add(inst.host);
        const index = input.spec.hosts.findIndex((h) => h.name === inst.host);
        problems.push({
            path: index >= 0 ? `hosts[${index}].address` : "hosts",
            message: `host "${inst.host}" has the DNS name ${JSON.stringify(inst.address)} as its address, but Docker publishes port ${port.internal}/${port.protocol} of instance "${inst.name}" on the host's address, which must be an IP; give the host's IP, or set docker.bind to IPs`,
            instance: inst.name,
        });
    }
    return problems;
}
