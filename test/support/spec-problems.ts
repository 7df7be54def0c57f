import { strict as assert } from "node:assert";
import { SpecError } from "../../src/spec/errors";

/** The `path: message` lines of the SpecError that `fn` throws; fails when it throws none. */
export function specProblemLines(fn: () => unknown): string[] {
    try {
        fn();
    } catch (e) {
        if (e instanceof SpecError) return e.problems.map((p) => `${p.path}: ${p.message}`);
        throw e;
    }
    return assert.fail("expected a SpecError");
}
