/**
 * The user's own settings: a group's or an instance's `config`, given as an object or as
 * text (TOML for deployment.toml; YAML for Streaming Integrator's deployment.yaml).
 */
import { ProblemList } from "../spec/errors";
import { cloneValue, formatPath, isTable, leaves, Segment, Table } from "./tree";

export type ConfigFormat = "toml" | "yaml";

/** Where a piece of config came from, so a problem names the spec property and its owner. */
export interface ConfigSource {
    /** Spec property path: `products[0].config` or `products[0].instances[1].config`. */
    specPath: string;
    /** `group "is"` or `instance "is-1"`, for messages. */
    owner: string;
    /** The instance the problem belongs to, when it is one instance's. */
    instance?: string;
    settings: Table;
}

function parseTomlText(text: string, owner: string): { settings?: Table; error?: string } {
    // Loaded for config given as TOML text: a spec with none parses no TOML (plan loads no TOML library).
    const { parse: parseToml, TomlError } = require("smol-toml") as typeof import("smol-toml");
    try {
        return { settings: parseToml(text) as Table };
    } catch (e) {
        if (!(e instanceof TomlError)) throw e;
        const reason = e.message.split("\n")[0].replace(/^Invalid TOML document: /, "");
        // Line and column only: the line itself may hold a password (issue 10, finding 10).
        return { error: `${owner}: invalid TOML at line ${e.line}, column ${e.column} of the config text (${reason})` };
    }
}

function parseYamlText(text: string, owner: string): { settings?: Table; error?: string } {
    // Required here, not imported: the spec resolver loads this module, and only a YAML config
    // (Streaming Integrator's deployment.yaml) needs the YAML parser's 70 modules.
    const { parseDocument } = require("yaml") as typeof import("yaml");
    const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
    const first = doc.errors[0];
    if (first) {
        const [line, column] = [first.linePos?.[0].line ?? 0, first.linePos?.[0].col ?? 0];
        return { error: `${owner}: invalid YAML at line ${line}, column ${column} of the config text (${first.message.split("\n")[0]})` };
    }
    const value: unknown = doc.toJS() ?? {};
    return isTable(value) ? { settings: value } : { error: `${owner}: the config text must be a YAML mapping, not ${Array.isArray(value) ? "a list" : `a ${value === null ? "null" : typeof value}`}` };
}

/** Parses one `config` value; an unreadable one adds a problem and yields undefined. */
export function readUserConfig(raw: unknown, format: ConfigFormat, where: Omit<ConfigSource, "settings">, problems: ProblemList): ConfigSource | undefined {
    if (raw === undefined) return { ...where, settings: {} };
    if (isTable(raw)) return { ...where, settings: cloneValue(raw) };
    if (typeof raw !== "string") {
        problems.add(where.specPath, `${where.owner}: config must be an object or ${format.toUpperCase()} text`, where.instance);
        return undefined;
    }
    const { settings, error } = format === "toml" ? parseTomlText(raw, where.owner) : parseYamlText(raw, where.owner);
    if (error) problems.add(where.specPath, error, where.instance);
    return settings && { ...where, settings };
}

type TomlKind = "string" | "integer" | "float" | "boolean" | "datetime" | "array" | "table";

function tomlKind(value: unknown): TomlKind | undefined {
    if (typeof value === "string") return "string";
    if (typeof value === "bigint") return "integer";
    if (typeof value === "number") return Number.isInteger(value) ? "integer" : "float";
    if (typeof value === "boolean") return "boolean";
    if (value instanceof Date) return "datetime";
    if (Array.isArray(value)) return "array";
    if (isTable(value)) return "table";
    return undefined;
}

/**
 * What WSO2 can read: its config mapper parses deployment.toml with cava-toml, a TOML 0.5
 * parser (port-catalog issue text), so an array holds one type only, and TOML has no null.
 */
function tomlValueProblem(value: unknown): string | undefined {
    if (value === null || value === undefined) return "has no value (null); TOML has no null, so remove the key or give it a value";
    const kind = tomlKind(value);
    if (!kind) return `is a ${typeof value}, which TOML cannot hold`;
    if (kind !== "array") return undefined;
    const items = value as unknown[];
    const kinds = [...new Set(items.map(tomlKind))];
    if (kinds.includes(undefined)) return "holds null or a value TOML cannot hold";
    if (kinds.length > 1) {
        return `mixes ${kinds.join(" and ")} values; WSO2 reads deployment.toml with a TOML 0.5 parser (cava-toml), where an array holds one type only${kinds.includes("float") && kinds.includes("integer") ? " (write every number with a decimal point, or none)" : ""}`;
    }
    for (const item of items) {
        const inner = kinds[0] === "array" ? tomlValueProblem(item) : undefined;
        if (inner) return `holds an array that ${inner}`;
    }
    return undefined;
}

/** Every value of one source that the rendered deployment.toml could not carry, as problems. */
export function checkTomlValues(source: ConfigSource, problems: ProblemList): void {
    const walk = (value: unknown, path: Segment[]): void => {
        if (isTable(value)) {
            for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
            return;
        }
        if (Array.isArray(value) && value.length > 0 && value.every(isTable)) {
            value.forEach((v, i) => walk(v, [...path, i]));
            return;
        }
        const problem = tomlValueProblem(value);
        if (problem) problems.add(source.specPath, `${source.owner}: \`${formatPath(path)}\` ${problem}`, source.instance);
    };
    walk(source.settings, []);
}

/** A YAML document round-trips anything but `undefined`; report those rather than lose them. */
export function checkYamlValues(source: ConfigSource, problems: ProblemList): void {
    for (const leaf of leaves(source.settings)) {
        if (leaf.value === undefined) problems.add(source.specPath, `${source.owner}: \`${formatPath(leaf.path)}\` has no value`, source.instance);
    }
}
