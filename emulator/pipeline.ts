/**
 * The request pipeline: every API and token request goes through the same ordered steps (after Azurite's
 * `TableRequestListenerFactory`), whichever API serves it. The API (`EmulatedApi`: Partner Center, or Microsoft
 * Graph under `/graph`) supplies its routes, error bodies, ids and headers; the order is the contract the tests pin:
 *
 *  1. context      the owning API; its request id (`MS-RequestId` / `client-request-id`, or generated),
 *                  correlation id (`MS-CorrelationId` or generated), start time
 *  2. route        resolved first but not yet acted on: faults and the log need the operation name
 *  3. request log  entry appended now, so even requests that hang or are reset are visible
 *  4. faults       "before": latency, then at most one of throttle / 5xx / reset / hang; nothing committed yet
 *  5. dispatch     unknown path or wrong method refused; a credential exchange (the token endpoint, no bearer auth)
 *  6. auth         bearer token -> partner tenant (401 otherwise), of the API's audience if it has one
 *  7. rate limit   token bucket per partner tenant and API (429 + Retry-After); after auth because it is keyed by tenant
 *  8. idempotency  where the API replays: a mutating request repeating its request id gets the recorded outcome
 *  9. body         size limit (413, and a drain cap beyond it), JSON, decoded with the operation's codec
 * 10. handler      synchronous, over the store; its outcome (success or business error) is recorded for replay
 * 11. self-check   a 2xx body must decode with the operation's response codec, or the emulator has drifted (500)
 * 12. faults       "after": the change is committed; now answer 5xx instead, or destroy the socket
 * 13. send         the API's envelope (ids, headers, error details), `Content-Length` on every response
 *
 * The control API (`/_emulator/*`) bypasses all of this: it is for tests, not part of the emulated service.
 */
import { randomUUID } from "crypto";
import type { IncomingMessage, ServerResponse } from "http";

import { normaliseKeys } from "pulumi-partnercenter/api";

import type TokenService from "./auth/TokenService";
import type { ControlApi } from "./control";
import type { ApiErrors, EmulatedApi } from "./EmulatedApi";
import EmulatorError from "./errors/EmulatorError";
import ErrorFactory from "./errors/ErrorFactory";
import { describeFault, type default as FaultInjector } from "./faults/FaultInjector";
import type { EmulatorEnvironment, HandlerResult } from "./handlers/types";
import type TokenBucketRateLimiter from "./ratelimit/TokenBucketRateLimiter";
import { MAX_LOG_ENTRIES, type RequestLogEntry } from "./RequestLog";
import { familyRateLimit } from "./settings";
import { decodeBody, type DecodingCodec } from "./validation/decode";

/**
 * Bodies beyond the limit are drained (not buffered) up to this much more, then the connection is dropped: a
 * client streaming without end must not keep the emulator reading.
 */
export const MAX_DRAIN_BYTES = 64 * 1024 * 1024;

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export interface PipelineDependencies {
    env: EmulatorEnvironment;
    faults: FaultInjector;
    tokens: TokenService;
    rateLimiter: TokenBucketRateLimiter;
    requestLog: RequestLogEntry[];
    control: ControlApi;
    /** The emulated APIs, asked in order which one owns a path; the last one should own every path. */
    apis: readonly EmulatedApi[];
    maxBodyBytes: number;
    /** Access-log sink; `undefined` = quiet. */
    log?: (line: string) => void;
    /** Responses deliberately left unanswered; the server destroys them on close. */
    hanging: Set<ServerResponse>;
}

