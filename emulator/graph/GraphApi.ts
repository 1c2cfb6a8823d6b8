/**
 * The Microsoft Graph area of the emulator, served on the same server under `/graph` (so a client's Graph base URL
 * is `<emulator>/graph`). Requests go through the shared pipeline (`../pipeline.ts`) like Partner Center's; this
 * object supplies Graph's conventions:
 *
 * - routes       the shared contract (`pulumi-partnercenter/graph`) → handler over the Graph store; an unknown path
 *                is a 400 `invalidRequest` ("Resource not found for the segment"), a wrong method a 405
 * - errors       OData error bodies (`ODataErrors`), their `innerError` filled with the response's ids
 * - ids          `client-request-id` from the client (generated when absent), a fresh `request-id` per response
 * - audience     bearer tokens must be issued for `https://graph.microsoft.com`
 * - rate limit   buckets of their own per partner tenant; no replay of repeated ids (Graph documents none)
 */
import { graphFamilies, type ApiFamily } from "pulumi-partnercenter/api";
import { randomUUID } from "crypto";

import { GRAPH_RESOURCE, graphOperations } from "pulumi-partnercenter/graph";

import { operationRoute, type ApiErrors, type ApiRoute, type EmulatedApi } from "../EmulatedApi";
import type { EmulatorEnvironment, HandlerResult } from "../handlers/types";
import { matchOperation } from "../routes";
import type GraphStore from "./GraphStore";
import { approveRelationship, expireRelationship, graphHandlers, relationshipView } from "./handlers";
import ODataErrors, { type ODataErrorBody } from "./ODataErrors";

/** Path prefix of the Graph area. */
export const GRAPH_PREFIX = "/graph";

export interface GraphApiDependencies {
    env: EmulatorEnvironment;
    /** `http://127.0.0.1:<port>` once listening. */
    baseUrl: () => string;
}

/** Graph's errors for the shared steps. */
export const graphErrors: ApiErrors = {
    // Graph does not say which check failed.
    unauthenticated: () => ODataErrors.unauthenticated("Access token is empty, invalid or expired."),
    wrongAudience: (tokenAudience, audience) =>
        ODataErrors.unauthenticated(
            `Access token validation failure. Invalid audience: the token is for '${tokenAudience}', not '${audience}'.`,
        ),
    throttled: ODataErrors.throttled,
    internal: ODataErrors.internal,
    payloadTooLarge: ODataErrors.payloadTooLarge,
    invalidBody: (reason) => ODataErrors.invalidRequest(`${reason.charAt(0).toUpperCase()}${reason.slice(1)}`),
    invalidProperty: (property, reason) => ODataErrors.invalidRequest(`Invalid property '${property}': ${reason}`),
};

/** Throws at startup when the Graph contract gained an operation without a handler. */
export function assertAllGraphOperationsHandled(): void {
    const missing = graphOperations.filter((spec) => graphHandlers[spec.name] === undefined).map((s) => s.name);
    if (missing.length > 0) {
        throw new Error(`emulator has no Graph handler for operation(s): ${missing.join(", ")}`);
    }
}

/** The Graph API for the shared pipeline, its state (`store`) and its control actions. */
export default class GraphApi implements EmulatedApi {
    /** The GDAP state, shared with Partner Center's handlers through the environment (consent prerequisite). */
    public readonly store: GraphStore;
    public readonly requestIdHeader = "client-request-id";
    public readonly errors = graphErrors;
    public readonly audience = GRAPH_RESOURCE;
    public readonly replaysRepeatedRequests = false;

    constructor(private readonly deps: GraphApiDependencies) {
        this.store = deps.env.gdap;
    }

    /** True for paths this area serves. */
    public owns(pathname: string): boolean {
        return pathname === GRAPH_PREFIX || pathname.startsWith(`${GRAPH_PREFIX}/`);
    }

    public rateLimitFamilies(_operation: string, method: string): ApiFamily[] {
        return graphFamilies(method);
    }

    public resolve(method: string, pathname: string): ApiRoute {
        const path = pathname.slice(GRAPH_PREFIX.length) || "/";
        const route = matchOperation(graphOperations, graphHandlers, method, path);
        if (route === undefined) {
            const error = ODataErrors.invalidRequest(`Resource not found for the segment '${path}'.`);
            return { kind: "refused", name: "graph.unknown", error };
        }
        if (route.kind === "methodNotAllowed") {
            return { kind: "refused", name: route.name, error: ODataErrors.methodNotAllowed(method) };
        }
        return operationRoute(route, (request) => ({
            ...request,
            store: this.store,
            now: this.deps.env.now,
            baseUrl: `${this.deps.baseUrl()}${GRAPH_PREFIX}`,
            settings: this.deps.env.settings,
        }));
    }

    /** OData errors carry the response's ids in `innerError`; `request-id` is the service's id for this response. */
    public envelope(result: HandlerResult, ids: { requestId: string }) {
        const serviceRequestId = randomUUID();
        // `date` as the samples write it: UTC to the second, without a zone (`2020-08-18T12:51:51`).
        const body = isODataError(result.body)
            ? {
                  error: {
                      ...result.body.error,
                      innerError: {
                          ...result.body.error.innerError,
                          date: new Date().toISOString().slice(0, 19),
                          "request-id": serviceRequestId,
                          "client-request-id": ids.requestId,
                      },
                  },
              }
            : result.body;
        return {
            body,
            headers: {
                "request-id": serviceRequestId,
                "client-request-id": ids.requestId,
                ...(body !== undefined
                    ? { "Content-Type": "application/json;odata.metadata=minimal;charset=utf-8" }
                    : {}),
            },
        };
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
}

function isODataError(body: unknown): body is ODataErrorBody {
    return typeof body === "object" && body !== null && typeof (body as { error?: unknown }).error === "object";
}
