// The plugin's entry point (package.json "main"); Pulumi's schema inference reads index.ts.
//
// run-plugin registers ts-node with full type checking, and unlike a program's runner
// (cmd/run: `noCheck`, PULUMI_NODEJS_TRANSPILE_ONLY) it has no switch for that in
// @pulumi/pulumi 3.248. On every `pulumi up` and `pulumi package add` it would type-check the
// component and the @pulumi/docker and @pulumi/kubernetes typings it imports: about 8 s of
// CPU here (11.7 s to listening instead of 3.9 s). The sources are type-checked in CI
// (`npm run typecheck`), so the plugin turns that instance off and compiles them
// transpile-only, through ts-node's own Service API: with SWC where @swc/core is installed (a
// development checkout has it), which turns the some 100 source files into JavaScript several
// times faster than TypeScript's own transpiler.
const path = require("path");
const tsNode = require("ts-node");

const hasSwc = (() => {
    try {
        require.resolve("@swc/core");
        return true;
    } catch {
        return false;
    }
})();

process[tsNode.REGISTER_INSTANCE]?.enabled(false);
tsNode.register({ transpileOnly: true, swc: hasSwc, project: path.join(__dirname, "tsconfig.json") });

module.exports = require("./index.ts");
