/**
 * `wso2-ports verify`: after `pulumi up`, does each planned port answer where the plan says
 * it should, and stay shut where it should not? Every TCP port of the chosen hosts is
 * probed concurrently with a bounded timeout, so a fully filtered host costs one timeout,
 * not one per port.
 *
 * What a vantage point expects, from the exposure class alone (the plan's promise):
 * - `inside` (an operator host, a member, or the host itself with `address`): every TCP
 *   port answers;
 * - `outside` (a public vantage point): public ports answer; management, internal and
 *   cluster ports must not (refused or filtered are both fine).
 * UDP ports cannot be confirmed by a connect and are reported, never judged.
 */
import { Plan, PlannedInstance, PlannedPort } from "../plan/types";
import { ExposureClass } from "../spec/types";
import { mapConcurrently, probeTcp, ProbeResult } from "./probe";

export type Vantage = "inside" | "outside";
export type Expectation = "listening" | "closed" | "unchecked";

export interface VerifyOptions {
    vantage: Vantage;
    /** Only these hosts (by spec name); default every host of the plan. */
    hosts?: string[];
    /** Probe this address instead of each host's own (e.g. 127.0.0.1 when run on the host). */
    address?: string;
    timeoutMs: number;
    concurrency?: number;
}

export interface VerifyRow {
    host: string;
    address: string;
    instance: string;
    port: number;
    protocol: PlannedPort["protocol"];
    name: string;
    exposure: ExposureClass;
    expected: Expectation;
    result: ProbeResult | "skipped";
    ok: boolean;
}

export interface VerifyReport {
    vantage: Vantage;
    ok: boolean;
    /** Wall time of all probes together: about one timeout at most, however many ports are filtered. */
    elapsedMs: number;
    rows: VerifyRow[];
}

const DEFAULT_CONCURRENCY = 256;

export function expectationFor(port: PlannedPort, vantage: Vantage): Expectation {
    if (port.protocol !== "tcp") return "unchecked";
    if (vantage === "inside") return "listening";
    return port.exposure === "public" ? "listening" : "closed";
}

export function meetsExpectation(expected: Expectation, result: ProbeResult | "skipped"): boolean {
    if (expected === "unchecked") return true;
    if (expected === "listening") return result === "listening";
    return result === "refused" || result === "filtered";
}

interface Target { inst: PlannedInstance; port: PlannedPort; address: string; expected: Expectation }

function targetsOf(plan: Plan, options: VerifyOptions): Target[] {
    const chosen = options.hosts ? new Set(options.hosts) : undefined;
    return plan.instances
        .filter((inst) => !chosen || chosen.has(inst.host))
        .flatMap((inst) => inst.ports.map((port) => ({
            inst, port, address: options.address ?? inst.address, expected: expectationFor(port, options.vantage),
        })));
}

async function probeTarget(t: Target, timeoutMs: number): Promise<VerifyRow> {
    const result = t.expected === "unchecked" ? "skipped" : await probeTcp(t.address, t.port.port, timeoutMs);
    return {
        host: t.inst.host, address: t.address, instance: t.inst.name, port: t.port.port, protocol: t.port.protocol,
        name: t.port.name, exposure: t.port.exposure, expected: t.expected, result, ok: meetsExpectation(t.expected, result),
    };
}

/** Host names the plan does not have; the caller reports them before probing anything. */
export function unknownHosts(plan: Plan, hosts: string[]): string[] {
    const known = new Set(plan.hosts.map((h) => h.name));
    return hosts.filter((h) => !known.has(h));
}

export async function verifyPlan(plan: Plan, options: VerifyOptions): Promise<VerifyReport> {
    const targets = targetsOf(plan, options);
    const started = Date.now();
    const rows = await mapConcurrently(targets, options.concurrency ?? DEFAULT_CONCURRENCY, (t) => probeTarget(t, options.timeoutMs));
    return { vantage: options.vantage, ok: rows.every((r) => r.ok), elapsedMs: Date.now() - started, rows };
}
