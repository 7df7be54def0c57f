import { readFileSync } from "node:fs";
import { describeIoError, IoError } from "../output/errors";
import { SpecError } from "./errors";

/** Reads a spec file (YAML or JSON); a syntax error becomes a SpecError naming the line. */
export function loadSpecFile(path: string): unknown {
    let text: string;
    try {
        text = readFileSync(path, "utf8");
    } catch (e) {
        // A missing spec is a wrong argument (exit 1); anything else (no permission, I/O error) reaches the CLI as an I/O failure (exit 4).
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== "ENOENT" && code !== "ENOTDIR" && code !== "EISDIR") throw new IoError(`cannot read spec file ${path}: ${describeIoError(e)}`, code);
        throw new SpecError([{ path, message: `cannot read spec file: ${code === "EISDIR" ? "it is a directory" : "no such file"}` }]);
    }
    return parseSpecText(text, path);
}

export function parseSpecText(text: string, source = "spec"): unknown {
    const json = parseJson(text);
    if (json) return json.value;
    // Required here, not imported: a JSON spec (and `plan` on one) never loads the YAML parser's 70 modules.
    const { parseDocument } = require("yaml") as typeof import("yaml");
    const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
    if (doc.errors.length > 0) {
        throw new SpecError(doc.errors.map((e) => ({ path: source, message: `YAML: ${e.message.split("\n")[0]}` })));
    }
    try {
        return doc.toJS();
    } catch (e) {
        // The yaml library refuses an "alias bomb" (a few lines that expand to millions of nodes) here.
        if (!(e instanceof ReferenceError)) throw e;
        throw new SpecError([{ path: source, message: `YAML: ${e.message.split("\n")[0]}; write the values out instead of nesting aliases` }]);
    }
}

/**
 * A JSON text (a generated spec, a plan.json) through JSON.parse, many times faster than the
 * YAML parser. JSON.parse silently keeps the last of two equal keys where the YAML parser
 * reports them, and its errors name no line: a text it rejects, or one with more keys than
 * its value holds, is left (undefined) to the YAML parser, which reads JSON too.
 */
function parseJson(text: string): { value: unknown } | undefined {
    if (!/^\s*[[{]/.test(text)) return undefined;
    let value: unknown;
    try {
        value = JSON.parse(text);
    } catch {
        return undefined;
    }
    return keysIn(value) === keysWritten(text) ? { value } : undefined;
}

/** Every key of every object in a parsed value; iterative, as the value may be nested deeper than the stack. */
function keysIn(value: unknown): number {
    let count = 0;
    const pending: unknown[] = [value];
    while (pending.length > 0) {
        const v = pending.pop();
        if (typeof v !== "object" || v === null) continue;
        const children = Array.isArray(v) ? v : Object.values(v);
        if (!Array.isArray(v)) count += children.length;
        for (const c of children) pending.push(c);
    }
    return count;
}

/** Strings followed by a colon in valid JSON text: its keys. Matching whole strings from the start never begins inside one. */
function keysWritten(text: string): number {
    let count = 0;
    for (const m of text.matchAll(/"(?:[^"\\]|\\.)*"(\s*:)?/g)) if (m[1] !== undefined) count++;
    return count;
}
