/**
 * CIDR coverage, so a diff can tell a real widening (10.0.0.0/8 → 0.0.0.0/0) from a
 * rewrite that reaches nobody new (0.0.0.0/0 → 10.0.0.0/8 is narrowing, not a swap).
 */
import { BlockList, isIP } from "node:net";

interface Cidr {
    address: string;
    prefix: number;
    family: "ipv4" | "ipv6";
}

/** Parses "a.b.c.d/n", "x::y/n" or a bare address (a single host); anything else is not a CIDR. */
export function parseCidr(text: string): Cidr | undefined {
    const [address, prefixText, ...rest] = text.split("/");
    const version = isIP(address);
    if (version === 0 || rest.length > 0) return undefined;
    const bits = version === 4 ? 32 : 128;
    const prefix = prefixText === undefined ? bits : Number(prefixText);
    if (!/^\d*$/.test(prefixText ?? "") || prefix > bits) return undefined;
    return { address, prefix, family: version === 4 ? "ipv4" : "ipv6" };
}

/**
 * Whether every address of `inner` is inside `outer`. CIDR blocks are aligned, so that holds
 * exactly when `outer` is no longer than `inner` and contains any one address of `inner`.
 * Sources that are not CIDRs (e.g. "members of is") cover only themselves.
 */
export function covers(outer: string, inner: string): boolean {
    if (outer === inner) return true;
    const o = parseCidr(outer);
    const i = parseCidr(inner);
    if (!o || !i || o.family !== i.family || o.prefix > i.prefix) return false;
    const block = new BlockList();
    block.addSubnet(o.address, o.prefix, o.family);
    return block.check(i.address, i.family);
}

/** The sources of `to` that no source of `from` already reaches. */
export function uncovered(to: readonly string[], from: readonly string[]): string[] {
    return to.filter((t) => !from.some((f) => covers(f, t)));
}
