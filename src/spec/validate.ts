/**
 * Shape validation of a spec (file, stack config, component args) against
 * schema/deployment.schema.json, the JSON Schema generated from src/spec/types.ts, with ajv.
 * Each ajv error becomes a SpecProblem: the property path (`products[0].clustering`), the
 * culprit and the fix, with a "did you mean" for a misspelled key. Cross-field checks (hosts
 * that exist, clashes, catalog versions) stay in normalize.ts and the planner.
 */
import type { ErrorObject, ValidateFunction } from "ajv";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { quote } from "../net/address";
import { SpecProblem } from "./errors";
import * as generated from "./schema-validators.generated";
import { suggestion } from "./suggest";

const SCHEMA_FILE = join("schema", "deployment.schema.json");

/** The schema ships beside src/ (a clone, ts-node) or beside lib/ (the package): the nearest one up. */
export function schemaPath(from = __dirname): string {
    for (let dir = from; ; dir = dirname(dir)) {
        const candidate = join(dir, SCHEMA_FILE);
        if (existsSync(candidate)) return candidate;
        if (dirname(dir) === dir) throw new Error(`${SCHEMA_FILE} not found above ${from}`);
    }
}

type Json = Record<string, unknown>;

/** The schema itself, read on demand (validation runs the generated validators, not this). */
export function specSchema(): Json {
    return JSON.parse(readFileSync(schemaPath(), "utf8")) as Json;
}

// Compiled from the schema by `npm run schema` (ajv standalone, options in ajv-options.ts).
const validateSpec = generated.spec as unknown as ValidateFunction;
const validatePlan = generated.plan as unknown as ValidateFunction;

/** `/products/0/name` as `products[0].name`; odd keys (a host name with dots, an injection attempt) quoted. */
export function propertyPath(pointer: string, prefix = ""): string {
    const parts = pointer.split("/").slice(1).map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
    return parts.reduce((path, part) => {
        if (/^\d+$/.test(part)) return `${path}[${part}]`;
        if (/^[A-Za-z_][\w-]*$/.test(part)) return path ? `${path}.${part}` : part;
        return `${path}[${quote(part)}]`;
    }, prefix);
}

const childPath = (parent: string, key: string) => propertyPath(`/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`, parent);

/** A `secrets:` value is a password: its problems name the key and the kind of value, never the value. */
const isSecretValuePath = (pointer: string) => /^\/secrets\/./.test(pointer);
class HiddenValue {
    constructor(readonly kind: string) {}
}
const withoutValue = (data: unknown) => (data === null || typeof data === "object" ? data : new HiddenValue(typeof data));

function describe(value: unknown): string {
    if (value === null) return "null";
    if (Array.isArray(value)) return "a list";
    if (value instanceof HiddenValue) return `a ${value.kind} (value not shown)`;
    if (typeof value === "object") return "an object";
    if (typeof value === "string") return quote(value);
    return `${typeof value} ${String(value)}`;
}

const TYPE_NAMES: Record<string, string> = {
    string: "text", integer: "a whole number", number: "a number", boolean: "true or false",
    object: "an object", array: "a list", null: "null",
};

function typeName(type: unknown): string {
    const types = Array.isArray(type) ? type : [type];
    return types.map((t) => TYPE_NAMES[String(t)] ?? String(t)).join(" or ");
}

/** Keys that other layers explain better: the old spellings (migrate.ts) and the Kubernetes provider. */
const EXPLAINED_ELSEWHERE = new Set(["target", "providers", "firewall", "kubernetes.provider"]);

function unknownKey(e: ErrorObject, parent: string): SpecProblem | undefined {
    const key = String(e.params.additionalProperty);
    const path = childPath(parent, key);
    if (EXPLAINED_ELSEWHERE.has(path)) return undefined;
    const known = Object.keys(((e.parentSchema as Json | undefined)?.properties as Json | undefined) ?? {});
    return { path, message: `unknown field ${quote(key)}; ${known.length > 0 ? suggestion(key, known) : "remove it"}` };
}

function hint(e: ErrorObject): string {
    const description = (e.parentSchema as Json | undefined)?.description;
    return typeof description === "string" ? ` (${description.replace(/\.$/, "")})` : "";
}

/** One ajv error as a problem, or undefined when another layer reports it better. */
function toProblem(error: ErrorObject): SpecProblem | undefined {
    const e = isSecretValuePath(error.instancePath) ? { ...error, data: withoutValue(error.data) } : error;
    const path = propertyPath(e.instancePath);
    const at = path || "spec";
    switch (e.keyword) {
        case "additionalProperties": return unknownKey(e, path);
        case "required": return { path: childPath(path, String(e.params.missingProperty)), message: `${quote(String(e.params.missingProperty))} is required${path ? ` in ${path}` : ""}` };
        case "type": return { path: at, message: `must be ${typeName(e.params.type)}${path ? "" : " with a `products` list"}; got ${describe(e.data)}` };
        case "enum": {
            const allowed = (e.params.allowedValues as unknown[]).map(String);
            const close = typeof e.data === "string" ? suggestion(e.data, allowed) : `use one of ${allowed.join(", ")}`;
            return { path: at, message: `${describe(e.data)} is not allowed; ${close}` };
        }
        case "pattern": return { path: at, message: `${describe(e.data)} is not valid${hint(e)}` };
        case "minimum": case "maximum": return { path: at, message: `${describe(e.data)} is ${e.keyword === "minimum" ? "below" : "above"} ${e.schema}${hint(e)}` };
        case "minItems": return { path: at, message: `must hold at least ${e.schema} item${e.schema === 1 ? "" : "s"}${hint(e)}` };
        case "maxItems": return { path: at, message: `holds ${(e.data as unknown[]).length} items, more than ${e.schema}` };
        case "minLength": return { path: at, message: `must not be empty${hint(e)}` };
        case "multipleOf": return { path: at, message: `must be a whole number; got ${describe(e.data)}` };
        case "maxLength": return { path: at, message: `${describe(e.data)} is longer than ${e.schema} characters${hint(e)}` };
        default: return { path: at, message: e.message ?? `is not valid (${e.keyword})` };
    }
}

/** Products and versions are checked against the catalog in normalize.ts, which names the group and lists what is supported. */
const isCatalogPath = (p: SpecProblem) => /^products\[\d+\]\.(product|version)$/.test(p.path);

function problemsOf(errors: ErrorObject[] | null | undefined, prefix = ""): SpecProblem[] {
    const seen = new Set<string>();
    const problems: SpecProblem[] = [];
    for (const e of errors ?? []) {
        // anyOf/oneOf only summarize the errors of their branches, which are reported themselves.
        if (e.keyword === "anyOf" || e.keyword === "oneOf") continue;
        const p = toProblem(e);
        if (!p || isCatalogPath(p)) continue;
        const problem = prefix ? { ...p, path: p.path === "spec" ? prefix : `${prefix}${p.path.startsWith("[") ? "" : "."}${p.path}` } : p;
        const key = `${problem.path}\n${problem.message}`;
        if (!seen.has(key)) problems.push(problem);
        seen.add(key);
    }
    return problems;
}

/** Every shape problem of a spec: unknown keys, wrong types, values outside their sets. */
export function shapeProblems(spec: unknown): SpecProblem[] {
    return validateSpec(spec) ? [] : problemsOf(validateSpec.errors);
}

/** Shape problems of a plan (plan.json, `--previous`, `previousPlan`), paths under `prefix`. */
export function planShapeProblems(plan: unknown, prefix = ""): SpecProblem[] {
    return validatePlan(plan) ? [] : problemsOf(validatePlan.errors, prefix);
}
