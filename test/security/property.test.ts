/**
 * Issue 10's property: random valid specs with random hostile strings in every free-text
 * field either fail validation with clear problems (a path, one line each), or render files
 * in which the hostile text is inert:
 *   - every firewall.nft holds only lines of the renderer's own shapes, and every rule in it
 *     is one the plan explains (its port planned on the host, its sources those of a rule);
 *   - all of them together pass `nft -c` (one nft call for the whole run);
 *   - every deployment.toml, and every Kubernetes manifest's embedded deployment.toml,
 *     parses back to the hostile values as given.
 */
import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as fc from "fast-check";
import { parse as parseToml } from "smol-toml";
import { parseAllDocuments } from "yaml";
import { firewallOptionsFromSpec } from "../../src/firewall/artifacts";
import { firewallRules } from "../../src/firewall/rules";
import { FirewallRule } from "../../src/firewall/types";
import { Artifact } from "../../src/output/artifacts";
import { buildRenderOutput, checkRenderOutput } from "../../src/output/render-output";
import { Plan } from "../../src/plan/types";
import { SpecError } from "../../src/spec/errors";
import { nftUnavailable, run as sh } from "../firewall/lab";

const RUNS = 30;

const HOSTILE = [
    "; flush ruleset", "\n}\n}\ntable inet x { chain y { accept", "\" accept", "0.0.0.0/0", "10.0.0.1/8", "10.1.0.0/016",
    "${HOME}", "'''", "\"\"\"", "\\", "\u0000", "\u2028", "a b", "../../etc/passwd", "#", "[x]", "*a", "!!js/function",
    "228.0.0.4/32 accept; }; }; insert rule inet wso2 input accept", "192.0.2.11/32,0.0.0.0/0", "fe80::1%eth0", "999.0.0.1",
];
const hostile = fc.oneof(
    fc.constantFrom(...HOSTILE),
    fc.string({ maxLength: 24 }),
    fc.fullUnicodeString({ maxLength: 8 }),
    fc.tuple(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 8 })).map(([a, b]) => a + b),
);
/** A valid value most of the time, a hostile one sometimes: so both paths are walked. */
const mostly = <T>(valid: fc.Arbitrary<T>) => fc.oneof({ weight: 12, arbitrary: valid }, { weight: 1, arbitrary: hostile });
/** Left out mostly; hostile otherwise (for fields that must be names, where hostile text is always an error). */
const rarely = fc.oneof({ weight: 12, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: hostile });

const ADDRESSES = ["192.0.2.10", "192.0.2.11", "192.0.2.12", "2001:db8::10", "2001:db8::11", "node.example.com"];
const CIDRS = ["0.0.0.0/0", "198.51.100.0/24", "203.0.113.7", "2001:db8::/32", "2001:db8:ffff::/48"];
const KINDS = [
    { product: "identity-server", version: "7.0.0" },
    { product: "api-manager", version: "4.3.0" },
    { product: "micro-integrator", version: "4.2.0" },
] as const;

const specArb = fc.record({
    hostCount: fc.integer({ min: 1, max: 3 }),
    addresses: fc.shuffledSubarray(ADDRESSES, { minLength: 3, maxLength: 3 }).chain((a) => fc.tuple(mostly(fc.constant(a[0])), mostly(fc.constant(a[1])), mostly(fc.constant(a[2])))),
    public: fc.array(mostly(fc.constantFrom(...CIDRS)), { maxLength: 2 }),
    management: fc.array(mostly(fc.constantFrom(...CIDRS)), { maxLength: 2 }),
    groups: fc.array(fc.record({
        kind: fc.constantFrom(...KINDS),
        count: fc.integer({ min: 1, max: 3 }),
        scheme: fc.constantFrom("none", "wka", "multicast"),
        domain: fc.option(hostile, { nil: undefined }),
        purpose: fc.option(hostile, { nil: undefined }),
        note: hostile,
        key: hostile,
        mcast: fc.option(mostly(fc.constant("239.1.2.3")), { nil: undefined }),
        secretKey: rarely,
        image: fc.option(hostile, { nil: undefined }),
        instanceName: rarely,
    }), { minLength: 1, maxLength: 3 }),
});

type Drawn = typeof specArb extends fc.Arbitrary<infer T> ? T : never;

