/**
 * `npm run schema`: writes schema/deployment.schema.json from src/spec/types.ts with
 * ts-json-schema-generator, and the validators compiled from it (ajv standalone) to
 * src/spec/schema-validators.generated.ts. The TypeScript types are the one source; doc
 * comments become descriptions and `@pattern`/`@minimum`-style tags become constraints.
 * `--check` exits 1 when a committed file differs from what the types give (the test suite
 * compares the recorded digests).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { relative } from "node:path";
import { SCHEMA_PATH, VALIDATORS_PATH, generateSpecSchema, schemaText, validatorsText } from "./schema-generator";

const schema = generateSpecSchema();
const outputs = [
    { path: SCHEMA_PATH, text: schemaText(schema) },
    { path: VALIDATORS_PATH, text: validatorsText(schema) },
];
const shown = (path: string) => relative(process.cwd(), path);
if (process.argv.includes("--check")) {
    const stale = outputs.filter((o) => readFileSync(o.path, "utf8") !== o.text);
    for (const o of stale) process.stderr.write(`${shown(o.path)} is stale: run \`npm run schema\` and commit it\n`);
    if (stale.length > 0) process.exit(1);
} else {
    for (const o of outputs) {
        writeFileSync(o.path, o.text);
        process.stdout.write(`wrote ${shown(o.path)} (${o.text.length} bytes)\n`);
    }
}
