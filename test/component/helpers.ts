// The mock engine first: the component must load after setMocks.
import { allRegistered, RegisteredResource, registeredResources, resetResources } from "../support/pulumi-mocks";
import * as pulumi from "@pulumi/pulumi";
import { isRpcSecret } from "@pulumi/pulumi/runtime/rpc";
import { Deployment, DeploymentArgs, DeploymentResourceOptions, DEPLOYMENT_TYPE } from "../../src/component/deployment";

export const CONTAINER = "docker:index/container:Container";
export const NETWORK = "docker:index/network:Network";

/** A child as the SDK saw it before the engine, its options included (the component itself left out). */
export interface SeenChild {
    type: string;
    name: string;
    opts: pulumi.ResourceOptions;
}

export interface Deployed {
    component: Deployment;
    /** Everything the mock engine registered, the component excluded. */
    children: RegisteredResource[];
    seen: SeenChild[];
}

/** Registers a Deployment on a fresh mock engine record and waits for every registration. */
export async function deploy(args: DeploymentArgs, nameOrOpts: string | DeploymentResourceOptions = "wso2"): Promise<Deployed> {
    const [name, opts] = typeof nameOrOpts === "string" ? [nameOrOpts, {}] : ["wso2", nameOrOpts];
    resetResources();
    const seen: SeenChild[] = [];
    // A transformation of the component reaches every child, so the test sees their options.
    const record: pulumi.ResourceTransformation = (a) => {
        if (a.type !== DEPLOYMENT_TYPE) seen.push({ type: a.type, name: a.name, opts: a.opts });
        return undefined;
    };
    const component = new Deployment(name, args, { ...opts, transformations: [record] });
    await allRegistered();
    const all = registeredResources();
    const self = all.filter((r) => r.type === DEPLOYMENT_TYPE && r.name === name);
    if (self.length !== 1) throw new Error(`expected the component to be registered once, got ${self.length}`);
    return { component, children: all.filter((r) => r !== self[0]), seen };
}

export function byName(resources: RegisteredResource[], type: string, name: string): RegisteredResource {
    const found = resources.find((r) => r.type === type && r.name === name);
    if (!found) throw new Error(`no ${type} named ${name} among ${resources.map((r) => r.name).join(", ")}`);
    return found;
}

/** A mock input that the SDK sent as a secret arrives wrapped; this unwraps it and says whether it was. */
export function unwrapSecret(value: unknown): { secret: boolean; value: unknown } {
    return isRpcSecret(value) ? { secret: true, value: (value as { value: unknown }).value } : { secret: false, value };
}

/**
 * A container's single upload. A secret `content` makes the SDK send the whole `uploads`
 * list as one secret, so secrecy is read at that level.
 */
export function uploadOf(inputs: Record<string, any>): { secret: boolean; file: string; content: string; count: number } {
    const { secret, value } = unwrapSecret(inputs.uploads);
    const uploads = value as { file: string; content: string }[];
    return { secret, file: uploads[0].file, content: uploads[0].content, count: uploads.length };
}

/** Runs `fn` expecting it to throw synchronously; returns the error. */
export function thrownBy(fn: () => unknown): unknown {
    try {
        fn();
    } catch (e) {
        return e;
    }
    throw new Error("expected an error, but nothing was thrown");
}
