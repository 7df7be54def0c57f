/**
 * Planning a spec *file* (the CLI's `plan`, `render` and `diff`): the spec's own checks, and
 * also the `docker:` block's, which only the component used to read. A file whose Docker
 * settings are wrong is as wrong as one with a bad host, even though `render` writes no
 * Docker resources: it is the file the user deploys from. Its `secrets:` too: their names
 * and values reach the env files and Secrets that `render` writes.
 */
import { mergeProblems, SpecError, SpecProblem } from "../spec/errors";
import { DEFAULT_HOST } from "../spec/normalize";
import { specSecretsProblems } from "../spec/secrets";
import { dockerArgsProblems } from "../targets/docker/plan";
import { DockerTargetArgs } from "../targets/docker/types";
import { planSpec, PlanOptions, PlanResult } from "./planner";
import { isObject } from "../util/is-object";

/** The `docker:` block's problems; shape errors are the schema's, so only an object is read here. */
export function dockerBlockProblems(raw: unknown): SpecProblem[] {
    if (!isObject(raw) || !isObject(raw.docker)) return [];
    const hosts = Array.isArray(raw.hosts)
        ? raw.hosts.map((h) => (isObject(h) ? h.name : undefined)).filter((n): n is string => typeof n === "string")
        : [DEFAULT_HOST.name];
    return dockerArgsProblems(raw.docker as DockerTargetArgs, [], hosts);
}

/** planSpec, with the `docker:` block's and the `secrets:` problems reported together with the spec's. */
export function planSpecFile(raw: unknown, options: PlanOptions = {}): PlanResult {
    const fileOnly = [...dockerBlockProblems(raw), ...specSecretsProblems(raw)];
    try {
        const result = planSpec(raw, options);
        if (fileOnly.length > 0) throw new SpecError(fileOnly);
        return result;
    } catch (e) {
        if (e instanceof SpecError && fileOnly.length > 0) throw new SpecError(mergeProblems(e.problems, fileOnly));
        throw e;
    }
}
