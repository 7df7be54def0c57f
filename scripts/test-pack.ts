/**
 * `npm run test:pack`: the package as a consumer gets it. Packs the checkout (`npm pack`
 * runs `prepare`, so the tarball holds what `npm publish` would), installs the tarball into
 * a fresh temporary project with `npm install --offline`, type-checks a consumer program
 * that imports `pulumi-wso2`, and runs `wso2-ports plan` from `node_modules/.bin`.
 *
 * Offline: npm resolves a version range through the registry's package document, which
 * `npm ci` never caches, so the consumer starts from a lock file made of this repository's
 * lock (the runtime and peer dependencies' closure, exact versions and integrities) and
 * npm takes every tarball from its cache. The peer dependencies are the consumer's own
 * dependencies, as in a real program; a nested copy under pulumi-wso2 fails the check.
 *
 * Slow (tens of seconds), so .ci/run calls it before `npm test` instead of inside mocha's
 * 30-second budget. Prints one line per step; exits non-zero on the first failure. KEEP=1
 * keeps the temporary project and prints its path.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";

const ROOT = join(__dirname, "..");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

interface LockEntry {
    version?: string;
    integrity?: string;
    resolved?: string;
    link?: boolean;
    dependencies?: Record<string, string>;
    optionalDependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
    peerDependenciesMeta?: Record<string, { optional?: boolean }>;
    [key: string]: unknown;
}

interface PackageJson {
    name: string;
    version: string;
    license?: string;
    bin?: Record<string, string>;
    engines?: Record<string, string>;
    files?: string[];
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
    peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, "utf8")) as T;

function run(cmd: string, args: string[], cwd: string): string {
    try {
        return execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, npm_config_update_notifier: "false" } });
    } catch (e) {
        const err = e as { stdout?: string; stderr?: string; message: string };
        throw new Error(`${cmd} ${args.join(" ")} failed in ${cwd}:\n${err.stdout ?? ""}${err.stderr ?? err.message}`);
    }
}

function step<T>(what: string, fn: () => T): T {
    const start = Date.now();
    const result = fn();
    process.stdout.write(`test:pack: ${what} (${((Date.now() - start) / 1000).toFixed(1)} s)\n`);
    return result;
}

/** The lock path a `require(name)` from the package at `from` finds, as Node walks up node_modules. */
function resolveInLock(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
    let dir = from;
    for (;;) {
        const candidate = `${dir ? `${dir}/` : ""}node_modules/${name}`;
        if (packages[candidate]) return candidate;
        if (!dir) return undefined;
        const cut = dir.lastIndexOf("/node_modules/");
        dir = cut < 0 ? "" : dir.slice(0, cut);
    }
}

/** Every lock entry the given top-level packages need at run time (dependencies, optional and required peers). */
export function lockClosure(packages: Record<string, LockEntry>, roots: string[]): Record<string, LockEntry> {
    const kept: Record<string, LockEntry> = {};
    const queue = roots.map((r) => `node_modules/${r}`);
    while (queue.length > 0) {
        const path = queue.shift()!;
        if (kept[path]) continue;
        const entry = packages[path];
        if (!entry) throw new Error(`package-lock.json has no entry ${path}`);
        kept[path] = entry;
        const optionalPeers = new Set(Object.entries(entry.peerDependenciesMeta ?? {}).filter(([, m]) => m.optional).map(([n]) => n));
        const names = [
            ...Object.keys(entry.dependencies ?? {}),
            ...Object.keys(entry.optionalDependencies ?? {}),
            ...Object.keys(entry.peerDependencies ?? {}).filter((n) => !optionalPeers.has(n)),
        ];
        for (const name of names) {
            const found = resolveInLock(packages, path, name);
            if (found) queue.push(found);
            else if (!(name in (entry.optionalDependencies ?? {}))) throw new Error(`${path} needs ${name}, which package-lock.json does not hold`);
        }
    }
    // A consumer installs no dev tools: the flags of our own tree do not apply to theirs.
    return Object.fromEntries(Object.entries(kept).sort(([a], [b]) => a.localeCompare(b)).map(([p, e]) => {
        const { dev: _dev, devOptional: _devOptional, peer: _peer, ...rest } = e;
        return [p, rest];
    }));
}

