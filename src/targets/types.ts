import * as pulumi from "@pulumi/pulumi";
import { Plan } from "../plan/types";
import { RenderedConfig } from "../render/types";
import { ResolvedSpec } from "../spec/normalize";

/** What the Deployment component hands a target (Docker, Kubernetes) once planning succeeded. */
export interface TargetContext {
    /** The component's name; child names derive from it and from instance names. */
    name: string;
    parent: pulumi.ComponentResource;
    spec: ResolvedSpec;
    plan: Plan;
    configs: RenderedConfig[];
}
