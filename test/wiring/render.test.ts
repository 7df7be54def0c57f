/**
 * Cross-server references rendered from the plan (wiring.md sections 3, 6, 7): each rendered
 * deployment.toml is parsed back with a second parser, and every URL is compared with the
 * plan's address and shifted port of the peer, never with constants.
 */
import { strict as assert } from "node:assert";
import { findCatalogEntry } from "../../src/catalog";
import { planSpec } from "../../src/plan/planner";
import { renderConfigs } from "../../src/render";
import { DeploymentSpec, GroupSpec } from "../../src/spec/types";
import { groupOf, loadExample, planned, planUrl, tomlOf } from "./helpers";
import { specProblemLines } from "../support/spec-problems";

function render(spec: DeploymentSpec) {
    const { spec: resolved, plan } = planSpec(spec);
    return { plan, configs: renderConfigs(resolved, plan) };
}

const problemsOf = specProblemLines;

const APIM = (name: string, profile: string, extra: Partial<GroupSpec> = {}): GroupSpec =>
    ({ name, product: "api-manager", version: "4.3.0", profile: profile as GroupSpec["profile"], ...extra });
const HOSTS = [{ name: "h1", address: "192.0.2.10" }, { name: "h2", address: "192.0.2.20" }];

describe("wiring: rendered references of a distributed API-M (multi-host HA example)", () => {
    const { plan, configs } = render(loadExample());
    const cps = groupOf(plan, "cp");
    const tms = groupOf(plan, "tm");

    it("resolves the links: explicit where connect names them, implicit for the resident key manager", () => {
        assert.deepEqual(plan.links, [
            { group: "gw", role: "controlPlane", target: "cp", implicit: false },
            { group: "gw", role: "trafficManager", target: "tm", implicit: false },
            { group: "gw", role: "keyManager", target: "cp", implicit: true },
            { group: "mi", role: "serviceCatalog", target: "cp", implicit: false },
            { group: "tm", role: "controlPlane", target: "cp", implicit: true },
        ]);
    });

    for (const gw of ["gw-1", "gw-2"]) {
        it(`${gw}: throttling to every TM (one url_group each), event hub and key manager on the control planes`, () => {
            const toml = tomlOf(configs, gw);
            const t = toml.apim.throttling;
            assert.deepEqual(t.throttle_decision_endpoints, tms.map((tm) => planUrl(plan, tm, "amqp", "tcp")));
            assert.equal(t.url_group.length, tms.length);
            tms.forEach((tm, i) => {
                assert.deepEqual(t.url_group[i].traffic_manager_urls, [planUrl(plan, tm, "binary", "tcp")]);
                assert.deepEqual(t.url_group[i].traffic_manager_auth_urls, [planUrl(plan, tm, "binary-ssl", "ssl")]);
            });
            const hub = toml.apim.event_hub;
            assert.equal(hub.enable, true);
            assert.deepEqual(hub.event_listening_endpoints, cps.map((cp) => planUrl(plan, cp, "amqp", "tcp")));
            // A single URL into an HA group: the control plane on the gateway's own host, else the first.
            const sameHost = cps.find((cp) => planned(plan, cp).host === planned(plan, gw).host) ?? cps[0];
            assert.equal(hub.service_url, planUrl(plan, sameHost, "https", "https", "/services/"));
            assert.equal(toml.apim.key_manager.service_url, planUrl(plan, sameHost, "https", "https", "/services/"));
            assert.deepEqual(toml.apim.sync_runtime_artifacts.gateway.gateway_labels, ["gw"]);
            assert.equal(t.service_url, undefined, "with a separate TM the event hub keys carry the CP; no throttling.service_url");
        });
    }

    it("each CP: HA publish url_groups (itself included), event_duplicate_url to the peer, its own broker at its own offset", () => {
        for (const cp of cps) {
            const hub = tomlOf(configs, cp).apim.event_hub;
            const peer = cps.find((c) => c !== cp)!;
            assert.deepEqual(hub.event_duplicate_url, [planUrl(plan, peer, "amqp", "tcp")]);
            assert.deepEqual(hub.event_listening_endpoints, [`tcp://localhost:${planned(plan, cp).ports.find((p) => p.name === "amqp")!.port}`]);
            assert.equal(hub.publish.url_group.length, 2);
            const urls = hub.publish.url_group.map((g: { urls: string[] }) => g.urls[0]).sort();
            const expected = [`tcp://localhost:${planned(plan, cp).ports.find((p) => p.name === "binary")!.port}`, planUrl(plan, peer, "binary", "tcp")].sort();
            assert.deepEqual(urls, expected);
        }
    });

    it("each CP lists the gateway group as an environment on the gateways' shifted ports", () => {
        const env = tomlOf(configs, "cp-1").apim.gateway.environment;
        assert.equal(env.length, 1);
        assert.equal(env[0].name, "gw");
        assert.equal(env[0].http_endpoint, planUrl(plan, "gw-1", "passthru-http", "http"));
        assert.equal(env[0].https_endpoint, planUrl(plan, "gw-1", "passthru-https", "https"));
        assert.equal(env[0].ws_endpoint, planUrl(plan, "gw-1", "ws", "ws"));
        assert.equal(env[0].service_url, planUrl(plan, "gw-1", "https", "https", "/services/"));
    });

    it("each TM: event hub on the CPs, duplicates to the peer TM, decisions on its own broker", () => {
        for (const tm of tms) {
            const toml = tomlOf(configs, tm);
            const peer = tms.find((t) => t !== tm)!;
            assert.deepEqual(toml.apim.event_hub.event_listening_endpoints, cps.map((cp) => planUrl(plan, cp, "amqp", "tcp")));
            assert.match(toml.apim.event_hub.service_url, /^https:\/\/.+\/services\/$/);
            assert.deepEqual(toml.apim.throttling.event_duplicate_url, [planUrl(plan, peer, "amqp", "tcp")]);
            assert.deepEqual(toml.apim.throttling.throttle_decision_endpoints, [`tcp://localhost:${planned(plan, tm).ports.find((p) => p.name === "amqp")!.port}`]);
        }
    });

    it("MI registers in the CP's service catalog on its shifted HTTPS port, no path", () => {
        const entry = tomlOf(configs, "mi-1").service_catalog[0];
        assert.equal(entry.enable, true);
        assert.equal(entry.apim_host, planUrl(plan, "cp-1", "https", "https"));
    });
});

