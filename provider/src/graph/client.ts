/**
 * The Microsoft Graph client for GDAP: one method per operation in `contract.ts`, each a logical call with one
 * `client-request-id` across all its attempts, the shared retry policy (`client/retry.ts`) and pacer
 * (`client/pacing.ts`), its own token audience (`https://graph.microsoft.com`, App-only by default) and one error
 * type ({@link GraphError}). Nothing is read from the environment.
 */
import { randomUUID } from "crypto";

import type * as t from "io-ts";

import type { OperationSpec } from "../api/operations";
import { createClientCore } from "../client/call";
import type { PartnerCenterError } from "../client/errors";
import { buildUrl } from "../client/request";
import { parseRetryAfter } from "../client/retry";
import type { ClientAuthentication, TransportOptions } from "../client/types";
import * as ops from "./contract";
import type {
    AccessAssignmentCreateRequest,
    AccessDetails,
    DelegatedAdminAccessAssignment,
    DelegatedAdminRelationship,
    DelegatedAdminRelationshipOperation,
    DelegatedAdminRelationshipRequest,
    RelationshipCreateRequest,
    RelationshipUpdateRequest,
} from "./contract";
import { GraphError } from "./errors";
import { sendGraphAttempt, type GraphTransport } from "./request";

/** Credentials for Graph: App-only (client credentials of the partner's app registration) or a static token. */
export type GraphCredentials =
    | ({
          readonly kind: "clientCredentials";
          readonly tenantId: string;
          readonly clientId: string;
      } & ClientAuthentication)
    | { readonly kind: "accessToken"; readonly accessToken: string };

/** Endpoints and credentials; transport, clock, retry and pacing options as for the Partner Center client. */
export interface GraphClientOptions extends TransportOptions {
    /** `https://graph.microsoft.com` or the emulator's `<url>/graph` (no trailing slash needed). */
    readonly graphBase: string;
    /** OAuth authority, e.g. `https://login.microsoftonline.com` or the emulator's URL. */
    readonly authority: string;
    /** Token audience; default `https://graph.microsoft.com`. */
    readonly resource?: string;
    readonly credentials: GraphCredentials;
}

export interface GraphCallOptions {
    /** `client-request-id` of this logical call; generated when absent. */
    readonly requestId?: string;
    readonly signal?: AbortSignal;
}

/** A relationship with its etag unquoted-as-sent (the etag is sent back verbatim in `If-Match`). */
export type Relationship = DelegatedAdminRelationship;
export type AccessAssignment = DelegatedAdminAccessAssignment;

/**
 * What the PATCH of an access assignment answered: `unchanged` (200, the roles were already those) or `accepted`
 * (202, a long-running operation in `Location`, to be polled with {@link GraphClient.waitForOperation} before the
 * new roles can be read back).
 */
export type AccessAssignmentUpdate =
    | { readonly kind: "unchanged" }
    | {
          readonly kind: "accepted";
          /** The `Location` header as sent. */
          readonly location: string;
          readonly relationshipId: string;
          readonly operationId: string;
          /** The 202's `Retry-After` in ms (seconds, fractional allowed, or an HTTP date), when sent. */
          readonly retryAfterMs?: number;
      };

export interface WaitOptions extends GraphCallOptions {
    /** How long to poll in all, in ms; default the client's call deadline (`retry.deadlineMs`). */
    readonly timeoutMs?: number;
    /** Wait between polls when the service sends no `Retry-After`, in ms; default 5000. */
    readonly defaultPollMs?: number;
}

/**
 * A long-running Graph operation that ended `failed`, or was still not done when the wait's deadline passed.
 * Nothing it would have changed can be assumed applied.
 */
