/**
 * Writes `render`'s artifacts into an output directory DIR as one transaction: on any error
 * DIR is left exactly as it was; on success it holds the whole new tree.
 *
 * Order of work, and why:
 * 1. Read-only checks. DIR must be a real directory (not a link) owned by the user running
 *    us; no directory on the way to a file we write may be a link, and no file we replace
 *    may be a link or a directory. Files already in DIR are hostile input: a link there
 *    would carry our writes (or deletions) outside DIR.
 * 2. The new tree goes into a fresh directory inside DIR made by mkdtemp (random name,
 *    mode 0700, so no name can be planted in advance), each file created with
 *    O_EXCL|O_NOFOLLOW, its mode set with fchmod (the umask may narrow it), and fsynced
 *    (64 at a time, concurrently: they share journal commits). Files DIR already holds byte
 *    for byte, as the manifest recorded them, are left out: they stay as they are.
 * 3. Swap: each old file gets a hard link in the temp directory as a backup, then its new
 *    file is renamed over it (a reader sees one or the other, never neither); without hard
 *    links the old file moves aside first. The manifest goes last. Stale files (written by
 *    an earlier run, no longer produced) move into the backup too, only once every new file
 *    is in place, and only regular files whose content still has the hash the manifest
 *    recorded:
 *    a file the user changed is kept and reported. Every step records its undo; an error
 *    runs the undos in reverse, so DIR is as before.
 * 4. After the commit (parents fsynced), backups and the temp directory are deleted.
 *    Nothing after the commit can fail the render: a leftover is a warning.
 *
 * Renames resolve the directories on their path again, so a link swapped in between the
 * checks and the renames could still move a file; only DIR's owner can do that, and the
 * ownership check keeps everyone else out.
 */
import { createHash } from "node:crypto";
import { Stats } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { compareKeys } from "../render/tree";
import { SpecError, SpecProblem } from "../spec/errors";
import { Artifact } from "./artifacts";
import { describeIoError, ioHint, isErrnoError, IoError } from "./errors";
import { nodeWriterFs, WriterFs } from "./fs";
import { artifactProblems, isSafeRelativePath, MANIFEST_NAME, NAME_MAX, TEMP_PREFIX } from "./paths";

export { artifactProblems, isSafeRelativePath, MANIFEST_NAME, TEMP_PREFIX };

/** Directories hold private config files: only their owner may list them. */
export const DIR_MODE = 0o700;
const MANIFEST_MODE = 0o600;
export interface KeptFile {
    path: string;
    reason: string;
}

export interface WriteResult {
    /** Every file of the new tree, manifest aside, sorted. */
    written: string[];
    /** Those of them DIR already held byte for byte, as an earlier run wrote them: left untouched. */
    unchanged: string[];
    /** Files an earlier run wrote that are no longer produced, deleted. */
    removed: string[];
    /** Files an earlier run wrote that are no longer produced but were left alone, with why. */
    kept: KeptFile[];
    /** Trouble after the commit (a temporary directory left behind); the render itself succeeded. */
    warnings: string[];
}

export interface WriteOptions {
    /** The file system; tests pass one that fails at a chosen call. */
    fs?: WriterFs;
}

const sha256 = (data: string | Buffer): string => createHash("sha256").update(data).digest("hex");
const HASH = /^[0-9a-f]{64}$/;

/** Path -> SHA-256 of what render wrote there; undefined for a list from before hashes were kept. */
export type Manifest = Map<string, string | undefined>;

/**
 * The manifest as an earlier run left it. It is hostile input: entries that are not safe
 * relative paths, or carry a malformed hash, are dropped (so never deleted).
 */
