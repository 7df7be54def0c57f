/**
 * Checks a Pulumi YAML resource's properties against a package schema, as the YAML runtime's
 * type checker would before it calls Construct: unknown property names, missing required
 * ones, enum values, and the JSON type of each literal. `${...}` interpolations stand for
 * values of any type and are left to the engine.
 */
import { PackageSchema, SchemaProperty, typeNameOf } from "./schema-view";

const ANY = "pulumi.json#/Any";
const isInterpolation = (v: unknown) => typeof v === "string" && /^\$\{[^}]+\}$/.test(v);

function jsonTypeOk(type: string | undefined, value: unknown): boolean {
    switch (type) {
        case "string": return typeof value === "string";
        case "number": return typeof value === "number";
        case "integer": return Number.isInteger(value);
        case "boolean": return typeof value === "boolean";
        case "array": return Array.isArray(value);
        case "object": return typeof value === "object" && value !== null && !Array.isArray(value);
        default: return true;
    }
}

export class SchemaChecker {
    constructor(private readonly schema: PackageSchema) {}

    /** Problems with a resource's `properties`, as "path: message" lines; [] when it fits. */
    checkResource(token: string, properties: Record<string, unknown>): string[] {
        const resource = this.schema.resources[token];
        if (!resource) return [`type: ${token} is not a resource of package ${this.schema.name}`];
        return this.checkObject(properties, resource.inputProperties, resource.requiredInputs, "properties");
    }

    /** Problems with `${resource.output}` references to a resource's outputs. */
    checkOutputReference(token: string, output: string): string[] {
        const resource = this.schema.resources[token];
        return resource?.properties[output] ? [] : [`${token} has no output ${output}`];
    }

    private checkObject(value: Record<string, unknown>, props: Record<string, SchemaProperty>, required: string[], path: string): string[] {
        const problems = Object.keys(value).filter((k) => !props[k]).map((k) => `${path}.${k}: no such property (known: ${Object.keys(props).join(", ")})`);
        problems.push(...required.filter((k) => value[k] === undefined).map((k) => `${path}.${k}: required`));
        for (const [k, v] of Object.entries(value)) if (props[k]) problems.push(...this.checkValue(v, props[k], `${path}.${k}`));
        return problems;
    }

    private checkValue(value: unknown, prop: SchemaProperty, path: string): string[] {
        if (isInterpolation(value) || prop.$ref === ANY) return [];
        if (prop.$ref) return this.checkRef(value, typeNameOf(prop.$ref), path);
        if (!jsonTypeOk(prop.type, value)) return [`${path}: expected ${prop.type}, got ${JSON.stringify(value)}`];
        if (prop.type === "array") return (value as unknown[]).flatMap((v, i) => this.checkValue(v, prop.items!, `${path}[${i}]`));
        if (prop.type === "object" && prop.additionalProperties) {
            return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => this.checkValue(v, prop.additionalProperties!, `${path}.${k}`));
        }
        return [];
    }

    private checkRef(value: unknown, name: string, path: string): string[] {
        const type = this.schema.types[`${this.schema.name}:index:${name}`];
        if (!type) return [`${path}: type ${name} is not in the schema`];
        if (type.enum) {
            const values = type.enum.map((e) => e.value);
            return values.includes(value as string) ? [] : [`${path}: ${JSON.stringify(value)} is not a ${name} (${values.join(", ")})`];
        }
        if (!jsonTypeOk("object", value)) return [`${path}: expected a ${name} object, got ${JSON.stringify(value)}`];
        return this.checkObject(value as Record<string, unknown>, type.properties ?? {}, type.required ?? [], path);
    }
}