describe("wiring: moving one traffic manager", () => {
    const base = loadExample();
    const moved = (edit: (tm: Record<string, unknown>) => void): DeploymentSpec => {
        const spec = JSON.parse(JSON.stringify(base)) as DeploymentSpec;
        const tm = spec.products.find((g) => g.name === "tm")!;
        edit((tm.instances as Record<string, unknown>[])[1]);
        return spec;
    };
    const changedFiles = (a: DeploymentSpec, b: DeploymentSpec) => {
        const first = planSpec(a);
        const before = renderConfigs(first.spec, first.plan);
        // The previous plan keeps every other instance where it was (as render and the component do).
        const second = planSpec(b, { previous: first.plan });
        const after = renderConfigs(second.spec, second.plan);
        return after.filter((c) => before.find((o) => o.instance === c.instance)?.text !== c.text).map((c) => c.instance).sort();
    };
    // Who dials tm-2: the gateways (throttling) and the other TM (event_duplicate_url).
    const linking = ["gw-1", "gw-2", "tm-1"];

    it("to another offset changes exactly its own file and those of the instances that link to it", () => {
        assert.deepEqual(changedFiles(base, moved((tm) => { tm.offset = 7; })), [...linking, "tm-2"].sort());
    });

    it("to another host changes exactly the same files", () => {
        assert.deepEqual(changedFiles(base, moved((tm) => { tm.host = "host-a"; })), [...linking, "tm-2"].sort());
    });
});