export function parseManifest(text: string): Manifest {
    let data: unknown;
    try {
        data = JSON.parse(text);
    } catch {
        return new Map();
    }
    // Before content hashes, the manifest was a plain list of paths.
    if (Array.isArray(data)) return new Map(data.filter((p): p is string => isSafeRelativePath(p)).map((p) => [p, undefined]));
    const files = (data as { files?: unknown })?.files;
    if (typeof files !== "object" || files === null || Array.isArray(files)) return new Map();
    return new Map(Object.entries(files).filter(([p, h]) => isSafeRelativePath(p) && typeof h === "string" && HASH.test(h)) as [string, string][]);
}

export function manifestText(manifest: Manifest): string {
    const files = Object.fromEntries([...manifest].sort(([a], [b]) => compareKeys(a, b)));
    return JSON.stringify({ writtenBy: "wso2-ports render", sha256: "each file's content hash when written", files }, null, 2) + "\n";
}

/** Each directory between the output directory and the file, outermost first. */
function dirsOf(relative: string): string[] {
    const parts = relative.split("/").slice(0, -1);
    return parts.map((_, i) => parts.slice(0, i + 1).join("/"));
}

interface PlannedFile {
    path: string;
    /** Kept as text to the write: a Buffer of each would hold all the output (13 MB at 1,000 instances) in fresh memory at once. */
    text: string;
    mode: number;
}

/** An errno error as IoError naming what failed; anything else as it is. */
function named(e: unknown, what: string): unknown {
    return isErrnoError(e) ? new IoError(`cannot ${what}: ${describeIoError(e)}`, e.code) : e;
}

/** Runs fs calls, turning an errno error into IoError that names what failed, relative to DIR. */
class Io {
    constructor(readonly fs: WriterFs, private readonly shown: string) {}
    show(relative: string): string {
        return relative === "" ? this.shown : join(this.shown, relative);
    }
    run<T>(what: string, call: () => T): T {
        try {
            return call();
        } catch (e) {
            throw named(e, what);
        }
    }
    async runAsync<T>(what: string, call: () => Promise<T>): Promise<T> {
        try {
            return await call();
        } catch (e) {
            throw named(e, what);
        }
    }
    lstat(root: string, relative: string): Stats | undefined {
        return this.run(`read ${this.show(relative)}`, () => this.fs.lstat(relative === "" ? root : join(root, relative)));
    }
    readFile(path: string, shown: string): Buffer {
        return this.run(`read ${shown}`, () => {
            const fd = this.fs.openForRead(path);
            try {
                return this.fs.readFd(fd);
            } finally {
                this.fs.close(fd);
            }
        });
    }
}

const kindOf = (st: Stats): string => (st.isSymbolicLink() ? "a symbolic link" : st.isDirectory() ? "a directory" : st.isFile() ? "a file" : "a special file");

/** DIR itself: a real directory of ours, or missing (then its missing ancestors, outermost first). */
function inspectRoot(io: Io, root: string): { existed: boolean; missing: string[] } {
    const st = io.lstat(root, "");
    if (st) {
        const problem = st.isSymbolicLink() ? "is a symbolic link; render writes only into a real directory: give the link's target, or another --out"
            : !st.isDirectory() ? `is ${kindOf(st)}, not a directory: choose another --out`
                : ownerProblem(st);
        if (problem) throw new SpecError([{ path: io.show(""), message: problem }]);
        return { existed: true, missing: [] };
    }
    const missing = [root];
    for (let d = dirname(root); !io.lstat(d, ""); d = dirname(d)) missing.unshift(d); // "/" always exists
    return { existed: false, missing };
}

function ownerProblem(st: Stats): string | undefined {
    const me = process.geteuid?.();
    if (me === undefined || st.uid === me) return undefined;
    return `is owned by user ${st.uid}, not by you (${me}); render writes only into your own directory: choose another --out`;
}

