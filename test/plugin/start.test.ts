/**
 * The plugin process for every test under test/plugin: started by a root hook, so at the very
 * start of the mocha run, and left to start (and answer GetSchema) while the other test files
 * run; stopped when the run ends. Its start-up is then off the suite's critical path.
 */
import { strict as assert } from "assert";
import { pluginHost, stopPluginHost } from "./host";

before(() => {
    // Not awaited: the tests that need the plugin await pluginHost() themselves.
    pluginHost().then((host) => host.schema()).catch(() => undefined);
});

after(() => stopPluginHost());

describe("plugin process (run-plugin, as the Node language host starts it)", function () {
    this.timeout(120_000);

    it("listens and answers GetPluginInfo with the library's version", async () => {
        const host = await pluginHost();
        const version = await host.pluginInfo();
        assert.equal(version, require("../../plugin/package.json").version);
        assert.equal(version, require("../../package.json").version, "plugin/package.json's version follows the library's");
    });
});
