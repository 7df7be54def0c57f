import { existsSync } from "node:fs";
import { join } from "node:path";
import { buildRenderOutput, PLAN_FILE } from "../../output/render-output";
import { writeArtifacts, writeSummary } from "../../output/write";
import { SpecError } from "../../spec/errors";
import { loadSpecFile } from "../../spec/load";
import { deploymentNameProblem } from "../../firewall/nftables";
import { foreignHostTable } from "../../firewall/host-tables";
import { DEFAULT_DEPLOYMENT_NAME } from "../../targets/docker/names";
import { formatPlanTable } from "../table";
import { Command, readPreviousPlan } from "../command";
import { envReferenceWarnings, specSecrets } from "../../spec/secrets";
import { POD_ENV } from "../../targets/kubernetes/manifests";

/** Variables every container has without `secrets:`: Docker and Kubernetes set HOSTNAME, the Kubernetes target the pod's own. */
const ENV_SET_BY_TARGETS = ["HOSTNAME", ...Object.values(POD_ENV)];

/** The plan.json of an earlier render into DIR: its offsets stay in place unless --fresh. */
function previousPlanIn(dir: string, fresh: boolean) {
    const path = join(dir, PLAN_FILE);
    return fresh || !existsSync(path) ? undefined : readPreviousPlan(path);
}

/** The --name: one pattern, never a well-known or existing host table; the default is the tool's own. */
function deploymentName(name: string | undefined): string {
    if (name === undefined) return DEFAULT_DEPLOYMENT_NAME;
    const problem = deploymentNameProblem(name);
    if (problem) throw new SpecError([{ path: "--name", message: problem }]);
    if (foreignHostTable(name)) {
        throw new SpecError([{ path: "--name", message: `this host already has an nft table "inet ${name}" that pulumi-wso2 did not make, and firewall.nft would delete it on load; choose another --name (if an older pulumi-wso2 made it, delete it once with: nft delete table inet ${name})` }]);
    }
    return name;
}

export const renderCommand: Command = {
    name: "render",
    usage: "render SPEC --out DIR [--fresh] [--name DEPLOYMENT]",
    summary: "write every instance's deployment.toml, plan.json and the other files",
    // --name: the Deployment component's name (default DEFAULT_DEPLOYMENT_NAME, wso2), which names its Docker bridges
    // (admitted to cluster ports by firewall.nft) and the nft table.
    options: { out: { type: "string" }, fresh: { type: "boolean" }, name: { type: "string" } },
    async run({ positionals, values, out, err }) {
        if (positionals.length !== 1) return "render takes exactly one SPEC file";
        const dir = values.out;
        if (typeof dir !== "string" || dir === "") return "render needs --out DIR";
        const name = values.name;
        if (name !== undefined && (typeof name !== "string" || name === "")) return "render --name needs the Deployment component's name";
        const deployment = deploymentName(name as string | undefined);
        const raw = loadSpecFile(positionals[0]);
        // Everything is validated and rendered in memory first: an error writes nothing.
        const { plan, artifacts, configs } = buildRenderOutput(raw, previousPlanIn(dir, values.fresh === true), deployment);
        const written = await writeArtifacts(dir, artifacts);
        out(formatPlanTable(plan));
        out(writeSummary(dir, written));
        // Names only, never a value (src/spec/secrets.ts says why these are warnings).
        for (const warning of envReferenceWarnings(configs, Object.keys(specSecrets(raw)), ENV_SET_BY_TARGETS)) err(warning);
        return 0;
    },
};
