/**
 * `secrets:`: environment variables for every server, by name, so a deployment.toml can read
 * `$env{ADMIN_PASSWORD}` instead of holding the password. Values are `pulumi.Input<string>`
 * (a `pulumi.secret`, a random password's `result`, or plain text) and are always kept
 * secret: Docker gets them as the container's `envs`, Kubernetes as a Secret the pods take
 * with `envFrom`. The names are plain, so planning and naming stay synchronous.
 */
import * as pulumi from "@pulumi/pulumi";
import { SpecProblem } from "../spec/errors";
import { envNameProblem, secretPath } from "../spec/secrets";

/** The one rule for the names (src/spec/secrets.ts), shared with spec files. */
export { ENV_NAME } from "../spec/secrets";

export type SecretInputs = { [envName: string]: pulumi.Input<string> };

const isInput = (v: unknown) => typeof v === "string" || pulumi.Output.isInstance(v) || (typeof v === "object" && v !== null && typeof (v as { then?: unknown }).then === "function");

/** A bad map, name or value, each with its path; values are never quoted (they are secrets). */
export function secretsProblems(secrets: unknown): SpecProblem[] {
    if (secrets === undefined) return [];
    if (typeof secrets !== "object" || secrets === null || Array.isArray(secrets)) {
        return [{ path: "secrets", message: "must map environment variable names to values, e.g. { ADMIN_PASSWORD: pulumi.secret(...) }" }];
    }
    const problems: SpecProblem[] = [];
    for (const [name, value] of Object.entries(secrets)) {
        const badName = envNameProblem(name);
        if (badName) {
            problems.push({ path: secretPath(name), message: badName });
        } else if (!isInput(value)) {
            problems.push({ path: secretPath(name), message: `must be a string or a Pulumi Output of one; got a ${Array.isArray(value) ? "list" : typeof value}` });
        }
    }
    return problems;
}

/**
 * The secrets as one secret Output of `NAME -> value`, names sorted; undefined when there are
 * none. Wrapped in `pulumi.secret` whatever the inputs were, so a plain-text value is as
 * private as a `pulumi.secret` one in state, previews and every resource it reaches.
 */
export function secretEnvironment(secrets: SecretInputs | undefined): pulumi.Output<Record<string, string>> | undefined {
    const names = Object.keys(secrets ?? {}).sort();
    if (names.length === 0) return undefined;
    const values = Object.fromEntries(names.map((n) => [n, secrets![n]]));
    return pulumi.secret(pulumi.all(values) as pulumi.Output<Record<string, string>>);
}

/** Docker's `envs` form, `NAME=value`, in name order. */
export function dockerEnvs(env: pulumi.Output<Record<string, string>>): pulumi.Output<string[]> {
    return env.apply((e) => Object.keys(e).sort().map((name) => `${name}=${e[name]}`));
}
