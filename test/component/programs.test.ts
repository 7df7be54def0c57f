import { CONTAINER, thrownBy, uploadOf } from "./helpers";
import { allRegistered, promiseOf, registeredResources, resetResources } from "../support/pulumi-mocks";
import * as pulumi from "@pulumi/pulumi";
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as ts from "typescript";
import { parse as parseYaml } from "yaml";
import { exposureMap } from "../../src/diff/exposure";
import { Plan } from "../../src/plan/types";
import { TWO_HOSTS_WKA } from "../docker/fixtures";

const ROOT = join(__dirname, "../..");
const EXAMPLES = join(ROOT, "examples/programs");
const examplePrograms = readdirSync(EXAMPLES).map((d) => join(EXAMPLES, d, "index.ts"));
const rootProgram = join(ROOT, "index.ts");
const policyPack = join(ROOT, "policy/index.ts");

/** The module specifiers a TypeScript file imports. */
function importsOf(path: string): string[] {
    const source = ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.ES2021);
    return source.statements.filter(ts.isImportDeclaration).map((d) => (d.moduleSpecifier as ts.StringLiteral).text);
}

/** Loads a Pulumi program afresh, as `pulumi up` would run it, and returns its exports (the stack outputs). */
async function runProgram(path: string): Promise<Record<string, any>> {
    resetResources();
    delete require.cache[require.resolve(path)];
    const outputs = require(path);
    await allRegistered();
    return outputs;
}

async function assertRegisteredAsPlanned(outputs: Record<string, any>): Promise<Plan> {
    const plan: Plan = await promiseOf(outputs.plan);
    const containers = registeredResources().filter((r) => r.type === CONTAINER);
    assert.deepEqual(containers.map((c) => c.inputs.name).sort(), plan.instances.map((i) => i.name).sort());
    for (const inst of plan.instances) {
        const inputs = containers.find((c) => c.inputs.name === inst.name)!.inputs;
        assert.deepEqual(inputs.ports.map((p: { internal: number; external: number }) => [p.internal, p.external]), inst.ports.map((p) => [p.port, p.port]));
        assert.equal(uploadOf(inputs).content, await promiseOf(outputs.deploymentTomls[inst.name]));
    }
    assert.deepEqual(Object.keys(await promiseOf(outputs.ports)).sort(), plan.instances.map((i) => i.name).sort());
    assert.ok(Array.isArray(await promiseOf(outputs.firewallRules)));
    assert.deepEqual(await promiseOf(outputs.exposure), exposureMap(plan));
    return plan;
}

