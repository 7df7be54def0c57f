import * as pulumi from "@pulumi/pulumi";
import { ExposureEntry, exposureMap } from "../diff/exposure";
import { FirewallRule } from "../firewall/types";
import { Plan, PlanData, PlannedInstance, PlannedPort } from "../plan/types";
import { RenderedConfig } from "../render/types";
import { DeploymentSpec } from "../spec/types";
import { DockerProviders } from "../targets/docker";
import { targetOf, TargetEnvironment } from "../targets";
import { prepareDeployment, PreparedDeployment, targetEnvironment } from "./prepare";
import { FirewallHook, FirewallPerHostHook, runFirewallHooks } from "./firewall-hooks";
import { DeploymentArgs } from "./args";
import { placeholderTransformation, resolvedSubstitutions, substitute, Substitution, withPlaceholders } from "./inputs";
import { secretEnvironment } from "./secrets";
import { withoutPromiseStackTraces } from "./stack-traces";

export const DEPLOYMENT_TYPE = "wso2:index:Deployment";

export type { FirewallHook, FirewallHookResult, FirewallPerHostHook, HostFirewall } from "./firewall-hooks";

/**
 * The component's args are the spec itself (docs/spec-shape.md): plain values, since
 * offsets, ports and member lists must be known while the program runs, before any
 * resource exists.
 */
export type { DeploymentArgs, DockerArgs, ExposureArgs, GroupArgs, HostArgs } from "./args";

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

/** A value of the plan as an Output, with the resolved Inputs put in where it holds placeholders. */
type Flow = <T>(value: T) => pulumi.Output<T>;

function flowOf(resolved: pulumi.Output<Substitution[]> | undefined): Flow {
    return <T>(value: T) => (resolved ? resolved.apply((pairs) => substitute(value, pairs)) : pulumi.output(value)) as pulumi.Output<T>;
}

/** A config that holds passwords stays secret in state and in `pulumi stack output`. */
function configOutputs(configs: RenderedConfig[], flow: Flow): Record<string, pulumi.Output<string>> {
    const sorted = [...configs].sort(compareBy<RenderedConfig>((c) => c.instance));
    return Object.fromEntries(sorted.map((c) => [c.instance, c.secretPaths.length > 0 ? pulumi.secret(flow(c.text)) : flow(c.text)]));
}

/** Each component's firewall hook resources, behind the `firewallResources` getter. */
const hookResources = new WeakMap<object, pulumi.Resource[]>();

/**
 * WSO2 servers side by side without port clashes: plans offsets, renders each
 * deployment.toml, and registers the target's resources with exactly the planned ports.
 */
export class Deployment extends pulumi.ComponentResource {
    /**
     * The port plan (the JSON of `wso2-ports plan --json`, a `Plan`); pass it back as `previousPlan`.
     * Typed as JSON data because Pulumi's schema, which other languages see, has no null.
     */
    public readonly plan: pulumi.Output<PlanData>;
    /** Per instance, its planned ports with their exposure class, sorted. */
    public readonly ports: pulumi.Output<Record<string, PlannedPort[]>>;
    /** Per instance, its rendered deployment.toml (deployment.yaml for SI); secret where it holds passwords. */
    public readonly deploymentTomls: Record<string, pulumi.Output<string>>;
    /** `plan` typed as a `Plan`, for TypeScript programs (a getter, so the schema does not see it twice). */
    public get typedPlan(): pulumi.Output<Plan> {
        return this.plan as pulumi.Output<Plan>;
    }
    /**
     * What the firewall hooks returned, in call order. A getter, not a property: the hooks
     * are TypeScript-only options, and Pulumi's schema inference would make every property
     * an output for other languages.
     */
    public get firewallResources(): pulumi.Resource[] {
        return hookResources.get(this) ?? [];
    }
    /** The provider-neutral firewall rules, sorted. */
    public readonly firewallRules: pulumi.Output<FirewallRule[]>;
    /**
     * Who can reach which port, keyed `host/instance/port/protocol`: export it, and
     * `pulumi preview --diff` shows an opened port as one added key, a widened CIDR list as
     * changed keys of just those ports.
     */
    public readonly exposure: pulumi.Output<Record<string, ExposureEntry>>;
    /** Which group uses which as its control plane, traffic manager, key manager or service catalog, and whether the spec named it. */
    // Free-form, like `plan`: Pulumi's schema inference takes no string-literal union (the role).
    public readonly links: pulumi.Output<PlanData[]>;

    constructor(name: string, args: DeploymentArgs, opts: DeploymentResourceOptions = {}) {
        // Validate before super(): super() already registers the component with the engine,
        // so a bad spec would leave a half-registered component behind. Planning first means
        // a bad spec registers nothing at all and fails with the planner's messages.
        const { firewall, firewallPerHost, dockerProviders, ...pulumiOpts } = opts;
        // Inputs that only flow (addresses, CIDRs, images, daemons) stand in as placeholders: see inputs.ts.
        const { spec, pending } = withPlaceholders(args);
        const env = targetEnvironment(spec, dockerProviders);
        const prepared = prepareDeployment({ ...spec, secrets: args.secrets }, env);
        // Planned again with the real values once they resolve: what the spec cannot take fails as a plain value would.
        const resolved = pending.length > 0 ? resolvedSubstitutions(pending, (pairs) => prepareDeployment({ ...substitute(spec, pairs), secrets: args.secrets }, env)) : undefined;
        const transformations = resolved ? [...(pulumiOpts.transformations ?? []), placeholderTransformation(resolved, pending)] : pulumiOpts.transformations;
        super(DEPLOYMENT_TYPE, name, {}, { ...pulumiOpts, transformations });
        withoutPromiseStackTraces(() => this.registerTarget(name, prepared, env, args.secrets));
        hookResources.set(this, runFirewallHooks({ firewall, firewallPerHost }, prepared.rules, prepared.plan.instances, this));
        const flow = flowOf(resolved);
        this.plan = flow(prepared.plan) as pulumi.Output<PlanData>;
        // Ports never depend on an Input: known even in a preview with unknown addresses.
        this.ports = pulumi.output(portsByInstance(prepared.plan)) as pulumi.Output<Record<string, PlannedPort[]>>;
        this.deploymentTomls = configOutputs(prepared.configs, flow);
        this.firewallRules = flow(prepared.rules);
        this.exposure = flow(exposureMap(prepared.plan));
        // State keeps the plan, the configs and the exposure table (what preview diffs); ports
        // and firewallRules are views of the plan and would store it twice over.
        // Links never depend on an Input; a view of the plan, kept out of state like ports.
        this.links = pulumi.output(prepared.plan.links ?? []) as pulumi.Output<PlanData[]>;
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
