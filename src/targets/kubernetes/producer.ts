/**
 * The `render` producer for Kubernetes manifests, with the real config renderer. Only a spec
 * that targets Kubernetes (spec-key.ts) gets manifests, and only then are the YAML writer,
 * the Kubernetes schema validation and this producer's renderer loaded (`plan` on a Docker
 * spec without config loads no renderer at all).
 */
import { ArtifactProducer } from "../../output/artifacts";
import type { KubernetesArtifactInput } from "./artifacts";
import { targetsKubernetes } from "./spec-key";

export const kubernetesArtifacts: ArtifactProducer = (input) => {
    if (!targetsKubernetes((input as KubernetesArtifactInput).raw)) return [];
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only for a Kubernetes spec
    const { kubernetesArtifactsWith } = require("./artifacts") as typeof import("./artifacts");
    const { renderConfigs } = require("../../render") as typeof import("../../render");
    return kubernetesArtifactsWith(input as KubernetesArtifactInput, renderConfigs);
};
