/**
 * The Pulumi program of Pulumi.yaml: one WSO2 deployment, declared in stack config.
 *   wso2:deployment   the spec (structured config; the same shape as a spec file)
 *   wso2:target       docker (default) | kubernetes
 *   wso2:docker       Docker target options: { bind, hostNetworkForClusters, restart }
 *   wso2:kubernetes   Kubernetes target options
 *   wso2:dockerHosts  Docker daemon per host name, e.g. { host-a: "ssh://wso2@10.0.0.11" }
 *   wso2:previousPlan a plan to keep instances in place (`pulumi stack output plan --json`)
 */
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { Deployment, DeploymentArgs, DeploymentSpec, Plan } from "./src";

const config = new pulumi.Config("wso2");

/** `target: { <name>: <options> }`; an unknown name reaches the component, which reports it. */
function targetFromConfig(): DeploymentArgs["target"] {
    const name = config.get("target") ?? "docker";
    return { [name]: config.getObject<Record<string, unknown>>(name) ?? {} };
}

function dockerProvidersFromConfig(): Record<string, docker.Provider> {
    const daemons = config.getObject<Record<string, string>>("dockerHosts") ?? {};
    return Object.fromEntries(Object.entries(daemons).map(([host, url]) => [host, new docker.Provider(`docker-${host}`, { host: url })]));
}

const wso2 = new Deployment("wso2", {
    ...config.requireObject<DeploymentSpec>("deployment"),
    target: targetFromConfig(),
    providers: dockerProvidersFromConfig(),
    previousPlan: config.getObject<Plan>("previousPlan"),
});

export const plan = wso2.plan;
export const ports = wso2.ports;
export const deploymentTomls = wso2.deploymentTomls;
export const firewallRules = wso2.firewallRules;
