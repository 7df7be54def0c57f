#!/usr/bin/env node
/**
 * `wso2-ports`: the offline face of the library. Needs no cloud and no Pulumi CLI.
 * Exit codes: 0 success, 1 invalid input (every problem on stderr, one per line), 2 bad
 * usage, 4 an I/O failure (disk full, no permission, ...); commands may add their own
 * (diff: 3 when there are changes). No stack trace unless `--debug` is given.
 */
// render fsyncs its files and directories several at once (src/output/fs.ts fsyncAll), on
// libuv's thread pool; its default of 4 threads would leave most of them queued. The size is
// read when the pool first starts, which is after this line: nothing before it is async.
process.env.UV_THREADPOOL_SIZE ??= "16";

import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { describeIoError, isErrnoError, IoError } from "../output/errors";
import { SpecError } from "../spec/errors";
import { Command } from "./command";
import { COMMANDS } from "./commands";

export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;
export const EXIT_IO = 4;
const DEBUG_FLAG = "--debug";

const HELP_FLAGS = ["--help", "-h"];
const VERSION_FLAGS = ["--version", "-V"];

function usage(): string {
    const commands = COMMANDS.map((c) => c.load());
    // Usage and summary on lines of their own: aligned however long a command's usage grows.
    return [
        "usage: wso2-ports [--debug] COMMAND ...",
        "       wso2-ports help [COMMAND] | --help | --version",
        "",
        ...commands.flatMap((c) => [`  ${c.usage}`, `      ${c.summary}`]),
    ].join("\n");
}

function commandHelp(command: Command): string {
    return `usage: wso2-ports ${command.usage}\n\n${command.summary}`;
}

/** The package's version, from the package.json beside src/ or lib/. */
function version(): string {
    for (let dir = __dirname; ; dir = dirname(dir)) {
        const file = join(dir, "package.json");
        if (existsSync(file)) return (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version;
        if (dirname(dir) === dir) return "unknown";
    }
}

/** `help`, `--help`, `help COMMAND` and `--version`: printed on stdout, exit 0; undefined for anything else. */
function helpOrVersion(name: string | undefined, rest: string[], out: Sink, err: Sink): number | undefined {
    if (name !== undefined && VERSION_FLAGS.includes(name)) {
        out(`wso2-ports ${version()}`);
        return 0;
    }
    if (name !== "help" && !HELP_FLAGS.includes(name ?? "")) return undefined;
    const topic = name === "help" ? rest[0] : undefined;
    if (topic === undefined) {
        out(usage());
        return 0;
    }
    const command = COMMANDS.find((c) => c.name === topic)?.load();
    if (!command) {
        err(`unknown command ${JSON.stringify(topic)}\n${usage()}`);
        return EXIT_USAGE;
    }
    out(commandHelp(command));
    return 0;
}

type Sink = (text: string) => void;
// Two writes: `t + "\n"` would copy a plan of some megabytes once more before encoding it.
const stdout: Sink = (t) => { process.stdout.write(t); process.stdout.write("\n"); };
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
    const asked = helpOrVersion(name, rest, out, err);
    if (asked !== undefined) return asked;
    const command: Command | undefined = COMMANDS.find((c) => c.name === name)?.load();
    if (!command) {
        err(name === undefined ? usage() : `unknown command ${JSON.stringify(name)}\n${usage()}`);
        return EXIT_USAGE;
    }
    if (rest.some((a) => HELP_FLAGS.includes(a))) {
        out(commandHelp(command));
        return 0;
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
