/** Stock self URLs with unshifted ports are moved to the planned port or reported, never kept (issue 11). */
import { strict as assert } from "node:assert";
import { parse as parseToml } from "smol-toml";
import { getPath, Table } from "../../src/render/tree";
import { APIM, configOf, IS, ONE_HOST, renderProblems, renderSpec } from "./helpers";

/** The gateway part of API-M's stock deployment.toml, as users paste it (product-apim v4.3.0). */
const STOCK = `
[[apim.gateway.environment]]
name = "Default"
type = "hybrid"
service_url = "https://localhost:\${mgt.transport.https.port}/services/"
ws_endpoint = "ws://localhost:9099"
wss_endpoint = "wss://localhost:8099"
http_endpoint = "http://localhost:\${http.nio.port}"
https_endpoint = "https://localhost:\${https.nio.port}"
websub_event_receiver_http_endpoint = "http://localhost:9021"
websub_event_receiver_https_endpoint = "https://localhost:8021"

[apim.devportal]
url = "https://192.0.2.10:9443/devportal"

[apim.throttling]
throttle_decision_endpoints = ["tcp://localhost:5672"]
`;

const back = (text: string) => parseToml(text) as Table;

describe("render: self URLs on unshifted default ports", () => {
    it("moves the stock gateway, Developer Portal and broker self URLs to the planned ports; placeholders stay", () => {
        const r = renderSpec({ hosts: ONE_HOST, products: [{ name: "am", ...APIM, instances: [{ offset: 10 }], configToml: STOCK }] });
        const t = back(configOf(r, "am-1").text);
        const env = (getPath(t, ["apim", "gateway", "environment"]) as Table[])[0];
        assert.deepEqual(
            [env.ws_endpoint, env.wss_endpoint, env.websub_event_receiver_http_endpoint, env.websub_event_receiver_https_endpoint],
            ["ws://localhost:9109", "wss://localhost:8109", "http://localhost:9031", "https://localhost:8031"],
        );
        assert.equal(env.http_endpoint, "http://localhost:${http.nio.port}");
        assert.equal(env.service_url, "https://localhost:${mgt.transport.https.port}/services/");
        assert.equal(getPath(t, ["apim", "devportal", "url"]), "https://192.0.2.10:9453/devportal");
        assert.deepEqual(getPath(t, ["apim", "throttling", "throttle_decision_endpoints"]), ["tcp://localhost:5682"]);
    });

    it("reports a self URL that names another host (a load balancer) at the unshifted port: instance, key, value, planned port", () => {
        const problems = renderProblems({ hosts: ONE_HOST, products: [{ name: "am", ...APIM, instances: [{ offset: 10 }], config: {
            apim: { gateway: { environment: [{ name: "Default", ws_endpoint: "ws://lb.example.com:9099" }] }, devportal: { url: "https://lb.example.com:9443/devportal" } },
        } }] });
        assert.equal(problems.length, 2);
        assert.match(problems[0].message, /instance "am-1": `apim\.gateway\.environment\[0\]\.ws_endpoint` = "ws:\/\/lb\.example\.com:9099" points at host lb\.example\.com on 9099, the unshifted default of "ws", but this instance listens on 9109/);
        assert.match(problems[1].message, /`apim\.devportal\.url` = "https:\/\/lb\.example\.com:9443\/devportal" .* listens on 9453/);
        assert.equal(problems[0].path, "products[0].config");
    });

    it("leaves a peer's URL alone: another host, or a loopback port another instance on the host owns", () => {
        const r = renderSpec({ hosts: ONE_HOST, products: [
            { name: "is", ...IS },
            { name: "am", ...APIM, instances: [{ offset: 10 }], config: { apim: {
                key_manager: { service_url: "https://localhost:9443/services/" },
                event_hub: { service_url: "https://cp.example.com:9443/services/" },
            } } },
        ] });
        const t = back(configOf(r, "am-1").text);
        assert.equal(getPath(t, ["apim", "key_manager", "service_url"]), "https://localhost:9443/services/", "9443 on this host is is-1's");
        assert.equal(getPath(t, ["apim", "event_hub", "service_url"]), "https://cp.example.com:9443/services/");
    });

    it("leaves URLs at offset 0 and a control plane's remote gateway environments as they are", () => {
        const r = renderSpec({ hosts: ONE_HOST, products: [
            { name: "aio", ...APIM, configToml: STOCK },
            { name: "cp", ...APIM, profile: "control-plane", instances: [{ offset: 20 }], config: { apim: { gateway: { environment: [{ name: "gw", ws_endpoint: "ws://gw.example.com:9099" }] } } } },
        ] });
        const aio = (getPath(back(configOf(r, "aio-1").text), ["apim", "gateway", "environment"]) as Table[])[0];
        assert.equal(aio.ws_endpoint, "ws://localhost:9099");
        const cp = (getPath(back(configOf(r, "cp-1").text), ["apim", "gateway", "environment"]) as Table[])[0];
        assert.equal(cp.ws_endpoint, "ws://gw.example.com:9099", "the control plane listens on no WebSocket port: this is a remote gateway");
    });
});
