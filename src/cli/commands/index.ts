import { Command } from "../command";
import { planCommand } from "./plan";

/** Every subcommand, in the order `--help` lists them. */
export const COMMANDS: Command[] = [planCommand];
