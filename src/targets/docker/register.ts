/** The thin Pulumi skin of the Docker target: registers what `dockerTargetPlan` decided. */
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { TargetContext } from "../types";
import { dockerTargetPlan } from "./plan";
import { DockerContainerPlan, DockerNetworkPlan, DockerTargetArgs } from "./types";

/** The bridge driver's option for the Linux interface name (Docker's default is `br-<network id>`). */
export const BRIDGE_NAME_OPTION = "com.docker.network.bridge.name";

export type DockerProviders = Record<string, pulumi.ProviderResource>;

export interface DockerTargetResources {
    networks: Record<string, docker.Network>;
    containers: Record<string, docker.Container>;
}

function networkResource(ctx: TargetContext, n: DockerNetworkPlan, provider: pulumi.ProviderResource | undefined): docker.Network {
    const options = { [BRIDGE_NAME_OPTION]: n.bridge };
    // Every network property forces a replacement, and the name is fixed: a replacement created
    // before the old one is gone would fail with "network with name ... already exists".
    return new docker.Network(n.resourceName, { name: n.name, driver: "bridge", options, labels: n.labels }, { parent: ctx.parent, provider, deleteBeforeReplace: true });
}

function uploadContent(c: DockerContainerPlan): pulumi.Input<string> {
    return c.upload.secret ? pulumi.secret(c.upload.content) : c.upload.content;
}

function containerResource(ctx: TargetContext, c: DockerContainerPlan, network: docker.Network | undefined, provider: pulumi.ProviderResource | undefined, after: docker.Container | undefined): docker.Container {
    const networking: Partial<docker.ContainerArgs> = c.network.mode === "host"
        ? { networkMode: "host" }
        // network.name, not the plain name: the container then waits for its network.
        : { networksAdvanced: [{ name: network!.name, aliases: [c.instance] }] };
    return new docker.Container(c.resourceName, {
        name: c.name,
        image: c.image,
        // The image's entrypoint passes these to the start script; none: leave the image's own.
        ...(c.command.length > 0 ? { command: c.command } : {}),
        restart: c.restart,
        ports: c.ports,
        labels: c.labels,
        uploads: [{ file: c.upload.file, content: uploadContent(c) }],
        ...networking,
        ...(c.healthcheck ? { healthcheck: c.healthcheck } : {}),
        // `secrets:` as NAME=value; derived from a secret Output, so the list stays secret.
        ...(ctx.secretEnv ? { envs: ctx.secretEnv.apply((e) => Object.keys(e).sort().map((k) => `${k}=${e[k]}`)) } : {}),
        wait: c.wait.enabled,
        waitTimeout: c.wait.timeoutSeconds,
    }, {
        parent: ctx.parent,
        provider,
        // One member at a time: this one is replaced only once the one before is healthy again.
        ...(after ? { dependsOn: [after] } : {}),
        // A replacement that keeps its host ports would otherwise fail: "port is already allocated".
        deleteBeforeReplace: true,
    });
}

/** Registers one bridge network per host and one container per instance, each under `ctx.parent`. */
export function registerDockerTarget(ctx: TargetContext, args: DockerTargetArgs = {}, providers: DockerProviders = {}): DockerTargetResources {
    const plan = dockerTargetPlan(ctx, args);
    const networks: Record<string, docker.Network> = {};
    for (const n of plan.networks) networks[n.host] = networkResource(ctx, n, providers[n.host]);
    const containers: Record<string, docker.Container> = {};
    // Plan order puts every member after the one it waits on.
    for (const c of plan.containers) {
        containers[c.instance] = containerResource(ctx, c, networks[c.host], providers[c.host], c.after ? containers[c.after] : undefined);
    }
    return { networks, containers };
}
