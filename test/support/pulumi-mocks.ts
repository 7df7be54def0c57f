/**
 * Pulumi's own mock engine (pulumi.runtime.setMocks): the engine is mocked, our code is
 * real. Import this module before the component so the mocks are in place first.
 */
import * as pulumi from "@pulumi/pulumi";

export interface RegisteredResource {
    type: string;
    name: string;
    inputs: Record<string, any>;
}

const registered: RegisteredResource[] = [];

pulumi.runtime.setMocks(
    {
        newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, any> } {
            registered.push({ type: args.type, name: args.name, inputs: args.inputs });
            return { id: `${args.name}-id`, state: args.inputs };
        },
        call(args: pulumi.runtime.MockCallArgs) {
            return args.inputs;
        },
    },
    "pulumi-wso2",
    "test",
    false,
);

export function resetResources(): void {
    registered.length = 0;
}

/** Resources registered since the last reset, component resources included. */
export function registeredResources(): RegisteredResource[] {
    return [...registered];
}

export function promiseOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply((v) => { resolve(v); return v; }));
}

/** Whether an Output is marked secret. */
export function isSecretOutput(output: pulumi.Output<unknown>): Promise<boolean> {
    return pulumi.isSecret(output);
}

/** Lets pending registrations reach the mock monitor. */
export async function settle(): Promise<void> {
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}

/**
 * Waits until every registration so far has reached the mock monitor, however many there
 * are (settle() only yields a few turns). Uses the SDK's own RPC queue, which `disconnect`
 * drains the same way.
 */
export async function allRegistered(): Promise<void> {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs?: () => Promise<void> };
    if (settings.waitForRPCs) await settings.waitForRPCs();
    await settle();
}
