import { strict as assert } from "node:assert";
import { peerConnections } from "../../src/wiring/keys";
import { HAZELCAST_MULTICAST_GROUP } from "../../src/catalog/products";
import { firewallArtifacts, firewallOptionsFromSpec, nftablesOptions } from "../../src/firewall/artifacts";
import { nftTableFor, renderNftables } from "../../src/firewall/nftables";
import { dockerTargetPlan } from "../../src/targets/docker";
import { renderConfigs } from "../../src/render";
import { compareRules, firewallRules } from "../../src/firewall/rules";
import { FirewallRule } from "../../src/firewall/types";
import { ARTIFACT_PRODUCERS } from "../../src/output/producers";
import { planSpec } from "../../src/plan/planner";
import { Plan } from "../../src/plan/types";
import { SpecError } from "../../src/spec/errors";
import { DeploymentSpec } from "../../src/spec/types";
import { exampleSpecs, instanceOf, LAB_SPEC, MIXED_IP_SPEC, MIXED_SPEC, NO_MANAGEMENT_SPEC, planOf, portOf, SAME_HOST_SPEC } from "./specs";

function rulesFor(rules: FirewallRule[], instance: string, portName: string): FirewallRule[] {
    return rules.filter((r) => r.instance === instance && r.portName === portName);
}

function onlyRule(rules: FirewallRule[], instance: string, portName: string): FirewallRule {
    const found = rulesFor(rules, instance, portName);
    assert.equal(found.length, 1, `${instance} ${portName}: expected one rule, got ${found.length}`);
    return found[0];
}

const ALL_SPECS: Record<string, DeploymentSpec> = { ...exampleSpecs(), LAB_SPEC, MIXED_SPEC, NO_MANAGEMENT_SPEC };

describe("firewall rules: derived from the plan", () => {
    for (const [name, spec] of Object.entries(ALL_SPECS)) {
        describe(name, () => {
            const plan = planOf(spec);
            const rules = firewallRules(plan);

            it("opens every public and management port to exactly its exposure CIDRs and its linked peers' hosts, and never an internal port", () => {
                const linked = peerConnections(plan).filter((c) => c.client.address !== c.target.address);
                const peerHosts = (inst: string, port: number) => [...new Set(linked.filter((c) => c.target.name === inst && c.port.port === port).map((c) => `${c.client.address}/32`))];
                for (const inst of plan.instances) {
                    for (const port of inst.ports) {
                        const found = rulesFor(rules, inst.name, port.name);
                        if (port.exposure === "internal") assert.deepEqual(found, [], `${inst.name} ${port.name} is internal`);
                        if (port.exposure !== "public" && port.exposure !== "management") continue;
                        const cidrs = [...new Set([...plan.exposure[port.exposure], ...peerHosts(inst.name, port.port)])];
                        if (cidrs.length === 0) {
                            assert.deepEqual(found, [], `${inst.name} ${port.name}: no ${port.exposure} CIDRs, so no rule`);
                            continue;
                        }
                        assert.equal(found.length, 1);
                        assert.equal(found[0].port, port.port);
                        assert.equal(found[0].protocol, port.protocol);
                        assert.equal(found[0].host, inst.host);
                        assert.equal(found[0].direction, "ingress");
                        assert.equal(found[0].sources.length, cidrs.length);
                    }
                }
            });

            it("opens cluster ports only to hosts of the same group's members", () => {
                for (const rule of rules.filter((r) => r.exposure === "cluster")) {
                    const inst = instanceOf(plan, rule.instance);
                    const memberAddresses = plan.instances.filter((i) => i.group === inst.group).map((i) => i.address);
                    for (const source of rule.sources) {
                        assert.ok(memberAddresses.some((a) => source === a || source.startsWith(`${a}/`)), `${rule.instance} ${rule.portName}: ${source} is no member host`);
                    }
                }
            });

            it("is sorted by host, port, protocol, instance, and the same on every call", () => {
                const sorted = [...rules].sort(compareRules);
                assert.deepEqual(rules, sorted);
                assert.deepEqual(firewallRules(plan), rules);
            });

            it("emits a rule only for a port the plan has on that instance and host", () => {
                for (const rule of rules) {
                    const inst = instanceOf(plan, rule.instance);
                    assert.equal(rule.host, inst.host);
                    assert.ok(inst.ports.some((p) => p.name === rule.portName && p.port === rule.port && p.protocol === rule.protocol));
                }
            });
        });
    }
});

