/**
 * Every rendered file reads back, with smol-toml and with a TOML 0.5 parser (@iarna/toml:
 * WSO2's config mapper uses cava-toml, a TOML 0.5 parser), to exactly the merged settings.
 */
import { strict as assert } from "node:assert";
import * as iarna from "@iarna/toml";
import fc from "fast-check";
import { parse as parseToml } from "smol-toml";
import { parse as parseYaml } from "yaml";
import { exampleSpecFiles } from "../../scripts/update-golden";
import { Plan } from "../../src/plan/types";
import { loadSpecFile } from "../../src/spec/load";
import { DeploymentSpec } from "../../src/spec/types";
import { RenderedConfig } from "../../src/render/types";
import { findCatalogEntry } from "../../src/catalog";
import { deepMerge, setPath, Table } from "../../src/render/tree";
import { configOf, IS, renderSpec, SI, TWO_HOSTS } from "./helpers";

/** The catalog's bootable base for IS 7 as a tree, minus `server` (the derived keys win there). */
function isBase(): Table {
    const out: Table = {};
    for (const b of findCatalogEntry(IS.product, IS.version)!.base) if (b.key[0] !== "server") setPath(out, b.key, b.value);
    return out;
}

/** The catalog's bootable base for Streaming Integrator as a tree (issue 11: listeners, receivers, secure vault). */
function siBase(): Table {
    const out: Table = {};
    for (const b of findCatalogEntry(SI.product, SI.version)!.base) setPath(out, b.key, b.value);
    return out;
}

type Obj = Record<string, unknown>;
/** Both parsers' results as plain JSON data (dates as ISO text), so they compare with deepEqual. */
const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v));
const podAddress = (name: string, group: string) => `${name}.${group}-headless.iam.svc.cluster.local`;

function parseBoth(c: RenderedConfig): Obj {
    const smol = parseToml(c.text) as Obj;
    const toml05 = iarna.parse(c.text) as Obj;
    assert.deepEqual(plain(toml05), plain(smol), `${c.relativePath}: a TOML 0.5 parser reads it differently`);
    return plain(smol) as Obj;
}

function checkWkaMembers(plan: Plan, configs: RenderedConfig[], address: (name: string, group: string, fallback: string) => string): number {
    let checked = 0;
    for (const inst of plan.instances.filter((i) => i.clustering?.scheme === "wka")) {
        const clustering = parseBoth(configOf({ configs }, inst.name)).clustering as Obj;
        const group = plan.instances.filter((i) => i.group === inst.group);
        const expected = group.map((m) => `${address(m.name, m.group, m.address)}:${m.clustering!.localMemberPort}`).sort();
        assert.deepEqual([...(clustering.members as string[])].sort(), expected, `${inst.name}: WKA members`);
        assert.equal(clustering.local_member_port, String(inst.clustering!.localMemberPort));
        checked++;
    }
    return checked;
}

