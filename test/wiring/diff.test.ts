import { strict as assert } from "node:assert";
import { diffPlans } from "../../src/diff/diff";
import { formatDiff } from "../../src/diff/format";
import { exposureTable } from "../../src/diff/exposure";
import { planSpec } from "../../src/plan/planner";
import { DeploymentSpec } from "../../src/spec/types";
import { loadExample } from "./helpers";

describe("wiring: wso2-ports diff of links", () => {
    const base = loadExample();
    const before = planSpec(base).plan;

    it("moving a TM lists exactly the instances that must be reconfigured, and which keys", () => {
        const spec = JSON.parse(JSON.stringify(base)) as DeploymentSpec;
        (spec.products.find((g) => g.name === "tm")!.instances as { offset?: number }[])[1].offset = 5;
        const diff = diffPlans(before, planSpec(spec, { previous: before }).plan);
        const reconfigure = diff.hosts.flatMap((h) => h.reconfigure);
        assert.deepEqual([...new Set(reconfigure.map((r) => r.instance))].sort(), ["gw-1", "gw-2", "tm-1", "tm-2"]);
        const gw = reconfigure.filter((r) => r.instance === "gw-1").map((r) => r.key);
        assert.deepEqual(gw, ["apim.throttling.throttle_decision_endpoints", "apim.throttling.url_group"]);
        assert.match(reconfigure.find((r) => r.instance === "tm-1")!.to!, /10\.0\.0\.13:5677/);
        assert.match(formatDiff(diff), /\* reconfigure +gw-1 +apim\.throttling\.url_group/);
        assert.match(formatDiff(diff), /peer URLs changed/);
    });

    it("a new linking group opens the peer ports to it, and removing it closes them", () => {
        const withoutGateways = { ...base, products: base.products.filter((g) => g.name !== "gw") };
        const small = planSpec(withoutGateways).plan;
        const opened = diffPlans(small, before);
        const tm1 = opened.hosts.flatMap((h) => h.linksOpened).filter((c) => c.instance === "tm-1").map((c) => c.name).sort();
        assert.deepEqual(tm1, ["amqp", "binary", "binary-ssl"]);
        assert.ok(opened.hosts.flatMap((h) => h.linksOpened).every((c) => c.groups.join() === "gw"));
        const closed = diffPlans(before, small);
        assert.deepEqual(closed.hosts.flatMap((h) => h.linksClosed).filter((c) => c.instance === "tm-1").map((c) => c.name).sort(), ["amqp", "binary", "binary-ssl"]);
        assert.match(formatDiff(closed), /- unlinked +tm-1 .* no longer dialled by gw \(link\)/);
        assert.equal(closed.widened, false);
    });

    it("the exposure table (the component's output) names the linked groups on each peer port", () => {
        const row = exposureTable(before).find((r) => r.instance === "tm-2" && r.name === "binary")!;
        assert.deepEqual(row.sources, ["linked gw"]);
        const hub = exposureTable(before).find((r) => r.instance === "cp-1" && r.name === "amqp")!;
        assert.deepEqual(hub.sources, ["linked cp", "linked gw", "linked tm"]);
    });
});
