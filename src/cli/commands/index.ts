import { Command } from "../command";
import { diffCommand } from "./diff";
import { planCommand } from "./plan";
import { renderCommand } from "./render";

/** Every subcommand, in the order `--help` lists them. */
export const COMMANDS: Command[] = [planCommand, renderCommand, diffCommand];
