import { strict as assert } from "node:assert";
import { compareVersions, findCatalogEntry, PRODUCT_CATALOG, resolveGroupPorts } from "../../src/catalog";
import { instance, plan, portOf } from "../plan/helpers";

describe("catalog", () => {
    it("compares versions numerically, not as text", () => {
        assert.equal(compareVersions("5.11.0", "5.9.0"), 1);
        assert.equal(compareVersions("7.0", "7.0.0"), 0);
        assert.equal(compareVersions("4.2.0", "4.10.0"), -1);
    });

    it("covers IS 5.11 to 7.x, API-M 3.2 to 4.x, MI 4.x and SI 4.x, and nothing outside", () => {
        for (const v of ["5.11.0", "6.0.0", "6.1.0", "7.0.0", "7.1.0"]) assert.ok(findCatalogEntry("identity-server", v), `IS ${v}`);
        for (const v of ["3.2.0", "4.0.0", "4.3.0", "4.5.0"]) assert.ok(findCatalogEntry("api-manager", v), `API-M ${v}`);
        assert.ok(findCatalogEntry("micro-integrator", "4.2.0"));
        assert.ok(findCatalogEntry("streaming-integrator", "4.2.0"));
        assert.equal(findCatalogEntry("identity-server", "5.10.0"), undefined);
        assert.equal(findCatalogEntry("api-manager", "3.1.0"), undefined);
        assert.equal(findCatalogEntry("micro-integrator", "1.2.0"), undefined);
    });

    it("gives every port a Kubernetes-valid name, a port in range and a source", () => {
        for (const entry of PRODUCT_CATALOG) {
            const names = new Set<string>();
            for (const p of entry.ports) {
                assert.match(p.name, /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, `${entry.product} ${p.name}`);
                assert.ok(p.name.length <= 15, `${entry.product} ${p.name} longer than 15`);
                assert.ok(!names.has(p.name), `${entry.product} ${p.name} twice`);
                names.add(p.name);
                assert.ok(p.port >= 1 && p.port <= 65535);
                assert.match(p.source, /shared\/reference\//, `${entry.product} ${p.name} cites no reference`);
            }
        }
    });

    it("never shifts the clustering ports: local member 4000/tcp and multicast 45564/udp", () => {
        for (const entry of PRODUCT_CATALOG.filter((e) => e.ports.some((p) => p.exposure === "cluster"))) {
            const member = entry.ports.find((p) => p.role === "local-member")!;
            const mcast = entry.ports.find((p) => p.role === "multicast")!;
            assert.deepEqual([member.port, member.protocol, member.shifts], [4000, "tcp", false]);
            assert.deepEqual([mcast.port, mcast.protocol, mcast.shifts], [45564, "udp", false]);
        }
    });

    it("puts IS at offset 3 on 9446 (https) and 9766 (http)", () => {
        const p = plan({ products: [{ name: "is", product: "identity-server", version: "7.0.0", instances: [{ offset: 3 }] }] });
        assert.equal(portOf(p, "is-1", "https"), 9446);
        assert.equal(portOf(p, "is-1", "http"), 9766);
        const kdc = plan({ products: [{ name: "is", product: "identity-server", version: "5.11.0", instances: [{ offset: 3 }], ports: [{ name: "kdc", enabled: true }] }] });
        assert.equal(portOf(kdc, "is-1", "kdc"), 8003);
        assert.equal(instance(kdc, "is-1").ports.find((x) => x.name === "kdc")!.protocol, "udp");
    });

    it("treats MI's offset as replacing its built-in 10: a lone MI keeps 8290/9164, offset 3 gives 8283", () => {
        const alone = plan({ products: [{ name: "mi", product: "micro-integrator", version: "4.2.0" }] });
        assert.equal(instance(alone, "mi-1").offset, 10);
        assert.equal(portOf(alone, "mi-1", "passthru-http"), 8290);
        assert.equal(portOf(alone, "mi-1", "passthru-https"), 8253);
        assert.equal(portOf(alone, "mi-1", "mgmt-https"), 9164);
        assert.equal(portOf(alone, "mi-1", "mgmt-http"), 9201);
        const three = plan({ products: [{ name: "mi", product: "micro-integrator", version: "4.2.0", instances: [{ offset: 3 }] }] });
        assert.equal(portOf(three, "mi-1", "passthru-http"), 8283);
    });

    it("narrows API-M to its profile's ports", () => {
        const entry = findCatalogEntry("api-manager", "4.3.0")!;
        const gw = resolveGroupPorts(entry, { profile: "gateway" }).map((p) => p.name);
        assert.ok(gw.includes("passthru-https") && gw.includes("wss"));
        // The gateway worker's OSGi profile holds the andes broker but no data-bridge receiver (product-apim p2-profile pom).
        assert.ok(gw.includes("amqp") && gw.includes("amqp-ssl") && !gw.includes("binary"));
        const tm = resolveGroupPorts(entry, { profile: "traffic-manager" }).map((p) => p.name);
        assert.ok(tm.includes("binary") && tm.includes("amqp") && !tm.includes("passthru-http"));
        const aio = resolveGroupPorts(entry, {}).map((p) => p.name);
        assert.equal(aio.length, entry.ports.length);
    });

    it("lets a user add a port (an MI inbound endpoint), override one, or drop one", () => {
        const p = plan({
            products: [{
                name: "mi", product: "micro-integrator", version: "4.2.0", instances: [{ offset: 2 }],
                ports: [
                    { name: "inbound-http", port: 8085, shifts: false, exposure: "public" },
                    { name: "mgmt-http", exposure: "internal" },
                    { name: "mgmt-https", disabled: true },
                ],
            }],
        });
        const ports = instance(p, "mi-1").ports;
        assert.deepEqual(ports.find((x) => x.name === "inbound-http"), { name: "inbound-http", port: 8085, protocol: "tcp", exposure: "public", shifted: false, purpose: "user-defined port" });
        assert.equal(ports.find((x) => x.name === "mgmt-http")!.exposure, "internal");
        assert.equal(ports.find((x) => x.name === "mgmt-https"), undefined);
    });
});
