// The mock engine first: resources below register with it.
import { allRegistered, promiseOf, registeredResources, resetResources } from "../support/pulumi-mocks";
import * as pulumi from "@pulumi/pulumi";
import { strict as assert } from "node:assert";
import { Deployment } from "../../src/component/deployment";
import { FirewallPerHostHook, rulesByHost, runFirewallHooks } from "../../src/component/firewall-hooks";
import { firewallOptionsFromSpec } from "../../src/firewall/artifacts";
import { firewallRules } from "../../src/firewall/rules";
import { FirewallRule } from "../../src/firewall/types";
import { planSpec } from "../../src/plan/planner";
import { TWO_HOSTS_WKA } from "../docker/fixtures";

const GROUP = "test:index:SecurityGroup";
const RULE = "test:index:Rule";

class Fake extends pulumi.CustomResource {
    constructor(type: string, name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
        super(type, name, props, opts);
    }
}

function planned() {
    const { spec, plan } = planSpec(TWO_HOSTS_WKA);
    return { plan, rules: firewallRules(plan, firewallOptionsFromSpec(spec)) };
}

/** An inline-rule firewall per host, as AWS security groups with ingress blocks or a Hetzner firewall take them. */
const oneGroupPerHost: FirewallPerHostHook = (host, opts) =>
    new Fake(GROUP, `sg-${host.host}`, { address: host.address, ingress: host.rules.map((r) => ({ port: r.port, protocol: r.protocol, sources: r.sources })) }, opts);

describe("firewall hooks: any number of resources per call, per rule or per host", () => {
    const parent = new pulumi.ComponentResource("test:index:Parent", "parent");

    it("groups rules by host, hosts in order, each rule once, with the host's address", () => {
        const { plan, rules } = planned();
        const hosts = rulesByHost(rules, plan.instances);
        assert.deepEqual(hosts.map((h) => h.host), ["host-a", "host-b"]);
        assert.deepEqual(hosts.flatMap((h) => h.rules), [...rules].sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0)));
        for (const h of hosts) {
            assert.ok(h.rules.every((r) => r.host === h.host));
            assert.equal(h.address, plan.instances.find((i) => i.host === h.host)!.address);
        }
    });

    it("per host: one call and one resource per host, holding all of that host's rules", async () => {
        const { plan, rules } = planned();
        resetResources();
        const made = runFirewallHooks({ firewallPerHost: oneGroupPerHost }, rules, plan.instances, parent);
        await allRegistered();
        assert.equal(made.length, 2);
        const groups = registeredResources().filter((r) => r.type === GROUP);
        assert.deepEqual(groups.map((g) => g.name).sort(), ["sg-host-a", "sg-host-b"]);
        for (const g of groups) {
            const host = g.name.slice("sg-".length);
            assert.equal(g.inputs.ingress.length, rules.filter((r) => r.host === host).length);
        }
        assert.ok(rules.length > 2, "more rules than hosts: the grouping matters");
    });

    it("per rule: a hook may return several resources, one, or none (an inline-rule collector)", async () => {
        const { plan, rules } = planned();
        resetResources();
        const collected: FirewallRule[] = [];
        const made = runFirewallHooks({
            firewall: (rule, opts) => {
                if (rule.exposure === "cluster") return [new Fake(RULE, `${rule.instance}-${rule.portName}-v4`, {}, opts), new Fake(RULE, `${rule.instance}-${rule.portName}-v6`, {}, opts)];
                if (rule.exposure === "public") return new Fake(RULE, `${rule.instance}-${rule.portName}`, {}, opts);
                collected.push(rule);
                return undefined;
            },
        }, rules, plan.instances, parent);
        await allRegistered();
        const count = (c: string) => rules.filter((r) => r.exposure === c).length;
        assert.ok(count("cluster") > 0 && count("public") > 0 && collected.length > 0);
        assert.equal(made.length, 2 * count("cluster") + count("public"));
        assert.equal(registeredResources().filter((r) => r.type === RULE).length, made.length);
        assert.equal(collected.length, rules.length - count("cluster") - count("public"));
    });

    it("the component calls firewallPerHost once per host under itself and keeps what it made", async () => {
        resetResources();
        const seen: string[] = [];
        const component = new Deployment("wso2", TWO_HOSTS_WKA, { firewallPerHost: (host, opts) => { seen.push(host.host); return oneGroupPerHost(host, opts); } });
        await allRegistered();
        assert.deepEqual(seen, ["host-a", "host-b"]);
        assert.equal(component.firewallResources.length, 2);
        const groups = registeredResources().filter((r) => r.type === GROUP);
        assert.equal(groups.length, 2);
        const rules = await promiseOf(component.firewallRules);
        assert.equal(groups.reduce((n, g) => n + g.inputs.ingress.length, 0), rules.length);
    });

    it("rejects a hook result that is not a resource, naming the hook", () => {
        const { plan, rules } = planned();
        assert.throws(() => runFirewallHooks({ firewallPerHost: () => ({ id: "sg-1" }) as unknown as pulumi.Resource }, rules, plan.instances, parent),
            /the firewallPerHost hook returned \{"id":"sg-1"\}; return Pulumi resources, an array of them, or nothing/);
    });
});
