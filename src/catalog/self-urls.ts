/**
 * Config keys that hold a server's URLs to itself. WSO2's stock deployment.toml writes some
 * of them with literal unshifted ports (`ws_endpoint = "ws://localhost:9099"`), which the
 * offset does not move although the listener does: the renderer moves them to the planned
 * port when they name the instance itself, and reports them when they name another host.
 * `*` stands for every element of an array of tables.
 */
export interface SelfUrlKey {
    path: string[];
    /** The catalog port the URL points at. */
    port: string;
    /**
     * `self`: the key describes this instance (its gateway URLs, its Developer Portal), so a
     * URL naming another host at the unshifted port is reported. `local`: the key may point at
     * a peer (h12's wiring); only a loopback URL at this instance's unshifted port, which no
     * other instance on the host owns, is taken as a self reference and moved.
     */
    kind: "self" | "local";
    source: string;
}

const APIM_TOML = "wso2/product-apim modules/distribution/product/src/main/conf/deployment.toml v3.2.0, v4.3.0";
const WIRING = "shared/reference/wiring.md §6 (literal self references), §8 P2, P6";
const env = (key: string, port: string): SelfUrlKey => ({ path: ["apim", "gateway", "environment", "*", key], port, kind: "self", source: `${APIM_TOML}; ${WIRING}` });
const local = (path: string, port: string, source = WIRING): SelfUrlKey => ({ path: path.split("."), port, kind: "local", source });

export const SELF_URL_KEYS: readonly SelfUrlKey[] = [
    env("ws_endpoint", "ws"),
    env("wss_endpoint", "wss"),
    env("websub_event_receiver_http_endpoint", "websub"),
    env("websub_event_receiver_https_endpoint", "websub-https"),
    env("http_endpoint", "passthru-http"),
    env("https_endpoint", "passthru-https"),
    env("service_url", "https"),
    { path: ["apim", "devportal", "url"], port: "https", kind: "self", source: `carbon-apimgt api-manager.xml.j2 (default https://localhost:\${mgt.transport.https.port}/devportal); ${WIRING}` },
    local("apim.throttling.throttle_decision_endpoints", "amqp"),
    local("apim.event_hub.event_listening_endpoints", "amqp"),
    local("apim.throttling.service_url", "https"),
    local("apim.event_hub.service_url", "https"),
    local("apim.key_manager.service_url", "https"),
    local("apim.oauth_config.revoke_endpoint", "https"),
    local("apim.throttling.url_group.*.traffic_manager_urls", "binary"),
    local("apim.throttling.url_group.*.traffic_manager_auth_urls", "binary-ssl"),
    local("event_listener.*.properties.notification_endpoint", "https", `${APIM_TOML}; ${WIRING}`),
];
