#!/usr/bin/env node
/**
 * `wso2-ports`: the offline face of the library. Needs no cloud and no Pulumi CLI.
 * Exit codes: 0 success, 1 invalid spec (every problem on stderr), 2 bad usage;
 * commands may add their own (diff: 3 when there are changes).
 */
import { parseArgs } from "node:util";
import { SpecError } from "../spec/errors";
import { Command } from "./command";
import { COMMANDS } from "./commands";

function usage(): string {
    const commands = COMMANDS.map((c) => c.load());
    return ["usage: wso2-ports COMMAND ...", "", ...commands.map((c) => `  ${c.usage.padEnd(48)} ${c.summary}`)].join("\n");
}

type Sink = (text: string) => void;
const stdout: Sink = (t) => { process.stdout.write(t + "\n"); };
const stderr: Sink = (t) => { process.stderr.write(t + "\n"); };

export async function runCli(argv: string[], out: Sink = stdout, err: Sink = stderr): Promise<number> {
    const [name, ...rest] = argv;
    const command: Command | undefined = COMMANDS.find((c) => c.name === name)?.load();
    if (!command) {
        err(name === undefined || name === "--help" || name === "-h" ? usage() : `unknown command ${JSON.stringify(name)}\n${usage()}`);
        return name === "--help" || name === "-h" ? 0 : 2;
    }
    let parsed;
    try {
        parsed = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
    } catch (e) {
        err(`${(e as Error).message}\nusage: wso2-ports ${command.usage}`);
        return 2;
    }
    try {
        const result = await command.run({ positionals: parsed.positionals, values: parsed.values, out, err });
        if (typeof result === "string") {
            err(`${result}\nusage: wso2-ports ${command.usage}`);
            return 2;
        }
        return result;
    } catch (e) {
        if (e instanceof SpecError) {
            err(e.message);
            return 1;
        }
        throw e;
    }
}

if (require.main === module) {
    runCli(process.argv.slice(2)).then(
        (code) => { process.exitCode = code; },
        (e) => { process.stderr.write(`${(e as Error).stack ?? e}\n`); process.exitCode = 1; },
    );
}
