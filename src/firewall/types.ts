import { ExposureClass, Protocol } from "../spec/types";

/** A provider-neutral inbound rule derived from the plan. */
export interface FirewallRule {
    /** The spec host the rule belongs on. */
    host: string;
    /**
     * Always `ingress`: every rule admits inbound traffic to a planned port. A plain string,
     * not a one-value literal type, which Pulumi's schema inference cannot express.
     */
    direction: string;
    /** tcp or udp. */
    protocol: Protocol;
    /** The port number the server listens on. */
    port: number;
    /**
     * CIDRs allowed in (for cluster ports: the member hosts' addresses as /32 or /128). A host
     * whose `address` is a DNS name appears here as that name: a cloud hook may resolve it, the
     * nftables renderer leaves it closed (nft would resolve it once, at load time).
     */
    sources: string[];
    /** The instance listening on the port. */
    instance: string;
    /** The catalog port's name, e.g. "https". */
    portName: string;
    /** The port's exposure class, which chose the sources. */
    exposure: ExposureClass;
    /** What the port is for. */
    purpose: string;
    /**
     * The linked instances (on other hosts) whose hosts are among `sources` because they dial
     * this port (wiring: a gateway to its traffic manager's 9611, say); absent when none.
     */
    peers?: string[];
    /** Multicast only: the group address the packets are sent to; absent for unicast ports. */
    destination?: string;
}

export interface FirewallOptions {
    /**
     * Multicast group per clustering group name, where deployment.toml sets
     * `[clustering.properties] mcastAddress`; others use Hazelcast's default group.
     */
    multicastGroups?: Record<string, string>;
    /**
     * Per host, the Docker bridge interface this deployment's containers sit on. A container
     * that dials a fellow member's cluster port on the host address arrives from that bridge
     * with its container address (through docker-proxy on the input path, or hairpin NAT on
     * the forward path), not with a member host's address, so the nftables ruleset admits
     * the bridge to cluster ports. Containers on one bridge reach each other directly anyway.
     */
    dockerBridges?: Record<string, string>;
    /** The nftables table; default `wso2`. One per deployment, so two on a host do not replace each other's. */
    nftTable?: string;
}
