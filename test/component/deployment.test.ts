import { byName, CONTAINER, deploy, Deployed, NETWORK, thrownBy, uploadOf } from "./helpers";
import { allRegistered, isSecretOutput, isSecretValue, promiseOf, registeredResources, resetResources, storedState } from "../support/pulumi-mocks";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { strict as assert } from "node:assert";
import { PlannedPort } from "../../src/plan/types";
import { peerConnections, peerPortKey } from "../../src/wiring/keys";
import { Deployment, DEPLOYMENT_TYPE } from "../../src/component/deployment";
import { firewallOptionsFromSpec, nftablesOptions } from "../../src/firewall/artifacts";
import { BRIDGE_NAME_OPTION } from "../../src/targets/docker";
import { firewallRules } from "../../src/firewall/rules";
import { FirewallRule } from "../../src/firewall/types";
import { decodePortsLabel, LABELS } from "../../src/output/labels";
import { planSpec } from "../../src/plan/planner";
import { Plan } from "../../src/plan/types";
import { renderConfigs } from "../../src/render";
import { SpecError } from "../../src/spec/errors";
import { DeploymentSpec } from "../../src/spec/types";
import { EXAMPLE_SPECS, TWO_HOSTS_WKA } from "../docker/fixtures";

const BIND = { public: "0.0.0.0", management: "127.0.0.1", internal: "127.0.0.1" } as const;

function planned(spec: DeploymentSpec) {
    const result = planSpec(spec);
    return { ...result, configs: renderConfigs(result.spec, result.plan) };
}

const WITH_PASSWORD: DeploymentSpec = {
    products: [
        { name: "is", product: "identity-server", version: "7.0.0", config: { super_admin: { username: "admin", password: "not-a-real-password" } } },
        // Streaming Integrator's bootable base holds its stock keystore and database passwords (issue 11): secret too.
        { name: "si", product: "streaming-integrator", version: "4.2.0", config: { "wso2.carbon": { id: "si" } } },
    ],
};

