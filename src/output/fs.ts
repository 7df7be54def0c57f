/**
 * The few file-system calls the writer makes, behind one interface: the writer's
 * transaction tests pass an implementation that fails at the Nth call, for every N.
 * Every call here works on one name and never follows a symbolic link at that name
 * (lstat, O_NOFOLLOW, rename and unlink act on the link itself).
 */
import * as fs from "node:fs";
import { textSlices } from "../util/text-slices";

export interface WriterFs {
    /** The entry itself (a link is not followed), or undefined when nothing is there. */
    lstat(path: string): fs.Stats | undefined;
    /** A new directory with a random, unpredictable name: `prefix` + six characters. */
    mkdtemp(prefix: string): string;
    mkdir(path: string, mode: number): void;
    /** Creates a file that must not exist yet (O_EXCL) and is never reached through a link (O_NOFOLLOW). */
    createFile(path: string, mode: number): number;
    /** Opens a regular file for reading without following a link; read with readFd. */
    openForRead(path: string): number;
    /** Opens a directory for fsync. */
    openDir(path: string): number;
    /** The whole text, UTF-8. */
    write(fd: number, text: string): void;
    readFd(fd: number): Buffer;
    fchmod(fd: number, mode: number): void;
    fsync(fd: number): void;
    /**
     * fsyncs every descriptor, several at once: each fsync waits for a journal commit, and
     * concurrent ones share it, where one after another each pays for its own. Rejects with
     * the first error once every call has settled (so no descriptor is closed while in use).
     */
    fsyncAll(fds: number[]): Promise<void>;
    close(fd: number): void;
    rename(from: string, to: string): void;
    /** A second name for a file (a hard link); some file systems (FAT, some FUSE) refuse with EPERM. */
    link(existing: string, newPath: string): void;
    unlink(path: string): void;
    rmdir(path: string): void;
    chmod(path: string, mode: number): void;
    /** The names in a directory. */
    readdir(path: string): string[];
}

/** Every byte of a text: a short write (a full disk may give one) goes on from where it stopped. */
function writeAll(fd: number, text: string): void {
    const written = fs.writeSync(fd, text);
    const bytes = Buffer.byteLength(text);
    if (written === bytes) return;
    const rest = Buffer.from(text).subarray(written);
    for (let done = 0; done < rest.length;) done += fs.writeSync(fd, rest, done, rest.length - done);
}

const fsyncOne = (fd: number) => new Promise<void>((done, fail) => fs.fsync(fd, (e) => (e ? fail(e) : done())));

const { O_WRONLY, O_RDONLY, O_CREAT, O_EXCL, O_NOFOLLOW, O_DIRECTORY } = fs.constants;

/** The real file system, through node:fs's synchronous calls. */
export const nodeWriterFs: WriterFs = {
    lstat(path) {
        try {
            return fs.lstatSync(path);
        } catch (e) {
            if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
            throw e;
        }
    },
    mkdtemp: (prefix) => fs.mkdtempSync(prefix),
    mkdir: (path, mode) => fs.mkdirSync(path, { mode }),
    createFile: (path, mode) => fs.openSync(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode),
    openForRead: (path) => fs.openSync(path, O_RDONLY | O_NOFOLLOW),
    openDir: (path) => fs.openSync(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW),
    write(fd, text) {
        for (const slice of textSlices(text)) writeAll(fd, slice);
    },
    readFd: (fd) => fs.readFileSync(fd),
    fchmod: (fd, mode) => fs.fchmodSync(fd, mode),
    fsync: (fd) => fs.fsyncSync(fd),
    async fsyncAll(fds) {
        const results = await Promise.allSettled(fds.map(fsyncOne));
        const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
        if (failed) throw failed.reason;
    },
    close: (fd) => fs.closeSync(fd),
    rename: (from, to) => fs.renameSync(from, to),
    link: (existing, newPath) => fs.linkSync(existing, newPath),
    unlink: (path) => fs.unlinkSync(path),
    rmdir: (path) => fs.rmdirSync(path),
    chmod: (path, mode) => fs.chmodSync(path, mode),
    readdir: (path) => fs.readdirSync(path),
};
