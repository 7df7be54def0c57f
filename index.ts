/**
 * The Pulumi program of Pulumi.yaml: one WSO2 deployment, declared in stack config.
 *   wso2:deployment   the spec (structured config), the same shape as a spec file:
 *                     hosts, products, exposure, docker or kubernetes, secrets, previousPlan
 * The Kubernetes cluster is the stack's default Kubernetes provider.
 */
import * as pulumi from "@pulumi/pulumi";
import { Deployment, DeploymentSpec } from "./src";

const config = new pulumi.Config("wso2");

/** Stack config keys of the old layout, each with where its value lives now. */
const MOVED_KEYS: Record<string, string> = {
    target: "a `docker:` or `kubernetes:` block inside wso2:deployment",
    docker: "`docker:` inside wso2:deployment",
    kubernetes: "`kubernetes:` inside wso2:deployment",
    dockerHosts: "`docker.daemons` inside wso2:deployment",
    previousPlan: "`previousPlan` inside wso2:deployment",
};

for (const [key, where] of Object.entries(MOVED_KEYS)) {
    if (config.get(key) !== undefined) throw new pulumi.InputPropertyError({ propertyPath: `wso2:${key}`, reason: `wso2:${key} has moved to ${where}` });
}

const wso2 = new Deployment("wso2", config.requireObject<DeploymentSpec>("deployment"));

export const plan = wso2.plan;
export const ports = wso2.ports;
export const deploymentTomls = wso2.deploymentTomls;
export const firewallRules = wso2.firewallRules;
// Who can reach which port, keyed host/instance/port/protocol: `pulumi preview --diff` shows an opened port as one added key.
export const exposure = wso2.exposure;
