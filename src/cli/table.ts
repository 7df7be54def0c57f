import { Plan, PlannedInstance, PlannedPort } from "../plan/types";
import { ExposureClass } from "../spec/types";

const CLASSES: ExposureClass[] = ["public", "management", "internal", "cluster"];

const portLabel = (p: PlannedPort) => (p.protocol === "tcp" ? `${p.port}` : `${p.port}/${p.protocol}`);

function row(inst: PlannedInstance): string[] {
    const product = `${inst.product} ${inst.version}${inst.profile && inst.profile !== "all-in-one" ? ` (${inst.profile})` : ""}`;
    const byClass = CLASSES.map((c) => inst.ports.filter((p) => p.exposure === c).map(portLabel).join(",") || "-");
    return [inst.host, inst.name, product, String(inst.offset), ...byClass];
}

/** Formats rows as left-aligned columns, the last one left ragged. */
export function formatColumns(rows: string[][]): string {
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join("  ")).join("\n");
}

/** The readable port plan: one line per instance, ports grouped by exposure class, hosts together. */
export function formatPlanTable(plan: Plan): string {
    const hostOrder = new Map(plan.hosts.map((h, i) => [h.name, i]));
    const instances = [...plan.instances].sort((a, b) => hostOrder.get(a.host)! - hostOrder.get(b.host)!);
    const header = ["HOST", "INSTANCE", "PRODUCT", "OFFSET", ...CLASSES.map((c) => c.toUpperCase())];
    return formatColumns([header, ...instances.map(row)]);
}