describe("component: registered containers match the plan", () => {
    for (const [specName, spec] of Object.entries(EXAMPLE_SPECS)) {
        describe(specName, () => {
            let deployed: Deployed;
            const { spec: resolved, plan, configs } = planned(spec);
            before(async () => { deployed = await deploy(spec); });

            it("registers one container per instance, named from the instance, with exactly the planned ports and bind addresses", () => {
                const containers = deployed.children.filter((c) => c.type === CONTAINER);
                assert.deepEqual(containers.map((c) => c.name).sort(), plan.instances.map((i) => `wso2-${i.name}`).sort());
                // A port a linked peer on another host dials is published on the host's address (wiring).
                const dialled = new Set(peerConnections(plan).filter((c) => c.client.host !== c.target.host).map((c) => peerPortKey(c.target.name, c.port)));
                for (const inst of plan.instances) {
                    const inputs = byName(containers, CONTAINER, `wso2-${inst.name}`).inputs;
                    assert.equal(inputs.name, inst.name);
                    const bind = (p: PlannedPort) => p.exposure === "cluster" || (dialled.has(peerPortKey(inst.name, p)) && BIND[p.exposure] === "127.0.0.1") ? inst.address : BIND[p.exposure];
                    const expected = inst.ports.map((p) => ({ internal: p.port, external: p.port, ip: bind(p), protocol: p.protocol }));
                    assert.deepEqual(inputs.ports, expected, inst.name);
                    assert.deepEqual(decodePortsLabel(inputs.labels.find((l: { label: string }) => l.label === LABELS.ports).value),
                        inst.ports.map((p) => ({ port: p.port, protocol: p.protocol, exposure: p.exposure })));
                }
            });

            it("uploads each instance's rendered config at the product's config path", () => {
                for (const config of configs) {
                    const upload = uploadOf(byName(deployed.children, CONTAINER, `wso2-${config.instance}`).inputs);
                    assert.equal(upload.count, 1);
                    assert.equal(upload.file, config.containerPath);
                    assert.equal(upload.content, config.text);
                    assert.equal(upload.secret, config.secretPaths.length > 0);
                }
            });

            it("joins each container to its host's network and registers one network per host", () => {
                const networks = deployed.children.filter((c) => c.type === NETWORK);
                const hosts = [...new Set(plan.instances.map((i) => i.host))].sort();
                assert.deepEqual(networks.map((n) => n.inputs.name).sort(), hosts.map((h) => `wso2-${h}`));
                // The bridge interface is the one the host's firewall.nft admits to same-host members' ports.
                const bridges = nftablesOptions(resolved, plan, "wso2").dockerBridges!;
                for (const h of hosts) assert.deepEqual(byName(networks, NETWORK, `wso2-${h}`).inputs.options, { [BRIDGE_NAME_OPTION]: bridges[h] }, h);
                for (const inst of plan.instances) {
                    const inputs = byName(deployed.children, CONTAINER, `wso2-${inst.name}`).inputs;
                    assert.deepEqual(inputs.networksAdvanced, [{ name: `wso2-${inst.host}`, aliases: [inst.name] }]);
                }
            });

            it("gives every child the component as parent, and containers and networks deleteBeforeReplace", () => {
                assert.ok(deployed.seen.length >= plan.instances.length);
                for (const child of deployed.seen) {
                    assert.equal(child.opts.parent, deployed.component, child.name);
                    const named = child.type === CONTAINER || child.type === NETWORK;
                    if (named) assert.equal((child.opts as pulumi.CustomResourceOptions).deleteBeforeReplace, true, child.name);
                }
            });

            it("resolves its outputs: plan, per-instance ports, rendered configs and firewall rules", async () => {
                assert.deepEqual(await promiseOf(deployed.component.plan), plan);
                const typed: Plan = await promiseOf(deployed.component.typedPlan);
                assert.deepEqual(typed, plan);
                const ports = await promiseOf(deployed.component.ports);
                assert.deepEqual(Object.keys(ports), plan.instances.map((i) => i.name).sort());
                for (const inst of plan.instances) assert.deepEqual(ports[inst.name], inst.ports);
                assert.deepEqual(Object.keys(deployed.component.deploymentTomls), configs.map((c) => c.instance).sort());
                for (const c of configs) assert.equal(await promiseOf(deployed.component.deploymentTomls[c.instance]), c.text);
                assert.deepEqual(await promiseOf(deployed.component.firewallRules), firewallRules(plan, firewallOptionsFromSpec(resolved)));
            });
        });
    }

    it("registers the component under the type token wso2:index:Deployment", async () => {
        await deploy(TWO_HOSTS_WKA, "tokened");
        assert.equal(registeredResources().filter((r) => r.type === DEPLOYMENT_TYPE && r.name === "tokened").length, 1);
    });
});

describe("component: secrets", () => {
    it("keeps a config that holds passwords secret, in the output and in the container's upload", async () => {
        const { component, children } = await deploy(WITH_PASSWORD);
        assert.equal(await isSecretOutput(component.deploymentTomls["is-1"]), true);
        assert.equal(await isSecretOutput(component.deploymentTomls["si-1"]), true, "the base's stock keystore passwords");
        const isUpload = uploadOf(byName(children, CONTAINER, "wso2-is-1").inputs);
        assert.equal(isUpload.secret, true);
        assert.match(isUpload.content, /not-a-real-password/);
        const siUpload = uploadOf(byName(children, CONTAINER, "wso2-si-1").inputs);
        assert.equal(siUpload.secret, true);
        assert.match(siUpload.content, /keyStorePassword: wso2carbon/);
    });
});

describe("component: what the engine stores", () => {
    it("stores the plan, the exposure table and the configs, with password-holding configs as secrets", async () => {
        const { component } = await deploy(WITH_PASSWORD, "stored");
        await allRegistered();
        const state = storedState(await promiseOf(component.urn));
        assert.ok(state, "the component's outputs reached the engine");
        // ports and firewallRules are views of the plan: kept off state, which would otherwise hold them twice.
        assert.deepEqual(Object.keys(state).sort(), ["deploymentTomls", "exposure", "plan"]);
        assert.deepEqual(state.plan, await promiseOf(component.plan));
        assert.deepEqual(state.exposure, await promiseOf(component.exposure));
        assert.equal(isSecretValue(state.deploymentTomls["is-1"]), true, "a config with a password is stored as a secret");
        assert.equal(isSecretValue(state.deploymentTomls["si-1"]), true, "Streaming Integrator's base holds stock passwords");
    });
});

