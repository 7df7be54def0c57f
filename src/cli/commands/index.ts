import { Command } from "../command";

/**
 * Every subcommand, in the order `--help` lists them. Each loads its module only when it
 * runs, so `plan` starts without the renderer, the diff or Kubernetes validation.
 */
export interface CommandEntry {
    name: string;
    load(): Command;
}

export const COMMANDS: CommandEntry[] = [
    { name: "plan", load: () => (require("./plan") as typeof import("./plan")).planCommand },
    { name: "render", load: () => (require("./render") as typeof import("./render")).renderCommand },
    { name: "diff", load: () => (require("./diff") as typeof import("./diff")).diffCommand },
    { name: "verify", load: () => (require("./verify") as typeof import("./verify")).verifyCommand },
];
