/**
 * The component's args: the spec's fields (docs/spec-shape.md), with `pulumi.Input` where a
 * value only flows. Plain where the planner decides (names, products, counts, offsets, ports,
 * clustering), so planning and resource names stay synchronous.
 *
 * Every field is declared here rather than derived (`Omit<GroupSpec, ...>`): Pulumi's schema
 * inference reads an interface's own property declarations, and the properties of a mapped
 * type have none, so they would reach other languages untyped and undocumented. A type test
 * proves every DeploymentSpec is a DeploymentArgs; the checks at the end, that no field is
 * missing here.
 */
import * as pulumi from "@pulumi/pulumi";
import { PlanData } from "../plan/types";
import {
    ClusteringSpec, ConnectSpec, DockerBindAddresses, DockerSettings as PlainDockerSettings, GroupSpec as PlainGroupSpec, InstanceSpec,
    KubernetesSettings, PortOverride, Product, Profile,
} from "../spec/types";

interface HostSpec {
    /** Lower-case DNS label; names resources, so it is plain. */
    name: string;
    /** What members, rules and bind addresses use; may be another resource's Output (a VM's private IP). */
    address: pulumi.Input<string>;
}

interface ExposureSpec {
    /** CIDRs allowed to reach `public` ports; entries may be Outputs, the list's length is plain. */
    public?: pulumi.Input<string>[];
    /** CIDRs allowed to reach `management` ports (default: nobody). */
    management?: pulumi.Input<string>[];
}

interface GroupSpec {
    /** Group name; instances are `<name>-1`, `<name>-2`, ... unless named. */
    name: string;
    /** Which WSO2 product the group runs. */
    product: Product;
    /** Exact product version, such as "7.0.0" (quote it in YAML). */
    version: string;
    /** API Manager profile; default all-in-one. */
    profile?: Profile;
    /** How many instances, named `<name>-1`, `<name>-2`, ...; or give `instances` instead. */
    instanceCount?: number;
    /** The instances one by one; or give `instanceCount` instead. Default: one instance. */
    instances?: InstanceSpec[];
    /** Hazelcast clustering of the group's instances; default none. */
    clustering?: ClusteringSpec;
    /** The groups this one talks to (control plane, traffic manager, key manager, service catalog). */
    connect?: ConnectSpec;
    /** Add catalog ports, override them, or drop them. */
    ports?: PortOverride[];
    /** deployment.toml settings for every instance of the group, as an object (free-form). */
    config?: { [key: string]: any };
    /** deployment.toml settings for every instance of the group, as TOML text (YAML for Streaming Integrator). */
    configToml?: string;
    /** Extra secret keys, as dotted paths (`[a.b] c` is `a.b.c`). */
    secretKeys?: string[];
    /** Container image (default per product and version); may be an Output (an image you build). */
    image?: pulumi.Input<string>;
}

interface DockerSettings {
    /** Docker daemon URL per host name (ssh://, tcp://, unix://); values may be Outputs. Hosts left out use the default daemon. */
    daemons?: { [hostName: string]: pulumi.Input<string> };
    /**
     * Where each exposure class is published. Docker writes its own iptables rules, so a
     * published port bypasses host firewalls such as ufw: the bind address is what really
     * limits who reaches a port.
     */
    bind?: DockerBindAddresses;
    /** Run every clustered instance on the host's network instead of a bridge; multicast groups always do. */
    hostNetworkForClusters?: boolean;
    /** Docker restart policy; default `unless-stopped`. */
    restart?: string;
    /** Wait for each container's health check to pass before it counts as created; default true. */
    wait?: boolean;
    /** How long one container may take to become healthy; default 300 s. */
    waitTimeoutSeconds?: number;
}

/*
 * The Input-bearing twins of the spec's HostSpec, ExposureSpec, GroupSpec and DockerSettings
 * carry the spec's names: Pulumi names schema types after the interfaces, so other languages
 * see one shape with one set of names (docs/spec-shape.md), e.g. Python's `wso2.HostSpecArgs`.
 * TypeScript imports them as HostArgs, ExposureArgs, GroupArgs and DockerArgs.
 */
export type HostArgs = HostSpec;
export type ExposureArgs = ExposureSpec;
export type GroupArgs = GroupSpec;
export type DockerArgs = DockerSettings;

export interface DeploymentArgs {
    /** Default: one host "local" at 127.0.0.1. */
    hosts?: HostSpec[];
    /** The product groups. */
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
    previousPlan?: PlanData;
}

/** true when A and B have the same keys: a GroupSpec or DockerSettings field added without its args twin fails to compile. */
type SameKeys<A, B> = [Exclude<keyof A, keyof B> | Exclude<keyof B, keyof A>] extends [never] ? true : false;
const groupArgsHaveEveryField: SameKeys<GroupArgs, PlainGroupSpec> = true;
const dockerArgsHaveEveryField: SameKeys<DockerArgs, PlainDockerSettings> = true;
void groupArgsHaveEveryField;
void dockerArgsHaveEveryField;
