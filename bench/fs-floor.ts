/**
 * `node fs-floor.js TREE OUT`: writes the tree that TREE lists (a JSON array of [path, size in
 * bytes], a render's output) into the new directory OUT as durably as render's writer does,
 * with nothing else (each file's bytes are a cut of one buffer: the disk's cost does not
 * depend on which bytes they are, and reading the texts in would cost more than writing them): each file created flat in a staging directory, written, fsynced 64 at a time
 * on a thread pool of render's size, then the directories made, the files renamed into
 * place and every directory fsynced. The benchmark times it as a fresh process beside
 * render: what the file system alone costs for the same tree on the same disk, a floor
 * under render's own time that no code in render can go below.
 */
process.env.UV_THREADPOOL_SIZE = "16"; // as src/cli/main.ts sets it, before the pool starts

import { closeSync, fsync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";

const BATCH = 64;
const fsyncOne = (fd: number) => new Promise<void>((done, fail) => fsync(fd, (e) => (e ? fail(e) : done())));

async function syncAll(fds: number[]): Promise<void> {
    for (let start = 0; start < fds.length; start += BATCH) await Promise.all(fds.slice(start, start + BATCH).map(fsyncOne));
    for (const fd of fds) closeSync(fd);
}

async function writeTree(files: [string, number][], out: string): Promise<void> {
    const staging = join(out, ".staging");
    mkdirSync(staging, 0o700);
    const bytes = Buffer.alloc(Math.max(0, ...files.map(([, size]) => size)), "#");
    const fds = files.map(([, size], i) => {
        const fd = openSync(join(staging, String(i)), "wx", 0o600);
        for (let done = 0; done < size;) done += writeSync(fd, bytes, done, size - done);
        return fd;
    });
    await syncAll(fds);
    const dirs = new Set<string>([out, staging]);
    const ensure = (dir: string): void => {
        if (dirs.has(dir)) return;
        ensure(dirname(dir));
        mkdirSync(dir, 0o700);
        dirs.add(dir);
    };
    files.forEach(([path], i) => {
        const target = join(out, path);
        ensure(dirname(target));
        renameSync(join(staging, String(i)), target);
    });
    await syncAll([...dirs].map((d) => openSync(d, "r")));
}

const [tree, out] = process.argv.slice(2);
writeTree(JSON.parse(readFileSync(tree, "utf8")) as [string, number][], out).catch((e) => {
    console.error(e);
    process.exitCode = 1;
});
