import * as pulumi from "@pulumi/pulumi";
import { PlanResult } from "../plan/planner";
import { Plan } from "../plan/types";
import { RenderOptions } from "../render/derive";
import { RenderedConfig } from "../render/types";
import { SpecProblem } from "../spec/errors";
import { ResolvedSpec } from "../spec/normalize";
import { DeploymentSpec } from "../spec/types";

/** What the Deployment component hands a target (Docker, Kubernetes) once planning succeeded. */
export interface TargetContext {
    /** The component's name; child names derive from it and from instance names. */
    name: string;
    parent: pulumi.ComponentResource;
    spec: ResolvedSpec;
    plan: Plan;
    configs: RenderedConfig[];
    /**
     * `secrets:` as one secret Output, `NAME -> value`; undefined when there are none. Every
     * server gets them as environment variables, so its config can read `$env{NAME}`.
     */
    secretEnv?: pulumi.Output<Record<string, string>>;
    /** The names of `secretEnv`, sorted: known while the program runs, so objects can name them. */
    secretNames?: string[];
}

/** What a target may read of the component's args besides its own block. */
export interface TargetEnvironment {
    /** The host names the spec declares (the default host when it declares none). */
    hostNames: string[];
    /** Per-host Docker providers the component was given in its options (`dockerProviders`), by host name. */
    providers: Record<string, pulumi.ProviderResource>;
}

/**
 * One place a deployment can run. The component walks these steps in order and never asks
 * which target it has; a new target is a folder under src/targets/ with one of these and an
 * entry in src/targets/index.ts.
 *   1. `argProblems`: the target's own args, checked with the spec's (all problems at once);
 *   2. `planningSpec`: the spec as the planner must see it (Kubernetes: one network per pod);
 *   3. `planProblems`: what only the plan reveals (a scheme the target cannot run);
 *   4. `renderOptions`: how configs write the addresses members and linked peers dial;
 *   5. `register`: the resources, under the component.
 * Steps 1-4 are pure, so a bad spec fails before anything is registered.
 */
export interface DeploymentTarget<Args> {
    readonly kind: string;
    argProblems(args: Args, env: TargetEnvironment): SpecProblem[];
    /** Throws SpecError when the spec cannot run on this target as asked. */
    planningSpec(spec: DeploymentSpec, args: Args): DeploymentSpec;
    planProblems(planned: PlanResult, args: Args): SpecProblem[];
    renderOptions(args: Args): RenderOptions;
    register(ctx: TargetContext, args: Args, env: TargetEnvironment): void;
}