/** Links or non-directories on the way to the files we write, and links or directories where they go. */
function treeProblems(io: Io, root: string, paths: string[]): SpecProblem[] {
    const problems = new Map<string, string>();
    const fix = "render never writes through a link or over a directory: move it away, or choose another --out";
    for (const path of paths) {
        for (const d of dirsOf(path)) {
            const st = io.lstat(root, d);
            if (!st) break;
            if (!st.isDirectory()) problems.set(d, `is ${kindOf(st)} where render needs a directory; ${fix}`);
            if (!st.isDirectory()) break;
        }
        const st = io.lstat(root, path);
        if (st && !st.isFile()) problems.set(path, `is ${kindOf(st)} where render writes a file; ${fix}`);
    }
    return [...problems].map(([p, message]) => ({ path: io.show(p), message }));
}

function readPreviousManifest(io: Io, root: string): Manifest {
    const st = io.lstat(root, MANIFEST_NAME);
    if (!st) return new Map();
    if (!st.isFile()) {
        throw new SpecError([{ path: io.show(MANIFEST_NAME), message: `is ${kindOf(st)}, not render's list of the files it wrote: remove it` }]);
    }
    return parseManifest(io.readFile(join(root, MANIFEST_NAME), io.show(MANIFEST_NAME)).toString("utf8"));
}

/**
 * Whether DIR already holds this file exactly as an earlier run wrote it (same content hash
 * in the manifest and on disk, same mode, in directories of DIR_MODE): it is then left alone,
 * so a render that changes nothing rewrites nothing, and file times move only for real changes.
 */
function alreadyInPlace(io: Io, root: string, file: PlannedFile, hash: string, previous: Manifest): boolean {
    if (previous.get(file.path) !== hash) return false;
    if (dirsOf(file.path).some((d) => ((io.lstat(root, d)?.mode ?? 0) & 0o777) !== DIR_MODE)) return false;
    const st = io.lstat(root, file.path);
    if (!st?.isFile() || (st.mode & 0o7777) !== file.mode || st.size !== Buffer.byteLength(file.text)) return false;
    return sha256(io.readFile(join(root, file.path), io.show(file.path))) === hash;
}

/** Why an earlier run's file must stay, or "stale" when it may go, or "gone" when it is not there. */
function staleVerdict(io: Io, root: string, path: string, hash: string | undefined): string {
    for (const d of dirsOf(path)) {
        const st = io.lstat(root, d);
        if (!st) return "gone";
        if (st.isSymbolicLink()) return `${d} is a symbolic link now`;
        if (!st.isDirectory()) return "gone";
    }
    const st = io.lstat(root, path);
    if (!st) return "gone";
    if (!st.isFile()) return `it is ${kindOf(st)} now`;
    if (hash === undefined) return "an older wso2-ports listed it without a content hash";
    return sha256(io.readFile(join(root, path), io.show(path))) === hash ? "stale" : "it changed since render wrote it";
}

/**
 * An earlier run's files that are no longer produced: the stale ones may go; the rest are
 * kept, reported, and stay in the manifest (so they are reported again until dealt with).
 */
function sortOutPrevious(io: Io, root: string, previous: Manifest, manifest: Manifest): { stale: string[]; kept: KeptFile[] } {
    const stale: string[] = [];
    const kept: KeptFile[] = [];
    for (const [path, hash] of [...previous].filter(([p]) => !manifest.has(p)).sort(([a], [b]) => compareKeys(a, b))) {
        const verdict = staleVerdict(io, root, path, hash);
        if (verdict === "stale") stale.push(path);
        else if (verdict !== "gone") {
            kept.push({ path, reason: verdict });
            manifest.set(path, hash);
        }
    }
    return { stale, kept };
}

/** Steps taken and how to take each back; rollback runs the undos newest first. */
class Journal {
    private undos: { what: string; undo: () => void }[] = [];
    did(what: string, undo: () => void): void {
        this.undos.push({ what, undo });
    }
    /** Undoes every step; returns what could not be undone. */
    rollback(): string[] {
        const failed: string[] = [];
        for (const { what, undo } of this.undos.reverse()) {
            try {
                undo();
            } catch (e) {
                failed.push(`${what} (${describeIoError(e)})`);
            }
        }
        this.undos = [];
        return failed;
    }
    commit(): void {
        this.undos = [];
    }
}

