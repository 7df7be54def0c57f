/**
 * The deployment spec: one shape for spec files (YAML/JSON), the `wso2:deployment` stack
 * config and the component's args (docs/spec-shape.md). Plain data only, so the planner can
 * run before any Pulumi engine exists.
 *
 * This file is also the source of `schema/deployment.schema.json` (`npm run schema`): doc
 * comments become the schema's descriptions, and `@minimum`/`@pattern`-style tags its
 * constraints. Closed sets are `as const` objects with a type of the same name, not
 * string-literal unions, so Pulumi's schema inference turns them into enums.
 */
import type { Plan } from "../plan/types";

/** A WSO2 product the port catalog knows. */
export const Product = {
    IdentityServer: "identity-server",
    ApiManager: "api-manager",
    MicroIntegrator: "micro-integrator",
    StreamingIntegrator: "streaming-integrator",
} as const;
export type Product = (typeof Product)[keyof typeof Product];

/** An API Manager profile; which profiles a version has is a catalog fact, checked when the spec is resolved. */
export const Profile = {
    AllInOne: "all-in-one",
    Gateway: "gateway",
    ControlPlane: "control-plane",
    TrafficManager: "traffic-manager",
    KeyManager: "key-manager",
    GatewayWorker: "gateway-worker",
    ApiKeyManager: "api-key-manager",
    ApiDevportal: "api-devportal",
    ApiPublisher: "api-publisher",
} as const;
export type Profile = (typeof Profile)[keyof typeof Profile];

export const Protocol = { Tcp: "tcp", Udp: "udp" } as const;
export type Protocol = (typeof Protocol)[keyof typeof Protocol];

/**
 * Who may reach a port: `public` and `management` open to the CIDRs of `exposure`,
 * `internal` never opens, `cluster` opens to the group's member hosts only.
 */
export const ExposureClass = {
    Public: "public",
    Management: "management",
    Internal: "internal",
    Cluster: "cluster",
} as const;
export type ExposureClass = (typeof ExposureClass)[keyof typeof ExposureClass];

/** How Hazelcast members find each other; `none` runs each instance on its own. */
export const ClusteringScheme = {
    Wka: "wka",
    Multicast: "multicast",
    Kubernetes: "kubernetes",
    None: "none",
} as const;
export type ClusteringScheme = (typeof ClusteringScheme)[keyof typeof ClusteringScheme];

/** How a group's `public` ports are offered on Kubernetes. */
export const KubernetesServiceType = {
    ClusterIP: "ClusterIP",
    LoadBalancer: "LoadBalancer",
    NodePort: "NodePort",
} as const;
export type KubernetesServiceType = (typeof KubernetesServiceType)[keyof typeof KubernetesServiceType];

/** A machine the servers run on. */
export interface HostSpec {
    /**
     * Host name: lower-case letters, digits and '-'.
     * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
     * @maxLength 63
     */
    name: string;
    /**
     * What WKA members, firewall rules and Docker bind addresses use: an IPv4/IPv6 address or a DNS name.
     * @minLength 1
     */
    address: string;
}

/** Who may reach each exposure class. */
export interface ExposureSpec {
    /** CIDRs (or single addresses) allowed to reach `public` ports; default `0.0.0.0/0`. */
    public?: string[];
    /** CIDRs (or single addresses) allowed to reach `management` ports; default nobody. */
    management?: string[];
}

/** Hazelcast clustering of a group. */
export interface ClusteringSpec {
    /** How members find each other: wka, multicast, kubernetes or none. */
    scheme: ClusteringScheme;
    /**
     * Hazelcast cluster domain; defaults to `wso2.<group>.domain` so groups never merge.
     * @minLength 1
     */
    domain?: string;
}

