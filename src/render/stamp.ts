/**
 * deployment.toml text for the instances of one group without formatting each file anew.
 * The instances of a group share their keys (the group's config, the bootable base, the keys
 * the plan derives) and differ in a few values: offset, addresses, member port, URLs. smol-toml
 * lays a file out by its keys and by the kind of each value (a table, an array of tables, or
 * a value written in line: smol-toml 1.9.1 dist/stringify.js, stringifyTable), and writes a
 * value in line the same wherever it stands. So a file of the same shape as one already
 * formatted is that file's text with the differing values put in, each written by smol-toml
 * itself. A file of another shape gets undefined, and is formatted in full.
 */
import { randomBytes } from "node:crypto";
import { stringify as stringifyToml } from "smol-toml";
import { cloneValue, deepSort, isTable, put, Segment, Table } from "./tree";
import { memoizeByText } from "../util/memo";

type Layout = "absent" | "table" | "tables" | "inline";

/** How smol-toml writes a value: skipped (null), a [table], [[tables]], or in line. */
function layoutOf(value: unknown): Layout {
    if (value === null || value === undefined) return "absent";
    if (Array.isArray(value)) return value.length > 0 && value.every(isTable) ? "tables" : "inline";
    return isTable(value) ? "table" : "inline";
}

function sameInline(a: unknown, b: unknown): boolean {
    // Most values are strings and numbers: settled before the checks for arrays, dates and tables.
    if (typeof a !== "object" || a === null || typeof b !== "object" || b === null) return a === b;
    if (Array.isArray(a) || Array.isArray(b)) {
        return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => sameInline(v, b[i]));
    }
    if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
    if (isTable(a) || isTable(b)) {
        if (!isTable(a) || !isTable(b)) return false;
        const keys = Object.keys(a);
        return keys.length === Object.keys(b).length && keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameInline(a[k], b[k]));
    }
    return a === b;
}

/** Values of the same kind to JavaScript (a string for a string, ...): a key's secrecy can depend on it (a boolean never is one). */
const sameKind = (a: unknown, b: unknown) => typeof a === typeof b && Array.isArray(a) === Array.isArray(b);

/** Keys whose values smol-toml writes (it skips null and undefined). */
function presentCount(t: Table): number {
    let n = 0;
    for (const k in t) if (Object.prototype.hasOwnProperty.call(t, k) && t[k] !== null && t[k] !== undefined) n++;
    return n;
}

/**
 * The paths where `b` holds another in-line value than `a`, into `out`; false when the two
 * are not of one shape (another key, another layout, another kind of value).
 */
function differences(a: unknown, b: unknown, path: Segment[], out: Segment[][]): boolean {
    // Most leaves are equal strings and numbers: no layout to work out (null and undefined are "absent" on both sides).
    if (a === b && (typeof a !== "object" || a === null)) return true;
    const layout = layoutOf(a);
    if (layout !== layoutOf(b)) return false;
    if (layout === "table") {
        const [x, y] = [a as Table, b as Table];
        if (presentCount(x) !== presentCount(y)) return false;
        for (const k of Object.keys(x)) {
            if (x[k] === null || x[k] === undefined) continue;
            if (!Object.prototype.hasOwnProperty.call(y, k) || !differencesAt(x, y, k, path, out)) return false;
        }
        return true;
    }
    if (layout === "tables") {
        const [x, y] = [a as Table[], b as Table[]];
        return x.length === y.length && x.every((_, i) => differencesAt(x, y, i, path, out));
    }
    if (layout === "inline" && !sameInline(a, b)) {
        if (!sameKind(a, b)) return false;
        out.push([...path]);
    }
    return true;
}

type Node = Record<Segment, unknown> | unknown[];

function differencesAt(a: Node, b: Node, key: Segment, path: Segment[], out: Segment[][]): boolean {
    path.push(key);
    const same = differences((a as Record<Segment, unknown>)[key], (b as Record<Segment, unknown>)[key], path, out);
    path.pop();
    return same;
}

function setAt(root: Table, path: Segment[], value: unknown): void {
    let node: Record<Segment, unknown> = root;
    for (const segment of path.slice(0, -1)) node = node[segment] as Record<Segment, unknown>;
    const last = path[path.length - 1];
    if (typeof last === "number") node[last] = value;
    else put(node as Table, last, value);
}

/** How smol-toml writes a value in line (the text after `v = `). */
function inlineText(value: unknown): string {
    return typeof value === "string" ? inlineString(value) : stringifyToml(deepSort({ v: value })).slice("v = ".length, -1);
}

/** The differing values are mostly addresses and URLs, each in the files of several instances: quoted once each. */
const inlineString = memoizeByText((text: string) => stringifyToml({ v: text }).slice("v = ".length, -1));

/** The body smol-toml writes for settings, keys sorted: the one formatter, so a stamp and a full format agree by construction. */
export function tomlBody(settings: Table): string {
    return stringifyToml(deepSort(settings));
}