describe("firewall rules: each class in detail", () => {
    const lab = planOf(LAB_SPEC);
    const labRules = firewallRules(lab);

    it("public ports take exposure.public, management ports exposure.management", () => {
        assert.deepEqual(onlyRule(labRules, "is-1", "https").sources, ["198.51.100.0/24"]);
        assert.deepEqual(onlyRule(labRules, "is-1", "http").sources, ["203.0.113.0/24"]);
        assert.equal(onlyRule(labRules, "is-1", "https").port, portOf(lab, "is-1", "https").port);
    });

    it("internal ports get no rule at all", () => {
        assert.equal(portOf(lab, "is-1", "ldap").exposure, "internal");
        assert.equal(portOf(lab, "is-1", "kdc").exposure, "internal");
        assert.deepEqual(rulesFor(labRules, "is-1", "ldap"), []);
        assert.deepEqual(rulesFor(labRules, "is-1", "kdc"), []);
        assert.ok(labRules.every((r) => r.exposure !== "internal"));
    });

    it("a WKA member port opens to the other member's host only, as a /32", () => {
        const rule = onlyRule(labRules, "is-1", "cluster");
        assert.deepEqual(rule.sources, ["192.0.2.11/32"]);
        assert.equal(rule.protocol, "tcp");
        assert.equal(rule.port, instanceOf(lab, "is-1").clustering!.localMemberPort);
        assert.deepEqual(onlyRule(labRules, "is-2", "cluster").sources, ["192.0.2.10/32"]);
        assert.equal(rule.destination, undefined);
    });

    it("multicast opens the UDP group port to every member host (own host too), only towards the group address", () => {
        const rule = onlyRule(labRules, "ism-1", "multicast");
        assert.equal(rule.protocol, "udp");
        assert.equal(rule.port, portOf(lab, "ism-1", "multicast").port);
        assert.deepEqual(rule.sources, ["192.0.2.10/32", "192.0.2.11/32"]);
        assert.equal(rule.destination, HAZELCAST_MULTICAST_GROUP.address);
    });

    it("multicast members also get their TCP member port, from the other member hosts", () => {
        const rule = onlyRule(labRules, "ism-1", "cluster");
        assert.equal(rule.protocol, "tcp");
        assert.equal(rule.port, instanceOf(lab, "ism-1").clustering!.localMemberPort);
        assert.deepEqual(rule.sources, ["192.0.2.11/32"]);
    });

    it("a different multicast group can be given per clustering group", () => {
        const rules = firewallRules(lab, { multicastGroups: { ism: "239.1.2.3" } });
        assert.equal(onlyRule(rules, "ism-1", "multicast").destination, "239.1.2.3");
    });

    it("reads the multicast group from the group's [clustering.properties] mcastAddress, object or TOML text", () => {
        const asObject = { ...LAB_SPEC, products: [LAB_SPEC.products[0], { ...LAB_SPEC.products[1], config: { clustering: { properties: { mcastAddress: "239.9.9.9" } } } }] };
        const asToml = { ...LAB_SPEC, products: [LAB_SPEC.products[0], { ...LAB_SPEC.products[1], configToml: "[clustering.properties]\nmcastAddress = \"239.8.8.8\"\n" }] };
        assert.deepEqual(firewallOptionsFromSpec(planSpec(asObject).spec).multicastGroups, { ism: "239.9.9.9" });
        assert.deepEqual(firewallOptionsFromSpec(planSpec(asToml).spec).multicastGroups, { ism: "239.8.8.8" });
        assert.deepEqual(firewallOptionsFromSpec(planSpec(LAB_SPEC).spec).multicastGroups, {});
    });

    it("a group whose members share one host opens no member port (loopback carries it)", () => {
        const plan = planOf(NO_MANAGEMENT_SPEC);
        const rules = firewallRules(plan);
        assert.equal(plan.instances.filter((i) => i.host === "solo").length, 2);
        assert.deepEqual(rules.filter((r) => r.exposure === "cluster"), []);
    });

    it("empty management leaves every management port without a rule, and the ruleset drops it", () => {
        const plan = planOf(NO_MANAGEMENT_SPEC);
        const rules = firewallRules(plan);
        assert.deepEqual(rules.filter((r) => r.exposure === "management"), []);
        const http = portOf(plan, "is-1", "http");
        const text = renderNftables(plan, "solo");
        assert.match(text, new RegExp(`^\\s*tcp dport ${http.port} counter drop`, "m"));
        assert.doesNotMatch(text, new RegExp(`tcp dport ${http.port} .*accept`));
    });

    it("hands every rule lists of its own: editing one changes no other rule and no later call", () => {
        const plan = planOf(exampleSpecs()["distributed-apim.yaml"]);
        const rules = firewallRules(plan);
        const alike = (a: FirewallRule, b: FirewallRule) => a !== b && a.sources.join() === b.sources.join();
        assert.ok(rules.some((r) => rules.some((o) => alike(r, o))), "the spec has rules with the same sources (the renderer shares such lists)");
        assert.ok(rules.some((r) => r.peers), "the spec has linked ports");
        const before = JSON.stringify(rules);
        for (const rule of rules) {
            rule.sources.push("192.0.2.250/32");
            rule.peers?.push("intruder");
        }
        assert.ok(rules.every((r) => r.sources.filter((s) => s === "192.0.2.250/32").length === 1 && (r.peers ?? ["intruder"]).filter((p) => p === "intruder").length === 1));
        assert.equal(JSON.stringify(firewallRules(plan)), before);
    });

    it("does not depend on instance order", () => {
        const shuffled: Plan = { ...lab, instances: [...lab.instances].reverse() };
        assert.deepEqual(firewallRules(shuffled), labRules);
    });
});

