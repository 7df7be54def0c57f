/**
 * Kubernetes target settings as plain data: what the manifests depend on. The Pulumi-only
 * part (the provider) is added in index.ts, so the pure core never imports Pulumi.
 */

/** How a group's `public` ports are offered: ClusterIP (default), or published by the cluster. */
export type KubernetesServiceType = "ClusterIP" | "LoadBalancer" | "NodePort";

export interface KubernetesSettings {
    /** Namespace of every object; it must exist. Default `wso2`. */
    namespace?: string;
    /** Type of each group's Service for its `public` ports. Default `ClusterIP`. */
    serviceType?: KubernetesServiceType;
    /**
     * Run the servers on their nodes' network. The spec's hosts are then the nodes, offsets
     * differ per node exactly as on a Docker host, and each instance gets its own
     * StatefulSet pinned to its node. Default false: every pod has its own network.
     */
    hostNetwork?: boolean;
    /** Container image per group name; wins over the group's `image` and the catalog's. */
    images?: Record<string, string>;
    /**
     * hostNetwork only: the node (its `kubernetes.io/hostname` label) per spec host name,
     * for nodes whose names are not valid spec host names. Default: the host's name.
     */
    nodeNames?: Record<string, string>;
    /** The cluster's DNS domain, for pod addresses in WKA member lists. Default `cluster.local`. */
    clusterDomain?: string;
    /** Create the namespace too (default false: it must exist). */
    createNamespace?: boolean;
    /**
     * Requests and limits per group name, over WSO2's published minimums (API-M 2 CPU/2Gi
     * requested, IS 2/2Gi, MI 500m/512Mi; see catalog/health.ts).
     */
    resources?: Record<string, KubernetesResources>;
    /**
     * CIDRs the kubelet's probes come from (the nodes), for CNIs that apply NetworkPolicies
     * to traffic from the pod's own node. Most (Calico, Cilium) always admit it; default none.
     */
    probeSources?: string[];
}

/** Kubernetes quantities, e.g. `{ requests: { cpu: "2", memory: "2Gi" } }`. */
export interface KubernetesResources {
    requests?: { cpu?: string; memory?: string };
    limits?: { cpu?: string; memory?: string };
}

export type ResolvedKubernetesSettings = Required<KubernetesSettings>;
