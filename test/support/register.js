// ts-node for the tests, transpile-only (type errors are `npm run typecheck`'s job), through
// SWC where @swc/core is installed: each mocha process turns some 100 TypeScript files into
// JavaScript, and SWC does it several times faster than TypeScript's own transpiler.
"use strict";
const hasSwc = (() => {
  try {
    require.resolve("@swc/core");
    return true;
  } catch {
    return false;
  }
})();
require("ts-node").register(hasSwc ? { swc: true } : { transpileOnly: true });
