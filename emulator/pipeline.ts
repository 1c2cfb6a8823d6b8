/**
 * The request pipeline: every API and token request goes through the same ordered steps (after Azurite's
 * `TableRequestListenerFactory`). The order matters and is the contract the tests pin down:
 *
 *  1. context      request id (`MS-RequestId` or generated), correlation id, start time
 *  2. route        resolved first but not yet acted on: faults and the log need the operation name
 *  3. request log  entry appended now, so even requests that hang or are reset are visible
 *  4. faults       "before": latency, then at most one of throttle / 5xx / reset / hang; nothing committed yet
 *  5. dispatch     404 unknown path, 405 wrong method, token endpoint (no bearer auth)
 *  6. auth         bearer token -> partner tenant (401 otherwise)
 *  7. rate limit   token bucket per partner tenant (429 + Retry-After); after auth because it is keyed by tenant
 *  8. idempotency  a mutating request repeating an `MS-RequestId` gets the recorded outcome, nothing re-runs
 *  9. body         size limit (413), JSON, PascalCase folded to camelCase, decoded with the operation's codec
 * 10. handler      synchronous, over the store; its outcome (success or business error) is recorded for replay
 * 11. faults       "after": the change is committed; now answer 5xx instead, or destroy the socket
 * 12. send         errors serialised by `EmulatorError`, common headers on every response
 *
 * The control API (`/_emulator/*`) bypasses all of this: it is for tests, not part of the emulated service.
 */
import { randomBytes, randomUUID } from "crypto";
import type { IncomingMessage, ServerResponse } from "http";

import { normaliseKeys } from "pulumi-partnercenter/api";

import type { ControlApi } from "./control";
import ErrorFactory from "./errors/ErrorFactory";
import GraphApi from "./graph/GraphApi";
import EmulatorError from "./errors/EmulatorError";
import TokenService from "./auth/TokenService";
import FaultInjector, { describeFault } from "./faults/FaultInjector";
import { EmulatorEnvironment, HandlerResult } from "./handlers/types";
import TokenBucketRateLimiter from "./ratelimit/TokenBucketRateLimiter";
import { MAX_LOG_ENTRIES, RequestLogEntry } from "./RequestLog";
import { resolveRoute } from "./routes";
import { decodeBody, DecodingCodec } from "./validation/decode";

/** Fixed `MS-ServerId` (Partner Center sends a numeric server id such as `030020525`). */
export const SERVER_ID = "999000001";

/** Bodies beyond the limit are drained (not buffered) up to this much more, then the connection is dropped. */
const MAX_DRAIN_BYTES = 64 * 1024 * 1024;

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export interface PipelineDependencies {
    env: EmulatorEnvironment;
    faults: FaultInjector;
    tokens: TokenService;
    rateLimiter: TokenBucketRateLimiter;
    requestLog: RequestLogEntry[];
    control: ControlApi;
    /** The Microsoft Graph area (`/graph/...`), which has its own conventions (see `graph/GraphApi.ts`). */
    graph: GraphApi;
    maxBodyBytes: number;
    /** Access-log sink; `undefined` = quiet. */
    log?: (line: string) => void;
    /** Responses deliberately left unanswered; the server destroys them on close. */
    hanging: Set<ServerResponse>;
}

/** Per-request facts established in step 1. */
interface RequestContext {
    method: string;
    pathname: string;
    query: URLSearchParams;
    requestId: string;
    correlationId: string;
    startMs: number;
}

/** Thrown inside the pipeline to end a request without a normal response. */
class Abandon {
    constructor(public readonly how: "reset" | "hang") {}
}

