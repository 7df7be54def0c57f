/**
 * Links between groups: which group a group uses as its control plane, traffic manager, key
 * manager or service catalog. A role the spec names in `connect` is checked; one it leaves out
 * is linked implicitly when exactly one group in the deployment can serve it, and falls back
 * to another role's group when none can (a traffic manager inside the control plane; the
 * resident key manager). A role nobody in the spec can serve gets no link: that server runs
 * elsewhere and the user's config names it. Which group needs which role, and who can serve it, is catalog data
 * (src/catalog/wiring.ts ROLE_NEEDS).
 */
import { compareVersions } from "../catalog";
import { GroupKind, isKind, LINK_ROLES, LinkRole, ROLE_NEEDS, RoleNeed } from "../catalog/wiring";
import { PlannedLink } from "../plan/types";
import { ProblemList } from "../spec/errors";
import { ResolvedGroup, ResolvedSpec } from "../spec/normalize";
import { isObject } from "../util/is-object";

export function groupIsKind(group: ResolvedGroup, kind: GroupKind): boolean {
    return isKind(kind, group.entry.product, group.profile, group.spec.version, compareVersions);
}

export function needsOf(group: ResolvedGroup): RoleNeed[] {
    return ROLE_NEEDS.filter((n) => groupIsKind(group, n.client));
}

function describeGroup(g: ResolvedGroup): string {
    return `"${g.name}" (${g.entry.product} ${g.spec.version}${g.profile ? ` ${g.profile}` : ""})`;
}

function describeKinds(kinds: GroupKind[]): string {
    return kinds.map((k) => `${k.product}${k.profiles ? ` profile ${k.profiles.join(" or ")}` : ""}${k.versions ? ` ${k.versions.from} to before ${k.versions.until}` : ""}`).join("; or ");
}

const connectPath = (g: ResolvedGroup, role?: string) => `products[${g.index}].connect${role ? `.${role}` : ""}`;

/** `connect` as written: an object of role -> group name; anything else is a problem. */
function namedLinks(group: ResolvedGroup, problems: ProblemList): Partial<Record<LinkRole, string>> {
    const raw: unknown = group.spec.connect;
    if (raw === undefined) return {};
    if (!isObject(raw)) {
        problems.add(connectPath(group), `group "${group.name}": connect must be an object such as { controlPlane: "cp" }, naming groups by role`);
        return {};
    }
    const needs = needsOf(group).map((n) => n.role);
    const out: Partial<Record<LinkRole, string>> = {};
    for (const [role, value] of Object.entries(raw)) {
        if (!(LINK_ROLES as readonly string[]).includes(role)) {
            problems.add(connectPath(group, role), `group "${group.name}": unknown role "${role}" in connect; use one of ${LINK_ROLES.join(", ")}`);
        } else if (typeof value !== "string" || value === "") {
            problems.add(connectPath(group, role), `group "${group.name}": connect.${role} must name a group of the spec`);
        } else if (!needs.includes(role as LinkRole)) {
            problems.add(connectPath(group, role), `group ${describeGroup(group)} does not use a ${role}${needs.length ? ` (it uses ${needs.join(", ")})` : ""}; remove connect.${role}`);
        } else {
            out[role as LinkRole] = value;
        }
    }
    return out;
}

function candidatesFor(spec: ResolvedSpec, group: ResolvedGroup, kinds: GroupKind[]): ResolvedGroup[] {
    return spec.groups.filter((g) => g !== group && kinds.some((k) => groupIsKind(g, k)));
}

/** Why a named group cannot serve, with the fix. */
function wrongTarget(group: ResolvedGroup, need: RoleNeed, target: ResolvedGroup, candidates: ResolvedGroup[]): string {
    const isThirdParty = target.entry.product === "identity-server" && need.role === "keyManager";
    const why = isThirdParty
        ? `Identity Server ${target.spec.version} is a third-party key manager, configured in the API-M Admin Portal (wiring.md 3.3), not in deployment.toml; only IS 5.11 can be the resident key manager`
        : `it is not a ${describeKinds([...need.candidates, ...(need.namedOnly ?? [])])}`;
    const fix = candidates.length > 0 ? `name one of ${candidates.map((c) => `"${c.name}"`).join(", ")}` : `remove connect.${need.role}`;
    return `group "${group.name}": connect.${need.role} names group ${describeGroup(target)}, which cannot be its ${need.role}: ${why}; ${fix}`;
}

/** API-M servers of one deployment run one version: the event formats and keys differ between releases (wiring.md 5). */
function versionProblem(group: ResolvedGroup, need: RoleNeed, target: ResolvedGroup): string | undefined {
    if (group.entry.product !== "api-manager" || target.entry.product !== "api-manager" || group.spec.version === target.spec.version) return undefined;
    return `group "${group.name}" (API-M ${group.spec.version}) links to "${target.name}" (API-M ${target.spec.version}) as its ${need.role}; the servers of one API-M deployment must run the same version`;
}

