/** The attacks of issue 10 as inputs, and the small specs they go into. Documentation ranges only. */
import { DeploymentSpec } from "../../src/spec/types";

export const ATTACKS = {
    /** Finding 1: text after the first '/' used to reach firewall.nft as written. */
    mcastAddress: [
        "228.0.0.4/32 accept; }; }; insert rule inet wso2 input accept; table inet x { chain y {",
        "228.0.0.4/32 accept; }; }; flush ruleset; table inet x { chain y {",
        "228.0.0.4\n}\n}\nflush ruleset",
        "228.0.0.4 accept",
        "228.000.0.4",
        "ff02::1%eth0",
    ],
    /** Finding 3: a host address pasted into `ip saddr { ... }`. */
    hostAddress: ["192.0.2.11/32,0.0.0.0/0", "192.0.2.11, 0.0.0.0/0", "192.0.2.11 } accept; ip saddr { 0.0.0.0/0", "0.0.0.0/0", "192.0.2.011"],
    /** Finding 4: prefixes nft reads as octal, host bits, and other loose spellings. */
    exposure: ["10.1.0.0/016", "203.0.112.0/024", "10.0.0.1/8", "10.0.0.0/8 accept", "10.0.0.0/8,0.0.0.0/0"],
};

/** A multicast group with its members on two hosts, and a given `[clustering.properties] mcastAddress`. */
export function mcastSpec(mcastAddress: unknown): DeploymentSpec {
    return {
        hosts: [{ name: "h1", address: "192.0.2.10" }, { name: "h2", address: "192.0.2.11" }],
        products: [{
            name: "ism", product: "identity-server", version: "7.0.0", instanceCount: 2, clustering: { scheme: "multicast" },
            ...(typeof mcastAddress === "string" && mcastAddress.startsWith("[") ? { configToml: mcastAddress } : { config: { clustering: { properties: { mcastAddress } } } }),
        }],
        exposure: { public: ["198.51.100.0/24"], management: ["203.0.113.0/24"] },
    };
}

/** A WKA group with a member on the firewall's host ("wso2", 192.0.2.10) and one on `peer` at `peerAddress`. */
export function clusterSpec(peerAddress: string): DeploymentSpec {
    return {
        hosts: [{ name: "wso2", address: "192.0.2.10" }, { name: "peer", address: peerAddress }],
        products: [{ name: "is", product: "identity-server", version: "7.0.0", instanceCount: 2, clustering: { scheme: "wka" } }],
        exposure: { public: ["198.51.100.0/24"], management: ["203.0.113.0/24"] },
    };
}
