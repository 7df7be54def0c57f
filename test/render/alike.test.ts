/**
 * `plan` renders one plain instance per group where the others cannot fare differently
 * (src/render/alike.ts). Here every group config that writes a key the plan sets per
 * instance, or one beside it, is checked both ways: checkConfigs must throw exactly what
 * rendering every instance throws, or pass exactly when it passes.
 */
import { strict as assert } from "node:assert";
import { planSpec } from "../../src/plan/planner";
import { checkConfigs, renderConfigs } from "../../src/render";
import { instancesLikeTheFirst, instancesPlanSkips } from "../../src/render/alike";
import { largeSpec, variedSpec } from "../support/large-spec";
import { membersByGroup } from "../../src/wiring/keys";
import { SpecError } from "../../src/spec/errors";
import { DeploymentSpec, GroupSpec } from "../../src/spec/types";
import { parse } from "smol-toml";
import { APIM, IS, MI } from "./helpers";

/** Three hosts, one named by DNS (no node_ip), four instances a group: h1 holds two at different offsets. */
function spec(change: (groups: Record<string, GroupSpec>) => void = () => {}): DeploymentSpec {
    const groups: Record<string, GroupSpec> = {
        is: { name: "is", ...IS, instanceCount: 4, clustering: { scheme: "wka" } },
        cp: { name: "cp", ...APIM, instanceCount: 4, clustering: { scheme: "wka" } },
        gw: { name: "gw", ...APIM, profile: "gateway", instanceCount: 4, connect: { controlPlane: "cp" } },
        mi: { name: "mi", ...MI, instanceCount: 4 },
    };
    change(groups);
    return {
        hosts: [{ name: "h1", address: "192.0.2.10" }, { name: "h2", address: "192.0.2.20" }, { name: "h3", address: "node3.example.com" }],
        products: Object.values(groups),
    };
}

function outcome(check: () => unknown): string {
    try {
        check();
        return "ok";
    } catch (e) {
        if (e instanceof SpecError) return e.message;
        throw e;
    }
}

/**
 * Group configs at keys the plan sets per instance, or beside them, each on a group whose
 * file has the key (the values each instance gets are tried below, from the files themselves).
 */
const CONFIGS: [string, Record<string, unknown>][] = [
    ["is", { server: { offset: 1 } }],
    ["is", { server: "not a table" }],
    ["is", { server: { hostname: "lb.example.com" } }],
    ["is", { server: { node_ip: "192.0.2.99" } }],
    ["is", { clustering: { local_member_port: "4000" } }],
    ["is", { clustering: { members: ["192.0.2.10:4000"] } }],
    ["mi", { clustering: { membership_scheme: "multicast" } }],
    ["mi", { transport: { https: { properties: { port: 9444 } } } }],
    // A self URL at the unshifted port is wrong only where the instance is shifted: the first may not be.
    ...["is", "cp", "gw", "mi"].map((g): [string, Record<string, unknown>] => [g, { apim: { devportal: { url: "https://192.0.2.50:9443/devportal" } } }]),
    ["cp", { apim: { gateway: { environment: "not a list" } } }],
    ["cp", { database: { shared_db: { url: "jdbc:h2:./shared" } } }],
    ["gw", { apim: { gateway: { environment: [{ name: "Default", ws_endpoint: "ws://192.0.2.50:9099" }] } } }],
    ["gw", { apim: { key_manager: { service_url: "https://192.0.2.20:9443/services/" } } }],
    ["gw", { apim: { throttling: { service_url: "https://localhost:9443/services/" } } }],
    ["gw", { apim: { sync_runtime_artifacts: { gateway: { gateway_labels: ["edge"] } } } }],
];

type Leaves = Map<string, unknown>;

/** Every value of a parsed file by dotted path; an array (of tables too) is one value. */
function leaves(value: unknown, path: string[] = [], out: Leaves = new Map()): Leaves {
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
        for (const [k, v] of Object.entries(value)) leaves(v, [...path, k], out);
    } else out.set(JSON.stringify(path), value);
    return out;
}

