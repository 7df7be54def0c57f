/**
 * A stamp (src/render/stamp.ts) must give exactly the text smol-toml gives, or nothing: for
 * trees of the same shape with other values, for trees of another shape, and for values
 * that look like its own slots.
 */
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { TomlStamp, tomlBody } from "../../src/render/stamp";
import { Table } from "../../src/render/tree";

const KEYS = ["a", "b", "port", "url", "with space", "dotted.key", "__proto__", "members", "password"];

const scalar = fc.oneof(
    fc.string(),
    fc.constantFrom("@@wso2-stamp-", '"@@wso2-stamp-00-0"', "ws://localhost:9099", "2001:db8::1"),
    fc.integer({ min: -1000, max: 70000 }),
    fc.boolean(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
);

const { tree } = fc.letrec((tie) => ({
    tree: fc.dictionary(fc.constantFrom(...KEYS), tie("value"), { maxKeys: 5 }),
    value: fc.oneof(
        { depthSize: "small" },
        scalar,
        fc.array(fc.string(), { maxLength: 4 }),
        fc.array(fc.integer(), { maxLength: 3 }),
        tie("tree"),
        fc.array(tie("tree"), { minLength: 1, maxLength: 3 }),
    ),
}));

/** The same tree with some in-line values replaced by others of their kind. */
function reworded(t: unknown, pick: () => boolean): unknown {
    if (Array.isArray(t)) {
        if (t.length > 0 && t.every((v) => typeof v === "object" && v !== null && !Array.isArray(v))) return t.map((v) => reworded(v, pick));
        return pick() ? t.map((v) => (typeof v === "string" ? `${v}x` : typeof v === "number" ? v + 1 : v)) : t;
    }
    if (typeof t === "object" && t !== null) {
        const out: Table = {};
        for (const k of Object.keys(t)) Object.defineProperty(out, k, { value: reworded((t as Table)[k], pick), enumerable: true, writable: true, configurable: true });
        return out;
    }
    if (!pick()) return t;
    if (typeof t === "string") return `${t}-other "quoted"`;
    if (typeof t === "number") return t + 7;
    if (typeof t === "boolean") return !t;
    return t;
}

const RUNS = 120;
const HEAD = "# is-1: a file's header\n";

describe("render: a stamp writes what smol-toml writes", () => {
    it("trees of the same shape with other values, one after another: each text is smol-toml's", () => {
        fc.assert(fc.property(tree, fc.infiniteStream(fc.boolean()), (first, coins) => {
            const it = coins[Symbol.iterator]();
            const stamp = new TomlStamp(first as Table, tomlBody(first as Table), []);
            // Each differs at its own values: the stamp's template grows to cover them, and is reused.
            const others = [1, 2, 3].map(() => reworded(first, () => it.next().value as boolean) as Table);
            for (const other of [...others, ...others, first as Table]) {
                assert.equal(stamp.bodyOf(other), tomlBody(other));
                assert.equal(stamp.bodyOf(other, HEAD), HEAD + tomlBody(other), "a head goes before the body");
            }
        }), { numRuns: RUNS });
    });

    it("any two trees: the stamp's text is smol-toml's, or none", () => {
        fc.assert(fc.property(tree, tree, (first, other) => {
            const text = new TomlStamp(first as Table, tomlBody(first as Table), []).bodyOf(other as Table);
            if (text !== undefined) assert.equal(text, tomlBody(other as Table));
        }), { numRuns: RUNS });
    });

    it("another shape gets no text: a key more, a table for a value, a kind of value for another", () => {
        const first = { server: { offset: 1, hostname: "a" }, list: [{ x: "1" }] };
        const stamp = new TomlStamp(first, tomlBody(first), []);
        assert.equal(stamp.bodyOf({ server: { offset: 2, hostname: "b" }, list: [{ x: "2" }] }), tomlBody({ server: { offset: 2, hostname: "b" }, list: [{ x: "2" }] }));
        assert.equal(stamp.bodyOf({ server: { offset: 2, hostname: "b", node_ip: "c" }, list: [{ x: "2" }] }), undefined);
        assert.equal(stamp.bodyOf({ server: { offset: 2, hostname: { a: 1 } }, list: [{ x: "2" }] }), undefined);
        assert.equal(stamp.bodyOf({ server: { offset: "2", hostname: "b" }, list: [{ x: "2" }] }), undefined);
        assert.equal(stamp.bodyOf({ server: { offset: 2, hostname: "b" }, list: [{ x: "2" }, { x: "3" }] }), undefined);
    });
});
