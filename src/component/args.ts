/**
 * The component's args: the spec's fields (docs/spec-shape.md), with `pulumi.Input` where a
 * value only flows. Plain where the planner decides (names, products, counts, offsets, ports,
 * clustering), so planning and resource names stay synchronous.
 *
 * Every field is declared here rather than derived (`Omit<DeploymentSpec, ...>`), so the
 * schema inferred for other languages reads plain interfaces. A type test proves every
 * DeploymentSpec is a DeploymentArgs.
 */
import * as pulumi from "@pulumi/pulumi";
import { Plan } from "../plan/types";
import { DockerSettings, GroupSpec, KubernetesSettings } from "../spec/types";

export interface HostArgs {
    /** Lower-case DNS label; names resources, so it is plain. */
    name: string;
    /** What members, rules and bind addresses use; may be another resource's Output (a VM's private IP). */
    address: pulumi.Input<string>;
}

export interface ExposureArgs {
    /** CIDRs allowed to reach `public` ports; entries may be Outputs, the list's length is plain. */
    public?: pulumi.Input<string>[];
    /** CIDRs allowed to reach `management` ports (default: nobody). */
    management?: pulumi.Input<string>[];
}

export interface GroupArgs extends Omit<GroupSpec, "image"> {
    /** Container image (default per product and version); may be an Output (an image you build). */
    image?: pulumi.Input<string>;
}

export interface DockerArgs extends Omit<DockerSettings, "daemons"> {
    /** Docker daemon URL per host name (ssh://, tcp://, unix://); values may be Outputs. */
    daemons?: { [hostName: string]: pulumi.Input<string> };
}

export interface DeploymentArgs {
    /** Default: one host "local" at 127.0.0.1. */
    hosts?: HostArgs[];
    products: GroupArgs[];
    /** Who may reach `public` and `management` ports (CIDRs). */
    exposure?: ExposureArgs;
    /** The Docker target (the default when neither block is given). */
    docker?: DockerArgs;
    /** The Kubernetes target; its provider comes through the options' `providers`. */
    kubernetes?: KubernetesSettings;
    /**
     * Environment variables for every server, by name (`^[A-Z_][A-Z0-9_]*$`), read in config
     * as `$env{NAME}`. Always secret: Docker `envs`, or a Kubernetes Secret taken with `envFrom`.
     */
    secrets?: { [envName: string]: pulumi.Input<string> };
    /** A plan made before (the `plan` output, or plan.json): keeps every instance's offset and host. */
    previousPlan?: Plan;
}
