/** The settings the plan decides, as they land in each instance's file. */
import { strict as assert } from "node:assert";
import { parse as parseToml } from "smol-toml";
import { parse as parseYaml } from "yaml";
import { configPathFor, findCatalogEntry } from "../../src/catalog";
import { DEFAULT_KUBERNETES, KUBERNETES_MEMBERSHIP_CLASS } from "../../src/render";
import { APIM, configOf, IS, MI, ONE_HOST, renderSpec, SI, TWO_HOSTS } from "./helpers";

type Obj = Record<string, any>;
const toml = (text: string) => JSON.parse(JSON.stringify(parseToml(text))) as Obj;

describe("render: derived settings", () => {
    it("names each file <host>/<instance>/<configFile> with the product's container path", () => {
        const r = renderSpec({ hosts: TWO_HOSTS, products: [{ name: "is", ...IS, instanceCount: 2 }, { name: "si", ...SI }] });
        assert.deepEqual(r.configs.map((c) => c.relativePath), ["h1/is-1/deployment.toml", "h2/is-2/deployment.toml", "h1/si-1/deployment.yaml"]);
        assert.equal(configOf(r, "si-1").containerPath, configPathFor(findCatalogEntry("streaming-integrator", "4.2.0")!, "4.2.0"));
        assert.equal(configOf(r, "is-2").host, "h2");
    });

    it("always writes [server] offset, since Micro Integrator's built-in 10 is replaced, not added to", () => {
        const r = renderSpec({ hosts: ONE_HOST, products: [{ name: "mi", ...MI, instanceCount: 2 }] });
        const offsets = r.plan.instances.map((i) => i.offset);
        assert.equal(offsets[0], findCatalogEntry("micro-integrator", "4.2.0")!.defaultOffset);
        assert.deepEqual(r.configs.map((c) => toml(c.text).server.offset), offsets);
        // The second MI gets offset 0: without the key it would run at its built-in 10, on the first one's ports.
        assert.equal(offsets[1], 0);
    });

    it("writes Streaming Integrator's offset in deployment.yaml at wso2.carbon ports.offset, next to the user's YAML", () => {
        // Two on one host: the second takes its own Store API ports (they do not shift) and a new offset for the rest.
        const r = renderSpec({ hosts: ONE_HOST, products: [{ name: "si", ...SI, instanceCount: 1 }, {
            name: "si2", ...SI, configToml: "wso2.carbon:\n  id: si-node\n", ports: [{ name: "store-http", port: 7071 }, { name: "store-https", port: 7444 }],
        }] });
        const si2 = parseYaml(configOf(r, "si2-1").text) as Obj;
        assert.deepEqual(si2["wso2.carbon"], { id: "si-node", ports: { offset: r.plan.instances[1].offset } });
        assert.notEqual(r.plan.instances[1].offset, r.plan.instances[0].offset);
    });

    it("defaults hostname and node_ip to the host address; the user's own hostname wins; a DNS name keeps the base's node_ip", () => {
        const r = renderSpec({
            hosts: [{ name: "h1", address: "192.0.2.10" }, { name: "h2", address: "node-2.example.com" }],
            products: [{ name: "is", ...IS, instances: [{}, { config: { server: { hostname: "iam.example.com" } } }] }],
        });
        assert.deepEqual(toml(configOf(r, "is-1").text).server, { hostname: "192.0.2.10", node_ip: "192.0.2.10", offset: 0 });
        // node_ip must hold an IP; the mapper needs it set (clustering.local_member_host refers to it), so the stock 127.0.0.1 stays.
        assert.deepEqual(toml(configOf(r, "is-2").text).server, { hostname: "iam.example.com", node_ip: "127.0.0.1", offset: 0 });
    });

    it("writes a `ports:` override's unshifted number into the port's deployment.toml key; the plan shifts it", () => {
        const r = renderSpec({ hosts: ONE_HOST, products: [{ name: "is", ...IS, instanceCount: 2, ports: [{ name: "https", port: 9543 }] }] });
        for (const inst of r.plan.instances) {
            assert.equal(toml(configOf(r, inst.name).text).transport.https.properties.port, 9543);
            assert.equal(inst.ports.find((p) => p.name === "https")!.port, 9543 + inst.offset);
        }
        // Without an override a minimal file stays minimal: no port keys.
        assert.equal(toml(renderSpec({ hosts: ONE_HOST, products: [{ name: "is", ...IS }] }).configs[0].text).transport, undefined);
    });

    it("accepts the unshifted catalog number where the user wrote it", () => {
        const r = renderSpec({ hosts: ONE_HOST, products: [{ name: "is", ...IS, instanceCount: 2, config: { transport: { http: { properties: { port: 9763 } } } } }] });
        assert.equal(toml(configOf(r, "is-2").text).transport.http.properties.port, 9763);
    });

    it("WKA: scheme, domain, this member's host and port (as a string), and every member", () => {
        const r = renderSpec({ hosts: TWO_HOSTS, products: [{ name: "is", ...IS, instanceCount: 3, clustering: { scheme: "wka" } }] });
        const is3 = r.plan.instances.find((i) => i.name === "is-3")!;
        assert.deepEqual(toml(configOf(r, "is-3").text).clustering, {
            membership_scheme: "wka", domain: "wso2.is.domain", local_member_host: is3.address,
            local_member_port: String(is3.clustering!.localMemberPort), members: is3.clustering!.members,
        });
    });

    it("a user's local_member_port equal to the plan's, written as a number, is kept in the reference's string form", () => {
        const r = renderSpec({ hosts: ONE_HOST, products: [{ name: "is", ...IS, clustering: { scheme: "wka" }, config: { clustering: { local_member_port: 4000 } } }] });
        assert.equal(toml(r.configs[0].text).clustering.local_member_port, String(r.plan.instances[0].clustering!.localMemberPort));
    });

    it("multicast: the scheme and each group's own domain, no members list", () => {
        const r = renderSpec({
            hosts: ONE_HOST,
            products: [
                { name: "is", ...IS, instanceCount: 2, clustering: { scheme: "multicast" } },
                { name: "is-b", ...IS, instanceCount: 2, clustering: { scheme: "multicast" } },
            ],
        });
        const domains = r.configs.map((c) => toml(c.text).clustering.domain);
        assert.deepEqual(domains, ["wso2.is.domain", "wso2.is.domain", "wso2.is-b.domain", "wso2.is-b.domain"]);
        for (const c of r.configs) {
            const clustering = toml(c.text).clustering;
            assert.equal(clustering.membership_scheme, "multicast");
            assert.equal(clustering.members, undefined);
        }
        assert.equal(new Set(r.configs.map((c) => toml(c.text).clustering.local_member_port)).size, 4);
    });

    it("kubernetes: membership class, namespace and Service, by default and from the options", () => {
        const spec = { hosts: ONE_HOST, products: [{ name: "is", ...IS, clustering: { scheme: "kubernetes" as const } }] };
        const byDefault = toml(renderSpec(spec).configs[0].text).clustering.properties;
        assert.deepEqual(byDefault, {
            membershipSchemeClassName: KUBERNETES_MEMBERSHIP_CLASS, KUBERNETES_NAMESPACE: DEFAULT_KUBERNETES.namespace, KUBERNETES_SERVICES: "is-headless",
        });
        const custom = toml(renderSpec(spec, { kubernetes: { namespace: "iam", serviceName: (g) => `${g}-peers` } }).configs[0].text).clustering.properties;
        assert.equal(custom.KUBERNETES_NAMESPACE, "iam");
        assert.equal(custom.KUBERNETES_SERVICES, "is-peers");
    });

    describe("API-M gateway environments", () => {
        const env = (text: string) => toml(text).apim.gateway.environment as Obj[];

        it("fills each environment's WebSocket and WebSub URLs with the instance's shifted ports", () => {
            const r = renderSpec({
                hosts: ONE_HOST,
                products: [{ name: "am", ...APIM, instanceCount: 2, config: { apim: { gateway: { environment: [{ name: "a" }, { name: "b" }] } } } }],
            });
            const am2 = r.plan.instances[1];
            const port = (n: string) => am2.ports.find((p) => p.name === n)!.port;
            assert.notEqual(am2.offset, 0);
            for (const e of env(configOf(r, "am-2").text)) {
                assert.equal(e.ws_endpoint, `ws://192.0.2.10:${port("ws")}`);
                assert.equal(e.wss_endpoint, `wss://192.0.2.10:${port("wss")}`);
                assert.equal(e.websub_event_receiver_http_endpoint, `http://192.0.2.10:${port("websub")}`);
                assert.equal(e.websub_event_receiver_https_endpoint, `https://192.0.2.10:${port("websub-https")}`);
            }
        });

        it("keeps a URL the user set (a load balancer), uses the user's hostname, and adds no environment of its own", () => {
            const r = renderSpec({
                hosts: ONE_HOST,
                products: [
                    { name: "gw", ...APIM, profile: "gateway", config: { server: { hostname: "gw.example.com" }, apim: { gateway: { environment: [{ name: "a", ws_endpoint: "ws://lb.example.com" }] } } } },
                    // Not an API-M server: an all-in-one here would be the gateway's control plane and list it (test/wiring).
                    { name: "plain", ...IS },
                ],
            });
            const [e] = env(configOf(r, "gw-1").text);
            assert.equal(e.ws_endpoint, "ws://lb.example.com");
            assert.match(e.wss_endpoint, /^wss:\/\/gw\.example\.com:\d+$/);
            assert.equal(toml(configOf(r, "plain-1").text).apim, undefined);
        });

        it("leaves profiles without gateway ports alone", () => {
            const r = renderSpec({ hosts: ONE_HOST, products: [{ name: "cp", ...APIM, profile: "control-plane", config: { apim: { gateway: { environment: [{ name: "a" }] } } } }] });
            assert.deepEqual(env(r.configs[0].text), [{ name: "a" }]);
        });
    });
});
