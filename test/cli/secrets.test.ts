/**
 * `secrets:` in a spec file given to `wso2-ports`: names checked with the component's rule,
 * values written only where the deployment receives them (`<host>/secrets.env` for
 * `docker run --env-file`, the Kubernetes Secret `<group>-env` taken with `envFrom`), both
 * 0600, and never printed.
 */
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { ENV_NAME as COMPONENT_ENV_NAME, secretsProblems } from "../../src/component/secrets";
import { ENV_NAME, envNameProblem, envReferences, envReferenceWarnings, envValueProblem, MAX_ENV_LINE_BYTES, specSecretsProblems } from "../../src/spec/secrets";
import { envFileText } from "../../src/targets/docker/env-file";
import { kubernetesObjectProblems, KubernetesObject } from "../../src/targets/kubernetes";
import { fastTempDir } from "../output/support";
import { filesUnder, run } from "../render/helpers";

/** Values a shell, a dotenv parser or a YAML writer would each mangle one way or another. */
const SECRETS: Record<string, string> = {
    ADMIN_PASSWORD: `s3cr3t = "quoted" #not-a-comment $HOME 'x' \\n`,
    DB_PASSWORD: " leading-and-trailing-space ",
    UNICODE_TOKEN: "pässwörd-✓-tok",
};
const VALUES = Object.values(SECRETS);

const yamlSecrets = (secrets: Record<string, string>) => `secrets:\n${Object.entries(secrets).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}\n`).join("")}`;

// kubernetes: {} so render writes the manifests too (the Secret), besides the Docker hosts' env files.
const SPEC = (secrets: string) => `
hosts: [ { name: host-a, address: 10.0.0.11 }, { name: host-b, address: 10.0.0.12 }, { name: spare, address: 10.0.0.13 } ]
kubernetes: {}
${secrets}
products:
  - name: is
    product: identity-server
    version: "7.0.0"
    instances: [ { name: is-1, host: host-a }, { name: is-2, host: host-b } ]
    config:
      super_admin: { password: "$env{ADMIN_PASSWORD}" }
      database: { identity_db: { password: "$env{DB_PASSWORD}" }, shared_db: { password: "$env{DB_PASSWROD}" } }
