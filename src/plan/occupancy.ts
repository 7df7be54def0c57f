import { Protocol } from "../spec/types";

export interface Claim {
    instance: string;
    portName: string;
    /** Multicast membership: several members on one host share the group port by design. */
    shared: boolean;
}

export interface PortNeed {
    name: string;
    port: number;
    protocol: Protocol;
    shared: boolean;
    /** Whether the offset moves this port. */
    shifts: boolean;
}

/** Which (protocol, port) pairs are taken on one host, and by whom. */
export class HostOccupancy {
    private readonly claims = new Map<number, Claim>();

    /**
     * A number, not a `tcp/9443` string: the first-fit search asks this for every port of every
     * offset it tries. A tcp port's key is its number; udp keys are negative.
     */
    static key(protocol: Protocol, port: number): number {
        return protocol === "udp" ? -port - 1 : port;
    }

    /** The claim a need would collide with, if any. */
    clashOf(need: PortNeed, instance: string): Claim | undefined {
        return this.clashAtKey(HostOccupancy.key(need.protocol, need.port), need.shared, instance);
    }

    /** clashOf by key, for searches that try many ports without building needs. */
    clashAtKey(key: number, shared: boolean, instance: string): Claim | undefined {
        const claim = this.claims.get(key);
        if (!claim || claim.instance === instance) return undefined;
        return claim.shared && shared ? undefined : claim;
    }

    firstClash(needs: PortNeed[], instance: string): { need: PortNeed; claim: Claim } | undefined {
        // Indexed, not for-of: the planner asks this for every offset it tries, often before the JIT optimizes it.
        for (let i = 0; i < needs.length; i++) {
            const need = needs[i];
            const claim = this.clashOf(need, instance);
            if (claim) return { need, claim };
        }
        return undefined;
    }

    claim(needs: PortNeed[], instance: string): void {
        needs.forEach((n) => this.claimKey(HostOccupancy.key(n.protocol, n.port), n.name, n.shared, instance));
    }

    /** claim of one port by key; a port already claimed keeps its first claim. */
    claimKey(key: number, portName: string, shared: boolean, instance: string): void {
        if (!this.claims.has(key)) this.claims.set(key, { instance, portName, shared });
    }
}