describe("wiring: patterns and versions", () => {
    it("CP + GW (TM inside the CP): the gateway throttles against the CP and uses it as event hub through throttling.service_url", () => {
        const { plan, configs } = render({ hosts: HOSTS, products: [APIM("cp", "control-plane"), APIM("gw", "gateway", { instances: [{ host: "h2", offset: 3 }] })] });
        assert.deepEqual(plan.links!.filter((l) => l.group === "gw").map((l) => `${l.role}=${l.target}${l.implicit ? "" : "!"}`), ["controlPlane=cp", "trafficManager=cp", "keyManager=cp"]);
        const t = tomlOf(configs, "gw-1").apim;
        assert.deepEqual(t.throttling.throttle_decision_endpoints, [planUrl(plan, "cp-1", "amqp", "tcp")]);
        assert.deepEqual(t.throttling.url_group[0].traffic_manager_urls, [planUrl(plan, "cp-1", "binary", "tcp")]);
        assert.equal(t.throttling.service_url, planUrl(plan, "cp-1", "https", "https", "/services/"));
        assert.equal(t.event_hub, undefined, "the docs omit [apim.event_hub] in this pattern (wiring.md 7)");
    });

    it("a separate key manager node: gateways and the CP use it; it follows the CP's event hub and notifies it", function () {
        if (!findCatalogEntry("api-manager", "4.3.0")?.profiles?.["key-manager"]) {
            console.log("      skipped: the catalog has no API-M key-manager profile yet (issue 11 adds it)");
            this.skip();
        }
        const { plan, configs } = render({ hosts: HOSTS, products: [APIM("cp", "control-plane"), APIM("km", "key-manager", { instances: [{ host: "h2" }] }), APIM("gw", "gateway")] });
        const kmUrl = planUrl(plan, "km-1", "https", "https", "/services/");
        assert.equal(tomlOf(configs, "gw-1").apim.key_manager.service_url, kmUrl);
        assert.equal(tomlOf(configs, "cp-1").apim.key_manager.service_url, kmUrl);
        const km = tomlOf(configs, "km-1");
        assert.deepEqual(km.apim.event_hub.event_listening_endpoints, [planUrl(plan, "cp-1", "amqp", "tcp")]);
        const listener = km.event_listener.find((e: { id: string }) => e.id === "token_revocation");
        assert.equal(listener.properties.notification_endpoint, planUrl(plan, "cp-1", "https", "https", "/internal/data/v1/notify"));
    });

    it("IS 5.11 as resident key manager (named in connect): WSO2-IS type on API-M, IS notifies the CP", () => {
        const is = { name: "is", product: "identity-server" as const, version: "5.11.0", instances: [{ host: "h2" }] };
        const { plan, configs } = render({ hosts: HOSTS, products: [APIM("cp", "control-plane", { connect: { keyManager: "is" } }), APIM("gw", "gateway", { connect: { keyManager: "is" } }), is] });
        for (const name of ["cp-1", "gw-1"]) {
            const km = tomlOf(configs, name).apim.key_manager;
            assert.equal(km.type, "WSO2-IS");
            assert.equal(km.service_url, planUrl(plan, "is-1", "https", "https", "/services/"));
        }
        const listener = tomlOf(configs, "is-1").event_listener[0];
        assert.equal(listener.properties.notification_endpoint, planUrl(plan, "cp-1", "https", "https", "/internal/data/v1/notify"));
        assert.equal(listener.properties["header.X-WSO2-KEY-MANAGER"], "WSO2IS");
    });

    it("an Identity Server next to API-M is not its key manager unless named; MI gets no service catalog unless named", () => {
        const { plan, configs } = render({ hosts: HOSTS, products: [APIM("apim", "all-in-one"), { name: "is", product: "identity-server", version: "5.11.0" }, { name: "mi", product: "micro-integrator", version: "4.2.0" }] });
        assert.deepEqual(plan.links, []);
        assert.equal(tomlOf(configs, "is-1").event_listener, undefined);
        assert.equal(tomlOf(configs, "mi-1").service_catalog, undefined);
    });

    it("4.1 and 4.2 CPs also write [apim.throttling] event_duplicate_url (pitfall P9); 4.3 does not", () => {
        const cp = (version: string) => render({ hosts: HOSTS, products: [{ ...APIM("cp", "control-plane"), version, instanceCount: 2 }] });
        const r42 = cp("4.2.0");
        assert.deepEqual(tomlOf(r42.configs, "cp-1").apim.throttling.event_duplicate_url, [planUrl(r42.plan, "cp-2", "amqp", "tcp")]);
        assert.equal(tomlOf(cp("4.3.0").configs, "cp-1").apim.throttling, undefined);
    });

    it("honours a peer's own server.hostname", () => {
        const { configs } = render({ hosts: HOSTS, products: [APIM("cp", "control-plane", { config: { server: { hostname: "cp.example.com" } } }), APIM("gw", "gateway", { instances: [{ host: "h2" }] })] });
        assert.match(tomlOf(configs, "gw-1").apim.key_manager.service_url, /^https:\/\/cp\.example\.com:\d+\/services\/$/);
    });

    it("honours a peer's server.hostname from its instance's own config, as an object or as TOML text (both were read as the wrapper)", () => {
        for (const own of [{ config: { server: { hostname: "cp1.example.com" } } }, { configToml: '[server]\nhostname = "cp1.example.com"\n' }]) {
            const { configs } = render({ hosts: HOSTS, products: [APIM("cp", "control-plane", { instances: [own] }), APIM("gw", "gateway", { instances: [{ host: "h2" }] })] });
            assert.match(tomlOf(configs, "gw-1").apim.key_manager.service_url, /^https:\/\/cp1\.example\.com:\d+\/services\/$/, JSON.stringify(own));
        }
    });
});