const CONSUMER_PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import { Deployment, DeploymentSpec, planSpec, Plan } from "pulumi-wso2";
import { POLICIES } from "pulumi-wso2/policy";

const spec: DeploymentSpec = {
    products: [{ name: "is", product: "identity-server", version: "7.0.0" }],
};
// The planner is plain TypeScript: usable without an engine.
const offsets: number[] = planSpec(spec).plan.instances.map((i) => i.offset);

export function program(): { plan: pulumi.Output<Plan>; offsets: number[] } {
    const wso2 = new Deployment("wso2", spec);
    return { plan: wso2.typedPlan, offsets };
}

// What a policy pack imports (its own @pulumi/policy supplies the types' package).
export const policyNames: string[] = POLICIES.map((p) => p.name);
`;

/** Both resolutions a consumer may use: `node` reads `typesVersions`, `node16` reads `exports`. */
const CONSUMER_TSCONFIGS = {
    "tsconfig.json": { target: "ES2021", module: "commonjs", moduleResolution: "node" },
    "tsconfig.node16.json": { target: "ES2021", module: "node16", moduleResolution: "node16" },
};

function pack(out: string): string {
    const json = run(NPM, ["pack", "--json", "--pack-destination", out], ROOT);
    // `prepare` (the build) prints to stdout before npm's JSON.
    const [info] = JSON.parse(json.slice(json.indexOf("[\n"))) as { filename: string; files: { path: string }[]; size: number }[];
    const paths = info.files.map((f) => f.path);
    const unwanted = paths.filter((p) => !/^(lib\/.*\.(js|d\.ts)|schema\/.*\.json|README\.md|LICENSE|package\.json|PulumiPlugin\.yaml)$/.test(p));
    if (unwanted.length > 0) throw new Error(`the tarball holds files a consumer does not need: ${unwanted.join(", ")}`);
    for (const needed of ["lib/index.js", "lib/index.d.ts", "lib/cli/main.js", "README.md", "LICENSE"]) {
        if (!paths.includes(needed)) throw new Error(`the tarball lacks ${needed}`);
    }
    process.stdout.write(`test:pack: ${info.filename}: ${paths.length} files, ${(info.size / 1024).toFixed(0)} KiB packed\n`);
    return join(out, info.filename);
}

/** The lock entry npm itself writes for a dependency on a local tarball. */
function tarballEntry(pkg: PackageJson, tarball: string): LockEntry {
    const integrity = `sha512-${createHash("sha512").update(readFileSync(tarball)).digest("base64")}`;
    const { version, license, bin, engines, dependencies, peerDependencies, peerDependenciesMeta } = pkg;
    return { version, resolved: `file:../${basename(tarball)}`, integrity, license, bin, engines, dependencies, peerDependencies, peerDependenciesMeta };
}

function writeConsumer(dir: string, tarball: string): void {
    const pkg = readJson<PackageJson>(join(ROOT, "package.json"));
    const lock = readJson<{ packages: Record<string, LockEntry> }>(join(ROOT, "package-lock.json"));
    // The optional peer too (@pulumi/policy): the consumer also imports pulumi-wso2/policy, as a policy pack does.
    const allPeers = Object.keys(pkg.peerDependencies ?? {});
    const closure = lockClosure(lock.packages, [...Object.keys(pkg.dependencies ?? {}), ...allPeers]);
    const peers = Object.fromEntries(allPeers.map((n) => [n, closure[`node_modules/${n}`].version!.replace(/^v/, "")]));
    const dependencies = { ...peers, [pkg.name]: `file:../${basename(tarball)}` };
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true, dependencies }, null, 2));
    const packages = { "": { name: "consumer", version: "1.0.0", dependencies }, [`node_modules/${pkg.name}`]: tarballEntry(pkg, tarball), ...closure };
    writeFileSync(join(dir, "package-lock.json"), JSON.stringify({ name: "consumer", version: "1.0.0", lockfileVersion: 3, requires: true, packages }, null, 2));
    writeFileSync(join(dir, "index.ts"), CONSUMER_PROGRAM);
    for (const [file, options] of Object.entries(CONSUMER_TSCONFIGS)) {
        // skipLibCheck: @pulumi/policy 1.21's own index.d.ts names exports its proxy.d.ts lacks.
        const compilerOptions = { ...options, strict: true, noEmit: true, esModuleInterop: true, skipLibCheck: true };
        writeFileSync(join(dir, file), JSON.stringify({ compilerOptions, files: ["index.ts"] }, null, 2));
    }
    writeFileSync(join(dir, "spec.yaml"), readFileSync(join(ROOT, "examples/specs/two-hosts-wka.yaml")));
}

function checkInstalled(dir: string, pkg: PackageJson): void {
    const installed = join(dir, "node_modules", pkg.name);
    if (!existsSync(join(installed, "lib/index.js"))) throw new Error(`${pkg.name} is not installed in the consumer`);
    for (const peer of Object.keys(pkg.peerDependencies ?? {})) {
        if (existsSync(join(installed, "node_modules", peer))) throw new Error(`npm nested a second ${peer} under ${pkg.name}: the consumer's copy is not used`);
    }
    // A program loads the main entry only; it must not need the policy runtime.
    const probe = `const m = require(${JSON.stringify(pkg.name)});` +
        ` const policyLoaded = Object.keys(require.cache).some((k) => k.includes("@pulumi/policy"));` +
        ` const p = require(${JSON.stringify(`${pkg.name}/policy`)});` +
        ` process.stdout.write([typeof m.Deployment, typeof m.planSpec, policyLoaded, p.POLICIES.length].join(" "))`;
    const exported = run(process.execPath, ["-e", probe], dir);
    if (exported !== "function function false 3") {
        throw new Error(`require("${pkg.name}") and "${pkg.name}/policy" give Deployment, planSpec, @pulumi/policy loaded, POLICIES.length as ${exported}`);
    }
}

