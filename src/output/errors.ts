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
