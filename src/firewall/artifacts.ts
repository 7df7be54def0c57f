/**
 * `render` output for the firewall: `<host>/firewall.nft` for every host. No secrets in it,
 * so it is world-readable like any other config file.
 */
import { Artifact, ArtifactProducer } from "../output/artifacts";
import { ResolvedSpec } from "../spec/normalize";
import { bridgeInterfaceName, DEFAULT_DEPLOYMENT_NAME, networkName } from "../targets/docker/names";
import { Plan } from "../plan/types";
import { parseHostAddress } from "../net/address";
import { nftTableFor, renderAllNftables } from "./nftables";
import { FirewallOptions } from "./types";

/** Firewall options a spec implies: the multicast groups its groups' configs set. */
export function firewallOptionsFromSpec(spec: ResolvedSpec): FirewallOptions {
    const multicastGroups: Record<string, string> = {};
    for (const group of spec.groups) if (group.multicastGroup) multicastGroups[group.name] = group.multicastGroup;
    return { multicastGroups };
}

/**
 * What the nftables rulesets of one deployment (the Pulumi component's name) need beyond
 * the spec: its Docker bridges, which same-host members dial cluster ports from, and its table.
 */
export function nftablesOptions(spec: ResolvedSpec, plan: Plan, deployment = DEFAULT_DEPLOYMENT_NAME): FirewallOptions {
    const dockerBridges = Object.fromEntries(plan.hosts.map((h) => [h.name, bridgeInterfaceName(networkName(deployment, h.name))]));
    return { ...firewallOptionsFromSpec(spec), dockerBridges, nftTable: nftTableFor(deployment) };
}

/** Where a host's ruleset goes in render's output directory. */
export const firewallPath = (host: string) => `${host}/firewall.nft`;

export const firewallArtifacts: ArtifactProducer = ({ spec, plan, deployment }): Artifact[] => {
    const options = nftablesOptions(spec, plan, deployment);
    return renderAllNftables(plan, options).map(({ host, ruleset }) => ({ path: firewallPath(host), content: ruleset, mode: 0o644 }));
};

/**
 * Whether the rulesets could refuse a plan made from a spec. Only a DNS name among a rule's
 * sources can (nftables matches IP addresses), and sources are host addresses or the spec's
 * CIDRs; the planned ports, the multicast groups and the bridge names are valid by the time
 * there is a plan. `plan`, which writes no rulesets, renders them only when they could fail.
 */
export function rulesetsCouldRefuse(plan: Plan): boolean {
    return plan.hosts.some((h) => {
        try {
            return parseHostAddress(h.address).kind !== "ip";
        } catch {
            return true; // not an address: the rulesets say so, in their words
        }
    });
}
