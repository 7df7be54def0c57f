/**
 * Config text from a merged settings tree: keys sorted at every depth, so the same spec
 * gives byte-identical files, and checked to parse back to exactly the tree.
 */
import { parse as parseToml } from "smol-toml";
import { tomlBody } from "./stamp";
import { ConfigFormat } from "./source";
import { deepSort, formatPath, isTable, Segment, Table } from "./tree";

function header(instance: string, comment: string): string {
    return `${comment} ${instance}: rendered by wso2-ports from the deployment spec; change the spec, not this file.\n`;
}

export function formatConfig(settings: Table, format: ConfigFormat, instance: string): string {
    if (format === "yaml") {
        // Only Streaming Integrator's deployment.yaml needs the YAML library (about 70 modules): loaded then.
        const { stringify: stringifyYaml } = require("yaml") as typeof import("yaml");
        // No anchors or folding: every key stays readable on its own line, as in WSO2's stock file.
        return header(instance, "#") + stringifyYaml(deepSort(settings), { lineWidth: 0, aliasDuplicateObjects: false, sortMapEntries: false });
    }
    return tomlText(instance, tomlBody(settings));
}

/** A deployment.toml from its body (tomlBody, or a stamp of one). */
export function tomlText(instance: string, body: string): string {
    return tomlHeader(instance) + (body.endsWith("\n") ? body : `${body}\n`);
}

export const tomlHeader = (instance: string) => header(instance, "#");

/** tomlText from a text that starts with tomlHeader and goes on with the body (TomlStamp.bodyOf with a head). */
export function tomlTextAfterHeader(head: string, text: string): string {
    return text.length > head.length && text.endsWith("\n") ? text : `${text}\n`;
}

export function parseConfig(text: string, format: ConfigFormat): Table {
    if (format === "toml") return parseToml(text) as Table;
    const { parse: parseYaml } = require("yaml") as typeof import("yaml");
    return (parseYaml(text) ?? {}) as Table;
}

const sameScalar = (a: unknown, b: unknown): boolean =>
    a instanceof Date || b instanceof Date
        ? a instanceof Date && b instanceof Date && a.toISOString() === b.toISOString()
        : a === b || Object.is(a, b) || ((typeof a === "bigint" || typeof b === "bigint") && String(a) === String(b));

/** The first path where two trees differ, or undefined when they are equal. */
export function firstDifference(a: unknown, b: unknown, path: Segment[] = []): Segment[] | undefined {
    const reversed = differenceBelow(a, b);
    return reversed && [...path, ...reversed.reverse()];
}

/** The path of the first difference, innermost segment first (built only when there is one). */
function differenceBelow(a: unknown, b: unknown): Segment[] | undefined {
    if (isTable(a) && isTable(b)) {
        for (const k of Object.keys(a)) {
            const d = differenceBelow(a[k], Object.prototype.hasOwnProperty.call(b, k) ? b[k] : undefined);
            if (d) return (d.push(k), d);
        }
        const extra = Object.keys(b).find((k) => !Object.prototype.hasOwnProperty.call(a, k) && b[k] !== undefined);
        return extra === undefined ? undefined : [extra];
    }
    if (Array.isArray(a) && Array.isArray(b)) {
        if (a.length !== b.length) return [];
        for (let i = 0; i < a.length; i++) {
            const d = differenceBelow(a[i], b[i]);
            if (d) return (d.push(i), d);
        }
        return undefined;
    }
    if (isTable(a) || isTable(b) || Array.isArray(a) || Array.isArray(b)) return [];
    return sameScalar(a, b) ? undefined : [];
}

/** Why a rendered text would not read back as the settings, or undefined when it does. */
export function roundTripProblem(text: string, settings: Table, format: ConfigFormat): string | undefined {
    let back: Table;
    try {
        back = parseConfig(text, format);
    } catch (e) {
        return `the rendered file does not parse (${(e as Error).message.split("\n")[0]})`;
    }
    const diff = firstDifference(settings, back);
    return diff && `\`${formatPath(diff)}\` would not read back as written (a number too large for a JavaScript integer, or a value ${format.toUpperCase()} cannot hold)`;
}
