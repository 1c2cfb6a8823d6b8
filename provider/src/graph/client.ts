/**
 * The Microsoft Graph client for GDAP: one method per operation in `contract.ts`, each a logical call with one
 * `client-request-id` across all its attempts, the shared retry policy (`client/retry.ts`) and pacer
 * (`client/pacing.ts`), its own token audience (`https://graph.microsoft.com`, App-only by default) and one error
 * type ({@link GraphError}). Nothing is read from the environment.
 */
import { randomUUID } from "crypto";

import nodeFetch from "node-fetch";
import type * as t from "io-ts";

import type { OperationSpec } from "../api/operations";
import { clientCredentialsTokenProvider, staticTokenProvider, type TokenProvider } from "../client/auth";
import { isPartnerCenterError } from "../client/errors";
import { createPacer } from "../client/pacing";
import { SecretSet } from "../client/redact";
import { buildUrl } from "../client/request";
import { decideRetry, resolveRetryPolicy } from "../client/retry";
import type { ClientEvent, FetchLike, PacingPolicy, RetryPolicy } from "../client/types";
import * as ops from "./contract";
import type {
    AccessAssignmentCreateRequest,
    AccessDetails,
    DelegatedAdminAccessAssignment,
    DelegatedAdminRelationship,
    DelegatedAdminRelationshipRequest,
    RelationshipCreateRequest,
    RelationshipUpdateRequest,
} from "./contract";
import { GraphError } from "./errors";
import { sendGraphAttempt, type GraphTransport } from "./request";

/** Credentials for Graph: App-only (client credentials of the partner's app registration) or a static token. */
export type GraphCredentials =
    | {
          readonly kind: "clientCredentials";
          readonly tenantId: string;
          readonly clientId: string;
          readonly clientSecret: string;
      }
    | { readonly kind: "accessToken"; readonly accessToken: string };

export interface GraphClientOptions {
    /** `https://graph.microsoft.com` or the emulator's `<url>/graph` (no trailing slash needed). */
    readonly graphBase: string;
    /** OAuth authority, e.g. `https://login.microsoftonline.com` or the emulator's URL. */
    readonly authority: string;
    /** Token audience; default `https://graph.microsoft.com`. */
    readonly resource?: string;
    readonly credentials: GraphCredentials;
    readonly fetch?: FetchLike;
    readonly now?: () => number;
    readonly sleep?: (ms: number) => Promise<void>;
    readonly random?: () => number;
    readonly retry?: Partial<RetryPolicy>;
    readonly pacing?: Partial<PacingPolicy>;
    readonly onEvent?: (event: ClientEvent) => void;
}

export interface GraphCallOptions {
    /** `client-request-id` of this logical call; generated when absent. */
    readonly requestId?: string;
    readonly signal?: AbortSignal;
}

/** A relationship with its etag unquoted-as-sent (the etag is sent back verbatim in `If-Match`). */
export type Relationship = DelegatedAdminRelationship;
export type AccessAssignment = DelegatedAdminAccessAssignment;

export interface GraphClient {
    createRelationship(body: RelationshipCreateRequest, options?: GraphCallOptions): Promise<Relationship>;
    getRelationship(relationshipId: string, options?: GraphCallOptions): Promise<Relationship>;
    /** All relationships, optionally filtered by exact display name (`$filter=displayName eq '…'`). */
    listRelationships(filter?: { displayName?: string }, options?: GraphCallOptions): Promise<Relationship[]>;
    updateRelationship(
        relationshipId: string,
        body: RelationshipUpdateRequest,
        etag: string,
        options?: GraphCallOptions,
    ): Promise<Relationship>;
    deleteRelationship(relationshipId: string, etag: string, options?: GraphCallOptions): Promise<void>;
    /** `POST …/requests {"action": "lockForApproval" | "terminate"}`. */
    requestAction(
        relationshipId: string,
        action: "lockForApproval" | "terminate",
        options?: GraphCallOptions,
    ): Promise<DelegatedAdminRelationshipRequest>;
    createAccessAssignment(
        relationshipId: string,
        body: AccessAssignmentCreateRequest,
        options?: GraphCallOptions,
    ): Promise<AccessAssignment>;
    getAccessAssignment(
        relationshipId: string,
        assignmentId: string,
        options?: GraphCallOptions,
    ): Promise<AccessAssignment>;
    listAccessAssignments(relationshipId: string, options?: GraphCallOptions): Promise<AccessAssignment[]>;
    /** PATCH the roles; the service answers 202 (applied asynchronously) or 200 (unchanged). */
    updateAccessAssignment(
        relationshipId: string,
        assignmentId: string,
        accessDetails: AccessDetails,
        etag: string,
        options?: GraphCallOptions,
    ): Promise<void>;
    deleteAccessAssignment(
        relationshipId: string,
        assignmentId: string,
        etag: string,
        options?: GraphCallOptions,
    ): Promise<void>;
}

