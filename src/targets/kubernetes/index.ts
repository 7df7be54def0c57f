/**
 * The Kubernetes target: `kubernetes: { namespace, ... }` on `wso2:index:Deployment`; the
 * cluster is the provider the component's `opts.providers` names (or the stack's default). Pure core in planning.ts, manifests.ts and validate.ts; the
 * Pulumi skin in register.ts; `render`'s files in artifacts.ts.
 */
import { DeploymentSpec } from "../../spec/types";
import { TargetContext } from "../types";
import { KubernetesRenderOptions, kubernetesRenderOptions, planningSpecFor } from "./planning";
import { registerKubernetesObjects } from "./register";
import { resolveKubernetesSettings } from "./settings";
import { KubernetesSettings } from "./types";

export * from "./types";
export { DEFAULT_SETTINGS, resolveKubernetesSettings } from "./settings";
export { KubernetesRenderOptions, kubernetesRenderOptions, planningSpecFor } from "./planning";
export { GroupManifests, kubernetesManifests, KubernetesManifestInput } from "./manifests";
export { KubernetesObject } from "./objects";
export { assertValidObjects, kubernetesObjectProblems, KubernetesValidationError } from "./validate";
export { KubernetesTargetResources, registerKubernetesObjects } from "./register";

/** `kubernetes: { ... }` in the component's args. */
export type KubernetesTargetArgs = KubernetesSettings;

const ARGS_PATH = "kubernetes";

function settingsOf(args: KubernetesTargetArgs | undefined) {
    return resolveKubernetesSettings(args ?? {}, ARGS_PATH);
}

/** The spec as the planner should see it on Kubernetes; throws SpecError for bad settings or a spec Kubernetes cannot run. */
export function kubernetesPlanningSpec(spec: DeploymentSpec, args: KubernetesTargetArgs): DeploymentSpec {
    const { settings, problems } = settingsOf(args);
    return planningSpecFor(spec, settings, problems);
}

/** What `renderConfigs` needs on Kubernetes: pod DNS member addresses and the kubernetes scheme's Service. */
export function kubernetesRenderOptionsFor(args: KubernetesTargetArgs): KubernetesRenderOptions {
    return kubernetesRenderOptions(settingsOf(args).settings);
}

/** Registers every group's objects under `ctx.parent` (validated offline first). */
export function registerKubernetesTarget(ctx: TargetContext, args: KubernetesTargetArgs): void {
    registerKubernetesObjects(ctx, settingsOf(args).settings);
}
