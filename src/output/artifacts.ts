import { Plan } from "../plan/types";
import { RenderedConfig } from "../render/types";
import { ResolvedSpec } from "../spec/normalize";

/** A file `wso2-ports render` writes, relative to its output directory. */
export interface Artifact {
    path: string;
    content: string;
    /** File mode; 0o600 for anything that may hold secrets. */
    mode: number;
}

export interface ArtifactInput {
    spec: ResolvedSpec;
    plan: Plan;
    configs: RenderedConfig[];
    /** The Pulumi component's name (default `wso2`): it names Docker networks and the nft table. */
    deployment?: string;
}

/** Each concern (configs, firewall, Kubernetes) contributes its files to `render` through one of these. */
export type ArtifactProducer = (input: ArtifactInput) => Artifact[];
