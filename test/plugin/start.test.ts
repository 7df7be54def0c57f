/**
 * The plugin process for every test under test/plugin: started by a root hook, so at the very
 * start of the mocha run, and left to start (and answer GetSchema) while the other test files
 * run; stopped when the run ends. Its start-up is then off the suite's critical path.
 */
import { strict as assert } from "assert";
import * as path from "path";
import { PLUGIN_DIR, pluginHost, stopPluginHost } from "./host";

before(() => {
    // Not awaited: the tests that need the plugin await pluginHost() themselves.
    pluginHost().then((host) => host.schema()).catch(() => undefined);
});

after(() => stopPluginHost());

describe("plugin package layout", () => {
    it("shares the repository's node_modules: one @pulumi/pulumi for run-plugin and the component", () => {
        // Two SDK copies would each keep their own engine connection, and the component's
        // children would never reach the engine the provider server talks to.
        const fromPlugin = require.resolve("@pulumi/pulumi", { paths: [PLUGIN_DIR] });
        const fromComponent = require.resolve("@pulumi/pulumi", { paths: [path.resolve(__dirname, "../../src/component")] });
        assert.equal(fromPlugin, fromComponent);
        const plugin = require(path.join(PLUGIN_DIR, "package.json"));
        assert.equal(plugin.name, "wso2", "the package name is the schema's package name: wso2:index:Deployment");
        assert.equal(plugin.dependencies, undefined, "plugin/ takes its dependencies from the root");
        // `npm install` in plugin/ (what Pulumi runs for a source plugin) installs the root's dependencies.
        assert.ok(require("../../package.json").workspaces.includes("plugin"));
    });
});

describe("plugin process (run-plugin, as the Node language host starts it)", function () {
    this.timeout(120_000);

    it("listens and answers GetPluginInfo with the library's version", async () => {
        const host = await pluginHost();
        const version = await host.pluginInfo();
        assert.equal(version, require("../../plugin/package.json").version);
        assert.equal(version, require("../../package.json").version, "plugin/package.json's version follows the library's");
    });
});
