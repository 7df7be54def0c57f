/**
 * The firewall hooks: how provider-neutral rules become the user's own cloud resources
 * without a cloud SDK in this package. Per rule (one security-group rule each), or per host
 * (one security group with all of a host's rules inline, or one Hetzner/GCP firewall): a
 * default AWS security group holds 60 rules, and one host of a modest deployment needs 26,
 * so a rule-per-resource mapping is not always what a cloud wants.
 */
import * as pulumi from "@pulumi/pulumi";
import { FirewallRule } from "../firewall/types";
import { PlannedInstance } from "../plan/types";

/** What a hook returns: any number of resources, or nothing (it may also just collect). */
export type FirewallHookResult = pulumi.Resource | pulumi.Resource[] | void | undefined;

/** Called once per rule, sorted as `firewallRules` lists them. */
export type FirewallHook = (rule: FirewallRule, opts: pulumi.CustomResourceOptions) => FirewallHookResult;

/** One host's rules, for a hook that makes one firewall (or security group) per host. */
export interface HostFirewall {
    /** The spec's host name. */
    host: string;
    /** The host's `address`, as the rules' cluster sources name it. */
    address: string;
    /** Every rule whose destination is this host, sorted as `firewallRules` lists them; never empty. */
    rules: FirewallRule[];
}

/** Called once per host that has at least one rule, in host-name order. */
export type FirewallPerHostHook = (host: HostFirewall, opts: pulumi.CustomResourceOptions) => FirewallHookResult;

export interface FirewallHooks {
    firewall?: FirewallHook;
    firewallPerHost?: FirewallPerHostHook;
}

/** Each host's rules, hosts in name order, rules in their given order. */
export function rulesByHost(rules: FirewallRule[], instances: Pick<PlannedInstance, "host" | "address">[]): HostFirewall[] {
    const addresses = new Map(instances.map((i) => [i.host, i.address]));
    const byHost = new Map<string, FirewallRule[]>();
    for (const rule of rules) byHost.set(rule.host, [...(byHost.get(rule.host) ?? []), rule]);
    return [...byHost.keys()].sort().map((host) => ({ host, address: addresses.get(host) ?? "", rules: byHost.get(host)! }));
}

function collect(result: FirewallHookResult, into: pulumi.Resource[], hook: string): void {
    if (result === undefined || result === null) return;
    const list = Array.isArray(result) ? result : [result];
    for (const r of list) {
        if (!pulumi.Resource.isInstance(r)) throw new Error(`the ${hook} hook returned ${JSON.stringify(r)}; return Pulumi resources, an array of them, or nothing`);
        into.push(r);
    }
}

/** Runs both hooks (either may be absent) with `{ parent }` and returns every resource they made. */
export function runFirewallHooks(hooks: FirewallHooks, rules: FirewallRule[], instances: Pick<PlannedInstance, "host" | "address">[], parent: pulumi.Resource): pulumi.Resource[] {
    const made: pulumi.Resource[] = [];
    if (hooks.firewall) for (const rule of rules) collect(hooks.firewall(rule, { parent }), made, "firewall");
    if (hooks.firewallPerHost) for (const host of rulesByHost(rules, instances)) collect(hooks.firewallPerHost(host, { parent }), made, "firewallPerHost");
    return made;
}
