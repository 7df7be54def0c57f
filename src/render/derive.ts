/**
 * The settings the plan decides for one instance, as key paths in its config file, and
 * how each one meets a value the user wrote at the same key.
 */
import { tcpPortOwners } from "../plan/port-owners";
import type { SecretRules } from "./secrets";
import { parseHostAddress } from "../net/address";
import { sortMembers } from "../plan/planner";
import { Plan, PlannedInstance } from "../plan/types";
import { ResolvedGroup } from "../spec/normalize";
import { supportsHazelcastClustering } from "../catalog";
import { compareKeys } from "./tree";
import { memoizeByText } from "../util/memo";

/**
 * - `plan`: the plan decides; a different user value is an error (it would break the plan).
 * - `check`: like `plan`, but written only when the user wrote it (keeps minimal files minimal).
 * - `default`: written when the user did not write it; the user's own value wins.
 * - `absent`: the key must not be set at all.
 */
export type Authority = "plan" | "check" | "default" | "absent";

export interface DerivedSetting {
    path: string[];
    value: unknown;
    authority: Authority;
    /** Whether a user value means the same (a port as text or as a number). */
    same?: (user: unknown) => boolean;
    /** Whether a user value is theirs to keep as written (a load balancer's URL, not one of the plan's servers). */
    keep?: (user: unknown) => boolean;
    /** For a contradiction: what the plan says and what to do instead. */
    explain: (user: unknown) => string;
}

export interface RenderOptions {
    /**
     * The address other members dial: `local_member_host` and the WKA `members` entries.
     * Defaults to the instance's host address; Kubernetes passes pod DNS names.
     */
    memberAddress?: (inst: PlannedInstance) => string;
    /**
     * The host part of a URL by which `client` dials a linked peer `target` (wiring). Defaults
     * to the target's planned address; Docker passes the container name for a peer on the same
     * bridge. A peer's own `server.hostname` wins over both.
     */
    peerAddress?: (client: PlannedInstance, target: PlannedInstance) => string;
    /** The kubernetes membership scheme's namespace and Service per group. */
    kubernetes?: { namespace: string; serviceName: (group: string) => string };
    /** Marks more values secret than the key pattern and `secretKeys` do (the Pulumi layer: Pulumi secrets). */
    isSecretValue?: SecretRules["isSecretValue"];
}

/** Namespace and headless Service the Kubernetes target creates, unless told otherwise. */
export const DEFAULT_KUBERNETES: Required<RenderOptions>["kubernetes"] = {
    namespace: "default",
    serviceName: (group) => `${group}-headless`,
};

/** port-catalog.md [Clustering in deployment.toml]: the class the kubernetes-membership-scheme jar provides. */
export const KUBERNETES_MEMBERSHIP_CLASS = "org.wso2.carbon.membership.scheme.kubernetes.KubernetesMembershipScheme";

export interface DeriveContext {
    planned: PlannedInstance;
    plan: Plan;
    /** The plan's instances by group, indexed once per render: a scan of the plan per instance made rendering quadratic. */
    members: ReadonlyMap<string, readonly PlannedInstance[]>;
    group: ResolvedGroup;
    options: RenderOptions;
    /**
     * Each group's WKA member list, made once per render: every member of a group lists the same
     * fifty, and sorting and writing them per instance cost some 6% of a 1,000-instance render.
     * Without it, each list is made when asked.
     */
    memberLists?: Map<string, readonly string[]>;
}

const sameText = (value: unknown) => (user: unknown) =>
    (typeof user === "string" || typeof user === "number" || typeof user === "bigint") && String(user) === String(value);

const sameList = (value: string[]) => (user: unknown) =>
    Array.isArray(user) && user.every((u) => typeof u === "string") && [...user].sort(compareKeys).join("\n") === [...value].sort(compareKeys).join("\n");

const show = (v: unknown) => JSON.stringify(v);

/** The other instance that owns a TCP port on this instance's host, if any: makes a clash message concrete. */
export function portOwner(ctx: DeriveContext, port: number): PlannedInstance | undefined {
    return tcpPortOwners(ctx.plan, ctx.planned.host, port).find((o) => o.name !== ctx.planned.name);
}

function ownedBy(ctx: DeriveContext, port: unknown): string {
    const owner = Number.isInteger(Number(port)) ? portOwner(ctx, Number(port)) : undefined;
    return owner ? `; ${port} belongs to instance "${owner.name}" on host "${owner.host}"` : "";
}

