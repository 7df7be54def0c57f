// The mock engine first: the component must load after setMocks.
import { CONTAINER, deploy } from "../component/helpers";
import { strict as assert } from "node:assert";
import { instanceHealth, productHealth } from "../../src/catalog/health";
import { PlannedInstance } from "../../src/plan/types";
import { DeploymentSpec } from "../../src/spec/types";
import { dockerArgsProblems, dockerTargetPlan } from "../../src/targets/docker";
import { DEFAULT_WAIT_TIMEOUT_SECONDS } from "../../src/targets/docker/health";
import { DockerContainerPlan } from "../../src/targets/docker/types";
import { dockerInput, EXAMPLE_SPECS } from "./fixtures";

/** Three IS members and two API-M members on one host, plus an unclustered MI. */
const ONE_HOST_CLUSTERS: DeploymentSpec = {
    products: [
        { name: "is", product: "identity-server", version: "7.0.0", instanceCount: 3, clustering: { scheme: "wka" } },
        { name: "apim", product: "api-manager", version: "4.3.0", instanceCount: 2, clustering: { scheme: "wka" } },
        { name: "mi", product: "micro-integrator", version: "4.2.0" },
    ],
};

/** The port a health command targets: the last `:PORT` or `/PORT` in it. */
function portInTest(tests: string[]): number {
    const match = tests.join(" ").match(/(?:127\.0\.0\.1[:/])(\d+)/);
    if (!match) throw new Error(`no port in ${tests.join(" ")}`);
    return Number(match[1]);
}

function containersOf(spec: DeploymentSpec) {
    const input = dockerInput(spec);
    const { containers } = dockerTargetPlan(input);
    const byInstance = new Map(input.plan.instances.map((i) => [i.name, i]));
    return containers.map((c) => ({ c, inst: byInstance.get(c.instance)! }));
}

describe("docker target: health checks on the planned ports", () => {
    for (const [name, spec] of Object.entries({ ...EXAMPLE_SPECS, "one-host-clusters": ONE_HOST_CLUSTERS })) {
        it(`${name}: every container checks its own readiness port, a planned TCP port of that instance`, () => {
            for (const { c, inst } of containersOf(spec)) {
                const port = portInTest(c.healthcheck!.tests);
                const planned = inst.ports.find((p) => p.port === port && p.protocol === "tcp");
                assert.ok(planned, `${inst.name}: health port ${port} is not one of its planned TCP ports`);
                assert.equal(planned!.name, productHealth(inst.product, inst.profile).readiness.port, inst.name);
            }
        });
    }

    it("two instances of one product on one host check different (shifted) ports", () => {
        const is = containersOf(ONE_HOST_CLUSTERS).filter(({ inst }) => inst.group === "is");
        const ports = is.map(({ c }) => portInTest(c.healthcheck!.tests));
        assert.equal(new Set(ports).size, 3);
        assert.deepEqual(ports, is.map(({ inst }) => inst.ports.find((p) => p.name === "https")!.port));
    });

    it("uses the product's own check: IS health API over HTTPS, the gateway start-up check, MI /healthz", () => {
        const tests = new Map(containersOf(ONE_HOST_CLUSTERS).map(({ c }) => [c.instance, c.healthcheck!.tests.join(" ")]));
        assert.match(tests.get("is-1")!, /^CMD curl .*https:\/\/127\.0\.0\.1:\d+\/api\/health-check\/v1\.0\/health$/);
        assert.match(tests.get("apim-1")!, /https:\/\/127\.0\.0\.1:\d+\/api\/am\/gateway\/v2\/server-startup-healthcheck$/);
        assert.match(tests.get("mi-1")!, /http:\/\/127\.0\.0\.1:\d+\/healthz$/);
    });

    it("falls back to TCP on a port the instance binds when the check's port is disabled", () => {
        const inst = containersOf(ONE_HOST_CLUSTERS).find(({ inst }) => inst.name === "mi-1")!.inst;
        const withoutMgmt: PlannedInstance = { ...inst, ports: inst.ports.filter((p) => p.name !== "mgmt-http") };
        const health = instanceHealth(withoutMgmt)!;
        assert.equal(health.readiness.kind, "tcp");
        assert.ok(withoutMgmt.ports.includes(health.readiness.port));
    });

    it("waits for health by default, with a timeout in minutes; both can be set, and bad values are refused", () => {
        for (const { c } of containersOf(ONE_HOST_CLUSTERS)) assert.deepEqual(c.wait, { enabled: true, timeoutSeconds: DEFAULT_WAIT_TIMEOUT_SECONDS });
        const input = dockerInput(ONE_HOST_CLUSTERS);
        const custom = dockerTargetPlan(input, { wait: false, waitTimeoutSeconds: 900 }).containers[0];
        assert.deepEqual(custom.wait, { enabled: false, timeoutSeconds: 900 });
        const problems = dockerArgsProblems({ waitTimeoutSeconds: 5, wait: "yes" as unknown as boolean }, [], ["local"]);
        assert.deepEqual(problems.map((p) => p.path), ["docker.waitTimeoutSeconds", "docker.wait"]);
    });
});

describe("docker target: cluster members are replaced one at a time", () => {
    const chainOf = (containers: DockerContainerPlan[]) => Object.fromEntries(containers.filter((c) => c.after).map((c) => [c.instance, c.after]));

    it("chains each clustered member after the previous member of its group; unclustered instances stand alone", () => {
        const { containers } = dockerTargetPlan(dockerInput(ONE_HOST_CLUSTERS));
        assert.deepEqual(chainOf(containers), { "is-2": "is-1", "is-3": "is-2", "apim-2": "apim-1" });
    });

    it("growing a group by one member appends one link and keeps the others", () => {
        const grown: DeploymentSpec = { products: ONE_HOST_CLUSTERS.products.map((g) => (g.name === "is" ? { ...g, instanceCount: 4 } : g)) };
        const before = chainOf(dockerTargetPlan(dockerInput(ONE_HOST_CLUSTERS)).containers);
        const after = chainOf(dockerTargetPlan(dockerInput(grown)).containers);
        assert.deepEqual(after, { ...before, "is-4": "is-3" });
    });

    it("under the mock engine, each member's container depends on the previous member's, and waits for health", async () => {
        const { seen, children } = await deploy(ONE_HOST_CLUSTERS, "rolling");
        const containers = seen.filter((s) => s.type === CONTAINER);
        const dependsOn = (name: string) => {
            const deps = containers.find((s) => s.name === name)!.opts.dependsOn;
            return (Array.isArray(deps) ? deps : deps ? [deps] : []) as { __name?: string }[];
        };
        assert.deepEqual(dependsOn("rolling-is-2").map((r) => r.__name), ["rolling-is-1"]);
        assert.deepEqual(dependsOn("rolling-is-3").map((r) => r.__name), ["rolling-is-2"]);
        assert.deepEqual(dependsOn("rolling-is-1"), []);
        assert.deepEqual(dependsOn("rolling-mi-1"), []);
        for (const c of children.filter((r) => r.type === CONTAINER)) {
            assert.equal(c.inputs.wait, true, c.name);
            assert.equal(c.inputs.waitTimeout, DEFAULT_WAIT_TIMEOUT_SECONDS, c.name);
            assert.equal(c.inputs.healthcheck.tests[0], "CMD", c.name);
        }
    });
});
