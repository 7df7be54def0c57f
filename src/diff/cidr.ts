/**
 * CIDR coverage, so a diff can tell a real widening (10.0.0.0/8 → 0.0.0.0/0) from a
 * rewrite that reaches nobody new (0.0.0.0/0 → 10.0.0.0/8 is narrowing, not a swap).
 * CIDRs are read by net/address, the same parser the firewall uses, so the diff and nft
 * never disagree about what a source means (`/016` is an error for both, not /16 to one
 * and /14 to the other).
 */
import { AddressError, cidrCovers, ParsedCidr, parseCidr as parseStrictCidr } from "../net/address";

/** "a.b.c.d/n", "x::y/n" or a bare address (a single host); anything else (e.g. "members of is") is not a CIDR. */
export function parseCidr(text: string): ParsedCidr | undefined {
    try {
        return parseStrictCidr(text);
    } catch (e) {
        if (e instanceof AddressError) return undefined;
        throw e;
    }
}

/**
 * Whether every address of `inner` is inside `outer`. Sources that are not CIDRs (e.g.
 * "members of is") cover only themselves.
 */
export function covers(outer: string, inner: string): boolean {
    if (outer === inner) return true;
    const o = parseCidr(outer);
    const i = parseCidr(inner);
    return o !== undefined && i !== undefined && cidrCovers(o, i);
}

/** The sources of `to` that no source of `from` already reaches. */
export function uncovered(to: readonly string[], from: readonly string[]): string[] {
    return to.filter((t) => !from.some((f) => covers(f, t)));
}
