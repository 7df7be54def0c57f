/**
 * Issue 10, findings 5-8 and 15: a tampered output directory cannot carry render's writes
 * or deletions outside DIR, and an I/O failure leaves DIR as it was, with a one-line
 * message and exit code 4. Each test takes the attack as its input.
 */
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { chownSync, openSync, closeSync, writeSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MANIFEST_NAME } from "../../src/output/write";
import { run } from "../render/helpers";
import { fastTempDir as tempDir, snapshot } from "../output/support";

const spec = (names: string[]) => `
hosts: [{ name: h1, address: 192.0.2.10 }]
products:
  - { name: is, product: identity-server, version: "7.0.0", instances: [${names.map((n) => `{ name: ${n} }`).join(", ")}] }
`;

function scene(names = ["a", "b", "c"]) {
    const work = tempDir();
    const victim = join(work, "victim");
    mkdirSync(victim, { mode: 0o755 });
    writeFileSync(join(victim, "deployment.toml"), "precious\n");
    const specPath = (n: string[]) => {
        const path = join(work, `spec-${n.join("")}.yaml`);
        writeFileSync(path, spec(n));
        return path;
    };
    return { work, victim, out: join(work, "out"), specPath, first: specPath(names) };
}

const noStack = (text: string) => assert.ok(!/\n\s+at /.test(text), `no stack trace:\n${text}`);

