import { strict as assert } from "node:assert";
import { peerConnections, peerPortKey } from "../../src/wiring/keys";
import * as fc from "fast-check";
import {
    containerClusterPortViolations, containerPrivatePortViolations, dockerHostPortClashes,
} from "../../src/policy";
import { decodePortsLabel, LABELS } from "../../src/output/labels";
import { PlannedInstance } from "../../src/plan/types";
import { DeploymentSpec, ExposureClass, GroupSpec } from "../../src/spec/types";
import {
    bindAddress, dockerArgsProblems, dockerPlanProblems, dockerTargetPlan, DockerContainerPlan, DockerTargetArgs,
} from "../../src/targets/docker";
import { dockerInput, EXAMPLE_SPECS, SINGLE_HOST, TWO_HOSTS_WKA } from "./fixtures";

const DEFAULT_BIND: Record<ExposureClass, (i: PlannedInstance) => string> = {
    public: () => "0.0.0.0",
    management: () => "127.0.0.1",
    internal: () => "127.0.0.1",
    cluster: (i) => i.address,
};

function containerOf(containers: DockerContainerPlan[], instance: string): DockerContainerPlan {
    const found = containers.find((c) => c.instance === instance);
    if (!found) throw new Error(`no container for ${instance}`);
    return found;
}

const label = (c: DockerContainerPlan, key: string) => c.labels.find((l) => l.label === key)?.value;

describe("docker target: containers carry exactly the planned ports", () => {
    for (const [name, spec] of Object.entries(EXAMPLE_SPECS)) {
        it(`${name}: one container per instance, each planned port published 1:1 on its class's default address (a port a linked peer on another host dials: the host's)`, () => {
            const input = dockerInput(spec);
            const { containers } = dockerTargetPlan(input);
            assert.deepEqual(containers.map((c) => c.instance), input.plan.instances.map((i) => i.name));
            const dialledFromElsewhere = new Set(peerConnections(input.plan).filter((c) => c.client.host !== c.target.host).map((c) => peerPortKey(c.target.name, c.port)));
            for (const inst of input.plan.instances) {
                const expected = inst.ports.map((p) => ({
                    internal: p.port, external: p.port, protocol: p.protocol,
                    ip: dialledFromElsewhere.has(peerPortKey(inst.name, p)) && DEFAULT_BIND[p.exposure](inst) === "127.0.0.1" ? inst.address : DEFAULT_BIND[p.exposure](inst),
                }));
                assert.deepEqual(containerOf(containers, inst.name).ports, expected, inst.name);
            }
        });
    }

    it("binds each exposure class where `bind` says; `host` is each host's own address", () => {
        const input = dockerInput(TWO_HOSTS_WKA);
        const args: DockerTargetArgs = { bind: { public: "192.0.2.10", management: "host", internal: "127.0.0.2" } };
        const { containers } = dockerTargetPlan(input, args);
        const wanted: Record<ExposureClass, (i: PlannedInstance) => string> = {
            public: () => "192.0.2.10", management: (i) => i.address, internal: () => "127.0.0.2", cluster: (i) => i.address,
        };
        for (const inst of input.plan.instances) {
            for (const p of containerOf(containers, inst.name).ports) {
                const planned = inst.ports.find((x) => x.port === p.internal && x.protocol === p.protocol)!;
                assert.equal(p.ip, wanted[planned.exposure](inst), `${inst.name} ${p.internal}`);
                assert.equal(bindAddress(planned.exposure, inst, args.bind), p.ip);
            }
        }
    });

    it("satisfies the exposure policies: nothing private or cluster on all addresses, no host-port clash per host", () => {
        const { containers } = dockerTargetPlan(dockerInput(TWO_HOSTS_WKA));
        const asInputs = (c: DockerContainerPlan) => ({ name: c.name, ports: c.ports, labels: c.labels });
        for (const c of containers) {
            assert.deepEqual(containerPrivatePortViolations(asInputs(c)), [], c.instance);
            assert.deepEqual(containerClusterPortViolations(asInputs(c)), [], c.instance);
        }
        assert.deepEqual(dockerHostPortClashes(containers.map((c) => ({ name: c.resourceName, props: asInputs(c) }))), []);
    });

    it("property: for any planned single-host spec, no two containers publish one host port", () => {
        const groupArb = fc.record({
            product: fc.constantFrom<GroupSpec["product"]>("identity-server", "api-manager", "micro-integrator"),
            instances: fc.integer({ min: 1, max: 3 }),
            clustered: fc.boolean(),
        });
        fc.assert(fc.property(fc.array(groupArb, { minLength: 1, maxLength: 4 }), (groups) => {
            const spec: DeploymentSpec = {
                products: groups.map((g, i) => ({
                    name: `g${i}`, product: g.product, version: g.product === "identity-server" ? "7.0.0" : g.product === "api-manager" ? "4.3.0" : "4.2.0",
                    instanceCount: g.instances, clustering: g.clustered && g.product !== "micro-integrator" ? { scheme: "wka" } : undefined,
                })),
            };
            const { containers } = dockerTargetPlan(dockerInput(spec));
            const clashes = dockerHostPortClashes(containers.map((c) => ({ name: c.resourceName, props: { ports: c.ports, labels: c.labels } })));
            assert.deepEqual(clashes, []);
        }), { numRuns: 40 });
    });
});

