import { strict as assert } from "node:assert";
import { compareReach, diffPlans, HostDiff, PlanDiff } from "../../src/diff/diff";
import { covers } from "../../src/diff/cidr";
import { EXPOSURE_ORDER, exposureKey, exposureMap, exposureRank, exposureTable } from "../../src/diff/exposure";
import { formatDiff } from "../../src/diff/format";
import { Plan } from "../../src/plan/types";
import { DeploymentSpec, GroupSpec } from "../../src/spec/types";
import { instance, plan, portOf } from "../plan/helpers";

const HOSTS = [{ name: "host-a", address: "10.0.0.11" }, { name: "host-b", address: "10.0.0.12" }];
const EXPOSURE = { public: ["0.0.0.0/0"], management: ["10.0.0.0/8"] };

function is(extra: Partial<GroupSpec> = {}): GroupSpec {
    return { name: "is", product: "identity-server", version: "7.0.0", ...extra };
}

function spec(products: GroupSpec[], exposure = EXPOSURE): DeploymentSpec {
    return { hosts: HOSTS, products, exposure };
}

function only(diff: PlanDiff, host: string): HostDiff {
    const h = diff.hosts.find((x) => x.host === host);
    if (!h) throw new Error(`no changes on ${host}: ${JSON.stringify(diff.hosts.map((x) => x.host))}`);
    return h;
}

/** Every non-empty section of a host diff, by name, to assert that nothing else changed. */
function sectionsWithChanges(h: HostDiff): string[] {
    return (Object.keys(h) as (keyof HostDiff)[]).filter((k) => k !== "host" && (h[k] as unknown[]).length > 0);
}

const base = () => plan(spec([is({ instances: [{ name: "is-1", host: "host-a", offset: 0 }] })]));

describe("exposureTable", () => {
    it("gives one row per planned port, with the sources of its class", () => {
        // IS 5.11: its embedded LDAP is an internal port.
        const p = plan(spec([is({ version: "5.11.0", instanceCount: 2, clustering: { scheme: "wka" } })]));
        const rows = exposureTable(p);
        assert.equal(rows.length, p.instances.reduce((n, i) => n + i.ports.length, 0));
        const row = (inst: string, name: string) => rows.find((r) => r.instance === inst && r.name === name)!;
        assert.deepEqual(row("is-1", "https"), { host: "host-a", instance: "is-1", port: portOf(p, "is-1", "https"), protocol: "tcp", name: "https", exposure: "public", sources: ["0.0.0.0/0"] });
        assert.deepEqual(row("is-1", "http").sources, ["10.0.0.0/8"]);
        assert.deepEqual(row("is-2", "cluster").sources, ["members of is"]);
        assert.deepEqual(row("is-1", "ldap").sources, []);
    });

    it("sorts by host, port, protocol, instance and holds only strings, numbers and string lists", () => {
        const rows = exposureTable(plan(spec([is({ instanceCount: 3 }), { name: "mi", product: "micro-integrator", version: "4.2.0", instanceCount: 2 }])));
        const keys = rows.map((r) => [r.host, r.port, r.protocol, r.instance] as const);
        const sorted = [...keys].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : a[3] < b[3] ? -1 : a[3] > b[3] ? 1 : 0)));
        assert.deepEqual(keys, sorted);
        for (const r of rows) {
            for (const v of Object.values(r)) {
                assert.ok(typeof v === "string" || typeof v === "number" || (Array.isArray(v) && v.every((s) => typeof s === "string")), JSON.stringify(r));
            }
        }
    });

    it("is the same for the same spec planned twice", () => {
        const s = spec([is({ instanceCount: 2, clustering: { scheme: "wka" } })]);
        assert.deepEqual(exposureTable(plan(s)), exposureTable(plan(s)));
    });
});

/** Keys added, removed and changed between two exposure maps: how a stack output map diffs. */
function mapDiff(before: Record<string, unknown>, after: Record<string, unknown>) {
    const changed = Object.keys(after).filter((k) => k in before && JSON.stringify(before[k]) !== JSON.stringify(after[k]));
    return { added: Object.keys(after).filter((k) => !(k in before)), removed: Object.keys(before).filter((k) => !(k in after)), changed };
}

