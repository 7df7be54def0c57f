/**
 * How each product says "started", as data with its source: the readiness, liveness and
 * startup checks WSO2's own charts use, keyed by *catalog port name*, so the shifted port
 * always comes from the plan and never from a constant here.
 *
 * Sources (read at their release tags):
 * - API-M 4.x: wso2/helm-apim, all-in-one-4.3.0-3 `all-in-one/templates/am/wso2am-deployment.yaml`
 *   and control-plane-4.3.0-3 `distributed/{control-plane,gateway,traffic-manager,key-manager}/templates/**`:
 *   startup = TCP 9443; liveness = GET /services/Version on the servlet HTTP port 9763;
 *   readiness = GET /services/Version (control plane, traffic manager) or, where the gateway
 *   runs (all-in-one, gateway), the gateway's start-up check
 *   GET /api/am/gateway/v2/server-startup-healthcheck on HTTPS 9443.
 * - IS 7.x: wso2/kubernetes-is v7.0.0.1 `templates/deployment.yaml`: startup = TCP 9443;
 *   liveness = GET /oauth2/token/.well-known/openid-configuration (HTTPS 9443); readiness =
 *   GET /api/health-check/v1.0/health (HTTPS 9443). IS 5.11/6.x ship the same health-check API.
 * - MI 4.x: wso2/kubernetes-mi v4.2.0.1 `helm/micro-integrator/templates/wso2mi-deployment.yaml`:
 *   liveness = TCP 8290 (pass-through HTTP); readiness = GET /healthz on 9201, the internal
 *   HTTP API port (9191 + MI's default offset 10).
 * - SI 4.x: no WSO2 chart gives a check; a TCP check on HTTPS 9443 (inferred, overridable).
 * Resource minimums: the same charts' `values.yaml` (`resources.requests` / `limits`).
 */
import { PlannedInstance, PlannedPort } from "../plan/types";
import { Product } from "../spec/types";

export type HttpScheme = "HTTP" | "HTTPS";

/** A check on a port: named by the catalog (`string`) in the facts, bound to the plan (`PlannedPort`) per instance. */
export type Check<Port> =
    | { kind: "http"; port: Port; scheme: HttpScheme; path: string }
    | { kind: "tcp"; port: Port };

export type HealthCheck = Check<string>;

export interface ProductHealth {
    startup: HealthCheck;
    liveness: HealthCheck;
    readiness: HealthCheck;
    evidence: "code" | "inferred";
    source: string;
}

/** WSO2's published minimums for one pod (Kubernetes quantities). */
export interface ResourceMinimums {
    requests: { cpu: string; memory: string };
    limits: { cpu: string; memory: string };
    source: string;
}

const HELM_APIM = "wso2/helm-apim all-in-one-4.3.0-3, control-plane-4.3.0-3";
const KUBERNETES_IS = "wso2/kubernetes-is v7.0.0.1 templates/deployment.yaml";
const KUBERNETES_MI = "wso2/kubernetes-mi v4.2.0.1 helm/micro-integrator/templates/wso2mi-deployment.yaml";

const tcp = (port: string): HealthCheck => ({ kind: "tcp", port });
const http = (port: string, scheme: HttpScheme, path: string): HealthCheck => ({ kind: "http", port, scheme, path });

const APIM_VERSION = http("http", "HTTP", "/services/Version");
const APIM_GATEWAY_STARTUP = http("https", "HTTPS", "/api/am/gateway/v2/server-startup-healthcheck");

/** Profiles that run the gateway, whose readiness is the gateway's own start-up check. */
const GATEWAY_PROFILES = new Set(["all-in-one", "gateway", "gateway-worker"]);

function apimHealth(profile: string | null): ProductHealth {
    const gateway = GATEWAY_PROFILES.has(profile ?? "all-in-one");
    return {
        startup: tcp("https"), liveness: APIM_VERSION, readiness: gateway ? APIM_GATEWAY_STARTUP : APIM_VERSION,
        evidence: "code", source: HELM_APIM,
    };
}

const IS_HEALTH: ProductHealth = {
    startup: tcp("https"),
    liveness: http("https", "HTTPS", "/oauth2/token/.well-known/openid-configuration"),
    readiness: http("https", "HTTPS", "/api/health-check/v1.0/health"),
    evidence: "code", source: KUBERNETES_IS,
};

const MI_HEALTH: ProductHealth = {
    startup: tcp("passthru-http"), liveness: tcp("passthru-http"), readiness: http("mgmt-http", "HTTP", "/healthz"),
    evidence: "code", source: KUBERNETES_MI,
};

const SI_HEALTH: ProductHealth = {
    startup: tcp("https"), liveness: tcp("https"), readiness: tcp("https"),
    evidence: "inferred", source: "no WSO2 chart for SI 4.x; TCP on the HTTPS transport",
};

export function productHealth(product: Product, profile: string | null): ProductHealth {
    switch (product) {
        case "api-manager": return apimHealth(profile);
        case "identity-server": return IS_HEALTH;
        case "micro-integrator": return MI_HEALTH;
        case "streaming-integrator": return SI_HEALTH;
    }
}

const RESOURCES: Record<Product, ResourceMinimums> = {
    "api-manager": { requests: { cpu: "2000m", memory: "2Gi" }, limits: { cpu: "3000m", memory: "3Gi" }, source: `${HELM_APIM} values.yaml` },
    "identity-server": { requests: { cpu: "2", memory: "2Gi" }, limits: { cpu: "3", memory: "4Gi" }, source: "wso2/kubernetes-is v7.0.0.1 values.yaml" },
    "micro-integrator": { requests: { cpu: "500m", memory: "512Mi" }, limits: { cpu: "1000m", memory: "1Gi" }, source: "wso2/kubernetes-mi v4.2.0.1 helm/micro-integrator/values.yaml" },
    // Inferred: SI runs the same Carbon runtime as MI with a Siddhi engine; no chart publishes minimums.
    "streaming-integrator": { requests: { cpu: "1000m", memory: "1Gi" }, limits: { cpu: "2000m", memory: "2Gi" }, source: "inferred (no WSO2 chart for SI 4.x)" },
};

export function resourceMinimums(product: Product): ResourceMinimums {
    return RESOURCES[product];
}

/** A check bound to the instance's planned port. */
export type PlannedCheck = Check<PlannedPort>;

export interface InstanceHealth {
    startup: PlannedCheck;
    liveness: PlannedCheck;
    readiness: PlannedCheck;
}

/**
 * The instance's checks on its own planned ports. A check whose port the instance does not
 * have (the user disabled it) falls back to TCP on the startup port, and that one to the
 * lowest planned TCP port: a port the server binds is still a truthful "it is up".
 */
export function instanceHealth(inst: PlannedInstance): InstanceHealth | undefined {
    const tcpPorts = inst.ports.filter((p) => p.protocol === "tcp");
    if (tcpPorts.length === 0) return undefined;
    const facts = productHealth(inst.product, inst.profile);
    const byName = (name: string) => tcpPorts.find((p) => p.name === name);
    const fallback: PlannedCheck = { kind: "tcp", port: byName(facts.startup.port) ?? tcpPorts[0] };
    const bind = (check: HealthCheck): PlannedCheck => {
        const port = byName(check.port);
        return port ? { ...check, port } : fallback;
    };
    return { startup: bind(facts.startup), liveness: bind(facts.liveness), readiness: bind(facts.readiness) };
}
