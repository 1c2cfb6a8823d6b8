/**
 * The Microsoft Graph area of the emulator, served on the same server under `/graph` (so a client's Graph base URL
 * is `<emulator>/graph`). The main pipeline hands every `/graph/...` request here after logging it; the steps
 * mirror the Partner Center pipeline, with Graph's conventions:
 *
 *  1. route        the shared contract (`pulumi-partnercenter/graph`) → handler (404/405 otherwise)
 *  2. faults       "before" (latency, throttle, 5xx, reset, hang) from the same injector, matched by operation
 *  3. auth         bearer token issued for the Graph audience (`https://graph.microsoft.com`), else 401
 *  4. rate limit   the emulator's rate limit, in a bucket of its own per partner tenant (429 + Retry-After)
 *  5. body         JSON decoded with the operation's request codec (400 naming the property)
 *  6. handler      synchronous, over the Graph store
 *  7. faults       "after" (the change is committed; answer 5xx instead or drop the connection)
 *  8. send         OData errors with `innerError` ids; `request-id` / `client-request-id` headers on every answer
 */
import { randomUUID } from "crypto";
import type { IncomingMessage, ServerResponse } from "http";

import { GRAPH_RESOURCE, graphOperations, type AnyGraphOperation } from "pulumi-partnercenter/graph";
import { matchPath } from "pulumi-partnercenter/api";

import type TokenService from "../auth/TokenService";
import EmulatorError from "../errors/EmulatorError";
import { describeFault, type default as FaultInjector } from "../faults/FaultInjector";
import type { EmulatorEnvironment, HandlerResult } from "../handlers/types";
import type TokenBucketRateLimiter from "../ratelimit/TokenBucketRateLimiter";
import type { RequestLogEntry } from "../RequestLog";
import { decodeBody, type DecodingCodec } from "../validation/decode";
import GraphStore from "./GraphStore";
import {
    approveRelationship,
    expireRelationship,
    graphHandlers,
    relationshipView,
    type GraphHandler,
} from "./handlers";
import ODataErrors, { type ODataErrorBody } from "./ODataErrors";

/** Path prefix of the Graph area. */
export const GRAPH_PREFIX = "/graph";

export interface GraphApiDependencies {
    env: EmulatorEnvironment;
    faults: FaultInjector;
    tokens: TokenService;
    rateLimiter: TokenBucketRateLimiter;
    hanging: Set<ServerResponse>;
    maxBodyBytes: number;
    /** `http://127.0.0.1:<port>` once listening. */
    baseUrl: () => string;
}

type Route =
    | { kind: "operation"; spec: AnyGraphOperation; handler: GraphHandler; params: Record<string, string> }
    | { kind: "methodNotAllowed"; name: string }
    | { kind: "notFound" };

class Abandon {
    constructor(public readonly how: "reset" | "hang") {}
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Throws at startup when the Graph contract gained an operation without a handler. */
export function assertAllGraphOperationsHandled(): void {
    const missing = graphOperations.filter((spec) => graphHandlers[spec.name] === undefined).map((s) => s.name);
    if (missing.length > 0) {
        throw new Error(`emulator has no Graph handler for operation(s): ${missing.join(", ")}`);
    }
}

export function resolveGraphRoute(method: string, pathname: string): Route & { name: string } {
    let firstPathMatch: string | undefined;
    for (const spec of graphOperations) {
        const params = matchPath(spec.path, pathname);
        if (!params) continue;
        if (spec.method === method) {
            const handler = graphHandlers[spec.name];
            if (handler) return { kind: "operation", name: spec.name, spec, handler, params };
        }
        firstPathMatch ??= spec.name;
    }
    return firstPathMatch !== undefined
        ? { kind: "methodNotAllowed", name: firstPathMatch }
        : { kind: "notFound", name: "graph.unknown" };
}

export default class GraphApi {
    public readonly store = new GraphStore();

    constructor(private readonly deps: GraphApiDependencies) {}

    /** True for paths this area serves. */
    public static owns(pathname: string): boolean {
        return pathname === GRAPH_PREFIX || pathname.startsWith(`${GRAPH_PREFIX}/`);
    }

