/** Which paths hold secrets, so the Pulumi layer and Kubernetes can keep the text secret. */
import { strict as assert } from "node:assert";
import { parse as parseYaml } from "yaml";
import { Table } from "../../src/render/tree";
import { APIM, configOf, IS, ONE_HOST, renderSpec, SI, TWO_HOSTS } from "./helpers";

describe("render: secret paths", () => {
    it("finds WSO2's password keys, any *password* key, and the group's secretKeys, sorted and dotted", () => {
        const r = renderSpec({
            hosts: ONE_HOST,
            products: [{
                name: "is", ...IS,
                configToml: `
[super_admin]
username = "$env{ADMIN_USERNAME}"
password = "$env{ADMIN_PASSWORD}"
[keystore.primary]
password = "$env{KS}"
key_password = "$env{KEY}"
[truststore]
password = "$env{TS}"
[database.identity_db]
password = "$env{DB}"
url = "jdbc:h2:./db"
[custom]
"smtp.Password" = "$env{SMTP}"
token = "$env{TOKEN}"
`,
                secretKeys: ["custom.token"],
            }],
        });
        assert.deepEqual(configOf(r, "is-1").secretPaths, [
            "custom.\"smtp.Password\"", "custom.token", "database.identity_db.password", "database.shared_db.password",
            "identity.auth_framework.endpoint.app_password", "keystore.primary.key_password",
            "keystore.primary.password", "super_admin.password", "truststore.password",
        ]);
    });

    it("uses a[0].b for arrays of tables, and a secretKeys table marks everything in it", () => {
        const r = renderSpec({
            hosts: ONE_HOST,
            products: [{ name: "am", ...APIM, config: { apim: { gateway: { environment: [{ name: "a" }, { name: "b", password: "$env{P}" }] } }, vault: { a: "x", b: { c: "y" } } }, secretKeys: ["vault"] }],
        });
        assert.deepEqual(r.configs[0].secretPaths, [
            "apim.gateway.environment[1].password", "database.apim_db.password", "database.shared_db.password",
            "keystore.tls.key_password", "keystore.tls.password", "super_admin.password", "vault.a", "vault.b.c",
        ]);
    });

    it("marks the bootable base's stock passwords, and works for Streaming Integrator's YAML (lists of tables, `certPass`)", () => {
        const r = renderSpec({
            hosts: TWO_HOSTS,
            products: [
                { name: "is", ...IS }, { name: "plain", ...SI, instances: [{ host: "h1" }], config: { "wso2.carbon": { id: "si" } } },
                { name: "si", ...SI, instances: [{ host: "h2" }], config: { "wso2.datasources": { dataSources: [{ definition: { configuration: { password: "$env{P}" } } }] } } },
            ],
        });
        // A spec with no config still gets admin/admin and the wso2carbon keystores from the base: secrets.
        assert.deepEqual(configOf(r, "is-1").secretPaths, [
            "database.identity_db.password", "database.shared_db.password", "identity.auth_framework.endpoint.app_password",
            "keystore.primary.password", "super_admin.password", "truststore.password",
        ]);
        const siBase = [
            "\"databridge.config\".keyStorePassword",
            "\"siddhi.stores.query.api\".listenerConfigurations[1].certPass", "\"siddhi.stores.query.api\".listenerConfigurations[1].keyStorePassword",
            "\"wso2.transport.http\".listenerConfigurations[1].certPass", "\"wso2.transport.http\".listenerConfigurations[1].keyStorePassword",
        ];
        const permissionsDb = "\"wso2.datasources\".dataSources[0].definition.configuration.password";
        assert.deepEqual(configOf(r, "plain-1").secretPaths, [siBase[0], ...siBase.slice(1, 3), permissionsDb, ...siBase.slice(3)]);
        // The user's own `dataSources` list replaces the base's whole (arrays are not merged): its password is the one there.
        assert.deepEqual(configOf(r, "si-1").secretPaths, [siBase[0], ...siBase.slice(1, 3), permissionsDb, ...siBase.slice(3)]);
        assert.deepEqual(((parseYaml(configOf(r, "si-1").text) as Table)["wso2.datasources"] as Table).dataSources, [{ definition: { configuration: { password: "$env{P}" } } }]);
    });
});