describe("security: render into a hostile output directory", () => {
    it("finding 5: refuses a symlinked directory inside DIR, writes (and chmods) nothing through it", async () => {
        const s = scene();
        assert.equal((await run(["render", s.first, "--out", s.out])).code, 0);
        rmSync(join(s.out, "h1"), { recursive: true });
        symlinkSync(s.victim, join(s.out, "h1"));
        const [victimBefore, outBefore] = [snapshot(s.victim), snapshot(s.out)];
        const result = await run(["render", s.first, "--out", s.out]);
        assert.equal(result.code, 1);
        assert.match(result.err, /out\/h1: is a symbolic link where render needs a directory/);
        noStack(result.err);
        assert.deepEqual(snapshot(s.victim), victimBefore);
        assert.deepEqual(snapshot(s.out), outBefore);
    });

    it("finding 5: refuses a DIR that is a symlink, and a DIR owned by another user", async () => {
        const s = scene();
        symlinkSync(s.victim, s.out);
        const linked = await run(["render", s.first, "--out", s.out]);
        assert.equal(linked.code, 1);
        assert.match(linked.err, /is a symbolic link; render writes only into a real directory/);
        assert.deepEqual(snapshot(s.victim), [". 755", `deployment.toml 644 ${Buffer.from("precious\n").toString("base64")}`]);
        if (process.geteuid?.() !== 0) return; // only root can hand a directory to someone else
        const theirs = join(s.work, "theirs");
        mkdirSync(theirs);
        chownSync(theirs, 4242, 4242);
        const owned = await run(["render", s.first, "--out", theirs]);
        assert.equal(owned.code, 1);
        assert.match(owned.err, /is owned by user 4242, not by you \(0\)/);
        assert.deepEqual(snapshot(theirs), [". 755"]);
    });

    it("finding 6: a manifest entry reached through a symlinked directory is not deleted", async () => {
        const s = scene();
        assert.equal((await run(["render", s.first, "--out", s.out])).code, 0);
        // The attacker moves h1/c away and links it to a directory holding a file with the very content render wrote.
        writeFileSync(join(s.victim, "deployment.toml"), readFileSync(join(s.out, "h1", "c", "deployment.toml")));
        rmSync(join(s.out, "h1", "c"), { recursive: true });
        symlinkSync(s.victim, join(s.out, "h1", "c"));
        // And h1/b's file becomes a link to another copy.
        const copy = join(s.work, "copy.toml");
        writeFileSync(copy, readFileSync(join(s.out, "h1", "b", "deployment.toml")));
        rmSync(join(s.out, "h1", "b", "deployment.toml"));
        symlinkSync(copy, join(s.out, "h1", "b", "deployment.toml"));
        const victimBefore = snapshot(s.victim);
        const result = await run(["render", s.specPath(["a"]), "--out", s.out]);
        assert.equal(result.code, 0, result.err);
        assert.deepEqual(snapshot(s.victim), victimBefore);
        assert.ok(existsSync(copy));
        assert.match(result.out, /kept 2 no longer rendered \(h1\/b\/deployment\.toml: it is a symbolic link now; h1\/c\/deployment\.toml: h1\/c is a symbolic link now\)$/);
    });

    it("finding 6: a forged manifest cannot name a path outside DIR", async () => {
        const s = scene();
        mkdirSync(s.out);
        writeFileSync(join(s.out, MANIFEST_NAME), JSON.stringify({ files: { "../victim/deployment.toml": "0".repeat(64), "/etc/hostname": "0".repeat(64) } }));
        const result = await run(["render", s.first, "--out", s.out]);
        assert.equal(result.code, 0, result.err);
        assert.ok(existsSync(join(s.victim, "deployment.toml")));
        assert.doesNotMatch(result.out, /removed|kept/);
    });

    it("finding 7: pre-planted links at the old temporary names, or at a file render writes, lead nowhere", async () => {
        const s = scene();
        assert.equal((await run(["render", s.first, "--out", s.out])).code, 0);
        const target = join(s.victim, "deployment.toml");
        const written = Object.keys((JSON.parse(readFileSync(join(s.out, MANIFEST_NAME), "utf8")) as { files: object }).files);
        for (const f of [...written, MANIFEST_NAME]) symlinkSync(target, join(s.out, `${f}.${process.pid}.tmp`));
        const planted = await run(["render", s.first, "--out", s.out]);
        assert.equal(planted.code, 0, planted.err);
        assert.equal(readFileSync(target, "utf8"), "precious\n");
        assert.deepEqual(snapshot(s.out)!.filter((e) => e.includes(".wso2-ports-tmp-")), [], "no temporary directory is left");

        renameSync(join(s.out, "h1", "a", "deployment.toml"), join(s.work, "moved.toml"));
        symlinkSync(target, join(s.out, "h1", "a", "deployment.toml"));
        const before = snapshot(s.out);
        const over = await run(["render", s.first, "--out", s.out]);
        assert.equal(over.code, 1);
        assert.match(over.err, /h1\/a\/deployment\.toml: is a symbolic link where render writes a file/);
        assert.equal(readFileSync(target, "utf8"), "precious\n");
        assert.deepEqual(snapshot(s.out), before);
    });

    it("finding 8: a 300-character host name fails cleanly (exit 1, one line) and leaves DIR untouched", async () => {
        const s = scene();
        assert.equal((await run(["render", s.first, "--out", s.out])).code, 0);
        const before = snapshot(s.out);
        const long = join(s.work, "long.yaml");
        writeFileSync(long, spec(["a"]).replace("name: h1", `name: ${"h".repeat(300)}`).replace("{ name: a }", `{ name: a, host: ${"h".repeat(300)} }`));
        const result = await run(["render", long, "--out", s.out]);
        assert.equal(result.code, 1, result.err);
        assert.equal(result.err.split("\n").filter((l) => l.startsWith("  - ")).length >= 1, true);
        noStack(result.err);
        assert.deepEqual(snapshot(s.out), before);
    });

    it("finding 8 and 15: an --out below a regular file is an I/O failure: exit 4, one line, nothing created", async () => {
        const s = scene();
        writeFileSync(join(s.work, "plain"), "x");
        const before = snapshot(s.work);
        const result = await run(["render", s.first, "--out", join(s.work, "plain", "out")]);
        assert.equal(result.code, 4);
        assert.equal(result.err.split("\n").length, 1, result.err);
        assert.match(result.err, /^wso2-ports: cannot \w+ .*: not a directory \(ENOTDIR\); .* is unchanged; a part of the path is a file, not a directory: fix --out$/);
        assert.deepEqual(snapshot(s.work), before);
    });

    describe("finding 8: a full disk (a real 256 KiB tmpfs)", () => {
        let mnt = "";
        before(function () {
            mnt = join(tempDir(), "mnt");
            mkdirSync(mnt);
            try {
                execFileSync("mount", ["-t", "tmpfs", "-o", "size=256k,mode=0700", "tmpfs", mnt], { stdio: "pipe" });
            } catch (e) {
                console.log(`      (skipped: cannot mount a tmpfs: ${String((e as Error).message).split("\n")[0]})`);
                mnt = "";
                this.skip();
            }
        });
        after(() => {
            if (mnt) execFileSync("umount", [mnt]);
        });

        it("leaves DIR byte-identical, exits 4 with one line", async () => {
            const s = scene();
            const out = join(mnt, "out");
            assert.equal((await run(["render", s.first, "--out", out])).code, 0);
            const fd = openSync(join(mnt, "filler"), "w");
            const block = Buffer.alloc(4096, 1);
            try {
                for (;;) writeSync(fd, block);
            } catch (e) {
                assert.equal((e as NodeJS.ErrnoException).code, "ENOSPC");
            } finally {
                closeSync(fd);
            }
            const before = snapshot(out);
            const result = await run(["render", s.specPath(["a", "b", "c", "d"]), "--out", out]);
            assert.equal(result.code, 4, result.err);
            assert.match(result.err, /^wso2-ports: cannot write .*: no space left on device \(ENOSPC\); .* is unchanged; free space on that file system \(or choose another --out\) and run again$/);
            noStack(result.err);
            assert.deepEqual(snapshot(out), before);
        });
    });
});
