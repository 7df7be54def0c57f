/**
 * The schema Pulumi infers from the component's TypeScript types (GetSchema of the running
 * plugin): what `pulumi package add` turns into the Python, Go, C#, Java and YAML SDKs. The
 * expected tables are docs/spec-shape.md's fields; a field added there and to the types
 * shows up here first.
 */
import { strict as assert } from "assert";
import { DEPLOYMENT_TYPE } from "../../src/component/deployment";
import { pluginHost } from "./host";
import { PackageSchema, reachableTypes, SchemaResource, view, viewProperties } from "./schema-view";

const EXPECTED_INPUTS = {
    "hosts?": "HostSpec[]",
    products: "GroupSpec[]",
    "exposure?": "ExposureSpec",
    "docker?": "DockerSettings",
    "kubernetes?": "KubernetesSettings",
    "secrets?": "{ [key]: Input<string> }",
    "previousPlan?": "{ [key]: any }",
};

const EXPECTED_OUTPUTS = {
    plan: "{ [key]: any }",
    ports: "{ [key]: PlannedPort[] }",
    deploymentTomls: "{ [key]: string }",
    firewallRules: "FirewallRule[]",
    exposure: "{ [key]: ExposureEntry }",
    links: "{ [key]: any }[]",
};

/** Every object type the args reach, field by field. */
const EXPECTED_INPUT_TYPES: Record<string, Record<string, string>> = {
    HostSpec: { name: "string", address: "Input<string>" },
    GroupSpec: {
        name: "string", product: "Product", version: "string", "profile?": "Profile",
        "instanceCount?": "number", "instances?": "InstanceSpec[]",
        "clustering?": "ClusteringSpec", "connect?": "ConnectSpec", "ports?": "PortOverride[]",
        "config?": "{ [key]: any }", "configToml?": "string", "secretKeys?": "string[]", "image?": "Input<string>",
    },
    InstanceSpec: { "name?": "string", "host?": "string", "offset?": "number", "localMemberPort?": "number", "config?": "{ [key]: any }", "configToml?": "string" },
    ClusteringSpec: { scheme: "ClusteringScheme", "domain?": "string" },
    ConnectSpec: { "controlPlane?": "string", "trafficManager?": "string", "keyManager?": "string", "serviceCatalog?": "string", "devportal?": "string" },
    PortOverride: {
        name: "string", "port?": "number", "protocol?": "Protocol", "exposure?": "ExposureClass",
        "shifts?": "boolean", "purpose?": "string", "disabled?": "boolean", "enabled?": "boolean",
    },
    ExposureSpec: { "public?": "Input<string>[]", "management?": "Input<string>[]" },
    DockerSettings: {
        "daemons?": "{ [key]: Input<string> }", "bind?": "DockerBindAddresses", "hostNetworkForClusters?": "boolean", "restart?": "string",
        "wait?": "boolean", "waitTimeoutSeconds?": "number",
    },
    DockerBindAddresses: { "public?": "string", "management?": "string", "internal?": "string", "cluster?": "string" },
    KubernetesSettings: {
        "namespace?": "string", "serviceType?": "KubernetesServiceType", "hostNetwork?": "boolean",
        "images?": "{ [key]: string }", "nodeNames?": "{ [key]: string }", "clusterDomain?": "string",
        "createNamespace?": "boolean", "resources?": "{ [key]: KubernetesResources }", "probeSources?": "string[]",
    },
    KubernetesResources: { "requests?": "KubernetesQuantities", "limits?": "KubernetesQuantities" },
    KubernetesQuantities: { "cpu?": "string", "memory?": "string" },
};

/** The object types of the outputs (the `plan` is JSON: Pulumi's schema has no null, and it is only passed back). */
const EXPECTED_OUTPUT_TYPES: Record<string, Record<string, string>> = {
    PlannedPort: { name: "string", port: "number", protocol: "Protocol", exposure: "ExposureClass", shifted: "boolean", purpose: "string" },
    FirewallRule: {
        host: "string", direction: "string", protocol: "Protocol", port: "number", sources: "string[]",
        instance: "string", portName: "string", exposure: "ExposureClass", purpose: "string", "destination?": "string", "peers?": "string[]",
    },
    ExposureEntry: { name: "string", exposure: "ExposureClass", sources: "string[]" },
};

const EXPECTED_ENUMS: Record<string, string[]> = {
    Product: ["identity-server", "api-manager", "micro-integrator", "streaming-integrator"],
    Profile: ["all-in-one", "gateway", "control-plane", "traffic-manager", "key-manager", "gateway-worker", "api-key-manager", "api-devportal", "api-publisher"],
    Protocol: ["tcp", "udp"],
    ExposureClass: ["public", "management", "internal", "cluster"],
    ClusteringScheme: ["wka", "multicast", "kubernetes", "none"],
    KubernetesServiceType: ["ClusterIP", "LoadBalancer", "NodePort"],
};

