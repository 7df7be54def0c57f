// The plugin's entry point (package.json "main"); Pulumi's schema inference reads index.ts.
//
// run-plugin registers ts-node with full type checking, which on every `pulumi up` and
// `pulumi package add` type-checks the component and the @pulumi/docker and
// @pulumi/kubernetes typings it imports: about 8 s of CPU here. The sources are type-checked
// in CI (`npm run typecheck`), so the plugin turns that instance off and compiles them
// transpile-only, through ts-node's own Service API.
const path = require("path");
const tsNode = require("ts-node");

process[tsNode.REGISTER_INSTANCE]?.enabled(false);
tsNode.register({ transpileOnly: true, project: path.join(__dirname, "tsconfig.json") });

module.exports = require("./index.ts");
