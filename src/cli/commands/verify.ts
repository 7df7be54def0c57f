import { isIP } from "node:net";
import { Plan } from "../../plan/types";
import { unknownHosts, verifyPlan, VerifyReport, VerifyRow } from "../../verify";
import { Command, readPreviousPlan } from "../command";
import { formatColumns } from "../table";

/** Exit code when any port is not as the plan expects from this vantage point. */
export const VERIFY_MISMATCH = 3;
const DEFAULT_TIMEOUT_S = 2;
const MAX_TIMEOUT_S = 60;

function formatReport(report: VerifyReport): string {
    const header = ["HOST", "ADDRESS", "INSTANCE", "PORT", "NAME", "CLASS", "EXPECTED", "RESULT", "STATUS"];
    const line = (r: VerifyRow) => [r.host, r.address, r.instance, r.protocol === "tcp" ? `${r.port}` : `${r.port}/${r.protocol}`,
        r.name, r.exposure, r.expected, r.result, r.ok ? "ok" : "MISMATCH"];
    const bad = report.rows.filter((r) => !r.ok).length;
    const checked = report.rows.filter((r) => r.expected !== "unchecked").length;
    const summary = `${checked - bad} of ${checked} checked ports as planned from the ${report.vantage} vantage point` +
        (bad > 0 ? `; ${bad} not` : "");
    return `${formatColumns([header, ...report.rows.map(line)])}\n${summary}`;
}

function parseTimeout(raw: string | undefined): number | string {
    if (raw === undefined) return DEFAULT_TIMEOUT_S;
    const seconds = Number(raw);
    if (!/^\d+(\.\d+)?$/.test(raw) || seconds <= 0 || seconds > MAX_TIMEOUT_S) return `--timeout takes seconds, more than 0 and at most ${MAX_TIMEOUT_S}; got ${JSON.stringify(raw)}`;
    return seconds;
}

function checkHostChoice(plan: Plan, hosts: string[], address: string | undefined): string | undefined {
    const unknown = unknownHosts(plan, hosts);
    if (unknown.length > 0) return `--host ${unknown.join(", ")} is not in the plan; its hosts are ${plan.hosts.map((h) => h.name).join(", ")}`;
    if (address === undefined) return undefined;
    if (isIP(address) === 0) return `--address takes an IP address such as 127.0.0.1; got ${JSON.stringify(address)}`;
    // Two hosts fold onto one address only by mistake: their ports would be probed against each other's.
    if (hosts.length !== 1 && plan.hosts.length !== 1) return "--address replaces one host's address: give exactly one --host with it";
    return undefined;
}

export const verifyCommand: Command = {
    name: "verify",
    usage: "verify PLAN_JSON [--host NAME] [--address IP] [--timeout S] [--from-outside] [--json]",
    summary: "after deploying, probe every planned TCP port and compare with the plan",
    options: {
        host: { type: "string", multiple: true },
        address: { type: "string" },
        timeout: { type: "string" },
        "from-outside": { type: "boolean" },
        json: { type: "boolean" },
    },
    async run({ positionals, values, out }) {
        if (positionals.length !== 1) return "verify takes exactly one PLAN_JSON (from `plan --json` or render's plan.json)";
        const timeout = parseTimeout(values.timeout as string | undefined);
        if (typeof timeout === "string") return timeout;
        const plan = readPreviousPlan(positionals[0], "give the plan.json as `wso2-ports plan --json` or `render` wrote it")!;
        const hosts = (values.host as string[] | undefined) ?? [];
        const address = values.address as string | undefined;
        const problem = checkHostChoice(plan, hosts, address);
        if (problem) return problem;
        const report = await verifyPlan(plan, {
            vantage: values["from-outside"] ? "outside" : "inside",
            hosts: hosts.length > 0 ? hosts : undefined,
            address,
            timeoutMs: timeout * 1000,
        });
        out(values.json ? JSON.stringify(report, null, 2) : formatReport(report));
        return report.ok ? 0 : VERIFY_MISMATCH;
    },
};
