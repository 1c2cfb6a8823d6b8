/**
 * The provider plugin's gRPC server (`pulumi-resource-partnercenter`): Pulumi's `ResourceProvider` service on
 * `@grpc/grpc-js` with the stubs `@pulumi/pulumi` ships (`@pulumi/pulumi/proto`, a deep import: pinned by the SDK
 * version this package depends on, and exercised by the plugin e2e tests). Messages are converted here; what each
 * call does is `provider.ts`.
 *
 * Why our own server rather than `@pulumi/pulumi/provider`'s `main()`: that one passes no provider configuration to
 * the provider, drops the detailed diff and `stables`, and crashes on import (it reads properties the engine does
 * not send). See docs of the repository: `provider-plugin.md` research notes.
 *
 * Protocol: the engine starts the executable with the engine's address as an argument and reads the port the
 * server listens on from the first line of stdout. Methods not implemented here (construct, call, parameterize,
 * handshake, ...) answer UNIMPLEMENTED, which the engine treats as "not supported".
 */
import * as grpc from "@grpc/grpc-js";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import * as engproto from "@pulumi/pulumi/proto/engine_pb";
import * as engrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as plugproto from "@pulumi/pulumi/proto/plugin_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";

import { setLogSink, type LogLevel } from "../runtime/log";
import * as plugin from "./provider";
import { schemaJson } from "./schema";
import { fromStruct, toStruct } from "./values";

/** The plugin's version: the npm package's. */
export function pluginVersion(): string {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- package.json sits outside rootDir
    return (require("../../package.json") as { version: string }).version;
}

type Unary<Req, Res> = grpc.handleUnaryCall<Req, Res>;

/** A unary handler from an async function; errors become gRPC statuses with the error's message. */
function unary<Req, Res>(handle: (req: Req) => Promise<Res>): Unary<Req, Res> {
    return (call, callback) => {
        handle(call.request).then(
            (res) => callback(null, res),
            (e: unknown) => {
                const message = e instanceof Error ? e.message : String(e);
                const code =
                    e instanceof plugin.PluginError
                        ? e.kind === "failedPrecondition"
                            ? grpc.status.FAILED_PRECONDITION
                            : grpc.status.INVALID_ARGUMENT
                        : grpc.status.UNKNOWN;
                callback({ code, details: message, message } as grpc.ServiceError, null);
            },
        );
    };
}

const KIND: Record<plugin.DiffKind, provproto.PropertyDiff.Kind> = {
    add: provproto.PropertyDiff.Kind.ADD,
    addReplace: provproto.PropertyDiff.Kind.ADD_REPLACE,
    delete: provproto.PropertyDiff.Kind.DELETE,
    deleteReplace: provproto.PropertyDiff.Kind.DELETE_REPLACE,
    update: provproto.PropertyDiff.Kind.UPDATE,
    updateReplace: provproto.PropertyDiff.Kind.UPDATE_REPLACE,
};

/** The type of a resource request: the `type` field, else the URN's (older engines send only the URN). */
function typeOf(req: { getType(): string; getUrn(): string }): string {
    return req.getType() || plugin.typeOfUrn(req.getUrn());
}

function checkResponse(inputs: Record<string, unknown>, failures: { property: string; reason: string }[]) {
    const res = new provproto.CheckResponse();
    res.setInputs(toStruct(inputs));
    res.setFailuresList(
        failures.map((f) => {
            const failure = new provproto.CheckFailure();
            failure.setProperty(f.property);
            failure.setReason(f.reason);
            return failure;
        }),
    );
    return res;
}

