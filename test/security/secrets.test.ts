/**
 * Issue 10, finding 9: keys that hold secrets under other names than "password" keep the
 * whole config secret: in the Docker upload, in component state, as a Kubernetes Secret
 * (not a ConfigMap) and in `kubernetes/*.yaml` at mode 0600.
 */
import { strict as assert } from "node:assert";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { planSpec } from "../../src/plan/planner";
import { renderConfigs } from "../../src/render";
import { isSecretKeyName, isSecretValue, secretPaths } from "../../src/render/secrets";
import { DeploymentSpec } from "../../src/spec/types";
import { byName, CONTAINER, deploy, uploadOf } from "../component/helpers";
import { allRegistered, isSecretOutput, isSecretValue as isStoredSecret, promiseOf, storedState } from "../support/pulumi-mocks";
import { fastTempDir as tempDir } from "../output/support";
import { run } from "../render/helpers";

/** The finding's keys, plus the other spellings of the default pattern; none of them says "password". */
const SECRET_KEYS: Record<string, Record<string, unknown>> = {
    "oauth.client_secret": { oauth: { client_secret: "s3cr3t-value" } },
    "custom.api_token": { custom: { api_token: "s3cr3t-value" } },
    "custom.secret_key": { custom: { secret_key: "s3cr3t-value" } },
    "custom.jwt_token": { custom: { jwt_token: "s3cr3t-value" } },
    "custom.apikey": { custom: { apikey: "s3cr3t-value" } },
    "custom.passphrase": { custom: { passphrase: "s3cr3t-value" } },
    "custom.ClientSecret": { custom: { ClientSecret: "s3cr3t-value" } },
    "custom.private_key": { custom: { private_key: "s3cr3t-value" } },
    "custom.apiKey": { custom: { apiKey: "s3cr3t-value" } },
    "custom.credentials": { custom: { credentials: "s3cr3t-value" } },
    "apim.analytics.auth_token": { apim: { analytics: { auth_token: "s3cr3t-value" } } },
    "apim.ai.token": { apim: { ai: { token: "s3cr3t-value" } } },
    "recaptcha.secret_key": { recaptcha: { secret_key: "s3cr3t-value" } },
    "encryption.key": { encryption: { key: "03BAFEB27A8E871CAD83C5CD4E771DAB" } },
    "secrets.db_alias": { secrets: { db_alias: "s3cr3t-value" } },
    "identity.auth_framework.endpoint.app_password": { identity: { auth_framework: { endpoint: { app_password: "s3cr3t-value" } } } },
};

/** Close names that are not secrets (WSO2's own keys among them). */
const NOT_SECRET: Record<string, unknown> = {
    keystore: { primary: { file_name: "wso2carbon.jks", type: "PKCS12", alias: "wso2carbon" } },
    transport: { https: { key_store: { type: "JKS" } } },
    recaptcha: { site_key: "public-site-key" },
    apim: { key_manager: { token_endpoint: "https://km.example/token" }, cors: { allow_credentials: false }, ai: { enable: true } },
    oauth: { token_validation: { refresh_token_validity: "1d" }, hash_tokens_and_secrets: true },
    identity_mgt: { password_policy: { min_password_length: 6 } },
    cache: { use_case_sensitive_username_for_cache_keys: "false" },
};

/**
 * Streaming Integrator's file, whose only secrets without a config are its bootable base's stock
 * passwords (issue 11), so the key under test is the one secret the config adds. The group keeps the name "is".
 */
const isGroup = (config: Record<string, unknown>): DeploymentSpec => ({
    hosts: [{ name: "h1", address: "192.0.2.10" }],
    products: [{ name: "is", product: "streaming-integrator", version: "4.2.0", config }],
});

/** The secret paths the base alone gives that file. */
const BASE_SECRETS: readonly string[] = (() => {
    const { spec, plan } = planSpec(isGroup({}));
    return renderConfigs(spec, plan)[0].secretPaths;
})();
const addedSecrets = (paths: string[]) => paths.filter((p) => !BASE_SECRETS.includes(p));