describe("component: a bad spec registers nothing", () => {
    function specProblems(spec: unknown) {
        const e = thrownBy(() => planSpec(spec));
        assert.ok(e instanceof SpecError);
        return e.problems;
    }

    it("throws InputPropertiesError carrying every planner problem, before registering anything", async () => {
        const bad = { products: [
            { name: "is", product: "identity-server", version: "7.0.0", instances: [{ name: "a", host: "nowhere" }] },
            { name: "x", product: "no-such-product", version: "1.0.0" },
        ] };
        resetResources();
        const e = thrownBy(() => new Deployment("bad", bad as unknown as DeploymentSpec));
        await allRegistered();
        assert.deepEqual(registeredResources(), []);
        assert.ok(pulumi.InputPropertiesError.isInstance(e), String(e));
        const expected = specProblems(bad);
        assert.ok(expected.length > 1);
        assert.deepEqual(e.errors, expected.map((p) => ({ propertyPath: p.path, reason: p.message })));
    });

    it("throws InputPropertyError for a single problem, with the planner's path and message", async () => {
        const bad = { products: [{ name: "is", product: "identity-server", version: "99.0.0" }] };
        resetResources();
        const e = thrownBy(() => new Deployment("bad", bad as DeploymentSpec));
        await allRegistered();
        assert.deepEqual(registeredResources(), []);
        assert.ok(pulumi.InputPropertyError.isInstance(e), String(e));
        const [problem] = specProblems(bad);
        assert.equal(e.propertyPath, problem.path);
        assert.equal(e.reason, problem.message);
    });

    it("reports target mistakes (two targets, a daemon or provider for an unknown host) together with the spec's", async () => {
        resetResources();
        const provider = new docker.Provider("stray", { host: "ssh://wso2@192.0.2.1" });
        await allRegistered();
        resetResources();
        const e = thrownBy(() => new Deployment("bad", {
            ...TWO_HOSTS_WKA,
            products: [...TWO_HOSTS_WKA.products, { name: "x", product: "identity-server", version: "1.0" }],
            docker: { daemons: { "host-y": "ssh://wso2@192.0.2.2" } },
        }, { dockerProviders: { "host-z": provider } }));
        await allRegistered();
        assert.deepEqual(registeredResources(), []);
        assert.ok(pulumi.InputPropertiesError.isInstance(e), String(e));
        assert.deepEqual(e.errors.map((x) => x.propertyPath), ["docker.daemons.host-y", "dockerProviders.host-z", "products[3].version"]);
        const both = thrownBy(() => new Deployment("bad", { ...TWO_HOSTS_WKA, docker: {}, kubernetes: {} }));
        assert.ok(pulumi.InputPropertyError.isInstance(both), String(both));
        assert.equal(both.propertyPath, "kubernetes");
        assert.match(both.reason, /give one of docker, kubernetes blocks, not several/);
    });

    it("rejects the old spellings (target, providers, firewall in args, a count in instances, text in config), naming the new field", async () => {
        resetResources();
        const old = {
            ...TWO_HOSTS_WKA,
            target: { docker: {} }, providers: {}, firewall: () => undefined,
            products: [{ name: "is", product: "identity-server", version: "7.0.0", instances: 2, config: "[server]\nhostname = \"x\"\n" }],
        };
        const e = thrownBy(() => new Deployment("old", old as unknown as DeploymentSpec));
        await allRegistered();
        assert.deepEqual(registeredResources(), []);
        assert.ok(pulumi.InputPropertiesError.isInstance(e), String(e));
        const byPath = new Map(e.errors.map((x) => [x.propertyPath, x.reason]));
        assert.match(byPath.get("target")!, /top-level `docker:` or `kubernetes:`/);
        assert.match(byPath.get("providers")!, /docker\.daemons/);
        assert.match(byPath.get("firewall")!, /new Deployment\(name, args, \{ firewall \}\)/);
        assert.match(byPath.get("products[0].instances")!, /instanceCount: 2/);
        assert.match(byPath.get("products[0].config")!, /configToml/);
    });
});

