// The mock engine first: the component must load after setMocks.
import { thrownBy } from "./helpers";
import { allRegistered, registeredResources, resetResources } from "../support/pulumi-mocks";
import * as pulumi from "@pulumi/pulumi";
import { strict as assert } from "node:assert";
import { Deployment, DeploymentArgs } from "../../src/component/deployment";
import { configOutputProblems, envNameFor } from "../../src/component/config-outputs";

const IS = { name: "is", product: "identity-server", version: "7.0.0" } as const;

/** Builds the component expecting a synchronous input-property error; checks nothing was registered. */
async function rejected(args: unknown): Promise<pulumi.InputPropertyError> {
    resetResources();
    const e = thrownBy(() => new Deployment("wso2", args as DeploymentArgs));
    await allRegistered();
    assert.deepEqual(registeredResources(), []);
    assert.ok(pulumi.InputPropertyError.isInstance(e), String(e));
    return e;
}

describe("component: an Output inside config is an input-property error pointing to secrets:", () => {
    it("names the key of a pulumi.secret in a group's config and the $env{} to write instead", async () => {
        const e = await rejected({ products: [{ ...IS, config: { super_admin: { username: "admin", password: pulumi.secret("not-a-real-password") } } }] });
        assert.equal(e.propertyPath, "products[0].config.super_admin.password");
        assert.match(e.reason, /cannot go into deployment\.toml settings/);
        assert.match(e.reason, /`secrets: \{ SUPER_ADMIN_PASSWORD: \.\.\. \}` and write "\$env\{SUPER_ADMIN_PASSWORD\}" here/);
        assert.doesNotMatch(e.reason, /not-a-real-password/);
    });

    it("finds Outputs and Promises in an instance's config, inside arrays, and a whole configToml", () => {
        const problems = configOutputProblems({
            products: [
                { ...IS, instances: [{ name: "is-1", config: { database: { shared_db: { url: pulumi.output("jdbc:x") } } } }] },
                { ...IS, name: "b", config: { keystore: [{ alias: "a" }, { password: Promise.resolve("p") }] }, configToml: pulumi.output("[server]") },
            ],
        });
        assert.deepEqual(problems.map((p) => p.path), [
            "products[0].instances[0].config.database.shared_db.url",
            "products[1].config.keystore[1].password",
            "products[1].configToml",
        ]);
    });

    it("passes plain config, and leaves malformed shapes to the spec's own validation", () => {
        assert.deepEqual(configOutputProblems({ products: [{ ...IS, config: { server: { hostname: "a", n: 1, list: ["x"] } } }] }), []);
        assert.deepEqual(configOutputProblems({ products: "nonsense" }), []);
        assert.deepEqual(configOutputProblems({ products: [null, { instances: [null, 3] }] }), []);
    });

    it("derives an environment variable name from a dotted key", () => {
        assert.equal(envNameFor("super_admin.password"), "SUPER_ADMIN_PASSWORD");
        assert.equal(envNameFor("keystore[1].password"), "KEYSTORE_1_PASSWORD");
        assert.equal(envNameFor("1st.key"), "_1ST_KEY");
    });
});
