/**
 * `[clustering.properties] mcastAddress` in a group's (or an instance's) deployment.toml
 * settings: axis2.xml.j2 hands it to Hazelcast as the multicast group, and the firewall opens
 * the multicast port for packets sent to it. It reaches nftables, so it is parsed here, once,
 * as a multicast group address; anything else is a spec problem.
 */
import { AddressError, parseMulticastGroup } from "../net/address";
import { ProblemList } from "./errors";
import { isObject } from "../util/is-object";

const KEY_PATH = "clustering.properties.mcastAddress";

/** The TOML parser, loaded for a config given as TOML text (a JSON spec's plan needs none). */
const tomlParser = () => require("smol-toml") as typeof import("smol-toml");

function configObject(config: unknown): Record<string, unknown> | undefined {
    if (isObject(config)) return config;
    if (typeof config !== "string") return undefined;
    try {
        return tomlParser().parse(config) as Record<string, unknown>;
    } catch {
        return undefined; // The config renderer reports bad TOML; here there is simply no group.
    }
}

function rawMulticastGroup(config: unknown): { present: boolean; value?: unknown } {
    const clustering = configObject(config)?.clustering;
    const properties = isObject(clustering) ? clustering.properties : undefined;
    return isObject(properties) && "mcastAddress" in properties ? { present: true, value: properties.mcastAddress } : { present: false };
}

/** Where a config's mcastAddress is: inside an object config by key path; in TOML text, the text's field. */
export function multicastPath(config: { value: unknown; path: string }): string {
    return typeof config.value === "string" ? config.path : `${config.path}.${KEY_PATH}`;
}

/** The canonical group address a config (`config` or `configToml`) sets, if any; a bad one is a problem at its path. */
export function configuredMulticastGroup(config: { value: unknown; path: string } | undefined, problems: ProblemList, instance?: string): string | undefined {
    if (!config) return undefined;
    const raw = rawMulticastGroup(config.value);
    if (!raw.present) return undefined;
    try {
        return parseMulticastGroup(raw.value).text;
    } catch (e) {
        if (!(e instanceof AddressError)) throw e;
        problems.add(multicastPath(config), `[clustering.properties] mcastAddress ${e.message}`, instance);
        return undefined;
    }
}
