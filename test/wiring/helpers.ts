import { parse } from "@iarna/toml";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { Plan, PlannedInstance } from "../../src/plan/types";
import { RenderedConfig } from "../../src/render/types";
import { DeploymentSpec } from "../../src/spec/types";

export const EXAMPLE_PATH = join(__dirname, "../../examples/specs/distributed-apim.yaml");
export const loadExample = (): DeploymentSpec => parseYaml(readFileSync(EXAMPLE_PATH, "utf8"));

/** Parsed with a second TOML parser (@iarna/toml), not the one that wrote the file. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function tomlOf(configs: RenderedConfig[], instance: string): any {
    const c = configs.find((x) => x.instance === instance);
    if (!c) throw new Error(`no config for ${instance}`);
    return parse(c.text);
}

export function planned(plan: Plan, name: string): PlannedInstance {
    const i = plan.instances.find((x) => x.name === name);
    if (!i) throw new Error(`no planned instance ${name}`);
    return i;
}

/** `scheme://address:port` from the plan, the way a peer must be dialled. */
export function planUrl(plan: Plan, name: string, port: string, scheme: string, path = ""): string {
    const inst = planned(plan, name);
    const p = inst.ports.find((x) => x.name === port);
    if (!p) throw new Error(`${name} has no port ${port}`);
    return `${scheme}://${inst.address}:${p.port}${path}`;
}

export const groupOf = (plan: Plan, group: string) => plan.instances.filter((i) => i.group === group).map((i) => i.name);