describe("exposureMap (the `exposure` output)", () => {
    it("keys every row of the table by host/instance/port/protocol, once, in the table's order", () => {
        const p = plan(spec([is({ instances: [{ name: "is-1" }, { name: "is-2" }] }), { name: "mi", product: "micro-integrator", version: "4.2.0" }]));
        const table = exposureTable(p);
        const map = exposureMap(p);
        assert.deepEqual(Object.keys(map), table.map(exposureKey));
        assert.equal(new Set(Object.keys(map)).size, table.length);
        for (const row of table) assert.deepEqual(map[`${row.host}/${row.instance}/${row.port}/${row.protocol}`], { name: row.name, exposure: row.exposure, sources: row.sources });
    });

    it("shows one opened port as one added entry, nothing else changed", () => {
        const mi = (ports: GroupSpec["ports"]) => ({ name: "mi", product: "micro-integrator" as const, version: "4.2.0", ports });
        const before = exposureMap(plan(spec([is(), mi(undefined)])));
        const opened = plan(spec([is(), mi([{ name: "inbound-http", port: 8085, shifts: false, exposure: "public" }])]));
        const host = opened.instances.find((i) => i.name === "mi-1")!.host;
        assert.deepEqual(mapDiff(before, exposureMap(opened)), { added: [`${host}/mi-1/8085/tcp`], removed: [], changed: [] });
    });

    it("shows a widened management list as changed entries of management ports only", () => {
        const before = exposureMap(plan(spec([is()])));
        const after = exposureMap(plan(spec([is()], { ...EXPOSURE, management: ["10.0.0.0/8", "192.0.2.0/24"] })));
        const diff = mapDiff(before, after);
        assert.deepEqual([diff.added, diff.removed], [[], []]);
        assert.ok(diff.changed.length > 0);
        assert.ok(diff.changed.every((k) => after[k].exposure === "management"), diff.changed.join(", "));
    });
});