`;

function specFile(dir: string, text: string): string {
    const path = join(dir, "spec.yaml");
    writeFileSync(path, text);
    return path;
}

/** `docker run --env-file` as docker/cli reads it (opts/parse.go): comment and blank lines skipped, NAME up to the first '=', the rest literal. */
function parseEnvFile(text: string): Record<string, string> {
    const env: Record<string, string> = {};
    for (const line of text.split("\n").map((l) => l.trimStart())) {
        if (line === "" || line.startsWith("#")) continue;
        const eq = line.indexOf("=");
        assert.ok(eq > 0, `not NAME=value: ${JSON.stringify(line)}`);
        env[line.slice(0, eq)] = line.slice(eq + 1);
    }
    return env;
}

const mode = (path: string) => statSync(path).mode & 0o777;
const objectsOf = (path: string) => parseAllDocuments(readFileSync(path, "utf8")).map((d) => d.toJS() as KubernetesObject);
const assertNoValue = (text: string, what: string) => {
    for (const v of VALUES) assert.ok(!text.includes(v.trim()), `${what} shows a secret value`);
};

describe("spec files: secrets", () => {
    describe("wso2-ports render", () => {
        const dir = fastTempDir();
        const out = join(dir, "out");
        let result: { code: number; out: string; err: string };
        before(async () => {
            result = await run(["render", specFile(dir, SPEC(yamlSecrets(SECRETS))), "--out", out]);
        });

        it("exits 0 and prints no value, on stdout or stderr", () => {
            assert.equal(result.code, 0, result.err);
            assertNoValue(result.out, "stdout");
            assertNoValue(result.err, "stderr");
        });

        it("writes <host>/secrets.env, mode 0600, on every host with a server, holding exactly the secrets", () => {
            assert.equal(existsSync(join(out, "spare", "secrets.env")), false, "a host without servers gets no env file");
            for (const host of ["host-a", "host-b"]) {
                const path = join(out, host, "secrets.env");
                assert.equal(mode(path), 0o600, path);
                assert.deepEqual(parseEnvFile(readFileSync(path, "utf8")), SECRETS);
            }
        });

        it("the env file is what docker run --env-file reads (the real docker CLI, when an engine and the test image are here)", function () {
            const image = "pulumi-wso2-test-busybox:local";
            try {
                execFileSync("docker", ["image", "inspect", image], { stdio: "ignore", timeout: 10_000 });
            } catch {
                this.skip();
            }
            const name = `wso2-envfile-${process.pid}`;
            try {
                execFileSync("docker", ["create", "--name", name, "--env-file", join(out, "host-a", "secrets.env"), image, "true"], { stdio: "ignore", timeout: 30_000 });
                const env = JSON.parse(execFileSync("docker", ["inspect", "--format", "{{json .Config.Env}}", name], { encoding: "utf8" })) as string[];
                for (const [k, v] of Object.entries(SECRETS)) assert.ok(env.includes(`${k}=${v}`), k);
            } finally {
                execFileSync("docker", ["rm", "-f", name], { stdio: "ignore" });
            }
        });

        it("writes a Kubernetes Secret is-env with the values, the pods take it with envFrom, and every object validates", () => {
            const path = join(out, "kubernetes", "is.yaml");
            assert.equal(mode(path), 0o600);
            const objects = objectsOf(path);
            const secret = objects.find((o) => o.kind === "Secret" && o.metadata?.name === "is-env") as { type?: string; stringData?: Record<string, string> } | undefined;
            assert.ok(secret, "no Secret is-env");
            assert.equal(secret.type, "Opaque");
            assert.deepEqual(secret.stringData, SECRETS);
            const sets = objects.filter((o) => o.kind === "StatefulSet") as { spec: { template: { spec: { containers: { envFrom?: unknown }[] } } } }[];
            assert.equal(sets.length, 1);
            for (const c of sets[0].spec.template.spec.containers) assert.deepEqual(c.envFrom, [{ secretRef: { name: "is-env" } }]);
            assert.deepEqual(kubernetesObjectProblems(objects), []);
        });

        it("the configs name the variables and hold no value; no other file does either", () => {
            const toml = readFileSync(join(out, "host-a", "is-1", "deployment.toml"), "utf8");
            assert.match(toml, /password = "\$env\{ADMIN_PASSWORD\}"/);
            const holders = filesUnder(out).filter((f) => VALUES.some((v) => readFileSync(join(out, f), "utf8").includes(v.trim())));
            assert.deepEqual(holders, ["host-a/secrets.env", "host-b/secrets.env", "kubernetes/is.yaml"]);
        });

        it("warns of a $env{} no secret provides, with a close name, and hints at a secret no config reads", () => {
            const lines = result.err.split("\n");
            assert.ok(lines.some((l) => l.startsWith("warning: $env{DB_PASSWROD} is read by is-1, is-2 but is not in `secrets:` (did you mean DB_PASSWORD?)")), result.err);
            assert.ok(lines.some((l) => l.startsWith("hint: secrets.UNICODE_TOKEN is read by no config")), result.err);
            assert.ok(!lines.some((l) => /ADMIN_PASSWORD/.test(l)), "a provided, read secret is not mentioned");
        });

        it("a later render without secrets removes the env files it wrote", async () => {
            const again = await run(["render", specFile(dir, SPEC("")), "--out", out]);
            assert.equal(again.code, 0, again.err);
            assert.equal(existsSync(join(out, "host-a", "secrets.env")), false);
            assert.ok(!objectsOf(join(out, "kubernetes", "is.yaml")).some((o) => o.metadata?.name === "is-env"));
        });
    });

    it("plan and diff print no value either", async () => {
        const dir = fastTempDir();
        const spec = specFile(dir, SPEC(yamlSecrets(SECRETS)));
        for (const argv of [["plan", spec], ["plan", spec, "--json"], ["diff", spec, spec]]) {
            const { code, out, err } = await run(argv);
            assert.equal(code, 0, err);
            assertNoValue(out + err, argv.join(" "));
        }
    });

    describe("a bad secrets: entry exits 1, names secrets.<name>, never the value, and writes nothing", () => {
        // [what, the secrets: line, a part of the value that must never be printed, the path, the message];
        // a name that is no identifier is quoted in the path, as everywhere in a spec (`secrets["1PASSWORD"]`).
        const cases: [string, string, string, string, RegExp][] = [
            ["a name that is no environment variable", `secrets: { admin-password: "hunter2-bad-name" }`, "hunter2-bad-name", "secrets.admin-password", /not an environment variable name.*"ADMIN_PASSWORD"/],
            ["a name starting with a digit", `secrets: { 1PASSWORD: "hunter2-digit" }`, "hunter2-digit", `secrets["1PASSWORD"]`, /not starting with a digit.*"_1PASSWORD"/],
            ["a line break that would inject another variable", `secrets: { ADMIN_PASSWORD: "hunter2-nl\\nLD_PRELOAD=/tmp/x.so" }`, "hunter2-nl", "secrets.ADMIN_PASSWORD", /line break/],
            ["a carriage return", `secrets: { ADMIN_PASSWORD: "hunter2-cr\\rX" }`, "hunter2-cr", "secrets.ADMIN_PASSWORD", /line break/],
            ["a NUL", `secrets: { ADMIN_PASSWORD: "hunter2-nul\\0" }`, "hunter2-nul", "secrets.ADMIN_PASSWORD", /NUL/],
            // 65,535 bytes of NAME=value is what docker run --env-file reads (MAX_ENV_LINE_BYTES); this is one more.
            ["a line too long for docker's env-file reader", `secrets: { LONG: "hunter2-long${"v".repeat(65535 - "LONG=hunter2-long".length + 1)}" }`, "hunter2-long", "secrets.LONG", /too long for docker run --env-file.*65535 bytes/],
            ["a number", `secrets: { PIN: 987654321 }`, "987654321", "secrets.PIN", /must be text; got a number \(value not shown\)/],
            ["a number beyond 2^53", `secrets: { PIN: 98765432109876543210 }`, "98765432109876543210", "secrets.PIN", /beyond 2\^53/],
        ];
        for (const [what, secrets, value, path, message] of cases) {
            it(what, async () => {
                const dir = fastTempDir();
                const spec = specFile(dir, SPEC(secrets));
                for (const argv of [["plan", spec], ["diff", spec, spec], ["render", spec, "--out", join(dir, "out")]]) {
                    const { code, out, err } = await run(argv);
                    assert.equal(code, 1, `${argv[0]}: ${err}`);
                    const line = err.split("\n").find((l) => l.includes(`${path}: `));
                    assert.ok(line, `${argv[0]}: no problem at ${path}: ${err}`);
                    assert.match(line, message);
                    assert.ok(!(out + err).includes(value), `${argv[0]} shows the value`);
                }
                assert.equal(existsSync(join(dir, "out")), false);
            });
        }
    });
});

describe("secrets: one name rule for spec files and the component", () => {
    it("the component uses the core's rule and message", () => {
        assert.equal(COMPONENT_ENV_NAME, ENV_NAME);
        for (const name of ["admin-password", "9LIVES", "lower", "A B", ""]) {
            assert.deepEqual(secretsProblems({ [name]: "v" }).map((p) => p.message), [envNameProblem(name)]);
            assert.deepEqual(specSecretsProblems({ secrets: { [name]: "v" } }).map((p) => p.message), [envNameProblem(name)]);
        }
        for (const name of ["ADMIN_PASSWORD", "_X", "A1"]) assert.equal(envNameProblem(name), undefined);
    });

    it("finds $env{} references once each, and writes env files only from safe values", () => {
        assert.deepEqual(envReferences(`a = "$env{B}"\nb = "$env{A}:$env{B}"\nc = "$ref{x}"`), ["A", "B"]);
        assert.equal(envFileText({ B: "2", A: "x=y" }).split("\n").slice(1).join("\n"), "A=x=y\nB=2\n");
        assert.throws(() => envFileText({ A: "x\nB=1" }), /secrets\.A/);
        const longest = "v".repeat(MAX_ENV_LINE_BYTES - "A=".length);
        assert.equal(envValueProblem("A", longest), undefined);
        assert.match(envValueProblem("A", `${longest}v`)!, /too long/);
        // Bytes, not characters: a 3-byte character counts three times.
        assert.match(envValueProblem("A", `${longest.slice(2)}✓`)!, /too long/);
    });

    it("does not warn of what the targets set (HOSTNAME, POD_IP)", () => {
        const configs = [{ instance: "is-1", text: `a = "$env{HOSTNAME}" b = "$env{POD_IP}" c = "$env{X}"` }];
        assert.deepEqual(envReferenceWarnings(configs, ["X"], ["HOSTNAME", "POD_IP"]), []);
        assert.equal(envReferenceWarnings(configs, [], ["HOSTNAME", "POD_IP"]).length, 1);
    });
});
