/**
 * Docker names shared by the Docker target and the host firewall: the firewall must admit
 * the bridge the target creates, and `render` writes that firewall without a Pulumi engine.
 */

/** The component name the root program and the examples use, and `render`'s default. */
export const DEFAULT_DEPLOYMENT_NAME = "wso2";

/** One network per (component, host): Docker names are per daemon, so the component name keeps deployments apart. */
export function networkName(component: string, host: string): string {
    return `${component}-${host}`;
}

/**
 * The Linux bridge interface of that network (`com.docker.network.bridge.name`), named so a
 * host firewall can match it. Linux caps interface names at 15 bytes, so it carries a hash
 * of the network name, as Docker's own `br-<network id>` does.
 */
export function bridgeInterfaceName(network: string): string {
    const { createHash } = require("node:crypto") as typeof import("node:crypto"); // loaded by those who name bridges, not by every command
    return `wso2-${createHash("sha256").update(network).digest("hex").slice(0, 10)}`;
}