/** Where the offset lives: `[server] offset`, or Streaming Integrator's `wso2.carbon: ports: offset` (port-catalog.md [Streaming Integrator 4.x]). */
export function offsetPath(group: ResolvedGroup): string[] {
    return group.entry.configFile === "deployment.yaml" ? ["wso2.carbon", "ports", "offset"] : ["server", "offset"];
}

function offsetSetting(ctx: DeriveContext): DerivedSetting {
    const offset = ctx.planned.offset;
    // Always written, even when it equals a default: Micro Integrator's built-in offset is 10
    // and `[server] offset` replaces it (port-catalog.md, gotcha 4), so an absent key is not 0.
    return {
        path: offsetPath(ctx.group), value: offset, authority: "plan", same: sameText(offset),
        explain: (user) => `the plan gives this instance offset ${offset} (so that no two instances on host "${ctx.planned.host}" share a port); remove the key, or set \`offset: ${user}\` on the instance in the spec so the planner checks it`,
    };
}

/** `hostname` and `node_ip`: WSO2 builds absolute URLs from them (gotcha 5), so "localhost" is wrong off the host. */
function serverDefaults(ctx: DeriveContext): DerivedSetting[] {
    const address = ctx.planned.address;
    const out: DerivedSetting[] = [{ path: ["server", "hostname"], value: address, authority: "default", explain: () => "" }];
    if (parseHostAddress(address).kind === "ip") out.push({ path: ["server", "node_ip"], value: address, authority: "default", explain: () => "" });
    return out;
}

/**
 * `[transport.https] properties.port` and the like, as a key path; undefined for carbon.xml or
 * axis2 keys. Read once per catalog key, not once per port of every instance; the path is
 * shared, as the wiring keys' paths are: read it, never change it.
 */
const tomlKeyOfText = memoizeByText((configKey: string): string[] | undefined => {
    const m = /^\[([A-Za-z0-9_.-]+)\] ([A-Za-z0-9_.-]+)$/.exec(configKey);
    return m ? [...m[1].split("."), ...m[2].split(".")] : undefined;
});

export const tomlKeyOf = (configKey: string | undefined): string[] | undefined => tomlKeyOfText(configKey ?? "");

/**
 * Keys that hold a port number: they must hold the *unshifted* number, since the server
 * adds the offset itself (port-catalog.md [How the offset is resolved], gotcha 3).
 */
function portKeySettings(ctx: DeriveContext): DerivedSetting[] {
    const out: DerivedSetting[] = [];
    for (const port of ctx.group.ports) {
        const path = tomlKeyOf(port.configKey);
        if (!path || port.role === "local-member" || !port.shifts) continue;
        const overridden = (ctx.group.spec.ports ?? []).some((o) => o.name === port.name && o.port !== undefined);
        const listening = port.port + ctx.planned.offset;
        out.push({
            path, value: port.port, authority: overridden ? "plan" : "check", same: sameText(port.port),
            explain: (user) => {
                const would = Number(user) + ctx.planned.offset;
                return `the server adds the offset (${ctx.planned.offset}) to this key itself, so it would listen on ${Number.isFinite(would) ? would : "?"} instead of the planned ${listening}${Number(user) === listening ? " (a double shift: port-catalog.md, gotcha 3)" : ""}${ownedBy(ctx, would)}. ` +
                    `Keep the unshifted ${port.port} here or leave the key out; to give "${port.name}" another number, use a \`ports:\` override in the spec (\`ports: [{ name: ${port.name}, port: ${user} }]\`) so the planner checks it`;
            },
        });
    }
    return out;
}

function memberAddress(ctx: DeriveContext, inst: PlannedInstance): string {
    return ctx.options.memberAddress?.(inst) ?? inst.address;
}

/** WKA members: every member of the group, this one included, as `address:localMemberPort`, sorted like the plan. */
export function wkaMembers(ctx: DeriveContext): string[] {
    let members = ctx.memberLists?.get(ctx.planned.group);
    if (!members) {
        const group = ctx.members.get(ctx.planned.group) ?? [];
        members = sortMembers(group.map((i) => ({ address: memberAddress(ctx, i), port: i.clustering?.localMemberPort ?? 0 })));
        ctx.memberLists?.set(ctx.planned.group, members);
    }
    return [...members]; // a copy: an instance's settings own every value in them (mergeOver)
}