describe("programs: the root program and examples/", () => {
    // Type-checking them here cost 13-18 s of the suite; `npm run typecheck` (CI runs it) checks
    // them with everything else in one program. This test keeps them in that program.
    it("npm run typecheck covers every program under examples/, the root index.ts and the policy pack", function () {
        const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
        assert.equal(pkg.scripts.typecheck, "tsc --noEmit -p tsconfig.json");
        const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
        assert.deepEqual(config.errors, []);
        assert.equal(config.options.noCheck, undefined, "tsconfig.json must type-check");
        for (const program of [...examplePrograms, rootProgram, policyPack]) assert.ok(config.fileNames.includes(program), `${program} is not in tsconfig.json's program`);
        assert.equal(examplePrograms.length, 2);
    });

    // Pulumi's Node.js host loads the `tsconfig` runtime option's file with its own reader
    // (@pulumi/pulumi tsutils, raw JSON: no `extends`) and runs ts-node transpile-only when
    // that file's compilerOptions.noCheck is true (cmd/run/run.js).
    const projects = [ROOT, ...examplePrograms.map((p) => join(p, ".."))];
    for (const dir of projects) {
        it(`Pulumi runs ${dir === ROOT ? "the root program" : dir.slice(ROOT.length + 1)} transpile-only: Pulumi.yaml's tsconfig sets noCheck itself`, () => {
            const project = parseYaml(readFileSync(join(dir, "Pulumi.yaml"), "utf8")) as { main: string; runtime: { name: string; options: { typescript: boolean; tsconfig: string } } };
            assert.equal(project.runtime.name, "nodejs");
            assert.equal(project.main, "index.ts");
            assert.equal(project.runtime.options.typescript, true);
            const tsconfig = join(dir, project.runtime.options.tsconfig);
            const { loadTypeScriptCompilerOptions } = require("@pulumi/pulumi/tsutils") as { loadTypeScriptCompilerOptions(path: string): Record<string, unknown> };
            assert.equal(loadTypeScriptCompilerOptions(tsconfig).noCheck, true, `${tsconfig}: noCheck as Pulumi reads it`);
            // ts-node, which does follow `extends`, still compiles the program from that file.
            const config = ts.getParsedCommandLineOfConfigFile(tsconfig, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
            assert.deepEqual(config.errors, []);
            assert.ok(config.fileNames.includes(join(dir, "index.ts")), `${tsconfig} compiles index.ts`);
        });
    }

    it("examples and the policy pack import the package by its name, as a consumer writes them", () => {
        for (const path of examplePrograms) {
            const imports = importsOf(path);
            assert.ok(imports.includes("pulumi-wso2"), path);
            assert.deepEqual(imports.filter((m) => m.startsWith(".")), [], path);
        }
        assert.deepEqual(importsOf(policyPack).sort(), ["@pulumi/policy", "pulumi-wso2/policy"]);
        const pack = JSON.parse(readFileSync(join(ROOT, "policy/package.json"), "utf8"));
        assert.equal(pack.dependencies["pulumi-wso2"], "file:..");
    });

    it("outside the tests, `pulumi-wso2` in an example resolves to this checkout (the package's self-reference through `exports`)", () => {
        // One node for every example: each resolves as a module in its folder would (createRequire).
        const script = `const { createRequire } = require("node:module");
            for (const p of JSON.parse(process.argv[1])) console.log(createRequire(p).resolve("pulumi-wso2/package.json"));`;
        const resolved = execFileSync(process.execPath, ["-e", script, JSON.stringify(examplePrograms)], { cwd: ROOT, encoding: "utf8" }).trim().split("\n");
        assert.deepEqual(resolved, examplePrograms.map(() => join(ROOT, "package.json")));
    });

    for (const path of examplePrograms) {
        it(`runs ${path.slice(ROOT.length + 1)} under the mock engine: containers as planned, outputs resolve`, async () => {
            const outputs = await runProgram(path);
            const plan = await assertRegisteredAsPlanned(outputs);
            assert.ok(plan.instances.length >= 3);
        });
    }

    it("two-hosts-wka example: one Docker provider per host, cluster ports on each host's address", async () => {
        const outputs = await runProgram(join(EXAMPLES, "two-hosts-wka/index.ts"));
        const providers = registeredResources().filter((r) => r.type === "pulumi:providers:docker").map((r) => [r.name, r.inputs.host]);
        assert.deepEqual(providers.sort(), [["wso2-host-a", "ssh://wso2@10.0.0.11"], ["wso2-host-b", "ssh://wso2@10.0.0.12"]]);
        const plan: Plan = await promiseOf(outputs.plan);
        const is1 = registeredResources().find((r) => r.type === CONTAINER && r.inputs.name === "is-1")!;
        const inst = plan.instances.find((i) => i.name === "is-1")!;
        const member = inst.ports.find((p) => p.exposure === "cluster")!;
        assert.equal(is1.inputs.ports.find((p: { internal: number }) => p.internal === member.port).ip, inst.address);
    });

    describe("root program (Pulumi.yaml)", () => {
        afterEach(() => pulumi.runtime.setAllConfig({}));

        it("reads the spec, Docker settings and daemons from wso2:deployment and exports the outputs", async () => {
            const docker = { bind: { management: "host" }, daemons: { "host-a": "ssh://wso2@10.0.0.11", "host-b": "ssh://wso2@10.0.0.12" } };
            pulumi.runtime.setAllConfig({ "wso2:deployment": JSON.stringify({ ...TWO_HOSTS_WKA, docker }) });
            const outputs = await runProgram(rootProgram);
            const plan = await assertRegisteredAsPlanned(outputs);
            const providers = registeredResources().filter((r) => r.type === "pulumi:providers:docker").map((r) => r.name).sort();
            assert.deepEqual(providers, ["wso2-host-a", "wso2-host-b"]);
            for (const inst of plan.instances) {
                const inputs = registeredResources().find((r) => r.type === CONTAINER && r.inputs.name === inst.name)!.inputs;
                for (const p of inst.ports.filter((x) => x.exposure === "management")) {
                    assert.equal(inputs.ports.find((q: { internal: number }) => q.internal === p.port).ip, inst.address, `${inst.name} ${p.port}`);
                }
            }
        });

        for (const [key, value, where] of [["target", "kubernetes", /`kubernetes:` block inside wso2:deployment/], ["dockerHosts", "{}", /`docker.daemons` inside wso2:deployment/]]) {
            it(`rejects the old wso2:${key} key naming where it moved, and registers nothing`, async () => {
                pulumi.runtime.setAllConfig({ "wso2:deployment": JSON.stringify(TWO_HOSTS_WKA), [`wso2:${key}`]: value as string });
                resetResources();
                delete require.cache[require.resolve(rootProgram)];
                const e = thrownBy(() => require(rootProgram));
                await allRegistered();
                assert.ok(pulumi.InputPropertyError.isInstance(e), String(e));
                assert.equal(e.propertyPath, `wso2:${key}`);
                assert.match(e.reason, where as RegExp);
                assert.deepEqual(registeredResources(), []);
            });
        }

        it("rejects an unknown target inside wso2:deployment with an input-property error and registers nothing", async () => {
            pulumi.runtime.setAllConfig({ "wso2:deployment": JSON.stringify({ ...TWO_HOSTS_WKA, target: { nomad: {} } }) });
            resetResources();
            delete require.cache[require.resolve(rootProgram)];
            const e = thrownBy(() => require(rootProgram));
            await allRegistered();
            assert.ok(pulumi.InputPropertyError.isInstance(e), String(e));
            assert.equal(e.propertyPath, "target");
            assert.match(e.reason, /top-level `docker:` or `kubernetes:`/);
            assert.deepEqual(registeredResources(), []);
        });
    });
});
