/**
 * Render is one transaction: with a failure injected at every file-system call the writer
 * makes, in turn, DIR is byte-identical to before (or, when the failure falls after the
 * commit, holds the whole new tree and at most a temporary directory, reported).
 */
import { strict as assert } from "node:assert";
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { Artifact } from "../../src/output/artifacts";
import { IoError } from "../../src/output/errors";
import { nodeWriterFs, WriterFs } from "../../src/output/fs";
import { TEMP_PREFIX, writeArtifacts, writeSummary } from "../../src/output/write";
import { countingFs, fastTempDir as tempDir, snapshot } from "./support";

const file = (path: string, content: string, mode = 0o600): Artifact => ({ path, content, mode });
const OLD = [file("h1/a/deployment.toml", "a = 1\n"), file("h1/b/deployment.toml", "b = 1\n"), file("h2/c/deployment.toml", "c = 1\n"),
    file("h1/firewall.nft", "table inet wso2 {}\n", 0o644), file("plan.json", "{}\n")];
// Overwrites a and plan.json, creates d (a new directory), drops b (h1/b empties) and c (h2/c keeps the user's notes).
const NEW = [file("h1/a/deployment.toml", "a = 2\n"), file("h3/d/deployment.toml", "d = 1\n"),
    file("h1/firewall.nft", "table inet wso2 {}\n", 0o644), file("plan.json", "{\"v\":2}\n")];

let template = "";

/** DIR after an earlier render, with the user's own files beside it (rendered once, then copied with modes). */
async function earlierRender(): Promise<string> {
    const first = !template;
    if (first) {
        template = join(tempDir(), "out");
        await writeArtifacts(template, OLD);
        writeFileSync(join(template, "README"), "the user's own file\n");
        writeFileSync(join(template, "h2", "c", "notes.txt"), "kept: not written by render\n");
    }
    const dir = join(tempDir(), "out");
    cpSync(template, dir, { recursive: true });
    if (first) assert.deepEqual(snapshot(dir), snapshot(template), "a copy keeps every mode");
    return dir;
}

const withoutTemp = (entries: string[] | undefined) => entries?.filter((e) => !e.includes(`/${TEMP_PREFIX}`));
const CODES = ["ENOSPC", "EACCES", "ENAMETOOLONG", "EIO", "ENOTDIR"];

/** Fails call 1, then 2, ... up to the last call of a clean run, each on a fresh copy of the scene; snapshots DIR's parent. */
async function everyFailure(prepare: () => string | Promise<string>, noHardLinks = false): Promise<{ calls: number; rolledBack: number; committed: number }> {
    const reference = await prepare();
    const clean = countingFs(Infinity, "ENOSPC", noHardLinks);
    await writeArtifacts(reference, NEW, { fs: clean.fs });
    const expected = snapshot(dirname(reference));
    const calls = clean.calls();
    let rolledBack = 0;
    let committed = 0;
    // Every prepared scene is the same tree (checked once), so its picture is taken once.
    const before = snapshot(dirname(await prepare()));
    for (let n = 1; n <= calls; n++) {
        const dir = await prepare();
        if (n === 1) assert.deepEqual(snapshot(dirname(dir)), before);
        const code = CODES[n % CODES.length];
        let result;
        try {
            result = await writeArtifacts(dir, NEW, { fs: countingFs(n, code, noHardLinks).fs });
        } catch (e) {
            assert.ok(e instanceof IoError, `call ${n}: ${(e as Error).stack}`);
            assert.equal(e.code, code);
            assert.match(e.message, /: [a-z ]+ \([A-Z]+\); \S+ is unchanged; [a-z]/, `call ${n}: ${e.message}`);
            assert.ok(!e.message.includes("\n"), "one line");
            assert.deepEqual(snapshot(dirname(dir)), before, `failing call ${n} of ${calls} (${code}) changed DIR`);
            rolledBack++;
            continue;
        }
        const after = snapshot(dirname(dir))!;
        assert.deepEqual(withoutTemp(after), expected, `failing call ${n} of ${calls}, after the commit`);
        assert.equal(result.warnings.length, after.length > withoutTemp(after)!.length ? 1 : 0, "a leftover is reported");
        committed++;
    }
    return { calls, rolledBack, committed };
}