describe("firewall rules: address families and names", () => {
    const plan = planOf(MIXED_SPEC);
    const rules = firewallRules(plan);
    const onHost = (host: string) => plan.instances.find((i) => i.host === host && i.group === "is")!.name;

    it("keeps IPv4 and IPv6 exposure CIDRs side by side, and turns a bare address into a /32", () => {
        assert.deepEqual(onlyRule(rules, onHost("v4"), "https").sources, ["0.0.0.0/0", "2001:db8::/32"]);
        assert.deepEqual(onlyRule(rules, onHost("v4"), "http").sources, ["2001:db8:ffff::/48", "203.0.113.7/32"]);
    });

    it("gives IPv6 member hosts as /128, IPv4 as /32, and DNS-named hosts by name", () => {
        assert.deepEqual(onlyRule(rules, onHost("v4"), "cluster").sources, ["2001:db8::2/128", "wso2-c.example.com"]);
        assert.deepEqual(onlyRule(rules, onHost("v6"), "cluster").sources, ["192.0.2.1/32", "wso2-c.example.com"]);
        assert.deepEqual(onlyRule(rules, onHost("named"), "cluster").sources, ["192.0.2.1/32", "2001:db8::2/128"]);
    });

    it("refuses to render nftables for a DNS-named member (nft would resolve it once), naming the host and the fix", () => {
        assert.throws(() => renderNftables(plan, "v4"), (e: Error) => e instanceof SpecError &&
            /hosts\[2\]\.address: host "named" has the DNS name "wso2-c\.example\.com" as its address, and instance "is-\d" on host "v4" must admit it to \d+\/tcp \(cluster\).*give host "named" its IP address/.test(e.message));
    });

    it("renders IPv4 sources with `ip saddr`, IPv6 with `ip6 saddr`", () => {
        const ipPlan = planOf(MIXED_IP_SPEC);
        const host = ipPlan.instances.find((i) => i.host === "v4" && i.group === "is")!.name;
        const https = portOf(ipPlan, host, "https").port;
        const text = renderNftables(ipPlan, "v4");
        assert.match(text, new RegExp(`tcp dport ${https} ip saddr \\{ 0\\.0\\.0\\.0/0 \\} accept`));
        assert.match(text, new RegExp(`tcp dport ${https} ip6 saddr \\{ 2001:db8::/32 \\} accept`));
        const cluster = portOf(ipPlan, host, "cluster").port;
        assert.match(text, new RegExp(`tcp dport ${cluster} ip saddr \\{ 192\\.0\\.2\\.3/32 \\} accept`));
        assert.match(text, new RegExp(`tcp dport ${cluster} ip6 saddr \\{ 2001:db8::2/128 \\} accept`));
    });
});

