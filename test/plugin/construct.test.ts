/**
 * Construct over gRPC, as the engine calls the plugin for a Python, Go or YAML program's
 * `wso2:index:Deployment`: inputs arrive as a protobuf Struct in Pulumi's wire encoding, the
 * children are registered with the (fake) resource monitor, and the component's outputs come
 * back as the response's state. The plan and the exposure table are compared with what the
 * core computes in this process for the same spec.
 */
import { strict as assert } from "assert";
import * as grpc from "@grpc/grpc-js";
import { specialOutputValueSig, specialSecretSig, specialSigKey, unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { DEPLOYMENT_TYPE } from "../../src/component/deployment";
import { exposureMap } from "../../src/diff/exposure";
import { planSpec } from "../../src/plan/planner";
import { renderConfigs } from "../../src/render";
import { DeploymentSpec } from "../../src/spec/types";
import { ConstructResult, pluginHost, PluginHost, Registration } from "./host";

const CONTAINER = "docker:index/container:Container";
const DOCKER_PROVIDER = "pulumi:providers:docker";

/** Two hosts, each with its own Docker daemon; what a YAML program would write as literals. */
const SPEC = {
    hosts: [{ name: "host-a", address: "10.0.0.11" }, { name: "host-b", address: "10.0.0.12" }],
    products: [
        { name: "is", product: "identity-server", version: "7.0.0", instanceCount: 2, clustering: { scheme: "wka" } },
        { name: "mi", product: "micro-integrator", version: "4.2.0", instances: [{ name: "mi-1", host: "host-a" }] },
    ],
    exposure: { public: ["0.0.0.0/0"], management: ["10.0.0.0/8"] },
    docker: { daemons: { "host-a": "ssh://wso2@10.0.0.11", "host-b": "ssh://wso2@10.0.0.12" } },
};

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value));
/** A VM created in the same update: its outputs are unknown during a preview. */
const VM = "urn:pulumi:dev::consumer::hcloud:index/server:Server::host-b";
/** An Output as an engine that accepts output values sends it: unknown (no value) unless given one, secret if asked. */
const outputValue = (value?: unknown, secret = false) =>
    ({ [specialSigKey]: specialOutputValueSig, dependencies: [VM], ...(value === undefined ? {} : { value }), ...(secret ? { secret: true } : {}) });
/** Unknown in a registration or a state: the SDK sends the unknown sentinel, or an output value without a value. */
const isUnknown = (value: any) => value === unknownValue || (value?.[specialSigKey] === specialOutputValueSig && !("value" in value));
const isSecret = (value: any) => value?.[specialSigKey] === specialSecretSig;
const reveal = (value: any) => (isSecret(value) ? value.value : value);
const ofType = (result: ConstructResult, type: string) => result.registrations.filter((r) => r.type === type);

/** The provider a child was registered with: a provider reference is `<provider urn>::<id>`. */
function providerName(r: Registration): string {
    return r.provider.split("::").slice(-2)[0];
}