type ResponseOf<S extends OperationSpec> = S["response"] extends t.Mixed ? t.TypeOf<S["response"]> : undefined;

interface CallRequest {
    readonly pathParams?: Readonly<Record<string, string>>;
    readonly query?: Readonly<Record<string, string | undefined>>;
    readonly target?: string;
    readonly body?: unknown;
    readonly ifMatch?: string;
}

/** Most pages a list call follows. */
const MAX_PAGES = 100;

export function createGraphClient(options: GraphClientOptions): GraphClient {
    const fetch: FetchLike = options.fetch ?? (nodeFetch as unknown as FetchLike);
    const now = options.now ?? Date.now;
    const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    const random = options.random ?? Math.random;
    const policy = resolveRetryPolicy(options.retry);
    const secrets = new SecretSet();
    const graphBase = options.graphBase.replace(/\/+$/, "");
    const pacer = createPacer(options.pacing ?? {}, { now, sleep });
    const correlationId = randomUUID();
    const emit = (event: ClientEvent) => {
        try {
            options.onEvent?.({ ...event, message: secrets.redact(event.message) });
        } catch {
            // A failing listener must not fail the call it observes.
        }
    };
    const tokens: TokenProvider =
        options.credentials.kind === "accessToken"
            ? (secrets.add(options.credentials.accessToken), staticTokenProvider(options.credentials.accessToken))
            : clientCredentialsTokenProvider({
                  tenantId: options.credentials.tenantId,
                  clientId: options.credentials.clientId,
                  clientSecret: options.credentials.clientSecret,
                  authority: options.authority,
                  resource: options.resource ?? ops.GRAPH_RESOURCE,
                  fetch,
                  now,
                  sleep,
                  random,
                  retry: policy,
                  secrets,
                  correlationId,
              });
    const transport: GraphTransport = { graphBase, fetch, now, secrets };

    async function call<S extends OperationSpec>(
        spec: S,
        request: CallRequest,
        callOptions: GraphCallOptions = {},
    ): Promise<{ status: number; body: ResponseOf<S>; location?: string }> {
        const requestId = callOptions.requestId ?? randomUUID();
        const started = now();
        const path = buildUrl(graphBase, { spec, ...request }).pathname;
        const base = { operation: spec.name, method: spec.method, path, requestId, correlationId };
        let refreshedAfter401 = false;
        let wasAmbiguous = false;
        let throttled = 0;
        for (let attempt = 1; ; attempt++) {
            let release: (() => void) | undefined;
            let token: string | undefined;
            let error: GraphError;
            try {
                release = await pacer.acquire(
                    (waitMs) =>
                        emit({ ...base, kind: "throttled", attempt, waitMs, message: `pacing: waiting ${waitMs} ms` }),
                    callOptions.signal,
                );
                token = await tokens.getToken();
                emit({ ...base, kind: "request", attempt, message: `${spec.method} ${path} (attempt ${attempt})` });
                const result = await sendGraphAttempt(transport, {
                    spec,
                    ...request,
                    accessToken: token,
                    requestId,
                    timeoutMs: Math.min(policy.attemptTimeoutMs, Math.max(1, policy.deadlineMs - (now() - started))),
                    ...(callOptions.signal ? { signal: callOptions.signal } : {}),
                });
                const location = result.headers.get("Location") ?? undefined;
                return { status: result.status, body: result.body as ResponseOf<S>, ...(location ? { location } : {}) };
            } catch (e) {
                if (!isPartnerCenterError(e)) {
                    throw e;
                }
                error = GraphError.from(e);
            } finally {
                release?.();
            }
            if (error.operation === "acquireToken") {
                throw error.with({
                    note: `token for Microsoft Graph (resource ${options.resource ?? ops.GRAPH_RESOURCE}) needed by ${spec.name}`,
                });
            }
            if (error.status === 401 && error.kind === "http" && tokens.canRefresh && !refreshedAfter401 && token) {
                refreshedAfter401 = true;
                tokens.invalidate(token);
                continue;
            }
            wasAmbiguous ||= error.ambiguous;
            if (error.status === 429 || (error.status === 503 && error.retryAfterMs !== undefined)) {
                throttled++;
            }
            const decision = decideRetry(error, attempt, policy, now() - started, random, {
                retryAmbiguous: spec.retryAmbiguous,
                throttled,
            });
            if (!decision.retry) {
                throw error.with({
                    attempts: attempt,
                    ambiguous: wasAmbiguous,
                    note: attempt > 1 || !decision.reason.startsWith("not retried: ") ? decision.reason : undefined,
                });
            }
            if (error.retryAfterMs !== undefined || error.status === 429) {
                pacer.pauseUntil(now() + (error.retryAfterMs ?? decision.delayMs));
                emit({
                    ...base,
                    kind: "throttled",
                    attempt,
                    status: error.status,
                    waitMs: decision.delayMs,
                    message: decision.reason,
                });
            } else {
                emit({
                    ...base,
                    kind: "retry",
                    attempt,
                    status: error.status,
                    waitMs: decision.delayMs,
                    message: `${error.message}; ${decision.reason}`,
                });
            }
            await sleep(decision.delayMs);
        }
    }

    /** Follow `@odata.nextLink` (same origin only; each page its own logical call). */
    async function collect<Item>(
        spec: OperationSpec,
        first: CallRequest,
        callOptions: GraphCallOptions,
    ): Promise<Item[]> {
        const items: Item[] = [];
        let request: CallRequest = first;
        for (let page = 1; page <= MAX_PAGES; page++) {
            const { body } = await call(
                spec,
                request,
                page === 1 ? callOptions : { ...callOptions, requestId: undefined },
            );
            const collection = body as unknown as { value: Item[]; "@odata.nextLink"?: string | null };
            items.push(...collection.value);
            const next = collection["@odata.nextLink"];
            if (!next) {
                return items;
            }
            const url = new URL(next, graphBase + "/");
            if (!(url.origin + url.pathname).startsWith(graphBase)) {
                throw new GraphError({
                    kind: "protocol",
                    status: 0,
                    operation: spec.name,
                    method: spec.method,
                    path: spec.path,
                    description: "@odata.nextLink points outside the Graph endpoint",
                    retryable: false,
                    ambiguous: false,
                });
            }
            request = {
                target: url.pathname.slice(new URL(graphBase).pathname.replace(/\/+$/, "").length) + url.search,
            };
        }
        throw new GraphError({
            kind: "protocol",
            status: 0,
            operation: spec.name,
            method: spec.method,
            path: spec.path,
            description: `more than ${MAX_PAGES} pages`,
            retryable: false,
            ambiguous: false,
        });
    }

    const rel = (relationshipId: string) => ({ relationshipId });
    const odataString = (s: string) => `'${s.replace(/'/g, "''")}'`;

    return {
        async createRelationship(body, o) {
            return (await call(ops.createRelationship, { body }, o)).body;
        },
        async getRelationship(relationshipId, o) {
            return (await call(ops.getRelationship, { pathParams: rel(relationshipId) }, o)).body;
        },
        listRelationships(filter = {}, o = {}) {
            const query = filter.displayName ? { $filter: `displayName eq ${odataString(filter.displayName)}` } : {};
            return collect<Relationship>(ops.listRelationships, { query }, o);
        },
        async updateRelationship(relationshipId, body, etag, o) {
            return (await call(ops.updateRelationship, { pathParams: rel(relationshipId), body, ifMatch: etag }, o))
                .body;
        },
        async deleteRelationship(relationshipId, etag, o) {
            await call(ops.deleteRelationship, { pathParams: rel(relationshipId), ifMatch: etag }, o);
        },
        async requestAction(relationshipId, action, o) {
            return (await call(ops.createRelationshipRequest, { pathParams: rel(relationshipId), body: { action } }, o))
                .body;
        },
        async createAccessAssignment(relationshipId, body, o) {
            return (await call(ops.createAccessAssignment, { pathParams: rel(relationshipId), body }, o)).body;
        },
        async getAccessAssignment(relationshipId, assignmentId, o) {
            return (await call(ops.getAccessAssignment, { pathParams: { relationshipId, assignmentId } }, o)).body;
        },
        listAccessAssignments(relationshipId, o = {}) {
            return collect<AccessAssignment>(ops.listAccessAssignments, { pathParams: rel(relationshipId) }, o);
        },
        async updateAccessAssignment(relationshipId, assignmentId, accessDetails, etag, o) {
            await call(
                ops.updateAccessAssignment,
                { pathParams: { relationshipId, assignmentId }, body: { accessDetails }, ifMatch: etag },
                o,
            );
        },
        async deleteAccessAssignment(relationshipId, assignmentId, etag, o) {
            await call(ops.deleteAccessAssignment, { pathParams: { relationshipId, assignmentId }, ifMatch: etag }, o);
        },
    };
}
