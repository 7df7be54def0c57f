import { strict as assert } from "node:assert";
import { PolicyResource, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import {
    clusterPortsStayInGroup, containerClusterPortViolations, ContainerInputs, containerPrivatePortViolations, dockerHostPortClashes, networkPolicyClusterPortViolations,
    NetworkPolicyInputs, noDockerHostPortClash, POLICIES, privatePortsNotPublished, serviceClusterPortViolations, ServiceInputs,
    servicePrivatePortViolations, TYPES,
} from "../../src/policy";
import { encodePortsLabel, LABELS } from "../../src/output/labels";

// The plan of one IS instance as the Docker and Kubernetes targets label it.
const PORTS = encodePortsLabel([
    { port: 9443, protocol: "tcp", exposure: "public" },
    { port: 9763, protocol: "tcp", exposure: "management" },
    { port: 10389, protocol: "tcp", exposure: "internal" },
    { port: 4000, protocol: "tcp", exposure: "cluster" },
]);

function container(name: string, host: string | undefined, ports: ContainerInputs["ports"]): ContainerInputs {
    const labels: { label: string; value: string }[] = [{ label: LABELS.instance, value: name }, { label: LABELS.ports, value: PORTS }, { label: LABELS.group, value: "is" }];
    if (host) labels.push({ label: LABELS.host, value: host });
    return { name, ports, labels };
}

function service(type: string, ports: number[], extra: Partial<NonNullable<ServiceInputs["spec"]>> = {}): ServiceInputs {
    return {
        metadata: { name: "is-1", annotations: { [LABELS.ports]: PORTS, [LABELS.group]: "is" } },
        spec: { type, ports: ports.map((p) => ({ name: `p${p}`, port: p, targetPort: p, protocol: "TCP" })), ...extra },
    };
}

function networkPolicy(ingress: NonNullable<NetworkPolicyInputs["spec"]>["ingress"]): NetworkPolicyInputs {
    return {
        metadata: { name: "is-cluster", annotations: { [LABELS.ports]: PORTS, [LABELS.group]: "is" } },
        spec: { podSelector: { matchLabels: { [LABELS.group]: "is" } }, ingress },
    };
}

const sameGroup = { podSelector: { matchLabels: { [LABELS.group]: "is" } } };

describe("policy: management and internal ports are not published to all", () => {
    it("flags a Docker management port published on 0.0.0.0 or with no address", () => {
        const v = containerPrivatePortViolations(container("is-1", "host-a", [
            { internal: 9763, external: 9763, ip: "0.0.0.0", protocol: "tcp" },
            { internal: 10389, external: 10389 },
        ]));
        assert.equal(v.length, 2);
        assert.match(v[0], /is-1: management port 9763\/tcp is published on all addresses/);
        assert.match(v[1], /is-1: internal port 10389\/tcp .* bind it to 127\.0\.0\.1/);
    });

    it("passes public ports on 0.0.0.0, management on the host address and internal on loopback", () => {
        assert.deepEqual(containerPrivatePortViolations(container("is-1", "host-a", [
            { internal: 9443, external: 9443, ip: "0.0.0.0", protocol: "tcp" },
            { internal: 9763, external: 9763, ip: "10.0.0.11", protocol: "tcp" },
            { internal: 10389, external: 10389, ip: "127.0.0.1", protocol: "tcp" },
        ])), []);
    });

    it("leaves containers without the plan's label alone", () => {
        assert.deepEqual(containerPrivatePortViolations({ name: "nginx", ports: [{ internal: 9763, external: 9763 }] }), []);
    });

    it("flags management and internal ports behind a NodePort or an open LoadBalancer", () => {
        assert.equal(servicePrivatePortViolations(service("NodePort", [9763])).length, 1);
        const lb = servicePrivatePortViolations(service("LoadBalancer", [9443, 9763, 10389], { loadBalancerSourceRanges: ["0.0.0.0/0"] }));
        assert.deepEqual(lb.map((m) => m.split(" port ")[0]), ["is-1: management", "is-1: internal"]);
    });

    it("passes a ClusterIP Service, public ports on a LoadBalancer, and management behind restricted source ranges", () => {
        assert.deepEqual(servicePrivatePortViolations(service("ClusterIP", [9763, 10389])), []);
        assert.deepEqual(servicePrivatePortViolations(service("LoadBalancer", [9443])), []);
        assert.deepEqual(servicePrivatePortViolations(service("LoadBalancer", [9763], { loadBalancerSourceRanges: ["10.0.0.0/8"] })), []);
        assert.equal(servicePrivatePortViolations(service("LoadBalancer", [10389], { loadBalancerSourceRanges: ["10.0.0.0/8"] })).length, 1, "internal never");
    });

    it("matches a Service port to the plan by its numeric targetPort", () => {
        const svc = service("LoadBalancer", []);
        svc.spec!.ports = [{ name: "http", port: 80, targetPort: 9763, protocol: "TCP" }];
        assert.match(servicePrivatePortViolations(svc)[0], /management port 9763\/tcp/);
    });
});

describe("policy: cluster ports stay in their group", () => {
    it("flags a Docker cluster port published on all addresses", () => {
        const v = containerClusterPortViolations(container("is-1", "host-a", [{ internal: 4000, external: 4000, ip: "0.0.0.0", protocol: "tcp" }]));
        assert.deepEqual(v, ["is-1: cluster port 4000/tcp is published on all addresses; publish it on the host's member address only"]);
    });

    it("passes a Docker cluster port published on the host's address", () => {
        assert.deepEqual(containerClusterPortViolations(container("is-1", "host-a", [{ internal: 4000, external: 4000, ip: "10.0.0.11", protocol: "tcp" }])), []);
    });

    it("flags a cluster port on a LoadBalancer or NodePort Service", () => {
        assert.match(serviceClusterPortViolations(service("LoadBalancer", [4000]))[0], /cluster port 4000\/tcp is exposed by a LoadBalancer/);
        assert.equal(serviceClusterPortViolations(service("NodePort", [4000, 9443])).length, 1);
    });

    it("passes a cluster port on a ClusterIP Service", () => {
        assert.deepEqual(serviceClusterPortViolations(service("ClusterIP", [4000])), []);
    });

    it("flags a NetworkPolicy admitting a cluster port from an ipBlock, another namespace, another group or anyone", () => {
        const cases: [NonNullable<NetworkPolicyInputs["spec"]>["ingress"], RegExp][] = [
            [[{ from: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: [{ port: 4000, protocol: "TCP" }] }], /ingress\[0\] admits cluster port 4000\/tcp of group "is" from ipBlock 0\.0\.0\.0\/0/],
            [[{ from: [{ namespaceSelector: {}, podSelector: sameGroup.podSelector }], ports: [{ port: 4000 }] }], /namespaceSelector/],
            [[{ from: [{ podSelector: { matchLabels: { [LABELS.group]: "apim" } } }], ports: [{ port: 4000 }] }], /podSelector not limited to pulumi-wso2\/group=is/],
            [[{ ports: [{ port: 4000 }] }], /from every source/],
            // No ports in the rule: every port, the cluster port included.
            [[{ from: [{ ipBlock: { cidr: "10.0.0.0/8" } }] }], /cluster port 4000\/tcp .* ipBlock 10\.0\.0\.0\/8/],
            [[{ from: [{ ipBlock: { cidr: "10.0.0.0/8" } }], ports: [{ port: 3000, endPort: 5000 }] }], /cluster port 4000/],
        ];
        for (const [ingress, expected] of cases) {
            const v = networkPolicyClusterPortViolations(networkPolicy(ingress));
            assert.equal(v.length, 1, JSON.stringify(ingress));
            assert.match(v[0], expected);
        }
    });

    it("passes a NetworkPolicy that admits the cluster port from the group's pods only, and others to other ports", () => {
        assert.deepEqual(networkPolicyClusterPortViolations(networkPolicy([
            { from: [sameGroup], ports: [{ port: 4000, protocol: "TCP" }] },
            { from: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: [{ port: 9443, protocol: "TCP" }] },
            { from: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: [{ port: 4000, protocol: "UDP" }] },
        ])), []);
    });
});

describe("policy: no two containers on one Docker host publish the same port", () => {
    const published = (port: number, ip?: string) => [{ internal: port, external: port, ip, protocol: "tcp" }];

    it("flags two containers on one host label publishing one host port", () => {
        const v = dockerHostPortClashes([
            { name: "is-1", props: container("is-1", "host-a", published(9443)) },
            { name: "is-2", props: container("is-2", "host-a", published(9443, "10.0.0.11")) },
        ]);
        assert.deepEqual(v, [`containers "is-1" and "is-2" both publish 9443/tcp on host "host-a"`]);
    });

    it("falls back to the provider when containers carry no host label", () => {
        const v = dockerHostPortClashes([
            { name: "a", props: { ports: published(8080) }, provider: "urn:docker-host-1" },
            { name: "b", props: { ports: published(8080) }, provider: "urn:docker-host-1" },
        ]);
        assert.equal(v.length, 1);
        assert.match(v[0], /provider urn:docker-host-1/);
    });

    it("passes the same port on different hosts, on distinct addresses, over another protocol, or unpublished", () => {
        assert.deepEqual(dockerHostPortClashes([
            { name: "is-1", props: container("is-1", "host-a", published(9443)) },
            { name: "is-2", props: container("is-2", "host-b", published(9443)) },
            { name: "x", props: { ports: published(8080, "10.0.0.11") }, provider: "p" },
            { name: "y", props: { ports: published(8080, "10.0.0.12") }, provider: "p" },
            { name: "u", props: { ports: [{ internal: 8080, external: 8080, protocol: "udp" }] }, provider: "p" },
            { name: "r", props: { ports: [{ internal: 8080 }] }, provider: "p" },
        ]), []);
    });
});

describe("the wso2-exposure policy objects", () => {
    /** Calls a policy the way the policy runtime does, on plain resource inputs and the policy's config. */
    function validate(policy: typeof privatePortsNotPublished, type: string, props: object, config: object = {}): string[] {
        const reports: string[] = [];
        const args = { type, props, name: "r", urn: `urn:pulumi:test::p::${type}::r`, getConfig: () => config } as unknown as ResourceValidationArgs;
        (policy.validateResource as (a: ResourceValidationArgs, r: (m: string) => void) => void)(args, (m) => reports.push(m));
        return reports;
    }

    it("route each resource type to its check", () => {
        assert.equal(validate(privatePortsNotPublished, TYPES.container, container("is-1", "host-a", [{ internal: 9763, external: 9763 }])).length, 1);
        assert.equal(validate(privatePortsNotPublished, TYPES.service, service("NodePort", [9763])).length, 1);
        assert.equal(validate(clusterPortsStayInGroup, TYPES.service, service("NodePort", [4000])).length, 1);
        assert.equal(validate(clusterPortsStayInGroup, TYPES.container, container("is-1", "host-a", [{ internal: 4000, external: 4000 }])).length, 1);
        assert.equal(validate(clusterPortsStayInGroup, TYPES.networkPolicy, networkPolicy([{ ports: [{ port: 4000 }] }])).length, 1);
        assert.equal(validate(privatePortsNotPublished, "kubernetes:core/v1:ConfigMap", service("NodePort", [9763])).length, 0);
    });

    function validateStack(containers: [string, string][], config: object = {}): string[] {
        const resource = (name: string, props: object): PolicyResource => ({ type: TYPES.container, name, props } as unknown as PolicyResource);
        const reports: string[] = [];
        const resources = containers.map(([name, host]) => resource(name, container(name, host, [{ internal: 9443, external: 9443 }])));
        noDockerHostPortClash.validateStack({ resources, getConfig: () => config } as unknown as StackValidationArgs, (m) => { reports.push(m); });
        return reports;
    }

    it("check the whole stack for Docker host port clashes", () => {
        assert.equal(validateStack([["is-1", "host-a"], ["is-2", "host-a"]]).length, 1);
        assert.deepEqual(validateStack([["is-1", "host-a"], ["is-2", "host-b"]]), []);
    });

    it("config machines: two host labels that are one Docker host clash there", () => {
        const reports = validateStack([["is-1", "host-a"], ["is-2", "docker-1"]], { machines: { "vm-1": ["host-a", "docker-1"] } });
        assert.deepEqual(reports, ['containers "is-1" and "is-2" both publish 9443/tcp on machine "vm-1"']);
    });

    it("config managementCidrs: a LoadBalancer may carry management ports only from ranges inside them", () => {
        const lb = (ranges: string[]) => service("LoadBalancer", [9763], { loadBalancerSourceRanges: ranges });
        const config = { managementCidrs: ["10.0.0.0/8"] };
        assert.deepEqual(validate(privatePortsNotPublished, TYPES.service, lb(["192.0.2.0/24"])), [], "any restricted range passes without config");
        assert.deepEqual(validate(privatePortsNotPublished, TYPES.service, lb(["10.1.0.0/16"]), config), []);
        const [message, ...rest] = validate(privatePortsNotPublished, TYPES.service, lb(["10.1.0.0/16", "192.0.2.0/24"]), config);
        assert.deepEqual(rest, []);
        assert.match(message, /management port 9763\/tcp is exposed by a LoadBalancer Service.*inside the policy's managementCidrs \(10\.0\.0\.0\/8\)/);
    });

    it("config memberCidrs: a Docker cluster port is published only on an address inside them", () => {
        const on = (ip: string) => container("is-1", "host-a", [{ internal: 4000, external: 4000, ip }]);
        const config = { memberCidrs: ["10.0.0.0/8", "2001:db8::/32"] };
        assert.deepEqual(validate(clusterPortsStayInGroup, TYPES.container, on("192.0.2.10")), [], "any specific address passes without config");
        assert.deepEqual(validate(clusterPortsStayInGroup, TYPES.container, on("10.0.0.11"), config), []);
        assert.deepEqual(validate(clusterPortsStayInGroup, TYPES.container, on("2001:db8::11"), config), []);
        assert.deepEqual(validate(clusterPortsStayInGroup, TYPES.container, on("192.0.2.10"), config),
            ["is-1: cluster port 4000/tcp is published on 192.0.2.10, outside the policy's memberCidrs (10.0.0.0/8, 2001:db8::/32); give the host its address on the members' network"]);
    });

    it("a bad CIDR in a policy's config is a violation naming the key, not a silently skipped check", () => {
        const reports = validate(clusterPortsStayInGroup, TYPES.container, container("is-1", "host-a", [{ internal: 4000, external: 4000, ip: "10.0.0.11" }]), { memberCidrs: ["10.0.0.1/8"] });
        assert.equal(reports.length, 2, reports.join("\n"));
        assert.match(reports[0], /^policy config memberCidrs\[0\]: "10\.0\.0\.1\/8" has host bits set; use "10\.0\.0\.0\/8"/);
        assert.match(reports[1], /outside the policy's memberCidrs \(\)/);
        assert.deepEqual(validate(privatePortsNotPublished, TYPES.service, service("LoadBalancer", [9763], { loadBalancerSourceRanges: ["10.0.0.0/8"] }), { managementCidrs: "10.0.0.0/8" }).slice(0, 1),
            ['policy config managementCidrs must be a list of CIDRs; got "10.0.0.0/8"']);
    });

    it("each have a configSchema whose every property is described", () => {
        for (const policy of POLICIES) {
            const properties = Object.entries(policy.configSchema?.properties ?? {});
            assert.ok(properties.length > 0, policy.name);
            for (const [key, schema] of properties) assert.ok(typeof schema.description === "string" && schema.description.length > 20, `${policy.name}.${key}`);
        }
        assert.deepEqual(POLICIES.map((p) => Object.keys(p.configSchema!.properties)), [["managementCidrs"], ["memberCidrs"], ["machines"]]);
    });

    it("are all mandatory, named wso2-*, and in the pack", () => {
        assert.deepEqual(POLICIES.map((p) => p.name), ["wso2-private-ports-not-published", "wso2-cluster-ports-stay-in-group", "wso2-no-docker-host-port-clash"]);
        assert.ok(POLICIES.every((p) => p.enforcementLevel === "mandatory"));
    });
});
