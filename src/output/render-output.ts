/**
 * Everything `wso2-ports render` writes, computed in memory: the plan, every config file,
 * every producer's files and plan.json. Nothing is written until all of it succeeded.
 */
import { planSpecFile } from "../plan/spec-file";
import { Plan } from "../plan/types";
import { configRelativePath, groupsWithUserInput } from "../render/user-input";
import { RenderedConfig } from "../render/types";
import { SpecError, SpecProblem } from "../spec/errors";
import { ResolvedSpec } from "../spec/normalize";
import { Artifact, ArtifactInput } from "./artifacts";
import { ARTIFACT_PRODUCERS } from "./producers";
import { firewallArtifacts, firewallPath, rulesetsCouldRefuse } from "../firewall/artifacts";
import { artifactProblems } from "./paths";
import { targetsKubernetes } from "../targets/kubernetes/spec-key";

export const PLAN_FILE = "plan.json";

/** The renderer (and smol-toml), loaded when a file is rendered: `plan` on a spec without config renders none. */
const renderer = () => require("../render") as typeof import("../render");

export interface RenderOutput {
    spec: ResolvedSpec;
    plan: Plan;
    artifacts: Artifact[];
    /** The configs as rendered for the hosts (the CLI reads their `$env{}` references). */
    configs: RenderedConfig[];
}

/** The same JSON as `plan --json` prints (which ends in a newline). */
export function planJson(plan: Plan): string {
    return JSON.stringify(plan, null, 2) + "\n";
}

/** Runs every producer, collecting the problems of all of them rather than stopping at the first. */
function produce(input: ArtifactInput & { raw: unknown }, producers = ARTIFACT_PRODUCERS): Artifact[] {
    const problems: SpecProblem[] = [];
    const artifacts: Artifact[] = [];
    for (const producer of producers) {
        try {
            artifacts.push(...producer(input));
        } catch (e) {
            if (!(e instanceof SpecError)) throw e;
            problems.push(...e.problems);
        }
    }
    if (problems.length > 0) throw new SpecError(problems);
    return artifacts;
}

/**
 * Plans (keeping `previous`'s offsets in place), renders and produces every file.
 * `raw` is the spec as loaded: producers may read their own top-level keys from it.
 * Throws SpecError with every problem.
 */
export function buildRenderOutput(raw: unknown, previous?: Plan, deployment?: string): RenderOutput {
    const { spec, plan } = planSpecFile(raw, { previous });
    const configs = renderer().renderConfigs(spec, plan);
    const artifacts = [...produce({ spec, plan, configs, raw, deployment }), { path: PLAN_FILE, content: planJson(plan), mode: 0o600 }];
    throwPathProblems(artifacts);
    return { spec, plan, artifacts, configs };
}

function throwPathProblems(artifacts: Pick<Artifact, "path">[]): void {
    const problems = artifactProblems(artifacts);
    if (problems.length > 0) throw new SpecError(problems);
}

/**
 * What `plan` runs: every check of buildRenderOutput, and the same problems, rendering only
 * what could fail: the configs checkConfigs needs (none, and no renderer loaded, for a spec
 * without config) and the rulesets when rulesetsCouldRefuse. Kubernetes manifests carry every
 * config's text, so a spec with `kubernetes:` is rendered in full.
 */
export function checkRenderOutput(raw: unknown, previous?: Plan): Pick<RenderOutput, "spec" | "plan"> {
    if (targetsKubernetes(raw)) return buildRenderOutput(raw, previous);
    const { spec, plan } = planSpecFile(raw, { previous });
    if (groupsWithUserInput(spec).size > 0) renderer().checkConfigs(spec, plan);
    const groups = new Map(spec.groups.map((g) => [g.name, g]));
    const configPaths = plan.instances.map((p) => ({ path: configRelativePath(p, groups.get(p.group)!) }));
    // Each ruleset lists every member address of the clusters on its host: text worth making only when it could fail.
    const rulesets = rulesetsCouldRefuse(plan) ? [] : plan.hosts.map((h) => ({ path: firewallPath(h.name) }));
    const producers = rulesets.length === 0 ? ARTIFACT_PRODUCERS : ARTIFACT_PRODUCERS.filter((p) => p !== firewallArtifacts);
    const produced = produce({ spec, plan, configs: [], raw }, producers);
    // In buildRenderOutput's order (configs', the rulesets', the rest), so a clash is reported at the same file.
    throwPathProblems([...configPaths, ...rulesets, ...produced, { path: PLAN_FILE }]);
    return { spec, plan };
}
