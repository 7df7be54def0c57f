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

/** Pulumi's marker for a secret value in serialized state (sdk/nodejs/runtime/rpc.ts specialSigKey). */
export const SECRET_SIG = { key: "4dabf18193072939515e22adb298388d", value: "1b47061264138c4ac30d75fd1eb44270" };

/**
 * What the engine stores for a resource: for a component, the outputs it passed to
 * registerOutputs, as serialized (secrets still wrapped in their signature object).
 */
export function storedState(urn: string): Record<string, any> | undefined {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const settings = require("@pulumi/pulumi/runtime/settings") as { getMonitor: () => { resources: Map<string, { state: any }> } };
    const state = settings.getMonitor().resources.get(urn)?.state;
    return state && typeof state.toJavaScript === "function" ? state.toJavaScript() : state;
}

export function isSecretValue(value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as Record<string, unknown>)[SECRET_SIG.key] === SECRET_SIG.value;
}
