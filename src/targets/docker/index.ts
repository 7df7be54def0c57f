export * from "./types";
export { ALL_ADDRESSES, bindAddress, HOST_ADDRESS, LOOPBACK, containerLabels, dockerArgsProblems, dockerPlanProblems, dockerTargetPlan, imageOf, publishedPorts, usesHostNetwork } from "./plan";
export { bridgeInterfaceName, DEFAULT_DEPLOYMENT_NAME, networkName } from "./names";
export { BRIDGE_NAME_OPTION, DockerProviders, DockerTargetResources, registerDockerTarget } from "./register";
