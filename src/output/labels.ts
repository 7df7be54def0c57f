/**
 * Labels (Docker) and annotations (Kubernetes) that carry the plan onto resources, so a
 * policy pack can judge a resource's exposure from its inputs alone.
 */
import { ExposureClass, Protocol } from "../spec/types";

export const LABELS = {
    instance: "pulumi-wso2/instance",
    group: "pulumi-wso2/group",
    host: "pulumi-wso2/host",
    /** e.g. "9443/tcp=public,9763/tcp=management"; sorted by port, then protocol. */
    ports: "pulumi-wso2/ports",
} as const;

export interface LabelledPort {
    port: number;
    protocol: Protocol;
    exposure: ExposureClass;
}

export function encodePortsLabel(ports: LabelledPort[]): string {
    return [...ports]
        .sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol))
        .map((p) => `${p.port}/${p.protocol}=${p.exposure}`)
        .join(",");
}

export function decodePortsLabel(value: string | undefined): LabelledPort[] {
    if (!value) return [];
    return value.split(",").map((entry) => {
        const [portProto, exposure] = entry.split("=");
        const [port, protocol] = portProto.split("/");
        return { port: Number(port), protocol: protocol as Protocol, exposure: exposure as ExposureClass };
    });
}
