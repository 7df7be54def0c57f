/**
 * `npm run schema`: writes schema/deployment.schema.json from src/spec/types.ts with
 * ts-json-schema-generator. The TypeScript types are the one source; doc comments become
 * descriptions and `@pattern`/`@minimum`-style tags become constraints. `--check` exits 1
 * when the committed file differs from what the types give (the test suite runs the same
 * comparison).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { SCHEMA_PATH, generateSpecSchema, schemaText } from "./schema-generator";

const text = schemaText(generateSpecSchema());
if (process.argv.includes("--check")) {
    const committed = readFileSync(SCHEMA_PATH, "utf8");
    if (committed !== text) {
        process.stderr.write(`${SCHEMA_PATH} is stale: run \`npm run schema\` and commit it\n`);
        process.exit(1);
    }
} else {
    writeFileSync(SCHEMA_PATH, text);
    process.stdout.write(`wrote ${SCHEMA_PATH} (${text.length} bytes)\n`);
}
