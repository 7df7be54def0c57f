/**
 * Which values of a rendered config are secrets, so the layers above keep the text secret
 * (`pulumi.secret`, a Kubernetes Secret instead of a ConfigMap, files at 0600).
 *
 * A value is secret when any of these holds (a false positive only makes a file private;
 * a false negative leaks a password, so the pattern leans wide):
 * 1. Its key's last word says so (DEFAULT_SECRET_WORDS): `[super_admin] password`,
 *    `[keystore.*] password`/`key_password`, `[database.*] password`,
 *    `[identity.auth_framework.endpoint] app_password` (product-is v7.0.0
 *    modules/distribution/src/repository/resources/conf/deployment.toml), `[apim.analytics]
 *    auth_token` and `[apim.ai] token` (product-apim v4.3.0
 *    modules/distribution/product/src/main/conf/deployment.toml), `[recaptcha] secret_key`
 *    (product-is v7.0.0, same file), and any `client_secret`, `api_token`, `jwt_token`,
 *    `passphrase`, `credentials`, `apikey` a user adds, and `certPass` (MSF4J's HTTPS listeners in Streaming
 *    Integrator's deployment.yaml: wso2/streaming-integrator v4.3.0 modules/distribution/carbon-home/conf/server/deployment.yaml). Words are split at `_`, `-`, `.` and
 *    camelCase, so `ClientSecret` and `"smtp.Password"` count too.
 * 2. Its key is key material: `*_key` after a word in KEY_MATERIAL_WORDS (`private_key`,
 *    `secret_key`, `api_key`, `apiKey`), or a bare `key` in an `[encryption]`-like table
 *    (`encryption.key`, the symmetric key: product-is v7.0.0 .../conf/default.json).
 * 3. It sits in a `[secrets]` table: WSO2 Secure Vault's cipher tool reads the plain text of
 *    every alias it encrypts from there.
 * 4. A group's `secretKeys` names it, or a table holding it.
 * 5. The caller's `isSecretValue` says so (the Pulumi layer: a value that is a Pulumi secret).
 *
 * Never secret by the pattern, though the names look close: `keystore.primary.file_name`,
 * `alias`, `type` (`key_store.type`), `site_key` (reCAPTCHA's public key), `token_endpoint`,
 * `refresh_token_validity`, `min_password_length`, `..._cache_keys`, and any boolean
 * (`hash_tokens_and_secrets = true`, `[apim.cors] allow_credentials = false`). Add such a
 * key to `secretKeys` when it does hold a secret (`[account_recovery.endpoint.auth] hash`).
 */
import { forEachLeaf, formatPath, isTable, leaves, Segment, Table } from "./tree";
import { memoizeByText } from "../util/memo";

/** A key whose last word is one of these holds a secret. */
export const DEFAULT_SECRET_WORDS: readonly string[] = [
    "password", "passwd", "pwd", "pass", "passphrase", "secret", "secrets", "token", "credential", "credentials", "apikey",
];
/** `<word>_key` (or `<word>Key`) is key material after one of these words. */
export const KEY_MATERIAL_WORDS: readonly string[] = ["private", "secret", "api", "access", "encryption", "signing", "hmac", "symmetric", "master", "shared"];
/** A bare `key` in a table of one of these names is key material (`[encryption] key`). */
const KEY_TABLES: readonly string[] = ["encryption", "signing", "hmac", "symmetric_key"];
/** Every value in a table of this name is a secret (Secure Vault). */
const SECRET_TABLE = "secrets";

/** A key's words, lower case: `ClientSecret` -> client, secret; `smtp.Password` -> smtp, password. */
export function keyWords(key: string): string[] {
    return key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w.toLowerCase());
}

/** Whether a key's own name marks its value secret (rules 1 and 2 above, without the table); asked once per key of every instance. */
export const isSecretKeyName = memoizeByText(keyNameMarksSecret);

function keyNameMarksSecret(key: string): boolean {
    const words = keyWords(key);
    const last = words[words.length - 1];
    if (last === undefined) return false;
    if (DEFAULT_SECRET_WORDS.includes(last)) return true;
    return last === "key" && words.length > 1 && KEY_MATERIAL_WORDS.includes(words[words.length - 2]);
}

const keysOnly = (path: readonly Segment[]) => path.filter((s): s is string => typeof s === "string");

/** A `secretKeys` entry matches a key, or a table and everything in it; array positions are ignored. */
function matchesSecretKey(path: readonly Segment[], secretKeys: readonly string[]): boolean {
    const keys = keysOnly(path);
    return secretKeys.some((secret) => {
        for (let n = 1; n <= keys.length; n++) {
            const prefix = keys.slice(0, n);
            if (prefix.join(".") === secret || formatPath(prefix) === secret) return true;
        }
        return false;
    });
}

export interface SecretRules {
    /** The group's `secretKeys`: dotted paths of keys or tables. */
    secretKeys?: readonly string[];
    /** Extra test on the value itself (e.g. "is this a Pulumi secret"), for the layers above the core. */
    isSecretValue?: (value: unknown, path: readonly Segment[]) => boolean;
}

/** Whether the value at `path` (a leaf of a config) is a secret, by every rule above. */
export function isSecretValue(path: readonly Segment[], value: unknown, rules: SecretRules = {}): boolean {
    if (rules.isSecretValue?.(value, path)) return true;
    if (rules.secretKeys?.length && matchesSecretKey(path, rules.secretKeys)) return true;
    if (typeof value === "boolean") return false; // a switch, never a secret
    return secretByKeys(path);
}

/** Rules 1-3 on the key names of a path (array positions skipped), without copying it: asked for every leaf of every file. */
function secretByKeys(path: readonly Segment[]): boolean {
    let last = path.length - 1;
    while (last >= 0 && typeof path[last] !== "string") last--;
    if (last < 0) return false;
    const key = path[last] as string;
    let table: string | undefined;
    for (let i = last - 1; i >= 0; i--) {
        const segment = path[i];
        if (typeof segment !== "string") continue;
        if (segment === SECRET_TABLE) return true;
        table ??= segment;
    }
    if (isSecretKeyName(key)) return true;
    return key.toLowerCase() === "key" && table !== undefined && KEY_TABLES.includes(table.toLowerCase());
}

/** Dotted paths of the secret values (`super_admin.password`, `a.b[0].password`), sorted. */
export function secretPaths(settings: Table, secretKeys: readonly string[] = [], rules: Omit<SecretRules, "secretKeys"> = {}): string[] {
    const all = { ...rules, secretKeys };
    const found = new Set<string>();
    forEachLeaf(settings, (path, value) => {
        if (path.length > 0 && isSecretValue(path, value, all)) found.add(formatPath(path));
    });
    return [...found].sort();
}

/** Whether a `secretKeys` entry names anything in this config (a typo would leave a password in plain text). */
export function secretKeyFound(settings: Table, secretKey: string): boolean {
    return leaves(settings).some((l) => matchesSecretKey(l.path, [secretKey])) || isTable(settings[secretKey]);
}
