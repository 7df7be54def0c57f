/** Which paths hold secrets, so the Pulumi layer and Kubernetes can keep the text secret. */
import { strict as assert } from "node:assert";
import { APIM, configOf, IS, ONE_HOST, renderSpec, SI } from "./helpers";

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

    it("is empty for a config without secrets, marks the bootable base's stock passwords, and works for Streaming Integrator's YAML", () => {
        const r = renderSpec({
            hosts: ONE_HOST,
            products: [
                { name: "is", ...IS }, { name: "plain", ...SI, config: { "wso2.carbon": { id: "si" } } },
                { name: "si", ...SI, config: { "wso2.datasources": { dataSources: [{ definition: { configuration: { password: "$env{P}" } } }] } } },
            ],
        });
        assert.deepEqual(configOf(r, "plain-1").secretPaths, []);
        // A spec with no config still gets admin/admin and the wso2carbon keystores from the base: secrets.
        assert.deepEqual(configOf(r, "is-1").secretPaths, [
            "database.identity_db.password", "database.shared_db.password", "identity.auth_framework.endpoint.app_password",
            "keystore.primary.password", "super_admin.password", "truststore.password",
        ]);
        assert.deepEqual(configOf(r, "si-1").secretPaths, ["\"wso2.datasources\".dataSources[0].definition.configuration.password"]);
    });
});
