import { join } from "node:path";
import { planSpec } from "../../src/plan/planner";
import { renderConfigs } from "../../src/render";
import { loadSpecFile } from "../../src/spec/load";
import { DeploymentSpec } from "../../src/spec/types";
import { DockerPlanInput } from "../../src/targets/docker/plan";

export const TWO_HOSTS_WKA = loadSpecFile(join(__dirname, "../../examples/specs/two-hosts-wka.yaml")) as DeploymentSpec;

/** The docker-single-host example's spec: two IS, one API-M, one MI on the default local host. */
export const SINGLE_HOST: DeploymentSpec = {
    products: [
        { name: "is", product: "identity-server", version: "7.0.0", instanceCount: 2, config: { server: { hostname: "localhost" } } },
        { name: "apim", product: "api-manager", version: "4.3.0" },
        { name: "mi", product: "micro-integrator", version: "4.2.0" },
    ],
    exposure: { public: ["0.0.0.0/0"], management: ["192.0.2.0/24"] },
};

export const EXAMPLE_SPECS: Record<string, DeploymentSpec> = { "two-hosts-wka": TWO_HOSTS_WKA, "single-host": SINGLE_HOST };

/** Planned and rendered by the real core, as the component does before registering. */
export function dockerInput(spec: DeploymentSpec, name = "t"): DockerPlanInput {
    const planned = planSpec(spec);
    return { name, ...planned, configs: renderConfigs(planned.spec, planned.plan) };
}
