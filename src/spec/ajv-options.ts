/**
 * The ajv options the spec validators are generated with (scripts/schema-generator.ts). Kept
 * apart from ajv itself: the CLI and the component load only the generated validators, so a
 * run never compiles the schema (about 100 ms of every `plan`).
 */
export const AJV_OPTIONS = {
    // Every problem at once, not the first.
    allErrors: true,
    // Each error carries its data and the schema around it, for the messages (validate.ts).
    verbose: true,
    strict: false,
    allowUnionTypes: true,
} as const;

/** The validators the generated module exports, by name, and the schema each checks against. */
export const GENERATED_VALIDATORS = { spec: "spec", plan: "spec#/definitions/Plan" } as const;
