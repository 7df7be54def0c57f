/**
 * The real check: every port a host plan lists can be bound at the same moment. If the
 * planner let two instances share a (protocol, port), one bind would fail here.
 */
import { strict as assert } from "node:assert";
import * as dgram from "node:dgram";
import * as net from "node:net";
import { Plan, PlannedPort } from "../../src/plan/types";
import { plan } from "./helpers";

type Bound = { close(): void };

/**
 * A loopback address of this test's own (Linux routes all of 127.0.0.0/8 to lo): the Docker
 * test, which mocha may run at the same time in another worker, publishes internal ports on
 * 127.0.0.1, and a bind here must fail only for a clash within the plan.
 */
const LOOPBACK = "127.0.15.1";

function bindTcp(port: number): Promise<Bound> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once("error", reject);
        server.listen({ host: LOOPBACK, port, exclusive: true }, () => resolve({ close: () => server.close() }));
    });
}

/** Multicast members share the group port (as Hazelcast does), so those binds reuse the address. */
function bindUdp(port: number, shared: boolean): Promise<Bound> {
    return new Promise((resolve, reject) => {
        const socket = dgram.createSocket({ type: "udp4", reuseAddr: shared });
        socket.once("error", reject);
        socket.bind({ address: LOOPBACK, port, exclusive: true }, () => resolve({ close: () => socket.close() }));
    });
}

function bindPort(p: PlannedPort): Promise<Bound> {
    return p.protocol === "tcp" ? bindTcp(p.port) : bindUdp(p.port, p.name === "multicast");
}

/** Binds every port of every instance at once; returns the failures as "instance port/proto: error". */
async function bindAll(instances: Plan["instances"]): Promise<{ bound: number; failures: string[] }> {
    const held: Bound[] = [];
    const failures: string[] = [];
    try {
        for (const inst of instances) {
            for (const port of inst.ports) {
                try {
                    held.push(await bindPort(port));
                } catch (e) {
                    failures.push(`${inst.name} ${port.port}/${port.protocol}: ${(e as NodeJS.ErrnoException).code}`);
                }
            }
        }
        return { bound: held.length, failures };
    } finally {
        held.forEach((h) => h.close());
    }
}

describe("a planned host binds every port at once on a loopback address", () => {
    const sideBySide = plan({
        products: [
            // JMX on (IS 7 ships it off): a crowded host, and a port that only a switch turns on.
            { name: "is", product: "identity-server", version: "7.0.0", instanceCount: 2, clustering: { scheme: "wka" }, config: { monitoring: { jmx: { rmi_server_start: true } } } },
            { name: "apim", product: "api-manager", version: "4.3.0", instanceCount: 2, clustering: { scheme: "multicast" } },
            { name: "mi", product: "micro-integrator", version: "4.2.0", instanceCount: 2 },
        ],
    });

    it("IS, API-M and MI (clustered) side by side: all binds succeed", async () => {
        const total = sideBySide.instances.reduce((n, i) => n + i.ports.length, 0);
        const { bound, failures } = await bindAll(sideBySide.instances);
        assert.deepEqual(failures, []);
        assert.equal(bound, total);
        assert.ok(total >= 50, `expected a crowded host, got ${total} ports`);
    });

    it("the same check fails for a plan with a clash (two copies of one instance)", async () => {
        const is1 = sideBySide.instances[0];
        const { failures } = await bindAll([is1, { ...is1, name: "copy" }]);
        const tcp = is1.ports.filter((p) => p.protocol === "tcp").length;
        assert.ok(failures.length >= tcp, `expected every TCP port of the copy to fail, got ${failures.length}`);
        assert.ok(failures.every((f) => f.startsWith("copy ") && /EADDRINUSE/.test(f)));
    });
});
