import { Protocol } from "../../spec/types";

export { DockerBindAddresses } from "../../spec/types";
export type { DockerSettings as DockerTargetArgs } from "../../spec/types";

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
    /**
     * Arguments to the image's entrypoint: an API-M profile's start options
     * (`--optimize -Dprofile=... --skipConfigOptimization`); empty for the image's default.
     */
    command: string[];
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
