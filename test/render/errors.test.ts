/** Every contradiction or unreadable config is an error naming the instance, the key and the spec path. */
import { strict as assert } from "node:assert";
import { SpecProblem } from "../../src/spec/errors";
import { DeploymentSpec } from "../../src/spec/types";
import { APIM, IS, ONE_HOST, renderProblems, SI, TWO_HOSTS } from "./helpers";

function only(problems: SpecProblem[], instance: string): SpecProblem {
    const found = problems.filter((p) => p.instance === instance);
    assert.equal(found.length, 1, `one problem for ${instance}: ${JSON.stringify(problems)}`);
    return found[0];
}

describe("render: errors", () => {
    it("a null inside a list, in a group's or an instance's config, is one problem naming the key (it crashed the TOML writer)", () => {
        const MI = { product: "micro-integrator" as const, version: "4.2.0" };
        const problems = renderProblems({ hosts: ONE_HOST, products: [{ name: "mi", ...MI, instanceCount: 2, config: { custom: { list: [null] } } }, { name: "other", ...MI, instances: [{ config: { custom: { list: ["a", null] } } }] }] } as unknown as DeploymentSpec);
        assert.deepEqual(problems.map((p) => [p.path, p.message]), [
            ["products[0].config", 'group "mi": `custom.list` holds null or a value TOML cannot hold'],
            ["products[1].instances[0].config", 'instance "other-1": `custom.list` holds null or a value TOML cannot hold'],
        ]);
    });

    it("a group value that does not read back is one problem, at the group's first instance, not one per instance", () => {
        const problems = renderProblems({ hosts: TWO_HOSTS, products: [{ name: "is", ...IS, instanceCount: 3, config: { custom: { text: "\ud800" } } }] });
        assert.deepEqual(problems.map((p) => p.instance), ["is-1"]);
        assert.match(problems[0].message, /`custom\.text` would not read back as written/);
    });

    it("an offset in the group config that contradicts the plan: one problem per instance, naming it and the key", () => {
        const problems = renderProblems({ hosts: ONE_HOST, products: [{ name: "is", ...IS, instanceCount: 2, config: { server: { offset: 5 } } }] });
        assert.deepEqual(problems.map((p) => p.instance).sort(), ["is-1", "is-2"]);
        for (const p of problems) {
            assert.equal(p.path, "products[0].config");
            assert.match(p.message, new RegExp(`instance "${p.instance}"`));
            assert.match(p.message, /`server\.offset` = 5/);
            assert.match(p.message, /offset (0|1)/);
            assert.match(p.message, /set `offset: 5` on the instance/);
        }
    });

    it("the same offset as the plan is no contradiction, and an instance's own config wins over the group's", () => {
        const problems = renderProblems({
            hosts: ONE_HOST,
            products: [{ name: "is", ...IS, config: { server: { offset: 7 } }, instances: [{ config: { server: { offset: 0 } } }, { configToml: "[server]\noffset = 3\n" }] }],
        });
        const p = only(problems, "is-2");
        assert.equal(p.path, "products[0].instances[1].configToml");
        assert.match(p.message, /instance "is-2".*`server\.offset` = 3 in its own config/);
        assert.equal(problems.length, 1);
    });

    it("a local_member_port another instance owns names that instance, the key and the fix", () => {
        const problems = renderProblems({
            hosts: ONE_HOST,
            products: [{ name: "is", ...IS, clustering: { scheme: "wka" }, instances: [{ config: { clustering: { local_member_port: "4001" } } }, {}] }],
        });
        const p = only(problems, "is-1");
        assert.equal(p.path, "products[0].instances[0].config");
        assert.match(p.message, /`clustering\.local_member_port` = "4001"/);
        assert.match(p.message, /belongs to instance "is-2" on host "h1"/);
        assert.match(p.message, /localMemberPort: 4001/);
    });

    it("WKA members, scheme, domain or kubernetes properties that differ from the plan are errors", () => {
        const problems = renderProblems({
            hosts: TWO_HOSTS,
            products: [
                { name: "is", ...IS, instanceCount: 2, clustering: { scheme: "wka" }, config: { clustering: { members: ["192.0.2.10:4000"], domain: "wso2.carbon.domain" } } },
                { name: "k", ...IS, instanceCount: 1, clustering: { scheme: "kubernetes" }, config: { clustering: { properties: { KUBERNETES_NAMESPACE: "other" } } } },
            ],
        });
        const keys = problems.map((p) => `${p.instance} ${/`([^`]+)` =/.exec(p.message)?.[1]}`).sort();
        assert.deepEqual(keys, [
            "is-1 clustering.domain", "is-1 clustering.members", "is-2 clustering.domain", "is-2 clustering.members",
            "k-1 clustering.properties.KUBERNETES_NAMESPACE",
        ]);
        assert.match(problems.find((p) => p.instance === "k-1")!.message, /"default"/);
    });

    it("membership_scheme in the config of an unclustered group is an error pointing at `clustering` in the spec", () => {
        const problems = renderProblems({ hosts: ONE_HOST, products: [{ name: "is", ...IS, configToml: "[clustering]\nmembership_scheme = \"wka\"\n" }] });
        const p = only(problems, "is-1");
        assert.match(p.message, /`clustering\.membership_scheme`/);
        assert.match(p.message, /set `clustering: \{ scheme: \.\.\. \}` on the group/);
    });

    it("a shifted port in properties.port explains the double shift and points to a `ports:` override", () => {
        const problems = renderProblems({
            hosts: ONE_HOST,
            products: [{ name: "is", ...IS, instances: [{}, { config: { transport: { https: { properties: { port: 9444 } } } } }] }],
        });
        const p = only(problems, "is-2");
        assert.equal(p.path, "products[0].instances[1].config");
        assert.match(p.message, /`transport\.https\.properties\.port` = 9444/);
        assert.match(p.message, /listen on 9445 instead of the planned 9444/);
        assert.match(p.message, /double shift/);
        assert.match(p.message, /`ports:` override/);
    });

    it("a different unshifted port number in a catalog key is an error too (the plan would not know the port)", () => {
        const problems = renderProblems({ hosts: ONE_HOST, products: [{ name: "is", ...IS, config: { monitoring: { jmx: { rmi_registry_port: 19999 } } } }] });
        assert.match(only(problems, "is-1").message, /`monitoring\.jmx\.rmi_registry_port` = 19999.*ports: \[\{ name: jmx-registry, port: 19999 \}\]/);
    });

    it("invalid TOML text names the line and column, never the line's text (it may hold a password; issue 10, finding 10)", () => {
        const problems = renderProblems({
            hosts: ONE_HOST,
            products: [
                { name: "is", ...IS, configToml: "[server]\nhostname = \"a\"\n[super_admin]\npassword = \"hunter2\" = 2\n" },
                { name: "am", ...APIM, instances: [{ configToml: "[apim\npassword = \"hunter2\"\n" }] },
            ],
        });
        const group = problems.find((p) => p.path === "products[0].configToml")!;
        assert.match(group.message, /group "is": invalid TOML at line 4, column \d+ of the config text \(each key-value declaration must be followed by an end-of-line\)$/);
        const inst = only(problems, "am-1");
        assert.equal(inst.path, "products[1].instances[0].configToml");
        assert.match(inst.message, /^instance "am-1": invalid TOML at line 1, column \d+ of the config text \([^"]*\)$/);
        for (const p of problems) assert.doesNotMatch(p.message, /hunter2/);
    });

    it("invalid YAML text for Streaming Integrator names the line and column, never the text", () => {
        const problems = renderProblems({ hosts: ONE_HOST, products: [{ name: "si", ...SI, configToml: "wso2.carbon:\n  id: x\n   password: \"hunter2\n" }] });
        assert.equal(problems[0].path, "products[0].configToml");
        assert.match(problems[0].message, /invalid YAML at line \d+, column \d+/);
        assert.doesNotMatch(problems[0].message, /hunter2/);
        const list = renderProblems({ hosts: ONE_HOST, products: [{ name: "si", ...SI, configToml: "- hunter2\n" }] });
        assert.match(list[0].message, /must be a YAML mapping, not a list$/);
    });

    it("Streaming Integrator's offset in deployment.yaml is checked like [server] offset", () => {
        const problems = renderProblems({ hosts: ONE_HOST, products: [{ name: "si", ...SI, instances: [{ config: { "wso2.carbon": { ports: { offset: 4 } } } }] }] });
        assert.match(only(problems, "si-1").message, /`"wso2\.carbon"\.ports\.offset` = 4/);
    });

    it("values TOML 0.5 cannot hold (null, mixed arrays) are errors naming the key", () => {
        const problems = renderProblems({
            hosts: ONE_HOST,
            products: [{ name: "is", ...IS, config: { a: { b: null }, c: [1, "x"], d: [1, 1.5] }, instances: [{ configToml: "e = [ 1, \"x\" ]\n" }] }],
        });
        const messages = problems.map((p) => p.message).join("\n");
        assert.match(messages, /group "is": `a\.b` has no value \(null\)/);
        assert.match(messages, /group "is": `c` mixes integer and string values.*TOML 0\.5/);
        assert.match(messages, /`d` mixes integer and float values/);
        assert.match(messages, /instance "is-1": `e` mixes integer and string/);
    });

    it("a key the renderer must write into that is not a table is an error", () => {
        const problems = renderProblems({ hosts: ONE_HOST, products: [{ name: "is", ...IS, config: { server: "x" } }] });
        assert.match(only(problems, "is-1").message, /`server` in the config of group "is" must be a table, because the renderer sets `server\.offset`/);
    });

    it("a secretKeys entry that names nothing is an error (a typo would leave a password in plain text)", () => {
        const problems = renderProblems({ hosts: ONE_HOST, products: [{ name: "is", ...IS, config: { database: { db: { url: "u" } } }, secretKeys: ["database.db.url", "databse.db.password"] }] });
        assert.equal(problems.length, 1);
        assert.equal(problems[0].path, "products[0].secretKeys[1]");
        assert.match(problems[0].message, /"databse\.db\.password" names no key/);
    });

    it("names a secretKeys entry quoted, so one with a line break is still a one-line message (the property test's flake)", () => {
        const problems = renderProblems({ hosts: ONE_HOST, products: [{ name: "is", ...IS, secretKeys: ["a\nb\rc"] }] });
        assert.equal(problems.length, 1);
        assert.ok(!/[\n\r]/.test(problems[0].message), problems[0].message);
        assert.match(problems[0].message, /"a\\nb\\rc" names no key/);
    });

    it("reports every problem of every instance and group at once", () => {
        const spec: DeploymentSpec = {
            hosts: TWO_HOSTS,
            products: [
                { name: "is", ...IS, instances: [{ config: { server: { offset: 9 } } }, { configToml: "x = \n" }] },
                { name: "am", ...APIM, config: { apim: { gateway: { environment: { name: "x" } } } } },
            ],
        };
        const problems = renderProblems(spec);
        assert.deepEqual(problems.map((p) => p.instance ?? p.path).sort(), ["am-1", "is-1", "is-2"]);
        assert.match(only(problems, "am-1").message, /`apim\.gateway\.environment` must be a list of tables/);
    });
});
