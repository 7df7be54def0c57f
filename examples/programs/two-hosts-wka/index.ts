/**
 * The spec of examples/specs/two-hosts-wka.yaml on two Docker hosts reached over SSH:
 * IS and API-M as WKA clusters across both hosts, MI alone. Cluster ports are published on
 * each host's own address, management ports too (bind "host"), so only the firewall rules
 * and the members' addresses decide who gets in.
 * Run: `pulumi stack init dev && pulumi up` in this folder (needs SSH access to both Docker hosts).
 */
import * as docker from "@pulumi/docker";
import { Deployment, HostSpec } from "../../../src";

const hosts: HostSpec[] = [
    { name: "host-a", address: "10.0.0.11" },
    { name: "host-b", address: "10.0.0.12" },
];

// One Docker provider per host; the component hands each host's children its own.
const providers = Object.fromEntries(hosts.map((h) => [h.name, new docker.Provider(h.name, { host: `ssh://wso2@${h.address}` })]));

const wso2 = new Deployment("wso2", {
    hosts,
    products: [
        { name: "is", product: "identity-server", version: "7.0.0", instances: 2, clustering: { scheme: "wka" }, config: { server: { hostname: "iam.example.com" } } },
        {
            name: "apim", product: "api-manager", version: "4.3.0", profile: "all-in-one", clustering: { scheme: "wka" },
            instances: [{ name: "apim-1", host: "host-a", offset: 10 }, { name: "apim-2", host: "host-b" }],
        },
        { name: "mi", product: "micro-integrator", version: "4.2.0", instances: [{ name: "mi-1", host: "host-a" }] },
    ],
    exposure: { public: ["0.0.0.0/0"], management: ["10.0.0.0/8"] },
    target: { docker: { bind: { management: "host" } } },
    providers,
});

export const plan = wso2.plan;
export const ports = wso2.ports;
export const deploymentTomls = wso2.deploymentTomls;
export const firewallRules = wso2.firewallRules;
