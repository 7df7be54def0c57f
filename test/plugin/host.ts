/**
 * The source-based plugin (plugin/) run as the Pulumi CLI runs it, with no CLI: this file
 * plays the engine and the resource monitor over gRPC, starts the plugin the way the Node
 * language host's RunPlugin does (`node @pulumi/pulumi/cmd/run-plugin <plugin dir> <engine
 * address>`, resolved from the plugin directory), and talks to it as a ResourceProvider
 * client: GetPluginInfo, GetSchema, Construct.
 *
 * The plugin takes seconds to start (it loads the SDK, @pulumi/docker and
 * @pulumi/kubernetes, and GetSchema type-checks the sources), so one process serves every
 * test: `pluginHost()` starts it once, and the root hooks at the end of this file start it
 * (and ask for the schema) as the mocha run begins, so that work overlaps the other test
 * files instead of adding to the run's length.
 */
import * as grpc from "@grpc/grpc-js";
import { ChildProcess, spawn } from "child_process";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as path from "path";
import * as engrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engproto from "@pulumi/pulumi/proto/engine_pb";
import * as errproto from "@pulumi/pulumi/proto/errors_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as resrpc from "@pulumi/pulumi/proto/resource_grpc_pb";
import * as resproto from "@pulumi/pulumi/proto/resource_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";

export const PLUGIN_DIR = path.resolve(__dirname, "../../plugin");
const PROJECT = "consumer";
const STACK = "dev";

/** What the plugin registered with the fake monitor during one Construct. */
export interface Registration {
    urn: string;
    type: string;
    name: string;
    custom: boolean;
    provider: string;
    inputs: Record<string, any>;
    outputs?: Record<string, any>;
}

export interface ConstructOptions {
    dryRun?: boolean;
    /** Input property name -> URNs it depends on (what the engine sends for Output inputs). */
    dependencies?: Record<string, string[]>;
}

export interface ConstructResult {
    urn: string;
    /** The component's outputs, in the wire encoding (secrets and unknowns as sentinels). */
    state: Record<string, any>;
    registrations: Registration[];
    warnings: string[];
}

/** The error a Construct returned: the gRPC status and the InputPropertiesError details, if any. */
export interface ConstructFailure {
    code: number;
    message: string;
    propertyErrors: { propertyPath: string; reason: string }[];
    /** What the plugin registered before it failed. */
    registrations: Registration[];
}

type Unary<Req, Res> = (call: grpc.ServerUnaryCall<Req, Res>, callback: grpc.sendUnaryData<Res>) => void;

function unary<Req, Res>(handle: (req: Req) => Res): Unary<Req, Res> {
    return (call, callback) => {
        try {
            callback(null, handle(call.request));
        } catch (e) {
            callback(e as grpc.ServiceError);
        }
    };
}

/** Child URNs name their parent's type, as the engine's do. */
function urnOf(parent: string, type: string, name: string): string {
    const qualified = parent ? `${parent.split("::")[2]}$${type}` : type;
    return `urn:pulumi:${STACK}::${PROJECT}::${qualified}::${name}`;
}

/** The resource monitor and engine services: records registrations, echoes inputs as state. */
class FakeEngine {
    registrations: Registration[] = [];
    warnings: string[] = [];
    dryRun = false;

    monitor(): resrpc.IResourceMonitorServer {
        return {
            supportsFeature: unary(() => new resproto.SupportsFeatureResponse().setHassupport(true)),
            registerPackage: unary(() => new resproto.RegisterPackageResponse().setRef("wso2-test-package")),
            registerResource: unary((req: resproto.RegisterResourceRequest) => this.register(req)),
            registerResourceOutputs: unary((req: resproto.RegisterResourceOutputsRequest) => {
                const registration = this.registrations.find((r) => r.urn === req.getUrn());
                if (registration) registration.outputs = req.getOutputs()?.toJavaScript() ?? {};
                return new Empty();
            }),
        } as unknown as resrpc.IResourceMonitorServer;
    }

