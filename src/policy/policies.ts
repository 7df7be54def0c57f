/**
 * The `wso2-exposure` policies, as a library: a policy pack (see policy/ in the repository)
 * is `new PolicyPack("wso2-exposure", { policies: POLICIES })`. Only types come from
 * @pulumi/policy, so loading this module needs nothing the pack does not already have.
 */
import type {
    PolicyConfigSchema, ReportViolation, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy,
} from "@pulumi/policy";
import { AddressError, ParsedCidr, parseCidr } from "../net/address";
import {
    containerClusterPortViolations, containerPrivatePortViolations, ContainerResource, dockerHostPortClashes,
    networkPolicyClusterPortViolations, serviceClusterPortViolations, servicePrivatePortViolations, TYPES,
} from "./checks";

const reportAll = (messages: string[], report: ReportViolation) => messages.forEach((m) => report(m));

const CIDR_LIST = {
    type: "array",
    items: { type: "string", minLength: 1 },
} as const;

/**
 * A CIDR list from the policy's config; undefined when not configured. A bad entry is a
 * violation naming the config key, so a typo cannot silently switch the check off.
 */
function cidrsFromConfig(key: string, value: unknown, report: ReportViolation): ParsedCidr[] | undefined {
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) {
        report(`policy config ${key} must be a list of CIDRs; got ${JSON.stringify(value)}`);
        return [];
    }
    const cidrs: ParsedCidr[] = [];
    value.forEach((entry, i) => {
        try {
            cidrs.push(parseCidr(entry));
        } catch (e) {
            if (!(e instanceof AddressError)) throw e;
            report(`policy config ${key}[${i}]: ${e.message}`);
        }
    });
    return cidrs;
}

export interface PrivatePortsConfig {
    /** CIDRs a LoadBalancer may admit to management ports (its loadBalancerSourceRanges). */
    managementCidrs?: string[];
}

export const privatePortsNotPublished: ResourceValidationPolicy = {
    name: "wso2-private-ports-not-published",
    description: "No WSO2 management or internal port is published on 0.0.0.0, a NodePort or an unrestricted LoadBalancer.",
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: {
        properties: {
            managementCidrs: {
                ...CIDR_LIST,
                description: "CIDRs a LoadBalancer Service may admit to management ports (loadBalancerSourceRanges must lie inside them). Default: any ranges but 0.0.0.0/0 and ::/0.",
            },
        },
    } satisfies PolicyConfigSchema,
    validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
        if (args.type === TYPES.container) reportAll(containerPrivatePortViolations(args.props), report);
        if (args.type === TYPES.service) {
            const managementCidrs = cidrsFromConfig("managementCidrs", args.getConfig<PrivatePortsConfig>().managementCidrs, report);
            reportAll(servicePrivatePortViolations(args.props, managementCidrs), report);
        }
    },
};

export interface ClusterPortsConfig {
    /** CIDRs a Docker container may publish its cluster (Hazelcast) port on: the members' network. */
    memberCidrs?: string[];
}

export const clusterPortsStayInGroup: ResourceValidationPolicy = {
    name: "wso2-cluster-ports-stay-in-group",
    description: "A WSO2 cluster (Hazelcast) port is reachable only from members of its own group: not on all Docker host addresses, no NodePort/LoadBalancer, NetworkPolicies admit only the group's pods.",
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: {
        properties: {
            memberCidrs: {
                ...CIDR_LIST,
                description: "CIDRs a Docker container may publish its cluster port on, e.g. the hosts' private network. Default: any specific address.",
            },
        },
    } satisfies PolicyConfigSchema,
    validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
        if (args.type === TYPES.container) {
            const memberCidrs = cidrsFromConfig("memberCidrs", args.getConfig<ClusterPortsConfig>().memberCidrs, report);
            reportAll(containerClusterPortViolations(args.props, memberCidrs), report);
        }
        if (args.type === TYPES.service) reportAll(serviceClusterPortViolations(args.props), report);
        if (args.type === TYPES.networkPolicy) reportAll(networkPolicyClusterPortViolations(args.props), report);
    },
};

export interface HostPortClashConfig {
    /** Machine name to the `pulumi-wso2/host` labels that are that one machine. */
    machines?: Record<string, string[]>;
}

export const noDockerHostPortClash: StackValidationPolicy = {
    name: "wso2-no-docker-host-port-clash",
    description: "No two containers on one Docker host publish the same host port.",
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: {
        properties: {
            machines: {
                type: "object",
                additionalProperties: { type: "array", items: { type: "string", minLength: 1 } },
                description: "Machine name to the pulumi-wso2/host labels that name that one Docker host (two deployments in a stack that call one host by different names). Default: each label is its own host.",
            },
        },
    } satisfies PolicyConfigSchema,
    validateStack: (args: StackValidationArgs, report: ReportViolation) => {
        const containers = args.resources
            .filter((r) => r.type === TYPES.container)
            .map((r): ContainerResource => ({ name: r.name, props: r.props, provider: r.provider?.urn }));
        reportAll(dockerHostPortClashes(containers, args.getConfig<HostPortClashConfig>().machines ?? {}), report);
    },
};

export const POLICIES: (ResourceValidationPolicy | StackValidationPolicy)[] = [privatePortsNotPublished, clusterPortsStayInGroup, noDockerHostPortClash];
