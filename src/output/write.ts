/**
 * Writes `render`'s artifacts into an output directory, and keeps the directory in step
 * with the spec: files written by an earlier run and no longer produced (an instance that
 * was removed) are deleted. Only those: the list of what was written lives in
 * MANIFEST_NAME, and nothing outside it is ever touched.
 */
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, renameSync, rmdirSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, normalize, resolve, sep } from "node:path";
import { compareKeys } from "../render/tree";
import { SpecError, SpecProblem } from "../spec/errors";
import { Artifact } from "./artifacts";

export const MANIFEST_NAME = ".wso2-ports-files.json";
/** Directories hold private config files: only their owner may list them. */
export const DIR_MODE = 0o700;
const MANIFEST_MODE = 0o600;

export interface WriteResult {
    written: string[];
    removed: string[];
}

/** A path that stays inside the output directory: relative, normalized, no `..`. */
export function isSafeRelativePath(path: string): boolean {
    if (typeof path !== "string" || path === "" || isAbsolute(path) || path.includes("\\")) return false;
    const parts = path.split("/");
    return normalize(path).split(sep).join("/") === path && !parts.some((p) => p === "" || p === "." || p === "..");
}

/** Every problem with a set of artifacts (bad or clashing paths), before anything is written. */
export function artifactProblems(artifacts: Artifact[]): SpecProblem[] {
    const problems: SpecProblem[] = [];
    const seen = new Set<string>();
    for (const a of artifacts) {
        if (!isSafeRelativePath(a.path) || a.path === MANIFEST_NAME) {
            problems.push({ path: a.path, message: "an output file must have a relative path inside the output directory" });
        } else if (seen.has(a.path)) {
            problems.push({ path: a.path, message: "two producers write this file; a host, group or instance name clashes with another output file" });
        }
        seen.add(a.path);
    }
    return problems;
}

/** What an earlier run wrote; entries that are not safe relative paths are ignored, never deleted. */
export function readManifest(dir: string): string[] {
    const path = join(dir, MANIFEST_NAME);
    if (!existsSync(path)) return [];
    try {
        const list: unknown = JSON.parse(readFileSync(path, "utf8"));
        return Array.isArray(list) ? list.filter((p): p is string => typeof p === "string" && isSafeRelativePath(p)) : [];
    } catch {
        return [];
    }
}

function ensureDir(path: string): void {
    if (!existsSync(path)) mkdirSync(path, { recursive: true, mode: DIR_MODE });
    else if (!statSync(path).isDirectory()) throw new SpecError([{ path, message: "exists and is not a directory" }]);
}

/** Each directory between the output directory and the file, so every one gets DIR_MODE. */
function dirsOf(relative: string): string[] {
    const parts = relative.split("/").slice(0, -1);
    return parts.map((_, i) => parts.slice(0, i + 1).join("/"));
}

/** Write to a temporary name and rename: a reader never sees half a file, and the mode is set before the content lands. */
function writeFileAtomic(path: string, content: string, mode: number): void {
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, content, { mode });
    chmodSync(temp, mode); // the umask may have narrowed or the file may have existed
    renameSync(temp, path);
}

function isFile(path: string): boolean {
    try {
        return lstatSync(path).isFile();
    } catch {
        return false;
    }
}

function removeIfEmpty(dir: string, root: string): void {
    for (let d = dir; d !== root && d.startsWith(root + sep); d = dirname(d)) {
        try {
            rmdirSync(d);
        } catch {
            return; // not empty (holds files we did not write, or other output), or gone
        }
    }
}

/**
 * Writes the artifacts (each with its own mode), deletes what an earlier run wrote that is
 * no longer produced, and records the new list. Throws SpecError before writing anything
 * when a path is bad.
 */
export function writeArtifacts(dir: string, artifacts: Artifact[]): WriteResult {
    const problems = artifactProblems(artifacts);
    if (problems.length > 0) throw new SpecError(problems);
    const root = resolve(dir);
    const existed = existsSync(root);
    ensureDir(root);
    if (!existed) chmodSync(root, DIR_MODE);
    const previous = readManifest(root);
    const sorted = [...artifacts].sort((a, b) => compareKeys(a.path, b.path));
    const keep = new Set(sorted.map((a) => a.path));
    // Stale files go first: an old file may sit where a new directory must be.
    const removed = previous.filter((p) => !keep.has(p) && isFile(join(root, p))).sort(compareKeys);
    for (const p of removed) {
        unlinkSync(join(root, p));
        removeIfEmpty(dirname(join(root, p)), root);
    }
    for (const a of sorted) {
        for (const d of dirsOf(a.path)) {
            ensureDir(join(root, d));
            chmodSync(join(root, d), DIR_MODE);
        }
        writeFileAtomic(join(root, a.path), a.content, a.mode);
    }
    const written = sorted.map((a) => a.path);
    writeFileAtomic(join(root, MANIFEST_NAME), JSON.stringify(written, null, 2) + "\n", MANIFEST_MODE);
    return { written, removed };
}
