/**
 * The `wso2-exposure` policy pack: `pulumi preview --policy-pack policy` (from the repo root).
 * The policies live in ./policies so tests can call them without the policy runtime.
 */
import { PolicyPack } from "@pulumi/policy";
import { POLICIES } from "./policies";

new PolicyPack("wso2-exposure", { policies: POLICIES });
