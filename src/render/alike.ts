/**
 * Which instances `plan` may leave unrendered: those whose config file can hold a problem
 * only if the first plain instance of their group holds the same one.
 *
 * An instance's file is its group's config, the bootable base and what the plan derives for
 * it. The instances of one group differ only in derived values (offset, addresses, member
 * port, members, self and peer URLs), and a derived value meets the user's config only at
 * its own key: a contradiction, a key that must be a table, a URL at the unshifted port. So
 * when the group's config writes none of those keys, nor a value above one, every check comes
 * out for each instance as it does for the first. Always rendered: instances with a config
 * of their own, and every instance of a group with `secretKeys` (a key may be in some files
 * only: `node_ip` is written for an IP address, not a DNS name).
 */
import { SELF_URL_KEYS } from "../catalog/self-urls";
import { Plan, PlannedInstance } from "../plan/types";
import { ResolvedGroup, ResolvedInstance, ResolvedSpec } from "../spec/normalize";
import { groupKeys } from "../wiring/keys";
import { deriveSettings, RenderOptions } from "./derive";
import { blockingPrefix, getPath, Table } from "./tree";
import { groupBy } from "../util/group-by";
import { groupsWithUserInput } from "./user-input";

export interface AlikeInput {
    spec: ResolvedSpec;
    plan: Plan;
    members: ReadonlyMap<string, readonly PlannedInstance[]>;
    options: RenderOptions;
    /** Each group's own config as settings; absent for a group whose config does not read. */
    groupSettings: (group: ResolvedGroup) => Table | undefined;
}

/** Up to an array of tables (`*`): any entry the user writes there may be one the plan fills. */
const upToArray = (path: readonly string[]) => (path.includes("*") ? path.slice(0, path.indexOf("*")) : path);

/**
 * Every key the plan may set differently from one instance of the group to the next. The
 * first instance's derived keys are every instance's: they follow from the group, except
 * `server.node_ip` (an IP address only), which is a default the user's value overrides and
 * so can contradict nothing.
 */
function perInstanceKeys(group: ResolvedGroup, first: PlannedInstance, input: AlikeInput): (readonly string[])[] {
    return [
        ...deriveSettings({ planned: first, plan: input.plan, members: input.members, group, options: input.options }).map((d) => d.path),
        ...groupKeys(input.plan, first).map((k) => k.path),
        ...SELF_URL_KEYS.map((k) => upToArray(k.path)),
    ];
}

const writes = (settings: Table, path: readonly string[]) => getPath(settings, path) !== undefined || blockingPrefix(settings, path) !== undefined;

/** The group's plain instances after the first, when its config writes no per-instance key. */
function alikeInGroup(group: ResolvedGroup, instances: ResolvedInstance[], input: AlikeInput): ResolvedInstance[] {
    const settings = input.groupSettings(group);
    const plain = instances.filter((i) => i.config === undefined);
    if (!settings || plain.length < 2 || group.spec.secretKeys !== undefined) return [];
    const first = input.members.get(group.name)?.find((p) => p.name === plain[0].name);
    if (!first || perInstanceKeys(group, first, input).some((path) => writes(settings, path))) return [];
    return plain.slice(1);
}

export function instancesLikeTheFirst(input: AlikeInput): Set<ResolvedInstance> {
    const byGroup = groupBy(input.spec.instances, (inst) => inst.group);
    return new Set([...byGroup].flatMap(([group, instances]) => alikeInGroup(group, instances, input)));
}

/**
 * The instances `plan` need not render: those like their group's first, and every instance
 * of a group that has no config anywhere (the group's, its instances', `secretKeys`). Such a
 * file holds the bootable base and what the plan derives, nothing the user wrote, so none of
 * render's checks, which weigh the user's values against the plan's, has anything to find
 * (tests render every instance of the example specs and of cuts of the large and varied specs).
 */
export function instancesPlanSkips(input: AlikeInput, alike = instancesLikeTheFirst(input)): Set<ResolvedInstance> {
    const skipped = new Set(alike);
    const touched = groupsWithUserInput(input.spec);
    for (const inst of input.spec.instances) if (!touched.has(inst.group)) skipped.add(inst);
    return skipped;
}
