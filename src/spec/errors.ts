/** One thing wrong with a spec: where (a property path), who (an instance), what, and the fix. */
export interface SpecProblem {
    /** Property path in the spec, e.g. `products[1].instances[0].offset`. */
    path: string;
    message: string;
    instance?: string;
}

/** Every problem of one spec, reported together; thrown before anything is planned or registered. */
export class SpecError extends Error {
    constructor(public readonly problems: SpecProblem[]) {
        super(`invalid WSO2 deployment spec (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
            problems.map((p) => `  - ${p.path}: ${p.message}`).join("\n"));
        this.name = "SpecError";
    }
}

export class ProblemList {
    readonly items: SpecProblem[] = [];
    add(path: string, message: string, instance?: string): void {
        this.items.push(instance ? { path, message, instance } : { path, message });
    }
    get empty(): boolean {
        return this.items.length === 0;
    }
    throwIfAny(): void {
        if (!this.empty) throw new SpecError(this.items);
    }
}

const covers = (outer: string, inner: string) => inner === outer || inner.startsWith(`${outer}.`) || inner.startsWith(`${outer}[`);

/**
 * The problems of several phases (old spellings, shape, resolution, planning), in that order.
 * A later phase's problem at a path an earlier one already explained, or inside it, is the
 * same mistake seen again and is dropped; every other problem stays.
 */
export function mergeProblems(...phases: SpecProblem[][]): SpecProblem[] {
    const merged: SpecProblem[] = [];
    for (const phase of phases) {
        const earlier = [...merged];
        for (const p of phase) {
            if (earlier.some((e) => covers(e.path, p.path))) continue;
            if (!merged.some((m) => m.path === p.path && m.message === p.message)) merged.push(p);
        }
    }
    return merged;
}
