/**
 * `pulumi-wso2/policy`: the `wso2-exposure` policies and their checks, for a policy pack:
 *   new PolicyPack("wso2-exposure", { policies: POLICIES });
 * Kept out of the main entry point: a Pulumi program never loads it.
 */
export * from "./checks";
export * from "./policies";
