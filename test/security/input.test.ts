/**
 * Issue 10, findings 2 (component), 11, 12, 13, 14, 16 and 17: each attack as input, each
 * refused with a one-line problem that names the path and the fix, never a crash.
 */
// The mock engine first: the component must load after setMocks.
import { allRegistered, registeredResources, resetResources } from "../support/pulumi-mocks";
import * as pulumi from "@pulumi/pulumi";
import { strict as assert } from "node:assert";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Deployment } from "../../src/component/deployment";
import { planSpec } from "../../src/plan/planner";
import { Plan } from "../../src/plan/types";
import { SpecError } from "../../src/spec/errors";
import { MAX_SPEC_BYTES, parseSpecText } from "../../src/spec/load";
import { DeploymentSpec } from "../../src/spec/types";
import { thrownBy } from "../component/helpers";
import { run, tempDir } from "../render/helpers";
import { clusterSpec } from "./attacks";

function problemsOf(fn: () => unknown): string {
    try {
        fn();
    } catch (e) {
        assert.ok(e instanceof SpecError, `a SpecError, not ${(e as Error).stack}`);
        for (const p of e.problems) assert.ok(!p.message.includes("\n"), `one line: ${p.message}`);
        return e.message;
    }
    return assert.fail("accepted");
}

describe("security: finding 2, the component's previousPlan is parsed before use", () => {
    it("an offset of -9000 is an InputPropertyError at previousPlan.instances[0].offset, and nothing is registered", async () => {
        const spec = clusterSpec("192.0.2.11");
        const previous = JSON.parse(JSON.stringify(planSpec(spec).plan)) as Plan;
        (previous.instances[0] as unknown as Record<string, unknown>).offset = -9000;
        resetResources();
        const e = thrownBy(() => new Deployment("wso2", { ...spec, previousPlan: previous }));
        await allRegistered();
        assert.deepEqual(registeredResources(), []);
        assert.ok(pulumi.InputPropertyError.isInstance(e), String(e));
        assert.equal(e.propertyPath, "previousPlan.instances[0].offset");
        // The schema (issue 13) or plan/parse.ts, whichever sees it first.
        assert.match(e.reason, /number -9000 is below 0|must be a whole number from 0 to 65535; got number -9000/);
    });
});

describe("security: finding 11, duplicate host addresses", () => {
    it("two host names for one address is an error naming both", () => {
        const spec: DeploymentSpec = { hosts: [{ name: "a", address: "192.0.2.10" }, { name: "b", address: "192.0.2.10" }], products: [{ name: "is", product: "identity-server", version: "7.0.0", instanceCount: 2 }] };
        assert.match(problemsOf(() => planSpec(spec)), /hosts\[1\]\.address: hosts "a" and "b" have the same address 192\.0\.2\.10; one machine is one host/);
    });

    it("spellings of one address count as one (IPv6 case and zeros, DNS case)", () => {
        const v6 = { hosts: [{ name: "a", address: "2001:db8::1" }, { name: "b", address: "2001:DB8:0:0::1" }], products: [{ name: "is", product: "identity-server", version: "7.0.0" }] };
        assert.match(problemsOf(() => planSpec(v6)), /same address 2001:db8::1/);
        const dns = { hosts: [{ name: "a", address: "node.example.com" }, { name: "b", address: "NODE.example.com" }], products: [{ name: "is", product: "identity-server", version: "7.0.0" }] };
        assert.match(problemsOf(() => planSpec(dns)), /same address node\.example\.com/);
    });
});

describe("security: finding 12, a clash inside one instance", () => {
    const withPorts = (ports: DeploymentSpec["products"][0]["ports"], extra = {}): DeploymentSpec =>
        ({ hosts: [{ name: "h1", address: "192.0.2.10" }], products: [{ name: "is", product: "identity-server", version: "7.0.0", ports, ...extra }] });

    it("https moved onto http's 9763 is a plan error naming both ports (was: a crash in render)", async () => {
        assert.match(problemsOf(() => planSpec(withPorts([{ name: "https", port: 9763 }]))),
            /products\[0\]\.ports\[0\]: group "is": ports "(https|http)" and "(https|http)" are both 9763\/tcp before the offset, so every instance would listen on one port twice/);
        const dir = tempDir();
        const file = join(dir, "spec.json");
        writeFileSync(file, JSON.stringify(withPorts([{ name: "https", port: 9763 }])));
        const result = await run(["render", file, "--out", join(dir, "out")]);
        assert.equal(result.code, 1);
        assert.match(result.err, /ports "(https|http)" and "(https|http)"/);
    });

    it("an explicit offset that lands a moving port on a fixed one names both", () => {
        // A fixed user port at 9763 + 100: offset 100 moves http (9763) onto it.
        const spec = withPorts([{ name: "extra", port: 9863, shifts: false }], { instances: [{ name: "is-1", offset: 100 }] });
        assert.match(problemsOf(() => planSpec(spec)), /instances\[0\]\.offset: instance "is-1" at offset 100 would listen on 9863\/tcp twice, as port "(http|extra)" and as port "(http|extra)"/);
    });

    it("a planned offset steps around its own fixed ports", () => {
        const { plan } = planSpec(withPorts([{ name: "extra", port: 9763, shifts: false }]));
        const ports = plan.instances[0].ports.map((p) => `${p.protocol}/${p.port}`);
        assert.equal(new Set(ports).size, ports.length, ports.join(" "));
        assert.notEqual(plan.instances[0].offset, 0);
    });

    it("an explicit member port on one of the instance's own ports names both", () => {
        const spec = withPorts(undefined, { clustering: { scheme: "wka" }, instances: [{ name: "is-1", offset: 0, localMemberPort: 9443 }] });
        assert.match(problemsOf(() => planSpec(spec)), /instances\[0\]\.localMemberPort: instance "is-1" would listen on 9443\/tcp twice, as port "https" and as port "cluster"/);
    });
});