/** The groups a group uses, by role; a link is implicit when the deployment has exactly one candidate. */
export interface ConnectSpec {
    /** The control-plane group (API-M 4.x) this group talks to. */
    controlPlane?: string;
    /** The traffic-manager group this group publishes events to and throttles with. */
    trafficManager?: string;
    /** The key-manager group that validates this group's tokens. */
    keyManager?: string;
    /** The group whose service catalog a Micro Integrator registers its services in. */
    serviceCatalog?: string;
    /** The Developer Portal group (API-M 3.2 `api-devportal`) an API-M 3.2 publisher links its APIs to. */
    devportal?: string;
}

/** A port the user adds, or a catalog port whose number, exposure or shift the user overrides. */
export interface PortOverride {
    /**
     * Port name: a catalog port's name, or a new one (1-15 lower-case letters, digits or '-', with a letter).
     * @pattern ^(?=.*[a-z])[a-z0-9]([-a-z0-9]*[a-z0-9])?$
     * @maxLength 15
     */
    name: string;
    /**
     * Port number before the offset.
     * @asType integer
     * @minimum 1
     * @maximum 65535
     */
    port?: number;
    /** tcp (default) or udp. */
    protocol?: Protocol;
    /** Who may reach the port: public, management, internal or cluster. */
    exposure?: ExposureClass;
    /** Whether the port offset moves this port; default true. */
    shifts?: boolean;
    /** What the port is for, shown in the plan. */
    purpose?: string;
    /** Drop a catalog port entirely (e.g. JMX disabled in deployment.toml). */
    disabled?: boolean;
    /**
     * Whether the server binds this port, whatever the catalog infers from the config
     * (for facts marked inferred, or switches hard-coded in WSO2's templates).
     */
    enabled?: boolean;
}

/** One server of a group; every field is optional. */
export interface InstanceSpec {
    /**
     * Instance name; default `<group>-<n>`.
     * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
     * @maxLength 63
     */
    name?: string;
    /** Name of the host (in `hosts`) it runs on; default: spread round-robin over the hosts. */
    host?: string;
    /**
     * Port offset; default: the smallest free one on its host.
     * @asType integer
     * @minimum 0
     */
    offset?: number;
    /**
     * Hazelcast local member port (clustered groups only); default: the first free from 4000.
     * @asType integer
     * @minimum 1
     * @maximum 65535
     */
    localMemberPort?: number;
    /** deployment.toml settings for this instance only, as an object; deep-merged over the group's. */
    config?: { [key: string]: any };
    /** deployment.toml settings for this instance only, as TOML text (YAML for Streaming Integrator). */
    configToml?: string;
}

/** A group of servers of one product, version and profile. */
export interface GroupSpec {
    /**
     * Group name; instances are `<name>-1`, `<name>-2`, ... unless named.
     * @pattern ^[a-z]([-a-z0-9]*[a-z0-9])?$
     * @maxLength 40
     */
    name: string;
    /** Which WSO2 product the group runs. */
    product: Product;
    /**
     * Exact product version, such as "7.0.0" (quote it in YAML).
     * @pattern ^\d+\.\d+\.\d+$
     */
    version: string;
    /** API Manager profile; default all-in-one. */
    profile?: Profile;
    /**
     * How many instances, named `<name>-1`, `<name>-2`, ...; or give `instances` instead.
     * @asType integer
     * @minimum 1
     * @maximum 1000
     */
    instanceCount?: number;
    /**
     * The instances one by one; or give `instanceCount` instead. Default: one instance.
     * @minItems 1
     * @maxItems 1000
     */
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
    /**
     * Container image; defaults per product and version.
     * @minLength 1
     */
    image?: string;
}

/**
 * Host address each exposure class is published on (Docker `-p ip:port:port`): an IP, or
 * `host` for each host's own `address`, so one setting fits every host.
 */
export interface DockerBindAddresses {
    /** Default 0.0.0.0. */
    public?: string;
    /** Default 127.0.0.1. */
    management?: string;
    /** Default 127.0.0.1. */
    internal?: string;
    /** Default `host`. */
    cluster?: string;
}