/** Per-request facts established in step 1. */
interface RequestContext {
    api: EmulatedApi;
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
        const url = new URL(req.url ?? "/", "http://127.0.0.1");
        if (url.pathname === "/_emulator" || url.pathname.startsWith("/_emulator/")) {
            return this.deps.control.handle(req, res, url.pathname, await this.readBodySafe(req));
        }
        // 1. context
        const ctx = this.createContext(req, url);
        const { api } = ctx;
        const { errors } = api;
        // 2. route (resolved, not acted on)
        const route = api.resolve(ctx.method, ctx.pathname);
        // 3. request log
        // Credential exchanges are logged without their query too: a client could put credentials there.
        const entry = this.appendLog(ctx, route.name, route.kind !== "credentials");
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
                    throw errors.throttled(before.action.retryAfterSeconds ?? 1);
                case "status":
                    throw errors.internal(before.action.status, `Injected fault: HTTP ${before.action.status}.`);
                case "reset":
                    throw new Abandon("reset");
                case "hang":
                    throw new Abandon("hang");
                case undefined:
                    break;
            }
            // 5. dispatch
            if (route.kind === "refused") {
                throw route.error;
            }
            if (route.kind === "credentials") {
                const { clientAuth, ...result } = route.exchange(await this.readBody(req, errors.payloadTooLarge));
                if (clientAuth) {
                    entry.clientAuth = clientAuth;
                }
                this.send(res, ctx, entry, result);
                return;
            }
            // 6. auth
            const authorization = header(req, "authorization");
            const partnerTenantId = this.deps.tokens.authenticate(authorization, errors.unauthenticated);
            const issued = this.deps.tokens.lookup(authorization);
            if (issued) {
                entry.authFlow = issued.flow;
            }
            if (api.audience !== undefined && issued && issued.resource.replace(/\/+$/, "") !== api.audience) {
                throw errors.wrongAudience(issued.resource, api.audience);
            }
            // 7. rate limit
            // One bucket per partner tenant and API family; a Graph write takes from the write and the any-call
            // buckets. A refused request still counts against the buckets it passed (every request accrues).
            const families = api.rateLimitFamilies(route.name, ctx.method);
            entry.families = families;
            for (const family of families) {
                const limit = familyRateLimit(this.deps.env.settings, family);
                if (limit) {
                    const wait = this.deps.rateLimiter.take(`${family}|${partnerTenantId}`, limit);
                    if (wait > 0) {
                        entry.throttledBy = family;
                        throw errors.throttled(wait);
                    }
                }
            }
            // 8. idempotency: only a client-supplied request id can repeat; generated ones are unique.
            const replayKey =
                api.replaysRepeatedRequests &&
                this.deps.env.settings.dedupeRequestIds &&
                MUTATING.has(ctx.method) &&
                header(req, api.requestIdHeader)
                    ? `${partnerTenantId}|${ctx.requestId}`
                    : undefined;
            const replay = replayKey !== undefined ? this.deps.env.store.getReplay(replayKey) : undefined;
            let result: HandlerResult;
            if (replay && replay.method === ctx.method && replay.path.toLowerCase() === ctx.pathname.toLowerCase()) {
                entry.replayed = true;
                result = { status: replay.status, ...(replay.body !== undefined ? { body: replay.body } : {}) };
            } else {
                // 9. body
                let body: unknown = undefined;
                if (route.request !== undefined) {
                    body = decodeBody(
                        route.request,
                        this.parseJson(await this.readBody(req, errors.payloadTooLarge), errors),
                        errors,
                    );
                }
                // 10. handler
                result = this.runHandler(() =>
                    route.invoke({
                        query: ctx.query,
                        headers: req.headers,
                        body,
                        partnerTenantId,
                        authFlow: issued?.flow ?? "appUser",
                    }),
                );
                // 11. self-check
                this.checkResponse(route.response, result, errors);
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
            // 12. faults "after": the outcome is committed (and recorded for replay) at this point.
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
                throw errors.internal(after.status, `Injected fault after commit: HTTP ${after.status}.`);
            }
            // 13. send
            this.send(res, ctx, entry, result);
        } catch (err) {
            if (err instanceof Abandon) {
                this.abandon(req, res, entry, err.how);
                return;
            }
            const error = err instanceof EmulatorError ? err : errors.internal(500, `Unexpected error: ${String(err)}`);
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
    private checkResponse(codec: DecodingCodec<unknown> | undefined, result: HandlerResult, errors: ApiErrors): void {
        if (codec === undefined || result.status >= 300 || result.body === undefined) {
            return;
        }
        if (codec.decode(normaliseKeys(result.body))._tag === "Left") {
            throw errors.internal(500, `Emulator bug: the response does not match ${codec.name}.`);
        }
    }

    private createContext(req: IncomingMessage, url: URL): RequestContext {
        const api = this.deps.apis.find((candidate) => candidate.owns(url.pathname));
        if (api === undefined) {
            throw new Error(`no emulated API serves ${url.pathname}`);
        }
        return {
            api,
            method: (req.method ?? "GET").toUpperCase(),
            pathname: url.pathname,
            query: url.searchParams,
            requestId: header(req, api.requestIdHeader) || randomUUID(),
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
     * early answer while the client is still uploading would make most clients report a reset instead); past the
     * drain cap the connection is dropped and the request ends as a reset.
     */
    private readBody(req: IncomingMessage, tooLarge: ApiErrors["payloadTooLarge"]): Promise<Buffer> {
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
                    reject(new Abandon("reset"));
                }
            });
            req.on("end", () => (size > limit ? reject(tooLarge(limit)) : resolve(Buffer.concat(chunks))));
            req.on("error", reject);
        });
    }

    /** The control API's body: its errors are Partner Center's, and it never throws. */
    private async readBodySafe(req: IncomingMessage): Promise<Buffer | EmulatorError> {
        try {
            return await this.readBody(req, ErrorFactory.payloadTooLarge);
        } catch (err) {
            return err instanceof EmulatorError ? err : ErrorFactory.invalidRequestBody(String(err));
        }
    }

    private parseJson(buffer: Buffer, errors: ApiErrors): unknown {
        if (buffer.length === 0) {
            throw errors.invalidBody("the request body is empty.");
        }
        try {
            return JSON.parse(buffer.toString("utf8"));
        } catch {
            throw errors.invalidBody("the request body is not valid JSON.");
        }
    }

    private send(res: ServerResponse, ctx: RequestContext, entry: RequestLogEntry, result: HandlerResult): void {
        const { body, headers } = ctx.api.envelope(result, ctx);
        const payload = body === undefined || ctx.method === "HEAD" ? "" : JSON.stringify(body);
        res.writeHead(result.status, {
            ...headers,
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
