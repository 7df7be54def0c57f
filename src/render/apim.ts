/**
 * API Manager gateway environments: the Developer Portal shows the WebSocket and WebSub
 * URLs of `[[apim.gateway.environment]]`, unshifted unless they are set (port-catalog.md
 * [API Manager 3.x / 4.x], product-apim issues 8083 and 3422). So each environment entry gets them
 * from the instance's shifted ports, unless the user already set one (e.g. a load balancer).
 */
import { urlHostText } from "../net/address";
import { PlannedInstance } from "../plan/types";
import { ProblemList } from "../spec/errors";
import { originOf } from "./apply";
import { ConfigSource } from "./source";
import { getPath, isTable, Table } from "./tree";

export const GATEWAY_ENVIRONMENT_PATH = ["apim", "gateway", "environment"];

/** Endpoint key, the catalog port it points at, and the URL scheme. */
const ENDPOINTS: { key: string; port: string; scheme: string }[] = [
    { key: "ws_endpoint", port: "ws", scheme: "ws" },
    { key: "wss_endpoint", port: "wss", scheme: "wss" },
    { key: "websub_event_receiver_http_endpoint", port: "websub", scheme: "http" },
    { key: "websub_event_receiver_https_endpoint", port: "websub-https", scheme: "https" },
];

/** The URLs this instance serves, by key; empty for profiles without gateway ports (control plane, traffic manager). */
export function gatewayEndpoints(planned: PlannedInstance, host: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of ENDPOINTS) {
        const port = planned.ports.find((p) => p.name === e.port);
        if (port) out[e.key] = `${e.scheme}://${urlHostText(host)}:${port.port}`;
    }
    return out;
}

/**
 * Fills the endpoints into every environment the user gave. None given: none is made up,
 * since an entry needs a name, type and service URL only the user's stock file has.
 */
export function fillGatewayEndpoints(merged: Table, planned: PlannedInstance, sources: ConfigSource[], problems: ProblemList): void {
    if (planned.product !== "api-manager") return;
    const environments = getPath(merged, GATEWAY_ENVIRONMENT_PATH);
    if (environments === undefined) return;
    if (!Array.isArray(environments) || !environments.every(isTable)) {
        const source = originOf(sources, GATEWAY_ENVIRONMENT_PATH);
        problems.add(source.specPath, `instance "${planned.name}": \`apim.gateway.environment\` must be a list of tables (\`[[apim.gateway.environment]]\` in TOML), one per gateway environment`, planned.name);
        return;
    }
    const hostname = getPath(merged, ["server", "hostname"]);
    const endpoints = gatewayEndpoints(planned, typeof hostname === "string" && hostname !== "" ? hostname : planned.address);
    for (const env of environments as Table[]) {
        for (const [key, url] of Object.entries(endpoints)) if (env[key] === undefined) env[key] = url;
    }
}