export class GraphOperationError extends Error {
    constructor(
        readonly reason: "failed" | "deadline",
        readonly relationshipId: string,
        readonly operationId: string,
        /** The last state read (absent if the deadline passed before any read). */
        readonly operation: DelegatedAdminRelationshipOperation | undefined,
        message: string,
    ) {
        super(message);
        Object.defineProperty(this, "name", { value: "GraphOperationError", enumerable: false });
    }
}

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
    /** `GET …/requests` (all pages): the actions asked of a relationship and whether each took effect. */
    listRequests(relationshipId: string, options?: GraphCallOptions): Promise<DelegatedAdminRelationshipRequest[]>;
    /** `GET …/requests/{requestId}`. */
    getRequest(
        relationshipId: string,
        requestId: string,
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
    /**
     * PATCH the roles; the service answers 202 (applied asynchronously: poll the returned operation with
     * {@link GraphClient.waitForOperation} before reading the roles back) or 200 (unchanged).
     */
    updateAccessAssignment(
        relationshipId: string,
        assignmentId: string,
        accessDetails: AccessDetails,
        etag: string,
        options?: GraphCallOptions,
    ): Promise<AccessAssignmentUpdate>;
    /** `GET …/delegatedAdminRelationships/{id}/operations/{operationId}`. */
    getOperation(
        relationshipId: string,
        operationId: string,
        options?: GraphCallOptions,
    ): Promise<DelegatedAdminRelationshipOperation>;
    /** `GET …/delegatedAdminRelationships/{id}/operations` (all pages). */
    listOperations(relationshipId: string, options?: GraphCallOptions): Promise<DelegatedAdminRelationshipOperation[]>;
    /**
     * Poll an accepted operation until it is `succeeded` (returned), honouring `Retry-After` (the 202's, then each
     * poll's), within `timeoutMs`, with a `progress` event per poll. Throws {@link GraphOperationError} when it
     * ends `failed` or the deadline passes first.
     */
    waitForOperation(
        accepted: Extract<AccessAssignmentUpdate, { kind: "accepted" }>,
        options?: WaitOptions,
    ): Promise<DelegatedAdminRelationshipOperation>;
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

/** Shortest wait between two polls of a long-running operation, in ms. */
const MIN_REPOLL_MS = 100;

/** Most pages a list call follows. */
const MAX_PAGES = 100;

/**
 * Create a Graph client: every call goes through the shared logical-call loop (`client/call.ts`), so pacing
 * (adaptive by default in the provider, with 429s fed back), the deadline, aborts and the 401 refresh work as for
 * Partner Center.
 */
export function createGraphClient(options: GraphClientOptions): GraphClient {
    const graphBase = options.graphBase.replace(/\/+$/, "");
    const correlationId = randomUUID();
    const resource = options.resource ?? ops.GRAPH_RESOURCE;
    const {
        fetch,
        now,
        secrets,
        call: loop,
        sleep,
        policy,
        emit,
    } = createClientCore(options, {
        credentials: options.credentials,
        authority: options.authority,
        resource,
        correlationId,
    });
    const transport: GraphTransport = { graphBase, fetch, now, secrets };
    const toGraphError = (e: PartnerCenterError) => GraphError.from(e);

    /** One logical call with one `client-request-id` across its attempts. */
    async function call<S extends OperationSpec>(
        spec: S,
        request: CallRequest,
        callOptions: GraphCallOptions = {},
    ): Promise<{ status: number; body: ResponseOf<S>; location?: string; retryAfterMs?: number }> {
        const requestId = callOptions.requestId ?? randomUUID();
        const signal = callOptions.signal;
        const path = buildUrl(graphBase, { spec, ...request }).pathname;
        const result = await loop({
            id: { operation: spec.name, method: spec.method, path, requestId, correlationId },
            retryAmbiguous: spec.retryAmbiguous,
            signal,
            ids: (attempt) => `(attempt ${attempt}, client-request-id ${requestId})`,
            send: (accessToken, timeoutMs) =>
                sendGraphAttempt(transport, {
                    spec,
                    ...request,
                    accessToken,
                    requestId,
                    timeoutMs,
                    ...(signal ? { signal } : {}),
                }),
            toError: toGraphError,
            tokenNote: `token for Microsoft Graph (resource ${resource}) needed by ${spec.name}`,
        });
        const location = result.headers.get("Location") ?? undefined;
        const retryAfterMs = parseRetryAfter(result.headers.get("Retry-After"), now());
        return {
            status: result.status,
            body: result.body as ResponseOf<S>,
            ...(location ? { location } : {}),
            ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
        };
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
                throw pagingError(spec, "@odata.nextLink points outside the Graph endpoint");
            }
            request = {
                target: url.pathname.slice(new URL(graphBase).pathname.replace(/\/+$/, "").length) + url.search,
            };
        }
        throw pagingError(spec, `more than ${MAX_PAGES} pages`);
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
        listRequests(relationshipId, o = {}) {
            return collect<DelegatedAdminRelationshipRequest>(
                ops.listRelationshipRequests,
                { pathParams: rel(relationshipId) },
                o,
            );
        },
        async getRequest(relationshipId, requestId, o) {
            return (await call(ops.getRelationshipRequest, { pathParams: { relationshipId, requestId } }, o)).body;
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
            const answer = await call(
                ops.updateAccessAssignment,
                { pathParams: { relationshipId, assignmentId }, body: { accessDetails }, ifMatch: etag },
                o,
            );
            if (answer.status !== 202) {
                return { kind: "unchanged" };
            }
            const ref = operationRef(answer.location);
            if (!ref) {
                // Without the operation there is no way to know when the roles apply: fail rather than guess.
                throw protocolError(
                    ops.updateAccessAssignment,
                    `202 Accepted without a Location of the form …/delegatedAdminRelationships/{id}/operations/{id} (got ${answer.location ?? "none"})`,
                );
            }
            return {
                kind: "accepted",
                location: answer.location ?? "",
                ...ref,
                ...(answer.retryAfterMs !== undefined ? { retryAfterMs: answer.retryAfterMs } : {}),
            };
        },
        async getOperation(relationshipId, operationId, o) {
            return (await call(ops.getRelationshipOperation, { pathParams: { relationshipId, operationId } }, o)).body;
        },
        listOperations(relationshipId, o = {}) {
            return collect<DelegatedAdminRelationshipOperation>(
                ops.listRelationshipOperations,
                { pathParams: rel(relationshipId) },
                o,
            );
        },
        async waitForOperation(accepted, o = {}) {
            const { relationshipId, operationId } = accepted;
            const started = now();
            const timeoutMs = o.timeoutMs ?? policy.deadlineMs;
            const fallbackMs = o.defaultPollMs ?? 5_000;
            let waitMs = accepted.retryAfterMs ?? fallbackMs;
            let last: DelegatedAdminRelationshipOperation | undefined;
            const path = buildUrl(graphBase, {
                spec: ops.getRelationshipOperation,
                pathParams: { relationshipId, operationId },
            }).pathname;
            for (let poll = 1; ; poll++) {
                const elapsed = now() - started;
                if (elapsed + waitMs > timeoutMs) {
                    throw new GraphOperationError(
                        "deadline",
                        relationshipId,
                        operationId,
                        last,
                        `Microsoft Graph operation ${operationId} of relationship ${relationshipId} is still ` +
                            `${last?.status ?? "notStarted"} after ${Math.round(elapsed / 1000)}s; waiting another ` +
                            `${Math.round(waitMs / 1000)}s would pass the ${Math.round(timeoutMs / 1000)}s deadline. ` +
                            "The change may still apply: run `pulumi refresh` later to see it.",
                    );
                }
                if (waitMs > 0) {
                    await sleep(waitMs);
                }
                if (o.signal?.aborted) {
                    throw o.signal.reason instanceof Error ? o.signal.reason : new Error("aborted by the caller");
                }
                const answer = await call(
                    ops.getRelationshipOperation,
                    { pathParams: { relationshipId, operationId } },
                    { ...o, requestId: undefined },
                );
                last = answer.body;
                emit({
                    kind: "progress",
                    operation: ops.getRelationshipOperation.name,
                    method: "GET",
                    path,
                    requestId: "",
                    correlationId,
                    attempt: poll,
                    status: answer.status,
                    waitMs,
                    message:
                        `Microsoft Graph operation ${operationId} (${last.operationType ?? "long-running"}) of ` +
                        `relationship ${relationshipId}: ${last.status} after ${Math.round((now() - started) / 1000)}s`,
                });
                if (last.status === "succeeded") {
                    return last;
                }
                if (last.status === "failed") {
                    throw new GraphOperationError(
                        "failed",
                        relationshipId,
                        operationId,
                        last,
                        `Microsoft Graph operation ${operationId} (${last.operationType ?? "long-running"}) of ` +
                            `relationship ${relationshipId} failed; the change was not applied` +
                            (last.data ? ` (requested: ${last.data})` : "") +
                            ". Nothing was recorded: run `pulumi up` again to retry.",
                    );
                }
                // A `Retry-After: 0` on an unfinished operation must not turn into a busy loop.
                waitMs = Math.max(answer.retryAfterMs ?? fallbackMs, MIN_REPOLL_MS);
            }
        },
        async deleteAccessAssignment(relationshipId, assignmentId, etag, o) {
            await call(ops.deleteAccessAssignment, { pathParams: { relationshipId, assignmentId }, ifMatch: etag }, o);
        },
    };
}

/** `…/delegatedAdminRelationships/{relationshipId}/operations/{operationId}` of a `Location` header. */
function operationRef(location: string | undefined): { relationshipId: string; operationId: string } | undefined {
    if (!location) {
        return undefined;
    }
    let pathname: string;
    try {
        pathname = new URL(location, "https://graph.microsoft.com/").pathname;
    } catch {
        return undefined;
    }
    const match = /\/delegatedAdminRelationships\/([^/]+)\/operations\/([^/]+)\/?$/.exec(pathname);
    return match?.[1] && match[2]
        ? { relationshipId: decodeURIComponent(match[1]), operationId: decodeURIComponent(match[2]) }
        : undefined;
}

/** The service broke a paging rule the client relies on. */
function pagingError(spec: OperationSpec, description: string): GraphError {
    return protocolError(spec, description);
}

/** The service broke a rule of the protocol the client relies on. */
function protocolError(spec: OperationSpec, description: string): GraphError {
    return new GraphError({
        kind: "protocol",
        status: 0,
        operation: spec.name,
        method: spec.method,
        path: spec.path,
        description,
        retryable: false,
        ambiguous: false,
    });
}