/** The Docker target (the default when neither `docker` nor `kubernetes` is given). */
export interface DockerSettings {
    /** Docker daemon URL per host name (e.g. `ssh://wso2@10.0.0.11`); hosts left out use the default daemon. */
    daemons?: { [hostName: string]: string };
    /**
     * Where each exposure class is published. Docker writes its own iptables rules, so a
     * published port bypasses host firewalls such as ufw: the bind address is what really
     * limits who reaches a port.
     */
    bind?: DockerBindAddresses;
    /** Run every clustered instance on the host's network instead of a bridge; multicast groups always do. */
    hostNetworkForClusters?: boolean;
    /**
     * Docker restart policy; default `unless-stopped`.
     * @minLength 1
     */
    restart?: string;
    /**
     * Wait for each container's health check to pass before its creation (or replacement)
     * counts as done, so `pulumi up` fails and names the instance whose server does not come
     * up. Default true.
     */
    wait?: boolean;
    /**
     * How long one container may take to become healthy; default 300 s (a WSO2 start takes minutes).
     * @asType integer
     */
    waitTimeoutSeconds?: number;
}

/** The Kubernetes target. */
export interface KubernetesSettings {
    /**
     * Namespace of every object; it must exist. Default `wso2`.
     * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
     * @maxLength 63
     */
    namespace?: string;
    /** Type of each group's Service for its `public` ports. Default `ClusterIP`. */
    serviceType?: KubernetesServiceType;
    /**
     * Run the servers on their nodes' network: the spec's hosts are then the nodes and each
     * instance gets its own StatefulSet pinned to its node. Default false.
     */
    hostNetwork?: boolean;
    /** Container image per group name; wins over the group's `image` and the catalog's. */
    images?: { [group: string]: string };
    /** hostNetwork only: the node (its `kubernetes.io/hostname` label) per spec host name. Default: the host's name. */
    nodeNames?: { [host: string]: string };
    /**
     * The cluster's DNS domain, for pod addresses in WKA member lists. Default `cluster.local`.
     * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$
     */
    clusterDomain?: string;
    /** Create the namespace too (default false: it must exist). */
    createNamespace?: boolean;
    /**
     * Requests and limits per group name, over WSO2's published minimums (API-M 2 CPU/2Gi
     * requested, IS 2/2Gi, MI 500m/512Mi; see catalog/health.ts).
     */
    resources?: { [group: string]: KubernetesResources };
    /**
     * CIDRs the kubelet's probes come from (the nodes), for CNIs that apply NetworkPolicies
     * to traffic from the pod's own node. Most (Calico, Cilium) always admit it; default none.
     */
    probeSources?: string[];
}

/** Kubernetes quantities, e.g. `{ requests: { cpu: "2", memory: "2Gi" } }`. */
export interface KubernetesResources {
    /** What the scheduler reserves for each pod of the group. */
    requests?: KubernetesQuantities;
    /** The most each pod of the group may use. */
    limits?: KubernetesQuantities;
}

/** CPU and memory as Kubernetes quantities. */
export interface KubernetesQuantities {
    /** CPU, e.g. "2" or "500m". */
    cpu?: string;
    /** Memory, e.g. "2Gi" or "512Mi". */
    memory?: string;
}

/** A WSO2 deployment: hosts, product groups, who may reach them, and where they run. */
export interface DeploymentSpec {
    /**
     * The machines; default one host `local` at 127.0.0.1.
     * @minItems 1
     */
    hosts?: HostSpec[];
    /**
     * The product groups.
     * @minItems 1
     */
    products: GroupSpec[];
    /** Who may reach the public and management ports (CIDRs). */
    exposure?: ExposureSpec;
    /** Run on Docker (the default when neither target is given). */
    docker?: DockerSettings;
    /** Run on Kubernetes. */
    kubernetes?: KubernetesSettings;
    /** Environment variables for every server, by name (e.g. ADMIN_PASSWORD for `$env{ADMIN_PASSWORD}`); kept secret. */
    secrets?: { [envName: string]: string };
    /** A plan made before (the `plan` output, or plan.json): keeps every instance's offset and host. */
    previousPlan?: Plan;
}
