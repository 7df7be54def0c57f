/**
 * Plain-object helpers for config trees (what TOML and YAML parse to): merge, sort, walk,
 * and read/write by key path. A key path is a list of keys; array positions appear only
 * when walking (`Segment` number).
 */

export type Table = Record<string, unknown>;
export type Segment = string | number;

export const isTable = (v: unknown): v is Table =>
    typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);

/** A TOML bare key; anything else is quoted when a path is shown to a person. */
const BARE_KEY = /^[A-Za-z0-9_-]+$/;

/** `a.b[0]."c.d"`: dotted like TOML, array positions like `apim.gateway.environment[0].name`. */
export function formatPath(path: readonly Segment[]): string {
    return path.map((s, i) => {
        if (typeof s === "number") return `[${s}]`;
        const key = BARE_KEY.test(s) ? s : JSON.stringify(s);
        return i === 0 ? key : `.${key}`;
    }).join("");
}

/**
 * Instance settings over group settings. Tables merge key by key; anything else, arrays
 * included, is replaced whole: an instance that lists `members` or gateway environments
 * means its own list, not the group's plus its own.
 */
export function deepMerge(base: Table, over: Table): Table {
    const out: Table = cloneValue(base); // callers fill in derived keys; the group's tables stay untouched
    mergeInto(out, over);
    return out;
}

/**
 * `deepMerge(base, over)` for an `over` the caller built for this merge and drops after it:
 * its values are taken as they are, and only what comes from `base` is copied. The same keys,
 * in the same order. An instance's settings hold every peer's URLs (a gateway's fifty
 * `url_group` tables): copying them once more per instance cost some 9% of the configs' CPU
 * at 1,000 instances (issue 15).
 */
export function mergeOver(base: Table, over: Table): Table {
    const out: Table = {};
    for (const key of Object.keys(base)) {
        if (!hasOwn(over, key)) put(out, key, cloneValue(base[key]));
        else put(out, key, isTable(base[key]) && isTable(over[key]) ? mergeOver(base[key] as Table, over[key] as Table) : over[key]);
    }
    for (const key of Object.keys(over)) if (!hasOwn(base, key)) put(out, key, over[key]);
    return out;
}

const hasOwn = (table: Table, key: string) => Object.prototype.hasOwnProperty.call(table, key);

/** `over` into a tree of our own (a fresh copy), copying what it takes from `over`. */
function mergeInto(target: Table, over: Table): void {
    for (const key of Object.keys(over)) {
        const value = over[key];
        const prev = Object.prototype.hasOwnProperty.call(target, key) ? target[key] : undefined;
        if (isTable(prev) && isTable(value)) mergeInto(prev, value);
        else put(target, key, cloneValue(value));
    }
}

/** Sets an own key, even one named `__proto__` (a plain assignment would replace the prototype instead). */
export function put(table: Table, key: string, value: unknown): void {
    if (key === "__proto__") Object.defineProperty(table, key, { value, enumerable: true, writable: true, configurable: true });
    else table[key] = value;
}

export function cloneValue<T>(value: T): T {
    if (Array.isArray(value)) return value.map(cloneValue) as unknown as T;
    if (!isTable(value)) return value;
    const out: Table = {};
    for (const key of Object.keys(value)) put(out, key, cloneValue(value[key]));
    return out as T;
}

/** Code-unit order, not locale order: the same on every machine, so files are byte-identical. */
export const compareKeys = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Every table's keys sorted, at every depth; arrays keep their order. */
export function deepSort<T>(value: T): T {
    if (Array.isArray(value)) return value.map(deepSort) as unknown as T;
    if (!isTable(value)) return value;
    const out: Table = {};
    for (const key of Object.keys(value).sort(compareKeys)) put(out, key, deepSort(value[key]));
    return out as T;
}

export function getPath(root: Table, path: readonly string[]): unknown {
    let node: unknown = root;
    for (const key of path) {
        if (!isTable(node)) return undefined;
        node = node[key];
    }
    return node;
}

/** Where a path cannot be written: the first key on the way that holds a non-table. */
export function blockingPrefix(root: Table, path: readonly string[]): string[] | undefined {
    let node: unknown = root;
    for (let i = 0; i < path.length - 1; i++) {
        node = (node as Table)[path[i]];
        if (node === undefined) return undefined;
        if (!isTable(node)) return path.slice(0, i + 1);
    }
    return undefined;
}

/** Sets a value, creating tables on the way; the caller checks `blockingPrefix` first. */
export function setPath(root: Table, path: readonly string[], value: unknown): void {
    let node = root;
    for (const key of path.slice(0, -1)) {
        if (!isTable(node[key])) put(node, key, {});
        node = node[key] as Table;
    }
    put(node, path[path.length - 1], value);
}

export interface Leaf {
    path: Segment[];
    value: unknown;
}

/** Every non-table value with its path; arrays of tables are walked into, other arrays are leaves. */
export function leaves(value: unknown, path: Segment[] = []): Leaf[] {
    const found: Leaf[] = [];
    forEachLeaf(value, (at, leaf) => found.push({ path: [...at], value: leaf }), path);
    return found;
}

/**
 * Visits every leaf with its path, which is one array extended and cut back on the way:
 * valid during the call only (copy it to keep it). Arrays of tables are walked into.
 */
export function forEachLeaf(value: unknown, visit: (path: readonly Segment[], value: unknown) => void, start: readonly Segment[] = []): void {
    const path = [...start];
    const walk = (node: unknown): void => {
        if (isTable(node)) {
            for (const key of Object.keys(node)) {
                path.push(key);
                walk(node[key]);
                path.pop();
            }
        } else if (Array.isArray(node) && node.length > 0 && node.every(isTable)) {
            for (let i = 0; i < node.length; i++) {
                path.push(i);
                walk(node[i]);
                path.pop();
            }
        } else visit(path, node);
    };
    walk(value);
}
