/**
 * Ports follow the effective config (issue 11): the planned ports of every product, version
 * and profile equal the ports the rendered file turns on, read back from the file itself,
 * in both directions, with every switch the catalog names flipped on and off.
 */
import { strict as assert } from "node:assert";
import { parse as parseToml } from "smol-toml";
import { parse as parseYaml } from "yaml";
import { findCatalogEntry, PRODUCT_CATALOG, portsOn, profileNames, resolveGroupPorts } from "../../src/catalog";
import { ProductCatalogEntry, PortSwitch } from "../../src/catalog/types";
import { setPath, Table } from "../../src/render/tree";
import { GroupSpec, Profile } from "../../src/spec/types";
import { instance, plan, portOf, problemsOf } from "../plan/helpers";
import { configOf, renderSpec } from "../render/helpers";

const OFFSET = 7;

/** Every keyed switch of the group's ports, once each (AMQP's transport switch is shared by two ports). */
function keyedSwitches(entry: ProductCatalogEntry, profile: Profile | undefined): PortSwitch[] {
    const seen = new Map<string, PortSwitch>();
    for (const p of resolveGroupPorts(entry, { profile })) for (const sw of p.when ?? []) if (sw.key) seen.set(sw.key.join("."), sw);
    return [...seen.values()];
}

/** The ports a rendered file turns on, read from the file: catalog ports narrowed to the profile, switched by the file's values. */
function portsFromFile(entry: ProductCatalogEntry, profile: Profile | undefined, text: string): string[] {
    const settings = (entry.configFile === "deployment.yaml" ? parseYaml(text) : parseToml(text)) as Table;
    return portsOn(resolveGroupPorts(entry, { profile }), settings)
        .filter((p) => p.role === undefined || p.role === "service")
        .map((p) => p.name).sort();
}

function cases(): { entry: ProductCatalogEntry; profile?: Profile }[] {
    return PRODUCT_CATALOG.flatMap((entry) => {
        const profiles = profileNames(entry);
        return profiles.length === 0 ? [{ entry }] : profiles.map((profile) => ({ entry, profile: profile as Profile }));
    });
}

describe("ports follow the effective config", () => {
    for (const { entry, profile } of cases()) {
        const version = entry.versions.from;
        const label = `${entry.product} ${version}${profile ? ` ${profile}` : ""}`;
        it(`${label}: planned ports = ports the rendered file turns on, with each switch flipped`, () => {
            const variants: Table[] = [{}];
            for (const sw of keyedSwitches(entry, profile)) {
                for (const value of [true, false]) {
                    const config: Table = {};
                    setPath(config, sw.key!, value);
                    variants.push(config);
                }
            }
            const flipped = new Set<string>();
            variants.forEach((config, i) => {
                const group: GroupSpec = { name: "g", product: entry.product, version, profile, instances: [{ offset: OFFSET, config }] };
                const r = renderSpec({ products: [group] });
                const planned = r.plan.instances[0].ports.map((p) => p.name).sort();
                assert.deepEqual(planned, portsFromFile(entry, profile, configOf(r, "g-1").text), `${label}, variant ${i}: ${JSON.stringify(config)}`);
                for (const p of r.plan.instances[0].ports) {
                    const c = entry.ports.find((x) => x.name === p.name)!;
                    assert.equal(p.port, c.shifts ? c.port + OFFSET : c.port, `${label} ${p.name}`);
                }
                flipped.add(planned.join(","));
            });
            // A switch that changes nothing would mean the catalog names the wrong key for that profile.
            assert.ok(variants.length === 1 || flipped.size > 1, `${label}: no switch changed the planned ports`);
        });
    }

    it("names, for every port that depends on a switch, the stock default and, when read in code, a source with a release tag", () => {
        for (const entry of PRODUCT_CATALOG) {
            for (const p of entry.ports) {
                for (const sw of p.when ?? []) {
                    assert.equal(typeof sw.default, "boolean", `${entry.product} ${p.name}`);
                    if (sw.evidence === "code") assert.match(sw.source, /v\d+\.\d+/, `${entry.product} ${p.name}: the switch's source names no release tag`);
                    if (sw.evidence !== "code") assert.equal(p.evidence, "inferred", `${entry.product} ${p.name}: an unconfirmed switch must mark its port inferred`);
                }
            }
        }
    });
});

