/** A file-system failure (disk full, no permission, name too long, I/O error): the CLI's exit code 4, not "invalid input". */
export class IoError extends Error {
    constructor(message: string, public readonly code: string | undefined) {
        super(message);
        this.name = "IoError";
    }
}

/** The system's own words for an errno error, without the path or call node:fs appends: "no space left on device (ENOSPC)". */
export function describeIoError(e: unknown): string {
    const err = e as NodeJS.ErrnoException;
    if (typeof err?.code !== "string") return String((err as Error)?.message ?? e).split("\n")[0];
    const reason = /^[A-Z0-9_]+: ([^,]+)/.exec(err.message ?? "")?.[1] ?? err.code;
    return `${reason} (${err.code})`;
}

export const isErrnoError = (e: unknown): e is NodeJS.ErrnoException =>
    e instanceof Error && typeof (e as NodeJS.ErrnoException).code === "string" && /^E[A-Z0-9]+$/.test((e as NodeJS.ErrnoException).code!);

/** What to do about an I/O error, for the end of its one-line message. */
const HINTS: Record<string, string> = {
    ENOSPC: "free space on that file system (or choose another --out) and run again",
    EDQUOT: "free space within your quota (or choose another --out) and run again",
    EACCES: "check the permissions of the output directory, or choose another --out",
    EPERM: "check the permissions of the output directory, or choose another --out",
    EROFS: "the file system is read-only: choose another --out",
    ENAMETOOLONG: "shorten the host, group or instance names, or choose a shorter --out",
    ENOTDIR: "a part of the path is a file, not a directory: fix --out",
    EIO: "the device reported an error: check it, and run again",
};

export const ioHint = (code: string | undefined): string | undefined => (code ? HINTS[code] : undefined);
