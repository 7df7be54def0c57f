/**
 * deployment.toml settings are rendered while the program runs, so they must be plain: a
 * `pulumi.secret(...)` or any other Output (or a Promise) inside `config` would otherwise
 * reach the renderer as an object and fail at serialization with a message that names
 * neither the key nor the fix. Secret values flow through `secrets:` into the container's
 * environment instead, and the config reads them as `$env{NAME}`.
 */
import * as pulumi from "@pulumi/pulumi";
import { SpecProblem } from "../spec/errors";

const isDeferred = (value: unknown): boolean =>
    pulumi.Output.isInstance(value) || (typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function");

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
    typeof value === "object" && value !== null && !Array.isArray(value) && !isDeferred(value);

/** An environment variable name a user could choose for the key: `super_admin.password` -> SUPER_ADMIN_PASSWORD. */
export function envNameFor(key: string): string {
    const name = key.toUpperCase().replace(/[^A-Z0-9_]+/g, "_").replace(/^_+|_+$/g, "");
    return /^[A-Z_]/.test(name) ? name : `_${name}`;
}

function problem(path: string, key: string): SpecProblem {
    const env = envNameFor(key);
    return {
        path,
        message: `a Pulumi Output (such as pulumi.secret(...)) cannot go into deployment.toml settings, which are rendered while the program runs; ` +
            `pass it as \`secrets: { ${env}: ... }\` and write "$env{${env}}" here: the container gets it as a secret environment variable`,
    };
}

/** Every Output or Promise under `value`, as a problem at its dotted path; arrays are walked by index. */
function deferredUnder(value: unknown, path: string, key: string, found: SpecProblem[]): void {
    if (isDeferred(value)) {
        found.push(problem(path, key));
    } else if (Array.isArray(value)) {
        value.forEach((v, i) => deferredUnder(v, `${path}[${i}]`, key, found));
    } else if (isPlainObject(value)) {
        for (const [k, v] of Object.entries(value)) deferredUnder(v, `${path}.${k}`, key ? `${key}.${k}` : k, found);
    }
}

interface ConfigHolder {
    config?: unknown;
    configToml?: unknown;
}

function holderProblems(holder: ConfigHolder, path: string, found: SpecProblem[]): void {
    deferredUnder(holder.config, `${path}.config`, "", found);
    if (isDeferred(holder.configToml)) found.push(problem(`${path}.configToml`, "value"));
}

/** Outputs inside any group's or instance's `config`/`configToml`, each with its property path and the `secrets:` fix. */
export function configOutputProblems(args: { products?: unknown }): SpecProblem[] {
    const found: SpecProblem[] = [];
    if (!Array.isArray(args.products)) return found;
    args.products.forEach((group: unknown, g) => {
        if (!isPlainObject(group)) return;
        holderProblems(group as ConfigHolder, `products[${g}]`, found);
        const instances = (group as { instances?: unknown }).instances;
        if (!Array.isArray(instances)) return;
        instances.forEach((inst: unknown, i) => {
            if (isPlainObject(inst)) holderProblems(inst as ConfigHolder, `products[${g}].instances[${i}]`, found);
        });
    });
    return found;
}
