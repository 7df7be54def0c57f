/**
 * Reads spec and plan files (YAML or JSON) as untrusted input, in time linear in their size:
 *   - at most MAX_SPEC_BYTES, checked before reading;
 *   - duplicate keys found with one Set per mapping: the yaml library's own `uniqueKeys`
 *     compares every pair of keys, and a 40k-key mapping then takes seconds;
 *   - aliases capped (`maxAliasCount`), so a billion-laughs document fails fast;
 *   - integers read as BigInt and taken only while exact: 12345678901234567891 would
 *     otherwise become 12345678901234567168 without a word.
 * JSON goes through JSON.parse, many times faster, whenever that is exact (see parseJson).
 */
import { closeSync, fstatSync, openSync, readFileSync } from "node:fs";
import type { Node } from "yaml";
import { describeIoError, IoError } from "../output/errors";
import { SpecError, SpecProblem } from "./errors";

/** Far above any real deployment spec or plan (the 1,000-instance bench spec is about 60 KiB). */
export const MAX_SPEC_BYTES = 1024 * 1024;
/** Aliases a document may expand; a real spec needs a handful. */
export const MAX_ALIASES = 100;

/** Reads a spec file (YAML or JSON); a syntax error becomes a SpecError naming the line. */
export function loadSpecFile(path: string): unknown {
    return parseSpecText(readBoundedFile(path), path);
}

/** A file's text, at most MAX_SPEC_BYTES, from a regular file only. */
export function readBoundedFile(path: string): string {
    let fd: number | undefined;
    try {
        fd = openSync(path, "r");
        const stat = fstatSync(fd);
        if (stat.isDirectory()) throw new SpecError([{ path, message: "cannot read spec file: it is a directory" }]);
        if (!stat.isFile()) throw new SpecError([{ path, message: "is not a regular file; give the path of a YAML or JSON file" }]);
        if (stat.size > MAX_SPEC_BYTES) throw tooLarge(path, stat.size);
        const text = readFileSync(fd, "utf8");
        if (Buffer.byteLength(text) > MAX_SPEC_BYTES) throw tooLarge(path, Buffer.byteLength(text));
        return text;
    } catch (e) {
        if (e instanceof SpecError) throw e;
        // A missing spec is a wrong argument (exit 1); anything else (no permission, I/O error) reaches the CLI as an I/O failure (exit 4).
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== "ENOENT" && code !== "ENOTDIR" && code !== "EISDIR") throw new IoError(`cannot read spec file ${path}: ${describeIoError(e)}`, code);
        throw new SpecError([{ path, message: `cannot read spec file: ${code === "EISDIR" ? "it is a directory" : "no such file"}` }]);
    } finally {
        if (fd !== undefined) closeSync(fd);
    }
}

function tooLarge(source: string, bytes: number): SpecError {
    return new SpecError([{ path: source, message: `is ${bytes} bytes; a spec or plan may be at most ${MAX_SPEC_BYTES} bytes (1 MiB): split the deployment` }]);
}

export function parseSpecText(text: string, source = "spec"): unknown {
    if (Buffer.byteLength(text) > MAX_SPEC_BYTES) throw tooLarge(source, Buffer.byteLength(text));
    const json = parseJson(text);
    return json ? json.value : parseYaml(text, source);
}

function parseYaml(text: string, source: string): unknown {
    // Required here, not imported: a JSON spec (and `plan` on one) never loads the YAML parser's 70 modules.
    const yaml = require("yaml") as typeof import("yaml");
    const lines = new yaml.LineCounter();
    const doc = yaml.parseDocument(text, { prettyErrors: true, uniqueKeys: false, intAsBigInt: true, lineCounter: lines });
    if (doc.errors.length > 0) {
        throw new SpecError(doc.errors.map((e) => ({ path: source, message: `YAML: ${e.message.split("\n")[0]}` })));
    }
    const problems: SpecProblem[] = [];
    const where = (node: Node) => {
        const at = node.range ? lines.linePos(node.range[0]) : undefined;
        return at ? `${source}:${at.line}` : source;
    };
    checkDuplicateKeys(yaml, doc.contents, where, problems);
    if (problems.length > 0) throw new SpecError(problems);
    let value: unknown;
    try {
        value = doc.toJS({ maxAliasCount: MAX_ALIASES });
    } catch (e) {
        // The yaml library refuses an "alias bomb" (a few lines that expand to millions of nodes) here.
        if (!(e instanceof ReferenceError)) throw e;
        throw new SpecError([{ path: source, message: `YAML: ${e.message.split("\n")[0]}; write the values out instead of nesting aliases` }]);
    }
    const exact = convert(value, "", source, problems);
    if (problems.length > 0) throw new SpecError(problems);
    return exact;
}

