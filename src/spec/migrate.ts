/**
 * Spellings of the old spec shape, each an error that names the new field
 * (docs/spec-shape.md rule 3): a migration, never a silent change of meaning.
 */
import { SpecProblem } from "./errors";
import { isObject } from "../util/is-object";

const MOVED_TOP_LEVEL: Record<string, string> = {
    target: "`target:` is gone: the target's settings are a top-level `docker:` or `kubernetes:` block",
    providers: "`providers:` is gone: give Docker daemon URLs in `docker.daemons` (TypeScript: Provider objects in the component's `dockerProviders` option)",
    firewall: "`firewall` is not a spec field: pass the firewall hook in the component's options, `new Deployment(name, args, { firewall })`",
};

function configText(owner: Record<string, unknown>, path: string, who: string): SpecProblem[] {
    return typeof owner.config === "string"
        ? [{ path: `${path}.config`, message: `${who}: config text goes in \`configToml\` now; \`config\` takes an object` }]
        : [];
}

function groupProblems(group: unknown, index: number): SpecProblem[] {
    if (!isObject(group)) return [];
    const path = `products[${index}]`;
    const who = `group ${JSON.stringify(group.name ?? index)}`;
    const problems = configText(group, path, who);
    if (typeof group.instances === "number") {
        problems.push({ path: `${path}.instances`, message: `${who}: a count goes in \`instanceCount: ${group.instances}\` now; \`instances\` is a list of { name, host, offset, ... }` });
    } else if (Array.isArray(group.instances)) {
        group.instances.forEach((inst, i) => {
            if (isObject(inst)) problems.push(...configText(inst, `${path}.instances[${i}]`, `instance ${JSON.stringify(inst.name ?? `${group.name}-${i + 1}`)}`));
        });
    }
    return problems;
}

/** Every old spelling in a spec (file, stack config or args), with the field that replaced it. */
export function movedFieldProblems(spec: unknown): SpecProblem[] {
    if (!isObject(spec)) return [];
    const top = Object.keys(MOVED_TOP_LEVEL).filter((k) => spec[k] !== undefined).map((k) => ({ path: k, message: MOVED_TOP_LEVEL[k] }));
    const groups = Array.isArray(spec.products) ? spec.products.flatMap(groupProblems) : [];
    return [...top, ...groups];
}
