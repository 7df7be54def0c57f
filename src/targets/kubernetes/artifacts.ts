/**
 * `wso2-ports render` output for Kubernetes: `kubernetes/<group>.yaml`, the very objects the
 * component registers, as multi-document YAML for GitOps and pull-request review.
 *
 * Render plans the spec as written (hosts as declared); Kubernetes plans it differently
 * (one network per pod), so this producer re-plans and re-renders with the Kubernetes
 * settings of the spec file's optional top-level `kubernetes:` key, defaults otherwise.
 */
import { stringify } from "yaml";
import { Artifact, ArtifactInput } from "../../output/artifacts";
import { planSpec } from "../../plan/planner";
import { Plan } from "../../plan/types";
import { RenderedConfig } from "../../render/types";
import { SpecError } from "../../spec/errors";
import { specSecrets } from "../../spec/secrets";
import { ResolvedSpec } from "../../spec/normalize";
import { DeploymentSpec } from "../../spec/types";
import { kubernetesManifests } from "./manifests";
import { KubernetesObject } from "./objects";
import { KubernetesRenderOptions, kubernetesRenderOptions, planningSpecFor } from "./planning";
import { resolveKubernetesSettings } from "./settings";
import { assertValidObjects } from "./validate";

/** The spec file's own key for these settings. */
export const SPEC_KEY = "kubernetes";
export const OUTPUT_DIR = "kubernetes";

/**
 * `raw` is the spec file as parsed, before resolution: the only place the `kubernetes:`
 * settings live, since the resolved spec keeps just hosts, exposure and groups.
 */
export interface KubernetesArtifactInput extends ArtifactInput {
    raw?: unknown;
}

export type ConfigRenderer = (spec: ResolvedSpec, plan: Plan, options: KubernetesRenderOptions) => RenderedConfig[];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The spec again, from what resolution kept; every group's own spec is kept verbatim. */
function deploymentSpecOf(spec: ResolvedSpec): DeploymentSpec {
    return { hosts: spec.hosts, exposure: spec.exposure, products: spec.groups.map((g) => g.spec) };
}

export function manifestsYaml(objects: KubernetesObject[]): string {
    // No anchors: reviewers and some GitOps tools read each object on its own.
    return objects.map((o) => stringify(o, { lineWidth: 0, aliasDuplicateObjects: false })).join("---\n");
}

function notGenerated(error: SpecError): Artifact {
    const content = `# No Kubernetes manifests: this spec cannot run on Kubernetes with the default settings.\n` +
        `# Add a top-level \`${SPEC_KEY}:\` section (e.g. hostNetwork: true) or change the spec:\n` +
        error.problems.map((p) => `#   - ${p.path}: ${p.message}\n`).join("");
    return { path: `${OUTPUT_DIR}/NOT-GENERATED.txt`, content, mode: 0o644 };
}

/**
 * The files for one spec. With an explicit `kubernetes:` section a spec Kubernetes cannot
 * run is an error; without one (a Docker user's spec), the reasons go into
 * NOT-GENERATED.txt instead, so `render` still writes everything else.
 */
export function kubernetesArtifactsWith(input: KubernetesArtifactInput, render: ConfigRenderer): Artifact[] {
    const rawSettings = isObject(input.raw) ? input.raw[SPEC_KEY] : undefined;
    const { settings, problems } = resolveKubernetesSettings(rawSettings, SPEC_KEY);
    let planned: { spec: ResolvedSpec; plan: Plan };
    try {
        planned = planSpec(planningSpecFor(deploymentSpecOf(input.spec), settings, problems));
    } catch (e) {
        if (e instanceof SpecError && rawSettings === undefined) return [notGenerated(e)];
        throw e;
    }
    const configs = render(planned.spec, planned.plan, kubernetesRenderOptions(settings));
    // The spec file's `secrets:` (checked by planSpecFile): a Secret `<group>-env` per group, taken with `envFrom`, as the component does.
    const secretValues = specSecrets(input.raw);
    const secretNames = Object.keys(secretValues);
    const groups = kubernetesManifests({ ...planned, configs, secretNames, secretValues }, settings);
    assertValidObjects(groups.flatMap((g) => g.objects));
    return groups.map((g) => ({
        path: `${OUTPUT_DIR}/${g.group}.yaml`,
        content: manifestsYaml(g.objects),
        // A Secret's stringData is the real config text or `secrets:` values, passwords included: the file is as private as the Secret.
        mode: g.objects.some((o) => o.kind === "Secret") ? 0o600 : 0o644,
    }));
}
