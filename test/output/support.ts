/** A file system that fails at its Nth call, and a byte-for-byte picture of a directory tree. */
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { nodeWriterFs, WriterFs } from "../../src/output/fs";

const errno = (code: string, syscall: string) => Object.assign(new Error(`${code}: injected failure, ${syscall}`), { code, syscall });

/**
 * The real file system, counting calls; call number `failAt` (1-based) throws an errno error
 * instead. `noHardLinks` makes every link() fail with EPERM, as on FAT.
 */
export function countingFs(failAt = Infinity, code = "ENOSPC", noHardLinks = false): { fs: WriterFs; calls: () => number } {
    let calls = 0;
    const fs = Object.fromEntries(Object.entries(nodeWriterFs).map(([name, call]) => [name, (...args: unknown[]) => {
        calls += 1;
        if (calls === failAt) throw errno(code, name);
        if (noHardLinks && name === "link") throw errno("EPERM", name);
        return (call as (...a: unknown[]) => unknown)(...args);
    }])) as unknown as WriterFs;
    // One call per descriptor, as the writer's fsyncs were one call each; a failure is a rejection, as from the real one.
    fs.fsyncAll = async (fds) => {
        for (const _ of fds) {
            calls += 1;
            if (calls === failAt) throw errno(code, "fsync");
        }
        await nodeWriterFs.fsyncAll(fds);
    };
    return { fs, calls: () => calls };
}

/** Every entry under a directory: path, kind, mode and content (or link target). Undefined when it does not exist. */
export function snapshot(dir: string): string[] | undefined {
    let root;
    try {
        root = lstatSync(dir);
    } catch {
        return undefined;
    }
    const entries: string[] = [`. ${(root.mode & 0o7777).toString(8)}`];
    const walk = (d: string, rel: string): void => {
        for (const name of readdirSync(d).sort()) {
            const path = join(d, name);
            const r = rel ? `${rel}/${name}` : name;
            const st = lstatSync(path);
            const mode = (st.mode & 0o7777).toString(8);
            if (st.isSymbolicLink()) entries.push(`${r} link ${readlinkSync(path)}`);
            else if (st.isDirectory()) {
                entries.push(`${r}/ ${mode}`);
                walk(path, r);
            } else entries.push(`${r} ${mode} ${readFileSync(path).toString("base64")}`);
        }
    };
    walk(dir, "");
    return entries;
}

/**
 * A temporary directory on tmpfs when there is one: the writer fsyncs every file and
 * directory, which costs real milliseconds on a disk and nothing on tmpfs.
 */
export function fastTempDir(): string {
    const base = existsSync("/dev/shm") ? "/dev/shm" : tmpdir();
    return mkdtempSync(join(base, "wso2-output-"));
}
