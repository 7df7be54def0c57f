/**
 * mergeOver (src/render/tree.ts) is deepMerge for an `over` the caller hands over: the same
 * tree, keys in the same order, without copying `over` again, and never sharing an object
 * with `base` (the renderer edits the result in place; the base is shared by every instance).
 */
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { cloneValue, deepMerge, isTable, mergeOver, Table } from "../../src/render/tree";

const KEYS = ["a", "b", "c", "1", "__proto__", "members"];

const { tree } = fc.letrec((tie) => ({
    tree: fc.dictionary(fc.constantFrom(...KEYS), tie("value"), { maxKeys: 4 }),
    value: fc.oneof(
        { depthSize: "small" },
        fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)),
        fc.array(fc.string(), { maxLength: 3 }),
        tie("tree"),
        fc.array(tie("tree"), { minLength: 1, maxLength: 2 }),
    ),
}));

/** Every table and array in a tree. */
function objectsIn(value: unknown, found = new Set<unknown>()): Set<unknown> {
    if (Array.isArray(value) || isTable(value)) {
        found.add(value);
        for (const v of Object.values(value)) objectsIn(v, found);
    }
    return found;
}

/** The keys of every table in order, with the values: equal texts mean equal trees, keys in the same order. */
const ordered = (value: unknown) => JSON.stringify(value);

describe("mergeOver", () => {
    it("gives deepMerge's tree, in deepMerge's key order, and shares nothing with the base", () => {
        fc.assert(fc.property(tree, tree, (base, over) => {
            const before = ordered(base);
            const expected = deepMerge(base as Table, over as Table);
            const merged = mergeOver(base as Table, cloneValue(over) as Table);
            assert.equal(ordered(merged), ordered(expected));
            assert.deepStrictEqual(merged, expected);
            assert.equal(ordered(base), before, "the base is not changed");
            const shared = [...objectsIn(merged)].filter((o) => objectsIn(base).has(o));
            assert.deepEqual(shared, [], "no table or array of the base is in the result");
        }), { numRuns: 300 });
    });

    it("takes the values of `over` as they are (the caller's to hand over), and keeps `__proto__` an own key", () => {
        const members = ["10.0.0.1:4000", "10.0.0.2:4000"];
        const over: Table = { clustering: { members } };
        Object.defineProperty(over, "__proto__", { value: { polluted: true }, enumerable: true, writable: true, configurable: true });
        const merged = mergeOver({ clustering: { domain: "d" }, server: { offset: 0 } }, over);
        assert.equal((merged.clustering as Table).members, members);
        assert.deepEqual(Object.keys(merged), ["clustering", "server", "__proto__"]);
        assert.equal(Object.getPrototypeOf(merged), Object.prototype);
        assert.equal(({} as Table).polluted, undefined);
    });
});
