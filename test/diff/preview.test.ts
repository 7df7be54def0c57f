// DRAFT for test/diff/preview.test.ts, unrun: needs src/render and src/firewall/rules, and the
// `exposure` output on Deployment. The mock engine first: the component must load after setMocks.
import { deploy } from "../component/helpers";
import { promiseOf, RegisteredResource } from "../support/pulumi-mocks";
import * as pulumi from "@pulumi/pulumi";
import { strict as assert } from "node:assert";
import { isDeepStrictEqual } from "node:util";
import { DeploymentArgs, FirewallHook } from "../../src/component/deployment";
import { exposureMap } from "../../src/diff/exposure";
import { planSpec } from "../../src/plan/planner";
import { DeploymentSpec, InstanceSpec } from "../../src/spec/types";

const RULE = "test:index:FirewallRule";

/** A user's firewall hook: one resource per rule, named from instance and port name, never a number. */
class FirewallRuleResource extends pulumi.CustomResource {
    constructor(name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
        super(RULE, name, props, opts);
    }
}

const firewall: FirewallHook = (rule, opts) =>
    new FirewallRuleResource(`fw-${rule.host}-${rule.instance}-${rule.portName}-${rule.protocol}`, { ...rule }, opts);

function spec(is: InstanceSpec[]): DeploymentSpec {
    return {
        hosts: [{ name: "host-a", address: "10.0.0.11" }],
        exposure: { public: ["0.0.0.0/0"], management: ["10.0.0.0/8"] },
        // Unclustered: a WKA member list names every member, so adding one rightly changes all configs.
        products: [
            { name: "is", product: "identity-server", version: "7.0.0", instances: is },
            { name: "mi", product: "micro-integrator", version: "4.2.0", instances: [{ name: "mi-1" }] },
        ],
    };
}

interface ChildChanges { added: string[]; removed: string[]; changed: string[] }

/** Children keyed by type and name, compared by their inputs: what `pulumi preview` would show. */
function compareChildren(before: RegisteredResource[], after: RegisteredResource[]): ChildChanges {
    const key = (r: RegisteredResource) => `${r.type}::${r.name}`;
    const old = new Map(before.map((r) => [key(r), r.inputs]));
    const now = new Map(after.map((r) => [key(r), r.inputs]));
    return {
        added: [...now.keys()].filter((k) => !old.has(k)).sort(),
        removed: [...old.keys()].filter((k) => !now.has(k)).sort(),
        changed: [...now.keys()].filter((k) => old.has(k) && !isDeepStrictEqual(old.get(k), now.get(k))).sort(),
    };
}

/** Child names derive from instance names (`wso2-is-1`, `fw-host-a-is-1-https-tcp`). */
const namesInstance = (key: string, inst: string) => {
    const name = key.split("::")[1];
    return name.endsWith(`-${inst}`) || name.includes(`-${inst}-`);
};

async function children(args: DeploymentArgs): Promise<RegisteredResource[]> {
    return (await deploy(args, { firewall })).children;
}

describe("component under the mock engine: a spec change touches only what it should", () => {
    it("appending an instance adds only its children and changes none", async () => {
        const before = await children(spec([{ name: "is-1" }, { name: "is-2" }]));
        const after = await children(spec([{ name: "is-1" }, { name: "is-2" }, { name: "is-3" }]));
        const diff = compareChildren(before, after);
        assert.deepEqual(diff.changed, []);
        assert.deepEqual(diff.removed, []);
        assert.ok(diff.added.length > 0);
        assert.ok(diff.added.every((k) => namesInstance(k, "is-3")), diff.added.join("\n"));
    });

    it("moving one offset changes only that instance's container and the firewall rules naming its ports", async () => {
        const before = await children(spec([{ name: "is-1", offset: 0 }, { name: "is-2", offset: 1 }]));
        const after = await children(spec([{ name: "is-1", offset: 7 }, { name: "is-2", offset: 1 }]));
        const diff = compareChildren(before, after);
        assert.deepEqual(diff.added, []);
        assert.deepEqual(diff.removed, []);
        assert.ok(diff.changed.includes("docker:index/container:Container::wso2-is-1"), diff.changed.join("\n"));
        assert.ok(diff.changed.some((k) => k.startsWith(`${RULE}::`)), "its firewall rules follow the ports");
        assert.ok(diff.changed.every((k) => namesInstance(k, "is-1")), diff.changed.join("\n"));
    });

    it("publishes the exposure map (keyed host/instance/port/protocol) as an output", async () => {
        const s = spec([{ name: "is-1" }, { name: "is-2" }]);
        const { component } = await deploy(s);
        assert.deepEqual(await promiseOf(component.exposure), exposureMap(planSpec(s).plan));
    });
});
