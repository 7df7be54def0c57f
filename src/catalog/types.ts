import { ExposureClass, Product, Protocol } from "../spec/types";

export type Evidence = "code" | "doc" | "inferred";

/**
 * A clustering port is not a fixed number for the planner: the local member port is
 * handed out per instance, and multicast is a group shared by every member on a host.
 */
export type PortRole = "service" | "local-member" | "multicast";

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
    profiles?: Record<string, { ports: string[]; default?: boolean }>;
    ports: CatalogPort[];
    /** Where the config file lives in the product's container image. */
    configPath: string;
    image: (version: string) => string;
}