const header = (req: IncomingMessage, name: string): string | undefined => {
    const value = req.headers[name.toLowerCase()];
    return Array.isArray(value) ? value[0] : value;
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export default class RequestPipeline {
    private nextSeq = 1;

    constructor(private readonly deps: PipelineDependencies) {}

    /** The `http.Server` request listener. */
    public readonly listener = (req: IncomingMessage, res: ServerResponse): void => {
        this.handle(req, res).catch((err: unknown) => {
            // Last resort: the pipeline itself failed (a bug). Never leave the client waiting.
            if (!res.headersSent && !res.destroyed) {
                res.writeHead(500, { "Content-Type": "application/json; charset=utf-8" });
                res.end(JSON.stringify({ code: 500, description: String(err), data: [], source: "PartnerFD" }));
            }
        });
    };

    private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
        // 1. context
        const ctx = this.createContext(req);
        if (ctx.pathname === "/_emulator" || ctx.pathname.startsWith("/_emulator/")) {
            return this.deps.control.handle(req, res, ctx.pathname, await this.readBodySafe(req));
        }
        if (GraphApi.owns(ctx.pathname)) {
            // Graph's per-call id is `client-request-id`; the log entry is written here so the request log stays one list.
            const graphCtx = { ...ctx, requestId: header(req, "client-request-id") || randomUUID() };
            const graphEntry = this.appendLog(graphCtx, GraphApi.operationOf(ctx.method, ctx.pathname), true);
            return this.deps.graph.handle(req, res, graphCtx, graphEntry);
        }
        // 2. route (resolved, not acted on)
        const route = resolveRoute(ctx.method, ctx.pathname);
        // 3. request log
        // Token requests are logged without their query too: a client could put credentials there.
        const entry = this.appendLog(ctx, route.name, route.kind !== "token");
        const facts = { operation: route.name, method: ctx.method };
        try {
            // 4. faults "before" (and the configured latency)
            const before = this.deps.faults.takeBefore(facts);
            if (before.labels.length > 0) {
                entry.fault = before.labels.join(",");
            }
            const delay = this.deps.env.settings.latencyMs + before.delayMs;
            if (delay > 0) {
                await sleep(delay);
            }
            switch (before.action?.kind) {
                case "throttle":
                    throw ErrorFactory.throttled(before.action.retryAfterSeconds ?? 1);
                case "status":
                    throw ErrorFactory.internal(before.action.status, `Injected fault: HTTP ${before.action.status}.`);
                case "reset":
                    throw new Abandon("reset");
                case "hang":
                    throw new Abandon("hang");
                case undefined:
                    break;
            }
            // 5. dispatch
            if (route.kind === "notFound") {
                throw ErrorFactory.notFound(ctx.pathname);
            }
            if (route.kind === "methodNotAllowed") {
                throw ErrorFactory.methodNotAllowed(ctx.method, route.allowed);
            }
            if (route.kind === "token") {
                const form = new URLSearchParams((await this.readBody(req)).toString("utf8"));
                const result = this.deps.tokens.tokenEndpoint(route.tenant, form);
                this.send(res, ctx, entry, {
                    status: result.status,
                    body: result.body,
                    headers: { "Cache-Control": "no-store" },
                });
                return;
            }
            // 6. auth
            const partnerTenantId = this.deps.tokens.authenticate(header(req, "authorization"));
            const issued = this.deps.tokens.lookup(header(req, "authorization"));
            if (issued) {
                entry.authFlow = issued.flow;
            }
            // 7. rate limit
            const limit = this.deps.env.settings.rateLimit;
            if (limit) {
                const wait = this.deps.rateLimiter.take(partnerTenantId, limit);
                if (wait > 0) {
                    throw ErrorFactory.throttled(wait);
                }
            }
            // 8. idempotency: only a client-supplied MS-RequestId can repeat; generated ones are unique.
            const replayKey =
                this.deps.env.settings.dedupeRequestIds && MUTATING.has(ctx.method) && header(req, "ms-requestid")
                    ? `${partnerTenantId}|${ctx.requestId}`
                    : undefined;
            const replay = replayKey !== undefined ? this.deps.env.store.getReplay(replayKey) : undefined;
            let result: HandlerResult;
            if (replay && replay.method === ctx.method && replay.path.toLowerCase() === ctx.pathname.toLowerCase()) {
                entry.replayed = true;
                result = { status: replay.status, ...(replay.body !== undefined ? { body: replay.body } : {}) };
            } else {
                // 9. body
                const spec = route.spec;
                let body: unknown = undefined;
                if (spec.request !== undefined) {
                    body = decodeBody(spec.request as DecodingCodec<unknown>, this.parseJson(await this.readBody(req)));
                }
                // 10. handler
                result = this.runHandler(() =>
                    route.handler({
                        operation: route.name,
                        params: route.params,
                        query: ctx.query,
                        headers: req.headers,
                        body: body as never,
                        partnerTenantId,
                        authFlow: issued?.flow ?? "appUser",
                        env: this.deps.env,
                    }),
                );
                this.checkResponse(spec.response as DecodingCodec<unknown> | undefined, result);
                if (replayKey !== undefined) {
                    this.deps.env.store.putReplay({
                        key: replayKey,
                        method: ctx.method,
                        path: ctx.pathname,
                        status: result.status,
                        ...(result.body !== undefined ? { body: result.body } : {}),
                        createdAtMs: this.deps.env.now(),
                    });
                }
            }
            // 11. faults "after": the outcome is committed (and recorded for replay) at this point.
            const after = this.deps.faults.takeAfter(facts);
            if (after) {
                entry.fault = [entry.fault, describeFault(after)].filter(Boolean).join(",");
                if (after.kind === "body") {
                    // The change is committed; only the answer differs (e.g. one the client cannot decode).
                    result = { status: result.status, body: after.body };
                    this.send(res, ctx, entry, result);
                    return;
                }
                if (after.kind === "reset") {
                    throw new Abandon("reset");
                }
                throw ErrorFactory.internal(after.status, `Injected fault after commit: HTTP ${after.status}.`);
            }
            // 12. send
            this.send(res, ctx, entry, result);
        } catch (err) {
            if (err instanceof Abandon) {
                this.abandon(req, res, entry, err.how);
                return;
            }
            const error =
                err instanceof EmulatorError ? err : ErrorFactory.internal(500, `Unexpected error: ${String(err)}`);
            this.send(res, ctx, entry, { status: error.status, body: error.body, headers: { ...error.headers } });
        }
    }

    /** Business errors thrown by a handler are outcomes too (recorded for replay), other throws are bugs (500). */
    private runHandler(run: () => HandlerResult): HandlerResult {
        try {
            return run();
        } catch (err) {
            if (err instanceof EmulatorError && err.status < 500) {
                return { status: err.status, body: err.body, headers: { ...err.headers } };
            }
            throw err;
        }
    }

    /** Self-check: a 2xx body must decode with the operation's response codec, or the emulator has drifted. */
    private checkResponse(codec: DecodingCodec<unknown> | undefined, result: HandlerResult): void {
        if (codec === undefined || result.status >= 300 || result.body === undefined) {
            return;
        }
        if (codec.decode(normaliseKeys(result.body))._tag === "Left") {
            throw ErrorFactory.internal(500, `Emulator bug: the response does not match ${codec.name}.`);
        }
    }

    private createContext(req: IncomingMessage): RequestContext {
        const url = new URL(req.url ?? "/", "http://127.0.0.1");
        return {
            method: (req.method ?? "GET").toUpperCase(),
            pathname: url.pathname,
            query: url.searchParams,
            requestId: header(req, "ms-requestid") || randomUUID(),
            correlationId: header(req, "ms-correlationid") || randomUUID(),
            startMs: Date.now(),
        };
    }

    private appendLog(ctx: RequestContext, operation: string, withQuery: boolean): RequestLogEntry {
        const entry: RequestLogEntry = {
            seq: this.nextSeq++,
            time: new Date(ctx.startMs).toISOString(),
            method: ctx.method,
            path: ctx.pathname,
            query: withQuery ? Object.fromEntries(ctx.query.entries()) : {},
            operation,
            status: "pending",
            requestId: ctx.requestId,
            correlationId: ctx.correlationId,
        };
        const log = this.deps.requestLog;
        log.push(entry);
        if (log.length > MAX_LOG_ENTRIES) {
            log.splice(0, log.length - MAX_LOG_ENTRIES);
        }
        return entry;
    }

    /**
     * Read the body up to `maxBodyBytes`. A larger body is drained without buffering and answered with 413 (an
     * early answer while the client is still uploading would make most clients report a reset instead).
     */
    private readBody(req: IncomingMessage): Promise<Buffer> {
        const limit = this.deps.maxBodyBytes;
        return new Promise((resolve, reject) => {
            const chunks: Buffer[] = [];
            let size = 0;
            req.on("data", (chunk: Buffer) => {
                size += chunk.length;
                if (size <= limit) {
                    chunks.push(chunk);
                } else if (size > limit + MAX_DRAIN_BYTES) {
                    req.destroy();
                }
            });
            req.on("end", () =>
                size > limit ? reject(ErrorFactory.payloadTooLarge(limit)) : resolve(Buffer.concat(chunks)),
            );
            req.on("error", reject);
        });
    }

    private async readBodySafe(req: IncomingMessage): Promise<Buffer | EmulatorError> {
        try {
            return await this.readBody(req);
        } catch (err) {
            return err instanceof EmulatorError ? err : ErrorFactory.invalidRequestBody(String(err));
        }
    }

    private parseJson(buffer: Buffer): unknown {
        if (buffer.length === 0) {
            throw ErrorFactory.invalidRequestBody("the request body is empty.");
        }
        try {
            return JSON.parse(buffer.toString("utf8"));
        } catch {
            throw ErrorFactory.invalidRequestBody("the request body is not valid JSON.");
        }
    }

    private send(res: ServerResponse, ctx: RequestContext, entry: RequestLogEntry, result: HandlerResult): void {
        const payload = result.body === undefined || ctx.method === "HEAD" ? "" : JSON.stringify(result.body);
        res.writeHead(result.status, {
            "MS-RequestId": ctx.requestId,
            "MS-CorrelationId": ctx.correlationId,
            // Partner Center's correlation vector looks like `Yy/YaA0gYEmfQyR/.0`.
            "MS-CV": `${randomBytes(12).toString("base64")}.0`,
            "MS-ServerId": SERVER_ID,
            ...(result.body !== undefined ? { "Content-Type": "application/json; charset=utf-8" } : {}),
            "Content-Length": String(Buffer.byteLength(payload)),
            ...(result.headers ?? {}),
        });
        res.end(payload);
        entry.status = result.status;
        entry.durationMs = Date.now() - ctx.startMs;
        this.deps.log?.(`${ctx.method} ${ctx.pathname} ${result.status} ${entry.durationMs}ms ${entry.operation}`);
    }

    private abandon(req: IncomingMessage, res: ServerResponse, entry: RequestLogEntry, how: "reset" | "hang"): void {
        entry.status = how;
        this.deps.log?.(`${entry.method} ${entry.path} ${how} ${entry.operation}`);
        if (how === "reset") {
            req.socket.destroy();
            return;
        }
        this.deps.hanging.add(res);
        res.on("close", () => this.deps.hanging.delete(res));
    }
}
