// The mock engine first: the component must load after setMocks.
import { CONTAINER, deploy, Deployed, thrownBy, unwrapSecret } from "./helpers";
import { allRegistered, promiseOf, registeredResources, resetResources, storedState } from "../support/pulumi-mocks";
import * as pulumi from "@pulumi/pulumi";
import { isRpcSecret } from "@pulumi/pulumi/runtime/rpc";
import { strict as assert } from "node:assert";
import { DeploymentArgs } from "../../src/component/args";
import { Deployment } from "../../src/component/deployment";
import { configOutputProblems, envNameFor } from "../../src/component/config-outputs";
import { DeploymentSpec } from "../../src/spec/types";
import { kubernetesObjectProblems, KubernetesObject } from "../../src/targets/kubernetes";

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

// Compile-time: every plain spec (a spec file, stack config) is valid component args.
const specIsArgs = (spec: DeploymentSpec): DeploymentArgs => spec;

const ADMIN = "s3cr3t-admin-pw-4711";
const DB = "plain-db-pw-0815";
const SECRETS = { ADMIN_PASSWORD: pulumi.secret(ADMIN), DB_PASSWORD: DB };
const WITH_ENV_CONFIG = {
    hosts: [{ name: "host-a", address: "10.0.0.11" }, { name: "host-b", address: "10.0.0.12" }],
    products: [
        { ...IS, instanceCount: 2, clustering: { scheme: "wka" as const }, config: { super_admin: { username: "admin", password: "$env{ADMIN_PASSWORD}" } } },
        { name: "mi", product: "micro-integrator" as const, version: "4.2.0" },
    ],
};

/** Every string under `value` that holds a plaintext outside a secret wrapper, with its path. */
function leaks(value: unknown, plaintexts: string[], path = ""): string[] {
    if (isRpcSecret(value)) return [];
    if (typeof value === "string") return plaintexts.some((p) => value.includes(p)) ? [path] : [];
    if (Array.isArray(value)) return value.flatMap((v, i) => leaks(v, plaintexts, `${path}[${i}]`));
    if (typeof value === "object" && value !== null) return Object.entries(value).flatMap(([k, v]) => leaks(v, plaintexts, `${path}.${k}`));
    return [];
}

async function assertNoPlaintextOutsideSecrets(deployed: Deployed): Promise<void> {
    const all = registeredResources();
    assert.ok(all.length > 3);
    for (const r of all) assert.deepEqual(leaks(r.inputs, [ADMIN, DB]), [], `${r.type} ${r.name}`);
    const c = deployed.component;
    const outputs = { plan: c.plan, ports: c.ports, exposure: c.exposure, firewallRules: c.firewallRules, ...c.deploymentTomls };
    for (const [name, output] of Object.entries(outputs)) {
        const text = JSON.stringify(await promiseOf(output as pulumi.Output<unknown>));
        assert.ok(!text.includes(ADMIN) && !text.includes(DB), name);
    }
    const state = storedState(await promiseOf(c.urn));
    assert.ok(state && !JSON.stringify(state).includes(ADMIN) && !JSON.stringify(state).includes(DB));
}

describe("component: secrets: become every server's environment, secret all the way", () => {
    it("every DeploymentSpec is a DeploymentArgs (checked by the compiler)", () => {
        assert.equal(specIsArgs(WITH_ENV_CONFIG).products.length, 2);
    });

    it("Docker: each container's envs are NAME=value, sent as a secret, plain-text values included", async () => {
        const deployed = await deploy({ ...WITH_ENV_CONFIG, secrets: SECRETS });
        const containers = deployed.children.filter((r) => r.type === CONTAINER);
        assert.equal(containers.length, 3);
        for (const c of containers) {
            const envs = unwrapSecret(c.inputs.envs);
            assert.equal(envs.secret, true, c.name);
            assert.deepEqual(envs.value, [`ADMIN_PASSWORD=${ADMIN}`, `DB_PASSWORD=${DB}`], c.name);
        }
        // The config names the variable, never the value.
        assert.match(await promiseOf(deployed.component.deploymentTomls["is-1"]), /password = "\$env\{ADMIN_PASSWORD\}"/);
        await assertNoPlaintextOutsideSecrets(deployed);
    });

    it("Kubernetes: a Secret <group>-env per group, taken by the pods with envFrom; objects still validate", async () => {
        const deployed = await deploy({ ...WITH_ENV_CONFIG, hosts: undefined, kubernetes: { namespace: "iam" }, secrets: SECRETS });
        const secrets = deployed.children.filter((r) => r.type === "kubernetes:core/v1:Secret" && r.inputs.metadata.name.endsWith("-env"));
        assert.deepEqual(secrets.map((s) => s.inputs.metadata.name).sort(), ["is-env", "mi-env"]);
        for (const s of secrets) {
            const data = unwrapSecret(s.inputs.stringData);
            assert.equal(data.secret, true);
            assert.deepEqual(data.value, { ADMIN_PASSWORD: ADMIN, DB_PASSWORD: DB });
        }
        const sets = deployed.children.filter((r) => r.type === "kubernetes:apps/v1:StatefulSet");
        assert.equal(sets.length, 2);
        for (const set of sets) {
            const [container] = set.inputs.spec.template.spec.containers;
            assert.deepEqual(container.envFrom, [{ secretRef: { name: `${set.inputs.metadata.name}-env` } }]);
        }
        const objects = deployed.children.filter((r) => r.type.startsWith("kubernetes:")).map((r) => {
            const { apiVersion, kind, ...rest } = r.inputs;
            return { apiVersion, kind, ...Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, unwrapSecret(v).value])) } as KubernetesObject;
        });
        assert.deepEqual(kubernetesObjectProblems(objects), []);
        await assertNoPlaintextOutsideSecrets(deployed);
    });

    it("no secrets: no envs, no env Secret, no envFrom", async () => {
        const docker = await deploy(WITH_ENV_CONFIG);
        assert.ok(docker.children.filter((r) => r.type === CONTAINER).every((c) => c.inputs.envs === undefined));
        const k8s = await deploy({ ...WITH_ENV_CONFIG, hosts: undefined, kubernetes: {} });
        assert.ok(!k8s.children.some((r) => r.type === "kubernetes:core/v1:Secret" && r.inputs.metadata.name.endsWith("-env")));
    });

    it("rejects a name that is no environment variable, and a value that is no string, naming the key and never the value", async () => {
        const bad = await rejected({ ...WITH_ENV_CONFIG, secrets: { "admin-password": "hunter2-value" } });
        assert.equal(bad.propertyPath, "secrets.admin-password");
        assert.match(bad.reason, /not an environment variable name.*"ADMIN_PASSWORD"/);
        assert.doesNotMatch(bad.reason, /hunter2-value/);
        const notString = await rejected({ ...WITH_ENV_CONFIG, secrets: { PIN: 1234 } });
        assert.equal(notString.propertyPath, "secrets.PIN");
        assert.match(notString.reason, /must be a string or a Pulumi Output of one; got a number/);
        const notMap = await rejected({ ...WITH_ENV_CONFIG, secrets: ["A=b"] });
        assert.equal(notMap.propertyPath, "secrets");
    });
});