function specOf(d: Drawn): Record<string, unknown> {
    const hosts = d.addresses.slice(0, d.hostCount).map((address, i) => ({ name: `h${i}`, address }));
    const products = d.groups.map((g, i) => {
        const scheme = g.kind.product === "micro-integrator" ? "none" : g.scheme;
        const properties = g.mcast === undefined ? {} : { properties: { mcastAddress: g.mcast } };
        return {
            name: `g${i}`, ...g.kind,
            ...(g.instanceName === undefined ? { instanceCount: g.count } : { instances: [{ name: g.instanceName }] }),
            ...(scheme === "none" ? {} : { clustering: { scheme, ...(g.domain === undefined ? {} : { domain: g.domain }) } }),
            ...(g.purpose === undefined ? {} : { ports: [{ name: "extra", port: 18000 + i, purpose: g.purpose }] }),
            config: { custom: { note: g.note, keys: { [g.key]: "v" } }, ...(scheme === "none" ? {} : { clustering: properties }) },
            ...(g.secretKey === undefined ? {} : { secretKeys: [g.secretKey] }),
            ...(g.image === undefined ? {} : { image: g.image }),
        };
    });
    return { hosts, products, exposure: { public: d.public, management: d.management } };
}

/** Every line shape firewall.nft may hold; anything else is text that got in. */
const MATCH = String.raw`(?:(?:tcp|udp) dport \d+|ct status dnat meta l4proto (?:tcp|udp) ct original proto-dst \d+)`;
const COMMENT = String.raw`comment "[A-Za-z0-9 ._:/,()+-]*"`;
const SHAPES = [
    /^$/, /^#.*$/, /^table inet [a-z][a-z0-9-]*( \{)?$/, /^delete table inet [a-z][a-z0-9-]*$/, /^comment "pulumi-wso2 ruleset"$/,
    /^chain (input|forward) \{$/, /^type filter hook (input|forward) priority filter; policy accept;$/, /^\}$/,
    new RegExp(`^iif "lo" accept ${COMMENT}$`), new RegExp(`^ct state established,related accept ${COMMENT}$`),
    new RegExp(`^${MATCH}(?: ip6? daddr [0-9a-f.:]+)? ip6? saddr \\{ [0-9a-f.:/, ]+ \\} accept ${COMMENT}$`),
    new RegExp(`^${MATCH} iifname "wso2-[0-9a-f]{10}" accept ${COMMENT}$`),
    new RegExp(`^${MATCH} counter drop ${COMMENT}$`),
];

function checkRuleset(text: string, host: string, plan: Plan, rules: FirewallRule[]): void {
    const planned = new Set(plan.instances.filter((i) => i.host === host).flatMap((i) => i.ports.map((p) => `${p.protocol}/${p.port}`)));
    const explained = new Set(rules.filter((r) => r.host === host).flatMap((r) => {
        const key = `${r.protocol}/${r.port}/${r.destination ?? ""}`;
        return [`${key}/${r.sources.filter((s) => !s.includes(":")).join(", ")}`, `${key}/${r.sources.filter((s) => s.includes(":")).join(", ")}`];
    }));
    for (const raw of text.split("\n")) {
        const line = raw.trim();
        assert.ok(SHAPES.some((shape) => shape.test(line)), `a line of no known shape in ${host}/firewall.nft: ${JSON.stringify(line)}`);
        const port = /(tcp|udp) (?:dport|ct original proto-dst) (\d+)/.exec(line) ?? /l4proto (tcp|udp) ct original proto-dst (\d+)/.exec(line);
        if (!port) continue;
        assert.ok(planned.has(`${port[1]}/${port[2]}`), `${host}: a rule for ${port[2]}/${port[1]}, which the plan does not put there`);
        const accept = /(?:daddr ([0-9a-f.:]+) )?ip6? saddr \{ ([^}]+) \} accept/.exec(line);
        if (accept) {
            const key = `${port[1]}/${port[2]}/${accept[1] ?? ""}/${accept[2].trim()}`;
            assert.ok(explained.has(key), `${host}: sources ${accept[2]} for ${port[2]}/${port[1]} that no rule of the plan gives`);
        }
    }
}

/** Every deployment.toml (in the tree, and inside Kubernetes ConfigMaps) parses back to the values given. */
function checkConfigs(artifacts: Artifact[], spec: Record<string, unknown>): void {
    const groups = spec.products as { name: string; config: { custom: { note: string; keys: Record<string, string> } } }[];
    const expected = (toml: Record<string, unknown>) => groups.some((g) => JSON.stringify(toml.custom) === JSON.stringify(g.config.custom));
    let tomls = 0;
    for (const a of artifacts) {
        if (a.path.endsWith("deployment.toml")) {
            assert.ok(expected(parseToml(a.content)), `${a.path}: [custom] did not parse back as given`);
            tomls++;
        }
        if (a.path.startsWith("kubernetes/") && a.path.endsWith(".yaml")) {
            for (const doc of parseAllDocuments(a.content) as { errors: unknown[]; toJS(): unknown }[]) {
                assert.deepEqual(doc.errors, [], a.path);
                const object = doc.toJS() as { kind?: string; data?: Record<string, string> };
                if (object?.kind !== "ConfigMap") continue;
                for (const [key, value] of Object.entries(object.data ?? {})) {
                    if (key.endsWith(".toml")) assert.ok(expected(parseToml(value)), `${a.path} ${key}: [custom] did not parse back as given`);
                }
            }
        }
    }
    assert.ok(tomls > 0);
}

