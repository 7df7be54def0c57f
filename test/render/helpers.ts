import { mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { runCli } from "../../src/cli/main";
import { planSpec } from "../../src/plan/planner";
import { Plan } from "../../src/plan/types";
import { renderConfigs, RenderOptions } from "../../src/render";
import { RenderedConfig } from "../../src/render/types";
import { SpecError, SpecProblem } from "../../src/spec/errors";
import { ResolvedSpec } from "../../src/spec/normalize";
import { DeploymentSpec } from "../../src/spec/types";

export async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, (t) => out.push(t), (t) => err.push(t));
    return { code, out: out.join("\n"), err: err.join("\n") };
}

export const tempDir = (): string => mkdtempSync(join(tmpdir(), "wso2-render-"));

/** Every file under a directory, as sorted paths relative to it (dot files included). */
export function filesUnder(dir: string): string[] {
    const walk = (d: string): string[] => readdirSync(d).flatMap((n) => {
        const p = join(d, n);
        return statSync(p).isDirectory() ? walk(p) : [relative(dir, p).split("\\").join("/")];
    });
    return walk(dir).sort();
}

export interface Rendered {
    spec: ResolvedSpec;
    plan: Plan;
    configs: RenderedConfig[];
}

export function renderSpec(input: DeploymentSpec, options?: RenderOptions): Rendered {
    const { spec, plan } = planSpec(input);
    return { spec, plan, configs: renderConfigs(spec, plan, options) };
}

export function configOf(r: { configs: RenderedConfig[] }, instance: string): RenderedConfig {
    const found = r.configs.find((c) => c.instance === instance);
    if (!found) throw new Error(`no config for ${instance}`);
    return found;
}

/** The problems renderConfigs throws for a spec (fails the test when it does not throw). */
export function renderProblems(input: DeploymentSpec, options?: RenderOptions): SpecProblem[] {
    const { spec, plan } = planSpec(input);
    try {
        renderConfigs(spec, plan, options);
    } catch (e) {
        if (e instanceof SpecError) return e.problems;
        throw e;
    }
    throw new Error("expected renderConfigs to throw a SpecError");
}

export const IS = { product: "identity-server" as const, version: "7.0.0" };
export const APIM = { product: "api-manager" as const, version: "4.3.0" };
export const MI = { product: "micro-integrator" as const, version: "4.2.0" };
export const SI = { product: "streaming-integrator" as const, version: "4.2.0" };
export const ONE_HOST = [{ name: "h1", address: "192.0.2.10" }];
export const TWO_HOSTS = [{ name: "h1", address: "192.0.2.10" }, { name: "h2", address: "192.0.2.20" }];
