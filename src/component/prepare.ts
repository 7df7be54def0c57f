/**
 * Everything the component decides before it registers a single resource: target, plan,
 * rendered configs and firewall rules. Any problem surfaces here, as the engine's
 * input-property errors, while nothing has been registered yet.
 */
import { firewallOptionsFromSpec } from "../firewall/artifacts";
import { firewallRules } from "../firewall/rules";
import { FirewallRule } from "../firewall/types";
import { planSpec } from "../plan/planner";
import { Plan } from "../plan/types";
import { renderConfigs } from "../render";
import { RenderedConfig } from "../render/types";
import { SpecError, SpecProblem } from "../spec/errors";
import { DEFAULT_HOST, ResolvedSpec } from "../spec/normalize";
import { DeploymentSpec } from "../spec/types";
import { dockerArgsProblems, dockerPlanProblems } from "../targets/docker/plan";
import { kubernetesPlanningSpec, kubernetesRenderOptionsFor } from "../targets/kubernetes";
import type { DeploymentArgs } from "./deployment";
import { withInputPropertyErrors } from "./errors";

export type TargetKind = "docker" | "kubernetes";
const TARGET_KINDS: TargetKind[] = ["docker", "kubernetes"];

export interface PreparedDeployment {
    target: TargetKind;
    spec: ResolvedSpec;
    plan: Plan;
    configs: RenderedConfig[];
    /** Sorted as `firewallRules` returns them. */
    rules: FirewallRule[];
}

/** The spec part of the args: whatever is not a component-only field. */
export function specOf(args: DeploymentArgs): DeploymentSpec {
    const { target: _target, providers: _providers, firewall: _firewall, previousPlan: _previous, ...spec } = args;
    return spec;
}

/** Docker unless the args name another; naming two, or an unknown one, is a problem. */
export function selectTarget(target: DeploymentArgs["target"]): { kind: TargetKind; problems: SpecProblem[] } {
    const named = Object.keys(target ?? {}).filter((k) => (target as Record<string, unknown>)[k] !== undefined);
    const problems: SpecProblem[] = named
        .filter((k) => !TARGET_KINDS.includes(k as TargetKind))
        .map((k) => ({ path: `target.${k}`, message: `unknown target "${k}"; use one of ${TARGET_KINDS.join(", ")}` }));
    const kinds = named.filter((k): k is TargetKind => TARGET_KINDS.includes(k as TargetKind));
    if (kinds.length > 1) problems.push({ path: "target", message: `one deployment has one target; choose docker or kubernetes, not both` });
    return { kind: kinds[0] ?? "docker", problems };
}

function declaredHostNames(spec: DeploymentSpec): string[] {
    return Array.isArray(spec.hosts) ? spec.hosts.map((h) => h?.name).filter((n): n is string => typeof n === "string") : [DEFAULT_HOST.name];
}

/** Problems in the component-only args; reported together with the spec's. */
function argProblems(args: DeploymentArgs, kind: TargetKind, problems: SpecProblem[]): SpecProblem[] {
    if (kind !== "docker") return problems;
    return [...problems, ...dockerArgsProblems(args.target?.docker ?? {}, Object.keys(args.providers ?? {}), declaredHostNames(specOf(args)))];
}

/** Plans the spec; a SpecError carries the args' problems along with the planner's. */
function planWith(spec: DeploymentSpec, previous: Plan | undefined, problems: SpecProblem[]): { spec: ResolvedSpec; plan: Plan } {
    let result: { spec: ResolvedSpec; plan: Plan };
    try {
        result = planSpec(spec, { previous });
    } catch (e) {
        if (e instanceof SpecError) throw new SpecError([...problems, ...e.problems]);
        throw e;
    }
    if (problems.length > 0) throw new SpecError(problems);
    return result;
}

function prepare(args: DeploymentArgs): PreparedDeployment {
    const selection = selectTarget(args.target);
    const kind = selection.kind;
    const spec = kind === "kubernetes" ? kubernetesPlanningSpec(specOf(args), args.target!.kubernetes!) : specOf(args);
    const planned = planWith(spec, args.previousPlan, argProblems(args, kind, selection.problems));
    if (kind === "docker") {
        const problems = dockerPlanProblems(planned, args.target?.docker ?? {});
        if (problems.length > 0) throw new SpecError(problems);
    }
    // Kubernetes members find each other at pod DNS names; Docker ones at their host's address (the default).
    const renderOptions = kind === "kubernetes" ? kubernetesRenderOptionsFor(args.target!.kubernetes!) : undefined;
    const configs = renderConfigs(planned.spec, planned.plan, renderOptions);
    // The same options the nftables renderer gets, so hook rules and rulesets agree.
    const rules = firewallRules(planned.plan, firewallOptionsFromSpec(planned.spec));
    return { target: kind, ...planned, configs, rules };
}

/** Validates and plans the args; throws `InputPropertyError`/`InputPropertiesError` with the planner's messages. */
export function prepareDeployment(args: DeploymentArgs): PreparedDeployment {
    return withInputPropertyErrors(() => prepare(args));
}
