/** The Kubernetes target behind the component's one target contract. */
import { DeploymentTarget } from "../types";
import { KubernetesTargetArgs, kubernetesPlanningSpec, kubernetesRenderOptionsFor, registerKubernetesTarget } from "./index";

export const kubernetesTarget: DeploymentTarget<KubernetesTargetArgs> = {
    kind: "kubernetes",
    // Its settings are checked while the planning spec is made (they decide that spec).
    argProblems: () => [],
    planningSpec: (spec, args) => kubernetesPlanningSpec(spec, args),
    planProblems: () => [],
    renderOptions: (args) => kubernetesRenderOptionsFor(args),
    register: (ctx, args) => registerKubernetesTarget(ctx, args),
};
