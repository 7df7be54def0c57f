import { diffPlans } from "../../diff/diff";
import { formatDiff } from "../../diff/format";
import { planSpecFile } from "../../plan/spec-file";
import { Plan } from "../../plan/types";
import { parsePlan, planFile } from "../../plan/parse";
import { SpecError } from "../../spec/errors";
import { loadSpecFile } from "../../spec/load";
import { Command, readPreviousPlan } from "../command";
import { isObject } from "../../util/is-object";

/** Exit code when the plans differ, so a CI step can tell "changes" from "broken" (1) and "usage" (2). */
export const EXIT_CHANGES = 3;

/** A plan.json (from `plan --json` or `render`) has `instances` that carry `ports`; a spec's never do. */
export function looksLikePlan(data: unknown): boolean {
    return isObject(data) && Array.isArray(data.instances) && data.instances.length > 0 &&
        data.instances.every((i) => isObject(i) && Array.isArray(i.ports));
}

/** What to do about a bad plan.json given to diff. */
const DIFF_PLAN_FIX = "give a plan.json as `wso2-ports plan --json` or `render` wrote it";

interface Side {
    plan: Plan;
    /** Whether the file was a plan (what was deployed) rather than a spec. */
    deployed: boolean;
}

function loadSide(path: string, previous: Plan | undefined): Side {
    const data = loadSpecFile(path);
    if (looksLikePlan(data)) return { plan: parsePlan(data, planFile(path, DIFF_PLAN_FIX)), deployed: true };
    return { plan: planSpecFile(data, { previous }).plan, deployed: false };
}

/** Loads one side; its problems say which side (OLD or NEW) is bad. */
function loadNamedSide(side: "OLD" | "NEW", path: string, previous: Plan | undefined): Side {
    try {
        return loadSide(path, previous);
    } catch (e) {
        if (!(e instanceof SpecError)) throw e;
        throw new SpecError(e.problems.map((p) => ({ ...p, path: p.path.startsWith(path) ? `${side} ${p.path}` : `${side} ${path}: ${p.path}` })));
    }
}

export const diffCommand: Command = {
    name: "diff",
    usage: "diff OLD NEW [--json] [--previous PLAN_JSON]",
    summary: "show ports opened, closed, moved, widened (exit 3 on changes)",
    options: { json: { type: "boolean" }, previous: { type: "string" } },
    run({ positionals, values, out }) {
        if (positionals.length !== 2) return "diff takes OLD (a spec or a plan.json) and NEW (a spec)";
        const previous = readPreviousPlan(values.previous as string | undefined, DIFF_PLAN_FIX);
        const before = loadNamedSide("OLD", positionals[0], previous);
        // Against a deployed plan.json, plan NEW as `render` would: keeping what was deployed in place.
        const after = loadNamedSide("NEW", positionals[1], previous ?? (before.deployed ? before.plan : undefined));
        const diff = diffPlans(before.plan, after.plan);
        out(values.json ? JSON.stringify(diff, null, 2) : formatDiff(diff));
        return diff.changed ? EXIT_CHANGES : 0;
    },
};