interface Transaction {
    io: Io;
    root: string;
    temp: string;
    journal: Journal;
    backups: string[];
    /** Directories in DIR whose entries changed: fsynced before the commit. */
    touched: Set<string>;
    /** Directories of DIR (relative) ensureDirs has seen to, and those of them it created: nothing in those can be in the way. */
    ensured: Set<string>;
    created: Set<string>;
}

function makeDir({ io, journal }: Pick<Transaction, "io" | "journal">, path: string, shown: string): void {
    io.run(`create directory ${shown}`, () => io.fs.mkdir(path, DIR_MODE));
    journal.did(`remove ${shown}`, () => io.fs.rmdir(path));
    // The umask may have narrowed the mode (never widened it): set it exactly.
    io.run(`set the mode of ${shown}`, () => io.fs.chmod(path, DIR_MODE));
}

/** Files staged, and so fsynced, at once: enough to share journal commits, few enough open descriptors. */
const SYNC_BATCH = 64;

/** The staged copy of the i-th file: flat, so staging creates no directories (and removes none after). */
const stagedPath = (tx: Transaction, index: number) => join(stagingDir(tx), String(index));
/** Inside the transaction's temp directory: new/ the staged files, old/ the files they replace (named in interruptedRenders' report). */
const stagingDir = (tx: Transaction): string => join(tx.temp, "new");
const backupDir = (tx: Transaction): string => join(tx.temp, "old");

/** Creates and fills a staged file; its descriptor stays open for the batch's fsync. */
function createTempFile(tx: Transaction, path: string, file: PlannedFile): number {
    const { fs } = tx.io;
    const what = `write ${tx.io.show(file.path)}`;
    const fd = tx.io.run(what, () => fs.createFile(path, file.mode));
    tx.journal.did(`remove ${path}`, () => unlinkIfPresent(fs, path)); // gone when a rollback put the old file back over it
    try {
        tx.io.run(what, () => {
            fs.write(fd, file.text);
            fs.fchmod(fd, file.mode);
        });
    } catch (e) {
        closeQuietly(fs, [fd]);
        throw e;
    }
    return fd;
}

/** Closes descriptors after a failure, whose error is the one to report. */
function closeQuietly(fs: WriterFs, fds: number[]): void {
    for (const fd of fds) {
        try {
            fs.close(fd);
        } catch {
            // the first error is the one to report
        }
    }
}

/** fsyncs open descriptors together, then closes them; `what` names them in an error. */
async function syncAndClose(tx: Transaction, fds: number[], what: string): Promise<void> {
    const { fs } = tx.io;
    try {
        await tx.io.runAsync(`sync ${what}`, () => fs.fsyncAll(fds));
    } catch (e) {
        closeQuietly(fs, fds);
        throw e;
    }
    for (const fd of fds) tx.io.run(`close ${what}`, () => fs.close(fd));
}

/** Directories fsynced together (a rename or a removal is durable once its directory is). */
async function fsyncDirs(tx: Transaction, dirs: { path: string; shown: string }[]): Promise<void> {
    const { fs } = tx.io;
    const fds: number[] = [];
    try {
        for (const d of dirs) fds.push(tx.io.run(`sync ${d.shown}`, () => fs.openDir(d.path)));
    } catch (e) {
        closeQuietly(fs, fds);
        throw e;
    }
    await syncAndClose(tx, fds, dirs.length === 1 ? dirs[0].shown : `${dirs.length} directories in ${tx.io.show("")}`);
}

