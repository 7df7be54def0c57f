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
import { DockerSettings, ExposureSpec, GroupSpec, HostSpec, KubernetesSettings } from "../spec/types";

export interface DeploymentArgs {
    /** Default: one host "local" at 127.0.0.1. */
    hosts?: HostSpec[];
    products: GroupSpec[];
    /** Who may reach `public` and `management` ports (CIDRs). */
    exposure?: ExposureSpec;
    /** The Docker target (the default when neither block is given). */
    docker?: DockerSettings;
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