describe("wiring: bad links and contradicting values", () => {
    it("an ambiguous implicit link names the candidates and the connect to write", () => {
        const problems = problemsOf(() => planSpec({ hosts: HOSTS, products: [APIM("cp-a", "control-plane"), APIM("cp-b", "control-plane"), APIM("gw", "gateway")] }));
        assert.equal(problems.length, 1);
        assert.match(problems[0], /^products\[2\]\.connect\.controlPlane: group "gw" needs a controlPlane and the spec has 2 groups that can be it \("cp-a", "cp-b"\); choose one with `connect: \{ controlPlane: cp-a \}`$/);
    });

    it("a link to a missing group names the group and the candidates", () => {
        const problems = problemsOf(() => planSpec({ hosts: HOSTS, products: [APIM("cp", "control-plane"), APIM("gw", "gateway", { connect: { trafficManager: "tm" } })] }));
        assert.deepEqual(problems, ['products[1].connect.trafficManager: group "gw": connect.trafficManager names group "tm", which is not in the spec; add a group that is a api-manager profile traffic-manager 4.0.0 to before 5.0.0']);
    });

    it("a gateway whose control plane is outside the spec gets no links: the user's config names it", () => {
        const { plan, configs } = render({ products: [APIM("gw", "gateway")] });
        assert.deepEqual(plan.links, []);
        assert.equal(tomlOf(configs, "gw-1").apim, undefined);
    });

    it("a role the group does not use, and IS 7 as key manager, are errors with the fix", () => {
        assert.match(problemsOf(() => planSpec({ products: [{ name: "is", product: "identity-server", version: "7.0.0", connect: { trafficManager: "x" } }] }))[0], /does not use a trafficManager; remove connect\.trafficManager/);
        const is7 = problemsOf(() => planSpec({ products: [APIM("cp", "control-plane"), APIM("gw", "gateway", { connect: { keyManager: "is" } }), { name: "is", product: "identity-server", version: "7.0.0" }] }));
        assert.match(is7[0], /third-party key manager, configured in the API-M Admin Portal/);
    });

    it("a link to a server whose port is turned off is an error at the link, naming the port and the fix", () => {
        const problems = problemsOf(() => planSpec({ hosts: HOSTS, products: [APIM("cp", "control-plane"), APIM("tm", "traffic-manager", { ports: [{ name: "amqp", disabled: true }] }), APIM("gw", "gateway")] }));
        assert.equal(problems.length, 1);
        assert.match(problems[0], /^products\[2\]\.connect\.trafficManager: group "gw" dials "amqp" on instance "tm-1" \(`apim\.throttling\.throttle_decision_endpoints`\), and "tm-1" does not listen on it .*; enable the port on group "tm" or link "gw" to another group$/);
    });

    it("a user value that points at another planned server contradicts the link, naming both; a load balancer URL is kept", () => {
        const spec = (url: string): DeploymentSpec => ({ hosts: HOSTS, products: [APIM("cp", "control-plane"), APIM("tm", "traffic-manager", { instances: [{ host: "h2" }] }), APIM("gw", "gateway", { config: { apim: { throttling: { throttle_decision_endpoints: [url] } } } })] });
        const { spec: resolved, plan } = planSpec(spec("tcp://192.0.2.10:5672"));
        const problems = problemsOf(() => renderConfigs(resolved, plan));
        assert.equal(problems.length, 1);
        assert.match(problems[0], /`apim\.throttling\.throttle_decision_endpoints` = \["tcp:\/\/192\.0\.2\.10:5672"\] in the config of group "gw" contradicts the plan: group "gw" links to group "tm" as its trafficManager \(implicitly: the only candidate\), so it must be \["tcp:\/\/192\.0\.2\.20:\d+"\]/);
        const kept = render(spec("tcp://tm-lb.example.com:5672"));
        assert.deepEqual(tomlOf(kept.configs, "gw-1").apim.throttling.throttle_decision_endpoints, ["tcp://tm-lb.example.com:5672"]);
    });

    it("the docs' literal self reference tcp://localhost:5672 on a shifted CP is an error", () => {
        const spec: DeploymentSpec = { products: [APIM("is", "all-in-one"), APIM("cp", "control-plane", { config: { apim: { event_hub: { event_listening_endpoints: ["tcp://localhost:5672"] } } } })] };
        const { spec: resolved, plan } = planSpec(spec);
        assert.notEqual(planned(plan, "cp-1").offset, 0);
        assert.match(problemsOf(() => renderConfigs(resolved, plan))[0], /names the instance itself \(at offset \d+\), so it must be \["tcp:\/\/localhost:\d+"\]/);
    });
});