/** Stage 2: the whole new tree inside the temp directory, flat, synced. */
async function stage(tx: Transaction, files: PlannedFile[]): Promise<void> {
    const staged = stagingDir(tx);
    makeDir(tx, staged, "a temporary directory");
    for (let start = 0; start < files.length; start += SYNC_BATCH) {
        const fds: number[] = [];
        try {
            for (let i = start; i < Math.min(start + SYNC_BATCH, files.length); i++) fds.push(createTempFile(tx, stagedPath(tx, i), files[i]));
        } catch (e) {
            closeQuietly(tx.io.fs, fds);
            throw e;
        }
        await syncAndClose(tx, fds, `the new files in ${tx.io.show("")}`);
    }
    await fsyncDirs(tx, [{ path: staged, shown: "a temporary directory" }]);
}

/** Moves a file of DIR into the backup area, undoably. */
function backUp(tx: Transaction, relative: string): void {
    const { fs } = tx.io;
    const from = join(tx.root, relative);
    const to = join(backupDir(tx), String(tx.backups.length));
    tx.io.run(`move ${tx.io.show(relative)} aside`, () => fs.rename(from, to));
    tx.backups.push(to);
    tx.journal.did(`put back ${tx.io.show(relative)}`, () => fs.rename(to, from));
    tx.touched.add(join(from, ".."));
}

/** Errors of link(2) that mean "this file system has no hard links", not "the disk failed". */
const NO_HARD_LINKS = new Set(["EPERM", "ENOTSUP", "EOPNOTSUPP", "EMLINK"]);

/** Ignores "already gone": a rollback may have moved the file back where it came from. */
function unlinkIfPresent(fs: WriterFs, path: string): void {
    try {
        fs.unlink(path);
    } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    }
}

/**
 * Puts a staged file in place. Over an existing file this is one rename, so a reader sees
 * the old file or the new one, never neither; a hard link keeps the old one for a
 * rollback. Where the file system has no hard links, the old file moves aside first.
 */
function place(tx: Transaction, relative: string, staged: string): void {
    const { fs } = tx.io;
    const target = join(tx.root, relative);
    const shown = tx.io.show(relative);
    tx.touched.add(join(target, ".."));
    if (!tx.created.has(dirname(relative)) && tx.io.lstat(tx.root, relative)) {
        const backup = join(backupDir(tx), String(tx.backups.length));
        if (keepCopy(tx, target, backup, shown)) {
            tx.io.run(`move ${shown} into place`, () => fs.rename(staged, target));
            tx.journal.did(`put back ${shown}`, () => fs.rename(backup, target));
            return;
        }
        backUp(tx, relative);
    }
    tx.io.run(`move ${shown} into place`, () => fs.rename(staged, target));
    tx.journal.did(`take back ${shown}`, () => fs.rename(target, staged));
}

/** A hard link to the old file in the backup area; false when the file system has none. */
function keepCopy(tx: Transaction, target: string, backup: string, shown: string): boolean {
    const { fs } = tx.io;
    try {
        fs.link(target, backup);
    } catch (e) {
        if (NO_HARD_LINKS.has((e as NodeJS.ErrnoException).code ?? "")) return false;
        throw new IoError(`cannot keep a copy of ${shown}: ${describeIoError(e)}`, (e as NodeJS.ErrnoException).code);
    }
    tx.backups.push(backup);
    tx.journal.did(`remove the copy of ${shown}`, () => unlinkIfPresent(fs, backup));
    return true;
}

/** The directories on the way to a file exist, each with DIR_MODE. */
function ensureDirs(tx: Transaction, relative: string): void {
    const { fs } = tx.io;
    for (const d of dirsOf(relative)) {
        if (tx.ensured.has(d)) continue;
        tx.ensured.add(d);
        const path = join(tx.root, d);
        const st = tx.io.lstat(tx.root, d);
        tx.touched.add(join(path, ".."));
        if (!st) {
            makeDir(tx, path, tx.io.show(d));
            tx.created.add(d);
        } else if ((st.mode & 0o777) !== DIR_MODE) {
            const before = st.mode & 0o7777;
            tx.io.run(`set the mode of ${tx.io.show(d)}`, () => fs.chmod(path, DIR_MODE));
            tx.journal.did(`restore the mode of ${tx.io.show(d)}`, () => fs.chmod(path, before));
        }
    }
}

