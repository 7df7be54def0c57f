/**
 * Whether an instance binds a catalog port: a `ports:` override (`enabled`) decides first,
 * then every switch the port names (`when`) must be on in the instance's merged config,
 * a switch without a key keeping its stock default.
 */
import { CatalogPort, PortSwitch } from "./types";

type Settings = Record<string, unknown>;

function valueAt(settings: Settings, key: readonly string[]): unknown {
    let node: unknown = settings;
    for (const k of key) {
        if (typeof node !== "object" || node === null || Array.isArray(node)) return undefined;
        node = Object.prototype.hasOwnProperty.call(node, k) ? (node as Settings)[k] : undefined;
    }
    return node;
}

/** WSO2's templates compare with `== true` after the mapper's inference, so "true"/"false" text counts too. */
function asSwitch(value: unknown): boolean | undefined {
    if (typeof value === "boolean") return value;
    if (typeof value === "string" && /^(true|false)$/i.test(value)) return value.toLowerCase() === "true";
    return undefined;
}

export function switchIsOn(sw: PortSwitch, settings: Settings): boolean {
    if (!sw.key) return sw.default;
    return asSwitch(valueAt(settings, sw.key)) ?? sw.default;
}

export function portIsOn(port: CatalogPort, settings: Settings): boolean {
    if (port.enabled !== undefined) return port.enabled;
    return (port.when ?? []).every((sw) => switchIsOn(sw, settings));
}

/** The ports an instance with these merged settings binds, in catalog order. */
export function portsOn(ports: readonly CatalogPort[], settings: Settings): CatalogPort[] {
    return ports.filter((p) => portIsOn(p, settings));
}

/** Switch keys set to something that is neither true nor false: the port's fate would be a guess. */
export function switchValueProblems(ports: readonly CatalogPort[], settings: Settings): { key: string[]; value: unknown; port: string }[] {
    const out: { key: string[]; value: unknown; port: string }[] = [];
    for (const p of ports) {
        for (const sw of p.when ?? []) {
            const value = sw.key ? valueAt(settings, sw.key) : undefined;
            if (sw.key && value !== undefined && asSwitch(value) === undefined) out.push({ key: sw.key, value, port: p.name });
        }
    }
    return out;
}
