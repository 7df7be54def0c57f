import { readFileSync } from "node:fs";
import { ParseArgsConfig } from "node:util";
import { SpecError } from "../spec/errors";
import { planShapeProblems } from "../spec/validate";
import { Plan } from "../plan/types";

export interface CommandContext {
    positionals: string[];
    values: Record<string, string | boolean | (string | boolean)[] | undefined>;
    out: (text: string) => void;
    err: (text: string) => void;
}

/** A subcommand: returns its exit code, or a usage message (exit 2). */
export interface Command {
    name: string;
    usage: string;
    summary: string;
    options: NonNullable<ParseArgsConfig["options"]>;
    run(ctx: CommandContext): number | string | Promise<number | string>;
}

/**
 * A parser's message without the text it quotes: Node's JSON.parse quotes the start of the
 * input ('Unexpected token, "hunter2..." is not valid JSON'), which may be anything a link
 * in DIR points at. Positions stay.
 */
export function withoutQuotedText(message: string): string {
    return message.split("\n")[0].replace(/["'].*["'](\.\.\.)?/, "(text)");
}

/** Reads a plan.json written by `plan --json` or `render`, for keeping offsets in place. */
export function readPreviousPlan(path: string | undefined): Plan | undefined {
    if (!path) return undefined;
    let plan: unknown;
    try {
        plan = JSON.parse(readFileSync(path, "utf8"));
        if (!Array.isArray((plan as Plan).instances)) throw new Error("no `instances` list");
    } catch (e) {
        throw new SpecError([{ path, message: `not a plan.json: ${withoutQuotedText((e as Error).message)}` }]);
    }
    // A plan is input like a spec: checked against the same schema (its Plan part).
    const problems = planShapeProblems(plan);
    if (problems.length > 0) throw new SpecError(problems.map((p) => ({ ...p, path: `${path}: ${p.path}` })));
    return plan as Plan;
}
