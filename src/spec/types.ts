/**
 * The deployment spec: one shape for the component's args, stack config and spec files.
 * Plain data only, so the planner can run before any Pulumi engine exists.
 */

export type ProductId = "identity-server" | "api-manager" | "micro-integrator" | "streaming-integrator";
export type Protocol = "tcp" | "udp";
export type ExposureClass = "public" | "management" | "internal" | "cluster";
export type ClusteringScheme = "wka" | "multicast" | "kubernetes" | "none";

export interface HostSpec {
    name: string;
    address: string;
}

export interface ClusteringSpec {
    scheme: ClusteringScheme;
    /** Hazelcast cluster domain; defaults to `wso2.<group>.domain` so groups never merge. */
    domain?: string;
}

export interface InstanceSpec {
    name?: string;
    host?: string;
    offset?: number;
    localMemberPort?: number;
    /** deployment.toml settings for this instance only (object or TOML text); wins over the group's. */
    config?: Record<string, unknown> | string;
}

/** A port the user adds, or a catalog port whose number, exposure or shift the user overrides. */
export interface PortOverride {
    name: string;
    port?: number;
    protocol?: Protocol;
    exposure?: ExposureClass;
    shifts?: boolean;
    purpose?: string;
    /** Drop a catalog port entirely (e.g. JMX disabled in deployment.toml). */
    disabled?: boolean;
}

export interface GroupSpec {
    /** Group name; instances are `<name>-1`, `<name>-2`, ... unless named. */
    name: string;
    product: ProductId;
    version: string;
    /** api-manager only: all-in-one (default) | gateway | control-plane | traffic-manager. */
    profile?: string;
    instances?: number | InstanceSpec[];
    clustering?: ClusteringSpec;
    ports?: PortOverride[];
    /** deployment.toml settings for every instance of the group (object or TOML text). */
    config?: Record<string, unknown> | string;
    /** Extra secret keys, as dotted paths (`[a.b] c` is `a.b.c`). */
    secretKeys?: string[];
    /** Container image; defaults per product and version. */
    image?: string;
}

export interface ExposureSpec {
    public?: string[];
    management?: string[];
}

export interface DeploymentSpec {
    hosts?: HostSpec[];
    products: GroupSpec[];
    exposure?: ExposureSpec;
}
