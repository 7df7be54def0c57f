/** The Docker target behind the component's one target contract. */
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { Plan } from "../../plan/types";
import { DeploymentTarget, TargetContext } from "../types";
import { dialsContainer, dockerArgsProblems, dockerPlanProblems, usesHostNetwork } from "./plan";
import { DockerProviders, registerDockerTarget } from "./register";
import { DockerTargetArgs } from "./types";

/** Host-networked servers publish nothing, so neither Docker nor the policy pack limits them. */
function warnAboutHostNetwork(ctx: TargetContext, plan: Plan, args: DockerTargetArgs): void {
    const onHost = plan.instances.filter((i) => usesHostNetwork(i, args)).map((i) => i.name);
    if (onHost.length === 0) return;
    pulumi.log.warn(`instances ${onHost.join(", ")} run on the host network (multicast clustering or hostNetworkForClusters): ` +
        `every port listens on all host interfaces and only host firewall rules limit who reaches them`, ctx.parent);
}

/** One Docker provider per `docker.daemons` entry, a child of the component, named `<component>-<host>`. */
function daemonProviders(ctx: TargetContext, args: DockerTargetArgs): DockerProviders {
    return Object.fromEntries(Object.entries(args.daemons ?? {}).map(([host, url]) =>
        [host, new docker.Provider(`${ctx.name}-${host}`, { host: url }, { parent: ctx.parent })]));
}

export const dockerTarget: DeploymentTarget<DockerTargetArgs> = {
    kind: "docker",
    argProblems: (args, env) => dockerArgsProblems(args, Object.keys(env.providers), env.hostNames),
    planningSpec: (spec) => spec,
    planProblems: (planned, args) => dockerPlanProblems(planned, args),
    // Members dial each other at their hosts' addresses (the plan's default); a linked peer on
    // the same bridge is dialled by container name, the network alias the target gives it.
    renderOptions: (args) => ({ peerAddress: (client, target) => (dialsContainer(client, target, args) ? target.name : target.address) }),
    register(ctx, args, env) {
        warnAboutHostNetwork(ctx, ctx.plan, args);
        registerDockerTarget(ctx, args, { ...daemonProviders(ctx, args), ...env.providers });
    },
};
