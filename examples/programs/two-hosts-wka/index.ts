/**
 * The spec of examples/specs/two-hosts-wka.yaml on two Docker hosts reached over SSH:
 * IS and API-M as WKA clusters across both hosts, MI alone. Cluster ports are published on
 * each host's own address, management ports too (bind "host"), so only the firewall rules
 * and the members' addresses decide who gets in.
 * Run: `pulumi stack init dev && pulumi up` in this folder (needs SSH access to both Docker hosts).
 */
import { Deployment, HostSpec } from "pulumi-wso2";

const hosts: HostSpec[] = [
    { name: "host-a", address: "10.0.0.11" },
    { name: "host-b", address: "10.0.0.12" },
];

const wso2 = new Deployment("wso2", {
    hosts,
    products: [
        { name: "is", product: "identity-server", version: "7.0.0", instanceCount: 2, clustering: { scheme: "wka" }, config: { server: { hostname: "iam.example.com" } } },
        {
            name: "apim", product: "api-manager", version: "4.3.0", profile: "all-in-one", clustering: { scheme: "wka" },
            instances: [{ name: "apim-1", host: "host-a", offset: 10 }, { name: "apim-2", host: "host-b" }],
        },
        { name: "mi", product: "micro-integrator", version: "4.2.0", instances: [{ name: "mi-1", host: "host-a" }] },
    ],
    exposure: { public: ["0.0.0.0/0"], management: ["10.0.0.0/8"] },
    // One Docker daemon per host; the component builds a provider for each and hands it that host's children.
    docker: { bind: { management: "host" }, daemons: Object.fromEntries(hosts.map((h) => [h.name, `ssh://wso2@${h.address}`])) },
});

export const plan = wso2.plan;
export const ports = wso2.ports;
export const deploymentTomls = wso2.deploymentTomls;
export const firewallRules = wso2.firewallRules;
// Who can reach which port, keyed host/instance/port/protocol: `pulumi preview --diff` shows an opened port as one added key.
export const exposure = wso2.exposure;
