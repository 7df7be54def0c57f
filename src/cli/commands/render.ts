import { existsSync } from "node:fs";
import { join } from "node:path";
import { buildRenderOutput, PLAN_FILE } from "../../output/render-output";
import { writeArtifacts, writeSummary } from "../../output/write";
import { SpecError } from "../../spec/errors";
import { loadSpecFile } from "../../spec/load";
import { formatPlanTable } from "../table";
import { Command, readPreviousPlan } from "../command";

/** The plan.json of an earlier render into DIR: its offsets stay in place unless --fresh. */
function previousPlanIn(dir: string, fresh: boolean) {
    const path = join(dir, PLAN_FILE);
    if (fresh || !existsSync(path)) return undefined;
    try {
        return readPreviousPlan(path);
    } catch (e) {
        if (!(e instanceof SpecError)) throw e;
        throw new SpecError(e.problems.map((p) => ({ ...p, message: `${p.message}; fix or delete it, or pass --fresh to plan from scratch` })));
    }
}

export const renderCommand: Command = {
    name: "render",
    usage: "render SPEC --out DIR [--fresh] [--name DEPLOYMENT]",
    summary: "write every instance's deployment.toml, plan.json and the other files",
    // --name: the Deployment component's name (default DEFAULT_DEPLOYMENT_NAME, wso2), which names its Docker bridges
    // (admitted to cluster ports by firewall.nft) and the nft table.
    options: { out: { type: "string" }, fresh: { type: "boolean" }, name: { type: "string" } },
    run({ positionals, values, out }) {
        if (positionals.length !== 1) return "render takes exactly one SPEC file";
        const dir = values.out;
        if (typeof dir !== "string" || dir === "") return "render needs --out DIR";
        const name = values.name;
        if (name !== undefined && (typeof name !== "string" || name === "")) return "render --name needs the Deployment component's name";
        const raw = loadSpecFile(positionals[0]);
        // Everything is validated and rendered in memory first: an error writes nothing.
        const { plan, artifacts } = buildRenderOutput(raw, previousPlanIn(dir, values.fresh === true), name);
        const written = writeArtifacts(dir, artifacts);
        out(formatPlanTable(plan));
        out(writeSummary(dir, written));
        return 0;
    },
};
