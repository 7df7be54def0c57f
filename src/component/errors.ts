import * as pulumi from "@pulumi/pulumi";
import { SpecError, SpecProblem } from "../spec/errors";

const details = (p: SpecProblem): pulumi.InputPropertyErrorDetails => ({ propertyPath: p.path, reason: p.message });

/**
 * The engine pretty-prints input-property errors against the component's args, so each
 * planner problem becomes one, its path and message unchanged: one bad field as
 * `InputPropertyError`, several at once as `InputPropertiesError` (as pulumi-eks does).
 */
export function toInputPropertyError(error: SpecError): pulumi.InputPropertyError | pulumi.InputPropertiesError {
    if (error.problems.length === 1) return new pulumi.InputPropertyError(details(error.problems[0]));
    return new pulumi.InputPropertiesError({ message: error.message, errors: error.problems.map(details) });
}

/** Runs `fn`, turning a SpecError into the engine's input-property error; other errors pass. */
export function withInputPropertyErrors<T>(fn: () => T): T {
    try {
        return fn();
    } catch (e) {
        if (e instanceof SpecError) throw toInputPropertyError(e);
        throw e;
    }
}
