/**
 * Whether a group's files hold anything the user wrote: its config, an instance's own, or
 * `secretKeys` to check. Without, a file is the bootable base and the plan's values only.
 * No renderer here: `plan` asks it before it loads one.
 */
import { ResolvedGroup, ResolvedSpec } from "../spec/normalize";

export function groupsWithUserInput(spec: ResolvedSpec): Set<ResolvedGroup> {
    const touched = new Set(spec.groups.filter((g) => g.config !== undefined || g.spec.secretKeys !== undefined));
    for (const inst of spec.instances) if (inst.config !== undefined) touched.add(inst.group);
    return touched;
}

/** Where `render` writes an instance's config file in its output directory. */
export function configRelativePath(planned: { host: string; name: string }, group: ResolvedGroup): string {
    return `${planned.host}/${planned.name}/${group.entry.configFile}`;
}