/** The keys whose values differ between a group's first and second instance, with the first's value: what the plan sets per instance. */
function perInstanceValues(group: string): [string[], unknown][] {
    const { spec: resolved, plan } = planSpec(spec());
    const [first, second] = renderConfigs(resolved, plan).filter((c) => c.group === group).map((c) => leaves(parse(c.text)));
    return [...first].filter(([k, v]) => JSON.stringify(second.get(k)) !== JSON.stringify(v)).map(([k, v]) => [JSON.parse(k) as string[], v]);
}

function nest(path: string[], value: unknown): Record<string, unknown> {
    return path.reduceRight<Record<string, unknown>>((inner, key) => ({ [key]: inner }), value as Record<string, unknown>);
}

describe("render: plan's check renders one instance where the rest are alike", () => {
    for (const group of ["is", "cp", "gw", "mi"]) {
        it(`group ${group}: its config holding the first instance's value of each per-instance key gets the verdict of rendering every instance`, () => {
            const keys = perInstanceValues(group);
            assert.ok(keys.length >= 2, `per-instance keys of ${group}: ${JSON.stringify(keys)}`);
            for (const [path, value] of keys) {
                const { spec: resolved, plan } = planSpec(spec((g) => { g[group].config = nest(path, value); }));
                assert.equal(outcome(() => checkConfigs(resolved, plan)), outcome(() => renderConfigs(resolved, plan)), path.join("."));
            }
        });
    }

    it("group configs at and beside per-instance keys: the same verdict as rendering every instance", () => {
        for (const [group, config] of CONFIGS) {
            const { spec: resolved, plan } = planSpec(spec((g) => { g[group].config = config; }));
            assert.equal(outcome(() => checkConfigs(resolved, plan)), outcome(() => renderConfigs(resolved, plan)), `${group}: ${JSON.stringify(config)}`);
        }
    });

    it("checks every instance of a group with secretKeys (node_ip is in some files only)", () => {
        const { spec: resolved, plan } = planSpec(spec((g) => { g.is.secretKeys = ["server.node_ip"]; }));
        assert.equal(outcome(() => renderConfigs(resolved, plan)), "ok");
        assert.equal(outcome(() => checkConfigs(resolved, plan)), "ok");
        const alike = instancesLikeTheFirst({ spec: resolved, plan, members: membersByGroup(plan), options: {}, groupSettings: () => ({}) });
        assert.ok(![...alike].some((i) => i.group.name === "is"));
    });

    it("plan renders no instance of a group without config; rendering every one of them finds nothing (large and varied specs)", () => {
        for (const input of [largeSpec(20, 200), variedSpec(10, 60)]) {
            const { spec: resolved, plan } = planSpec(input);
            const skipped = instancesPlanSkips({ spec: resolved, plan, members: membersByGroup(plan), options: {}, groupSettings: (g) => (g.config ? undefined : {}) });
            const configless = resolved.groups.filter((g) => g.config === undefined);
            assert.ok(configless.length > 0);
            for (const g of configless) assert.ok(resolved.instances.filter((i) => i.group === g).every((i) => skipped.has(i)), g.name);
            assert.doesNotThrow(() => renderConfigs(resolved, plan));
        }
    });

    it("leaves out a group's plain instances after the first, unless its config writes a per-instance key", () => {
        const { spec: resolved, plan } = planSpec(spec((g) => { delete g.mi.instanceCount; g.mi.instances = [{}, { config: { server: { hostname: "mi.example.com" } } }, {}, {}]; }));
        const members = membersByGroup(plan);
        const names = (settings: (g: string) => object) =>
            [...instancesLikeTheFirst({ spec: resolved, plan, members, options: {}, groupSettings: (g) => settings(g.name) as never })].map((i) => i.name).sort();
        assert.deepEqual(names(() => ({})), ["cp-2", "cp-3", "cp-4", "gw-2", "gw-3", "gw-4", "is-2", "is-3", "is-4", "mi-3", "mi-4"]);
        assert.deepEqual(names((g) => (g === "is" ? { server: { offset: 0 } } : {})), ["cp-2", "cp-3", "cp-4", "gw-2", "gw-3", "gw-4", "mi-3", "mi-4"]);
    });
});
