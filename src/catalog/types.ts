import { ExposureClass, Product, Protocol } from "../spec/types";

export type Evidence = "code" | "doc" | "inferred";

/**
 * A clustering port is not a fixed number for the planner: the local member port is
 * handed out per instance, and multicast is a group shared by every member on a host.
 */
export type PortRole = "service" | "local-member" | "multicast";

/**
 * A setting that decides whether WSO2 binds a port at all. `key` is the deployment.toml
 * (or deployment.yaml) key path that turns it on or off; without `key` the switch is
 * hard-coded in a WSO2 template, and only a `ports:` override (`enabled: true`) turns it on.
 */
export interface PortSwitch {
    /** Key path in the product's config file, e.g. ["monitoring", "jmx", "rmi_server_start"]. */
    key?: string[];
    /** What the stock distribution does when the key is not set. */
    default: boolean;
    evidence: Evidence;
    /** The WSO2 file and release tag that say so. */
    source: string;
}

export interface CatalogPort {
    /** Short, Kubernetes-valid name (lower case, at most 15 characters). */
    name: string;
    /** The unshifted number: what the server listens on at offset 0. */
    port: number;
    protocol: Protocol;
    purpose: string;
    /** Where the number is configured (deployment.toml key, or carbon.xml element). */
    configKey?: string;
    shifts: boolean;
    exposure: ExposureClass;
    evidence: Evidence;
    /** Where in shared/reference/port-catalog.md the fact comes from. */
    source: string;
    role?: PortRole;
    /** Bound only when every switch is on; absent: always bound. */
    when?: PortSwitch[];
    /** Set by a `ports:` override: bound (true) or not (false) whatever `when` says. */
    enabled?: boolean;
}

/** How a profile starts: its own image (API-M 4.5+), or the all-in-one image with start options. */
export interface ProfileStart {
    /** The per-profile image, e.g. `wso2/wso2am-tm:<version>`; absent: the product's image. */
    image?: (version: string) => string;
    /** Where that image reads deployment.toml; absent: the product's path. */
    configPath?: string;
    /** Arguments to the image's entrypoint (it passes them to the start script). */
    args?: string[];
    evidence: Evidence;
    source: string;
}

export interface ProfileEntry {
    /** Names of the catalog ports this profile's distribution binds. */
    ports: string[];
    default?: boolean;
    start?: ProfileStart;
    /** Why this profile binds these ports: WSO2 file and tag. */
    source: string;
}

/** A base value: a scalar, or (Streaming Integrator's YAML) a list or table of them, e.g. its listener configurations. */
export type BaseValue = string | number | boolean | BaseValue[] | { [key: string]: BaseValue };

/** One key of a product's bootable base config (src/catalog/bases.ts). */
export interface BaseSetting {
    key: string[];
    value: BaseValue;
    /** The WSO2 file and tag the key and its stock value come from. */
    source: string;
}

export interface ProductCatalogEntry {
    product: Product;
    /** Inclusive lower bound, exclusive upper bound, as dotted versions. */
    versions: { from: string; until: string };
    displayName: string;
    /**
     * The offset the server uses when none is configured. Micro Integrator ships with an
     * internal offset of 10 that `[server] offset` replaces, not adds to.
     */
    defaultOffset: number;
    /** Where the offset is configured; Streaming Integrator uses YAML, not TOML. */
    configFile: "deployment.toml" | "deployment.yaml";
    /** Profiles and the names of the ports each one listens on; absent: no profiles. */
    profiles?: Record<string, ProfileEntry>;
    ports: CatalogPort[];
    /** What the renderer writes under the user's config so that a file with no config starts. */
    base: BaseSetting[];
    /**
     * The base for a group's own port numbers (`ports:` overrides), where the base itself holds
     * the listeners' ports: Streaming Integrator's Store API does not shift, so an override is
     * the only way two SI run on one host, and the file must bind what the plan says.
     */
    baseFor?: (ports: readonly CatalogPort[]) => BaseSetting[];
    /** Where the config file lives in the product's container image. */
    configPath: string;
    image: (version: string) => string;
}
