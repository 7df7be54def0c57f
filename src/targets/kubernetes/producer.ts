/**
 * The `render` producer for Kubernetes manifests, with the real config renderer. Only a spec
 * that targets Kubernetes (spec-key.ts) gets manifests, and only then are the YAML writer
 * and the Kubernetes schema validation loaded, which a Docker spec's render never needs.
 */
import { ArtifactProducer } from "../../output/artifacts";
import { renderConfigs } from "../../render";
import type { KubernetesArtifactInput } from "./artifacts";
import { targetsKubernetes } from "./spec-key";

export const kubernetesArtifacts: ArtifactProducer = (input) => {
    if (!targetsKubernetes((input as KubernetesArtifactInput).raw)) return [];
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only for a Kubernetes spec
    const { kubernetesArtifactsWith } = require("./artifacts") as typeof import("./artifacts");
    return kubernetesArtifactsWith(input as KubernetesArtifactInput, renderConfigs);
};