describe("firewall: nftables text and the render artifact", () => {
    const plan = planOf(LAB_SPEC);
    const text = renderNftables(plan, "wso2");

    it("starts with the re-apply idiom and hooks input and forward with policy accept", () => {
        const lines = text.split("\n").filter((l) => l && !l.startsWith("#"));
        assert.deepEqual(lines.slice(0, 2), ["table inet wso2", "delete table inet wso2"]);
        assert.match(text, /type filter hook input priority filter; policy accept;/);
        assert.match(text, /type filter hook forward priority filter; policy accept;/);
        assert.match(text, /iif "lo" accept/);
    });

    it("judges exactly the ports planned on that host: one drop per port and chain, with instance and port name", () => {
        const planned = plan.instances.filter((i) => i.host === "wso2").flatMap((i) => i.ports.map((p) => ({ inst: i.name, ...p })));
        const keys = new Set(planned.map((p) => `${p.protocol} ${p.port}`));
        const inputDrops = [...text.matchAll(/^\s*(tcp|udp) dport (\d+) counter drop comment "([^"]*)"/gm)];
        const forwardDrops = [...text.matchAll(/^\s*ct status dnat meta l4proto (tcp|udp) ct original proto-dst (\d+) counter drop/gm)];
        assert.deepEqual(new Set(inputDrops.map((m) => `${m[1]} ${m[2]}`)), keys);
        assert.deepEqual(new Set(forwardDrops.map((m) => `${m[1]} ${m[2]}`)), keys);
        assert.equal(inputDrops.length, keys.size);
        const https = planned.find((p) => p.inst === "is-1" && p.name === "https")!;
        assert.ok(inputDrops.some((m) => m[2] === String(https.port) && m[3].includes("is-1 https")));
        const peerOnly = plan.instances.filter((i) => i.host === "peer").flatMap((i) => i.ports.map((p) => `${p.protocol} ${p.port}`)).filter((k) => !keys.has(k));
        for (const k of peerOnly) assert.ok(!inputDrops.some((m) => `${m[1]} ${m[2]}` === k));
    });

    it("accepts the multicast port only towards the group, from the member hosts", () => {
        const mcast = portOf(plan, "ism-1", "multicast").port;
        const accepts = text.split("\n").filter((l) => l.includes(`udp dport ${mcast}`) && l.includes("accept"));
        assert.equal(accepts.length, 1);
        assert.match(accepts[0], new RegExp(`ip daddr ${HAZELCAST_MULTICAST_GROUP.address.replace(/\./g, "\\.")} ip saddr \\{ 192\\.0\\.2\\.10/32, 192\\.0\\.2\\.11/32 \\} accept`));
    });

    it("renders a multicast port shared by two instances on one host once, naming both", () => {
        const three = { ...LAB_SPEC, products: [{ ...LAB_SPEC.products[1], instanceCount: 3 }] };
        const shared = planOf(three);
        assert.deepEqual(shared.instances.filter((i) => i.host === "wso2").map((i) => i.name), ["ism-1", "ism-3"]);
        const mcast = portOf(shared, "ism-1", "multicast").port;
        const lines = renderNftables(shared, "wso2").split("\n").filter((l) => l.includes(`udp dport ${mcast} `));
        const accepts = lines.filter((l) => l.includes("accept"));
        assert.equal(accepts.length, 1);
        assert.match(accepts[0], /comment "ism-1, ism-3 multicast \(cluster\)"/);
        assert.equal(lines.filter((l) => l.includes("drop")).length, 1);
    });

    it("throws for a host the plan does not have", () => {
        assert.throws(() => renderNftables(plan, "nowhere"), /host "nowhere" is not in the plan/);
    });

    it("is registered as a render producer writing <host>/firewall.nft for every host, world-readable", () => {
        assert.ok(ARTIFACT_PRODUCERS.includes(firewallArtifacts));
        const result = planSpec(LAB_SPEC);
        const artifacts = firewallArtifacts({ spec: result.spec, plan: result.plan, configs: [] });
        assert.deepEqual(artifacts.map((a) => a.path), ["wso2/firewall.nft", "peer/firewall.nft"]);
        assert.ok(artifacts.every((a) => a.mode === 0o644));
        assert.equal(artifacts[0].content, renderNftables(result.plan, "wso2"));
    });
});

