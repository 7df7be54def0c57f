import * as pulumi from "@pulumi/pulumi";
import { ExposureEntry, exposureMap } from "../diff/exposure";
import { FirewallRule } from "../firewall/types";
import { Plan, PlannedInstance, PlannedPort } from "../plan/types";
import { RenderedConfig } from "../render/types";
import { DeploymentSpec } from "../spec/types";
import { DockerProviders } from "../targets/docker";
import { targetOf, TargetEnvironment } from "../targets";
import { prepareDeployment, PreparedDeployment, targetEnvironment } from "./prepare";
import { FirewallHook, FirewallPerHostHook, runFirewallHooks } from "./firewall-hooks";
import { DeploymentArgs } from "./args";
import { secretEnvironment } from "./secrets";
import { withoutPromiseStackTraces } from "./stack-traces";

export const DEPLOYMENT_TYPE = "wso2:index:Deployment";

export type { FirewallHook, FirewallHookResult, FirewallPerHostHook, HostFirewall } from "./firewall-hooks";

/**
 * The component's args are the spec itself (docs/spec-shape.md): plain values, since
 * offsets, ports and member lists must be known while the program runs, before any
 * resource exists.
 */
export type { DeploymentArgs } from "./args";

/** TypeScript-only options: the schema (and other languages) never see them. */
export interface DeploymentResourceOptions extends pulumi.ComponentResourceOptions {
    /** Called once per firewall rule with `{ parent }`; lets rules become cloud resources without a cloud SDK here. */
    firewall?: FirewallHook;
    /** Called once per host with all of its rules: one security group or inline-rule firewall per host. */
    firewallPerHost?: FirewallPerHostHook;
    /** A Docker provider per host name, for a daemon `docker.daemons` cannot describe by URL; hosts left out use the default provider. */
    dockerProviders?: DockerProviders;
}

const compareBy = <T>(key: (t: T) => string) => (a: T, b: T) => key(a).localeCompare(key(b));

function portsByInstance(plan: Plan): Record<string, PlannedPort[]> {
    const sorted = [...plan.instances].sort(compareBy<PlannedInstance>((i) => i.name));
    return Object.fromEntries(sorted.map((i) => [i.name, i.ports]));
}

/** A config that holds passwords stays secret in state and in `pulumi stack output`. */
function configOutputs(configs: RenderedConfig[]): Record<string, pulumi.Output<string>> {
    const sorted = [...configs].sort(compareBy<RenderedConfig>((c) => c.instance));
    return Object.fromEntries(sorted.map((c) => [c.instance, c.secretPaths.length > 0 ? pulumi.secret(c.text) : pulumi.output(c.text)]));
}

/**
 * WSO2 servers side by side without port clashes: plans offsets, renders each
 * deployment.toml, and registers the target's resources with exactly the planned ports.
 */
export class Deployment extends pulumi.ComponentResource {
    /** The port plan (the JSON of `wso2-ports plan --json`); pass it back as `previousPlan`. */
    public readonly plan: pulumi.Output<Plan>;
    /** Per instance, its planned ports with their exposure class, sorted. */
    public readonly ports: pulumi.Output<Record<string, PlannedPort[]>>;
    /** Per instance, its rendered deployment.toml (deployment.yaml for SI); secret where it holds passwords. */
    public readonly deploymentTomls: Record<string, pulumi.Output<string>>;
    /** What the firewall hooks returned, in call order. */
    public readonly firewallResources: pulumi.Resource[];
    /** The provider-neutral firewall rules, sorted. */
    public readonly firewallRules: pulumi.Output<FirewallRule[]>;
    /**
     * Who can reach which port, keyed `host/instance/port/protocol`: export it, and
     * `pulumi preview --diff` shows an opened port as one added key, a widened CIDR list as
     * changed keys of just those ports.
     */
    public readonly exposure: pulumi.Output<Record<string, ExposureEntry>>;

    constructor(name: string, args: DeploymentArgs, opts: DeploymentResourceOptions = {}) {
        // Validate before super(): super() already registers the component with the engine,
        // so a bad spec would leave a half-registered component behind. Planning first means
        // a bad spec registers nothing at all and fails with the planner's messages.
        const { firewall, firewallPerHost, dockerProviders, ...pulumiOpts } = opts;
        const env = targetEnvironment(args, dockerProviders);
        const prepared = prepareDeployment(args, env);
        super(DEPLOYMENT_TYPE, name, {}, pulumiOpts);
        withoutPromiseStackTraces(() => this.registerTarget(name, prepared, env, args.secrets));
        this.firewallResources = runFirewallHooks({ firewall, firewallPerHost }, prepared.rules, prepared.plan.instances, this);
        this.plan = pulumi.output(prepared.plan) as pulumi.Output<Plan>;
        this.ports = pulumi.output(portsByInstance(prepared.plan)) as pulumi.Output<Record<string, PlannedPort[]>>;
        this.deploymentTomls = configOutputs(prepared.configs);
        this.firewallRules = pulumi.output(prepared.rules) as pulumi.Output<FirewallRule[]>;
        this.exposure = pulumi.output(exposureMap(prepared.plan)) as pulumi.Output<Record<string, ExposureEntry>>;
        // State keeps the plan, the configs and the exposure table (what preview diffs); ports
        // and firewallRules are views of the plan and would store it twice over.
        this.registerOutputs({ plan: this.plan, deploymentTomls: this.deploymentTomls, exposure: this.exposure });
    }

    private registerTarget(name: string, prepared: PreparedDeployment, env: TargetEnvironment, secrets: DeploymentArgs["secrets"]): void {
        const secretEnv = secretEnvironment(secrets);
        const secretNames = secretEnv ? Object.keys(secrets!).sort() : undefined;
        const ctx = { name, parent: this, spec: prepared.spec, plan: prepared.plan, configs: prepared.configs, secretEnv, secretNames };
        // The Kubernetes provider comes through opts.providers: children inherit it from this parent.
        targetOf(prepared.target).register(ctx, prepared.targetArgs, env);
    }
}
