// `npm test` (test/suite.mocharc.js) runs the plugin's spec files as this one file, so one
// parallel worker runs them all against one plugin process (host.ts). Listed one by one, they
// landed in both workers, each file after the first started a plugin of its own, and every
// start costs seconds of CPU (the SDK, @pulumi/docker and @pulumi/kubernetes load, and
// GetSchema type-checks the sources): four starts a run, the suite's largest cost.
// Every *.test.ts here is loaded, so a new one joins without being listed.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { pluginHost } from "./host";

// The plugin boots (seconds) while this worker loads the spec files below, instead of after.
pluginHost().then((host) => host.schema()).catch(() => undefined);

export const PLUGIN_SPEC_FILES = readdirSync(__dirname, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".test.ts")).sort();

for (const file of PLUGIN_SPEC_FILES) require(join(__dirname, file));
