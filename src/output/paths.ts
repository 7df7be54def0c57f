/**
 * Which paths `render` may write inside its output directory: checked for every artifact
 * before anything is planned to be written (and by `plan`, which loads no writer).
 */
import { isAbsolute, normalize, sep } from "node:path";
import { SpecProblem } from "../spec/errors";
import { Artifact } from "./artifacts";

/** The list of files render wrote, with their hashes: what a later render may remove. */
export const MANIFEST_NAME = ".wso2-ports-files.json";
/** The transaction's directory inside DIR: this prefix plus mkdtemp's six random characters. */
export const TEMP_PREFIX = ".wso2-ports-tmp-";
/** The longest file name Linux, macOS and Windows file systems take (NAME_MAX), in bytes. */
export const NAME_MAX = 255;

/** A path that stays inside the output directory: relative, normalized, no `..`. */
export function isSafeRelativePath(path: string): boolean {
    if (typeof path !== "string" || path === "" || isAbsolute(path) || path.includes("\\") || path.includes("\0")) return false;
    const parts = path.split("/");
    return normalize(path).split(sep).join("/") === path && !parts.some((p) => p === "" || p === "." || p === "..");
}

function artifactPathProblem(path: string): string | undefined {
    if (!isSafeRelativePath(path) || path === MANIFEST_NAME) return "an output file must have a relative path inside the output directory";
    if (path.startsWith(TEMP_PREFIX)) return `an output file must not start with ${TEMP_PREFIX} (render's own temporary directory)`;
    const long = path.split("/").find((p) => Buffer.byteLength(p) > NAME_MAX);
    if (long) return `a name in this path is ${Buffer.byteLength(long)} bytes long and file systems take at most ${NAME_MAX}: shorten the host, group or instance name`;
    return undefined;
}

/** Every problem with a set of artifacts (bad or clashing paths), before anything is written. */
export function artifactProblems(artifacts: readonly Pick<Artifact, "path">[]): SpecProblem[] {
    const problems: SpecProblem[] = [];
    const seen = new Set<string>();
    for (const a of artifacts) {
        const problem = artifactPathProblem(a.path);
        if (problem) problems.push({ path: a.path.slice(0, 80), message: problem });
        else if (seen.has(a.path)) {
            problems.push({ path: a.path, message: "two producers write this file; a host, group or instance name clashes with another output file" });
        }
        seen.add(a.path);
    }
    return problems;
}
