/**
 * Kubernetes target settings as plain data: what the manifests depend on. The Pulumi-only
 * part (the provider) is added in index.ts, so the pure core never imports Pulumi.
 */

export { KubernetesQuantities, KubernetesResources, KubernetesServiceType, KubernetesSettings } from "../../spec/types";
import type { KubernetesSettings } from "../../spec/types";

export type ResolvedKubernetesSettings = Required<KubernetesSettings>;
