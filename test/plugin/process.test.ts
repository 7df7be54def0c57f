/** The plugin package's layout, and its process started as the Node language host starts it. */
import { strict as assert } from "assert";
import * as path from "path";
import { PLUGIN_DIR, pluginHost } from "./host";

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
        const version = host.version;
        assert.equal(version, require("../../plugin/package.json").version);
        assert.equal(version, require("../../package.json").version, "plugin/package.json's version follows the library's");
    });
});