function resolveNamed(spec: ResolvedSpec, group: ResolvedGroup, need: RoleNeed, name: string, problems: ProblemList): PlannedLink | undefined {
    const serving = candidatesFor(spec, group, [...need.candidates, ...(need.namedOnly ?? [])]);
    const target = spec.groups.find((g) => g.name === name);
    const path = connectPath(group, need.role);
    if (!target) {
        const fix = serving.length > 0 ? `name one of ${serving.map((c) => `"${c.name}"`).join(", ")}` : `add a group that is a ${describeKinds(need.candidates)}`;
        problems.add(path, `group "${group.name}": connect.${need.role} names group "${name}", which is not in the spec; ${fix}`);
        return undefined;
    }
    if (!serving.includes(target)) {
        problems.add(path, wrongTarget(group, need, target, serving));
        return undefined;
    }
    const mismatch = versionProblem(group, need, target);
    if (mismatch) problems.add(path, mismatch);
    return mismatch ? undefined : { group: group.name, role: need.role, target: target.name, implicit: false };
}

type Outcome = PlannedLink | "fallback" | undefined;

function resolveImplicit(spec: ResolvedSpec, group: ResolvedGroup, need: RoleNeed, problems: ProblemList): Outcome {
    if (need.explicit) return undefined;
    const candidates = candidatesFor(spec, group, need.candidates);
    if (candidates.length === 1) {
        const mismatch = versionProblem(group, need, candidates[0]);
        if (mismatch) problems.add(connectPath(group, need.role), `${mismatch}; or name another group in connect.${need.role}`);
        return mismatch ? undefined : { group: group.name, role: need.role, target: candidates[0].name, implicit: true };
    }
    if (candidates.length > 1) {
        const names = candidates.map((c) => `"${c.name}"`).join(", ");
        problems.add(connectPath(group, need.role), `group "${group.name}" needs a ${need.role} and the spec has ${candidates.length} groups that can be it (${names}); choose one with \`connect: { ${need.role}: ${candidates[0].name} }\``);
        return undefined;
    }
    // None: a fallback role's group serves it; else the server lives outside this spec, and the
    // user's own config points at it (a gateway of an existing control plane, say).
    return need.fallback ? "fallback" : undefined;
}

const byGroupAndRole = (a: PlannedLink, b: PlannedLink) => (a.group < b.group ? -1 : a.group > b.group ? 1 : LINK_ROLES.indexOf(a.role) - LINK_ROLES.indexOf(b.role));

/** Every link of the spec, sorted by group and role; problems (ambiguous, missing, wrong targets) go to `problems`. */
export function resolveLinks(spec: ResolvedSpec, problems: ProblemList): PlannedLink[] {
    const links: PlannedLink[] = [];
    const pending: { group: ResolvedGroup; need: RoleNeed }[] = [];
    const named = new Map(spec.groups.map((g) => [g.name, namedLinks(g, problems)]));
    const resolve = (group: ResolvedGroup, need: RoleNeed) => {
        const name = named.get(group.name)![need.role];
        const outcome = name !== undefined ? resolveNamed(spec, group, need, name, problems) : resolveImplicit(spec, group, need, problems);
        if (outcome === "fallback") pending.push({ group, need });
        else if (outcome) links.push(outcome);
    };
    for (const group of spec.groups) for (const need of needsOf(group).filter((n) => !n.onlyWhenLinkedAs)) resolve(group, need);
    // A role without a candidate is served by its fallback role's group (resolved above).
    for (const { group, need } of pending) {
        const via = links.find((l) => l.group === group.name && l.role === need.fallback);
        if (via) links.push({ group: group.name, role: need.role, target: via.target, implicit: true });
    }
    // Roles a group needs only because another group uses it (IS notifies the control plane as a key manager).
    for (const group of spec.groups) {
        for (const need of needsOf(group).filter((n) => n.onlyWhenLinkedAs)) {
            if (links.some((l) => l.target === group.name && l.role === need.onlyWhenLinkedAs)) resolve(group, need);
            else if (named.get(group.name)![need.role] !== undefined) {
                problems.add(connectPath(group, need.role), `group "${group.name}" names a ${need.role}, but it needs one only as another group's ${need.onlyWhenLinkedAs}, and no group uses it so; remove connect.${need.role}, or name "${group.name}" in an API-M group's connect.${need.onlyWhenLinkedAs}`);
            }
        }
    }
    return links.sort(byGroupAndRole);
}
