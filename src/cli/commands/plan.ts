import { checkRenderOutput } from "../../output/render-output";
import { loadSpecFile } from "../../spec/load";
import { formatPlanTable } from "../table";
import { Command, readPreviousPlan } from "../command";

export const planCommand: Command = {
    name: "plan",
    usage: "plan SPEC [--json] [--previous PLAN_JSON] [--fresh]",
    summary: "assign offsets and ports, and print the plan",
    // --fresh: ignore --previous (a bad previous plan is an error that suggests it).
    options: { json: { type: "boolean" }, previous: { type: "string" }, fresh: { type: "boolean" } },
    run({ positionals, values, out }) {
        if (positionals.length !== 1) return "plan takes exactly one SPEC file";
        const previous = values.fresh === true ? undefined : readPreviousPlan(values.previous as string | undefined);
        // Everything render checks, so a spec plan accepts is one render writes: config contents
        // (an offset or URL that contradicts the plan), firewall, manifests, output paths.
        const { plan } = checkRenderOutput(loadSpecFile(positionals[0]), previous);
        out(values.json ? JSON.stringify(plan, null, 2) : formatPlanTable(plan));
        return 0;
    },
};
