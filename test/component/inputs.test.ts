// The mock engine first: the component must load after setMocks.
import { CONTAINER, deploy, uploadOf } from "./helpers";
import { promiseOf, registeredResources } from "../support/pulumi-mocks";
import * as pulumi from "@pulumi/pulumi";
import { strict as assert } from "node:assert";
import { DeploymentArgs } from "../../src/component/args";
import { resolvedSubstitutions, substitute, substitutions, withPlaceholders } from "../../src/component/inputs";
import { prepareDeployment } from "../../src/component/prepare";
import { FirewallRule } from "../../src/firewall/types";
import { Plan } from "../../src/plan/types";

/** A stand-in for a VM created in the same stack: its `privateIp` is an Output the mock engine resolves. */
class Vm extends pulumi.CustomResource {
    public readonly privateIp!: pulumi.Output<string>;
    constructor(name: string, privateIp: string) {
        super("test:index:Vm", name, { privateIp });
    }
}

/** An Output that never becomes known, as an address is in a preview before its VM exists. */
function unknownOutput(): pulumi.Output<string> {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const OutputImpl = pulumi.Output as any;
    return new OutputImpl(new Set(), Promise.resolve(undefined), Promise.resolve(false), Promise.resolve(false), Promise.resolve(new Set()));
}

const WKA = (addressA: pulumi.Input<string>): DeploymentArgs => ({
    hosts: [{ name: "host-a", address: addressA }, { name: "host-b", address: "10.0.0.12" }],
    products: [{ name: "is", product: "identity-server", version: "7.0.0", instanceCount: 2, clustering: { scheme: "wka" } }],
    exposure: { public: ["0.0.0.0/0"], management: ["10.0.0.0/8"] },
});

const PLACEHOLDER = /198\.1[89]\.|pulumi-wso2\.invalid|pending@/;
const clusterPortOf = (plan: Plan, instance: string) => plan.instances.find((i) => i.name === instance)!.ports.find((p) => p.exposure === "cluster")!.port;

