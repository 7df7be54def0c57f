/**
 * The JSON Schema (schema/deployment.schema.json) and the validation built on it: the committed
 * file is what src/spec/types.ts generates, every example validates, and a table of bad specs
 * each exits 1 from the CLI naming its property path and writing nothing. Shape errors in the
 * table are also rejected by ajv used directly, not through the project's code.
 */
import Ajv from "ajv";
import { strict as assert } from "node:assert";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml, stringify } from "yaml";
import { schemaDigest, sourcesDigest, VALIDATORS_PATH } from "../../scripts/schema-generator";
import { planSpec } from "../../src/plan/planner";
import { SpecError } from "../../src/spec/errors";
import { closestName } from "../../src/spec/suggest";
import { run, tempDir } from "../render/helpers";

const ROOT = join(__dirname, "../..");
const SCHEMA = JSON.parse(readFileSync(join(ROOT, "schema/deployment.schema.json"), "utf8"));
const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
const validate = ajv.compile(SCHEMA);

type Spec = Record<string, any>;
const BASE: Spec = {
    hosts: [{ name: "h1", address: "192.0.2.10" }, { name: "h2", address: "192.0.2.11" }],
    products: [
        { name: "is", product: "identity-server", version: "7.0.0", instanceCount: 2, clustering: { scheme: "wka" }, ports: [{ name: "https", exposure: "public" }] },
        { name: "apim", product: "api-manager", version: "4.3.0", instances: [{ name: "apim-1", host: "h1", offset: 10 }] },
    ],
    exposure: { public: ["0.0.0.0/0"], management: ["10.0.0.0/8", "192.0.2.0/24"] },
};

interface BadSpec {
    name: string;
    change: (s: Spec) => void;
    /** The property path the error must name. */
    path: string;
    /** A shape error: a standard JSON Schema validator rejects it too. */
    shape: boolean;
    message?: RegExp;
}

