/**
 * Identity Server twice, API Manager and Micro Integrator on one Docker host: the planner
 * gives each its own offset, the component publishes exactly those ports.
 * Run: `pulumi stack init dev && pulumi up` in this folder (needs a local Docker daemon).
 */
import { Deployment } from "pulumi-wso2";

const wso2 = new Deployment("wso2", {
    products: [
        { name: "is", product: "identity-server", version: "7.0.0", instanceCount: 2, config: { server: { hostname: "localhost" } } },
        { name: "apim", product: "api-manager", version: "4.3.0" },
        { name: "mi", product: "micro-integrator", version: "4.2.0" },
    ],
    // Management ports stay on 127.0.0.1 (the default bind); this only widens the firewall rules.
    exposure: { public: ["0.0.0.0/0"], management: ["192.0.2.0/24"] },
});

export const plan = wso2.plan;
export const ports = wso2.ports;
export const deploymentTomls = wso2.deploymentTomls;
export const firewallRules = wso2.firewallRules;
// Who can reach which port, keyed host/instance/port/protocol: `pulumi preview --diff` shows an opened port as one added key.
export const exposure = wso2.exposure;
