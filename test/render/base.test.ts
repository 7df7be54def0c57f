/**
 * A spec with no config renders a file that starts: every key the config mapper refers to
 * with `$ref{}` is there, parsed back from the text (issue 11).
 */
import { strict as assert } from "node:assert";
import * as iarna from "@iarna/toml";
import { parse as parseYaml } from "yaml";
import { findCatalogEntry, MAPPER_REQUIRED_KEYS, PRODUCT_CATALOG, ProductCatalogEntry } from "../../src/catalog";
import { formatPath, getPath, leaves, setPath, Table } from "../../src/render/tree";
import { configOf, IS, ONE_HOST, renderProblems, renderSpec } from "./helpers";

/** The base as a settings tree, and the paths of its leaves whose key names a password (`password`, `certPass`). */
function baseTree(entry: ProductCatalogEntry): { tree: Table; passwordPaths: string[] } {
    const tree: Table = {};
    for (const b of entry.base) setPath(tree, b.key, b.value);
    const passwordPaths = leaves(tree).filter((l) => /pass/i.test(String(l.path[l.path.length - 1]))).map((l) => formatPath(l.path));
    return { tree, passwordPaths };
}

describe("render: the bootable base", () => {
    for (const entry of PRODUCT_CATALOG) {
        const version = entry.versions.from;
        it(`${entry.product} ${version} with no config: every key the ${entry.configFile === "deployment.toml" ? "mapper" : "server"} needs, with the stock values, passwords secret`, () => {
            const r = renderSpec({ hosts: ONE_HOST, products: [{ name: "g", product: entry.product, version }] });
            const config = configOf(r, "g-1");
            // A TOML 0.5 parser, as WSO2's mapper uses; SnakeYAML's YAML 1.1 reads SI's file the way `yaml` does here.
            const back = (entry.configFile === "deployment.toml" ? iarna.parse(config.text) : parseYaml(config.text)) as Table;
            const required = MAPPER_REQUIRED_KEYS[entry.product];
            assert.ok(required.length > 0);
            for (const key of required) assert.notEqual(getPath(back, key), undefined, `${entry.product} ${version}: ${key.join(".")} missing`);
            for (const b of entry.base) {
                if (b.key[0] === "server") continue; // hostname and node_ip become the host's address
                assert.deepEqual(getPath(back, b.key), b.value, `${entry.product} ${version}: ${b.key.join(".")}`);
            }
            if (entry.configFile === "deployment.toml") assert.equal(getPath(back, ["server", "hostname"]), "192.0.2.10");
            const { passwordPaths } = baseTree(entry);
            assert.ok(passwordPaths.length > 0);
            for (const p of passwordPaths) assert.ok(config.secretPaths.includes(p), `${p} is not marked secret`);
        });
    }

    it("streaming-integrator: the listeners and receivers read back are the catalog's ports, unshifted; the plan shifts all but the Store API", () => {
        const entry = findCatalogEntry("streaming-integrator", "4.3.0")!;
        const r = renderSpec({ hosts: ONE_HOST, products: [{ name: "si", product: "streaming-integrator", version: "4.3.0", instances: [{ offset: 5 }] }] });
        const back = parseYaml(configOf(r, "si-1").text) as Table;
        assert.equal(getPath(back, ["wso2.carbon", "ports", "offset"]), 5);
        const listeners = (ns: string) => (getPath(back, [ns, "listenerConfigurations"]) as { port: number }[]).map((l) => l.port);
        const receivers = (getPath(back, ["databridge.config", "dataReceivers"]) as { dataReceiver: { properties: Record<string, string> } }[])
            .flatMap((d) => [d.dataReceiver.properties.tcpPort, d.dataReceiver.properties.sslPort]).map(Number);
        const inFile = [...listeners("wso2.transport.http"), ...listeners("siddhi.stores.query.api"), ...receivers].sort();
        assert.deepEqual(inFile, entry.ports.map((p) => p.port).sort(), "file and catalog name the same ports, both ways");
        const planned = new Map(r.plan.instances[0].ports.map((p) => [p.name, p.port]));
        assert.deepEqual([...planned.keys()].sort(), entry.ports.map((p) => p.name).sort());
        for (const p of entry.ports) assert.equal(planned.get(p.name), p.name.startsWith("store-") ? p.port : p.port + 5, p.name);
    });

    it("identity-server: names the keystores each version ships, JKS up to 7.0 and PKCS12 from 7.1 (product-is v7.1.0 has no .jks)", () => {
        const stores = (version: string) => {
            const back = iarna.parse(configOf(renderSpec({ hosts: ONE_HOST, products: [{ name: "g", product: "identity-server", version }] }), "g-1").text) as Table;
            return ["keystore.primary.file_name", "keystore.primary.type", "truststore.file_name", "truststore.type"].map((k) => getPath(back, k.split(".")));
        };
        assert.deepEqual(stores("7.0.0"), ["wso2carbon.jks", "JKS", "client-truststore.jks", "JKS"]);
        assert.deepEqual(stores("7.1.0"), ["wso2carbon.p12", "PKCS12", "client-truststore.p12", "PKCS12"]);
    });

    it("puts the user's config over the base: own admin password, own database, base keys kept beside them", () => {
        const r = renderSpec({ hosts: ONE_HOST, products: [{ name: "is", ...IS, configToml: `
[super_admin]
password = "$env{ADMIN_PASSWORD}"
[database.shared_db]
url = "jdbc:mysql://db.example.com:3306/shared"
` }] });
        const back = iarna.parse(configOf(r, "is-1").text) as Table;
        assert.equal(getPath(back, ["super_admin", "password"]), "$env{ADMIN_PASSWORD}");
        assert.equal(getPath(back, ["super_admin", "username"]), "admin");
        assert.equal(getPath(back, ["database", "shared_db", "url"]), "jdbc:mysql://db.example.com:3306/shared");
        assert.equal(getPath(back, ["database", "shared_db", "username"]), "wso2carbon");
    });

    it("writes the switch a `ports:` override decides, and reports a config that says otherwise", () => {
        const on = renderSpec({ hosts: ONE_HOST, products: [{ name: "is", ...IS, ports: [{ name: "jmx-registry", enabled: true }] }] });
        assert.equal(getPath(iarna.parse(configOf(on, "is-1").text) as Table, ["monitoring", "jmx", "rmi_server_start"]), true);
        assert.ok(on.plan.instances[0].ports.some((p) => p.name === "jmx-registry"));
        const off = renderSpec({ hosts: ONE_HOST, products: [{ name: "am", product: "api-manager", version: "4.3.0", ports: [{ name: "amqp-ssl", enabled: false }] }] });
        const amqp = getPath(iarna.parse(configOf(off, "am-1").text) as Table, ["broker", "transport", "amqp"]) as Table;
        assert.deepEqual(amqp, { ssl_connection: { enabled: false } }, "only the port's own switch, not the shared AMQP transport");
        const problems = renderProblems({ hosts: ONE_HOST, products: [{ name: "is", ...IS, ports: [{ name: "jmx-server", enabled: false }], config: { monitoring: { jmx: { rmi_server_start: true } } } }] });
        assert.match(problems[0].message, /`monitoring\.jmx\.rmi_server_start` = true in the config of group "is" contradicts the plan: the spec's `ports:` override says port "jmx-server" is not enabled/);
        assert.equal(problems[0].path, "products[0].config");
    });
});