describe("security: property, hostile text in every free-text field", function () {
    this.timeout(120_000);
    const rulesets: string[] = [];
    let rejected = 0;

    it(`${RUNS} random specs either fail with clear problems or render only what the plan explains`, () => {
        fc.assert(fc.property(specArb, fc.nat(1_000_000), (drawn, id) => {
            const spec = specOf(drawn);
            // plan's check (one instance of a group where the rest are alike; rulesets only where they could fail) says what render says.
            const verdict = (run: () => unknown) => { try { run(); return "ok"; } catch (e) { return e instanceof SpecError ? e.message : `crash: ${(e as Error).stack}`; } };
            assert.equal(verdict(() => checkRenderOutput(JSON.parse(JSON.stringify(spec)))), verdict(() => buildRenderOutput(JSON.parse(JSON.stringify(spec)), undefined, `p${id}`)));
            let output;
            try {
                output = buildRenderOutput(JSON.parse(JSON.stringify(spec)), undefined, `p${id}`);
            } catch (e) {
                assert.ok(e instanceof SpecError, `not a crash: ${(e as Error).stack}`);
                for (const p of e.problems) {
                    assert.ok(p.path.length > 0 && !p.path.includes("\n"), `a path: ${JSON.stringify(p.path)}`);
                    assert.ok(!p.message.includes("\n") && p.message.length < 600, `one clear line: ${JSON.stringify(p.message)}`);
                }
                rejected++;
                return;
            }
            const rules = firewallRules(output.plan, firewallOptionsFromSpec(output.spec));
            for (const a of output.artifacts.filter((x) => x.path.endsWith("/firewall.nft"))) {
                checkRuleset(a.content, a.path.split("/")[0], output.plan, rules);
                rulesets.push(a.content);
            }
            checkConfigs(output.artifacts, spec);
        }), { numRuns: RUNS });
        // Both paths walked, or the property says little.
        assert.ok(rejected > 0 && rulesets.length > 0, `${rejected} rejected, ${rulesets.length} rulesets`);
        console.log(`      ${RUNS - rejected} rendered (${rulesets.length} rulesets), ${rejected} rejected`);
    });

    it("the checks above can fail: an injected line, a widened set and an unplanned port are caught", () => {
        const { plan, artifacts, spec } = buildRenderOutput(specOf({ hostCount: 2, addresses: ["192.0.2.10", "192.0.2.11", "192.0.2.12"], public: ["198.51.100.0/24"], management: [],
            groups: [{ kind: KINDS[0], count: 2, scheme: "wka", note: "n", key: "k" }] } as unknown as Drawn));
        const rules = firewallRules(plan, firewallOptionsFromSpec(spec));
        const text = artifacts.find((a) => a.path === "h0/firewall.nft")!.content;
        checkRuleset(text, "h0", plan, rules);
        const https = plan.instances.find((i) => i.host === "h0")!.ports.find((p) => p.name === "https")!.port;
        const broken = [
            text.replace("chain input {", "chain input {\n        flush ruleset"),
            text.replace("198.51.100.0/24 }", "198.51.100.0/24, 0.0.0.0/0 }"),
            text.replace(`tcp dport ${https} `, "tcp dport 22 "),
        ];
        for (const b of broken) assert.throws(() => checkRuleset(b, "h0", plan, rules), assert.AssertionError);
    });

    it("every ruleset rendered above passes nft -c (one call for all)", function () {
        if (nftUnavailable()) this.skip();
        assert.ok(rulesets.length > 0);
        const dir = mkdtempSync(join(tmpdir(), "wso2-prop-"));
        try {
            const file = join(dir, "all.nft");
            // Each ruleset re-creates its own table (one deployment name per sample), so they can share one file.
            writeFileSync(file, rulesets.map((r) => r.replace(/^#!.*\n/, "")).join("\n"));
            sh("nft", ["-c", "-f", file]);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });
});