describe("docker target: networks, clustering and host networking", () => {
    it("joins bridged containers to one network per host, named from the component and host", () => {
        const { networks, containers } = dockerTargetPlan(dockerInput(TWO_HOSTS_WKA, "wso2"));
        assert.deepEqual(networks.map((n) => [n.resourceName, n.name, n.host]), [["wso2-host-a", "wso2-host-a", "host-a"], ["wso2-host-b", "wso2-host-b", "host-b"]]);
        for (const c of containers) assert.deepEqual(c.network, { mode: "bridge", name: `wso2-${c.host}` });
    });

    it("puts multicast members on the host network, publishing nothing", () => {
        const spec: DeploymentSpec = {
            products: [
                { name: "is", product: "identity-server", version: "7.0.0", instanceCount: 2, clustering: { scheme: "multicast" } },
                { name: "mi", product: "micro-integrator", version: "4.2.0" },
            ],
        };
        const { networks, containers } = dockerTargetPlan(dockerInput(spec));
        for (const name of ["is-1", "is-2"]) {
            assert.deepEqual(containerOf(containers, name).network, { mode: "host" });
            assert.deepEqual(containerOf(containers, name).ports, []);
            // The label still carries the plan, multicast port included.
            assert.ok(decodePortsLabel(label(containerOf(containers, name), LABELS.ports)).some((p) => p.protocol === "udp" && p.exposure === "cluster"));
        }
        assert.equal(containerOf(containers, "mi-1").network.mode, "bridge");
        assert.deepEqual(networks.map((n) => n.host), ["local"]);
    });

    it("hostNetworkForClusters moves every clustered instance, and only those, to the host network", () => {
        const { networks, containers } = dockerTargetPlan(dockerInput(TWO_HOSTS_WKA), { hostNetworkForClusters: true });
        assert.deepEqual(containers.filter((c) => c.network.mode === "bridge").map((c) => c.instance), ["mi-1"]);
        assert.deepEqual(networks.map((n) => n.host), ["host-a"]);
    });
});

describe("docker target: image, labels, upload, names", () => {
    it("defaults the image per product and version, and takes the group's image over it", () => {
        const spec: DeploymentSpec = {
            products: [
                { name: "is", product: "identity-server", version: "7.0.0" },
                { name: "apim", product: "api-manager", version: "4.3.0" },
                { name: "mi", product: "micro-integrator", version: "4.2.0" },
                { name: "si", product: "streaming-integrator", version: "4.2.0" },
                { name: "custom", product: "identity-server", version: "7.0.0", image: "registry.example.com/wso2is:7.0.0-patched" },
            ],
        };
        const { containers } = dockerTargetPlan(dockerInput(spec));
        assert.deepEqual(containers.map((c) => c.image), [
            "wso2/wso2is:7.0.0", "wso2/wso2am:4.3.0", "wso2/wso2mi:4.2.0", "wso2/wso2si:4.2.0", "registry.example.com/wso2is:7.0.0-patched",
        ]);
    });

    it("labels each container with its instance, group, host and planned ports, sorted by key", () => {
        const input = dockerInput(TWO_HOSTS_WKA);
        const { containers } = dockerTargetPlan(input);
        for (const inst of input.plan.instances) {
            const c = containerOf(containers, inst.name);
            assert.deepEqual(c.labels.map((l) => l.label), [...c.labels.map((l) => l.label)].sort());
            assert.equal(label(c, LABELS.instance), inst.name);
            assert.equal(label(c, LABELS.group), inst.group);
            assert.equal(label(c, LABELS.host), inst.host);
            assert.deepEqual(decodePortsLabel(label(c, LABELS.ports)), inst.ports.map((p) => ({ port: p.port, protocol: p.protocol, exposure: p.exposure })));
        }
    });

    it("uploads the rendered config at the product's config path, flagged secret when it holds passwords", () => {
        const spec: DeploymentSpec = {
            products: [
                { name: "is", product: "identity-server", version: "7.0.0", config: { super_admin: { username: "admin", password: "not-a-real-password" } } },
                { name: "mi", product: "micro-integrator", version: "4.2.0" },
            ],
        };
        const input = dockerInput(spec);
        const { containers } = dockerTargetPlan(input);
        for (const config of input.configs) {
            const c = containerOf(containers, config.instance);
            assert.deepEqual(c.upload, { file: config.containerPath, content: config.text, secret: config.secretPaths.length > 0 });
        }
        assert.equal(containerOf(containers, "is-1").upload.secret, true);
        assert.equal(containerOf(containers, "is-1").upload.file, "/home/wso2carbon/wso2is-7.0.0/repository/conf/deployment.toml");
        assert.ok(containerOf(containers, "is-1").upload.content.includes("not-a-real-password"));
    });

    it("names resources from the component and instance names, never positions", () => {
        const reordered: DeploymentSpec = { ...SINGLE_HOST, products: [...SINGLE_HOST.products].reverse() };
        const names = (spec: DeploymentSpec) => dockerTargetPlan(dockerInput(spec, "wso2")).containers.map((c) => [c.resourceName, c.name]).sort();
        assert.deepEqual(names(SINGLE_HOST), [["wso2-apim-1", "apim-1"], ["wso2-is-1", "is-1"], ["wso2-is-2", "is-2"], ["wso2-mi-1", "mi-1"]]);
        assert.deepEqual(names(reordered), names(SINGLE_HOST));
    });
});