const names = (p: ReturnType<typeof plan>, inst = "g-1") => instance(p, inst).ports.map((x) => x.name);
const group = (g: Partial<GroupSpec> & Pick<GroupSpec, "product" | "version">): GroupSpec => ({ name: "g", ...g });

describe("catalog facts read in WSO2's sources", () => {
    it("IS 5.11-7.x: JMX 9999/11111 is off by default and follows monitoring.jmx.rmi_server_start, per instance", () => {
        for (const version of ["5.11.0", "6.0.0", "7.0.0", "7.1.0"]) {
            const p = plan({ products: [group({
                product: "identity-server", version,
                instances: [{ name: "off" }, { name: "on", configToml: "[monitoring.jmx]\nrmi_server_start = true\n" }, { name: "text", config: { monitoring: { jmx: { rmi_server_start: "true" } } } }],
            })] });
            assert.ok(!names(p, "off").some((n) => n.startsWith("jmx")), `IS ${version}`);
            const on = instance(p, "on");
            assert.equal(portOf(p, "on", "jmx-registry"), 9999 + on.offset);
            assert.equal(portOf(p, "on", "jmx-server"), 11111 + on.offset);
            assert.ok(names(p, "text").includes("jmx-server"));
        }
    });

    it("IS 5.11 binds its embedded LDAP, shifted, unless embedded_ldap.enable is false; IS 6.0+ has none, and no KDC", () => {
        const p = plan({ products: [group({ product: "identity-server", version: "5.11.0", instances: [{ offset: 3 }, { offset: 4, config: { embedded_ldap: { enable: false } } }] })] });
        assert.equal(portOf(p, "g-1", "ldap"), 10392);
        assert.ok(!names(p, "g-2").includes("ldap"));
        for (const version of ["6.0.0", "7.0.0"]) {
            const entry = findCatalogEntry("identity-server", version)!;
            assert.ok(!entry.ports.some((x) => x.name === "ldap" || x.name === "kdc"), `IS ${version}`);
        }
    });

    it("KDC (IS 5.11) and Thrift entitlement are off; a `ports:` override turns them on", () => {
        const off = plan({ products: [group({ product: "identity-server", version: "5.11.0" })] });
        assert.ok(!names(off).includes("kdc") && !names(off).includes("thrift-entl"));
        const on = plan({ products: [group({ product: "identity-server", version: "5.11.0", ports: [{ name: "kdc", enabled: true }, { name: "thrift-entl", enabled: true }] })] });
        assert.equal(portOf(on, "g-1", "kdc"), 8000);
        assert.equal(portOf(on, "g-1", "thrift-entl"), 10500);
    });

    it("IS: [entitlement.thrift] enable turns the Thrift entitlement port on, shifted; IS 7.1 has no XACML engine, so no such port", () => {
        const p = plan({ products: [group({ product: "identity-server", version: "7.0.0", instances: [{ offset: 2 }, { offset: 3, configToml: "[entitlement.thrift]\nenable = true\n" }] })] });
        assert.ok(!names(p, "g-1").includes("thrift-entl"));
        assert.equal(portOf(p, "g-2", "thrift-entl"), 10503);
        // A `ports:` override writes the key that decides it, so the file and the plan agree.
        const r = renderSpec({ products: [group({ product: "identity-server", version: "5.11.0", ports: [{ name: "thrift-entl", enabled: true }] })] });
        assert.equal((parseToml(configOf(r, "g-1").text) as { entitlement?: { thrift?: { enable?: unknown } } }).entitlement?.thrift?.enable, true);
        const is71 = plan({ products: [group({ product: "identity-server", version: "7.1.0", instances: [{ configToml: "[entitlement.thrift]\nenable = true\n" }] })] });
        assert.ok(!names(is71).includes("thrift-entl"));
        assert.ok(!findCatalogEntry("identity-server", "7.1.0")!.ports.some((x) => x.name === "thrift-entl"));
    });

    it("API-M: Qpid's JMX 8999 (and 9099 beside it) and Tomcat's shutdown 8005 are not planned: WSO2 binds neither", () => {
        for (const version of ["3.2.0", "4.3.0", "4.5.0"]) {
            const entry = findCatalogEntry("api-manager", version)!;
            assert.ok(!entry.ports.some((x) => x.port === 8999 || x.port === 8005), `API-M ${version}`);
            assert.deepEqual(entry.ports.filter((x) => x.port === 9099).map((x) => x.name), ["ws"], `API-M ${version}: 9099 is the WebSocket inbound only`);
        }
    });

    it("API-M: no LDAP or KDC in any version; Thrift 7611/7711 hard-coded off; WebSub from 4.0 only", () => {
        for (const version of ["3.2.0", "4.0.0", "4.3.0", "4.5.0"]) {
            const entry = findCatalogEntry("api-manager", version)!;
            assert.ok(!entry.ports.some((x) => x.name === "ldap" || x.name === "kdc"), `API-M ${version}`);
            const p = plan({ products: [group({ product: "api-manager", version })] });
            assert.ok(!names(p).includes("thrift") && !names(p).includes("thrift-ssl"), `API-M ${version}`);
            assert.equal(names(p).includes("websub"), version !== "3.2.0", `API-M ${version} websub`);
            assert.equal(names(p).includes("websub-https"), version !== "3.2.0", `API-M ${version} websub-https`);
        }
    });

    it("API-M: AMQP over TLS 8672 is bound and shifts; ssl_connection.enabled = false drops it, amqp.enabled = false drops both", () => {
        const p = plan({ products: [group({
            product: "api-manager", version: "4.3.0",
            instances: [{ offset: 5 }, { offset: 6, configToml: "[broker.transport.amqp.ssl_connection]\nenabled = false\n" }, { offset: 7, config: { broker: { transport: { amqp: { enabled: false } } } } }],
        })] });
        assert.equal(portOf(p, "g-1", "amqp-ssl"), 8677);
        assert.equal(portOf(p, "g-1", "amqp"), 5677);
        assert.ok(!names(p, "g-2").includes("amqp-ssl") && names(p, "g-2").includes("amqp"));
        assert.ok(!names(p, "g-3").includes("amqp-ssl") && !names(p, "g-3").includes("amqp"));
    });

    it("API-M: the HTTP servlet 9763 is bound in the gateway and traffic-manager profiles; 3.2 has five profiles of its own", () => {
        for (const profile of ["gateway", "traffic-manager", "control-plane"] as const) {
            assert.ok(names(plan({ products: [group({ product: "api-manager", version: "4.3.0", profile })] })).includes("http"), profile);
        }
        assert.deepEqual(profileNames(findCatalogEntry("api-manager", "3.2.0")!).sort(),
            ["all-in-one", "api-devportal", "api-key-manager", "api-publisher", "gateway-worker", "traffic-manager"]);
        const gw = names(plan({ products: [group({ product: "api-manager", version: "3.2.0", profile: "gateway-worker" })] }));
        assert.ok(gw.includes("ws") && gw.includes("passthru-https") && !gw.includes("websub") && gw.includes("amqp") && !gw.includes("binary"));
    });

    it("API-M profiles bind the broker and event receivers their OSGi profile holds (p2 features), each switched as in all-in-one", () => {
        const profilePorts = (version: string, profile: Profile, config?: Table) => names(plan({ products: [group({ product: "api-manager", version, profile, ...(config ? { instances: [{ config }] } : {}) })] }));
        const has = (version: string, profile: Profile, expected: Record<string, boolean>) => {
            const n = profilePorts(version, profile);
            for (const [port, bound] of Object.entries(expected)) assert.equal(n.includes(port), bound, `API-M ${version} ${profile}: ${port}`);
        };
        for (const profile of ["api-publisher", "api-devportal"] as const) has("3.2.0", profile, { binary: true, "binary-ssl": true, amqp: false, "passthru-http": false, thrift: false });
        has("3.2.0", "api-key-manager", { binary: false, amqp: false });
        for (const version of ["4.0.0", "4.3.0"]) {
            has(version, "gateway", { amqp: true, "amqp-ssl": true, binary: false, "passthru-https": true, websub: true });
            has(version, "key-manager", { amqp: false, binary: false });
        }
        // 4.5's universal gateway is its own distribution: the broker and the binary receiver both.
        has("4.5.0", "gateway", { amqp: true, "amqp-ssl": true, binary: true, "binary-ssl": true, thrift: false, "passthru-https": true, "websub-https": true, wss: true });
        for (const profile of ["control-plane", "traffic-manager"] as const) has("4.5.0", profile, { amqp: true, binary: true, "passthru-http": false, ws: false, websub: false });
        // The gateway's broker follows the same switch as anywhere else.
        assert.ok(!profilePorts("4.5.0", "gateway", { broker: { transport: { amqp: { enabled: false } } } }).some((n) => n.startsWith("amqp")));
    });

    it("API-M 4.x: control plane and traffic manager serve no pass-through, WebSocket or WebSub traffic", () => {
        for (const profile of ["control-plane", "traffic-manager"] as const) {
            const n = names(plan({ products: [group({ product: "api-manager", version: "4.3.0", profile })] }));
            for (const gone of ["passthru-http", "passthru-https", "ws", "wss", "websub", "websub-https"]) assert.ok(!n.includes(gone), `${profile} ${gone}`);
            assert.ok(n.includes("amqp-ssl") && n.includes("binary"), profile);
        }
    });

    it("SI 4.x: the Siddhi Store Query API 7070/7443 is planned and not shifted (its own MSF4J runner); a second SI on the host must take other numbers", () => {
        const p = plan({ products: [group({ product: "streaming-integrator", version: "4.2.0", instances: [{ offset: 2 }] })] });
        assert.equal(portOf(p, "g-1", "store-http"), 7070);
        assert.equal(portOf(p, "g-1", "store-https"), 7443);
        assert.equal(portOf(p, "g-1", "https"), 9445, "the HTTP transport does shift");
        const clash = problemsOf({ products: [group({ product: "streaming-integrator", version: "4.2.0", instanceCount: 2 })] });
        assert.match(clash.message, /instance "g-2" needs 7070\/tcp \("store-http"\), which the offset does not move, and instance "g-1" already uses it/);
        assert.equal(clash.problems.length, 1, `one problem, not also "no offset is free": ${clash.message}`);
        const two = plan({ products: [
            group({ product: "streaming-integrator", version: "4.2.0" }),
            { name: "b", product: "streaming-integrator", version: "4.2.0", ports: [{ name: "store-http", port: 7071 }, { name: "store-https", port: 7444 }] },
        ] });
        assert.equal(portOf(two, "b-1", "store-http"), 7071);
        assert.notEqual(instance(two, "b-1").offset, instance(two, "g-1").offset);
    });

    it("SI 4.x: a `ports:` override of the Store API reaches the rendered listeners, so the server binds what the plan says", () => {
        const r = renderSpec({ products: [
            group({ product: "streaming-integrator", version: "4.2.0" }),
            { name: "b", product: "streaming-integrator", version: "4.2.0", ports: [{ name: "store-http", port: 7071 }, { name: "store-https", port: 7444 }] },
        ] });
        const listeners = (name: string) => ((parseYaml(configOf(r, name).text) as Table)["siddhi.stores.query.api"] as { listenerConfigurations: { port: number }[] })
            .listenerConfigurations.map((l) => l.port);
        assert.deepEqual(listeners("b-1"), [portOf(r.plan, "b-1", "store-http"), portOf(r.plan, "b-1", "store-https")]);
        assert.deepEqual(listeners("b-1"), [7071, 7444]);
        assert.deepEqual(listeners("g-1"), [7070, 7443], "the group without an override keeps the stock numbers");
    });

    it("rejects a switch key that is neither true nor false, and a non-boolean `enabled`, naming the path", () => {
        const e = problemsOf({ products: [
            group({ product: "identity-server", version: "7.0.0", instances: [{ config: { monitoring: { jmx: { rmi_server_start: "sometimes" } } } }] }),
            { name: "old", product: "identity-server", version: "5.11.0", ports: [{ name: "kdc", enabled: "yes" as unknown as boolean }] },
        ] });
        assert.match(e.message, /products\[0\]\.instances\[0\]\.config: instance "g-1": `monitoring\.jmx\.rmi_server_start` = "sometimes" decides whether port "jmx-registry" is bound and must be true or false/);
        // The schema names the bad value (the catalog check behind it says the same in its own words).
        assert.match(e.message, /products\[1\]\.ports\[0\]\.enabled: must be true or false; got "yes"/);
    });
});