    /** The operation name a path resolves to (for the request log entry the main pipeline writes first). */
    public static operationOf(method: string, pathname: string): string {
        return resolveGraphRoute(method, pathname.slice(GRAPH_PREFIX.length) || "/").name;
    }

    public async handle(
        req: IncomingMessage,
        res: ServerResponse,
        facts: { method: string; pathname: string; query: URLSearchParams; requestId: string; startMs: number },
        entry: RequestLogEntry,
    ): Promise<void> {
        const serviceRequestId = randomUUID();
        const path = facts.pathname.slice(GRAPH_PREFIX.length) || "/";
        const route = resolveGraphRoute(facts.method, path);
        const base = `${this.deps.baseUrl()}${GRAPH_PREFIX}`;
        try {
            // 2. faults "before"
            const before = this.deps.faults.takeBefore({ operation: route.name, method: facts.method });
            if (before.labels.length > 0) entry.fault = before.labels.join(",");
            const delay = this.deps.env.settings.latencyMs + before.delayMs;
            if (delay > 0) await sleep(delay);
            switch (before.action?.kind) {
                case "throttle":
                    throw ODataErrors.throttled(before.action.retryAfterSeconds ?? 1);
                case "status":
                    throw ODataErrors.internal(before.action.status, `Injected fault: HTTP ${before.action.status}.`);
                case "reset":
                    throw new Abandon("reset");
                case "hang":
                    throw new Abandon("hang");
                case undefined:
                    break;
            }
            // 1. route (acted on after the faults, as in the main pipeline)
            if (route.kind === "notFound")
                throw ODataErrors.invalidRequest(`Resource not found for the segment '${path}'.`);
            if (route.kind === "methodNotAllowed") throw ODataErrors.methodNotAllowed(facts.method);
            // 3. auth: a token for the Graph audience
            const header = req.headers["authorization"];
            let tenant: string;
            try {
                tenant = this.deps.tokens.authenticate(Array.isArray(header) ? header[0] : header);
            } catch (e) {
                throw e instanceof EmulatorError && e.status === 401
                    ? ODataErrors.unauthenticated("Access token is empty, invalid or expired.")
                    : e;
            }
            const issued = this.deps.tokens.lookup(Array.isArray(header) ? header[0] : header);
            if (issued) entry.authFlow = issued.flow;
            if (issued && issued.resource.replace(/\/+$/, "") !== GRAPH_RESOURCE) {
                throw ODataErrors.unauthenticated(
                    `Access token validation failure. Invalid audience: the token is for '${issued.resource}', not '${GRAPH_RESOURCE}'.`,
                );
            }
            // 4. rate limit
            const limit = this.deps.env.settings.rateLimit;
            if (limit) {
                const wait = this.deps.rateLimiter.take(`graph|${tenant}`, limit);
                if (wait > 0) throw ODataErrors.throttled(wait);
            }
            // 5. body
            let body: unknown = undefined;
            if (route.spec.request !== undefined) {
                const raw = await this.readBody(req);
                let json: unknown;
                try {
                    json = JSON.parse(raw.toString("utf8"));
                } catch {
                    throw ODataErrors.invalidRequest("The request body is not valid JSON.");
                }
                try {
                    body = decodeBody(route.spec.request as DecodingCodec<unknown>, json);
                } catch (e) {
                    const description =
                        e instanceof EmulatorError
                            ? String((e.body as { description?: string }).description ?? "")
                            : String(e);
                    throw ODataErrors.invalidRequest(description.replace(/^Invalid property /, "Invalid property "));
                }
            }
            // 6. handler
            const result = this.runHandler(() =>
                route.handler({
                    operation: route.name,
                    params: route.params,
                    query: facts.query,
                    headers: req.headers,
                    body: body as never,
                    store: this.store,
                    now: this.deps.env.now,
                    baseUrl: base,
                }),
            );
            // 7. faults "after"
            const after = this.deps.faults.takeAfter({ operation: route.name, method: facts.method });
            if (after) {
                entry.fault = [entry.fault, describeFault(after)].filter(Boolean).join(",");
                if (after.kind === "body") {
                    // Committed; only the answer differs (a documented sample, or a body the client cannot decode).
                    this.send(res, facts, entry, serviceRequestId, { status: result.status, body: after.body });
                    return;
                }
                if (after.kind === "reset") throw new Abandon("reset");
                throw ODataErrors.internal(after.status, `Injected fault after commit: HTTP ${after.status}.`);
            }
            this.send(res, facts, entry, serviceRequestId, result);
        } catch (err) {
            if (err instanceof Abandon) {
                entry.status = err.how;
                if (err.how === "reset") {
                    req.socket.destroy();
                } else {
                    this.deps.hanging.add(res);
                    res.on("close", () => this.deps.hanging.delete(res));
                }
                return;
            }
            const error =
                err instanceof EmulatorError ? err : ODataErrors.internal(500, `Unexpected error: ${String(err)}`);
            this.send(res, facts, entry, serviceRequestId, {
                status: error.status,
                body: error.body,
                headers: { ...error.headers },
            });
        }
    }

