/**
 * `wso2-ports verify` against real sockets: listeners on loopback for part of a plan's ports
 * (the rest refuse), and an nftables drop inside a network namespace (filtered, within the
 * timeout). The plan uses a high explicit offset so its ports stay clear of other tests'.
 */
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../src/cli/main";
import { VERIFY_MISMATCH } from "../../src/cli/commands/verify";
import { planSpec } from "../../src/plan/planner";
import { Plan } from "../../src/plan/types";
import { VerifyReport } from "../../src/verify";
import { namespacesUnavailable, run as sh, skipFor } from "../firewall/lab";

const OFFSET = 31000;
const SPEC = {
    // JMX on (IS 7 ships it off), so more than a handful of TCP ports are probed at once.
    products: [{ name: "is", product: "identity-server", version: "7.0.0", instances: [{ name: "is-1", offset: OFFSET, config: { monitoring: { jmx: { rmi_server_start: true } } } }] }],
};
const TIMEOUT_S = 1;

interface Exit { status: number | null; stdout: string; stderr: string }

/** A command's exit status and output, without blocking the worker. */
function runAsync(cmd: string, args: string[]): Promise<Exit> {
    return new Promise((resolve) => {
        execFile(cmd, args, { encoding: "utf8", timeout: 20_000 }, (error, stdout, stderr) =>
            resolve({ status: error ? (typeof error.code === "number" ? error.code : null) : 0, stdout, stderr }));
    });
}

function planFile(plan: Plan): string {
    const path = join(mkdtempSync(join(tmpdir(), "wso2-verify-")), "plan.json");
    writeFileSync(path, JSON.stringify(plan));
    return path;
}

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, (t) => out.push(t), (t) => err.push(t));
    return { code, out: out.join("\n"), err: err.join("\n") };
}

function listenOn(ports: number[]): Promise<Server[]> {
    return Promise.all(ports.map((port) => new Promise<Server>((resolve, reject) => {
        const server = createServer((s) => s.end());
        server.once("error", reject);
        server.listen(port, "127.0.0.1", () => resolve(server));
    })));
}

describe("wso2-ports verify", function () {
    this.timeout(30_000);
    const plan = planSpec(SPEC).plan;
    const tcpPorts = plan.instances[0].ports.filter((p) => p.protocol === "tcp");
    const publicPorts = tcpPorts.filter((p) => p.exposure === "public").map((p) => p.port);
    const otherPorts = tcpPorts.filter((p) => p.exposure !== "public").map((p) => p.port);
    const path = planFile(plan);
    let servers: Server[] = [];

    // The run behind the drop takes seconds (a node start, the CLI's modules, the timeout) and
    // shares nothing with the loopback tests: it starts with the file, its test reads the result.
    const ns = `wso2verify-${process.pid}`;
    const dropped = publicPorts[0];
    const noNamespaces = namespacesUnavailable();
    let behindDrop: Promise<Exit> | undefined;

    before(() => {
        if (noNamespaces) return;
        sh("ip", ["netns", "add", ns]);
        sh("ip", ["-n", ns, "link", "set", "lo", "up"]);
        sh("ip", ["netns", "exec", ns, "nft", "-f", "-"],
            `table inet verify {\n chain input {\n  type filter hook input priority 0;\n  tcp dport ${dropped} drop\n }\n}\n`);
        behindDrop = runAsync("ip", ["netns", "exec", ns, process.execPath, "-r", join(__dirname, "../support/register.js"),
            join(__dirname, "../../src/cli/main.ts"), "verify", path, "--json", "--timeout", String(TIMEOUT_S)]);
    });

    after(async () => {
        await behindDrop;
        if (!noNamespaces) try { sh("ip", ["netns", "del", ns]); } catch { /* never made */ }
    });

    afterEach(async () => {
        await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
        servers = [];
    });

    it("the plan under test has public and non-public TCP ports, all shifted by the offset", () => {
        assert.ok(publicPorts.length > 0 && otherPorts.length > 0);
        assert.ok(tcpPorts.every((p) => !p.shifted || p.port > OFFSET));
    });

    it("reports listening where a listener is bound and refused elsewhere, and exits 3 (inside vantage)", async () => {
        servers = await listenOn(publicPorts);
        const { code, out } = await cli(["verify", path, "--json", "--timeout", String(TIMEOUT_S)]);
        assert.equal(code, VERIFY_MISMATCH);
        const report = JSON.parse(out) as VerifyReport;
        const result = new Map(report.rows.filter((r) => r.protocol === "tcp").map((r) => [r.port, r.result]));
        for (const p of publicPorts) assert.equal(result.get(p), "listening", `port ${p}`);
        for (const p of otherPorts) assert.equal(result.get(p), "refused", `port ${p}`);
        assert.equal(report.ok, false);
    });

    it("exits 0 when every planned TCP port answers", async () => {
        servers = await listenOn([...publicPorts, ...otherPorts]);
        const { code, out } = await cli(["verify", path, "--timeout", String(TIMEOUT_S)]);
        assert.equal(code, 0, out);
        assert.match(out, new RegExp(`${tcpPorts.length} of ${tcpPorts.length} checked ports as planned from the inside vantage point$`));
    });

    it("--from-outside: public ports must answer and every other class must not", async () => {
        servers = await listenOn(publicPorts);
        assert.equal((await cli(["verify", path, "--from-outside", "--timeout", String(TIMEOUT_S)])).code, 0);
        for (const s of servers) await new Promise((r) => s.close(r));
        servers = await listenOn([...publicPorts, otherPorts[0]]);
        const { code, out } = await cli(["verify", path, "--from-outside", "--timeout", String(TIMEOUT_S)]);
        assert.equal(code, VERIFY_MISMATCH);
        assert.match(out, new RegExp(`\\b${otherPorts[0]}\\b.*closed\\s+listening\\s+MISMATCH`));
    });

    it("refuses an unknown host, a non-IP --address and a bad timeout as usage errors (exit 2), probing nothing", async () => {
        assert.equal((await cli(["verify", path, "--host", "nope"])).code, 2);
        assert.match((await cli(["verify", path, "--host", "nope"])).err, /--host nope is not in the plan; its hosts are local/);
        assert.equal((await cli(["verify", path, "--address", "example.org"])).code, 2);
        assert.equal((await cli(["verify", path, "--timeout", "0"])).code, 2);
        assert.equal((await cli(["verify", path, "--timeout", "1e9"])).code, 2);
    });

    describe("behind an nftables drop in a network namespace", function () {
        before(function () {
            skipFor(this, noNamespaces);
        });

        it("reports filtered for the dropped port, refused for the rest, within the timeout", async () => {
            const child = await behindDrop!;
            assert.equal(child.status, VERIFY_MISMATCH, child.stderr);
            const report = JSON.parse(child.stdout) as VerifyReport;
            const result = new Map(report.rows.map((r) => [r.port, r.result]));
            assert.equal(result.get(dropped), "filtered");
            for (const p of otherPorts) assert.equal(result.get(p), "refused");
            // Every probe runs at once, so one timeout bounds them all, not one per filtered port.
            assert.ok(report.rows.filter((r) => r.result !== "skipped").length > 3);
            assert.ok(report.elapsedMs >= TIMEOUT_S * 1000 - 50 && report.elapsedMs < TIMEOUT_S * 1000 + 750, `took ${report.elapsedMs} ms`);
        });
    });
});