describe("security: finding 13, booleans only", () => {
    for (const value of ["false", "true", 0, 1, null]) {
        it(`disabled: ${JSON.stringify(value)} is an error, not a dropped port`, () => {
            const spec = { products: [{ name: "is", product: "identity-server", version: "7.0.0", ports: [{ name: "https", disabled: value }] }] };
            assert.match(problemsOf(() => planSpec(spec)), /products\[0\]\.ports\[0\]\.disabled: .*must be true or false/);
        });
    }
});

describe("security: finding 14, integers beyond 2^53", () => {
    it("is an error with the path, not a silently different number", () => {
        const text = "products:\n  - name: is\n    product: identity-server\n    version: \"7.0.0\"\n    config:\n      server: { big: 12345678901234567891 }\n";
        assert.match(problemsOf(() => parseSpecText(text, "spec.yaml")), /spec\.yaml: products\[0\]\.config\.server\.big: the integer 12345678901234567891 is beyond 2\^53/);
    });

    it("keeps every safe integer exact, floats as floats, and hex as its value", () => {
        assert.deepEqual(parseSpecText(`a: ${Number.MAX_SAFE_INTEGER}\nb: -${Number.MAX_SAFE_INTEGER}\nc: 2.5\nd: 0x10\n`), { a: Number.MAX_SAFE_INTEGER, b: -Number.MAX_SAFE_INTEGER, c: 2.5, d: 16 });
        assert.match(problemsOf(() => parseSpecText(`a: ${Number.MAX_SAFE_INTEGER + 2}`)), /beyond 2\^53/);
        assert.match(problemsOf(() => parseSpecText("a: 1e400")), /Infinity is not a finite number/);
    });

    it("a __proto__ key stays a key", () => {
        const parsed = parseSpecText("__proto__: { polluted: true }\n") as Record<string, unknown>;
        assert.equal(({} as Record<string, unknown>).polluted, undefined);
        assert.equal(Object.getPrototypeOf(parsed), Object.prototype);
        assert.deepEqual(Object.keys(parsed), ["__proto__"]);
    });
});

describe("security: finding 16, deployment names and nft tables", () => {
    const spec = join(__dirname, "../../examples/specs/two-hosts-wka.yaml");
    for (const name of ["filter", "nat", "mangle", "raw", "security"]) {
        it(`--name ${name} is refused before anything is written`, async () => {
            const out = join(tempDir(), "out");
            const result = await run(["render", spec, "--out", out, "--name", name]);
            assert.equal(result.code, 1);
            assert.match(result.err, new RegExp(`--name: the deployment name "${name}" would take the host's own nft table "inet ${name}"`));
        });
    }

    for (const name of ["a b", "a_b", "A", "1st", "x;flush ruleset", "a".repeat(64)]) {
        it(`--name ${JSON.stringify(name).slice(0, 30)} is refused, never sanitised into another name`, async () => {
            const result = await run(["render", spec, "--out", join(tempDir(), "out"), "--name", name]);
            assert.equal(result.code, 1);
            assert.match(result.err, /--name: the deployment name .* must be 1-63 lower-case letters, digits and '-', starting with a letter/);
        });
    }
});

describe("security: finding 17, big documents in linear time", () => {
    const mapping = (keys: number) => Array.from({ length: keys }, (_, i) => `k${i}: ${i}`).join("\n");

    // That a 40,000-key mapping parses in linear time (the library's uniqueKeys made it 8-10 s,
    // quadratic) is timed in `npm run bench` (bench/parse.ts), against 10,000 keys.

    it("finds a duplicate key itself, with its line (the library's check is the quadratic one)", () => {
        assert.match(problemsOf(() => parseSpecText(`${mapping(5_000)}\nk17: again`, "big.yaml")), /big\.yaml:5001: the key "k17" appears twice in one mapping/);
    });

    it("refuses a spec over 1 MiB before parsing it, and a file that is not a regular file", async () => {
        assert.match(problemsOf(() => parseSpecText("#".repeat(MAX_SPEC_BYTES + 1), "huge.yaml")), /huge\.yaml: is \d+ bytes; a spec or plan may be at most 1048576 bytes/);
        const dir = tempDir();
        const file = join(dir, "huge.yaml");
        writeFileSync(file, "#".repeat(MAX_SPEC_BYTES + 1));
        const huge = await run(["plan", file]);
        assert.equal(huge.code, 1);
        assert.match(huge.err, /huge\.yaml: is 1048577 bytes/);
        const notFile = await run(["plan", "/dev/zero"]);
        assert.equal(notFile.code, 1);
        assert.match(notFile.err, /\/dev\/zero: is not a regular file/);
    });

    it("an alias bomb fails fast with a message", () => {
        const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(", ")}]`)].join("\n");
        const start = Date.now();
        assert.match(problemsOf(() => parseSpecText(bomb, "bomb.yaml")), /bomb\.yaml: YAML: .*alias/i);
        assert.ok(Date.now() - start < 1000);
    });
});
