/**
 * Server lifecycle: build the services, listen on 127.0.0.1, close cleanly (after Azurite's `ServerBase`).
 */
import * as http from "http";
import type { AddressInfo, Socket } from "net";

import TokenService from "./auth/TokenService";
import type { Emulator, EmulatorOptions } from "./Emulator";
import { ControlApi } from "./control";
import FaultInjector from "./faults/FaultInjector";
import GraphApi, { assertAllGraphOperationsHandled } from "./graph/GraphApi";
import GraphStore from "./graph/GraphStore";
import ConsentStore from "./store/ConsentStore";
import { EmulatorEnvironment } from "./handlers/types";
import PartnerCenterApi from "./PartnerCenterApi";
import RequestPipeline from "./pipeline";
import TokenBucketRateLimiter from "./ratelimit/TokenBucketRateLimiter";
import { RequestLogEntry } from "./RequestLog";
import { assertAllOperationsHandled } from "./routes";
import { loadSeed, parseSeed, Seed } from "./seed/Seed";
import { RuntimeSettings, parseRateLimit, parseRateLimits } from "./settings";
import AgreementStore from "./store/AgreementStore";
import FileCustomerStore from "./store/FileCustomerStore";
import { ICustomerStore } from "./store/ICustomerStore";
import MemoryCustomerStore from "./store/MemoryCustomerStore";

/**
 * The emulator binds the IPv4 loopback address only: it has no real authentication and its control API none at
 * all, so it must never be reachable from another machine.
 */
export const HOST = "127.0.0.1";

/** The integration sandbox's customer limit (test-and-debug.md). */
export const SANDBOX_QUOTA = 75;

export default class EmulatorServer implements Emulator {
    public readonly url: string;
    public readonly port: number;
    public readonly faults: FaultInjector;
    public readonly requestLog: RequestLogEntry[];
    public readonly store: ICustomerStore;
    public readonly agreements: AgreementStore;
    public readonly seed: Seed;
    public readonly options: RuntimeSettings;
    public readonly server: http.Server;
    /** The Microsoft Graph area (GDAP relationships and access assignments) served under `/graph`. */
    public readonly graph: GraphApi;

    private readonly tokens: TokenService;
    private readonly sockets: Set<Socket>;
    private closing: Promise<void> | undefined;

    private constructor(parts: {
        server: http.Server;
        port: number;
        faults: FaultInjector;
        requestLog: RequestLogEntry[];
        store: ICustomerStore;
        agreements: AgreementStore;
        seed: Seed;
        options: RuntimeSettings;
        tokens: TokenService;
        sockets: Set<Socket>;
        graph: GraphApi;
    }) {
        this.graph = parts.graph;
        this.server = parts.server;
        this.port = parts.port;
        this.url = `http://${HOST}:${parts.port}`;
        this.faults = parts.faults;
        this.requestLog = parts.requestLog;
        this.store = parts.store;
        this.agreements = parts.agreements;
        this.seed = parts.seed;
        this.options = parts.options;
        this.tokens = parts.tokens;
        this.sockets = parts.sockets;
    }