describe("plugin Construct over gRPC (wso2:index:Deployment from another language)", function () {
    this.timeout(120_000);
    let host: PluginHost;

    before(async () => {
        host = await pluginHost();
    });

    describe("plain values", () => {
        let result: ConstructResult;
        const expected = planSpec(copy(SPEC) as unknown as DeploymentSpec).plan;

        before(async () => {
            result = await host.construct(DEPLOYMENT_TYPE, "wso2", copy(SPEC));
        });

        it("registers the component under its token, then its children under it", () => {
            assert.equal(result.urn, "urn:pulumi:dev::consumer::wso2:index:Deployment::wso2");
            assert.equal(result.registrations[0].type, DEPLOYMENT_TYPE);
            const children = result.registrations.slice(1);
            assert.ok(children.length > 0);
            assert.ok(children.every((r) => r.urn.includes("::wso2:index:Deployment$")), "every child is parented to the component");
        });

        it("returns the plan the core makes for the same spec, and its exposure table", () => {
            assert.deepEqual(result.state.plan, copy(expected));
            assert.deepEqual(result.state.exposure, copy(exposureMap(expected)));
            assert.deepEqual(Object.keys(result.state.ports).sort(), ["is-1", "is-2", "mi-1"]);
        });

        it("builds one Docker provider per daemon URL and runs each container on its host's daemon", () => {
            const providers = ofType(result, DOCKER_PROVIDER);
            assert.deepEqual(providers.map((p) => [p.name, p.inputs.host]).sort(),
                [["wso2-host-a", "ssh://wso2@10.0.0.11"], ["wso2-host-b", "ssh://wso2@10.0.0.12"]]);
            const containers = ofType(result, CONTAINER);
            assert.equal(containers.length, expected.instances.length);
            for (const instance of expected.instances) {
                const container = containers.find((c) => c.name.endsWith(instance.name));
                assert.ok(container, `a container for ${instance.name}`);
                assert.equal(providerName(container), `wso2-${instance.host}`, instance.name);
            }
        });

        it("returns every instance's deployment.toml, the WKA members at their hosts' addresses", () => {
            const tomls = result.state.deploymentTomls;
            assert.deepEqual(Object.keys(tomls).sort(), ["is-1", "is-2", "mi-1"]);
            const is1 = reveal(tomls["is-1"]) as string;
            assert.match(is1, /10\.0\.0\.11:4000/);
            assert.match(is1, /10\.0\.0\.12:4000/);
        });
    });

    it("reports every spec problem at once as InputPropertiesError, each with its property path, and registers nothing", async () => {
        const bad = copy(SPEC);
        bad.products[0].product = "identity-servr";
        (bad.products[1].instances![0] as { host: string }).host = "host-c";
        const failure = await host.constructFailure(DEPLOYMENT_TYPE, "wso2-bad", bad);
        assert.equal(failure.code, grpc.status.INVALID_ARGUMENT);
        assert.deepEqual(failure.propertyErrors.map((e) => e.propertyPath).sort(), ["products[0].product", "products[1].instances[0].host"]);
        assert.match(failure.propertyErrors.find((e) => e.propertyPath === "products[0].product")!.reason, /identity-servr/);
        assert.match(failure.propertyErrors.find((e) => e.propertyPath === "products[1].instances[0].host")!.reason, /host-c/);
        assert.deepEqual(failure.registrations, []);
    });

    describe("preview with Outputs not known yet (resources created in the same update)", () => {
        it("a daemon URL: that host's Docker provider gets an unknown host; every container and every instance's ports are there", async () => {
            const spec = copy(SPEC) as any;
            spec.docker.daemons["host-b"] = outputValue();
            const result = await host.construct(DEPLOYMENT_TYPE, "wso2-daemon", spec, { dryRun: true, dependencies: { docker: [VM] } });
            const providers = Object.fromEntries(ofType(result, DOCKER_PROVIDER).map((p) => [p.name, p.inputs.host]));
            assert.equal(providers["wso2-daemon-host-a"], "ssh://wso2@10.0.0.11");
            assert.ok(isUnknown(providers["wso2-daemon-host-b"]), JSON.stringify(providers));
            assert.equal(ofType(result, CONTAINER).length, 3);
            assert.deepEqual(result.state.ports, copy(planSpec(copy(SPEC) as unknown as DeploymentSpec).plan.instances
                .reduce((ports, i) => ({ ...ports, [i.name]: i.ports }), {} as Record<string, unknown>)));
        });

        it("a host address: every container is registered and the ports are known; what holds the address is unknown", async () => {
            const spec = copy(SPEC) as any;
            spec.hosts[1].address = outputValue();
            const result = await host.construct(DEPLOYMENT_TYPE, "wso2-address", spec, { dryRun: true, dependencies: { hosts: [VM] } });
            assert.equal(ofType(result, CONTAINER).length, 3);
            assert.deepEqual(Object.keys(result.state.ports).sort(), ["is-1", "is-2", "mi-1"]);
            assert.ok(isUnknown(result.state.plan), "the plan holds host-b's address");
        });
    });

    it("keeps a secret input secret: the container's environment holds it only as a secret", async () => {
        const spec = copy(SPEC) as any;
        spec.secrets = { ADMIN_PASSWORD: outputValue("example-only-Secr3t", true) };
        const result = await host.construct(DEPLOYMENT_TYPE, "wso2-env", spec);
        const containers = ofType(result, CONTAINER);
        assert.equal(containers.length, 3);
        for (const c of containers) {
            const envs = c.inputs.envs;
            assert.ok(isSecret(envs) || envs?.[specialSigKey] === specialOutputValueSig && envs.secret, `${c.name} envs are secret: ${JSON.stringify(envs)}`);
        }
        const plaintext = (value: any): boolean => {
            if (isSecret(value) || (value?.[specialSigKey] === specialOutputValueSig && value.secret)) return false;
            if (typeof value === "string") return value.includes("example-only-Secr3t");
            return typeof value === "object" && value !== null && Object.values(value).some(plaintext);
        };
        assert.ok(!result.registrations.some((r) => plaintext(r.inputs)), "the password appears in no registered input outside a secret");
        assert.ok(!plaintext(result.state), "nor in the component's outputs");
    });

    it("keeps a config that holds a password secret: in the component's outputs and in the container's upload", async () => {
        const spec = copy(SPEC);
        (spec.products[0] as Record<string, unknown>).config = { super_admin: { password: "example-only-Passw0rd" } };
        const result = await host.construct(DEPLOYMENT_TYPE, "wso2-secret", spec);
        const tomls = result.state.deploymentTomls;
        assert.ok(isSecret(tomls["is-1"]) && isSecret(tomls["is-2"]), "IS configs are secret outputs");
        assert.match(tomls["is-1"].value, /example-only-Passw0rd/);
        // Secret exactly where the renderer, in this process, finds secret keys.
        const planned = planSpec(copy(spec) as unknown as DeploymentSpec);
        const upload = (name: string) => ofType(result, CONTAINER).find((c) => c.name.endsWith(name))!.inputs.uploads[0].content;
        for (const config of renderConfigs(planned.spec, planned.plan)) {
            const secret = config.secretPaths.length > 0;
            assert.equal(isSecret(tomls[config.instance]), secret, `${config.instance} output`);
            assert.equal(isSecret(upload(config.instance)), secret, `${config.instance} upload`);
        }
    });
});