function checkPlanCli(dir: string): void {
    const bin = join(dir, "node_modules/.bin/wso2-ports");
    const out = run(bin, ["plan", "spec.yaml"], dir);
    for (const instance of ["is-1", "is-2", "apim-1", "apim-2", "mi-1"]) {
        if (!new RegExp(`\\b${instance}\\b`).test(out)) throw new Error(`wso2-ports plan printed no row for ${instance}:\n${out}`);
    }
}

function main(): void {
    const work = mkdtempSync(join(tmpdir(), "pulumi-wso2-pack-"));
    const pkg = readJson<PackageJson>(join(ROOT, "package.json"));
    try {
        const tarball = step("npm pack (runs prepare: the build)", () => pack(work));
        const consumer = join(work, "consumer");
        mkdirSync(consumer);
        writeConsumer(consumer, tarball);
        step("npm ci --offline: the tarball into a fresh project", () => run(NPM, ["ci", "--offline", "--no-audit", "--no-fund", "--ignore-scripts"], consumer));
        step("require() from the consumer, no nested peer copies", () => checkInstalled(consumer, pkg));
        for (const tsconfig of Object.keys(CONSUMER_TSCONFIGS)) {
            step(`type-check a consumer program importing pulumi-wso2 and pulumi-wso2/policy (${tsconfig})`,
                () => run(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", tsconfig], consumer));
        }
        step("node_modules/.bin/wso2-ports plan", () => checkPlanCli(consumer));
    } finally {
        if (!process.env.KEEP) rmSync(work, { recursive: true, force: true }); else process.stdout.write(work + "\n");
    }
}

if (require.main === module) {
    try {
        main();
    } catch (e) {
        process.stderr.write(`test:pack: FAILED: ${(e as Error).message}\n`);
        process.exit(1);
    }
}
