/**
 * Every target the component can deploy to, by the key that selects it in the args
 * (a top-level `docker: {...}` or `kubernetes: {...}` block). Adding a target: a folder with a DeploymentTarget, one entry here.
 */
import { dockerTarget } from "./docker/target";
import { kubernetesTarget } from "./kubernetes/target";
import { DeploymentTarget } from "./types";

export const TARGETS = {
    docker: dockerTarget,
    kubernetes: kubernetesTarget,
} as const;

export type TargetKind = keyof typeof TARGETS;
export const TARGET_KINDS = Object.keys(TARGETS) as TargetKind[];
/** Used when the args name no target. */
export const DEFAULT_TARGET: TargetKind = "docker";

/** The contract of one target, its args type erased: the coordinator only passes them through. */
export function targetOf(kind: TargetKind): DeploymentTarget<unknown> {
    return TARGETS[kind] as DeploymentTarget<unknown>;
}

export type { DeploymentTarget, TargetContext, TargetEnvironment } from "./types";