function clusteringSettings(ctx: DeriveContext): DerivedSetting[] {
    const { planned, group } = ctx;
    if (!supportsHazelcastClustering(group.entry)) return [];
    const c = planned.clustering;
    if (!c) {
        return [{
            path: ["clustering", "membership_scheme"], value: undefined, authority: "absent",
            explain: () => `group "${group.name}" has no \`clustering\` in the spec, so the planner gave its instances no Hazelcast member ports (every scheme binds one: port-catalog.md, gotcha 1); remove the key and set \`clustering: { scheme: ... }\` on the group instead`,
        }];
    }
    const fromSpec = (what: string, fix: string) => () => `the plan says ${what}; ${fix}`;
    const port = c.localMemberPort;
    const host = memberAddress(ctx, planned);
    const out: DerivedSetting[] = [
        { path: ["clustering", "membership_scheme"], value: c.scheme, authority: "plan", same: sameText(c.scheme), explain: fromSpec(`"${c.scheme}"`, "set `clustering.scheme` on the group in the spec instead") },
        { path: ["clustering", "domain"], value: c.domain, authority: "plan", same: sameText(c.domain), explain: fromSpec(`"${c.domain}"`, "set `clustering.domain` on the group in the spec instead") },
        { path: ["clustering", "local_member_host"], value: host, authority: "plan", same: sameText(host), explain: fromSpec(`"${host}", the address the other members dial`, "change the host's `address` in the spec instead") },
    ];
    if (port !== null) {
        // A string, as WSO2's own deployment guide writes it (port-catalog.md [Clustering in deployment.toml]).
        out.push({
            path: ["clustering", "local_member_port"], value: String(port), authority: "plan", same: sameText(port),
            explain: (user) => `the plan gives this instance ${port}, the port the other members dial${ownedBy(ctx, user)}; remove the key, or set \`localMemberPort: ${user}\` on the instance in the spec so the planner checks it`,
        });
    }
    if (c.scheme === "wka") {
        const members = wkaMembers(ctx);
        out.push({
            path: ["clustering", "members"], value: members, authority: "plan", same: sameList(members),
            explain: () => `the plan's members of group "${planned.group}" are ${show(members)}; remove the key, the renderer lists every member`,
        });
    }
    if (c.scheme === "kubernetes") out.push(...kubernetesProperties(ctx));
    return out;
}

function kubernetesProperties(ctx: DeriveContext): DerivedSetting[] {
    const k = ctx.options.kubernetes ?? DEFAULT_KUBERNETES;
    const service = k.serviceName(ctx.planned.group);
    const entries: [string, string, string][] = [
        ["membershipSchemeClassName", KUBERNETES_MEMBERSHIP_CLASS, "the kubernetes scheme needs this class"],
        ["KUBERNETES_NAMESPACE", k.namespace, "set the Kubernetes target's namespace instead"],
        ["KUBERNETES_SERVICES", service, "the Kubernetes target creates this headless Service for the group; remove the key"],
    ];
    return entries.map(([key, value, fix]) => ({
        path: ["clustering", "properties", key], value, authority: "plan" as const, same: sameText(value),
        explain: () => `the plan says ${show(value)}; ${fix}`,
    }));
}

const sameSwitch = (value: boolean) => (user: unknown) =>
    user === value || (typeof user === "string" && user.toLowerCase() === String(value));

/**
 * A `ports:` override that says whether a port is bound (`enabled`) writes the keys that
 * turn it on or off, so the file and the plan agree: on sets every keyed switch of the port,
 * off sets its own (last) one, leaving shared switches (the AMQP transport) alone.
 */
function portSwitchSettings(ctx: DeriveContext): DerivedSetting[] {
    const out: DerivedSetting[] = [];
    for (const port of ctx.group.ports) {
        const keyed = (port.when ?? []).filter((sw) => sw.key);
        if (port.enabled === undefined || keyed.length === 0) continue;
        const switches = port.enabled ? keyed : keyed.slice(-1);
        for (const sw of switches) {
            out.push({
                path: sw.key!, value: port.enabled, authority: "plan", same: sameSwitch(port.enabled),
                explain: () => `the spec's \`ports:\` override says port "${port.name}" is ${port.enabled ? "enabled" : "not enabled"}, and this key decides that (${sw.source}); remove the key or change the override`,
            });
        }
    }
    return out;
}

/** Everything derived for one instance, in the order it is applied. */
export function deriveSettings(ctx: DeriveContext): DerivedSetting[] {
    if (ctx.group.entry.configFile === "deployment.yaml") return [offsetSetting(ctx)];
    return [offsetSetting(ctx), ...serverDefaults(ctx), ...portKeySettings(ctx), ...portSwitchSettings(ctx), ...clusteringSettings(ctx)];
}
