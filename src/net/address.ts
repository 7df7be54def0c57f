/**
 * The one parser for addresses and CIDRs. Everything that ends up in an nftables ruleset, a
 * firewall rule, a deployment.toml or a manifest passes through here first, and is written out
 * from the parsed value (its canonical text), never as the user typed it.
 *
 * Strict on purpose, because the consumers disagree about the loose spellings:
 *   - IPv4 is four decimal parts with no leading zeros: `010.0.0.1` is 8.0.0.1 to inet_aton and
 *     to nft, 10.0.0.1 to a reader; `10.1` and `0x0a.0.0.1` are rejected too.
 *   - a prefix has no leading zero: nft reads `/016` as octal (/14), so `10.1.0.0/016` would be
 *     a wider rule than the one reviewed.
 *   - a CIDR has no host bits: `10.0.0.1/8` means 10.0.0.0/8 to nft; the error names that network.
 *   - no zone ids (`fe80::1%eth0`): a rule or a config cannot carry them.
 *   - IPv6 is written in hex groups only: ipaddr.js reads `::1.2.3.4` as `::ffff:1.2.3.4`.
 * A host address may also be a DNS name (RFC 1123 labels). A name whose last label is all
 * digits is not a name (RFC 3696 section 2), so a malformed IPv4 such as `999.0.0.1` is an
 * error rather than a DNS name. No Pulumi import: the core and the schema share this module.
 */
import * as ipaddr from "ipaddr.js";
import { memoizeByText } from "../util/memo";

export type IpFamily = "ipv4" | "ipv6";

export interface ParsedAddress {
    readonly kind: "ip";
    readonly family: IpFamily;
    /** Canonical text: dotted decimal, or RFC 5952 lower-case compressed IPv6. */
    readonly text: string;
}

export interface ParsedDnsName {
    readonly kind: "dns";
    /** Lower-cased; DNS names are case-insensitive. */
    readonly text: string;
}

/** What a host's `address` may be. */
export type ParsedHostAddress = ParsedAddress | ParsedDnsName;

export interface ParsedCidr {
    readonly family: IpFamily;
    /** The network address, canonical. */
    readonly network: string;
    readonly prefix: number;
    /** Canonical `network/prefix`; a bare address becomes its /32 or /128. */
    readonly text: string;
}

/** Why a value is not an address or CIDR, with the fix; `message` is one line. */
export class AddressError extends Error {
    constructor(readonly value: unknown, readonly reason: string, readonly fix?: string) {
        super(`${quote(value)} ${reason}${fix ? `; ${fix}` : ""}`);
        this.name = "AddressError";
    }
}

const MAX_ADDRESS_TEXT = 45; // the longest IPv6 text form
const MAX_DNS_NAME = 253;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const PREFIX = /^(0|[1-9][0-9]{0,2})$/;
const MAX_QUOTED = 60;