const at = (s: Spec, i: number) => s.products[i];
const BAD: BadSpec[] = [
    { name: "misspelled top-level key", change: (s) => { s.hots = s.hosts; }, path: "hots", shape: true, message: /did you mean "hosts"/ },
    { name: "misspelled target block", change: (s) => { s.kubernets = {}; }, path: "kubernets", shape: true, message: /did you mean "kubernetes"/ },
    { name: "misspelled exposure", change: (s) => { s.exposur = s.exposure; }, path: "exposur", shape: true },
    { name: "misspelled host field", change: (s) => { s.hosts[0].adress = "192.0.2.10"; }, path: "hosts[0].adress", shape: true, message: /did you mean "address"/ },
    { name: "misspelled group field clustering", change: (s) => { at(s, 0).clustring = { scheme: "wka" }; }, path: "products[0].clustring", shape: true, message: /did you mean "clustering"/ },
    { name: "misspelled instances", change: (s) => { at(s, 0).instnaces = 2; }, path: "products[0].instnaces", shape: true, message: /did you mean "instances"/ },
    { name: "misspelled secretKeys", change: (s) => { at(s, 0).secretkeys = ["a.b"]; }, path: "products[0].secretkeys", shape: true, message: /did you mean "secretKeys"/ },
    { name: "misspelled image", change: (s) => { at(s, 1).imgae = "x"; }, path: "products[1].imgae", shape: true, message: /did you mean "image"/ },
    { name: "misspelled ports", change: (s) => { at(s, 1).prots = []; }, path: "products[1].prots", shape: true, message: /did you mean "ports"/ },
    { name: "misspelled instance offset", change: (s) => { at(s, 1).instances[0].ofset = 3; }, path: "products[1].instances[0].ofset", shape: true, message: /did you mean "offset"/ },
    { name: "misspelled instance host", change: (s) => { at(s, 1).instances[0].hots = "h1"; }, path: "products[1].instances[0].hots", shape: true, message: /did you mean "host"/ },
    { name: "misspelled clustering scheme key", change: (s) => { at(s, 0).clustering = { shceme: "wka" }; }, path: "products[0].clustering.shceme", shape: true },
    { name: "misspelled port override field", change: (s) => { at(s, 0).ports[0].exposre = "public"; }, path: "products[0].ports[0].exposre", shape: true, message: /did you mean "exposure"/ },
    { name: "misspelled docker setting", change: (s) => { s.docker = { bnid: {} }; }, path: "docker.bnid", shape: true, message: /did you mean "bind"/ },
    { name: "misspelled kubernetes setting", change: (s) => { s.kubernetes = { namespce: "wso2" }; }, path: "kubernetes.namespce", shape: true, message: /did you mean "namespace"/ },
    { name: "misspelled exposure class", change: (s) => { s.exposure.managment = []; }, path: "exposure.managment", shape: true, message: /did you mean "management"/ },
    { name: "count as text", change: (s) => { at(s, 0).instanceCount = "2"; }, path: "products[0].instanceCount", shape: true, message: /must be a whole number; got "2"/ },
    { name: "hosts as an object", change: (s) => { s.hosts = { h1: "192.0.2.10" }; }, path: "hosts", shape: true, message: /must be a list/ },
    { name: "negative offset", change: (s) => { at(s, 1).instances[0].offset = -9000; }, path: "products[1].instances[0].offset", shape: true },
    { name: "fractional offset", change: (s) => { at(s, 1).instances[0].offset = 1.5; }, path: "products[1].instances[0].offset", shape: true },
    { name: "offset as text", change: (s) => { at(s, 1).instances[0].offset = "3"; }, path: "products[1].instances[0].offset", shape: true },
    { name: "unknown clustering scheme", change: (s) => { at(s, 0).clustering.scheme = "wkaa"; }, path: "products[0].clustering.scheme", shape: true, message: /did you mean "wka"/ },
    { name: "misspelled product", change: (s) => { at(s, 1).product = "api-manger"; }, path: "products[1].product", shape: true, message: /did you mean "api-manager"/ },
    { name: "unknown protocol", change: (s) => { at(s, 0).ports[0].protocol = "sctp"; }, path: "products[0].ports[0].protocol", shape: true },
    { name: "version YAML read as a number", change: (s) => { at(s, 0).version = 7.0; }, path: "products[0].version", shape: true, message: /YAML read the version as the number 7; quote it/ },
    { name: "version without a patch part", change: (s) => { at(s, 0).version = "7.0"; }, path: "products[0].version", shape: true, message: /^(?!.*quote it).*not an exact version.*supported identity-server versions/ },
    { name: "version with one part", change: (s) => { at(s, 1).version = "4"; }, path: "products[1].version", shape: true, message: /not an exact version/ },
    { name: "version with an update part", change: (s) => { at(s, 1).version = "4.2.0.1"; }, path: "products[1].version", shape: true, message: /"4\.2\.0\.1" is not an exact version/ },
    { name: "version with a v prefix", change: (s) => { at(s, 0).version = "v7.0.0"; }, path: "products[0].version", shape: true, message: /^(?!.*quote it).*not an exact version/ },
    { name: "version outside the catalog", change: (s) => { at(s, 0).version = "9.0.0"; }, path: "products[0].version", shape: false, message: /not in the port catalog/ },
    { name: "malformed IPv4 address", change: (s) => { s.hosts[0].address = "999.0.0.1"; }, path: "hosts[0].address", shape: false },
    { name: "a CIDR list injected as an address", change: (s) => { s.hosts[1].address = "10.9.0.3/32,0.0.0.0/0"; }, path: "hosts[1].address", shape: false },
    { name: "CIDR that is nonsense", change: (s) => { s.exposure.management.push("nonsense"); }, path: "exposure.management[2]", shape: false, message: /"nonsense" is not a CIDR/ },
    { name: "CIDR with host bits", change: (s) => { s.exposure.management[0] = "10.0.0.1/8"; }, path: "exposure.management[0]", shape: false, message: /"10\.0\.0\.0\/8"/ },
    { name: "CIDR prefix nft reads as octal", change: (s) => { s.exposure.public[0] = "10.1.0.0/016"; }, path: "exposure.public[0]", shape: false },
    { name: "shell injection in a group name", change: (s) => { at(s, 0).name = "is; rm -rf /"; }, path: "products[0].name", shape: true },
    { name: "nft injection in a host name", change: (s) => { s.hosts[0].name = "h1 } flush ruleset"; }, path: "hosts[0].name", shape: true },
    { name: "path traversal in an instance name", change: (s) => { at(s, 1).instances[0].name = "../../etc"; }, path: "products[1].instances[0].name", shape: true },
    { name: "old spelling: a count in instances", change: (s) => { delete at(s, 0).instanceCount; at(s, 0).instances = 3; }, path: "products[0].instances", shape: true, message: /instanceCount: 3/ },
    { name: "old spelling: TOML text in config", change: (s) => { at(s, 0).config = "[server]\nhostname = \"x\"\n"; }, path: "products[0].config", shape: true, message: /configToml/ },
    { name: "old spelling: target", change: (s) => { s.target = { docker: {} }; }, path: "target", shape: true, message: /top-level `docker:` or `kubernetes:`/ },
    { name: "config and configToml both", change: (s) => { at(s, 0).config = {}; at(s, 0).configToml = ""; }, path: "products[0]", shape: false, message: /not both/ },
    { name: "a host the spec does not declare", change: (s) => { at(s, 1).instances[0].host = "h9"; }, path: "products[1].instances[0].host", shape: false },
    // Found only by rendering the configs: plan used to pass these, render refused them.
    { name: "a config offset that contradicts the plan", change: (s) => { at(s, 1).config = { server: { offset: 3 } }; }, path: "products[1].config", shape: false, message: /`server\.offset` = 3 .* contradicts the plan/ },
    { name: "config text that is not TOML", change: (s) => { at(s, 1).configToml = "[server\noffset = "; }, path: "products[1].configToml", shape: false },
    // Found only by rendering the rulesets (plan renders them when a host is named by DNS).
    { name: "a cluster member on a host named by DNS", change: (s) => { s.hosts[1].address = "node2.example.com"; }, path: "hosts[1].address", shape: false, message: /DNS name "node2\.example\.com".*give host "h2" its IP address/ },
    { name: "a secretKeys entry that names no key", change: (s) => { at(s, 1).secretKeys = ["database.nosuch.password"]; }, path: "products[1].secretKeys[0]", shape: false, message: /names no key/ },
];