describe("wiring: API-M 3.2, five profiles (wiring.md 4)", () => {
    it("gateway, publisher, devportal and key manager follow the traffic manager (the 3.2 event hub) and the key manager", function () {
        if (!findCatalogEntry("api-manager", "3.2.0")?.profiles?.["api-publisher"]) {
            console.log("      skipped: the catalog has no API-M 3.2 api-publisher profile yet (issue 11 adds the five profiles)");
            this.skip();
        }
        const g = (name: string, profile: string): GroupSpec => ({ name, product: "api-manager", version: "3.2.0", profile: profile as GroupSpec["profile"], instances: [{ host: "h1" }] });
        // The docs' sample offsets (S14): KM 0, publisher 1, devportal 2, TM 3, gateway 4.
        const spec: DeploymentSpec = { hosts: HOSTS, products: [g("km", "api-key-manager"), g("pub", "api-publisher"), g("dev", "api-devportal"), g("tm", "traffic-manager"), g("gw", "gateway-worker")] };
        const { plan, configs } = render(spec);
        for (const client of ["gw-1", "pub-1", "dev-1", "km-1"]) {
            const t = tomlOf(configs, client).apim.throttling;
            assert.deepEqual(t.throttle_decision_endpoints, [planUrl(plan, "tm-1", "amqp", "tcp")], client);
            assert.deepEqual(t.url_group[0].traffic_manager_urls, [planUrl(plan, "tm-1", "binary", "tcp")], client);
        }
        for (const client of ["gw-1", "pub-1", "dev-1", "tm-1"]) {
            assert.equal(tomlOf(configs, client).apim.key_manager.service_url, planUrl(plan, "km-1", "https", "https", "/services/"), client);
        }
        assert.equal(tomlOf(configs, "gw-1").apim.throttling.service_url, planUrl(plan, "tm-1", "https", "https", "/services/"));
        assert.equal(tomlOf(configs, "dev-1").apim.oauth_config.revoke_endpoint, planUrl(plan, "km-1", "https", "https", "/oauth2/revoke"));
        assert.equal(tomlOf(configs, "km-1").event_listener[0].properties.notification_endpoint, planUrl(plan, "tm-1", "https", "https", "/internal/data/v1/notify"));
        assert.equal(tomlOf(configs, "pub-1").apim.gateway.environment[0].service_url, planUrl(plan, "gw-1", "https", "https", "/services/"));
        assert.equal(tomlOf(configs, "gw-1").apim.sync_runtime_artifacts, undefined, "3.2 has no gateway labels");
        // Publisher -> DevPortal (wiring.md 4): the publisher links its APIs to the portal on its shifted https port.
        assert.equal(tomlOf(configs, "pub-1").apim.devportal.url, planUrl(plan, "dev-1", "https", "https", "/devportal"));
        assert.notEqual(planned(plan, "dev-1").offset, 0);
    });
});
