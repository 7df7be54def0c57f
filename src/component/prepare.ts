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
import type { DeploymentArgs } from "./args";
import { configOutputProblems } from "./config-outputs";
import { secretsProblems } from "./secrets";
import { withInputPropertyErrors } from "./errors";

export type { TargetKind } from "../targets";

export interface PreparedDeployment {
    target: TargetKind;
    /** The target's own block of the args (`docker` or `kubernetes`), `{}` when not given. */
    targetArgs: unknown;
    spec: ResolvedSpec;
    plan: Plan;
    configs: RenderedConfig[];
    /** Sorted as `firewallRules` returns them. */
    rules: FirewallRule[];
}

/** The target whose block the args hold (the default when none); holding several is a problem. */
export function selectTarget(args: Pick<DeploymentArgs, TargetKind> | undefined): { kind: TargetKind; problems: SpecProblem[] } {
    const named = TARGET_KINDS.filter((k) => args?.[k] !== undefined);
    const problems: SpecProblem[] = named.length > 1
        ? [{ path: named[1], message: `one deployment has one target; give one of ${named.join(", ")} blocks, not several` }]
        : [];
    return { kind: named[0] ?? DEFAULT_TARGET, problems };
}

function declaredHostNames(spec: Pick<DeploymentSpec, "hosts">): string[] {
    return Array.isArray(spec.hosts) ? spec.hosts.map((h) => h?.name).filter((n): n is string => typeof n === "string") : [DEFAULT_HOST.name];
}

/** `dockerProviders`: the host names of the Provider objects given in the component's options. */
export function targetEnvironment(args: Pick<DeploymentSpec, "hosts">, providers: TargetEnvironment["providers"] = {}): TargetEnvironment {
    return { hostNames: declaredHostNames(args), providers };
}

/** Plans the spec; a SpecError carries the args' problems along with the planner's. */
function planWith(spec: DeploymentSpec, problems: SpecProblem[]): { spec: ResolvedSpec; plan: Plan } {
    let result: { spec: ResolvedSpec; plan: Plan };
    try {
        result = planSpec(spec);
    } catch (e) {
        if (e instanceof SpecError) throw new SpecError([...problems, ...e.problems]);
        throw e;
    }
    if (problems.length > 0) throw new SpecError(problems);
    return result;
}

function prepare(args: DeploymentSpec, env: TargetEnvironment): PreparedDeployment {
    const selection = selectTarget(args);
    const target = targetOf(selection.kind);
    const targetArgs: unknown = args[selection.kind] ?? {};
    const argProblems = [...selection.problems, ...target.argProblems(targetArgs, env)];
    const planned = planWith(target.planningSpec(args, targetArgs), argProblems);
    const planProblems = target.planProblems(planned, targetArgs);
    if (planProblems.length > 0) throw new SpecError(planProblems);
    const configs = renderConfigs(planned.spec, planned.plan, target.renderOptions(targetArgs));
    // The same options the nftables renderer gets, so hook rules and rulesets agree.
    const rules = firewallRules(planned.plan, firewallOptionsFromSpec(planned.spec));
    return { target: selection.kind, targetArgs, ...planned, configs, rules };
}

/** The args with every Input but the secrets' values resolved (or standing in as placeholders: inputs.ts). */
export type PlainArgs = Omit<DeploymentSpec, "secrets"> & Pick<DeploymentArgs, "secrets">;

/** Validates and plans the args; throws `InputPropertyError`/`InputPropertiesError` with the planner's messages. */
export function prepareDeployment(args: PlainArgs, env: TargetEnvironment = targetEnvironment(args)): PreparedDeployment {
    return withInputPropertyErrors(() => {
        // Before anything reads the config: an Output there would fail later, far from its key.
        const early = [...configOutputProblems(args), ...secretsProblems(args.secrets)];
        if (early.length > 0) throw new SpecError(early);
        // The planner never sees secret values (they may be Outputs); targets get them at registration.
        return prepare({ ...args, secrets: undefined }, env);
    });
}