const sortKeys = (o: Record<string, string>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));

describe("plugin schema (GetSchema: inferred from the TypeScript types)", function () {
    this.timeout(120_000);
    let schema: PackageSchema;
    let deployment: SchemaResource;
    const type = (name: string) => schema.types[`wso2:index:${name}`];

    before(async () => {
        schema = JSON.parse(await (await pluginHost()).schema());
        deployment = schema.resources[DEPLOYMENT_TYPE];
    });

    it("is the package wso2 with one component, wso2:index:Deployment, the token the TypeScript class registers", () => {
        assert.equal(schema.name, "wso2");
        assert.equal(schema.version, require("../../package.json").version);
        assert.deepEqual(Object.keys(schema.resources), [DEPLOYMENT_TYPE]);
        assert.equal(deployment.isComponent, true);
        // No resource references: Docker daemons are URLs, so the SDKs depend on no other package.
        assert.deepEqual(schema.dependencies, []);
    });

    it("takes the spec's fields as inputs, products alone required", () => {
        assert.deepEqual(sortKeys(viewProperties(deployment.inputProperties)), sortKeys(EXPECTED_INPUTS));
        assert.deepEqual(deployment.requiredInputs, ["products"]);
    });

    it("has the outputs plan, ports, deploymentTomls, firewallRules, exposure and links, all always set", () => {
        assert.deepEqual(sortKeys(viewProperties(deployment.properties, true)), sortKeys(EXPECTED_OUTPUTS));
        assert.deepEqual(deployment.required, Object.keys(EXPECTED_OUTPUTS).sort());
    });

    it("describes every object type the args reach, field by field, with its type and whether it takes Outputs", () => {
        const reached = reachableTypes(schema, deployment.inputProperties).filter((n) => type(n).properties).sort();
        const actual = Object.fromEntries(reached.map((name) => [name, sortKeys(viewProperties(type(name).properties!))]));
        const expected = Object.fromEntries(Object.keys(EXPECTED_INPUT_TYPES).sort().map((name) => [name, sortKeys(EXPECTED_INPUT_TYPES[name])]));
        assert.deepEqual(actual, expected);
    });

    it("describes the object types of the outputs field by field", () => {
        const reached = reachableTypes(schema, deployment.properties).filter((n) => type(n).properties).sort();
        const actual = Object.fromEntries(reached.map((name) => [name, sortKeys(viewProperties(type(name).properties!, true))]));
        const expected = Object.fromEntries(Object.keys(EXPECTED_OUTPUT_TYPES).sort().map((name) => [name, sortKeys(EXPECTED_OUTPUT_TYPES[name])]));
        assert.deepEqual(actual, expected);
    });

    it("turns every closed set into an enum of its values, with names from the as-const objects", () => {
        for (const [name, values] of Object.entries(EXPECTED_ENUMS)) {
            assert.equal(type(name).type, "string", name);
            assert.deepEqual(type(name).enum!.map((e) => e.value), values, name);
        }
        assert.deepEqual(type("Product").enum!.map((e) => e.name), ["IdentityServer", "ApiManager", "MicroIntegrator", "StreamingIntegrator"]);
    });

    it("carries a description from the doc comments on the component, every input and output, and every field of their types", () => {
        assert.match(deployment.description ?? "", /without port clashes/);
        const undocumented: string[] = [];
        const check = (where: string, props: Record<string, { description?: string }>) => {
            for (const [name, p] of Object.entries(props)) if (!p.description?.trim()) undocumented.push(`${where}.${name}`);
        };
        check("inputs", deployment.inputProperties);
        check("outputs", deployment.properties);
        for (const [token, t] of Object.entries(schema.types)) check(token, t.properties ?? {});
        assert.deepEqual(undocumented, []);
        // The doc comment's text only: JSDoc tags that feed the JSON Schema (@pattern, @minimum) stay out.
        assert.equal(type("ClusteringSpec").properties!.domain.description, "Hazelcast cluster domain; defaults to `wso2.<group>.domain` so groups never merge.");
        assert.ok(Object.values(schema.types).every((t) => !JSON.stringify(t).includes("@pattern")));
    });

    it("keeps the free-form deployment.toml settings free-form (any value, Outputs included)", () => {
        assert.equal(view(type("GroupSpec").properties!.config), "{ [key]: any }");
        assert.equal(view(type("InstanceSpec").properties!.config), "{ [key]: any }");
    });
});
