/**
 * pulumi-wso2: plan, render and expose many WSO2 servers side by side.
 * The core (catalog, plan, render, firewall, diff) has no Pulumi import; the component
 * and the targets map its result onto resources.
 */
export * from "./spec/types";
export { SpecError, SpecProblem } from "./spec/errors";
export { loadSpecFile, parseSpecText } from "./spec/load";
export { resolveSpec, ResolvedSpec, ResolvedInstance, ResolvedGroup } from "./spec/normalize";
export * from "./catalog";
export * from "./plan/types";
export { planSpec, planResolved, PlanOptions, PlanResult } from "./plan/planner";
export * from "./render/types";
export * from "./render";
export { DEFAULT_SECRET_WORDS, isSecretKeyName, isSecretValue, KEY_MATERIAL_WORDS, keyWords, SecretRules, secretPaths } from "./render/secrets";
export { IoError } from "./output/errors";
export * from "./firewall/types";
export * from "./firewall";
export * from "./diff";
export * from "./output/labels";
export * from "./component/deployment";
export * from "./targets/docker";
export * from "./targets/kubernetes";
