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

    /** A number, not a `tcp/9443` string: the first-fit search asks this for every port of every offset it tries. */
    private static key(protocol: Protocol, port: number): number {
        return protocol === "udp" ? -port - 1 : port;
    }

    /** The claim a need would collide with, if any. */
    clashOf(need: PortNeed, instance: string): Claim | undefined {
        const claim = this.claims.get(HostOccupancy.key(need.protocol, need.port));
        if (!claim || claim.instance === instance) return undefined;
        return claim.shared && need.shared ? undefined : claim;
    }

    firstClash(needs: PortNeed[], instance: string): { need: PortNeed; claim: Claim } | undefined {
        for (const need of needs) {
            const claim = this.clashOf(need, instance);
            if (claim) return { need, claim };
        }
        return undefined;
    }

    claim(needs: PortNeed[], instance: string): void {
        for (const n of needs) {
            const key = HostOccupancy.key(n.protocol, n.port);
            if (!this.claims.has(key)) this.claims.set(key, { instance, portName: n.name, shared: n.shared });
        }
    }
}
