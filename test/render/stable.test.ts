/** Same spec, same bytes; a change to one instance changes only its file. */
import { strict as assert } from "node:assert";
import { DeploymentSpec, GroupSpec, InstanceSpec } from "../../src/spec/types";
import { IS, MI, renderSpec, TWO_HOSTS } from "./helpers";

function textsByInstance(spec: DeploymentSpec): Map<string, string> {
    return new Map(renderSpec(spec).configs.map((c) => [c.instance, c.text]));
}

const base = (config: GroupSpec["config"], instances: number | InstanceSpec[] = 3): DeploymentSpec => ({
    hosts: TWO_HOSTS,
    products: [{ name: "is", ...IS, ...(typeof instances === "number" ? { instanceCount: instances } : { instances }), clustering: { scheme: "wka" }, config }, { name: "mi", ...MI }],
});

describe("render: stable output", () => {
    it("renders the same spec to byte-identical text", () => {
        const spec = base({ b: { z: 1, a: [3, 1, 2] }, a: "x" });
        assert.deepEqual([...textsByInstance(spec)], [...textsByInstance(JSON.parse(JSON.stringify(spec)))]);
    });

    it("sorts keys at every depth, so the order the user wrote them in does not matter; arrays keep their order", () => {
        const one = textsByInstance(base({ b: { z: 1, y: { q: 1, p: 2 } }, a: [3, 1, 2] }));
        const two = textsByInstance(base({ a: [3, 1, 2], b: { y: { p: 2, q: 1 }, z: 1 } }));
        assert.deepEqual([...one], [...two]);
        const text = one.get("is-1")!;
        assert.ok(text.indexOf("[b]") < text.indexOf("[b.y]") && text.indexOf("[b.y]") < text.indexOf("[clustering]"));
        assert.match(text, /a = \[ 3, 1, 2 \]/);
    });

    it("a change to one instance's config changes only that instance's file", () => {
        const before = textsByInstance(base(undefined, [{}, {}, {}]));
        const after = textsByInstance(base(undefined, [{}, { config: { custom: { x: 1 } } }, {}]));
        const changed = [...before.keys()].filter((k) => before.get(k) !== after.get(k));
        assert.deepEqual(changed, ["is-2"]);
    });
});
