// `npm test`: the whole suite, in three mocha workers sharing the files. This machine has 2
// cores, but the plugin's files (below) keep one worker waiting on the plugin process for most
// of the run; with two workers everything else queued behind one (median of four runs on a
// shared machine: 46.7 s with two, 45.1 s with three, for some 2 s more CPU). The files that
// mostly wait on the system (network namespaces, Docker, probes that time out) start early,
// so their waiting overlaps the CPU-bound files instead of ending the run. Tests that touch
// the system name their namespaces, nft tables, containers and networks by process, and bind
// on their own loopback address, so the workers never collide.
// The plugin's spec files run as one (test/plugin/one-worker.ts), in one worker, against one
// plugin process, started first: starting it is mostly waiting on that child process.
// `npx mocha FILE` runs one file alone, in one process, with .mocharc.json.
"use strict";
const { readdirSync } = require("node:fs");
const { join } = require("node:path");
const base = require("../.mocharc.json");

const PLUGIN_DIR = "test/plugin/";
const PLUGIN_GROUP = "test/plugin/one-worker.ts";
const WAIT_BOUND = [
  "test/firewall/docker.test.ts", "test/firewall/netns.test.ts", "test/security/netns.test.ts", "test/verify/verify.test.ts",
  "test/firewall/nft-check.test.ts", "test/wiring/peer-traffic.test.ts", "test/cli/secrets.test.ts",
];

const root = join(__dirname, "..");
const all = readdirSync(join(root, "test"), { recursive: true })
  .filter((f) => f.endsWith(".test.ts"))
  .map((f) => `test/${f.split("\\").join("/")}`)
  .sort()
  .filter((f) => !f.startsWith(PLUGIN_DIR))
  .concat(PLUGIN_GROUP);

// The plugin's files first; then each file that waits next to one that computes, so that two
// waiting files rarely hold the two other workers while a core idles.
const waiting = WAIT_BOUND.filter((f) => all.includes(f));
const computing = all.filter((f) => f !== PLUGIN_GROUP && !WAIT_BOUND.includes(f));
const interleaved = waiting.flatMap((f, i) => [f, computing[i]]).filter(Boolean).concat(computing.slice(waiting.length));

module.exports = {
  ...base,
  parallel: true,
  jobs: 3,
  spec: [PLUGIN_GROUP, ...interleaved],
};