/** One pass over every mapping, with a Set of its keys. */
function checkDuplicateKeys(yaml: typeof import("yaml"), root: unknown, where: (n: Node) => string, problems: SpecProblem[]): void {
    const stack: unknown[] = [root];
    while (stack.length > 0) {
        const node = stack.pop();
        if (yaml.isMap(node)) {
            const seen = new Set<string>();
            for (const pair of node.items) {
                const key = yaml.isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
                if (seen.has(key)) problems.push({ path: where(pair.key as Node), message: `the key ${JSON.stringify(key.slice(0, 60))} appears twice in one mapping; keep one` });
                seen.add(key);
                stack.push(pair.value);
            }
        } else if (yaml.isSeq(node)) {
            stack.push(...node.items);
        }
    }
}

/**
 * BigInts become numbers where exact; beyond 2^53 (and non-finite floats such as 1e400)
 * they are errors with the property path, since JavaScript numbers cannot hold them.
 */
function convert(value: unknown, path: string, source: string, problems: SpecProblem[]): unknown {
    if (typeof value === "bigint") {
        if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
            // A `secrets:` value is a password: named by its key, never shown.
            const shown = path.startsWith("secrets.") ? "" : ` ${value}`;
            problems.push({ path: `${source}: ${path || "(document)"}`, message: `the integer${shown} is beyond 2^53 and cannot be held exactly; use a smaller number, or quote it if it is text` });
        }
        return Number(value);
    }
    if (typeof value === "number" && !Number.isFinite(value)) {
        problems.push({ path: `${source}: ${path || "(document)"}`, message: `${value} is not a finite number` });
        return value;
    }
    if (Array.isArray(value)) return value.map((v, i) => convert(v, `${path}[${i}]`, source, problems));
    if (value instanceof Map || value instanceof Set) return value;
    if (typeof value === "object" && value !== null) {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) {
            // defineProperty: a `__proto__` key stays a key and never becomes the prototype.
            Object.defineProperty(out, k, { value: convert(v, path ? `${path}.${k}` : k, source, problems), enumerable: true, writable: true, configurable: true });
        }
        return out;
    }
    return value;
}

/**
 * A JSON text (a generated spec, a plan.json) through JSON.parse, many times faster than the
 * YAML parser. JSON.parse silently keeps the last of two equal keys where the YAML parser
 * reports them, rounds integers past 2^53 and turns 1e400 into Infinity, and its errors name
 * no line: a text it rejects, one with more keys than its value holds, or one with a number
 * it could not hold exactly, is left (undefined) to the YAML parser, which reads JSON too and
 * reports each of those.
 */
function parseJson(text: string): { value: unknown } | undefined {
    if (!/^\s*[[{]/.test(text)) return undefined;
    let value: unknown;
    try {
        value = JSON.parse(text);
    } catch {
        return undefined;
    }
    const shape = walkJson(value);
    return shape.exact && shape.keys === keysWritten(text) ? { value } : undefined;
}

/**
 * Every key of every object in a parsed value, and whether every number is held exactly;
 * iterative, as the value may be nested deeper than the stack.
 */
function walkJson(value: unknown): { keys: number; exact: boolean } {
    let keys = 0;
    const pending: unknown[] = [value];
    while (pending.length > 0) {
        const v = pending.pop();
        if (typeof v === "number" && (!Number.isFinite(v) || (Number.isInteger(v) && !Number.isSafeInteger(v)))) return { keys, exact: false };
        if (typeof v !== "object" || v === null) continue;
        const children = Array.isArray(v) ? v : Object.values(v);
        if (!Array.isArray(v)) keys += children.length;
        for (const c of children) pending.push(c);
    }
    return { keys, exact: true };
}

/** Strings followed by a colon in valid JSON text: its keys. Matching whole strings from the start never begins inside one. */
function keysWritten(text: string): number {
    let count = 0;
    for (const m of text.matchAll(/"(?:[^"\\]|\\.)*"(\s*:)?/g)) if (m[1] !== undefined) count++;
    return count;
}
