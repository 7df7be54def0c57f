/**
 * `render` output for the firewall: `<host>/firewall.nft` for every host. No secrets in it,
 * so it is world-readable like any other config file.
 */
import { parse as parseToml } from "smol-toml";
import { Artifact, ArtifactProducer } from "../output/artifacts";
import { ResolvedSpec, UserConfig } from "../spec/normalize";
import { bridgeInterfaceName, DEFAULT_DEPLOYMENT_NAME, networkName } from "../targets/docker/names";
import { Plan } from "../plan/types";
import { nftTableFor, renderAllNftables } from "./nftables";
import { FirewallOptions } from "./types";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function configObject(config: UserConfig["value"] | undefined): Record<string, unknown> | undefined {
    if (isObject(config)) return config;
    if (typeof config !== "string") return undefined;
    try {
        return parseToml(config) as Record<string, unknown>;
    } catch {
        return undefined; // The config renderer reports bad TOML; here it just sets no group.
    }
}

/** A group's `[clustering.properties] mcastAddress`: axis2.xml.j2 passes it to Hazelcast as the group. */
function configuredMulticastGroup(config: UserConfig["value"] | undefined): string | undefined {
    const clustering = configObject(config)?.clustering;
    const properties = isObject(clustering) ? clustering.properties : undefined;
    const address = isObject(properties) ? properties.mcastAddress : undefined;
    return typeof address === "string" ? address : undefined;
}

/** Firewall options a spec implies: the multicast groups its groups' configs set. */
export function firewallOptionsFromSpec(spec: ResolvedSpec): FirewallOptions {
    const multicastGroups: Record<string, string> = {};
    for (const group of spec.groups) {
        const address = configuredMulticastGroup(group.config?.value);
        if (address) multicastGroups[group.name] = address;
    }
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

export const firewallArtifacts: ArtifactProducer = ({ spec, plan, deployment }): Artifact[] => {
    const options = nftablesOptions(spec, plan, deployment);
    return renderAllNftables(plan, options).map(({ host, ruleset }) => ({ path: `${host}/firewall.nft`, content: ruleset, mode: 0o644 }));
};
