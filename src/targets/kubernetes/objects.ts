/** The Kubernetes object kinds this target produces, typed by kubernetes-models' interfaces. */
import type { IStatefulSet } from "kubernetes-models/apps/v1/StatefulSet";
import type { INetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import type { IRole } from "kubernetes-models/rbac.authorization.k8s.io/v1/Role";
import type { IRoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding";
import type { IPodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import type { IConfigMap } from "kubernetes-models/v1/ConfigMap";
import type { INamespace } from "kubernetes-models/v1/Namespace";
import type { ISecret } from "kubernetes-models/v1/Secret";
import type { IService } from "kubernetes-models/v1/Service";
import type { IServiceAccount } from "kubernetes-models/v1/ServiceAccount";

export type { IConfigMap, INamespace, INetworkPolicy, IPodDisruptionBudget, IRole, IRoleBinding, ISecret, IService, IServiceAccount, IStatefulSet };

export type KubernetesObject = IStatefulSet | IService | IConfigMap | ISecret | IServiceAccount | IRole | IRoleBinding | INetworkPolicy
    | IPodDisruptionBudget | INamespace;
export type KubernetesKind = KubernetesObject["kind"];

/** `Kind/name`, how messages and resource maps name an object. */
export const objectId = (o: KubernetesObject) => `${o.kind}/${o.metadata?.name ?? "?"}`;