/** A formatted file's text, split where the values of a set of paths stand. */
interface Template {
    paths: Segment[][];
    /** Each path as JSON: which slots a file's differences fill. */
    ids: string[];
    covered: Set<string>;
    /** The text around the slots: one more than there are slots. */
    texts: string[];
    /** For each slot in text order, the index of its path (text is in sorted key order, paths in the tree's). */
    slots: number[];
    /** The base file's value at each path, as written in line: what a file that does not differ there gets. */
    baseTexts: string[];
}

export class TomlStamp {
    /**
     * One template, with a slot at every path where some file differed so far: grown when a
     * file differs elsewhere (a group's files differ at the same few keys, so it settles).
     * Null once a template could not be made: every later file is formatted in full.
     */
    private template: Template | null | undefined;
    /** A string no user value holds: random per stamp, and every slot is counted when a template is made. */
    private readonly token = `@@wso2-stamp-${randomBytes(8).toString("hex")}-`;

    /** `secretPaths` are the base file's, without the value rules of the Pulumi layer. */
    constructor(readonly settings: Table, readonly body: string, readonly secretPaths: string[]) {}

    /**
     * The body for settings of this shape, after `head` in the same string, or undefined
     * (another shape: format it in full). One join makes the file's text one flat string: a
     * header glued onto a body would be copied whole again when written out (30-38 ms for the
     * 5 MB of 1,000 files).
     */
    bodyOf(settings: Table, head = ""): string | undefined {
        const paths: Segment[][] = [];
        if (!differences(this.settings, settings, [], paths)) return undefined;
        if (paths.length === 0) return head + this.body;
        const ids = paths.map((p) => JSON.stringify(p));
        const template = this.templateCovering(paths, ids);
        if (!template) return undefined;
        const differing = new Set(ids);
        // Joined, not concatenated: a string of some hundred pieces would be copied again when written out.
        const out = [head, template.texts[0]];
        template.slots.forEach((slot, i) => {
            out.push(differing.has(template.ids[slot]) ? inlineText(valueAt(settings, template.paths[slot])) : template.baseTexts[slot], template.texts[i + 1]);
        });
        return out.join("");
    }

    private templateCovering(paths: Segment[][], ids: string[]): Template | null {
        if (this.template === null) return null;
        if (this.template && ids.every((id) => this.template!.covered.has(id))) return this.template;
        const known = new Set(this.template?.ids);
        // A value that differs in one entry of an array of tables (each member's own URL in a list of
        // all members) differs in the next file's next entry: take the whole column at once.
        const grown = [...(this.template?.paths ?? [])];
        for (const path of paths.flatMap((p) => this.column(p))) {
            const id = JSON.stringify(path);
            if (!known.has(id)) {
                known.add(id);
                grown.push(path);
            }
        }
        this.template = this.makeTemplate(grown);
        return this.template;
    }

    /** The path, and the same key in every other entry of each array of tables on its way (where the entry has it). */
    private column(path: Segment[]): Segment[][] {
        let out: Segment[][] = [[]];
        let nodes: unknown[] = [this.settings];
        for (const segment of path) {
            if (typeof segment === "number") {
                const lengths = nodes.map((n) => (Array.isArray(n) ? n.length : 0));
                out = out.flatMap((p, i) => Array.from({ length: lengths[i] }, (_, j) => [...p, j]));
                nodes = nodes.flatMap((n) => (Array.isArray(n) ? n : []));
            } else {
                const keep = nodes.map((n) => isTable(n) && Object.prototype.hasOwnProperty.call(n, segment));
                out = out.filter((_, i) => keep[i]).map((p) => [...p, segment]);
                nodes = nodes.filter((_, i) => keep[i]).map((n) => (n as Table)[segment]);
            }
        }
        return out.filter((_, i) => layoutOf(nodes[i]) === "inline");
    }

    /** The formatted file with a slot at each path; null unless each path's slot is found exactly once. */
    private makeTemplate(paths: Segment[][]): Template | null {
        const tree = cloneValue(this.settings);
        paths.forEach((path, i) => setAt(tree, path, `${this.token}${i}`));
        const parts = tomlBody(tree).split(new RegExp(`"${this.token}(\\d+)"`));
        const slots = parts.filter((_, i) => i % 2 === 1).map(Number);
        const found = [...slots].sort((x, y) => x - y);
        if (found.length !== paths.length || found.some((n, i) => n !== i)) return null;
        const ids = paths.map((p) => JSON.stringify(p));
        return {
            paths, ids, covered: new Set(ids), texts: parts.filter((_, i) => i % 2 === 0), slots,
            baseTexts: paths.map((p) => inlineText(valueAt(this.settings, p))),
        };
    }
}

function valueAt(root: Table, path: Segment[]): unknown {
    let node: unknown = root;
    for (const segment of path) node = (node as Record<Segment, unknown>)[segment];
    return node;
}
