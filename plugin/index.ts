/**
 * The plugin package `wso2`: exactly the components other languages see. Pulumi names their
 * type tokens after this package, so `Deployment` is `wso2:index:Deployment`, the token the
 * TypeScript class registers (DEPLOYMENT_TYPE).
 */
export { Deployment } from "../src/component/deployment";
