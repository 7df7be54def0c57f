/**
 * Reading a Pulumi package schema (what GetSchema returns) the way the tests compare it: each
 * property as a short TypeScript-like string, so an expected table reads like the args'
 * declarations in docs/spec-shape.md. `Input<T>` marks what may be an Output (the schema's
 * `plain` is absent), `?` an optional property, `any` pulumi.json#/Any (never plain).
 */

export interface SchemaProperty {
    type?: string;
    $ref?: string;
    items?: SchemaProperty;
    additionalProperties?: SchemaProperty;
    plain?: boolean;
    optional?: boolean;
    description?: string;
}

export interface SchemaType {
    type: string;
    properties?: Record<string, SchemaProperty>;
    required?: string[];
    enum?: { name: string; value: string | number; description?: string }[];
}

export interface SchemaResource {
    isComponent?: boolean;
    description?: string;
    inputProperties: Record<string, SchemaProperty>;
    requiredInputs: string[];
    properties: Record<string, SchemaProperty>;
    required: string[];
}

export interface PackageSchema {
    name: string;
    version: string;
    description?: string;
    resources: Record<string, SchemaResource>;
    types: Record<string, SchemaType>;
    dependencies?: unknown[];
}

const ANY = "pulumi.json#/Any";

/** `#/types/wso2:index:HostSpec` -> `HostSpec`. */
export function typeNameOf(ref: string): string {
    return ref.split(":").pop()!;
}

function shapeOf(p: SchemaProperty, output: boolean): string {
    if (p.$ref === ANY) return "any";
    if (p.$ref) return typeNameOf(p.$ref);
    if (p.type === "array") return `${view(p.items!, output)}[]`;
    if (p.type === "object" && p.additionalProperties) return `{ [key]: ${view(p.additionalProperties, output)} }`;
    return p.type ?? "?";
}

/**
 * One property, e.g. `HostSpec[]`, `Input<string>`, `{ [key]: Input<string> }`, `any`.
 * Outputs are never plain, so for them (`output`) the shape alone is shown.
 */
export function view(p: SchemaProperty, output = false): string {
    const shape = shapeOf(p, output);
    return p.plain || output || shape === "any" ? shape : `Input<${shape}>`;
}

/** Every property of an object (or a resource's inputs or outputs), `name?` when optional. */
export function viewProperties(properties: Record<string, SchemaProperty>, output = false): Record<string, string> {
    return Object.fromEntries(Object.entries(properties).map(([name, p]) => [p.optional ? `${name}?` : name, view(p, output)]));
}

/** The object types a property refers to, directly or through arrays and maps. */
function refsOf(p: SchemaProperty): string[] {
    if (p.$ref && p.$ref !== ANY) return [typeNameOf(p.$ref)];
    if (p.items) return refsOf(p.items);
    if (p.additionalProperties) return refsOf(p.additionalProperties);
    return [];
}

/** Every type reachable from some properties, in the schema's order of first use. */
export function reachableTypes(schema: PackageSchema, roots: Record<string, SchemaProperty>): string[] {
    const seen: string[] = [];
    const visit = (props: Record<string, SchemaProperty>) => {
        for (const name of Object.values(props).flatMap(refsOf)) {
            if (seen.includes(name)) continue;
            seen.push(name);
            visit(schema.types[`${schema.name}:index:${name}`]?.properties ?? {});
        }
    };
    visit(roots);
    return seen;
}