describe("render: parse-back", () => {
    for (const [name, path] of exampleSpecFiles()) {
        const input = loadSpecFile(path) as DeploymentSpec;

        it(`${name}: every file parses with smol-toml and @iarna/toml (TOML 0.5) alike, and holds the planned offset`, () => {
            const { plan, configs } = renderSpec(input);
            assert.equal(configs.length, plan.instances.length);
            for (const c of configs) {
                const inst = plan.instances.find((i) => i.name === c.instance)!;
                if (c.fileName === "deployment.yaml") {
                    const carbon = (parseYaml(c.text) as Obj)["wso2.carbon"] as { ports: { offset: number } };
                    assert.equal(carbon.ports.offset, inst.offset, c.relativePath);
                    continue;
                }
                assert.equal((parseBoth(c).server as Obj).offset, inst.offset, c.relativePath);
            }
        });

        it(`${name}: WKA members are exactly the local member ports the plan gave the group`, () => {
            const { plan, configs } = renderSpec(input);
            checkWkaMembers(plan, configs, (_n, _g, address) => address);
            for (const inst of plan.instances.filter((i) => i.clustering?.scheme === "wka")) {
                assert.deepEqual((parseBoth(configOf({ configs }, inst.name)).clustering as Obj).members, inst.clustering!.members);
            }
        });
    }

    it("the two-host example has WKA members to check", () => {
        const { plan, configs } = renderSpec(loadSpecFile("examples/specs/two-hosts-wka.yaml") as DeploymentSpec);
        assert.equal(checkWkaMembers(plan, configs, (_n, _g, a) => a), 4);
    });

    it("memberAddress replaces the address in WKA members and local_member_host, ports unchanged", () => {
        const spec: DeploymentSpec = { hosts: TWO_HOSTS, products: [{ name: "is", ...IS, instanceCount: 3, clustering: { scheme: "wka" } }] };
        const { plan, configs } = renderSpec(spec, { memberAddress: (i) => podAddress(i.name, i.group) });
        assert.equal(checkWkaMembers(plan, configs, (n, g) => podAddress(n, g)), 3);
        const is3 = parseBoth(configOf({ configs }, "is-3")).clustering as Obj;
        assert.equal(is3.local_member_host, podAddress("is-3", "is"));
        // is-1 and is-3 share host h1: distinct member ports.
        const members = is3.members as string[];
        assert.equal(new Set(members.map((m) => m.split(":")[1])).size >= 2, true);
    });

    /** Keys the renderer derives: the property below leaves them to the plan. */
    const derivedTop = new Set(["server", "clustering"]);
    const key = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/).filter((k) => !derivedTop.has(k));
    const scalar = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.boolean(), fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Number.isInteger(d)));
    const array = fc.oneof(fc.array(fc.string({ maxLength: 6 }), { maxLength: 3 }), fc.array(fc.integer(), { maxLength: 3 }));
    const table = (depth: number): fc.Arbitrary<Obj> => fc.dictionary(key, depth > 0 ? fc.oneof(scalar, array, table(depth - 1)) : fc.oneof(scalar, array), { maxKeys: 4 });

    /** The merge as the spec documents it, independently: tables merge, anything else is replaced. */
    function merged(base: Obj, over: Obj): Obj {
        const out: Obj = { ...base };
        for (const [k, v] of Object.entries(over)) {
            const b = out[k];
            const isT = (x: unknown) => typeof x === "object" && x !== null && !Array.isArray(x);
            out[k] = isT(b) && isT(v) ? merged(b as Obj, v as Obj) : v;
        }
        return out;
    }

    it("any user config reads back as the group config deep-merged with the instance's, plus the derived keys", () => {
        fc.assert(fc.property(table(2), table(2), (groupConfig, instanceConfig) => {
            const spec: DeploymentSpec = { hosts: TWO_HOSTS, products: [{ name: "is", ...IS, config: groupConfig, instances: [{ config: instanceConfig }, {}] }] };
            const { configs, plan } = renderSpec(spec);
            const back = parseBoth(configOf({ configs }, "is-1"));
            const { server, ...rest } = back;
            assert.deepEqual(rest, plain(deepMerge(isBase(), merged(groupConfig, instanceConfig) as Table)));
            assert.deepEqual(server, { offset: plan.instances[0].offset, hostname: "192.0.2.10", node_ip: "192.0.2.10" });
            assert.deepEqual(parseBoth(configOf({ configs }, "is-2")), { ...(plain(deepMerge(isBase(), groupConfig as Table)) as Obj), server: { offset: 0, hostname: "192.0.2.20", node_ip: "192.0.2.20" } });
        }), { numRuns: 150 });
    });

    it("Streaming Integrator: any user YAML config reads back over the bootable base, with wso2.carbon ports.offset added", () => {
        fc.assert(fc.property(table(2), (config) => {
            const { configs } = renderSpec({ hosts: TWO_HOSTS, products: [{ name: "si", ...SI, config }] });
            const back = parseYaml(configOf({ configs }, "si-1").text);
            assert.deepEqual(back, plain({ ...deepMerge(siBase(), merged({}, config) as Table), "wso2.carbon": { ports: { offset: 0 } } }));
        }), { numRuns: 100 });
    });
});
