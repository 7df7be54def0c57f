/** IPv6 hosts: WKA members and URLs carry the address in brackets, and parse back as written. */
import { strict as assert } from "node:assert";
import { parse as parseToml } from "smol-toml";
import { renderSpec } from "./helpers";

const HOSTS = [{ name: "h1", address: "2001:db8::11" }, { name: "h2", address: "2001:db8::12" }];

describe("render: IPv6 hosts", () => {
    const { plan, configs } = renderSpec({
        hosts: HOSTS,
        products: [
            { name: "is", product: "identity-server", version: "7.0.0", instanceCount: 2, clustering: { scheme: "wka" } },
            { name: "gw", product: "api-manager", version: "4.3.0", profile: "all-in-one", instances: [{ host: "h1" }],
                config: { apim: { gateway: { environment: [{ name: "Default", type: "hybrid" }] } } } },
        ],
    });

    it("lists WKA members as [address]:port, which a URL parser reads back to the planned host and port", () => {
        const members = plan.instances.find((i) => i.name === "is-1")!.clustering!.members;
        assert.deepEqual(members, ["[2001:db8::11]:4000", "[2001:db8::12]:4000"]);
        for (const config of configs.filter((c) => c.group === "is")) {
            const toml = parseToml(config.text) as { clustering: { members: string[] } };
            assert.deepEqual(toml.clustering.members, members);
            const parsed = toml.clustering.members.map((m) => new URL(`tcp://${m}`));
            assert.deepEqual(parsed.map((u) => [u.hostname, u.port]), [["[2001:db8::11]", "4000"], ["[2001:db8::12]", "4000"]]);
        }
    });

    it("writes gateway URLs with the address in brackets", () => {
        const gw = configs.find((c) => c.group === "gw")!;
        const env = (parseToml(gw.text) as { apim: { gateway: { environment: { wss_endpoint: string }[] } } }).apim.gateway.environment[0];
        const url = new URL(env.wss_endpoint);
        const planned = plan.instances.find((i) => i.group === "gw")!;
        assert.equal(url.hostname, "[2001:db8::11]");
        assert.equal(Number(url.port), planned.ports.find((p) => p.name === "wss")!.port);
    });
});