describe("diffPlans", () => {
    it("reports no change for the same spec", () => {
        const diff = diffPlans(base(), base());
        assert.deepEqual(diff, { changed: false, widened: false, hosts: [] });
    });

    it("reports an added instance and every port it opens, on its host only", () => {
        const after = plan(spec([is({ instances: [{ name: "is-1", host: "host-a", offset: 0 }, { name: "is-2", host: "host-a" }] })]));
        const diff = diffPlans(base(), after);
        assert.equal(diff.changed, true);
        assert.equal(diff.widened, false, "new ports are opened, not widened");
        const a = only(diff, "host-a");
        assert.deepEqual(sectionsWithChanges(a), ["instancesAdded", "opened"]);
        assert.deepEqual(a.instancesAdded, ["is-2"]);
        assert.equal(a.opened.length, instance(after, "is-2").ports.length);
        assert.ok(a.opened.every((r) => r.instance === "is-2"));
        assert.ok(a.opened.some((r) => r.name === "https" && r.port === portOf(after, "is-2", "https") && r.exposure === "public"));
    });

    it("reports a removed instance and every port it closes", () => {
        const before = plan(spec([is({ instances: [{ name: "is-1", host: "host-a", offset: 0 }, { name: "is-2", host: "host-b" }] })]));
        const diff = diffPlans(before, base());
        const b = only(diff, "host-b");
        assert.deepEqual(sectionsWithChanges(b), ["instancesRemoved", "closed"]);
        assert.deepEqual(b.instancesRemoved, ["is-2"]);
        assert.equal(b.closed.length, instance(before, "is-2").ports.length);
        assert.equal(diff.hosts.length, 1, "host-a is untouched");
    });

    it("reports ports moved by an offset change, with old and new numbers, and leaves unshifted ports alone", () => {
        const group = (offset: number) => is({ instances: [{ name: "is-1", host: "host-a", offset }], clustering: { scheme: "wka" } });
        const before = plan(spec([group(0)]));
        const after = plan(spec([group(5)]));
        const a = only(diffPlans(before, after), "host-a");
        assert.deepEqual(sectionsWithChanges(a), ["moved"]);
        const https = a.moved.find((m) => m.name === "https")!;
        assert.deepEqual(https.from, { port: portOf(before, "is-1", "https"), protocol: "tcp" });
        assert.deepEqual(https.to, { port: portOf(before, "is-1", "https") + 5, protocol: "tcp" });
        assert.equal(https.exposure, "public");
        assert.ok(a.moved.every((m) => m.to.port - m.from.port === 5));
        assert.ok(!a.moved.some((m) => m.name === "cluster"), "the Hazelcast member port does not shift");
    });

    it("reports ports opened and closed on a kept instance (a user port added, a catalog port dropped)", () => {
        const after = plan(spec([is({
            instances: [{ name: "is-1", host: "host-a", offset: 0 }],
            ports: [{ name: "extra", port: 12345, shifts: false, exposure: "public" }, { name: "http", disabled: true }],
        })]));
        const a = only(diffPlans(base(), after), "host-a");
        assert.deepEqual(sectionsWithChanges(a), ["opened", "closed"]);
        assert.deepEqual(a.opened.map((r) => `${r.name} ${r.port}`), ["extra 12345"]);
        assert.deepEqual(a.closed.map((r) => r.name), ["http"]);
    });

    it("reports clustering enabled as the member port opened to the group", () => {
        const after = plan(spec([is({ instances: [{ name: "is-1", host: "host-a", offset: 0 }], clustering: { scheme: "wka" } })]));
        const a = only(diffPlans(base(), after), "host-a");
        assert.deepEqual(a.opened.map((r) => [r.name, r.exposure, r.sources]), [["cluster", "cluster", ["members of is"]]]);
    });

    it("flags a management port made public as widened", () => {
        const after = plan(spec([is({ instances: [{ name: "is-1", host: "host-a", offset: 0 }], ports: [{ name: "http", exposure: "public" }] })]));
        const diff = diffPlans(base(), after);
        assert.equal(diff.widened, true);
        const a = only(diff, "host-a");
        assert.deepEqual(sectionsWithChanges(a), ["widened"]);
        assert.deepEqual(a.widened, [{
            instance: "is-1", name: "http", port: portOf(after, "is-1", "http"), protocol: "tcp",
            from: { exposure: "management", sources: ["10.0.0.0/8"] }, to: { exposure: "public", sources: ["0.0.0.0/0"] },
        }]);
    });

    it("reports a public port made management as narrowed, not widened", () => {
        const after = plan(spec([is({ instances: [{ name: "is-1", host: "host-a", offset: 0 }], ports: [{ name: "https", exposure: "management" }] })]));
        const diff = diffPlans(base(), after);
        assert.equal(diff.changed, true);
        assert.equal(diff.widened, false);
        assert.deepEqual(only(diff, "host-a").narrowed.map((c) => [c.name, c.from.exposure, c.to.exposure]), [["https", "public", "management"]]);
    });

    it("flags a grown management CIDR list as widened on every management port, and the reverse as narrowed", () => {
        const grown = plan(spec([is({ instances: [{ name: "is-1", host: "host-a", offset: 0 }] })], { public: ["0.0.0.0/0"], management: ["10.0.0.0/8", "192.168.0.0/16"] }));
        const managementPorts = instance(grown, "is-1").ports.filter((p) => p.exposure === "management").map((p) => p.name).sort();
        const up = diffPlans(base(), grown);
        assert.equal(up.widened, true);
        assert.deepEqual(only(up, "host-a").widened.map((c) => c.name).sort(), managementPorts);
        const down = diffPlans(grown, base());
        assert.equal(down.widened, false);
        assert.deepEqual(sectionsWithChanges(only(down, "host-a")), ["narrowed"]);
    });

    it("judges CIDRs by coverage: 0.0.0.0/0 to 10.0.0.0/8 narrows, and a redundant CIDR is no change", () => {
        const withPublic = (cidrs: string[]) => plan(spec([is({ instances: [{ name: "is-1", host: "host-a", offset: 0 }] })], { public: cidrs, management: ["10.0.0.0/8"] }));
        const narrowed = diffPlans(withPublic(["0.0.0.0/0"]), withPublic(["10.0.0.0/8"]));
        assert.equal(narrowed.widened, false);
        assert.ok(only(narrowed, "host-a").narrowed.some((c) => c.name === "https"));
        assert.equal(diffPlans(withPublic(["10.0.0.0/8"]), withPublic(["10.0.0.0/8", "10.1.0.0/16"])).changed, false);
        const swapped = diffPlans(withPublic(["10.0.0.0/8"]), withPublic(["192.168.0.0/16"]));
        assert.equal(swapped.widened, true, "a swap lets someone new in");
    });

    it("shows an instance moved to another host as removed there and added here", () => {
        const after = plan(spec([is({ instances: [{ name: "is-1", host: "host-b", offset: 0 }] })]));
        const diff = diffPlans(base(), after);
        assert.deepEqual(diff.hosts.map((h) => h.host), ["host-a", "host-b"]);
        assert.deepEqual(only(diff, "host-a").instancesRemoved, ["is-1"]);
        assert.deepEqual(only(diff, "host-b").instancesAdded, ["is-1"]);
        assert.equal(only(diff, "host-b").moved.length, 0);
    });

    it("orders each section by instance, then port", () => {
        const after = plan(spec([is({ instances: [{ name: "is-1", host: "host-a", offset: 0 }, { name: "is-3", host: "host-a" }, { name: "is-2", host: "host-a" }] })]));
        const opened = only(diffPlans(base(), after), "host-a").opened;
        const order = opened.map((r) => `${r.instance} ${String(r.port).padStart(5, "0")}`);
        assert.deepEqual(order, [...order].sort());
        assert.deepEqual(only(diffPlans(base(), after), "host-a").instancesAdded, ["is-2", "is-3"]);
    });
});