const shapeOnlyValid = (spec: unknown) => validate(spec) === true;

describe("spec schema: schema/deployment.schema.json", () => {
    it("is what src/spec/types.ts generates (run `npm run schema` after editing the types)", () => {
        const recorded = /sources-sha256:([0-9a-f]{64})/.exec(SCHEMA.$comment)?.[1];
        assert.equal(recorded, sourcesDigest(), "schema/deployment.schema.json is stale: run `npm run schema`");
    });

    it("is what the generated validators were compiled from (run `npm run schema` after editing the schema)", () => {
        const recorded = /schema-sha256:([0-9a-f]{64})/.exec(readFileSync(VALIDATORS_PATH, "utf8"))?.[1];
        assert.equal(recorded, schemaDigest(readFileSync(join(ROOT, "schema/deployment.schema.json"), "utf8")), "src/spec/schema-validators.generated.ts is stale: run `npm run schema`");
    });

    it("closes every object except the free-form config maps", () => {
        const open: string[] = [];
        for (const [name, def] of Object.entries<any>(SCHEMA.definitions)) {
            for (const [prop, sub] of Object.entries<any>(def.properties ?? {})) {
                if (sub.type === "object" && !sub.properties && sub.additionalProperties === undefined) open.push(`${name}.${prop}`);
            }
            if (def.type === "object" && def.properties && def.additionalProperties !== false) open.push(name);
        }
        assert.deepEqual(open.sort(), ["GroupSpec.config", "InstanceSpec.config"]);
        assert.match(SCHEMA.definitions.GroupSpec.properties.clustering.$ref ?? "", /ClusteringSpec/);
        assert.equal(typeof SCHEMA.definitions.GroupSpec.properties.name.description, "string", "doc comments become descriptions");
    });

    const exampleSpecs = readdirSync(join(ROOT, "examples/specs")).filter((f) => f.endsWith(".yaml"));
    for (const file of exampleSpecs) {
        it(`validates examples/specs/${file}, which names the schema for editors`, () => {
            const text = readFileSync(join(ROOT, "examples/specs", file), "utf8");
            assert.match(text.split("\n")[0], /^# yaml-language-server: \$schema=\.\.\/\.\.\/schema\/deployment\.schema\.json$/);
            assert.ok(shapeOnlyValid(parseYaml(text)), ajv.errorsText(validate.errors));
        });
    }

    it("validates the stack config of Pulumi.dev.yaml.example", () => {
        const config = parseYaml(readFileSync(join(ROOT, "Pulumi.dev.yaml.example"), "utf8")).config["wso2:deployment"];
        assert.ok(shapeOnlyValid(config), ajv.errorsText(validate.errors));
    });

    it("accepts the base spec of the table, so each row's error is its own", () => {
        assert.ok(shapeOnlyValid(BASE), ajv.errorsText(validate.errors));
        assert.doesNotThrow(() => planSpec(BASE));
    });
});

describe("spec schema: a table of bad specs", () => {
    const work = tempDir();
    it("holds at least 30 bad specs", () => assert.ok(BAD.length >= 30, String(BAD.length)));

    BAD.forEach((row, i) => {
        it(`${row.name}: exit 1 from plan and render, names ${row.path}, writes nothing`, async () => {
            const spec = structuredClone(BASE);
            row.change(spec);
            const file = join(work, `bad-${i}.yaml`);
            writeFileSync(file, stringify(spec));
            const plan = await run(["plan", file]);
            assert.equal(plan.code, 1, plan.err);
            assert.equal(plan.out, "");
            const out = join(work, `out-${i}`);
            const render = await run(["render", file, "--out", out]);
            assert.equal(render.code, 1, render.err);
            assert.ok(!existsSync(out), "render wrote nothing");
            const line = render.err.split("\n").find((l) => l.startsWith(`  - ${row.path}: `));
            assert.ok(line, `no problem at ${row.path} in:\n${render.err}`);
            if (row.message) assert.match(line!.slice(`  - ${row.path}: `.length), row.message);
            assert.equal(plan.err, render.err, "plan runs the same validation as render");
            assert.equal(shapeOnlyValid(spec), !row.shape, row.shape ? "ajv alone rejects it" : `ajv alone accepts it: ${ajv.errorsText(validate.errors)}`);
        });
    });
});

describe("spec validation: every problem in one run", () => {
    it("a shape error hides no planner error: a typo in one group and a clash in another are both reported", () => {
        const spec = structuredClone(BASE);
        spec.products[0].clustring = {};
        spec.products[1].instances.push({ name: "apim-2", host: "h1", offset: 10 });
        const e = (() => { try { planSpec(spec); } catch (x) { return x as SpecError; } })()!;
        assert.ok(e instanceof SpecError);
        assert.deepEqual(e.problems.map((p) => p.path), ["products[0].clustring", "products[1].instances[1].offset"]);
    });

    it("suggests only close names", () => {
        assert.equal(closestName("clustring", ["clustering", "config"]), "clustering");
        assert.equal(closestName("kubernets", ["kubernetes", "docker"]), "kubernetes");
        assert.equal(closestName("zzz", ["hosts", "products"]), undefined);
        assert.equal(closestName("ab", ["id"]), undefined);
    });
});
