/**
 * Puts the derived settings into the merged user config. A user value the plan decides
 * differently is a problem naming the instance, the key and the fix, never a silent override.
 */
import { ProblemList } from "../spec/errors";
import { DerivedSetting } from "./derive";
import { ConfigSource } from "./source";
import { blockingPrefix, formatPath, getPath, setPath, Table } from "./tree";

/** The source a merged value came from: the instance's config wins over the group's, as in the merge. */
export function originOf(sources: ConfigSource[], path: string[]): ConfigSource {
    return sources.find((s) => getPath(s.settings, path) !== undefined) ?? sources[sources.length - 1];
}

function where(source: ConfigSource): string {
    return source.instance ? "its own config" : `the config of ${source.owner}`;
}

function applyOne(merged: Table, d: DerivedSetting, sources: ConfigSource[], instance: string, problems: ProblemList, reported: Set<string>): void {
    const key = () => formatPath(d.path); // for a problem only: most settings of most files have none
    const blocked = blockingPrefix(merged, d.path);
    if (blocked) {
        const source = originOf(sources, blocked);
        if (reported.has(formatPath(blocked))) return; // one problem per non-table, not one per key under it
        reported.add(formatPath(blocked));
        problems.add(source.specPath, `instance "${instance}": \`${formatPath(blocked)}\` in ${where(source)} must be a table, because the renderer sets \`${key()}\` inside it`, instance);
        return;
    }
    const user = getPath(merged, d.path);
    const contradiction = () => {
        const source = originOf(sources, d.path);
        problems.add(source.specPath, `instance "${instance}": \`${key()}\` = ${JSON.stringify(user)} in ${where(source)} contradicts the plan: ${d.explain(user)}`, instance);
    };
    if (d.authority === "absent") {
        if (user !== undefined) contradiction();
        return;
    }
    if (user === undefined) {
        if (d.authority !== "check") setPath(merged, d.path, d.value);
    } else if (d.authority === "default" || d.keep?.(user)) {
        return; // the user's own hostname, node_ip, load balancer URL, ... win
    } else if (d.same?.(user)) {
        setPath(merged, d.path, d.value); // one spelling for one value (a member port as text, as the reference writes it)
    } else {
        contradiction();
    }
}

/** Applies every derived setting, in order; problems go to `problems`. */
export function applyDerived(merged: Table, derived: DerivedSetting[], sources: ConfigSource[], instance: string, problems: ProblemList): void {
    const reported = new Set<string>();
    for (const d of derived) applyOne(merged, d, sources, instance, problems, reported);
}
