// PLACEHOLDER owned by the Kubernetes target work (issue 5): replaced there.
import { DeploymentSpec } from "../../spec/types";
import { TargetContext } from "../types";

export interface KubernetesTargetArgs {
    namespace?: string;
    [key: string]: unknown;
}

/** The spec as the planner should see it on Kubernetes (e.g. one network namespace per pod). */
export function kubernetesPlanningSpec(spec: DeploymentSpec, _args: KubernetesTargetArgs): DeploymentSpec {
    return spec;
}

export function registerKubernetesTarget(_ctx: TargetContext, _args: KubernetesTargetArgs): void {
    throw new Error("the Kubernetes target is not implemented yet");
}
