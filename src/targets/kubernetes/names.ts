/**
 * Object names, all derived from group and instance names (never list positions), so
 * adding an instance adds objects and renames none. Spec group names are at most 40
 * characters, which keeps every derived name within Kubernetes' limits.
 */
import { ResolvedKubernetesSettings } from "./types";

export const headlessServiceName = (group: string) => `${group}-headless`;
export const configObjectName = (group: string) => `${group}-config`;
/** The Secret holding `secrets:`, which the group's pods take as environment variables (`envFrom`). */
export const envSecretName = (group: string) => `${group}-env`;
/** ServiceAccount, Role and RoleBinding of the kubernetes membership scheme. */
export const membershipName = (group: string) => `${group}-membership`;
/** The key of an instance's config file in its group's ConfigMap or Secret. */
export const configKey = (instance: string, fileName: string) => `${instance}.${fileName}`;

/**
 * Pod-network mode: the group's StatefulSet starts its ordinals at 1 (`spec.ordinals.start`),
 * so its pods are `<group>-1`, `<group>-2`, ...: exactly the spec's default instance names.
 */
export const FIRST_ORDINAL = 1;
export const podName = (group: string, ordinal: number) => `${group}-${ordinal}`;

/** The DNS name the headless Service gives a StatefulSet pod: `<pod>.<group>-headless.<ns>.svc.<domain>`. */
export function podAddress(pod: string, group: string, settings: Pick<ResolvedKubernetesSettings, "namespace" | "clusterDomain">): string {
    return `${pod}.${headlessServiceName(group)}.${settings.namespace}.svc.${settings.clusterDomain}`;
}
