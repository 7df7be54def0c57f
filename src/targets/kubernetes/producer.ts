/** The `render` producer for Kubernetes manifests, with the real config renderer. */
import { ArtifactProducer } from "../../output/artifacts";
import { renderConfigs } from "../../render";
import { KubernetesArtifactInput, kubernetesArtifactsWith } from "./artifacts";

export const kubernetesArtifacts: ArtifactProducer = (input) => kubernetesArtifactsWith(input as KubernetesArtifactInput, renderConfigs);