describe("render output: one transaction", () => {
    it("a failure at any call over an earlier render leaves DIR byte-identical", async () => {
        const { calls, rolledBack, committed } = await everyFailure(earlierRender);
        assert.ok(calls > 60, `the writer made ${calls} calls`);
        console.log(`      (${calls} calls: ${rolledBack} failures rolled back, ${committed} after the commit)`);
        assert.ok(rolledBack > 50 && committed > 0, `${rolledBack} rolled back, ${committed} after the commit`);
    });

    it("the same on a file system without hard links (the old file moves aside instead)", async () => {
        const { rolledBack, committed } = await everyFailure(earlierRender, true);
        assert.ok(rolledBack > 50 && committed > 0);
    });

    it("a failure at any call into a DIR that did not exist leaves no DIR (nor the parents it created)", async () => {
        const { rolledBack } = await everyFailure(() => join(tempDir(), "new-parent", "out"));
        assert.ok(rolledBack > 30);
    });

    it("a clean run removes only unchanged stale files and the directories they empty, and leaves no temporary directory", async () => {
        const dir = await earlierRender();
        writeFileSync(join(dir, "h1", "b", "deployment.toml"), "edited by hand\n");
        writeFileSync(join(dir, "h2", "c", "notes.txt"), "mine\n");
        const result = await writeArtifacts(dir, NEW);
        assert.deepEqual(result.removed, ["h2/c/deployment.toml"]);
        assert.deepEqual(result.kept, [{ path: "h1/b/deployment.toml", reason: "it changed since render wrote it" }]);
        assert.deepEqual(result.warnings, []);
        const after = snapshot(dir)!;
        assert.deepEqual(after.filter((e) => e.startsWith(TEMP_PREFIX)), []);
        assert.ok(after.some((e) => e.startsWith("h2/c/notes.txt")), "the user's file beside a stale one stays");
        assert.ok(!after.some((e) => e.startsWith("h2/c/deployment.toml")));
        // Once the edited file is gone from the render's view it is still reported, until it is back as written or deleted.
        assert.deepEqual((await writeArtifacts(dir, NEW)).kept.map((k) => k.path), ["h1/b/deployment.toml"]);
        writeFileSync(join(dir, "h1", "b", "deployment.toml"), "b = 1\n");
        assert.deepEqual((await writeArtifacts(dir, NEW)).removed, ["h1/b/deployment.toml"]);
        assert.ok(!snapshot(dir)!.some((e) => e.startsWith("h1/b")), "and its emptied directory goes");
    });

    it("a reader of a file both renders write finds it at every step (the old one or the new one)", async () => {
        const dir = await earlierRender();
        const both = NEW.map((a) => a.path).filter((p) => OLD.some((o) => o.path === p));
        const missing: string[] = [];
        const watched = Object.fromEntries(Object.entries(nodeWriterFs).map(([name, call]) => [name, (...args: unknown[]) => {
            const result = (call as (...a: unknown[]) => unknown)(...args);
            for (const p of both) if (!existsSync(join(dir, p))) missing.push(`${p} after ${name}`);
            return result;
        }])) as unknown as WriterFs;
        await writeArtifacts(dir, NEW, { fs: watched });
        assert.deepEqual(missing, []);
        assert.equal(readFileSync(join(dir, "plan.json"), "utf8"), "{\"v\":2}\n");
    });

    it("reports (and keeps) the temporary directory of a render that was killed mid-way", async () => {
        const dir = await earlierRender();
        mkdirSync(join(dir, `${TEMP_PREFIX}AbC123`, "old"), { recursive: true });
        writeFileSync(join(dir, `${TEMP_PREFIX}AbC123`, "old", "0"), "a = 0\n");
        const { warnings } = await writeArtifacts(dir, NEW);
        assert.deepEqual(warnings, [`${join(dir, `${TEMP_PREFIX}AbC123`)} is left from an interrupted render: old/ holds the files it replaced, new/ the ones it had not placed yet (numbered in the sorted order of their paths, the file list last); delete it once you have checked`]);
        assert.ok(existsSync(join(dir, `${TEMP_PREFIX}AbC123`, "old", "0")));
    });

    it("reads a manifest from before content hashes, and keeps (reports) what it lists instead of deleting it", async () => {
        const dir = await earlierRender();
        writeFileSync(join(dir, ".wso2-ports-files.json"), JSON.stringify(OLD.map((a) => a.path)));
        const result = await writeArtifacts(dir, NEW);
        assert.deepEqual(result.removed, []);
        assert.deepEqual(result.kept.map((k) => k.path), ["h1/b/deployment.toml", "h2/c/deployment.toml"]);
        assert.match(result.kept[0].reason, /without a content hash/);
    });

    it("makes every directory it creates or writes into private (0700), whatever the umask", async () => {
        const dir = join(tempDir(), "fresh");
        mkdirSync(join(dir, "h1"), { recursive: true, mode: 0o755 });
        const umask = process.umask(0o077);
        try {
            await writeArtifacts(dir, NEW);
        } finally {
            process.umask(umask);
        }
        const dirs = snapshot(dir)!.filter((e) => /^[^ ]+\/ /.test(e));
        assert.deepEqual(dirs, ["h1/ 700", "h1/a/ 700", "h3/ 700", "h3/d/ 700"]);
        assert.ok(snapshot(dir)!.includes(`h1/firewall.nft 644 ${Buffer.from("table inet wso2 {}\n").toString("base64")}`), "each file keeps its own mode");
    });

    it("leaves a file DIR already holds as rendered untouched (same inode), and rewrites one edited or re-moded since", async () => {
        const dir = join(tempDir(), "again");
        await writeArtifacts(dir, NEW);
        const inode = (p: string) => statSync(join(dir, p)).ino;
        const before = Object.fromEntries(NEW.map((a) => [a.path, inode(a.path)]));
        writeFileSync(join(dir, "plan.json"), "{\"edited\":1}\n");
        chmodSync(join(dir, "h1/firewall.nft"), 0o600);
        const result = await writeArtifacts(dir, NEW);
        assert.deepEqual(result.unchanged, ["h1/a/deployment.toml", "h3/d/deployment.toml"]);
        for (const p of result.unchanged) assert.equal(inode(p), before[p], `${p} was not rewritten`);
        assert.equal(readFileSync(join(dir, "plan.json"), "utf8"), "{\"v\":2}\n", "an edited file is rendered again");
        assert.equal(statSync(join(dir, "h1/firewall.nft")).mode & 0o777, 0o644, "and so is one whose mode changed");
        assert.equal(writeSummary(dir, result), `wrote 2 files to ${dir}, left 2 unchanged`);
        assert.deepEqual(snapshot(dir)!.filter((e) => e.startsWith(TEMP_PREFIX)), []);
    });
});
