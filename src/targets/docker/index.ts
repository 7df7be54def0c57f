export * from "./types";
export { ALL_ADDRESSES, bindAddress, HOST_ADDRESS, LOOPBACK, containerLabels, dockerArgsProblems, dockerPlanProblems, dockerTargetPlan, imageOf, publishedPorts, usesHostNetwork } from "./plan";
export { DockerProviders, DockerTargetResources, registerDockerTarget } from "./register";
