import { strict as assert } from "node:assert";
import { DeploymentSpec, GroupSpec } from "../../src/spec/types";
import { parsePlan } from "../../src/plan/parse";
import { SpecError } from "../../src/spec/errors";
import { clashes, instance, plan, portOf, problemsOf } from "./helpers";

const is = (extra: Partial<GroupSpec> = {}): GroupSpec => ({ name: "is", product: "identity-server", version: "7.0.0", ...extra });
const apim = (extra: Partial<GroupSpec> = {}): GroupSpec => ({ name: "apim", product: "api-manager", version: "4.3.0", ...extra });
const mi = (extra: Partial<GroupSpec> = {}): GroupSpec => ({ name: "mi", product: "micro-integrator", version: "4.2.0", ...extra });
const twoHosts = [{ name: "host-a", address: "10.0.0.11" }, { name: "host-b", address: "10.0.0.12" }];

describe("planner", () => {
    describe("offsets", () => {
        it("defaults to one local host at 127.0.0.1 and names instances <group>-N", () => {
            const p = plan({ products: [is({ instanceCount: 2 })] });
            assert.deepEqual(p.hosts, [{ name: "local", address: "127.0.0.1" }]);
            assert.deepEqual(p.instances.map((i) => [i.name, i.host, i.address]), [["is-1", "local", "127.0.0.1"], ["is-2", "local", "127.0.0.1"]]);
        });

        it("gives two IS on one host the smallest clash-free offsets", () => {
            const p = plan({ products: [is({ instanceCount: 2 })] });
            assert.deepEqual(p.instances.map((i) => i.offset), [0, 1]);
            assert.deepEqual(clashes(p), []);
        });

        it("spreads unplaced instances round-robin over the hosts, so each host starts at offset 0", () => {
            const p = plan({ hosts: twoHosts, products: [is({ instanceCount: 3 })] });
            assert.deepEqual(p.instances.map((i) => [i.host, i.offset]), [["host-a", 0], ["host-b", 0], ["host-a", 1]]);
        });

        it("continues the round-robin from group to group, so one-instance groups fill every host before any shares one", () => {
            const p = plan({ hosts: twoHosts, products: [is(), apim({ instanceCount: 2 }), is({ name: "is-b", instances: [{ host: "host-a" }, {}] })] });
            assert.deepEqual(p.instances.map((i) => [i.name, i.host]), [
                ["is-1", "host-a"], ["apim-1", "host-b"], ["apim-2", "host-a"], ["is-b-1", "host-a"], ["is-b-2", "host-b"],
            ]);
            assert.deepEqual(clashes(p), []);
        });

        it("counts ports across products: API-M next to IS skips offsets where any shifted port would collide", () => {
            const p = plan({ products: [is(), apim()] });
            assert.equal(instance(p, "apim-1").offset, 1);
            assert.deepEqual(clashes(p), []);
        });

        it("avoids an explicit offset that another instance already spans", () => {
            const p = plan({ products: [is({ instances: [{ offset: 0 }, {}] }), apim({ instances: [{ offset: 1 }] })] });
            assert.equal(instance(p, "is-2").offset, 2);
            assert.deepEqual(clashes(p), []);
        });

        it("packs 30 API-M all-in-one instances on one host without a clash", () => {
            const p = plan({ products: [apim({ instanceCount: 30 })] });
            assert.equal(p.instances.length, 30);
            assert.deepEqual(clashes(p), []);
            assert.equal(Math.max(...p.instances.map((i) => i.offset)), 29, "dense: offsets 0..29");
        });

        it("gives each instance the lowest offset and member port free when its turn comes, around ports that later instances hold already", () => {
            // b's unshifted 9444 is claimed before any offset is chosen: a-2 cannot take offset 1 (https 9444), yet b itself can reach past it.
            const p = plan({ products: [
                is({ name: "a", instanceCount: 3 }),
                is({ name: "b", ports: [{ name: "pin", port: 9444, shifts: false }] }),
                is({ name: "c", clustering: { scheme: "wka" }, instances: [{}, {}, { localMemberPort: 4001 }, {}] }),
            ] });
            assert.deepEqual(p.instances.map((i) => [i.name, i.offset, i.clustering?.localMemberPort ?? null]), [
                ["a-1", 0, null], ["a-2", 2, null], ["a-3", 3, null], ["b-1", 4, null],
                ["c-1", 5, 4000], ["c-2", 6, 4002], ["c-3", 7, 4001], ["c-4", 8, 4003],
            ]);
        });

        it("is deterministic: the same spec gives the same plan", () => {
            const spec: DeploymentSpec = { hosts: twoHosts, products: [is({ instanceCount: 3, clustering: { scheme: "wka" } }), apim({ instanceCount: 2 }), mi()] };
            assert.deepEqual(plan(spec), plan(JSON.parse(JSON.stringify(spec))));
        });

        it("sorts each instance's ports by number, then protocol", () => {
            const p = plan({ products: [apim()] });
            const ports = instance(p, "apim-1").ports.map((x) => x.port);
            assert.deepEqual(ports, [...ports].sort((a, b) => a - b));
        });

        it("orders ports by number, then tcp before udp, where the offset moves a port past a fixed one and where the member port lands", () => {
            const hosts = ["h0", "h1", "h2", "h3"].map((name, i) => ({ name, address: `192.0.2.${i + 1}` }));
            const ports = [{ name: "fixed", port: 9446, shifts: false }, { name: "beacon", port: 9450, protocol: "udp" as const, shifts: false }];
            const instances = [{ host: "h0", offset: 0, localMemberPort: 9445 }, { host: "h1", offset: 7, localMemberPort: 9449 }, { host: "h2", offset: 2, localMemberPort: 9450 }, { host: "h3", offset: 4 }];
            const p = plan({ hosts, products: [is({ clustering: { scheme: "wka" }, ports, instances })] });
            const order = (name: string) => instance(p, name).ports.map((x) => `${x.name} ${x.port}/${x.protocol}`);
            assert.deepEqual(order("is-1"), ["https 9443/tcp", "cluster 9445/tcp", "fixed 9446/tcp", "beacon 9450/udp", "http 9763/tcp"]);
            assert.deepEqual(order("is-2"), ["fixed 9446/tcp", "cluster 9449/tcp", "https 9450/tcp", "beacon 9450/udp", "http 9770/tcp"]);
            assert.deepEqual(order("is-3"), ["https 9445/tcp", "fixed 9446/tcp", "cluster 9450/tcp", "beacon 9450/udp", "http 9765/tcp"]);
            assert.deepEqual(order("is-4"), ["cluster 4000/tcp", "fixed 9446/tcp", "https 9447/tcp", "beacon 9450/udp", "http 9767/tcp"]);
        });
    });

    describe("clustering", () => {
        it("gives WKA members on one host distinct local member ports from 4000, listed in every member", () => {
            const p = plan({ products: [is({ instanceCount: 3, clustering: { scheme: "wka" } })] });
            assert.deepEqual(p.instances.map((i) => i.clustering!.localMemberPort), [4000, 4001, 4002]);
            for (const i of p.instances) assert.deepEqual(i.clustering!.members, ["127.0.0.1:4000", "127.0.0.1:4001", "127.0.0.1:4002"]);
        });

        it("lists WKA members with their hosts' addresses, sorted, and reuses 4000 on each host", () => {
            const p = plan({ hosts: twoHosts, products: [is({ instanceCount: 2, clustering: { scheme: "wka" } })] });
            assert.deepEqual(instance(p, "is-1").clustering, { scheme: "wka", domain: "wso2.is.domain", localMemberPort: 4000, members: ["10.0.0.11:4000", "10.0.0.12:4000"] });
        });

        it("never hands out a local member port another group already has on the host", () => {
            const p = plan({ products: [is({ clustering: { scheme: "wka" } }), apim({ instanceCount: 2, clustering: { scheme: "kubernetes" } })] });
            assert.deepEqual(p.instances.map((i) => i.clustering!.localMemberPort), [4000, 4001, 4002]);
            assert.deepEqual(instance(p, "apim-1").clustering!.members, [], "kubernetes scheme discovers members itself");
        });

        it("honours an explicit local member port and plans the others around it", () => {
            const p = plan({ products: [is({ instances: [{}, { localMemberPort: 4000 }], clustering: { scheme: "wka" } })] });
            assert.deepEqual(p.instances.map((i) => i.clustering!.localMemberPort), [4001, 4000]);
        });

        it("lets multicast groups share 45564/udp on one host, each with its own domain and member port", () => {
            const p = plan({ products: [is({ instanceCount: 2, clustering: { scheme: "multicast" } }), apim({ clustering: { scheme: "multicast" } })] });
            assert.deepEqual(clashes(p), []);
            for (const i of p.instances) {
                assert.equal(i.ports.find((x) => x.name === "multicast")!.port, 45564);
                assert.deepEqual(i.clustering!.members, [], "multicast discovers members itself");
            }
            // Hazelcast binds the TCP member port under multicast too (HazelcastClusteringAgent).
            assert.deepEqual(p.instances.map((i) => i.clustering!.localMemberPort), [4000, 4001, 4002]);
            assert.notEqual(instance(p, "is-1").clustering!.domain, instance(p, "apim-1").clustering!.domain);
        });

        it("opens no cluster port for an unclustered group", () => {
            const p = plan({ products: [is()] });
            assert.equal(instance(p, "is-1").clustering, null);
            assert.ok(instance(p, "is-1").ports.every((x) => x.exposure !== "cluster"));
        });
    });

    describe("stability", () => {
        it("keeps every existing offset when an instance is appended", () => {
            const before = plan({ products: [is({ instanceCount: 2 }), apim()] });
            const after = plan({ products: [is({ instanceCount: 2 }), apim({ instanceCount: 2 })] });
            for (const i of before.instances) assert.deepEqual(instance(after, i.name), i);
        });

        it("keeps every existing offset with the previous plan, even when a group earlier in the spec grows", () => {
            const before = plan({ products: [is({ instanceCount: 1 }), apim()] });
            const naive = plan({ products: [is({ instanceCount: 2 }), apim()] });
            assert.notEqual(instance(naive, "apim-1").offset, instance(before, "apim-1").offset, "without the previous plan, is-2 takes apim-1's offset");
            const pinned = plan({ products: [is({ instanceCount: 2 }), apim()] }, before);
            assert.equal(instance(pinned, "apim-1").offset, instance(before, "apim-1").offset);
            assert.deepEqual(clashes(pinned), []);
        });

        it("drops a pin that an explicit offset now claims, instead of failing", () => {
            const before = plan({ products: [is(), apim()] });
            const after = plan({ products: [is({ instances: [{}, { name: "is-x", offset: 1 }] }), apim()] }, before);
            assert.notEqual(instance(after, "apim-1").offset, 1);
            assert.deepEqual(clashes(after), []);
        });
    });

    describe("bad input", () => {
        it("a previous plan's bad WKA member is reported in every instance that lists it, a good one read once is accepted in all", () => {
            const previous = JSON.parse(JSON.stringify(plan({ hosts: twoHosts, products: [is({ instanceCount: 3, clustering: { scheme: "wka" } })] })));
            for (const i of previous.instances) i.clustering.members = ["10.0.0.11:4000", "10.0.0.12:99999", "10.0.0.11:4001"];
            const origin = { where: (path: string) => `previous: ${path}`, fix: "re-plan" };
            const e = (() => { try { parsePlan(previous, origin); } catch (err) { return err; } })();
            assert.ok(e instanceof SpecError);
            assert.deepEqual(e.problems.map((p) => p.path), [0, 1, 2].map((i) => `previous: instances[${i}].clustering.members[1]`));
            for (const i of previous.instances) i.clustering.members.splice(1, 1);
            assert.deepEqual(parsePlan(previous, origin).instances.map((i) => i.clustering?.members), Array(3).fill(["10.0.0.11:4000", "10.0.0.11:4001"]));
        });

        it("rejects an unknown product, naming the group and the valid products", () => {
            const e = problemsOf({ products: [{ name: "x", product: "enterprise-integrator", version: "6.6.0" }] });
            assert.match(e.message, /unknown product "enterprise-integrator" in group "x"; use one of identity-server, api-manager/);
            assert.equal(e.problems[0].path, "products[0].product");
        });

        it("rejects a version outside the catalog and an unknown profile", () => {
            const e = problemsOf({ products: [is({ version: "5.10.0" }), apim({ profile: "gateway-worker" })] });
            assert.match(e.message, /identity-server 5.10.0 \(group "is"\) is not in the port catalog; supported identity-server versions: >= 5.11.0 and < 8.0.0/);
            assert.match(e.message, /unknown api-manager profile "gateway-worker" in group "apim"; use one of all-in-one, gateway, control-plane, traffic-manager, key-manager/);
        });

        it("rejects duplicate instance names across groups", () => {
            const e = problemsOf({ products: [is({ instances: [{ name: "node" }] }), apim({ instances: [{ name: "node" }] })] });
            assert.match(e.message, /duplicate instance name "node" \(also at products\[0\]\.instances\[0\]\)/);
        });

        it("rejects an offset that pushes a port past 65535, naming the port and the largest offset", () => {
            const jmxOn = { monitoring: { jmx: { rmi_server_start: true } } };
            const e = problemsOf({ products: [is({ instances: [{ name: "big", offset: 60000, config: jmxOn }] })] });
            assert.match(e.message, /instance "big": offset 60000 pushes port "jmx-server" \(11111\/tcp\) to 71111, past 65535; use an offset of at most 54424/);
            assert.equal(e.problems[0].path, "products[0].instances[0].offset");
        });

        it("rejects colliding explicit offsets, naming both instances, the port and a free offset", () => {
            const e = problemsOf({ products: [is({ instances: [{ name: "a", offset: 0 }] }), apim({ instances: [{ name: "b", offset: 0 }] })] });
            assert.match(e.message, /instance "b" at offset 0 listens on \d+\/tcp \("\S+"\), which instance "a" already uses \("\S+"\) on host "local"; offset 1 is free/);
        });

        it("suggests an offset that is free once every explicit offset in the spec is counted", () => {
            const e = problemsOf({ products: [is({ instances: [{ name: "a", offset: 0 }, { name: "b", offset: 0 }, { name: "c", offset: 1 }] })] });
            assert.match(e.message, /instance "b" at offset 0 listens on .*; offset 2 is free/, "offset 1 is c's, later in the spec");
            const fixed = plan({ products: [is({ instances: [{ name: "a", offset: 0 }, { name: "b", offset: 2 }, { name: "c", offset: 1 }] })] });
            assert.deepEqual(fixed.instances.map((i) => i.offset), [0, 2, 1], "the suggestion plans");
        });

        it("blames the mover when a shifted port lands on an unshifted one: a KDC port shifted onto the multicast group", () => {
            // IS 5.11's KDC is hard-coded off; a `ports:` override turns it on (a customised template).
            const kdcOn = { name: "old", product: "identity-server" as const, version: "5.11.0", instances: [{ name: "b", offset: 37564 }], ports: [{ name: "kdc", enabled: true }] };
            const e = problemsOf({ products: [is({ clustering: { scheme: "multicast" } }), kdcOn] });
            assert.match(e.message, /instance "b" at offset 37564 listens on 45564\/udp \("kdc"\), which instance "is-1" already uses \("multicast"\)/);
        });

        it("rejects a local member port another instance owns", () => {
            const e = problemsOf({ products: [is({ instances: [{ name: "a", localMemberPort: 4000 }, { name: "b", localMemberPort: 4000 }], clustering: { scheme: "wka" } })] });
            assert.match(e.message, /instance "b": localMemberPort 4000\/tcp is already used by instance "a" \("cluster"\) on host "local"; port 4001 is free/);
        });

        it("rejects clustering on a product without Hazelcast, and a local member port on an unclustered group", () => {
            const e = problemsOf({ products: [mi({ clustering: { scheme: "wka" } }), is({ instances: [{ name: "i", localMemberPort: 4100 }] })] });
            assert.match(e.message, /micro-integrator does not use Hazelcast clustering \(group "mi"\)/);
            assert.match(e.message, /instance "i": localMemberPort applies only to a clustered group, and group "is" is not clustered/);
        });

        it("rejects an unknown host and malformed CIDRs", () => {
            const e = problemsOf({ hosts: twoHosts, exposure: { public: ["0.0.0.0/33"] }, products: [is({ instances: [{ name: "i", host: "host-c" }] })] });
            assert.match(e.message, /instance "i" names host "host-c", which is not in `hosts` \(host-a, host-b\)/);
            assert.match(e.message, /exposure\.public\[0\]: "0\.0\.0\.0\/33" is not a CIDR: it has a prefix past \/32/);
        });

        it("rejects groups that share a cluster domain", () => {
            const e = problemsOf({ products: [is({ clustering: { scheme: "multicast", domain: "d" } }), apim({ clustering: { scheme: "multicast", domain: "d" } })] });
            assert.match(e.message, /groups "is" and "apim" share cluster domain "d"/);
        });

        it("reports every problem of a spec together, each with its path", () => {
            const e = problemsOf({
                products: [
                    { name: "x", product: "nope", version: "1.0.0" },
                    is({ instances: [{ name: "a", offset: 0 }, { name: "b", offset: 0 }] }),
                    apim({ instances: [{ name: "a" }] }),
                ],
            });
            const paths = e.problems.map((p) => p.path).sort();
            // The planner runs on what resolved, so the clash in products[1] shows beside the other groups' mistakes.
            assert.deepEqual(paths, ["products[0].product", "products[1].instances[1].offset", "products[2].instances[0].name"]);
            const e2 = problemsOf({ products: [is({ instances: [{ name: "a", offset: 0 }, { name: "b", offset: 0 }] }), apim({ instances: [{ name: "c", offset: 60000 }] })] });
            assert.deepEqual(e2.problems.map((p) => p.instance).sort(), ["b", "c"]);
        });

        it("rejects a spec that is not an object, or has no products", () => {
            assert.match(problemsOf(null).message, /must be an object with a `products` list/);
            assert.match(problemsOf({ products: [] }).message, /products: must hold at least 1 item/);
        });
    });
});
