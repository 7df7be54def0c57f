import { firewallArtifacts } from "../firewall/artifacts";
import { configArtifacts } from "../render/producer";
import { dockerEnvFileArtifacts } from "../targets/docker/env-file";
import { kubernetesArtifacts } from "../targets/kubernetes/producer";
import { ArtifactProducer } from "./artifacts";

/**
 * What `wso2-ports render` writes, one producer per concern. Each concern adds its own
 * entry here (configs, firewall, Kubernetes manifests, Docker env files of `secrets:`).
 */
export const ARTIFACT_PRODUCERS: ArtifactProducer[] = [
    configArtifacts,
    firewallArtifacts,
    kubernetesArtifacts,
    dockerEnvFileArtifacts,
];
