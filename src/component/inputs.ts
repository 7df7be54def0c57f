/**
 * Inputs where a value only flows: a host's `address`, the exposure CIDRs, a group's `image`
 * and Docker daemon URLs may be Outputs of other resources (a VM's private IP, an image
 * build). Nothing the planner decides depends on them, so:
 *
 *   1. each unresolved Input is replaced by a unique placeholder of the right shape (an IPv4
 *      address in 198.18.0.0/16, a /32 in 198.19.0.0/16, an image reference, a daemon URL),
 *      and the component plans, renders and registers synchronously on that plain spec:
 *      every container, object and rule exists even in a preview where the addresses are
 *      unknown, with its ports;
 *   2. once the Inputs resolve, the spec is validated again with the real values (a DNS name
 *      where Docker needs an IP is still an error), and every string that carries a
 *      placeholder, in a child's inputs or in the component's outputs, becomes an Output of
 *      the same string with the real value put in.
 *
 * A plain string stays as it is, so a spec without Outputs behaves exactly as before.
 */
import * as pulumi from "@pulumi/pulumi";
import { hostCidr, parseIp, urlHostText } from "../net/address";
import { DeploymentSpec } from "../spec/types";
import { DeploymentArgs } from "./args";

export type PlaceholderKind = "address" | "cidr" | "image" | "daemon";

export interface PendingInput {
    placeholder: string;
    kind: PlaceholderKind;
    /** Where it sits in the args, for messages. */
    path: string;
    input: pulumi.Input<string>;
}

/** A placeholder and the value it stands for, resolved. */
export type Substitution = [placeholder: string, value: string];

const isDeferred = (v: unknown): boolean =>
    pulumi.Output.isInstance(v) || (typeof v === "object" && v !== null && typeof (v as { then?: unknown }).then === "function");

/** Two three-digit octets, so no placeholder is a prefix of another. */
const octets = (n: number, base: number) => `${base + Math.floor(n / 100)}.${100 + (n % 100)}`;

const PLACEHOLDER: Record<PlaceholderKind, (n: number) => string> = {
    address: (n) => `198.18.${octets(n, 100)}`,
    cidr: (n) => `198.19.${octets(n, 100)}/32`,
    image: (n) => `pulumi-wso2.invalid/pending-image-${10000 + n}:pending`,
    daemon: (n) => `ssh://pending@198.19.${octets(n, 200)}`,
};

/** The args as a plain spec, with a placeholder for every unresolved Input, and the list of those Inputs. */
export function withPlaceholders(args: DeploymentArgs): { spec: DeploymentSpec; pending: PendingInput[] } {
    const pending: PendingInput[] = [];
    const counters: Record<PlaceholderKind, number> = { address: 0, cidr: 0, image: 0, daemon: 0 };
    const plain = (value: unknown, kind: PlaceholderKind, path: string): unknown => {
        if (!isDeferred(value)) return value;
        const placeholder = PLACEHOLDER[kind](counters[kind]++);
        pending.push({ placeholder, kind, path, input: value as pulumi.Input<string> });
        return placeholder;
    };
    const spec = { ...args } as Record<string, unknown> & DeploymentSpec;
    if (Array.isArray(args.hosts)) {
        spec.hosts = args.hosts.map((h, i) => (h && typeof h === "object" ? { ...h, address: plain(h.address, "address", `hosts[${i}].address`) } : h)) as DeploymentSpec["hosts"];
    }
    if (args.exposure && typeof args.exposure === "object") {
        const exposure: Record<string, unknown> = { ...args.exposure };
        for (const cls of ["public", "management"] as const) {
            const list = args.exposure[cls];
            if (Array.isArray(list)) exposure[cls] = list.map((c, j) => plain(c, "cidr", `exposure.${cls}[${j}]`));
        }
        spec.exposure = exposure as DeploymentSpec["exposure"];
    }
    if (Array.isArray(args.products)) {
        spec.products = args.products.map((g, i) => (g && typeof g === "object" && "image" in g ? { ...g, image: plain(g.image, "image", `products[${i}].image`) } : g)) as DeploymentSpec["products"];
    }
    const daemons = args.docker?.daemons;
    if (daemons && typeof daemons === "object") {
        const plainDaemons = Object.fromEntries(Object.entries(daemons).map(([host, url]) => [host, plain(url, "daemon", `docker.daemons.${host}`)]));
        spec.docker = { ...args.docker, daemons: plainDaemons as Record<string, string> };
    }
    return { spec, pending };
}

