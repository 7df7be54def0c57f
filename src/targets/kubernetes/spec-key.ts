/**
 * A spec file targets Kubernetes when it has a top-level `kubernetes:` block (`kubernetes: {}`
 * takes every default), Docker otherwise (docs/spec-shape.md, rule 5).
 */
import { isObject } from "../../util/is-object";

export const SPEC_KEY = "kubernetes";

export function targetsKubernetes(raw: unknown): boolean {
    return isObject(raw) && SPEC_KEY in raw;
}
