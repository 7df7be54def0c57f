import { GroupSpec, Product } from "../spec/types";
import { PRODUCT_CATALOG } from "./products";
import { CatalogPort, ProductCatalogEntry } from "./types";

export * from "./types";
export { PRODUCT_CATALOG } from "./products";
export { MAPPER_REQUIRED_KEYS } from "./bases";
export { portIsOn, portsOn, switchIsOn, switchValueProblems } from "./switches";

export const PRODUCT_IDS: readonly Product[] = [...new Set(PRODUCT_CATALOG.map((e) => e.product))];

/** Compares dotted versions numerically ("5.11.0" > "5.9.0"); missing parts count as 0. */
export function compareVersions(a: string, b: string): number {
    const pa = a.split(".").map(Number);
    const pb = b.split(".").map(Number);
    for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
        const d = (pa[i] ?? 0) - (pb[i] ?? 0);
        if (d !== 0) return Math.sign(d);
    }
    return 0;
}

export function isVersionString(v: unknown): v is string {
    return typeof v === "string" && /^\d+(\.\d+){0,3}$/.test(v);
}

export function findProduct(product: string): ProductCatalogEntry[] {
    return PRODUCT_CATALOG.filter((e) => e.product === product);
}

export function findCatalogEntry(product: string, version: string): ProductCatalogEntry | undefined {
    return findProduct(product).find(
        (e) => compareVersions(version, e.versions.from) >= 0 && compareVersions(version, e.versions.until) < 0,
    );
}

/** The supported ranges, with ranges that touch joined (5.11–6.0 and 6.0–8.0 read as 5.11–8.0). */
export function describeVersions(entries: ProductCatalogEntry[]): string {
    const sorted = [...entries].sort((a, b) => compareVersions(a.versions.from, b.versions.from));
    const ranges: { from: string; until: string }[] = [];
    for (const e of sorted) {
        const last = ranges[ranges.length - 1];
        if (last && compareVersions(last.until, e.versions.from) === 0) last.until = e.versions.until;
        else ranges.push({ ...e.versions });
    }
    return ranges.map((r) => `>= ${r.from} and < ${r.until}`).join(", ");
}

export function profileNames(entry: ProductCatalogEntry): string[] {
    return Object.keys(entry.profiles ?? {});
}

export function defaultProfile(entry: ProductCatalogEntry): string | null {
    const profiles = entry.profiles ?? {};
    return Object.keys(profiles).find((p) => profiles[p].default) ?? null;
}

export function supportsHazelcastClustering(entry: ProductCatalogEntry): boolean {
    return entry.ports.some((p) => p.role === "local-member");
}

/**
 * The ports one group listens on: the catalog's, narrowed to the profile, with the
 * user's overrides and additions applied. Clustering ports are kept; the planner decides
 * which of them a given scheme uses.
 */
export function resolveGroupPorts(entry: ProductCatalogEntry, group: Pick<GroupSpec, "profile" | "ports">): CatalogPort[] {
    const profile = group.profile ?? defaultProfile(entry);
    const allowed = profile && entry.profiles?.[profile] ? new Set(entry.profiles[profile].ports) : null;
    const byName = new Map<string, CatalogPort>();
    for (const p of entry.ports) if (!allowed || allowed.has(p.name)) byName.set(p.name, p);
    for (const o of group.ports ?? []) {
        // normalize reports a malformed override (`ports: [null]`); skipping it here lets it collect every other problem too.
        if (typeof o !== "object" || o === null) continue;
        if (o.disabled) {
            byName.delete(o.name);
            continue;
        }
        const base = byName.get(o.name) ?? entry.ports.find((p) => p.name === o.name);
        byName.set(o.name, {
            name: o.name,
            port: o.port ?? base?.port ?? 0,
            protocol: o.protocol ?? base?.protocol ?? "tcp",
            purpose: o.purpose ?? base?.purpose ?? "user-defined port",
            configKey: base?.configKey,
            shifts: o.shifts ?? base?.shifts ?? true,
            exposure: o.exposure ?? base?.exposure ?? "internal",
            evidence: base?.evidence ?? "doc",
            source: base ? `${base.source}; overridden in the spec` : "the spec",
            role: base?.role,
            when: base?.when,
            enabled: o.enabled ?? base?.enabled,
        });
    }
    return [...byName.values()];
}

/** Where the image reads the config file: a per-profile image has its own home. */
export function configPathFor(entry: ProductCatalogEntry, version: string, profile?: string | null): string {
    const own = profile ? entry.profiles?.[profile]?.start?.configPath : undefined;
    return (own ?? entry.configPath).replace("{version}", version);
}

/** The container image of a group: the spec's, else the profile's own, else the product's. */
export function imageFor(entry: ProductCatalogEntry, version: string, profile?: string | null): string {
    const own = profile ? entry.profiles?.[profile]?.start?.image : undefined;
    return (own ?? entry.image)(version);
}

/** Start options a profile passes to the image's entrypoint (`--optimize -Dprofile=...`); empty for none. */
export function profileArgs(entry: ProductCatalogEntry, profile?: string | null): string[] {
    return [...((profile ? entry.profiles?.[profile]?.start?.args : undefined) ?? [])];
}