describe("component: stability", () => {
    const snapshot = (d: Deployed) => new Map(d.children.map((c) => [`${c.type}::${c.name}`, c.inputs]));

    function assertUnchanged(before: Deployed, after: Deployed): void {
        const a = snapshot(before);
        const b = snapshot(after);
        for (const [key, inputs] of a) assert.deepEqual(b.get(key), inputs, `${key} changed`);
        assert.ok(b.size > a.size, "the new instance registered new resources");
    }

    it("adding a group leaves every existing child's inputs unchanged", async () => {
        const before = await deploy(TWO_HOSTS_WKA);
        const after = await deploy({ ...TWO_HOSTS_WKA, products: [...TWO_HOSTS_WKA.products, { name: "mi2", product: "micro-integrator", version: "4.2.0", instances: [{ name: "mi2-1", host: "host-b" }] }] });
        assertUnchanged(before, after);
        assert.ok(after.children.some((c) => c.type === CONTAINER && c.name === "wso2-mi2-1"));
    });

    it("appending an instance to a group leaves every existing child's inputs unchanged", async () => {
        const spec: DeploymentSpec = { ...TWO_HOSTS_WKA, products: TWO_HOSTS_WKA.products.filter((g) => g.name !== "mi").concat({ name: "mi", product: "micro-integrator", version: "4.2.0", instances: [{ name: "mi-1", host: "host-a" }] }) };
        const grown: DeploymentSpec = { ...spec, products: spec.products.map((g) => (g.name === "mi" ? { ...g, instances: [{ name: "mi-1", host: "host-a" }, { name: "mi-2", host: "host-a" }] } : g)) };
        assertUnchanged(await deploy(spec), await deploy(grown));
    });

    it("previousPlan in the args keeps every instance's offset when one is inserted before them", async () => {
        const one: DeploymentSpec = { products: [{ name: "is", product: "identity-server", version: "7.0.0", instances: [{ name: "is-b" }, { name: "is-c" }] }] };
        const before = await promiseOf((await deploy(one)).component.plan);
        const inserted: DeploymentSpec = { products: [{ ...one.products[0], instances: [{ name: "is-a" }, { name: "is-b" }, { name: "is-c" }] }] };
        const offsets = async (spec: DeploymentSpec) => Object.fromEntries((await promiseOf((await deploy(spec)).component.plan) as Plan).instances.map((i) => [i.name, i.offset]));
        assert.deepEqual(await offsets(inserted), { "is-a": 0, "is-b": 1, "is-c": 2 }, "without it, the first-fit order moves them");
        assert.deepEqual(await offsets({ ...inserted, previousPlan: before as Plan }), { "is-a": 2, "is-b": 0, "is-c": 1 });
    });
});

