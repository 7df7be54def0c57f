// The mock engine first: the component must load after setMocks.
import { deploy } from "../component/helpers";
import { promiseOf } from "../support/pulumi-mocks";
import { strict as assert } from "node:assert";
import { ExposureEntry } from "../../src/diff/exposure";
import { FirewallRule } from "../../src/firewall/types";
import { loadExample } from "./helpers";

describe("wiring: the component's outputs show links", () => {
    it("links, exposure rows naming the linked groups, and firewall rules naming the peers", async () => {
        const { component } = await deploy(loadExample() as never);
        const links = await promiseOf(component.links);
        assert.deepEqual(links.map((l) => `${l.group} ${l.role} ${l.target}${l.implicit ? " (implicit)" : ""}`), [
            "gw controlPlane cp", "gw trafficManager tm", "gw keyManager cp (implicit)", "mi serviceCatalog cp", "tm controlPlane cp (implicit)",
        ]);
        const exposure: Record<string, ExposureEntry> = await promiseOf(component.exposure);
        const tmAmqp = Object.entries(exposure).find(([key, e]) => key.includes("/tm-1/") && e.name === "amqp")!;
        assert.deepEqual(tmAmqp[1].sources, ["linked gw", "linked tm"]);
        const rules: FirewallRule[] = await promiseOf(component.firewallRules);
        assert.deepEqual(rules.find((r) => r.instance === "tm-1" && r.portName === "binary")!.peers, ["gw-1", "gw-2"]);
    });
});