    engine(): engrpc.IEngineServer {
        return {
            log: unary((req: engproto.LogRequest) => {
                if (req.getSeverity() >= engproto.LogSeverity.WARNING) this.warnings.push(req.getMessage());
                return new Empty();
            }),
            getRootResource: unary(() => new engproto.GetRootResourceResponse().setUrn("")),
            setRootResource: unary(() => new engproto.SetRootResourceResponse()),
        } as unknown as engrpc.IEngineServer;
    }

    private register(req: resproto.RegisterResourceRequest): resproto.RegisterResourceResponse {
        const urn = urnOf(req.getParent(), req.getType(), req.getName());
        const inputs = req.getObject()?.toJavaScript() ?? {};
        this.registrations.push({ urn, type: req.getType(), name: req.getName(), custom: req.getCustom(), provider: req.getProvider(), inputs });
        // A preview knows no ids; an update gets one per custom resource.
        const id = req.getCustom() && !this.dryRun ? `${req.getName()}-id` : "";
        return new resproto.RegisterResourceResponse().setUrn(urn).setId(id).setObject(Struct.fromJavaScript(inputs));
    }
}

function listen(server: grpc.Server): Promise<number> {
    return new Promise((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, port) => (e ? reject(e) : resolve(port))));
}

/** The plugin's first stdout line is the port its ResourceProvider server listens on. */
function pluginPort(child: ChildProcess): Promise<number> {
    return new Promise((resolve, reject) => {
        let stdout = "";
        let stderr = "";
        child.stdout!.on("data", (d) => {
            stdout += d;
            const match = /^(\d+)\s*$/m.exec(stdout);
            if (match) resolve(Number(match[1]));
        });
        child.stderr!.on("data", (d) => (stderr += d));
        child.on("exit", (code) => reject(new Error(`the plugin exited (${code}) before it listened: ${stderr.trim()}`)));
    });
}

function propertyErrorsOf(error: grpc.ServiceError): ConstructFailure["propertyErrors"] {
    const details = error.metadata?.get("grpc-status-details-bin") ?? [];
    if (details.length === 0) return [];
    const status = statusproto.Status.deserializeBinary(new Uint8Array(details[0] as Buffer));
    return status.getDetailsList()
        .filter((any) => any.getTypeName() === "pulumirpc.InputPropertiesError")
        .flatMap((any) => errproto.InputPropertiesError.deserializeBinary(any.getValue_asU8()).getErrorsList())
        .map((e) => ({ propertyPath: e.getPropertyPath(), reason: e.getReason() }));
}

export class PluginHost {
    private constructQueue: Promise<unknown> = Promise.resolve();
    private schemaText?: Promise<string>;

    private constructor(
        private readonly fake: FakeEngine,
        private readonly server: grpc.Server,
        private readonly child: ChildProcess,
        private readonly client: provrpc.ResourceProviderClient,
        private readonly monitorAddress: string,
        /** Milliseconds from spawning the plugin to its listening. */
        readonly startMs: number,
        /** GetPluginInfo's version, asked first, as the CLI does once a plugin listens. */
        readonly version: string,
    ) {}

    static async start(pluginDir = PLUGIN_DIR): Promise<PluginHost> {
        const fake = new FakeEngine();
        const server = new grpc.Server();
        server.addService(resrpc.ResourceMonitorService, fake.monitor());
        server.addService(engrpc.EngineService, fake.engine());
        const address = `127.0.0.1:${await listen(server)}`;
        const runPlugin = require.resolve("@pulumi/pulumi/cmd/run-plugin", { paths: [pluginDir] });
        const started = Date.now();
        const child = spawn(process.execPath, [runPlugin, pluginDir, address], { cwd: pluginDir, stdio: ["ignore", "pipe", "pipe"] });
        // A parallel worker that started a plugin for a later spec file has no `after` to stop
        // it (see stopPluginHost); never leave the plugin running past the worker.
        process.once("exit", () => child.kill());
        try {
            const port = await pluginPort(child);
            const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
            const listening = Date.now() - started;
            const info = await new Promise<{ getVersion(): string }>((resolve, reject) =>
                client.getPluginInfo(new Empty(), (e: grpc.ServiceError | null, r: { getVersion(): string }) => (e ? reject(e) : resolve(r))));
            return new PluginHost(fake, server, child, client, address, listening, info.getVersion());
        } catch (e) {
            child.kill();
            server.forceShutdown();
            throw e;
        }
    }

