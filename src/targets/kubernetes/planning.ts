/**
 * The spec as the planner sees it on Kubernetes.
 *
 * Pod network (default): every pod has its own network namespace, so each instance becomes
 * its own planner "host" named after it, with the pod's DNS name as its address. Every
 * instance then gets its product's default offset and member port: all pods of a
 * StatefulSet share one pod template, so they need identical ports, and they get them.
 * WKA member lists come out as `<pod>.<group>-headless.<ns>.svc.<domain>:<port>`.
 *
 * hostNetwork: the spec's hosts are the nodes and the spec is planned as written, exactly
 * as for Docker hosts.
 */
import { PlannedInstance } from "../../plan/types";
import { ProblemList, SpecError, SpecProblem } from "../../spec/errors";
import { instanceEntries as resolvedEntries } from "../../spec/normalize";
import { DeploymentSpec, GroupSpec, HostSpec, InstanceSpec } from "../../spec/types";
import { FIRST_ORDINAL, headlessServiceName, podAddress, podName } from "./names";
import { ResolvedKubernetesSettings } from "./types";
import { isObject } from "../../util/is-object";

/** A StatefulSet's pods carry a `controller-revision-hash` label of `<name>-<hash>`, at most 63 characters. */
export const MAX_STATEFULSET_NAME = 52;

/** Options for `renderConfigs` on Kubernetes: member addresses and the kubernetes scheme's Service. */
export interface KubernetesRenderOptions {
    memberAddress: (inst: PlannedInstance) => string;
    kubernetes: { namespace: string; serviceName: (group: string) => string };
}

export function kubernetesRenderOptions(settings: ResolvedKubernetesSettings): KubernetesRenderOptions {
    return {
        // hostNetwork pods are reached at their node's address, which the plan already holds.
        memberAddress: (inst) => (settings.hostNetwork ? inst.address : podAddress(inst.name, inst.group, settings)),
        kubernetes: { namespace: settings.namespace, serviceName: headlessServiceName },
    };
}

/** The instance entries of a group as a list, whichever field the spec used; undefined if malformed (resolveSpec reports it). */
function instanceEntries(group: GroupSpec): InstanceSpec[] | undefined {
    const problems = new ProblemList();
    const entries = resolvedEntries(group, "", problems);
    return problems.empty ? entries : undefined;
}

/** The one value a field has across a group's instances; a problem when they differ. */
function sharedValue(group: GroupSpec, index: number, entries: InstanceSpec[], field: "offset" | "localMemberPort", problems: SpecProblem[]): number | undefined {
    const values = [...new Set(entries.map((e) => e[field]).filter((v) => v !== undefined))];
    if (values.length > 1) {
        problems.push({
            path: `products[${index}].instances`,
            message: `group "${group.name}": its instances are the pods of one StatefulSet, which share one pod template and so one ${field}; got ${values.join(", ")}. Give them all the same ${field}, or set hostNetwork`,
        });
    }
    return values[0] as number | undefined;
}

function checkPodNames(group: GroupSpec, index: number, entries: InstanceSpec[], problems: SpecProblem[]): void {
    entries.forEach((e, i) => {
        const expected = podName(group.name, i + FIRST_ORDINAL);
        if (e.name !== undefined && e.name !== expected) {
            problems.push({
                path: `products[${index}].instances[${i}].name`,
                message: `group "${group.name}": instance ${JSON.stringify(e.name)} would be StatefulSet pod "${expected}"; on Kubernetes the instances of a group are named <group>-1, <group>-2, ... (leave out \`name\`, or set hostNetwork for one StatefulSet per named instance)`,
                instance: String(e.name),
            });
        }
    });
}

function checkScheme(group: GroupSpec, index: number, problems: SpecProblem[]): void {
    if (isObject(group.clustering) && group.clustering.scheme === "multicast") {
        problems.push({
            path: `products[${index}].clustering.scheme`,
            message: `group "${group.name}": multicast does not cross pod networks in common CNIs; use wka or kubernetes, or set hostNetwork`,
        });
    }
}

/** One group with each instance on its own pod "host"; the hosts are returned alongside. */
function podNetworkGroup(group: GroupSpec, index: number, settings: ResolvedKubernetesSettings, problems: SpecProblem[]): { group: GroupSpec; hosts: HostSpec[] } {
    const entries = instanceEntries(group);
    if (typeof group.name !== "string" || !entries) return { group, hosts: [] }; // resolveSpec reports these.
    checkPodNames(group, index, entries, problems);
    checkScheme(group, index, problems);
    const offset = sharedValue(group, index, entries, "offset", problems);
    const localMemberPort = sharedValue(group, index, entries, "localMemberPort", problems);
    const instances = entries.map((e, i): InstanceSpec => {
        const name = podName(group.name, i + FIRST_ORDINAL);
        return { ...e, name, host: name, offset, localMemberPort };
    });
    const hosts = instances.map((i) => ({ name: i.name!, address: podAddress(i.name!, group.name, settings) }));
    const { instanceCount: _count, ...rest } = group;
    return { group: { ...rest, instances }, hosts };
}

function hostNetworkProblems(spec: DeploymentSpec): SpecProblem[] {
    const problems: SpecProblem[] = [];
    (Array.isArray(spec.products) ? spec.products : []).forEach((group, index) => {
        (isObject(group) ? instanceEntries(group) ?? [] : []).forEach((e, i) => {
            if (typeof e.name === "string" && e.name.length > MAX_STATEFULSET_NAME) {
                problems.push({ path: `products[${index}].instances[${i}].name`, message: `instance "${e.name}" names its own StatefulSet under hostNetwork, and StatefulSet names are at most ${MAX_STATEFULSET_NAME} characters`, instance: e.name });
            }
        });
    });
    return problems;
}

/** The spec to plan for these settings; throws SpecError when the spec cannot run on Kubernetes as asked. */
export function planningSpecFor(spec: DeploymentSpec, settings: ResolvedKubernetesSettings, problems: SpecProblem[] = []): DeploymentSpec {
    if (settings.hostNetwork) {
        const all = [...problems, ...hostNetworkProblems(spec)];
        if (all.length > 0) throw new SpecError(all);
        return spec;
    }
    if (!isObject(spec) || !Array.isArray(spec.products)) {
        if (problems.length > 0) throw new SpecError(problems);
        return spec; // resolveSpec reports the missing products.
    }
    const all = [...problems];
    const groups = spec.products.map((g, i) => (isObject(g) ? podNetworkGroup(g, i, settings, all) : { group: g, hosts: [] }));
    if (all.length > 0) throw new SpecError(all);
    const hosts = groups.flatMap((g) => g.hosts);
    return { ...spec, hosts: hosts.length > 0 ? hosts : spec.hosts, products: groups.map((g) => g.group) };
}