describe("firewall: same-host members on a Docker bridge", () => {
    const { spec, plan } = planSpec(SAME_HOST_SPEC);
    const options = nftablesOptions(spec, plan);
    const bridgeLines = (text: string) => text.split("\n").filter((l) => l.includes("iifname"));
    const memberPort = (inst: string) => instanceOf(plan, inst).clustering!.localMemberPort!;

    it("admits the host's bridge to exactly the member ports of groups with two members on the host, in both chains", () => {
        const lines = bridgeLines(renderNftables(plan, "wso2", options));
        const ports = lines.map((l) => Number(/(?:dport|proto-dst) (\d+)/.exec(l)![1])).sort((a, b) => a - b);
        assert.deepEqual(ports, [memberPort("is-1"), memberPort("is-1"), memberPort("is-2"), memberPort("is-2")].sort((a, b) => a - b));
        assert.ok(lines.every((l) => l.includes(`iifname "${options.dockerBridges!.wso2}" accept`)), lines.join("\n"));
    });

    it("puts the bridge accept before the port's drop, so it takes effect", () => {
        const lines = renderNftables(plan, "wso2", options).split("\n");
        const port = memberPort("is-2");
        const accept = lines.findIndex((l) => l.includes(`tcp dport ${port} iifname`));
        const drop = lines.findIndex((l) => l.includes(`tcp dport ${port} counter drop`));
        assert.ok(accept >= 0 && accept < drop, `accept at ${accept}, drop at ${drop}`);
    });

    it("admits no bridge on a host where the group has one member, nor without dockerBridges", () => {
        assert.deepEqual(bridgeLines(renderNftables(plan, "peer", options)), []);
        assert.deepEqual(bridgeLines(renderNftables(plan, "wso2", firewallOptionsFromSpec(spec))), []);
    });

    it("admits no bridge for a multicast group (host network) nor a kubernetes-scheme group (never on Docker)", () => {
        for (const scheme of ["multicast", "kubernetes"] as const) {
            const three = { ...LAB_SPEC, products: [{ ...LAB_SPEC.products[1], clustering: { scheme }, instanceCount: 3 }] };
            const shared = planSpec(three);
            assert.equal(shared.plan.instances.filter((i) => i.host === "wso2").length, 2, scheme);
            assert.deepEqual(bridgeLines(renderNftables(shared.plan, "wso2", nftablesOptions(shared.spec, shared.plan))), [], scheme);
        }
    });

    it("names the same bridge the Docker target gives the host's network, for the same component name", () => {
        for (const name of ["wso2", "prod"]) {
            const docker = dockerTargetPlan({ name, spec, plan, configs: renderConfigs(spec, plan) });
            const bridges = nftablesOptions(spec, plan, name).dockerBridges!;
            for (const network of docker.networks) assert.equal(bridges[network.host], network.bridge, `${name} ${network.host}`);
        }
    });

    it("gives each (component, host) its own bridge, within Linux's 15-byte interface names", () => {
        const names = ["wso2", "prod", "a-very-long-component-name-indeed-longer-than-fifteen-bytes"].flatMap((d) => Object.values(nftablesOptions(spec, plan, d).dockerBridges!));
        assert.equal(new Set(names).size, names.length);
        for (const n of names) assert.match(n, /^[a-z0-9-]{1,15}$/);
    });

    it("gives each deployment its own nft table, so two on one host do not replace each other", () => {
        assert.equal(nftTableFor("wso2"), "wso2");
        assert.equal(nftTableFor("prod-wso2"), "prod-wso2");
        // Never sanitised: "a b" and "a_b" would both become one table (issue 10, finding 16).
        for (const bad of ["1st", "a b/c", "a b", "a_b", "Prod", "filter", "nat", `a${"b".repeat(63)}`]) assert.throws(() => nftTableFor(bad), SpecError, bad);
        assert.match(renderNftables(plan, "wso2", nftablesOptions(spec, plan, "prod")), /^table inet prod\ndelete table inet prod$/m);
    });
});