describe("security: secrets by pattern (finding 9)", () => {
    for (const [path, config] of Object.entries(SECRET_KEYS)) {
        it(`${path} is secret`, () => {
            const { spec, plan } = planSpec(isGroup(config));
            const all = renderConfigs(spec, plan)[0].secretPaths;
            assert.ok(BASE_SECRETS.length > 0 && BASE_SECRETS.every((b) => all.includes(b)), "the base's stock passwords stay secret");
            const paths = addedSecrets(all);
            assert.equal(paths.length, 1, paths.join(", "));
            assert.equal(paths[0].replace(/"/g, ""), path);
        });
    }

    it("close names WSO2 uses for non-secrets stay plain (key_store type, file_name, site_key, token_endpoint, switches)", () => {
        const { spec, plan } = planSpec(isGroup(NOT_SECRET as Record<string, unknown>));
        assert.deepEqual(renderConfigs(spec, plan)[0].secretPaths, BASE_SECRETS);
        for (const k of ["key_store", "keystore", "key_alias", "site_key", "cache_keys", "token_endpoint", "tokenUrl", "password_regex"]) assert.equal(isSecretKeyName(k), false, k);
    });

    it("secretKeys adds to the pattern; an isSecretValue hook (the Pulumi layer's) marks values the pattern cannot see", () => {
        assert.deepEqual(secretPaths({ a: { hash: "66cd" }, b: { c: 1 } }, ["a.hash"]), ["a.hash"]);
        const marked = { marked: true };
        const hook = (value: unknown) => value === marked;
        assert.equal(isSecretValue(["x", "plain_name"], marked, { isSecretValue: hook }), true);
        const { spec, plan } = planSpec(isGroup({ custom: { endpoint: "https://example.org" } }));
        const configs = renderConfigs(spec, plan, { isSecretValue: (v, path) => path.join(".") === "custom.endpoint" && v === "https://example.org" });
        assert.deepEqual(addedSecrets(configs[0].secretPaths), ["custom.endpoint"]);
    });

    it("keeps a client_secret config secret in the Docker upload and in component state", async () => {
        const { component, children } = await deploy(isGroup({ oauth: { client_secret: "not-a-real-secret" } }), "secrets");
        await allRegistered();
        assert.equal(uploadOf(byName(children, CONTAINER, "secrets-is-1").inputs).secret, true);
        assert.equal(await isSecretOutput(component.deploymentTomls["is-1"]), true);
        const state = storedState(await promiseOf(component.urn));
        assert.equal(isStoredSecret(state!.deploymentTomls["is-1"]), true);
    });

    it("puts an api_token config in a Kubernetes Secret, and writes kubernetes/<group>.yaml at 0600", async () => {
        const work = tempDir();
        const specPath = join(work, "spec.yaml");
        writeFileSync(specPath, `
hosts: [{ name: h1, address: 192.0.2.10 }]
products:
  - { name: is, product: identity-server, version: "7.0.0", config: { custom: { api_token: not-a-real-token } } }
  - { name: mi, product: streaming-integrator, version: "4.2.0" }
kubernetes: {}
`);
        const out = join(work, "out");
        const result = await run(["render", specPath, "--out", out]);
        assert.equal(result.code, 0, result.err);
        const kinds = (file: string) => parseAllDocuments(readFileSync(join(out, "kubernetes", file), "utf8")).map((d) => (d.toJS() as { kind: string }).kind);
        assert.ok(kinds("is.yaml").includes("Secret"));
        assert.ok(!kinds("is.yaml").includes("ConfigMap"));
        assert.equal(statSync(join(out, "kubernetes", "is.yaml")).mode & 0o777, 0o600);
        // Streaming Integrator's file holds its bootable base's stock keystore and database passwords (issue 11):
        // a Secret too. (A ConfigMap-backed group, at 0644, is covered with stand-in configs in test/kubernetes/artifacts.)
        assert.ok(kinds("mi.yaml").includes("Secret"));
        assert.ok(!kinds("mi.yaml").includes("ConfigMap"));
        assert.equal(statSync(join(out, "kubernetes", "mi.yaml")).mode & 0o777, 0o600);
    });
});