/** Stage 3: every new file into place (old ones backed up), then the stale ones out. */
async function swap(tx: Transaction, files: PlannedFile[], stale: string[]): Promise<void> {
    const { fs } = tx.io;
    tx.io.run("create a temporary directory", () => fs.mkdir(backupDir(tx), DIR_MODE));
    tx.journal.did("remove a temporary directory", () => fs.rmdir(backupDir(tx)));
    files.forEach((file, i) => {
        ensureDirs(tx, file.path);
        place(tx, file.path, stagedPath(tx, i));
    });
    for (const path of stale) backUp(tx, path);
    for (const path of stale) removeEmptiedDirs(tx, path);
    const touched = [...tx.touched].sort().map((d) => ({ path: d, relative: d === tx.root ? "" : d.slice(tx.root.length + 1) }))
        .filter((d) => tx.io.lstat(tx.root, d.relative)); // an emptied directory is gone
    for (let start = 0; start < touched.length; start += SYNC_BATCH) {
        await fsyncDirs(tx, touched.slice(start, start + SYNC_BATCH).map((d) => ({ path: d.path, shown: tx.io.show(d.relative) })));
    }
}

/** Stage 4, after the commit: nothing here may fail the render. */
function cleanUp(tx: Transaction): string[] {
    const { fs } = tx.io;
    const attempt = (call: () => void): boolean => {
        try {
            call();
            return true;
        } catch {
            return false;
        }
    };
    const done = [
        ...tx.backups.map((b) => attempt(() => fs.unlink(b))),
        attempt(() => fs.rmdir(backupDir(tx))),
        attempt(() => fs.rmdir(stagingDir(tx))),
        attempt(() => fs.rmdir(tx.temp)),
    ];
    return done.every(Boolean) ? [] : [`could not remove the temporary directory ${tx.io.show(tx.temp.slice(tx.root.length + 1))}; delete it`];
}

/**
 * An emptied directory of a stale file goes too; one that holds anything else (the user's
 * files) stays. Part of the transaction: an error puts the directory back with its mode.
 */
function removeEmptiedDirs(tx: Transaction, relative: string): void {
    const { fs } = tx.io;
    for (const d of dirsOf(relative).reverse()) {
        const path = join(tx.root, d);
        const st = tx.io.lstat(tx.root, d);
        if (!st?.isDirectory()) return;
        try {
            fs.rmdir(path);
        } catch (e) {
            const code = (e as NodeJS.ErrnoException).code;
            if (code === "ENOTEMPTY" || code === "EEXIST") return;
            throw new IoError(`cannot remove the emptied directory ${tx.io.show(d)}: ${describeIoError(e)}`, code);
        }
        const mode = st.mode & 0o7777;
        tx.journal.did(`put back ${tx.io.show(d)}`, () => {
            fs.mkdir(path, mode);
            fs.chmod(path, mode);
        });
        tx.touched.add(join(path, ".."));
    }
}

/**
 * Temporary directories another render left behind (it was killed mid-way): reported, never
 * deleted, as after a kill during the swap they hold the only copy of the earlier files.
 */
function interruptedRenders(io: Io, root: string, ours: string): string[] {
    let names: string[];
    try {
        names = io.fs.readdir(root);
    } catch {
        return [];
    }
    return names.filter((n) => n.startsWith(TEMP_PREFIX) && join(root, n) !== ours).sort().map((n) =>
        `${io.show(n)} is left from an interrupted render: old/ holds the files it replaced, new/ the ones it had not placed yet (numbered in the sorted order of their paths, the file list last); delete it once you have checked`);
}

