/**
 * The component turns off the SDK's debug-only promise stack traces while it registers its
 * children; nothing else may change: the limit comes back, errors say how to get frames,
 * PULUMI_DEBUG_PROMISE_LEAKS keeps them, and the engine still gets each resource's source position.
 */
import { deploy } from "./helpers"; // first: it puts the mock engine in place
import { strict as assert } from "node:assert";
import { withoutPromiseStackTraces } from "../../src/component/stack-traces";
import { TWO_HOSTS_WKA } from "../docker/fixtures";

const CONTAINER = "docker:index/container:Container";

function withEnv<T>(key: string, value: string | undefined, fn: () => T): T {
    const before = process.env[key];
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
    try {
        return fn();
    } finally {
        if (before === undefined) delete process.env[key];
        else process.env[key] = before;
    }
}

describe("component: registering without the SDK's promise stack traces", () => {
    it("captures no frames inside, and restores the limit after", () => {
        const before = Error.stackTraceLimit;
        const inside = withEnv("PULUMI_DEBUG_PROMISE_LEAKS", undefined, () => withoutPromiseStackTraces(() => ({ limit: Error.stackTraceLimit, stack: new Error("x").stack })));
        assert.equal(inside.limit, 0);
        assert.equal(inside.stack, "Error: x");
        assert.equal(Error.stackTraceLimit, before);
    });

    it("restores the limit when registration throws, and the error says how to keep frames", () => {
        const before = Error.stackTraceLimit;
        const thrown = withEnv("PULUMI_DEBUG_PROMISE_LEAKS", undefined, () => {
            try {
                withoutPromiseStackTraces(() => { throw new Error("boom"); });
            } catch (e) {
                return e as Error;
            }
        });
        assert.equal(Error.stackTraceLimit, before);
        assert.match(thrown!.stack!, /^Error: boom\n.*PULUMI_DEBUG_PROMISE_LEAKS=1/);
    });

    it("leaves the limit alone when PULUMI_DEBUG_PROMISE_LEAKS asks for the traces", () => {
        const before = Error.stackTraceLimit;
        const inside = withEnv("PULUMI_DEBUG_PROMISE_LEAKS", "1", () => withoutPromiseStackTraces(() => Error.stackTraceLimit));
        assert.equal(inside, before);
    });

    it("still sends the engine each container's source position, and leaves the limit as it was", async () => {
        const settings = require("@pulumi/pulumi/runtime/settings") as { getMonitor: () => { registerResource: (req: any, cb: any) => unknown } };
        const monitor = settings.getMonitor();
        const original = monitor.registerResource;
        const positions: string[] = [];
        monitor.registerResource = function (req: any, cb: any) {
            if (req.getType() === CONTAINER) positions.push(req.getSourceposition()?.getUri() ?? "");
            return original.call(this, req, cb);
        };
        const before = Error.stackTraceLimit;
        try {
            await withEnv("PULUMI_DEBUG_PROMISE_LEAKS", undefined, () => deploy(TWO_HOSTS_WKA, "positions"));
        } finally {
            monitor.registerResource = original;
        }
        assert.equal(Error.stackTraceLimit, before);
        assert.ok(positions.length > 0, "containers were registered");
        for (const uri of positions) assert.match(uri, /targets\/docker\/register\.[jt]s$/, "the frame that created the container");
    });
});
