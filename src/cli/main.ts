#!/usr/bin/env node
/**
 * `wso2-ports`: the offline face of the library. Needs no cloud and no Pulumi CLI.
 * Exit codes: 0 success, 1 invalid input (every problem on stderr, one per line), 2 bad
 * usage, 4 an I/O failure (disk full, no permission, ...); commands may add their own
 * (diff: 3 when there are changes). No stack trace unless `--debug` is given.
 */
import { parseArgs } from "node:util";
import { describeIoError, isErrnoError, IoError } from "../output/errors";
import { SpecError } from "../spec/errors";
import { Command } from "./command";
import { COMMANDS } from "./commands";

export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;
export const EXIT_IO = 4;
const DEBUG_FLAG = "--debug";

function usage(): string {
    const commands = COMMANDS.map((c) => c.load());
    return ["usage: wso2-ports [--debug] COMMAND ...", "", ...commands.map((c) => `  ${c.usage.padEnd(48)} ${c.summary}`)].join("\n");
}

type Sink = (text: string) => void;
const stdout: Sink = (t) => { process.stdout.write(t + "\n"); };
const stderr: Sink = (t) => { process.stderr.write(t + "\n"); };

const isKubernetesValidationError = (e: unknown): e is Error & { problems: string[] } =>
    e instanceof Error && e.name === "KubernetesValidationError" && Array.isArray((e as { problems?: unknown }).problems);

/** What the user reads for an error, and the exit code; never a stack trace (that is --debug's). */
export function errorReport(e: unknown): { message: string; code: number } {
    if (e instanceof SpecError) return { message: e.message, code: EXIT_INVALID };
    // By name: importing the class would load Kubernetes validation into every command (`plan` starts without it).
    if (isKubernetesValidationError(e)) {
        return { message: `invalid WSO2 deployment spec: the Kubernetes objects it gives are not valid (${e.problems.length}):\n${e.problems.map((p) => `  - ${p}`).join("\n")}`, code: EXIT_INVALID };
    }
    if (e instanceof IoError) return { message: `wso2-ports: ${e.message}`, code: EXIT_IO };
    if (isErrnoError(e)) return { message: `wso2-ports: ${e.syscall ?? "I/O"} ${e.path ?? ""} failed: ${describeIoError(e)}`.replace("  ", " "), code: EXIT_IO };
    const first = e instanceof Error ? `${e.name}: ${e.message.split("\n")[0]}` : String(e).split("\n")[0];
    return { message: `wso2-ports: internal error (${first}); this is a bug: rerun with ${DEBUG_FLAG} for the stack trace and report it`, code: EXIT_INVALID };
}

export async function runCli(argv: string[], out: Sink = stdout, err: Sink = stderr): Promise<number> {
    const debug = argv.includes(DEBUG_FLAG);
    const [name, ...rest] = argv.filter((a) => a !== DEBUG_FLAG);
    const command: Command | undefined = COMMANDS.find((c) => c.name === name)?.load();
    if (!command) {
        err(name === undefined || name === "--help" || name === "-h" ? usage() : `unknown command ${JSON.stringify(name)}\n${usage()}`);
        return name === "--help" || name === "-h" ? 0 : EXIT_USAGE;
    }
    let parsed;
    try {
        parsed = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
    } catch (e) {
        err(`${(e as Error).message}\nusage: wso2-ports ${command.usage}`);
        return EXIT_USAGE;
    }
    try {
        const result = await command.run({ positionals: parsed.positionals, values: parsed.values, out, err });
        if (typeof result === "string") {
            err(`${result}\nusage: wso2-ports ${command.usage}`);
            return EXIT_USAGE;
        }
        return result;
    } catch (e) {
        const report = errorReport(e);
        err(report.message);
        if (debug && e instanceof Error && e.stack) err(e.stack);
        return report.code;
    }
}

if (require.main === module) {
    runCli(process.argv.slice(2)).then(
        (code) => { process.exitCode = code; },
        (e) => {
            const report = errorReport(e);
            process.stderr.write(`${report.message}\n`);
            if (process.argv.includes(DEBUG_FLAG)) process.stderr.write(`${(e as Error).stack ?? e}\n`);
            process.exitCode = report.code;
        },
    );
}