/** How a resolved address appears where the plan wrote the placeholder's `/32` (firewall sources): /32, /128, or a DNS name alone. */
function hostSource(address: string): string {
    try {
        return hostCidr(parseIp(address)).text;
    } catch {
        return address;
    }
}

/**
 * The pairs to replace, `address/32` forms (firewall sources) first, so an IPv6 address gets
 * its /128, then `address:port` forms (member lists, URLs), where the renderer brackets an IPv6
 * address (`[2001:db8::1]:4000`). Elsewhere the renderer writes an address as it is, and so
 * does the substitution: a test compares both byte for byte.
 */
export function substitutions(pending: PendingInput[], values: string[]): Substitution[] {
    const pairs: Substitution[] = [];
    pending.forEach((p, i) => {
        if (p.kind === "address") pairs.push([`${p.placeholder}/32`, hostSource(values[i])], [`${p.placeholder}:`, `${urlHostText(values[i])}:`]);
    });
    pending.forEach((p, i) => pairs.push([p.placeholder, values[i]]));
    return pairs;
}

/**
 * The placeholders' real values once every Input resolved, after `validate` (planning the
 * spec again with them) accepted them: a real value the spec cannot take (a bad CIDR, a DNS
 * name where Docker needs an IP) fails with the same input-property error as a plain one.
 */
export function resolvedSubstitutions(pending: PendingInput[], validate: (pairs: Substitution[]) => void): pulumi.Output<Substitution[]> {
    return pulumi.all(pending.map((p) => p.input)).apply((values) => {
        const pairs = substitutions(pending, values);
        validate(pairs);
        return pairs;
    });
}

const holdsPlaceholder = (text: string, pairs: readonly Substitution[]) => pairs.some(([p]) => text.includes(p));

/** `value` with every placeholder in every string replaced; other values unchanged. */
export function substitute<T>(value: T, pairs: readonly Substitution[]): T {
    if (typeof value === "string") {
        if (!holdsPlaceholder(value, pairs)) return value;
        let text: string = value;
        for (const [p, v] of pairs) text = text.split(p).join(v);
        return text as unknown as T;
    }
    if (Array.isArray(value)) return value.map((v) => substitute(v, pairs)) as unknown as T;
    if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, pairs)])) as T;
    }
    return value;
}

/** Whether `value` carries a placeholder anywhere, or an Output that might (its text is not visible yet). */
function mayHoldPlaceholder(value: unknown, placeholders: readonly string[]): boolean {
    if (typeof value === "string") return placeholders.some((p) => value.includes(p));
    if (pulumi.Output.isInstance(value)) return true;
    if (Array.isArray(value)) return value.some((v) => mayHoldPlaceholder(v, placeholders));
    if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
        return Object.values(value).some((v) => mayHoldPlaceholder(v, placeholders));
    }
    return false;
}

/**
 * Resource inputs with the real values put in: a string that carries a placeholder becomes
 * an Output of the resolved string; an Output is looked into once it resolves (a config
 * upload is `pulumi.secret(text)`), keeping its secrecy and its dependencies.
 */
export function resolveInputs(value: unknown, resolved: pulumi.Output<Substitution[]>, placeholders: readonly string[]): unknown {
    if (typeof value === "string") return placeholders.some((p) => value.includes(p)) ? resolved.apply((pairs) => substitute(value, pairs)) : value;
    if (pulumi.Output.isInstance(value)) return pulumi.all([value, resolved]).apply(([v, pairs]) => substitute(v, pairs));
    if (Array.isArray(value)) return value.map((v) => resolveInputs(v, resolved, placeholders));
    if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveInputs(v, resolved, placeholders)]));
    }
    return value;
}

/**
 * The transformation the component hands its children: only resources whose inputs carry a
 * placeholder (or an Output that may) are touched.
 */
export function placeholderTransformation(resolved: pulumi.Output<Substitution[]>, pending: PendingInput[]): pulumi.ResourceTransformation {
    const placeholders = pending.map((p) => p.placeholder);
    return (a) => {
        if (!mayHoldPlaceholder(a.props, placeholders)) return undefined;
        return { props: resolveInputs(a.props, resolved, placeholders) as pulumi.Inputs, opts: a.opts };
    };
}