function failure(e: unknown, shown: string, undone: string[], temp: string | undefined): Error {
    const hint = e instanceof IoError ? ioHint(e.code) : undefined;
    const restored = undone.length === 0
        ? `; ${shown} is unchanged${hint ? `; ${hint}` : ""}`
        : `; could not undo: ${undone.join(", ")}${temp ? ` (the earlier files are in ${temp})` : ""}`;
    if (e instanceof IoError) return new IoError(e.message + restored, e.code);
    if (e instanceof Error) e.message += restored;
    return e as Error;
}

/**
 * Writes the artifacts (each with its own mode) as one transaction, removes what an earlier
 * run wrote that is no longer produced and still unchanged, and records the new list with
 * content hashes. Throws SpecError for bad paths or a hostile DIR, IoError for an I/O
 * failure; either way DIR is as it was.
 */
export async function writeArtifacts(dir: string, artifacts: Artifact[], options: WriteOptions = {}): Promise<WriteResult> {
    const problems = artifactProblems(artifacts);
    if (problems.length > 0) throw new SpecError(problems);
    const io = new Io(options.fs ?? nodeWriterFs, dir);
    const root = resolve(dir);
    const files: PlannedFile[] = [...artifacts].sort((a, b) => compareKeys(a.path, b.path))
        .map((a) => ({ path: a.path, text: a.content, mode: a.mode }));
    const written = files.map((f) => f.path);

    const journal = new Journal();
    let tx: Transaction | undefined;
    let stale: string[] = [];
    let kept: KeptFile[] = [];
    let unchanged: string[] = [];
    let changed: PlannedFile[] = [];
    try {
        const { existed, missing } = inspectRoot(io, root);
        const previous = existed ? readPreviousManifest(io, root) : new Map<string, string | undefined>();
        const found = existed ? treeProblems(io, root, [...written, MANIFEST_NAME]) : [];
        if (found.length > 0) throw new SpecError(found);
        const manifest: Manifest = new Map(files.map((f) => [f.path, sha256(f.text)]));
        unchanged = files.filter((f) => alreadyInPlace(io, root, f, manifest.get(f.path)!, previous)).map((f) => f.path);
        ({ stale, kept } = sortOutPrevious(io, root, previous, manifest));
        const skip = new Set(unchanged);
        changed = files.filter((f) => !skip.has(f.path));
        changed.push({ path: MANIFEST_NAME, text: manifestText(manifest), mode: MANIFEST_MODE });
        for (const d of missing) makeDir({ io, journal }, d, d === root ? dir : d);
        const temp = io.run(`create a temporary directory in ${dir}`, () => io.fs.mkdtemp(join(root, TEMP_PREFIX)));
        journal.did("remove the temporary directory", () => io.fs.rmdir(temp));
        tx = { io, root, temp, journal, backups: [], touched: new Set([root]), ensured: new Set(), created: new Set() };
        await stage(tx, changed);
        await swap(tx, changed, stale);
    } catch (e) {
        if (e instanceof SpecError) throw e; // found before anything was touched
        throw failure(e, dir, journal.rollback(), tx?.temp);
    }
    journal.commit();
    return { written, unchanged, removed: stale, kept, warnings: [...cleanUp(tx!), ...interruptedRenders(io, root, tx!.temp)] };
}

/** One line for the user: what render wrote, removed and kept. */
export function writeSummary(dir: string, result: WriteResult): string {
    const wrote = result.written.length - result.unchanged.length;
    const parts = [`wrote ${wrote} file${wrote === 1 ? "" : "s"} to ${dir}`];
    if (result.unchanged.length > 0) parts.push(`left ${result.unchanged.length} unchanged`);
    if (result.removed.length > 0) parts.push(`removed ${result.removed.length} no longer rendered (${result.removed.join(", ")})`);
    if (result.kept.length > 0) parts.push(`kept ${result.kept.length} no longer rendered (${result.kept.map((k) => `${k.path}: ${k.reason}`).join("; ")})`);
    return parts.join(", ") + (result.warnings.length > 0 ? `; warning: ${result.warnings.join("; ")}` : "");
}