    public static async start(options: EmulatorOptions = {}): Promise<EmulatorServer> {
        assertAllOperationsHandled();
        assertAllGraphOperationsHandled();
        const seed =
            options.seed === undefined || typeof options.seed === "string"
                ? loadSeed(options.seed)
                : parseSeed(options.seed);
        const sandbox = options.sandbox ?? true;
        const settings: RuntimeSettings = {
            latencyMs: options.latencyMs ?? 0,
            rateLimit: parseRateLimit(options.rateLimit),
            rateLimits: parseRateLimits(options.rateLimits),
            readAfterCreateLagMs: options.readAfterCreateLagMs ?? 0,
            dedupeRequestIds: options.dedupeRequestIds ?? true,
            sandbox,
            omitAssociatedPartnerId: options.omitAssociatedPartnerId ?? false,
            cloud: options.cloud ?? "global",
            gdapOperationDelayMs: options.gdapOperationDelayMs ?? 1000,
            gdapOperationOutcome: "succeeded",
            gdapDuplicateNameStatus: options.gdapDuplicateNameStatus ?? 409,
            deviceCodeIntervalSeconds: options.deviceCodeIntervalSeconds ?? 5,
            deviceCodeLifetimeSeconds: 900,
        };
        const store: ICustomerStore = options.dataFile
            ? new FileCustomerStore(options.dataFile)
            : new MemoryCustomerStore();
        const agreements = new AgreementStore(options.dataFile ? `${options.dataFile}.agreements.json` : undefined);
        const env: EmulatorEnvironment = {
            store,
            agreements,
            consents: new ConsentStore(),
            gdap: new GraphStore(),
            seed,
            settings,
            // The quota is the sandbox's; production has no such limit unless one is asked for.
            quota: options.quota ?? (sandbox ? SANDBOX_QUOTA : 0),
            now: Date.now,
        };
        const faults = new FaultInjector();
        const requestLog: RequestLogEntry[] = [];
        const tokenLifetime = options.tokenLifetimeSeconds ?? 3600;
        let baseUrl = "";
        const tokens = new TokenService(
            seed,
            () => tokenLifetime,
            Date.now,
            () => ({
                intervalSeconds: settings.deviceCodeIntervalSeconds,
                lifetimeSeconds: settings.deviceCodeLifetimeSeconds,
            }),
            () => baseUrl,
        );
        for (const pem of options.clientCertificates ?? []) {
            tokens.certificates.register(pem);
        }
        const rateLimiter = new TokenBucketRateLimiter();
        const hanging = new Set<http.ServerResponse>();
        const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
        const graph = new GraphApi({ env, baseUrl: () => baseUrl });
        const control = new ControlApi({ env, faults, tokens, rateLimiter, requestLog, graph });
        const quiet = options.quiet ?? true;
        const pipeline = new RequestPipeline({
            env,
            faults,
            tokens,
            rateLimiter,
            requestLog,
            control,
            // Graph owns `/graph/...`; Partner Center serves every other path.
            apis: [graph, new PartnerCenterApi({ env, tokens })],
            maxBodyBytes,
            hanging,
            ...(quiet ? {} : { log: (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`) }),
        });
        const server = http.createServer(pipeline.listener);
        const sockets = new Set<Socket>();
        server.on("connection", (socket) => {
            sockets.add(socket);
            socket.on("close", () => sockets.delete(socket));
        });
        await new Promise<void>((resolve, reject) => {
            server.once("error", reject);
            server.listen(options.port ?? 0, HOST, () => {
                server.off("error", reject);
                resolve();
            });
        });
        const port = (server.address() as AddressInfo).port;
        baseUrl = `http://${HOST}:${port}`;
        return new EmulatorServer({
            server,
            port,
            faults,
            requestLog,
            store,
            agreements,
            seed,
            options: settings,
            tokens,
            sockets,
            graph,
        });
    }

    public issueAccessToken(opts?: { expiresInSeconds?: number; tenantId?: string }): string {
        return this.tokens.issue(opts);
    }

    public revokeAccessTokens(): void {
        this.tokens.revokeAll();
    }

    public registerClientCertificate(pem: string): { thumbprint: string; x5tS256: string } {
        return this.tokens.certificates.register(pem);
    }

    public get deviceCodes(): Emulator["deviceCodes"] {
        return this.tokens.deviceCodes;
    }

    public clearRequestLog(): void {
        this.requestLog.length = 0;
    }

    /**
     * Stop listening, drop every open connection (hanging requests included: "never answer until the server
     * closes"), then flush and close the store. Idempotent.
     */
    public close(): Promise<void> {
        this.closing ??= (async () => {
            const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
            for (const socket of this.sockets) {
                socket.destroy();
            }
            this.server.closeAllConnections();
            await closed;
            await this.store.close();
        })();
        return this.closing;
    }
}