describe("component: Inputs where a value only flows", () => {
    it("takes a host address that is another resource's Output: bind address, members, rules and outputs carry the real value", async () => {
        const vm = new Vm("vm-a", "10.0.0.21");
        const deployed = await deploy(WKA(vm.privateIp));
        const plan = (await promiseOf(deployed.component.plan)) as Plan;
        assert.equal(plan.instances.find((i) => i.host === "host-a")!.address, "10.0.0.21");
        const containers = deployed.children.filter((c) => c.type === CONTAINER);
        assert.deepEqual(containers.map((c) => c.inputs.name).sort(), ["is-1", "is-2"]);
        const is1 = containers.find((c) => c.inputs.name === "is-1")!;
        const member = clusterPortOf(plan, "is-1");
        assert.equal(is1.inputs.ports.find((p: { internal: number }) => p.internal === member).ip, "10.0.0.21");
        // The other member dials host-a's real address.
        const is2 = uploadOf(containers.find((c) => c.inputs.name === "is-2")!.inputs).content;
        assert.match(is2, /10\.0\.0\.21:4000/);
        const rules: FirewallRule[] = await promiseOf(deployed.component.firewallRules);
        const intoB = rules.find((r) => r.host === "host-b" && r.exposure === "cluster")!;
        assert.deepEqual(intoB.sources, ["10.0.0.21/32"]);
        // No placeholder survives anywhere: child inputs, plan, configs, rules, exposure.
        for (const r of registeredResources()) assert.doesNotMatch(JSON.stringify(r.inputs), PLACEHOLDER, `${r.type} ${r.name}`);
        const outputs = [deployed.component.plan, deployed.component.exposure, deployed.component.firewallRules, ...Object.values(deployed.component.deploymentTomls)];
        for (const o of outputs) assert.doesNotMatch(JSON.stringify(await promiseOf(o as pulumi.Output<unknown>)), PLACEHOLDER);
    });

    for (const address of ["10.0.0.21", "2001:db8::21"]) {
        it(`an Output address (${address}) gives exactly the outputs and child inputs the plain address gives`, async () => {
            const snapshot = async (addressA: pulumi.Input<string>) => {
                const d = await deploy(WKA(addressA));
                const c = d.component;
                const outputs = await promiseOf(pulumi.all([c.plan, c.firewallRules, c.exposure, pulumi.all(c.deploymentTomls)]));
                return { outputs, children: d.children.map((r) => [r.type, r.name, r.inputs]) };
            };
            const plain = await snapshot(address);
            const flowing = await snapshot(pulumi.output(address));
            assert.deepEqual(flowing, plain);
            if (address.includes(":")) {
                const rules = plain.outputs[1] as FirewallRule[];
                assert.deepEqual(rules.find((r) => r.host === "host-b" && r.exposure === "cluster")!.sources, [`${address}/128`]);
            }
        });
    }

    it("with the address unknown (a preview before the VM exists) still registers every container and rule, with its ports", async () => {
        const hookRules: FirewallRule[] = [];
        const deployed = await deploy(WKA(unknownOutput()), { firewall: (rule) => { hookRules.push(rule); } });
        const containers = deployed.children.filter((c) => c.type === CONTAINER);
        // A placeholder never reaches the engine: what waits for the VM is sent as unknown.
        for (const r of deployed.children) assert.doesNotMatch(JSON.stringify(r.inputs), PLACEHOLDER, `${r.type} ${r.name}`);
        const known = await deploy(WKA("10.0.0.21"));
        // The same rules reach the hook, for the same ports; only their sources wait.
        assert.ok(hookRules.length > 4);
        assert.deepEqual(hookRules.map((r) => [r.host, r.instance, r.port, r.protocol, r.exposure]),
            (await promiseOf(known.component.firewallRules)).map((r) => [r.host, r.instance, r.port, r.protocol, r.exposure]));
        assert.deepEqual(containers.map((c) => c.inputs.name).sort(), ["is-1", "is-2"]);
        const ports = await promiseOf(deployed.component.ports);
        for (const c of containers) {
            // The numbers are known; only the bind address waits for the VM.
            assert.deepEqual(c.inputs.ports.map((p: { internal: number; external: number }) => [p.internal, p.external]),
                ports[c.inputs.name].map((p) => [p.port, p.port]), c.inputs.name);
        }
        assert.ok(Object.keys(ports).length === 2);
    });

    it("takes exposure CIDRs, an image and a Docker daemon URL as Outputs", async () => {
        const deployed = await deploy({
            hosts: [{ name: "host-a", address: "10.0.0.11" }],
            products: [{ name: "mi", product: "micro-integrator", version: "4.2.0", image: pulumi.output("registry.example.com/wso2mi:4.2.0-custom") }],
            exposure: { public: ["0.0.0.0/0"], management: [pulumi.output("192.0.2.0/24"), "10.0.0.0/8"] },
            docker: { daemons: { "host-a": pulumi.output("ssh://wso2@10.0.0.11") } },
        });
        const container = deployed.children.find((c) => c.type === CONTAINER)!;
        assert.equal(container.inputs.image, "registry.example.com/wso2mi:4.2.0-custom");
        const provider = deployed.children.find((c) => c.type === "pulumi:providers:docker")!;
        assert.equal(provider.inputs.host, "ssh://wso2@10.0.0.11");
        const exposure = await promiseOf(deployed.component.exposure);
        const management = Object.values(exposure).filter((e) => e.exposure === "management");
        assert.ok(management.length > 0);
        for (const e of management) assert.deepEqual(e.sources, ["10.0.0.0/8", "192.0.2.0/24"]);
    });

    it("validates the resolved values like plain ones: a bad address fails with its property path", async () => {
        // What the component does once the Inputs resolve (without children waiting on a failing Output).
        const { spec, pending } = withPlaceholders(WKA(pulumi.output("10.0.0.300")));
        assert.doesNotThrow(() => prepareDeployment(spec), "the placeholder plans");
        const resolved = resolvedSubstitutions(pending, (pairs) => prepareDeployment(substitute(spec, pairs)));
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        const failure = await (resolved as any).promise().then(() => undefined, (e: unknown) => e);
        assert.ok(pulumi.InputPropertyError.isInstance(failure), String(failure));
        assert.equal(failure.propertyPath, "hosts[0].address");
    });

    it("placeholders: unique, of the right shape, and substituted without touching other text", () => {
        const { spec, pending } = withPlaceholders({
            hosts: [{ name: "a", address: pulumi.output("x") }, { name: "b", address: "10.0.0.2" }, { name: "c", address: Promise.resolve("y") }],
            products: [{ name: "is", product: "identity-server", version: "7.0.0", image: pulumi.output("i") }],
            exposure: { management: [pulumi.output("c"), "10.0.0.0/8"] },
        });
        assert.deepEqual(pending.map((p) => [p.kind, p.path]), [["address", "hosts[0].address"], ["address", "hosts[2].address"], ["cidr", "exposure.management[0]"], ["image", "products[0].image"]]);
        assert.equal(new Set(pending.map((p) => p.placeholder)).size, 4);
        assert.equal(spec.hosts![1].address, "10.0.0.2");
        const pairs = substitutions(pending, ["10.0.0.1", "2001:db8::3", "192.0.2.0/24", "img:1"]);
        const text = `${spec.hosts![0].address}:4000 ${spec.hosts![2].address}/32 ${spec.exposure!.management![0]} ${spec.products[0].image} 10.0.0.2`;
        assert.equal(substitute(text, pairs), "10.0.0.1:4000 2001:db8::3/128 192.0.2.0/24 img:1 10.0.0.2");
    });
});
