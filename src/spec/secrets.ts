/**
 * `secrets:`: environment variables for every server, by name, so a deployment.toml can read
 * `$env{ADMIN_PASSWORD}` instead of holding the password. One rule for the names wherever
 * they come from (a spec file for `wso2-ports`, stack config, the component's args), and the
 * checks a spec file's plain values need before they reach an env file or a Secret.
 *
 * Messages name the key, never the value: a value is a password.
 */
import { quote } from "../net/address";
import { SpecProblem } from "./errors";
import { closestName } from "./suggest";
import { isObject } from "../util/is-object";

/** What a POSIX shell and the JVM's `System.getenv` both accept, and WSO2's `$env{}` reads. */
export const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

export const SECRETS_KEY = "secrets";

/** The property path of one secret: `secrets.ADMIN_PASSWORD`, an odd name quoted. */
export const secretPath = (name: string) => (/^[A-Za-z_][\w-]*$/.test(name) ? `${SECRETS_KEY}.${name}` : `${SECRETS_KEY}[${quote(name)}]`);

/** Why `name` cannot be an environment variable name, with the name to use instead; undefined when it can. */
export function envNameProblem(name: string): string | undefined {
    if (ENV_NAME.test(name)) return undefined;
    const fixed = name.toUpperCase().replace(/[^A-Z0-9_]+/g, "_").replace(/^(?=[0-9])/, "_");
    return `${quote(name)} is not an environment variable name: use upper-case letters, digits and '_', not starting with a digit (e.g. ${quote(fixed || "_")})`;
}

/**
 * The longest `NAME=value` line `docker run --env-file` reads: docker/cli scans the file with
 * Go's bufio.Scanner, whose default limit is 64 KiB; one byte more fails with "token too long"
 * (measured with docker 28.2).
 */
export const MAX_ENV_LINE_BYTES = 65535;

/**
 * A value a line-based env file (`docker run --env-file`) cannot carry: a line break would
 * end the value and start a line of the attacker's choosing (another variable), and a NUL
 * cannot be in any environment. The value is not quoted.
 */
export function envValueProblem(name: string, value: string): string | undefined {
    if (/[\n\r]/.test(value)) return "the value holds a line break, which an environment variable file cannot carry; put a multi-line value (a key, a certificate) in a file the server reads instead";
    if (value.includes("\0")) return "the value holds a NUL character, which no environment variable can hold";
    if (Buffer.byteLength(`${name}=${value}`) > MAX_ENV_LINE_BYTES) return `the value is too long for docker run --env-file, which reads lines of at most ${MAX_ENV_LINE_BYTES} bytes; put it in a file the server reads instead`;
    return undefined;
}

/**
 * A spec file's `secrets:` problems beyond its shape (a map of strings is the schema's):
 * names, and values an env file cannot carry.
 */
export function specSecretsProblems(raw: unknown): SpecProblem[] {
    const secrets = isObject(raw) ? raw[SECRETS_KEY] : undefined;
    if (!isObject(secrets)) return [];
    const problems: SpecProblem[] = [];
    for (const [name, value] of Object.entries(secrets)) {
        const message = envNameProblem(name) ?? (typeof value === "string" ? envValueProblem(name, value) : undefined);
        if (message) problems.push({ path: secretPath(name), message });
    }
    return problems;
}

/** A checked spec file's secrets, names sorted; empty when it has none. */
export function specSecrets(raw: unknown): Record<string, string> {
    const secrets = isObject(raw) ? raw[SECRETS_KEY] : undefined;
    if (!isObject(secrets)) return {};
    const names = Object.keys(secrets).filter((n) => typeof secrets[n] === "string").sort();
    return Object.fromEntries(names.map((n) => [n, secrets[n] as string]));
}

/** The names a config text reads with `$env{NAME}` (WSO2's config mapper syntax), sorted, once each. */
export function envReferences(text: string): string[] {
    return [...new Set([...text.matchAll(/\$env\{([^}\s]*)\}/g)].map((m) => m[1]))].sort();
}

/**
 * What `render` says about `$env{NAME}` in the rendered configs, one line per name:
 *   - a NAME no config of `secrets:` provides and no target sets (`provided`): the server
 *     will not find it unless the operator sets it some other way;
 *   - a `secrets:` entry no config reads: a misspelling, or a leftover.
 * Warnings, not errors: an offline renderer cannot see the rest of the environment (the
 * image's own ENV, `docker run -e`, an overlay's env), and refusing would block those
 * setups; a missing variable is still loud on stderr, before anything starts.
 */
export function envReferenceWarnings(configs: { instance: string; text: string }[], secretNames: string[], provided: string[]): string[] {
    const readers = new Map<string, string[]>();
    for (const c of configs) for (const name of envReferences(c.text)) readers.set(name, [...(readers.get(name) ?? []), c.instance]);
    const known = new Set([...secretNames, ...provided]);
    const missing = [...readers.keys()].filter((n) => !known.has(n)).sort().map((name) => {
        const instances = readers.get(name)!;
        const close = closestName(name, secretNames);
        return `warning: $env{${name}} is read by ${instances.slice(0, 3).join(", ")}${instances.length > 3 ? ` and ${instances.length - 3} more` : ""} but is not in \`secrets:\`${close ? ` (did you mean ${close}?)` : ""}; add it there, or set it in the containers yourself`;
    });
    const unread = secretNames.filter((n) => !readers.has(n)).sort().map((name) =>
        `hint: ${secretPath(name)} is read by no config ($env{${name}}); the servers still get it, but check the spelling or remove it`);
    return [...missing, ...unread];
}
