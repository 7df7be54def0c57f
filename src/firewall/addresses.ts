/**
 * Sources as firewalls need them: parsed CIDRs split by address family, and DNS names kept
 * apart, because no packet filter can match a name reliably. Every source is parsed with
 * net/address; text that is neither a CIDR nor a DNS name is an error, never passed on.
 */
import { AddressError, hostCidr, ParsedCidr, parseCidr, parseDnsName, parseHostAddress } from "../net/address";
import { memoizeByText } from "../util/memo";

/**
 * A host's address as a rule source: its /32 or /128, or a DNS name as is (a cloud hook may
 * resolve it). Remembered: the same few addresses are asked for once per rule.
 */
export const hostSource = memoizeByText((address: string): string => {
    const parsed = parseHostAddress(address);
    return parsed.kind === "ip" ? hostCidr(parsed).text : parsed.text;
});

/** `hostSource`, or undefined for text that is not an address (for a caller that reports it later, in its own order). */
export const hostSourceIfAddress = (address: string): string | undefined => parseOr(hostSource, address);

/** Exposure CIDRs in canonical text (a bare address as its /32 or /128). */
export function cidrSource(cidr: string): string {
    return parseCidr(cidr).text;
}

/** Sorted, without duplicates, so rules and rendered rulesets are stable. */
export function uniqueSorted(values: Iterable<string>): string[] {
    return [...new Set(values)].sort();
}

function parseOr<T>(parse: (text: string) => T, text: string): T | undefined {
    try {
        return parse(text);
    } catch (e) {
        if (e instanceof AddressError) return undefined;
        throw e;
    }
}

export interface SourcesByFamily {
    ipv4: ParsedCidr[];
    ipv6: ParsedCidr[];
    names: string[];
}

/** Parses every source; throws AddressError for one that is neither a CIDR nor a DNS name. */
export function splitByFamily(sources: readonly string[]): SourcesByFamily {
    const out: SourcesByFamily = { ipv4: [], ipv6: [], names: [] };
    for (const s of sources) {
        const cidr = parseOr(parseCidr, s);
        const name = cidr ? undefined : parseOr(parseDnsName, s);
        if (cidr) out[cidr.family].push(cidr);
        else if (name) out.names.push(name.text);
        else parseCidr(s); // neither: throw the CIDR's error, which says what is wrong
    }
    return out;
}
