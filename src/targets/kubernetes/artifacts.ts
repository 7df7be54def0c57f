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
import { specSecrets } from "../../spec/secrets";
import { ResolvedSpec } from "../../spec/normalize";
import { DeploymentSpec } from "../../spec/types";
import { kubernetesManifests } from "./manifests";
import { KubernetesObject } from "./objects";
import { KubernetesRenderOptions, kubernetesRenderOptions, planningSpecFor } from "./planning";
import { resolveKubernetesSettings } from "./settings";
import { SPEC_KEY } from "./spec-key";
import { assertValidObjects } from "./validate";
import { isObject } from "../../util/is-object";

export { SPEC_KEY };
export const OUTPUT_DIR = "kubernetes";

/**
 * `raw` is the spec file as parsed, before resolution: the only place the `kubernetes:`
 * settings live, since the resolved spec keeps just hosts, exposure and groups.
 */
export interface KubernetesArtifactInput extends ArtifactInput {
    raw?: unknown;
}

export type ConfigRenderer = (spec: ResolvedSpec, plan: Plan, options: KubernetesRenderOptions) => RenderedConfig[];

/** The spec again, from what resolution kept; every group's own spec is kept verbatim. */
function deploymentSpecOf(spec: ResolvedSpec): DeploymentSpec {
    return { hosts: spec.hosts, exposure: spec.exposure, products: spec.groups.map((g) => g.spec) };
}

export function manifestsYaml(objects: KubernetesObject[]): string {
    // No anchors: reviewers and some GitOps tools read each object on its own.
    return objects.map((o) => stringify(o, { lineWidth: 0, aliasDuplicateObjects: false })).join("---\n");
}

/**
 * The files for one spec, with the settings of its `kubernetes:` section (defaults where it
 * has none). A spec Kubernetes cannot run is an error naming why.
 */
export function kubernetesArtifactsWith(input: KubernetesArtifactInput, render: ConfigRenderer): Artifact[] {
    const rawSettings = isObject(input.raw) ? input.raw[SPEC_KEY] : undefined;
    const { settings, problems } = resolveKubernetesSettings(rawSettings, SPEC_KEY);
    const planned = planSpec(planningSpecFor(deploymentSpecOf(input.spec), settings, problems));
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