    private call<Req, Res>(method: string, req: Req): Promise<Res> {
        const fn = (this.client as any)[method].bind(this.client);
        return new Promise((resolve, reject) => fn(req, (e: grpc.ServiceError | null, res: Res) => (e ? reject(e) : resolve(res))));
    }

    /** GetSchema's JSON text; asked once, as the CLI does. */
    schema(): Promise<string> {
        this.schemaText ??= this.call<provproto.GetSchemaRequest, provproto.GetSchemaResponse>("getSchema", new provproto.GetSchemaRequest().setVersion(0))
            .then((r) => r.getSchema());
        return this.schemaText;
    }

    /** One Construct at a time, so each result holds only its own registrations. */
    construct(type: string, name: string, inputs: Record<string, any>, opts: ConstructOptions = {}): Promise<ConstructResult> {
        const run = this.constructQueue.then(() => this.constructNow(type, name, inputs, opts));
        this.constructQueue = run.catch(() => undefined);
        return run;
    }

    private async constructNow(type: string, name: string, inputs: Record<string, any>, opts: ConstructOptions): Promise<ConstructResult> {
        this.fake.registrations = [];
        this.fake.warnings = [];
        this.fake.dryRun = opts.dryRun ?? false;
        const req = new provproto.ConstructRequest()
            .setProject(PROJECT).setStack(STACK).setParallel(4).setDryrun(this.fake.dryRun)
            .setMonitorendpoint(this.monitorAddress).setAcceptsOutputValues(true)
            .setType(type).setName(name).setInputs(Struct.fromJavaScript(inputs));
        for (const [key, urns] of Object.entries(opts.dependencies ?? {})) {
            req.getInputdependenciesMap().set(key, new provproto.ConstructRequest.PropertyDependencies().setUrnsList(urns));
        }
        const res = await this.call<provproto.ConstructRequest, provproto.ConstructResponse>("construct", req);
        return { urn: res.getUrn(), state: res.getState()?.toJavaScript() ?? {}, registrations: [...this.fake.registrations], warnings: [...this.fake.warnings] };
    }

    /** Runs a Construct expected to fail and returns how it failed. */
    async constructFailure(type: string, name: string, inputs: Record<string, any>): Promise<ConstructFailure> {
        try {
            await this.construct(type, name, inputs);
        } catch (e) {
            const error = e as grpc.ServiceError;
            return { code: error.code, message: error.details, propertyErrors: propertyErrorsOf(error), registrations: [...this.fake.registrations] };
        }
        throw new Error("Construct succeeded; a failure was expected");
    }

    stop(): void {
        this.client.close();
        this.child.kill();
        this.server.forceShutdown();
    }
}

let started: Promise<PluginHost> | undefined;

/** The one plugin process of this mocha run, started on first use. */
export function pluginHost(): Promise<PluginHost> {
    started ??= PluginHost.start();
    return started;
}

/** Stops the plugin if this run started it. */
export async function stopPluginHost(): Promise<void> {
    if (!started) return;
    const stopping = started;
    // In parallel runs a worker keeps this module between spec files, and each file's root
    // `after` lands here: forget the stopped host, so a later file in the same worker starts
    // a fresh one instead of calling a closed channel ("Channel has been shut down").
    started = undefined;
    const host = await stopping.catch(() => undefined);
    host?.stop();
}

// Mocha root hooks, registered when a spec file first imports this module (mocha defines
// `before`/`after` while it loads spec files): start the plugin as the run begins, not
// awaited, and stop it when the run ends, or its process would keep mocha from exiting.
if (typeof before === "function") {
    before(() => {
        pluginHost().then((host) => host.schema()).catch(() => undefined);
    });
    after(() => stopPluginHost());
}
