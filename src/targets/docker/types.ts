import { ExposureClass, Protocol } from "../../spec/types";

/**
 * Host address each exposure class is published on (Docker `-p ip:port:port`): an IP, or
 * `host` for each host's own `address`, so one setting fits every host.
 */
export type DockerBindAddresses = Partial<Record<ExposureClass, string>>;

/** `target: { docker: { ... } }` in the component's args. */
export interface DockerTargetArgs {
    /**
     * Where each exposure class is published. Defaults: `public` 0.0.0.0, `management` and
     * `internal` 127.0.0.1, `cluster` `host` (the host's own `address`). Docker writes its own
     * iptables rules, so a published port bypasses host firewalls such as ufw: the bind
     * address is what really limits who reaches a port.
     */
    bind?: DockerBindAddresses;
    /**
     * Run every clustered instance on the host's network instead of a bridge with published
     * ports. Multicast groups always do (see `usesHostNetwork`).
     */
    hostNetworkForClusters?: boolean;
    /** Docker restart policy; default `unless-stopped`. */
    restart?: string;
}

/** One published port: internal = external, because WSO2 builds URLs from its own port. */
export interface PublishedPort {
    internal: number;
    external: number;
    ip: string;
    protocol: Protocol;
}

export interface ContainerLabelInput {
    label: string;
    value: string;
}

/** The rendered config file, placed at the product's config path through `uploads`. */
export interface ConfigUpload {
    file: string;
    content: string;
    /** The content holds passwords: the registration wraps it in `pulumi.secret`. */
    secret: boolean;
}

/** A container's inputs as plain data; the registration only adds providers and Outputs. */
export interface DockerContainerPlan {
    /** Pulumi resource name: `<component>-<instance>`. */
    resourceName: string;
    instance: string;
    host: string;
    name: string;
    image: string;
    restart: string;
    /** Empty on the host network, where nothing is published. */
    ports: PublishedPort[];
    labels: ContainerLabelInput[];
    upload: ConfigUpload;
    /** The host's bridge network (Docker name), or "host" for host networking. */
    network: { mode: "bridge"; name: string } | { mode: "host" };
}

export interface DockerNetworkPlan {
    /** Pulumi resource name: `<component>-<host>`. */
    resourceName: string;
    host: string;
    name: string;
    /** Its Linux bridge interface, which the host firewall admits to cluster ports (see names.ts). */
    bridge: string;
    labels: ContainerLabelInput[];
}

export interface DockerTargetPlan {
    networks: DockerNetworkPlan[];
    containers: DockerContainerPlan[];
}
