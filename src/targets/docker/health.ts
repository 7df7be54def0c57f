/**
 * Docker health checks and the order clustered members are replaced in. Pure data: the
 * registration copies it onto `docker.Container` (`healthcheck`, `wait`, `dependsOn`).
 */
import { instanceHealth, PlannedCheck } from "../../catalog/health";
import { PlannedInstance } from "../../plan/types";
import { DockerHealthcheckPlan, DockerTargetArgs } from "./types";

export const DEFAULT_WAIT_TIMEOUT_SECONDS = 300;
export const MIN_WAIT_TIMEOUT_SECONDS = 10;
export const MAX_WAIT_TIMEOUT_SECONDS = 3600;
const HEALTH_TIMING = { interval: "10s", timeout: "5s", retries: 3, startPeriod: "180s" } as const;

/**
 * The check as an exec command inside the container, at its own planned port on loopback
 * (WSO2 binds every interface, and a container's ports are the planned ones 1:1). curl and
 * bash are in WSO2's Ubuntu-based images: wso2/docker-is v7.0.0.1 and wso2/docker-apim
 * v4.3.0.1 `dockerfiles/ubuntu/*\/Dockerfile` install curl in the base layer (API-M purges
 * netcat and wget after unpacking, so neither is used).
 */
export function healthTest(check: PlannedCheck): string[] {
    if (check.kind === "tcp") return ["CMD", "bash", "-c", `</dev/tcp/127.0.0.1/${check.port.port}`];
    const url = `${check.scheme.toLowerCase()}://127.0.0.1:${check.port.port}${check.path}`;
    // -k: the stock keystore's certificate names the product's host, not 127.0.0.1.
    return ["CMD", "curl", "-fsk", "-o", "/dev/null", "--max-time", "4", url];
}

export function dockerHealthcheck(inst: PlannedInstance): DockerHealthcheckPlan | undefined {
    const health = instanceHealth(inst);
    return health && { tests: healthTest(health.readiness), ...HEALTH_TIMING };
}

export function waitSettings(args: DockerTargetArgs, healthcheck: DockerHealthcheckPlan | undefined) {
    // Docker's provider errors on `wait` for a container without a health check.
    return { enabled: healthcheck !== undefined && args.wait !== false, timeoutSeconds: args.waitTimeoutSeconds ?? DEFAULT_WAIT_TIMEOUT_SECONDS };
}

/**
 * For each clustered instance, the member of its group planned just before it. Chaining
 * members makes Pulumi replace them one at a time, each after the previous one is healthy
 * again (`wait`), so a cluster keeps a live member while every member's config changes.
 */
export function memberChain(instances: PlannedInstance[]): Map<string, string> {
    const previousInGroup = new Map<string, string>();
    const after = new Map<string, string>();
    for (const inst of instances) {
        if (!inst.clustering) continue;
        const previous = previousInGroup.get(inst.group);
        if (previous) after.set(inst.name, previous);
        previousInGroup.set(inst.group, inst.name);
    }
    return after;
}
