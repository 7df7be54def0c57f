/**
 * The `wso2-exposure` policy pack: the policies ship in the pulumi-wso2 package
 * (`pulumi-wso2/policy`); this pack only enables them. `npm install` here, then
 * `pulumi preview --policy-pack <this folder>`.
 */
import { PolicyPack } from "@pulumi/policy";
import { POLICIES } from "pulumi-wso2/policy";

new PolicyPack("wso2-exposure", { policies: POLICIES });
