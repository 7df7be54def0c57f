import { existsSync } from "node:fs";
import { quote } from "../net/address";
import { ParseArgsConfig } from "node:util";
import { planShapeProblems } from "../spec/validate";
import { parsePlan, planFile } from "../plan/parse";
import { Plan } from "../plan/types";
import { SpecError } from "../spec/errors";
import { readBoundedFile } from "../spec/load";

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

/** How out of a bad previous plan: `plan` and `render` take --fresh. */
export const FRESH_FIX = "fix or delete the file, or pass --fresh to plan from scratch";

/**
 * A parser's message without the text it quotes: Node's JSON.parse quotes the start of the
 * input ('Unexpected token, "hunter2..." is not valid JSON'), which may be anything a link
 * in DIR points at. Positions stay.
 */
export function withoutQuotedText(message: string): string {
    return message.split("\n")[0].replace(/["'].*["'](\.\.\.)?/, "(text)");
}

/**
 * Reads a plan.json written by `plan --json` or `render`, for keeping offsets in place. It is
 * untrusted: JSON only (never echoed), then parsed completely (plan/parse.ts); any problem
 * names the file and the path in it.
 */
export function readPreviousPlan(path: string | undefined, fix = FRESH_FIX): Plan | undefined {
    if (!path) return undefined;
    if (!existsSync(path)) {
        throw new SpecError([{ path: "--previous", message: `${quote(path)} does not exist; give the plan.json of an earlier render (or of \`plan --json\`), or leave --previous out to plan from scratch` }]);
    }
    const text = readBoundedFile(path);
    let data: unknown;
    try {
        data = JSON.parse(text);
    } catch (e) {
        throw new SpecError([{ path, message: `not a plan.json: ${withoutQuotedText((e as Error).message)}; ${fix}` }]);
    }
    // A plan is input like a spec: checked against the same schema (its Plan part), then parsed completely.
    const problems = planShapeProblems(data);
    if (problems.length > 0) throw new SpecError(problems.map((p) => ({ ...p, path: `${path}: ${p.path}`, message: `${p.message}; ${fix}` })));
    return parsePlan(data, planFile(path, fix));
}