    /** Control API: `POST /_emulator/gdap/relationships/{id}/approve|expire`, `GET|DELETE /_emulator/gdap`. */
    public control(method: string, path: string): { status: number; body?: unknown } | undefined {
        const base = `${this.deps.baseUrl()}${GRAPH_PREFIX}`;
        const action = /^\/_emulator\/gdap\/relationships\/([^/]+)\/(approve|expire)$/.exec(path);
        if (action && method === "POST" && action[1] !== undefined) {
            const id = decodeURIComponent(action[1]);
            const now = this.deps.env.now();
            const r =
                action[2] === "approve"
                    ? approveRelationship(this.store, id, now)
                    : expireRelationship(this.store, id, now);
            return { status: 200, body: relationshipView(r, base) };
        }
        if (path === "/_emulator/gdap" && method === "GET") {
            return {
                status: 200,
                body: {
                    relationships: [...this.store.relationships.values()].map((r) => relationshipView(r, base)),
                    accessAssignments: [...this.store.assignments.values()],
                },
            };
        }
        if (path === "/_emulator/gdap" && method === "DELETE") {
            this.store.clear();
            return { status: 204 };
        }
        return undefined;
    }

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

    private send(
        res: ServerResponse,
        facts: { method: string; pathname: string; requestId: string; startMs: number },
        entry: RequestLogEntry,
        serviceRequestId: string,
        result: HandlerResult,
    ): void {
        let body = result.body;
        if (isODataError(body)) {
            body = {
                error: {
                    ...body.error,
                    innerError: {
                        date: new Date().toISOString(),
                        "request-id": serviceRequestId,
                        "client-request-id": facts.requestId,
                    },
                },
            };
        }
        const payload = body === undefined ? "" : JSON.stringify(body);
        res.writeHead(result.status, {
            "request-id": serviceRequestId,
            "client-request-id": facts.requestId,
            ...(body !== undefined ? { "Content-Type": "application/json;odata.metadata=minimal;charset=utf-8" } : {}),
            "Content-Length": String(Buffer.byteLength(payload)),
            ...(result.headers ?? {}),
        });
        res.end(payload);
        entry.status = result.status;
        entry.durationMs = Date.now() - facts.startMs;
    }

    private readBody(req: IncomingMessage): Promise<Buffer> {
        const limit = this.deps.maxBodyBytes;
        return new Promise((resolve, reject) => {
            const chunks: Buffer[] = [];
            let size = 0;
            req.on("data", (chunk: Buffer) => {
                size += chunk.length;
                if (size <= limit) chunks.push(chunk);
            });
            req.on("end", () =>
                size > limit
                    ? reject(
                          new EmulatorError(413, {
                              error: { code: "invalidRequest", message: `The request body exceeds ${limit} bytes.` },
                          }),
                      )
                    : resolve(Buffer.concat(chunks)),
            );
            req.on("error", reject);
        });
    }
}

function isODataError(body: unknown): body is ODataErrorBody {
    return typeof body === "object" && body !== null && typeof (body as { error?: unknown }).error === "object";
}
