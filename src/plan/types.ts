import { LinkRole } from "../catalog/wiring";
import { ClusteringScheme, ExposureClass, HostSpec, Product, Protocol } from "../spec/types";

/** One port an instance listens on. */
export interface PlannedPort {
    /** The catalog port's name, e.g. "https". */
    name: string;
    /**
     * The number the server really listens on, after the offset.
     * @asType integer
     * @minimum 1
     * @maximum 65535
     */
    port: number;
    /** tcp or udp. */
    protocol: Protocol;
    /** Who may reach it: public, management, internal or cluster. */
    exposure: ExposureClass;
    /** Whether the offset moved this port (false for clustering ports and unshifted user ports). */
    shifted: boolean;
    /** What the port is for. */
    purpose: string;
}

export interface PlannedClustering {
    scheme: Exclude<ClusteringScheme, "none">;
    domain: string;
    /**
     * Hazelcast's own TCP port, unique on the host (every scheme binds it, multicast too).
     * @multipleOf 1
     * @minimum 1
     * @maximum 65535
     */
    localMemberPort: number | null;
    /** WKA only: `address:localMemberPort` of every member, this one included, sorted. */
    members: string[];
}

export interface PlannedInstance {
    name: string;
    group: string;
    product: Product;
    version: string;
    profile: string | null;
    host: string;
    address: string;
    /**
     * @asType integer
     * @minimum 0
     */
    offset: number;
    /** Sorted by port, then protocol. */
    ports: PlannedPort[];
    clustering: PlannedClustering | null;
}

/** One group using another in a role (`connect`), as the planner resolved it. */
export interface PlannedLink {
    /** The group that dials. */
    group: string;
    role: LinkRole;
    /** The group it dials. */
    target: string;
    /** True when the spec did not name it: the deployment had exactly one candidate, or the role fell back (a TM inside the CP). */
    implicit: boolean;
}

/**
 * A plan as the component's args and outputs carry it: JSON data of a `Plan`. Pulumi's
 * schema has no null (a plan holds `profile: null`, `clustering: null`), so the schema other
 * languages see types it as a free-form object; they only pass it back as `previousPlan`.
 */
export type PlanData = { [key: string]: any };

/** The port plan; also the JSON of `wso2-ports plan --json` and `plan.json`. */
export interface Plan {
    hosts: HostSpec[];
    exposure: PlannedExposure;
    instances: PlannedInstance[];
    /** Links between groups, sorted by group and role; absent in plans made before links existed. */
    links?: PlannedLink[];
}

/** The exposure the plan was made with, defaults filled in. */
export interface PlannedExposure {
    public: string[];
    management: string[];
}
