/**
 * kubernetes-models' classes for the kinds this target produces. Loaded only through
 * validate.ts's schemaModels(): with ajv they are some 200 modules, which a command that
 * produces no Kubernetes objects (`plan`, a Docker-only program) never needs.
 */
import { StatefulSet } from "kubernetes-models/apps/v1/StatefulSet";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { Role } from "kubernetes-models/rbac.authorization.k8s.io/v1/Role";
import { RoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { Secret } from "kubernetes-models/v1/Secret";
import { Service } from "kubernetes-models/v1/Service";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";

type Validatable = { validate(): void };

/** By `<apiVersion>/<kind>`. */
export const SCHEMA_MODELS: Record<string, new (data: never) => Validatable> = {
    "apps/v1/StatefulSet": StatefulSet,
    "networking.k8s.io/v1/NetworkPolicy": NetworkPolicy,
    "rbac.authorization.k8s.io/v1/Role": Role,
    "rbac.authorization.k8s.io/v1/RoleBinding": RoleBinding,
    "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
    "v1/ConfigMap": ConfigMap,
    "v1/Namespace": Namespace,
    "v1/Secret": Secret,
    "v1/Service": Service,
    "v1/ServiceAccount": ServiceAccount,
};
