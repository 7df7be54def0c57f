/**
 * The exposure table: who can reach which port, one flat row per planned port. The
 * component publishes it as an output, so `pulumi preview --diff` shows port changes as
 * a short, stable diff instead of a wall of resource inputs.
 */
import { Plan, PlannedInstance, PlannedPort } from "../plan/types";
import { ExposureClass, Protocol } from "../spec/types";
import { peerClients, peerPortKey } from "../wiring/keys";

/** One planned port and who may reach it. */
export interface ExposureRow {
    /** The spec host the instance runs on. */
    host: string;
    /** The instance listening on the port. */
    instance: string;
    /** The port number the server listens on. */
    port: number;
    /** tcp or udp. */
    protocol: Protocol;
    /** The catalog port's name, e.g. "https". */
    name: string;
    /** The port's exposure class. */
    exposure: ExposureClass;
    /**
     * Who may connect, sorted: CIDRs for public and management ports, `members of <group>`
     * for cluster ports, nothing for internal ports; then `linked <group>` for each group that
     * dials the port because of a link (wiring).
     */
    sources: string[];
}

/**
 * How far each class reaches, widest first: public > management > cluster > internal.
 * Management sits above cluster because its CIDRs are chosen by the user and usually span
 * networks, while cluster ports open only to the group's own member hosts.
 */
export const EXPOSURE_ORDER: readonly ExposureClass[] = ["public", "management", "cluster", "internal"];

/** Larger is wider; see EXPOSURE_ORDER. */
export function exposureRank(exposure: ExposureClass): number {
    return EXPOSURE_ORDER.length - EXPOSURE_ORDER.indexOf(exposure);
}

export function clusterSource(group: string): string {
    return `members of ${group}`;
}

export function sourcesOf(plan: Plan, inst: PlannedInstance, port: PlannedPort): string[] {
    switch (port.exposure) {
        case "public": return [...plan.exposure.public].sort();
        case "management": return [...plan.exposure.management].sort();
        case "cluster": return [clusterSource(inst.group)];
        case "internal": return [];
    }
}

/** Order of the table: host, then port, protocol and instance, so a host's ports read in sequence. */
export function compareRows(a: ExposureRow, b: ExposureRow): number {
    return compareText(a.host, b.host) || a.port - b.port || compareText(a.protocol, b.protocol) || compareText(a.instance, b.instance);
}

/** Code-unit order, not locale order, so the table sorts the same on every machine. */
export function compareText(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

/** How the table names the instances of a group that dial a port because of a link. */
export function linkSource(group: string): string {
    return `linked ${group}`;
}

/** The linking groups that dial a port, as sources: the exposure table shows what each link opens. */
function linkSources(peers: Map<string, PlannedInstance[]>, inst: PlannedInstance, port: PlannedPort): string[] {
    const clients = peers.get(peerPortKey(inst.name, port)) ?? [];
    return [...new Set(clients.map((c) => linkSource(c.group)))].sort(compareText);
}

/** One row per (host, instance, port, protocol), sorted, plain strings and numbers only. */
export function exposureTable(plan: Plan): ExposureRow[] {
    const peers = peerClients(plan);
    const rows = plan.instances.flatMap((inst) => inst.ports.map((port): ExposureRow => ({
        host: inst.host,
        instance: inst.name,
        port: port.port,
        protocol: port.protocol,
        name: port.name,
        exposure: port.exposure,
        sources: [...sourcesOf(plan, inst, port), ...linkSources(peers, inst, port)],
    })));
    return rows.sort(compareRows);
}

/** One port's reach in the `exposure` output; the key says whose port it is. */
export interface ExposureEntry {
    /** The catalog port's name, e.g. "https". */
    name: string;
    /** The port's exposure class. */
    exposure: ExposureClass;
    /** Who may connect, sorted: CIDRs, `members of <group>` for cluster ports, nothing for internal ports. */
    sources: string[];
}

/** `host/instance/port/protocol`: what one entry of the `exposure` output is keyed by. */
export function exposureKey(row: Pick<ExposureRow, "host" | "instance" | "port" | "protocol">): string {
    return `${row.host}/${row.instance}/${row.port}/${row.protocol}`;
}

/**
 * The exposure table keyed `host/instance/port/protocol`, in the table's order. A stack
 * output diffs a map by key, so opening one port shows as one added entry, where the sorted
 * array diffed by position and showed every later row as changed.
 */
export function exposureMap(plan: Plan): Record<string, ExposureEntry> {
    return Object.fromEntries(exposureTable(plan).map((row) => [exposureKey(row), { name: row.name, exposure: row.exposure, sources: row.sources }]));
}
