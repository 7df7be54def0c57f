/**
 * The programs in examples/yaml and examples/python use the component through
 * `pulumi package add ../../plugin`. With no Pulumi CLI here, they are checked against the
 * schema the running plugin infers: the YAML program's resource type, every property name and
 * enum value; the Python program byte-compiles, and every SDK class, keyword argument, enum
 * member and output it names is one the generated SDK has.
 */
import { strict as assert } from "assert";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { DEPLOYMENT_TYPE } from "../../src/component/deployment";
import { pluginHost } from "./host";
import { SchemaChecker } from "./schema-check";
import { PackageSchema } from "./schema-view";

const EXAMPLES = path.resolve(__dirname, "../../examples");

/** Pulumi's Python codegen: `instanceCount` -> `instance_count`, enum `IdentityServer` -> `IDENTITY_SERVER`. */
const snake = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();

interface PythonNames {
    calls: { name: string; keywords: string[] }[];
    enums: [string, string][];
    outputs: string[];
}

describe("examples in other languages, checked against the inferred schema", function () {
    this.timeout(120_000);
    let schema: PackageSchema;
    let checker: SchemaChecker;

    before(async () => {
        schema = JSON.parse(await (await pluginHost()).schema());
        checker = new SchemaChecker(schema);
    });

    describe("Pulumi YAML (examples/yaml/Pulumi.yaml)", () => {
        const program = parse(fs.readFileSync(path.join(EXAMPLES, "yaml/Pulumi.yaml"), "utf8"));

        it("declares the plugin as a package and uses wso2:index:Deployment", () => {
            assert.equal(program.runtime, "yaml");
            assert.equal(program.packages.wso2, "../../plugin");
            assert.ok(fs.existsSync(path.join(EXAMPLES, "yaml", program.packages.wso2, "PulumiPlugin.yaml")));
            assert.deepEqual(Object.values(program.resources).map((r: any) => r.type), [DEPLOYMENT_TYPE]);
        });

        it("gives only properties the schema has, every required one, and enum values it lists", () => {
            for (const resource of Object.values(program.resources) as { type: string; properties: Record<string, unknown> }[]) {
                assert.deepEqual(checker.checkResource(resource.type, resource.properties), []);
            }
        });

        it("exports only outputs the component has", () => {
            const refs = Object.values(program.outputs as Record<string, string>).map((v) => /^\$\{wso2\.(\w+)\}$/.exec(v)![1]);
            assert.deepEqual(refs.flatMap((r) => checker.checkOutputReference(DEPLOYMENT_TYPE, r)), []);
        });

        it("the check itself catches a misspelt property, a missing required one and a value outside an enum", () => {
            const products = [{ name: "is", product: "identity-servr", version: "7.0.0", instanceCont: 2, clustering: {} }];
            assert.deepEqual(checker.checkResource(DEPLOYMENT_TYPE, { products }).map((p) => p.split(" (")[0]), [
                "properties.products[0].instanceCont: no such property",
                'properties.products[0].product: "identity-servr" is not a Product',
                "properties.products[0].clustering.scheme: required",
            ]);
        });
    });

    describe("Python (examples/python/__main__.py)", () => {
        let names: PythonNames;

        before(function () {
            // .ci/run installs python3; elsewhere a missing one skips with the reason.
            if (spawnSync("python3", ["--version"]).error) this.skip();
            const script = path.join(__dirname, "python_names.py");
            names = JSON.parse(execFileSync("python3", [script, path.join(EXAMPLES, "python/__main__.py")], { encoding: "utf8" }));
        });

        it("byte-compiles and constructs wso2.Deployment with keyword arguments that are the component's inputs", () => {
            const inputs = Object.keys(schema.resources[DEPLOYMENT_TYPE].inputProperties).map(snake);
            const calls = names.calls.filter((c) => c.name === "Deployment");
            assert.equal(calls.length, 1);
            assert.deepEqual(calls[0].keywords.filter((k) => !inputs.includes(k)), []);
            assert.ok(calls[0].keywords.includes("products"));
        });

        it("builds each nested object with the SDK's <Type>Args class and that type's fields", () => {
            const argsCalls = names.calls.filter((c) => c.name !== "Deployment");
            assert.ok(argsCalls.length >= 5);
            for (const call of argsCalls) {
                const type = schema.types[`wso2:index:${call.name.replace(/Args$/, "")}`];
                assert.ok(call.name.endsWith("Args") && type?.properties, `${call.name} is an input type of the schema`);
                const fields = Object.keys(type.properties!).map(snake);
                assert.deepEqual(call.keywords.filter((k) => !fields.includes(k)), [], call.name);
            }
        });

        it("names enum members and outputs the SDK has", () => {
            assert.ok(names.enums.length >= 3);
            for (const [enumName, member] of names.enums) {
                const members = schema.types[`wso2:index:${enumName}`]?.enum?.map((e) => snake(e.name).toUpperCase());
                assert.ok(members?.includes(member), `wso2.${enumName}.${member}`);
            }
            const outputs = Object.keys(schema.resources[DEPLOYMENT_TYPE].properties).map(snake);
            assert.deepEqual(names.outputs.filter((o) => !outputs.includes(o)), []);
        });
    });
});