describe("component: providers and the firewall hook", () => {
    it("builds one Docker provider per docker.daemons entry, under the component, and hands it that host's children", async () => {
        const daemons = { "host-a": "ssh://wso2@10.0.0.11", "host-b": "ssh://wso2@10.0.0.12" };
        const { seen, children, component } = await deploy({ ...TWO_HOSTS_WKA, docker: { daemons } });
        const registered = children.filter((c) => c.type === "pulumi:providers:docker").map((c) => [c.name, c.inputs.host]);
        assert.deepEqual(registered.sort(), [["wso2-host-a", daemons["host-a"]], ["wso2-host-b", daemons["host-b"]]]);
        const { plan } = planSpec(TWO_HOSTS_WKA);
        for (const inst of plan.instances) {
            const provider = seen.find((s) => s.type === CONTAINER && s.name === `wso2-${inst.name}`)!.opts.provider as docker.Provider;
            assert.match(await promiseOf(provider.urn), new RegExp(`::wso2-${inst.host}$`), inst.name);
        }
        const providerUrns = await Promise.all(seen.filter((s) => s.type === "pulumi:providers:docker").map((s) => promiseOf((s.opts.parent as pulumi.Resource).urn)));
        assert.deepEqual(providerUrns, [await promiseOf(component.urn), await promiseOf(component.urn)], "each provider is a child of the component");
    });

    it("hands each host's children the provider from the dockerProviders option", async () => {
        resetResources();
        const providers = { "host-a": new docker.Provider("docker-a", { host: "ssh://wso2@10.0.0.11" }), "host-b": new docker.Provider("docker-b", { host: "ssh://wso2@10.0.0.12" }) };
        const { seen } = await deploy(TWO_HOSTS_WKA, { dockerProviders: providers });
        const { plan } = planSpec(TWO_HOSTS_WKA);
        for (const inst of plan.instances) {
            const child = seen.find((s) => s.type === CONTAINER && s.name === `wso2-${inst.name}`)!;
            assert.equal(child.opts.provider, providers[inst.host as keyof typeof providers], inst.name);
        }
        for (const host of ["host-a", "host-b"] as const) {
            assert.equal(seen.find((s) => s.type === NETWORK && s.name === `wso2-${host}`)!.opts.provider, providers[host]);
        }
    });

    it("calls the hook once per firewall rule, in order, with the component as parent", async () => {
        const calls: { rule: FirewallRule; opts: pulumi.CustomResourceOptions }[] = [];
        const hook = (rule: FirewallRule, opts: pulumi.CustomResourceOptions) => {
            calls.push({ rule, opts });
            return new pulumi.ComponentResource("test:index:Rule", `${rule.host}-${rule.instance}-${rule.portName}-${rule.protocol}`, {}, opts);
        };
        const { component, children } = await deploy(TWO_HOSTS_WKA, { firewall: hook });
        const { spec, plan } = planSpec(TWO_HOSTS_WKA);
        const rules = firewallRules(plan, firewallOptionsFromSpec(spec));
        assert.ok(rules.length > 0);
        assert.deepEqual(calls.map((c) => c.rule), rules);
        for (const c of calls) assert.equal(c.opts.parent, component);
        assert.equal(children.filter((c) => c.type === "test:index:Rule").length, rules.length);
    });
});

describe("component: target dispatch", () => {
    it("with target kubernetes, registers the Kubernetes target's objects and no Docker resource", async () => {
        const spec: DeploymentSpec = { products: [{ name: "is", product: "identity-server", version: "7.0.0", instanceCount: 2, clustering: { scheme: "wka" } }] };
        const { children } = await deploy({ ...spec, kubernetes: { namespace: "wso2" } });
        assert.deepEqual(children.filter((c) => c.type.startsWith("docker:")), []);
        assert.ok(children.some((c) => c.type.startsWith("kubernetes:")), children.map((c) => c.type).join(", "));
    });
});

describe("component: API-M profiles run as profiles", () => {
    it("registers a 4.3 gateway with the profile start options and a 4.5 traffic manager on its own image", async () => {
        // Two deployments: one API-M deployment runs one version (issue 12's links).
        const { children } = await deploy({ products: [{ name: "gw", product: "api-manager", version: "4.3.0", profile: "gateway" }] }, "profiles");
        const { children: tmChildren } = await deploy({ products: [{ name: "tm", product: "api-manager", version: "4.5.0", profile: "traffic-manager" }] }, "profiles");
        const gw = byName(children, CONTAINER, "profiles-gw-1").inputs;
        assert.deepEqual([gw.image, gw.command], ["wso2/wso2am:4.3.0", ["--optimize", "-Dprofile=gateway-worker", "--skipConfigOptimization"]]);
        const tm = byName(tmChildren, CONTAINER, "profiles-tm-1").inputs;
        assert.deepEqual([tm.image, tm.command], ["wso2/wso2am-tm:4.5.0", undefined]);
        assert.equal(uploadOf(tm).file, "/home/wso2carbon/wso2am-tm-4.5.0/repository/conf/deployment.toml");
    });
});
