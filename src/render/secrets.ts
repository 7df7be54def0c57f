/**
 * Which keys of a rendered config hold secrets, so the layers above can keep the text
 * secret (`pulumi.secret`, a Kubernetes Secret instead of a ConfigMap).
 */
import { formatPath, isTable, leaves, Segment, Table } from "./tree";

/**
 * Any key whose own name says password: `[super_admin] password`, `[keystore.*] password`
 * and `key_password`, `[truststore] password`, `[database.*] password`, and every other
 * `*password*` key WSO2 or the user adds.
 */
const PASSWORD_KEY = /password/i;

const keysOnly = (path: Segment[]) => path.filter((s): s is string => typeof s === "string");

/** A `secretKeys` entry matches a key, or a table and everything in it; array positions are ignored. */
function matchesSecretKey(path: Segment[], secretKeys: string[]): boolean {
    const keys = keysOnly(path);
    return secretKeys.some((secret) => {
        for (let n = 1; n <= keys.length; n++) {
            const prefix = keys.slice(0, n);
            if (prefix.join(".") === secret || formatPath(prefix) === secret) return true;
        }
        return false;
    });
}

function isSecret(path: Segment[], secretKeys: string[]): boolean {
    const last = keysOnly(path).pop();
    return (last !== undefined && PASSWORD_KEY.test(last)) || matchesSecretKey(path, secretKeys);
}

/** Dotted paths of the secret values (`super_admin.password`, `a.b[0].password`), sorted. */
export function secretPaths(settings: Table, secretKeys: string[] = []): string[] {
    const found = leaves(settings).filter((l) => l.path.length > 0 && isSecret(l.path, secretKeys)).map((l) => formatPath(l.path));
    return [...new Set(found)].sort();
}

/** Whether a `secretKeys` entry names anything in this config (a typo would leave a password in plain text). */
export function secretKeyFound(settings: Table, secretKey: string): boolean {
    return leaves(settings).some((l) => matchesSecretKey(l.path, [secretKey])) || isTable(settings[secretKey]);
}
