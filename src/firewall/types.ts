import { ExposureClass, Protocol } from "../spec/types";

/** A provider-neutral inbound rule derived from the plan. */
export interface FirewallRule {
    host: string;
    direction: "ingress";
    protocol: Protocol;
    port: number;
    /** CIDRs allowed in (for cluster ports: the other members' host addresses as /32 or /128). */
    sources: string[];
    instance: string;
    /** The catalog port's name, e.g. "https". */
    portName: string;
    exposure: ExposureClass;
    purpose: string;
}