describe("docker target: problems", () => {
    it("rejects bind values that are not IPs or `host`, and unknown exposure classes", () => {
        const problems = dockerArgsProblems({ bind: { public: "example.com", management: "host", internal: "10.0.0.1", ["admin" as ExposureClass]: "127.0.0.1" } }, [], ["local"]);
        assert.deepEqual(problems.map((p) => p.path), ["docker.bind.public", "docker.bind.admin"]);
        assert.match(problems[0].message, /IP address/);
    });

    it("rejects a provider for a host the spec does not declare", () => {
        const problems = dockerArgsProblems({}, ["host-a", "host-c"], ["host-a", "host-b"]);
        assert.deepEqual(problems.map((p) => p.path), ["dockerProviders.host-c"]);
        assert.match(problems[0].message, /host "host-c".*not in `hosts` \(host-a, host-b\)/);
    });

    it("rejects a daemon for an unknown host, a daemon and a provider for one host, and a daemon that is no URL", () => {
        const daemons = { "host-a": "ssh://wso2@192.0.2.1", "host-b": "192.0.2.2", "host-c": "tcp://192.0.2.3:2376" };
        const problems = dockerArgsProblems({ daemons }, ["host-a"], ["host-a", "host-b"]);
        assert.deepEqual(problems.map((p) => p.path), ["docker.daemons.host-a", "docker.daemons.host-b", "docker.daemons.host-c"]);
        assert.match(problems[0].message, /both a daemon URL here and a provider/);
        assert.match(problems[1].message, /must be a URL such as "ssh:\/\/wso2@10\.0\.0\.11"/);
        assert.match(problems[2].message, /host "host-c".*not in `hosts`/);
        assert.deepEqual(dockerArgsProblems({ daemons: { "host-a": "unix:///var/run/docker.sock" } }, [], ["host-a"]), []);
    });

    it("rejects the kubernetes membership scheme on Docker", () => {
        const spec: DeploymentSpec = { products: [{ name: "is", product: "identity-server", version: "7.0.0", clustering: { scheme: "kubernetes" } }] };
        const problems = dockerPlanProblems(dockerInput(spec), {});
        assert.deepEqual(problems.map((p) => p.path), ["products[0].clustering.scheme"]);
    });

    it("rejects a DNS-named host whose ports Docker would have to publish on that name, unless it runs on the host network", () => {
        const spec: DeploymentSpec = {
            hosts: [{ name: "a", address: "wso2-a.example.com" }, { name: "b", address: "10.0.0.12" }],
            products: [{ name: "is", product: "identity-server", version: "7.0.0", instanceCount: 2, clustering: { scheme: "wka" } }],
        };
        const input = dockerInput(spec);
        const problems = dockerPlanProblems(input, {});
        assert.deepEqual(problems.map((p) => [p.path, p.instance]), [["hosts[0].address", "is-1"]]);
        assert.deepEqual(dockerPlanProblems(input, { hostNetworkForClusters: true }), []);
    });
});