/** A hostile value quoted for an error message: JSON escapes control characters, and it is cut short. */
export function quote(value: unknown): string {
    const text = typeof value === "string" ? value : String(value);
    const shown = text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}...` : text;
    return typeof value === "string" ? JSON.stringify(shown) : `${shown} (a ${value === null ? "null" : typeof value}, not a string)`;
}

function requireString(value: unknown, what: string, max: number): string {
    if (typeof value !== "string") throw new AddressError(value, `is not ${what}`, "write it as a string");
    if (value.length === 0) throw new AddressError(value, `is empty; give ${what}`);
    if (value.length > max) throw new AddressError(value, `is too long for ${what} (${value.length} characters, at most ${max})`);
    return value;
}

function parseIpv6(text: string): ipaddr.IPv6 {
    if (text.includes("%")) {
        throw new AddressError(text, "carries a zone id", `drop "${text.slice(text.indexOf("%"))}": rules and configs cannot hold a zone`);
    }
    if (text.includes(".")) {
        throw new AddressError(text, "embeds an IPv4 address in dotted form", "write the IPv6 address in hex groups (e.g. ::ffff:a00:1), or give the IPv4 address itself");
    }
    if (!ipaddr.IPv6.isValid(text)) throw new AddressError(text, "is not a valid IPv6 address");
    return ipaddr.IPv6.parse(text);
}

function ipv4Problem(text: string): AddressError {
    return new AddressError(text, "is not a valid IPv4 address", "write four decimal parts from 0 to 255 without leading zeros, e.g. 10.0.0.1");
}

function parseIpv4(text: string): ipaddr.IPv4 {
    if (!ipaddr.IPv4.isValidFourPartDecimal(text)) throw ipv4Problem(text);
    return ipaddr.IPv4.parse(text);
}

/** Whether the text is meant as an IPv4 address: only digits and dots (or the 0x/octal forms inet_aton takes). */
const looksIpv4 = (text: string) => /^[0-9a-fA-FxX.]+$/.test(text) && /^[0-9]/.test(text) && text.includes(".") && /\.[0-9]+$/.test(text);

function parseIpValue(text: string): ipaddr.IPv4 | ipaddr.IPv6 {
    if (text.includes(":")) return parseIpv6(text);
    if (looksIpv4(text)) return parseIpv4(text);
    throw new AddressError(text, "is not an IP address", "write one such as 10.0.0.1 or 2001:db8::1");
}

function toAddress(ip: ipaddr.IPv4 | ipaddr.IPv6): ParsedAddress {
    return { kind: "ip", family: ip.kind(), text: ip.toString() };
}

/** An IPv4 or IPv6 address (no prefix). */
export function parseIp(value: unknown): ParsedAddress {
    const text = requireString(value, "an IP address", MAX_ADDRESS_TEXT);
    if (text.includes("/")) throw new AddressError(text, "is a CIDR, not a single address", `write the address alone, e.g. ${JSON.stringify(text.split("/")[0])}`);
    return toAddress(parseIpValue(text));
}

/** A DNS name of RFC 1123 labels, whose last label is not all digits. */
export function parseDnsName(value: unknown): ParsedDnsName {
    const text = requireString(value, "a DNS name", MAX_DNS_NAME).toLowerCase();
    const labels = text.split(".");
    const bad = labels.find((l) => !DNS_LABEL.test(l));
    if (bad !== undefined) {
        throw new AddressError(value, `is not a DNS name (label ${quote(bad)})`, "use labels of letters, digits and '-' (1-63 each, no '-' at either end) joined by '.'");
    }
    if (/^[0-9]+$/.test(labels[labels.length - 1])) {
        throw new AddressError(value, "is not a DNS name: its last label is all digits", "a top-level domain is never numeric");
    }
    return { kind: "dns", text };
}

/**
 * A host's address: an IP, or else a DNS name. Text that reads as an IPv4 attempt (digits and
 * dots) or holds ':' must be a valid IP; it is never taken for a name.
 */
/**
 * The firewall and the renderer parse the same few host addresses and CIDRs once per rule
 * and per instance: remembered by text, frozen so that callers share them safely.
 */
function remembered<T extends object>(parse: (value: unknown) => T): (value: unknown) => T {
    const byText = memoizeByText((text) => Object.freeze(parse(text)));
    return (value) => (typeof value === "string" ? byText(value) : parse(value));
}

export const parseHostAddress = remembered(parseHostAddressText);

function parseHostAddressText(value: unknown): ParsedHostAddress {
    const text = requireString(value, "an IP address or DNS name", MAX_DNS_NAME);
    const beforeSlash = text.split("/")[0];
    if (text.includes("/") && addressProblem(parseIp, beforeSlash) === undefined) {
        throw new AddressError(text, "is a CIDR; a host address is one IP or DNS name", `write ${JSON.stringify(beforeSlash)}`);
    }
    if (text.includes(":")) return toAddress(parseIpv6(text));
    if (looksIpv4(text)) return toAddress(parseIpv4(text));
    return parseDnsName(text);
}

function parsePrefix(cidr: string, prefixText: string, bits: number): number {
    if (!/^[0-9]+$/.test(prefixText)) throw new AddressError(cidr, `has the prefix ${quote(prefixText)}, which is not a number`);
    if (!PREFIX.test(prefixText)) {
        throw new AddressError(cidr, `has a leading zero in its prefix (nft reads "/${prefixText}" as octal)`, `write "/${Number(prefixText)}"`);
    }
    const prefix = Number(prefixText);
    if (prefix > bits) throw new AddressError(cidr, `has a prefix past /${bits}`, `use a prefix from 0 to ${bits}`);
    return prefix;
}

function networkOf(ip: ipaddr.IPv4 | ipaddr.IPv6, prefix: number): ipaddr.IPv4 | ipaddr.IPv6 {
    const bytes = ip.toByteArray().map((byte, i) => {
        const keep = Math.max(0, Math.min(8, prefix - i * 8));
        return byte & (0xff << (8 - keep)) & 0xff;
    });
    return ipaddr.fromByteArray(bytes);
}

/**
 * A CIDR `network/prefix`, or a bare address standing for its single host (/32, /128).
 * Host bits set (`10.0.0.1/8`) is an error that names the network to write instead.
 */
export const parseCidr = remembered(parseCidrText);

function parseCidrText(value: unknown): ParsedCidr {
    const text = requireString(value, "a CIDR such as 10.0.0.0/8", MAX_ADDRESS_TEXT + 4);
    const parts = text.split("/");
    if (parts.length > 2) throw new AddressError(text, "has more than one '/'", "write one CIDR per list entry");
    const ip = parseIpValue(parts[0]);
    const bits = ip.kind() === "ipv4" ? 32 : 128;
    const prefix = parts.length === 2 ? parsePrefix(text, parts[1], bits) : bits;
    const network = networkOf(ip, prefix);
    if (network.toString() !== ip.toString()) {
        throw new AddressError(text, "has host bits set",
            `use ${JSON.stringify(`${network.toString()}/${prefix}`)} for the network, or ${JSON.stringify(`${ip.toString()}/${bits}`)} for the one host`);
    }
    return { family: ip.kind(), network: network.toString(), prefix, text: `${network.toString()}/${prefix}` };
}

/** The single-host CIDR of an address. */
export function hostCidr(address: ParsedAddress): ParsedCidr {
    const prefix = address.family === "ipv4" ? 32 : 128;
    return { family: address.family, network: address.text, prefix, text: `${address.text}/${prefix}` };
}

/** Whether every address of `inner` lies inside `outer`. */
export function cidrCovers(outer: ParsedCidr, inner: ParsedCidr): boolean {
    if (outer.family !== inner.family || outer.prefix > inner.prefix) return false;
    return ipaddr.parse(inner.network).match(ipaddr.parse(outer.network), outer.prefix);
}

export function isMulticast(address: ParsedAddress): boolean {
    return ipaddr.parse(address.text).range() === "multicast";
}

/** A multicast group address (IPv4 224.0.0.0/4 or IPv6 ff00::/8). */
export function parseMulticastGroup(value: unknown): ParsedAddress {
    const address = parseIp(value);
    if (!isMulticast(address)) {
        throw new AddressError(value, "is not a multicast group address", "use one in 224.0.0.0/4 (IPv4) or ff00::/8 (IPv6), e.g. 228.0.0.4");
    }
    return address;
}

/** An address as the host part of `host:port` or a URL: IPv6 in brackets. */
export function urlHost(address: ParsedHostAddress): string {
    return address.kind === "ip" && address.family === "ipv6" ? `[${address.text}]` : address.text;
}

/** An address already in a plan (IP or DNS name, as text) as the host part of `host:port` or a URL. */
export function urlHostText(address: string): string {
    return address.includes(":") && !address.startsWith("[") ? `[${address}]` : address;
}

export function formatHostPort(address: ParsedHostAddress, port: number): string {
    return `${urlHost(address)}:${port}`;
}

/** The error of a parse, or undefined when the value parses: for collecting every problem of a spec. */
export function addressProblem(parse: (value: unknown) => unknown, value: unknown): string | undefined {
    try {
        parse(value);
        return undefined;
    } catch (e) {
        if (e instanceof AddressError) return e.message;
        throw e;
    }
}
