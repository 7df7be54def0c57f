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
    /**
     * Wait for each container's health check to pass before its creation (or replacement)
     * counts as done, so `pulumi up` fails and names the instance whose server does not come
     * up. Default true.
     */
    wait?: boolean;
    /** How long one container may take to become healthy; default 300 s (a WSO2 start takes minutes). */
    waitTimeoutSeconds?: number;
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

/** Docker's HEALTHCHECK for one container, run inside it against its own planned port. */
export interface DockerHealthcheckPlan {
    tests: string[];
    interval: string;
    timeout: string;
    retries: number;
    /** Failures while the server starts do not count; the wait timeout still bounds the whole start. */
    startPeriod: string;
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
    healthcheck?: DockerHealthcheckPlan;
    /** Whether `pulumi up` waits for the health check, and for how long (seconds). */
    wait: { enabled: boolean; timeoutSeconds: number };
    /**
     * The fellow cluster member (instance name) this one is created and replaced after, so
     * members are replaced one at a time and each waits for the one before to be healthy.
     */
    after?: string;
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
