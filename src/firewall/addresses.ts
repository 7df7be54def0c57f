/**
 * Sources as firewalls need them: CIDRs with a prefix, split by address family, and DNS
 * names kept apart because no packet filter can match a name reliably.
 */
import { isIP } from "node:net";

export type AddressFamily = "ipv4" | "ipv6" | "name";

/** The family of an address, a CIDR or a DNS name. */
export function familyOf(source: string): AddressFamily {
    const version = isIP(source.split("/")[0]);
    return version === 4 ? "ipv4" : version === 6 ? "ipv6" : "name";
}

/** A single host as a CIDR (`/32`, `/128`); a DNS name is returned as given. */
export function hostCidr(address: string): string {
    const family = familyOf(address);
    if (family === "name" || address.includes("/")) return address;
    return `${address}/${family === "ipv4" ? 32 : 128}`;
}

/** Sorted, without duplicates, so rules and rendered rulesets are stable. */
export function uniqueSorted(values: Iterable<string>): string[] {
    return [...new Set(values)].sort();
}

export interface SourcesByFamily {
    ipv4: string[];
    ipv6: string[];
    names: string[];
}

export function splitByFamily(sources: readonly string[]): SourcesByFamily {
    const out: SourcesByFamily = { ipv4: [], ipv6: [], names: [] };
    for (const s of sources) {
        const family = familyOf(s);
        if (family === "name") out.names.push(s);
        else out[family].push(s);
    }
    return out;
}