describe("compareReach and the exposure order", () => {
    it("orders classes public > management > cluster > internal", () => {
        assert.deepEqual(EXPOSURE_ORDER, ["public", "management", "cluster", "internal"]);
        assert.ok(exposureRank("public") > exposureRank("management"));
        assert.ok(exposureRank("management") > exposureRank("cluster"));
        assert.ok(exposureRank("cluster") > exposureRank("internal"));
        assert.equal(compareReach({ exposure: "internal", sources: [] }, { exposure: "cluster", sources: ["members of is"] }), "widened");
        assert.equal(compareReach({ exposure: "management", sources: [] }, { exposure: "cluster", sources: ["members of is"] }), "narrowed");
        assert.equal(compareReach({ exposure: "public", sources: ["10.0.0.0/8"] }, { exposure: "public", sources: ["10.0.0.0/8"] }), "same");
    });

    it("tells CIDR coverage, across families and for bare addresses", () => {
        assert.equal(covers("0.0.0.0/0", "10.0.0.0/8"), true);
        assert.equal(covers("10.0.0.0/8", "0.0.0.0/0"), false);
        assert.equal(covers("10.0.0.0/8", "10.1.2.3"), true);
        assert.equal(covers("10.0.0.0/8", "11.0.0.0/8"), false);
        assert.equal(covers("::/0", "10.0.0.0/8"), false);
        assert.equal(covers("fd00::/8", "fd12:3456::/32"), true);
        assert.equal(covers("members of is", "members of is"), true);
        assert.equal(covers("members of is", "members of apim"), false);
    });
});

describe("formatDiff", () => {
    it("prints one block per host, a line per change, WIDENED on widening, and a summary", () => {
        const after = plan(spec([is({ instances: [{ name: "is-1", host: "host-a", offset: 0 }, { name: "is-2", host: "host-a" }], ports: [{ name: "http", exposure: "public" }] })]));
        const text = formatDiff(diffPlans(base(), after));
        const lines = text.split("\n");
        assert.equal(lines[0], "host host-a");
        assert.ok(lines.some((l) => /^ {2}\+ added\s+is-2\s+instance$/.test(l)), text);
        const https = portOf(after, "is-2", "https");
        assert.ok(lines.some((l) => new RegExp(`^  \\+ opened\\s+is-2\\s+${https}/tcp\\s+https\\s+public \\(0\\.0\\.0\\.0/0\\)$`).test(l)), text);
        assert.ok(lines.some((l) => /^ {2}! widened\s+is-1\s+\d+\/tcp\s+http\s+management \(10\.0\.0\.0\/8\) -> public \(0\.0\.0\.0\/0\)\s+WIDENED$/.test(l)), text);
        assert.match(lines[lines.length - 1], /^1 instance added, \d+ ports opened, 1 port widened; exposure WIDENED$/);
    });

    it("says so when nothing changed", () => {
        assert.equal(formatDiff(diffPlans(base(), base())), "no port-exposure changes");
    });

    it("marks moved and narrowed ports", () => {
        const after = plan(spec([is({ instances: [{ name: "is-1", host: "host-a", offset: 1 }], ports: [{ name: "https", exposure: "management" }] })]));
        const text = formatDiff(diffPlans(base(), after));
        const https = portOf(base(), "is-1", "https");
        assert.match(text, new RegExp(`~ moved\\s+is-1\\s+${https}/tcp -> ${https + 1}/tcp\\s+https\\s+management \\(10\\.0\\.0\\.0/8\\)`));
        assert.match(text, /> narrowed\s+is-1\s+\d+\/tcp\s+https\s+public \(0\.0\.0\.0\/0\) -> management \(10\.0\.0\.0\/8\)$/m);
        assert.doesNotMatch(text, /WIDENED/);
    });
});

