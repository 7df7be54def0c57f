import { readFileSync } from "node:fs";
import { parseDocument } from "yaml";
import { SpecError } from "./errors";

/** Reads a spec file (YAML or JSON); a syntax error becomes a SpecError naming the line. */
export function loadSpecFile(path: string): unknown {
    let text: string;
    try {
        text = readFileSync(path, "utf8");
    } catch (e) {
        throw new SpecError([{ path, message: `cannot read spec file: ${(e as Error).message}` }]);
    }
    return parseSpecText(text, path);
}

export function parseSpecText(text: string, source = "spec"): unknown {
    const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
    if (doc.errors.length > 0) {
        throw new SpecError(doc.errors.map((e) => ({ path: source, message: `YAML: ${e.message.split("\n")[0]}` })));
    }
    return doc.toJS();
}