/** The service implementation. */
export function providerService(): Partial<provrpc.IResourceProviderServer> {
    return {
        getPluginInfo: unary(async () => {
            const info = new plugproto.PluginInfo();
            info.setVersion(pluginVersion());
            return info;
        }),
        getSchema: unary(async () => {
            const res = new provproto.GetSchemaResponse();
            res.setSchema(schemaJson(pluginVersion()));
            return res;
        }),
        checkConfig: unary(async (req: provproto.CheckRequest) => {
            // Settings are validated when read (configure; failures name the key); echoed with secrets kept.
            const res = new provproto.CheckResponse();
            res.setInputs(req.getNews());
            return res;
        }),
        diffConfig: unary(async (req: provproto.DiffRequest) => {
            const { changed } = plugin.diffConfig(fromStruct(req.getOlds()), fromStruct(req.getNews()));
            const res = new provproto.DiffResponse();
            res.setChanges(
                changed.length > 0
                    ? provproto.DiffResponse.DiffChanges.DIFF_SOME
                    : provproto.DiffResponse.DiffChanges.DIFF_NONE,
            );
            res.setDiffsList(changed);
            return res;
        }),
        configure: unary(async (req: provproto.ConfigureRequest) => {
            plugin.configure(fromStruct(req.getArgs()));
            const res = new provproto.ConfigureResponse();
            // Secrets stripped from resource properties; the engine re-marks outputs of secret inputs, and the
            // plugin marks the definitions' secret outputs itself.
            res.setAcceptsecrets(false);
            res.setAcceptresources(false);
            res.setAcceptoutputs(false);
            res.setSupportspreview(true);
            return res;
        }),
        check: unary(async (req: provproto.CheckRequest) => {
            const { inputs, failures } = await plugin.check(
                typeOf(req),
                fromStruct(req.getOlds()),
                fromStruct(req.getNews()),
            );
            return checkResponse(inputs, failures);
        }),
        diff: unary(async (req: provproto.DiffRequest) => {
            const d = await plugin.diff(typeOf(req), req.getId(), fromStruct(req.getOlds()), fromStruct(req.getNews()));
            const res = new provproto.DiffResponse();
            res.setChanges(
                d.changes ? provproto.DiffResponse.DiffChanges.DIFF_SOME : provproto.DiffResponse.DiffChanges.DIFF_NONE,
            );
            res.setReplacesList(d.replaces);
            res.setDeletebeforereplace(d.deleteBeforeReplace);
            res.setStablesList(d.stables);
            res.setDiffsList([...new Set(Object.keys(d.detailedDiff).map((p) => p.split(".")[0] ?? p))]);
            const detailed = res.getDetaileddiffMap();
            for (const [path, kind] of Object.entries(d.detailedDiff)) {
                const pd = new provproto.PropertyDiff();
                pd.setKind(KIND[kind]);
                pd.setInputdiff(true);
                detailed.set(path, pd);
            }
            res.setHasdetaileddiff(d.changes);
            return res;
        }),
        create: unary(async (req: provproto.CreateRequest) => {
            const { id, outs } = await plugin.create(typeOf(req), fromStruct(req.getProperties()), req.getPreview());
            const res = new provproto.CreateResponse();
            res.setId(id);
            res.setProperties(toStruct(outs));
            return res;
        }),
        read: unary(async (req: provproto.ReadRequest) => {
            const result = await plugin.read(
                typeOf(req),
                req.getId(),
                fromStruct(req.getProperties()),
                fromStruct(req.getInputs()),
            );
            const res = new provproto.ReadResponse();
            res.setId(result.id);
            if (result.id) {
                res.setProperties(toStruct(result.outs));
                res.setInputs(toStruct(result.inputs));
            }
            return res;
        }),
        update: unary(async (req: provproto.UpdateRequest) => {
            const outs = await plugin.update(
                typeOf(req),
                req.getId(),
                fromStruct(req.getOlds()),
                fromStruct(req.getNews()),
                req.getPreview(),
            );
            const res = new provproto.UpdateResponse();
            res.setProperties(toStruct(outs));
            return res;
        }),
        delete: unary(async (req: provproto.DeleteRequest) => {
            await plugin.remove(typeOf(req), req.getId(), fromStruct(req.getProperties()));
            return new emptyproto.Empty();
        }),
        invoke: unary(async (req: provproto.InvokeRequest) => {
            const res = new provproto.InvokeResponse();
            res.setReturn(toStruct(await plugin.invoke(req.getTok(), fromStruct(req.getArgs()))));
            return res;
        }),
        cancel: unary(async () => new emptyproto.Empty()),
        attach: unary(async () => new emptyproto.Empty()),
    };
}

const SEVERITY: Record<LogLevel, engproto.LogSeverity> = {
    debug: engproto.LogSeverity.DEBUG,
    info: engproto.LogSeverity.INFO,
    warning: engproto.LogSeverity.WARNING,
    error: engproto.LogSeverity.ERROR,
};

/**
 * Send the runtime's log lines to the engine, which shows them to the user (a plugin's stderr is only in the
 * CLI's verbose logs). Falls back to stderr when the engine cannot be reached.
 */
function logToEngine(engineAddress: string): void {
    const engine = new engrpc.EngineClient(engineAddress, grpc.credentials.createInsecure());
    const previous = setLogSink((level, message) => {
        if (level === "debug" && !process.env["PARTNERCENTER_DEBUG"]) {
            return;
        }
        const req = new engproto.LogRequest();
        req.setSeverity(SEVERITY[level]);
        req.setMessage(message);
        engine.log(req, (err) => {
            if (err) {
                previous(level, message);
            }
        });
    });
}

/** Start the server on a loopback port; resolves to the port. */
export async function serve(engineAddress?: string): Promise<{ port: number; server: grpc.Server }> {
    if (engineAddress) {
        logToEngine(engineAddress);
    }
    const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
    server.addService(provrpc.ResourceProviderService, providerService() as grpc.UntypedServiceImplementation);
    const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, bound) =>
            err ? reject(err) : resolve(bound),
        ),
    );
    return { port, server };
}

/**
 * The executable's entry: the first argument that is neither a flag nor a flag's value is the engine's address
 * (the engine may add `--logtostderr`, `-v=N`, `--logflow` and `--tracing <endpoint>`).
 */
export async function main(argv: readonly string[]): Promise<void> {
    const engineAddress = argv.find((a, i) => !a.startsWith("-") && argv[i - 1] !== "--tracing");
    const { port } = await serve(engineAddress);
    // The engine reads the port from the first line of stdout.
    process.stdout.write(`${port}\n`);
}

if (require.main === module) {
    main(process.argv.slice(2)).catch((e: unknown) => {
        process.stderr.write(`pulumi-resource-partnercenter: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exit(1);
    });
}