// Plans as plain data round-trip through JSON (what `render` writes): the diff must not care.
describe("diffPlans on plans read back from JSON", () => {
    it("gives the same answer", () => {
        const after = plan(spec([is({ instances: [{ name: "is-1", host: "host-a", offset: 3 }] })]));
        const roundTrip = (p: Plan) => JSON.parse(JSON.stringify(p)) as Plan;
        assert.deepEqual(diffPlans(roundTrip(base()), roundTrip(after)), diffPlans(base(), after));
    });
});

describe("diffPlans: a member on a new host changes what the existing members admit", () => {
    const THREE_HOSTS = [...HOSTS, { name: "host-c", address: "10.0.0.13" }];
    const members = (names: [string, string][]) => is({ clustering: { scheme: "wka" }, instances: names.map(([name, host]) => ({ name, host })) });
    const before = plan({ hosts: THREE_HOSTS, products: [members([["is-1", "host-a"], ["is-2", "host-b"]])], exposure: EXPOSURE });
    const after = plan({ hosts: THREE_HOSTS, products: [members([["is-1", "host-a"], ["is-2", "host-b"], ["is-3", "host-c"]])], exposure: EXPOSURE });

    it("reports the existing members' cluster ports as widened to the new host, and their members list as changed (no peer URL)", () => {
        const diff = diffPlans(before, after);
        assert.equal(diff.widened, true);
        for (const [host, name] of [["host-a", "is-1"], ["host-b", "is-2"]]) {
            const h = only(diff, host);
            assert.deepEqual(sectionsWithChanges(h), ["widened", "membersChanged"], host);
            assert.deepEqual(h.widened.map((w) => [w.instance, w.port, w.to.sources]), [[name, portOf(after, name, "cluster"), ["10.0.0.11", "10.0.0.12", "10.0.0.13"]]]);
            assert.deepEqual(h.membersChanged, [{ instance: name, from: instance(before, name).clustering!.members, to: instance(after, name).clustering!.members }]);
            assert.equal(h.membersChanged[0].to.length, 3);
        }
    });

    it("counts and labels the members changes on their own in the summary, apart from peer URLs", () => {
        const lines = formatDiff(diffPlans(before, after)).split("\n");
        const summary = lines[lines.length - 1];
        // is-3 on host-c: one instance, its ports; is-1 and is-2: one cluster port widened each, one members list each.
        assert.match(summary, /^1 instance added, \d+ ports opened, 2 ports widened, 2 members lists changed; exposure WIDENED$/);
        assert.doesNotMatch(summary, /peer URL/);
        const newMember = `10.0.0.13:${instance(after, "is-3").clustering!.localMemberPort}`;
        for (const name of ["is-1", "is-2"]) {
            assert.ok(lines.some((l) => new RegExp(`^ {2}\\* members\\s+${name}\\s+clustering\\.members\\s+\\+${newMember.replace(/\./g, "\\.")}$`).test(l)), lines.join("\n"));
        }
        assert.ok(!lines.some((l) => l.includes("* reconfigure")));
    });

    it("removing it narrows them again, and a plan compared with itself shows nothing", () => {
        const diff = diffPlans(after, before);
        assert.deepEqual(only(diff, "host-a").narrowed.map((n) => n.instance), ["is-1"]);
        assert.equal(diff.widened, false);
        assert.equal(diffPlans(after, after).changed, false);
    });
});
