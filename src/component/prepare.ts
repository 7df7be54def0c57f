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
import { DEFAULT_TARGET, TARGET_KINDS, TargetEnvironment, TargetKind, targetOf } from "../targets";
import type { DeploymentArgs } from "./deployment";
import { withInputPropertyErrors } from "./errors";

export type { TargetKind } from "../targets";

export interface PreparedDeployment {
    target: TargetKind;
    /** The target's own block of the args (`target.<kind>`), `{}` when not given. */
    targetArgs: unknown;
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

/** The default target unless the args name another; naming two, or an unknown one, is a problem. */
export function selectTarget(target: DeploymentArgs["target"]): { kind: TargetKind; problems: SpecProblem[] } {
    const named = Object.keys(target ?? {}).filter((k) => (target as Record<string, unknown>)[k] !== undefined);
    const isKind = (k: string): k is TargetKind => (TARGET_KINDS as string[]).includes(k);
    const problems: SpecProblem[] = named
        .filter((k) => !isKind(k))
        .map((k) => ({ path: `target.${k}`, message: `unknown target "${k}"; use one of ${TARGET_KINDS.join(", ")}` }));
    const kinds = named.filter(isKind);
    if (kinds.length > 1) problems.push({ path: "target", message: `one deployment has one target; choose one of ${kinds.join(", ")}, not several` });
    return { kind: kinds[0] ?? DEFAULT_TARGET, problems };
}

function declaredHostNames(spec: DeploymentSpec): string[] {
    return Array.isArray(spec.hosts) ? spec.hosts.map((h) => h?.name).filter((n): n is string => typeof n === "string") : [DEFAULT_HOST.name];
}

export function targetEnvironment(args: DeploymentArgs): TargetEnvironment {
    return { hostNames: declaredHostNames(specOf(args)), providers: args.providers ?? {} };
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
    const target = targetOf(selection.kind);
    const targetArgs: unknown = args.target?.[selection.kind] ?? {};
    const argProblems = [...selection.problems, ...target.argProblems(targetArgs, targetEnvironment(args))];
    const planned = planWith(target.planningSpec(specOf(args), targetArgs), args.previousPlan, argProblems);
    const planProblems = target.planProblems(planned, targetArgs);
    if (planProblems.length > 0) throw new SpecError(planProblems);
    const configs = renderConfigs(planned.spec, planned.plan, target.renderOptions(targetArgs));
    // The same options the nftables renderer gets, so hook rules and rulesets agree.
    const rules = firewallRules(planned.plan, firewallOptionsFromSpec(planned.spec));
    return { target: selection.kind, targetArgs, ...planned, configs, rules };
}

/** Validates and plans the args; throws `InputPropertyError`/`InputPropertiesError` with the planner's messages. */
export function prepareDeployment(args: DeploymentArgs): PreparedDeployment {
    return withInputPropertyErrors(() => prepare(args));
}
