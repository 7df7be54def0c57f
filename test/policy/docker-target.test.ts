import { strict as assert } from "node:assert";
import {
    ContainerResource, containerClusterPortViolations, containerPrivatePortViolations, dockerHostPortClashes,
} from "../../src/policy";
import { containerLabels, publishedPorts } from "../../src/targets/docker/plan";
import { DockerTargetArgs } from "../../src/targets/docker/types";
import { DeploymentSpec } from "../../src/spec/types";
import { plan } from "../plan/helpers";

// The policies and the Docker target must agree: what the target publishes by default passes.
const SPEC: DeploymentSpec = {
    hosts: [{ name: "host-a", address: "10.0.0.11" }, { name: "host-b", address: "10.0.0.12" }],
    products: [
        { name: "is", product: "identity-server", version: "7.0.0", instanceCount: 3, clustering: { scheme: "wka" } },
        { name: "apim", product: "api-manager", version: "4.3.0", instanceCount: 2, clustering: { scheme: "wka" } },
        { name: "mi", product: "micro-integrator", version: "4.2.0", instanceCount: 2 },
    ],
};

function containers(args: DockerTargetArgs): ContainerResource[] {
    return plan(SPEC).instances.map((inst) => ({ name: inst.name, props: { name: inst.name, ports: publishedPorts(inst, args), labels: containerLabels(inst) } }));
}

describe("policies on the Docker target's containers", () => {
    it("pass every container the target publishes by default", () => {
        const all = containers({});
        assert.ok(all.every((c) => (c.props.ports ?? []).length > 0), "the test judges published ports");
        assert.deepEqual(all.flatMap((c) => containerPrivatePortViolations(c.props)), []);
        assert.deepEqual(all.flatMap((c) => containerClusterPortViolations(c.props)), []);
        assert.deepEqual(dockerHostPortClashes(all), []);
    });

    it("flag management and cluster ports when the user binds them to 0.0.0.0", () => {
        const all = containers({ bind: { management: "0.0.0.0", cluster: "0.0.0.0" } });
        assert.ok(all.flatMap((c) => containerPrivatePortViolations(c.props)).some((m) => /^is-1: management port/.test(m)));
        assert.equal(all.flatMap((c) => containerClusterPortViolations(c.props)).length, all.filter((c) => c.name !== "mi-1" && c.name !== "mi-2").length);
    });
});
