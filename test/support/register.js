// The tests' TypeScript, turned into JavaScript as each file loads, types stripped (type
// errors are `npm run typecheck`'s job), by SWC where @swc/core is installed. ts-node did the
// same through SWC, but loaded TypeScript itself first, to read tsconfig.json: some 0.6 s of
// CPU in each of the suite's four mocha processes, for options that are these. Stack traces
// point into the .ts sources through inline source maps. Without SWC: ts-node, transpile-only.
"use strict";
const { readFileSync } = require("node:fs");

function swc() {
  try {
    return require("@swc/core");
  } catch {
    return undefined;
  }
}

// tsconfig.json's compile, as ts-node passed it to SWC: CommonJS with esModuleInterop,
// ES2021, which keeps class names and (before ES2022) assigns class fields.
const OPTIONS = {
  swcrc: false,
  sourceMaps: "inline",
  module: { type: "commonjs", noInterop: false, strictMode: true },
  jsc: {
    parser: { syntax: "typescript", dynamicImport: true },
    target: "es2021",
    keepClassNames: true,
    transform: { useDefineForClassFields: false },
  },
};

const compiler = swc();
if (compiler) {
  process.setSourceMapsEnabled(true);
  require.extensions[".ts"] = (module, filename) => {
    const { code } = compiler.transformSync(readFileSync(filename, "utf8"), { ...OPTIONS, filename });
    module._compile(code, filename);
  };
} else {
  require("ts-node").register({ transpileOnly: true });
}
