/**
 * A spec with no config renders a file that starts: every key the config mapper refers to
 * with `$ref{}` is there, parsed back from the text (issue 11).
 */
import { strict as assert } from "node:assert";
import * as iarna from "@iarna/toml";
import { MAPPER_REQUIRED_KEYS, PRODUCT_CATALOG } from "../../src/catalog";
import { getPath, Table } from "../../src/render/tree";
import { configOf, IS, ONE_HOST, renderProblems, renderSpec } from "./helpers";

describe("render: the bootable base", () => {
    for (const entry of PRODUCT_CATALOG.filter((e) => e.configFile === "deployment.toml")) {
        const version = entry.versions.from;
        it(`${entry.product} ${version} with no config: every key the mapper needs, with the stock values, passwords secret`, () => {
            const r = renderSpec({ hosts: ONE_HOST, products: [{ name: "g", product: entry.product, version }] });
            const config = configOf(r, "g-1");
            const back = iarna.parse(config.text) as Table; // a TOML 0.5 parser, as WSO2's mapper uses
            const required = MAPPER_REQUIRED_KEYS[entry.product];
            assert.ok(required.length > 0);
            for (const key of required) assert.notEqual(getPath(back, key), undefined, `${entry.product} ${version}: ${key.join(".")} missing`);
            for (const b of entry.base) {
                if (b.key[0] === "server") continue; // hostname and node_ip become the host's address
                assert.deepEqual(getPath(back, b.key), b.value, `${entry.product} ${version}: ${b.key.join(".")}`);
            }
            assert.equal(getPath(back, ["server", "hostname"]), "192.0.2.10");
            const passwords = entry.base.filter((b) => /password/i.test(b.key[b.key.length - 1])).map((b) => b.key.join("."));
            assert.ok(passwords.length > 0);
            for (const p of passwords) assert.ok(config.secretPaths.includes(p), `${p} is not marked secret`);
        });
    }

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
