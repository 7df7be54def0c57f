/**
 * Planning a spec *file* (the CLI's `plan`, `render` and `diff`): the spec's own checks, and
 * also the `docker:` block's, which only the component used to read. A file whose Docker
 * settings are wrong is as wrong as one with a bad host, even though `render` writes no
 * Docker resources: it is the file the user deploys from.
 */
import { mergeProblems, SpecError, SpecProblem } from "../spec/errors";
import { DEFAULT_HOST } from "../spec/normalize";
import { dockerArgsProblems } from "../targets/docker/plan";
import { DockerTargetArgs } from "../targets/docker/types";
import { planSpec, PlanOptions, PlanResult } from "./planner";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The `docker:` block's problems; shape errors are the schema's, so only an object is read here. */
export function dockerBlockProblems(raw: unknown): SpecProblem[] {
    if (!isObject(raw) || !isObject(raw.docker)) return [];
    const hosts = Array.isArray(raw.hosts)
        ? raw.hosts.map((h) => (isObject(h) ? h.name : undefined)).filter((n): n is string => typeof n === "string")
        : [DEFAULT_HOST.name];
    return dockerArgsProblems(raw.docker as DockerTargetArgs, [], hosts);
}

/** planSpec, with the `docker:` block's problems reported together with the spec's. */
export function planSpecFile(raw: unknown, options: PlanOptions = {}): PlanResult {
    const docker = dockerBlockProblems(raw);
    try {
        const result = planSpec(raw, options);
        if (docker.length > 0) throw new SpecError(docker);
        return result;
    } catch (e) {
        if (e instanceof SpecError && docker.length > 0) throw new SpecError(mergeProblems(e.problems, docker));
        throw e;
    }
}
