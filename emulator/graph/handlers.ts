/**
 * The emulated Microsoft Graph GDAP operations: thin synchronous handlers over {@link GraphStore}, one per
 * operation of `pulumi-partnercenter/graph` (the contract the client uses), plus the status machine and the
 * control actions that stand in for the customer (`approve`) and for time (`expire`).
 *
 * Status machine (delegatedAdminRelationship, v1.0 reference):
 *   created --lockForApproval--> approvalPending --customer approves--> active --terminate--> terminationRequested
 *   --(next read)--> terminated;  active --time--> expired.  `approved`/`activating` are passed through at once.
 * Each `lockForApproval`/`terminate` is kept as a request (`…/requests`), `created` when asked and `succeeded`
 * once the relationship shows it. Rules modelled: updates only in `created` (`autoExtendDuration` also in `active`), with `If-Match`; delete only
 * in `created`; access assignments only on an `active` relationship, roles a subset of the relationship's; an
 * assignment is `pending` when created and `active` on the next read. A change of an assignment's roles is a
 * long-running operation (202 + `Location` + `Retry-After`): `notStarted`, then `running`, until
 * `gdapOperationDelayMs` has passed; then `succeeded` (the roles show from then on) or `failed` (nothing changes),
 * by `gdapOperationOutcome` at the time of the PATCH. Settled lazily on the next read of the operation or
 * assignment, like the other transitions.
 */
import { randomBytes, randomUUID } from "crypto";

import {
    AUTO_EXTEND_DURATIONS,
    MAX_DURATION_DAYS,
    MIN_DURATION_DAYS,
    durationDays,
    type AccessAssignmentCreateRequest,
    type RelationshipCreateRequest,
    type RelationshipUpdateRequest,
} from "pulumi-partnercenter/graph";

import type { HandlerResult, OperationRequest } from "../handlers/types";
import type { RuntimeSettings } from "../settings";
import GraphStore, { StoredAssignment, StoredOperation, StoredRelationship, StoredRequest } from "./GraphStore";
import ODataErrors from "./ODataErrors";

/** What a Graph handler gets: the request and the Graph state. */
export interface GraphHandlerContext<Body = unknown> extends OperationRequest<Body> {
    readonly store: GraphStore;
    readonly now: () => number;
    /** `<emulator>/graph`, for `Location` headers and `@odata.context`. */
    readonly baseUrl: string;
    /** `gdapOperationDelayMs` / `gdapOperationOutcome`: how long-running operations behave. */
    readonly settings: Pick<
        RuntimeSettings,
        "gdapOperationDelayMs" | "gdapOperationOutcome" | "gdapDuplicateNameStatus"
    >;
}

export type GraphHandler = (ctx: GraphHandlerContext<never>) => HandlerResult;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const iso = (ms: number) => new Date(ms).toISOString();
const newEtag = () => `W/"${randomBytes(18).toString("base64")}"`;
const RELATIONSHIPS_PATH = "/v1.0/tenantRelationships/delegatedAdminRelationships";

// ------------------------------------------------------------------------------------------------------------
// views

/** `@odata.context` belongs to the top of an answer: on an entity answered alone, not on a collection's items. */
function relationshipView(r: StoredRelationship, baseUrl: string, inCollection = false): Record<string, unknown> {
    return {
        "@odata.type": "#microsoft.graph.delegatedAdminRelationship",
        ...(inCollection
            ? {}
            : {
                  "@odata.context": `${baseUrl}/v1.0/tenantRelationships/$metadata#delegatedAdminRelationships/$entity`,
              }),
        "@odata.etag": r.etag,
        id: r.id,
        displayName: r.displayName,
        duration: r.duration,
        customer: { ...r.customer },
        accessDetails: { unifiedRoles: r.roleIds.map((roleDefinitionId) => ({ roleDefinitionId })) },
        status: r.status,
        autoExtendDuration: r.autoExtendDuration,
        createdDateTime: r.createdDateTime,
        lastModifiedDateTime: r.lastModifiedDateTime,
        activatedDateTime: r.activatedDateTime,
        endDateTime: r.endDateTime,
    };
}

function assignmentView(a: StoredAssignment, baseUrl: string, inCollection = false): Record<string, unknown> {
    return {
        "@odata.type": "#microsoft.graph.delegatedAdminAccessAssignment",
        ...(inCollection
            ? {}
            : { "@odata.context": `${baseUrl}/v1.0/tenantRelationships/$metadata#accessAssignments/$entity` }),
        "@odata.etag": a.etag,
        id: a.id,
        status: a.status,
        createdDateTime: a.createdDateTime,
        lastModifiedDateTime: a.lastModifiedDateTime,
        accessContainer: { accessContainerId: a.containerId, accessContainerType: a.containerType },
        accessDetails: { unifiedRoles: a.roleIds.map((roleDefinitionId) => ({ roleDefinitionId })) },
    };
}

/**
 * A relationship request as the samples show it: the create answer has `@odata.context` and no `@odata.etag`; the
 * get answer both; list items the etag only (the context is at the top of the collection).
 */
function requestView(q: StoredRequest, baseUrl: string, as: "created" | "entity" | "item"): Record<string, unknown> {
    const context = `${baseUrl}/v1.0/tenantRelationships/$metadata#requests`;
    return {
        "@odata.type": "#microsoft.graph.delegatedAdminRelationshipRequest",
        ...(as === "created" ? { "@odata.context": context } : {}),
        ...(as === "entity" ? { "@odata.context": `${context}/$entity` } : {}),
        ...(as !== "created" ? { "@odata.etag": q.etag } : {}),
        id: q.id,
        action: q.action,
        status: q.status,
        createdDateTime: q.createdDateTime,
        lastModifiedDateTime: q.lastModifiedDateTime,
    };
}

function operationView(o: StoredOperation, a: StoredAssignment | undefined): Record<string, unknown> {
    return {
        "@odata.type": "#microsoft.graph.delegatedAdminRelationshipOperation",
        "@odata.etag": o.etag,
        id: o.id,
        operationType: "delegatedAdminAccessAssignmentUpdate",
        // As in the samples: the assignment as the operation leaves it, as a JSON string.
        data: JSON.stringify({
            id: o.assignmentId,
            accessContainer: a ? { accessContainerId: a.containerId, accessContainerType: a.containerType } : undefined,
            accessDetails: { unifiedRoles: o.roleIds.map((roleDefinitionId) => ({ roleDefinitionId })) },
            status: a?.status ?? "deleted",
        }),
        status: o.status,
        createdDateTime: o.createdDateTime,
        lastModifiedDateTime: o.lastModifiedDateTime,
    };
}

// ------------------------------------------------------------------------------------------------------------
// lookups and the lazy parts of the status machine

/** Move an operation on by the clock: running once read before its end, then its outcome (roles applied). */
function settleOperation(store: GraphStore, o: StoredOperation, now: number): StoredOperation {
    if (o.status === "succeeded" || o.status === "failed") {
        return o;
    }
    if (now < o.endsAt) {
        if (o.status === "notStarted" && now > Date.parse(o.createdDateTime)) {
            o.status = "running";
            o.lastModifiedDateTime = iso(now);
            o.etag = newEtag();
        }
        return o;
    }
    o.status = o.outcome;
    o.lastModifiedDateTime = iso(now);
    o.etag = newEtag();
    const a = store.assignments.get(o.assignmentId);
    if (o.outcome === "succeeded" && a) {
        a.roleIds = [...o.roleIds];
        a.etag = newEtag();
        a.lastModifiedDateTime = iso(now);
    }
    return o;
}

/** Operations of a relationship, oldest first, settled. */
function operationsOf(store: GraphStore, relationshipId: string, now: number): StoredOperation[] {
    return [...store.operations.values()]
        .filter((o) => o.relationshipId === relationshipId)
        .map((o) => settleOperation(store, o, now));
}

/**
 * A request ends `succeeded` once its relationship shows the action took effect (`lockForApproval`: no longer
 * `created`; `terminate`: `terminated`), read lazily like the rest; `running` until then.
 */
function settleRequest(q: StoredRequest, r: StoredRelationship, now: number): StoredRequest {
    if (q.status === "succeeded" || q.status === "failed") {
        return q;
    }
    const done = q.action === "lockForApproval" ? r.status !== "created" : r.status === "terminated";
    const next = done ? "succeeded" : "running";
    if (next !== q.status) {
        q.status = next;
        q.lastModifiedDateTime = iso(now);
        q.etag = newEtag();
    }
    return q;
}

/** Asynchronous transitions complete by the next read (the real service takes seconds to minutes). */
function settle(r: StoredRelationship, now: number): StoredRelationship {
    if (r.status === "terminationRequested" || r.status === "terminating") {
        r.status = "terminated";
        r.endDateTime = iso(now);
        r.lastModifiedDateTime = iso(now);
        r.etag = newEtag();
    }
    return r;
}

function relationshipOf(ctx: GraphHandlerContext<unknown>): StoredRelationship {
    const r = ctx.store.relationships.get(ctx.params["relationshipId"] ?? "");
    if (!r) {
        throw ODataErrors.notFound(`The delegated admin relationship '${ctx.params["relationshipId"] ?? ""}'`);
    }
    return settle(r, ctx.now());
}

function assignmentOf(ctx: GraphHandlerContext<unknown>, r: StoredRelationship): StoredAssignment {
    const a = ctx.store.assignments.get(ctx.params["assignmentId"] ?? "");
    if (!a || a.relationshipId !== r.id) {
        throw ODataErrors.notFound(`The access assignment '${ctx.params["assignmentId"] ?? ""}'`);
    }
    if (a.status === "pending" && r.status === "active") {
        a.status = "active";
        a.lastModifiedDateTime = iso(ctx.now());
    }
    // A finished update shows in the assignment whether or not anyone polled its operation.
    operationsOf(ctx.store, r.id, ctx.now());
    return a;
}

function requireIfMatch(ctx: GraphHandlerContext<unknown>, current: string): void {
    const raw = ctx.headers["if-match"];
    const supplied = Array.isArray(raw) ? raw[0] : raw;
    if (supplied === undefined || supplied.trim() === "") {
        throw ODataErrors.invalidRequest("The If-Match header is required (the last known @odata.etag).");
    }
    if (supplied.trim() !== "*" && supplied.trim() !== current) {
        throw ODataErrors.preconditionFailed();
    }
}

// ------------------------------------------------------------------------------------------------------------
// validation shared by create and update

/** A taken displayName is refused with `duplicateStatus` (409 or 400: the service's answer is not documented). */
function checkDisplayName(store: GraphStore, name: string, duplicateStatus: 400 | 409, self?: string): void {
    if (name.trim() === "" || name.length > 50) {
        throw ODataErrors.invalidRequest("displayName is required and must be at most 50 characters.");
    }
    const clash = [...store.relationships.values()].find(
        (r) => r.id !== self && r.displayName.toLowerCase() === name.toLowerCase(),
    );
    if (clash) {
        const message = `displayName '${name}' is already used by relationship ${clash.id}: it must be unique across all of the partner's delegated admin relationships.`;
        throw duplicateStatus === 409 ? ODataErrors.nameAlreadyExists(message) : ODataErrors.invalidRequest(message);
    }
}

function checkDuration(duration: string): void {
    const days = durationDays(duration);
    if (days === undefined || days < MIN_DURATION_DAYS || days > MAX_DURATION_DAYS) {
        throw ODataErrors.invalidRequest(
            `duration '${duration}' must be an ISO 8601 duration between P1D and P2Y inclusive.`,
        );
    }
}

function checkAutoExtend(value: string): void {
    if (!(AUTO_EXTEND_DURATIONS as readonly string[]).includes(value)) {
        throw ODataErrors.invalidRequest(
            `autoExtendDuration '${value}' must be one of ${AUTO_EXTEND_DURATIONS.join(", ")}.`,
        );
    }
}

function checkRoles(ids: readonly string[], where: string): string[] {
    if (ids.length === 0) {
        throw ODataErrors.invalidRequest(`${where}.unifiedRoles must name at least one role.`);
    }
    const bad = ids.find((id) => !GUID.test(id));
    if (bad !== undefined) {
        throw ODataErrors.invalidRequest(`${where}.unifiedRoles: '${bad}' is not a roleDefinitionId (a GUID).`);
    }
    return [...new Set(ids.map((id) => id.toLowerCase()))];
}

function checkCustomer(customer: { tenantId?: string | null } | undefined): void {
    if (customer?.tenantId && !GUID.test(customer.tenantId)) {
        throw ODataErrors.invalidRequest(`customer.tenantId '${customer.tenantId}' is not a tenant id (a GUID).`);
    }
}

// ------------------------------------------------------------------------------------------------------------
// relationships

export function createRelationship(ctx: GraphHandlerContext<RelationshipCreateRequest>): HandlerResult {
    const b = ctx.body;
    checkDisplayName(ctx.store, b.displayName, ctx.settings.gdapDuplicateNameStatus);
    checkDuration(b.duration);
    const autoExtend = b.autoExtendDuration ?? "PT0S";
    checkAutoExtend(autoExtend);
    checkCustomer(b.customer);
    const roleIds = checkRoles(
        b.accessDetails.unifiedRoles.map((r) => r.roleDefinitionId),
        "accessDetails",
    );
    const now = iso(ctx.now());
    const tenantId = b.customer?.tenantId ?? undefined;
    // Graph's relationship ids are `<customer tenant id>-<guid>` in the samples.
    const id = `${tenantId ?? randomUUID()}-${randomUUID()}`;
    const stored: StoredRelationship = {
        id,
        etag: newEtag(),
        displayName: b.displayName,
        duration: b.duration,
        autoExtendDuration: autoExtend,
        customer: {
            ...(tenantId ? { tenantId } : {}),
            ...(b.customer?.displayName ? { displayName: b.customer.displayName } : {}),
        },
        roleIds,
        status: "created",
        createdDateTime: now,
        lastModifiedDateTime: now,
        activatedDateTime: "",
        // As in the create sample: created + duration, from the same instant (recomputed from the activation).
        endDateTime: iso(Date.parse(now) + (durationDays(b.duration) ?? 0) * 86_400_000),
    };
    ctx.store.relationships.set(id, stored);
    return {
        status: 201,
        body: relationshipView(stored, ctx.baseUrl),
        headers: { Location: `${ctx.baseUrl}${RELATIONSHIPS_PATH}/${id}` },
    };
}

export function getRelationship(ctx: GraphHandlerContext<undefined>): HandlerResult {
    return { status: 200, body: relationshipView(relationshipOf(ctx), ctx.baseUrl) };
}

/** `$filter=displayName eq '…'` (the one filter the provider uses) or everything. */
export function listRelationships(ctx: GraphHandlerContext<undefined>): HandlerResult {
    const filter = ctx.query.get("$filter");
    let items = [...ctx.store.relationships.values()].map((r) => settle(r, ctx.now()));
    if (filter) {
        const match = /^displayName eq '((?:[^']|'')*)'$/.exec(filter.trim());
        if (!match || match[1] === undefined) {
            throw ODataErrors.invalidRequest(
                `Unsupported $filter '${filter}' (the emulator supports displayName eq '…').`,
            );
        }
        const name = match[1].replace(/''/g, "'");
        items = items.filter((r) => r.displayName === name);
    }
    return {
        status: 200,
        body: {
            "@odata.context": `${ctx.baseUrl}/v1.0/tenantRelationships/$metadata#delegatedAdminRelationships`,
            value: items.map((r) => relationshipView(r, ctx.baseUrl, true)),
        },
    };
}

export function updateRelationship(ctx: GraphHandlerContext<RelationshipUpdateRequest>): HandlerResult {
    const r = relationshipOf(ctx);
    requireIfMatch(ctx, r.etag);
    const b = ctx.body;
    const changesOtherThanAutoExtend = Object.keys(b).filter((k) => k !== "autoExtendDuration");
    if (r.status === "active" && changesOtherThanAutoExtend.length > 0) {
        throw ODataErrors.wrongStatus(`Changing ${changesOtherThanAutoExtend.join(", ")}`, r.status, ["created"]);
    }
    if (r.status !== "created" && r.status !== "active") {
        throw ODataErrors.wrongStatus("Updating the relationship", r.status, [
            "created",
            "active (autoExtendDuration only)",
        ]);
    }
    if (b.displayName !== undefined) {
        checkDisplayName(ctx.store, b.displayName, ctx.settings.gdapDuplicateNameStatus, r.id);
    }
    if (b.duration !== undefined) checkDuration(b.duration);
    if (b.autoExtendDuration !== undefined) checkAutoExtend(b.autoExtendDuration);
    if (b.customer !== undefined) checkCustomer(b.customer);
    const roleIds = b.accessDetails
        ? checkRoles(
              b.accessDetails.unifiedRoles.map((x) => x.roleDefinitionId),
              "accessDetails",
          )
        : undefined;
    if (b.displayName !== undefined) r.displayName = b.displayName;
    if (b.duration !== undefined) r.duration = b.duration;
    if (b.autoExtendDuration !== undefined) r.autoExtendDuration = b.autoExtendDuration;
    if (b.customer !== undefined) {
        r.customer = {
            ...(b.customer.tenantId ? { tenantId: b.customer.tenantId } : {}),
            ...(b.customer.displayName ? { displayName: b.customer.displayName } : {}),
        };
    }
    if (roleIds) r.roleIds = roleIds;
    r.etag = newEtag();
    r.lastModifiedDateTime = iso(ctx.now());
    return { status: 200, body: relationshipView(r, ctx.baseUrl) };
}

export function deleteRelationship(ctx: GraphHandlerContext<undefined>): HandlerResult {
    const r = relationshipOf(ctx);
    requireIfMatch(ctx, r.etag);
    if (r.status !== "created") {
        throw ODataErrors.wrongStatus("Deleting the relationship", r.status, ["created"]);
    }
    ctx.store.relationships.delete(r.id);
    return { status: 204 };
}

export function createRelationshipRequest(ctx: GraphHandlerContext<{ action: string }>): HandlerResult {
    const r = relationshipOf(ctx);
    const action = ctx.body.action;
    if (action === "lockForApproval") {
        if (r.status !== "created") throw ODataErrors.wrongStatus("lockForApproval", r.status, ["created"]);
        r.status = "approvalPending";
    } else if (action === "terminate") {
        if (r.status !== "active") throw ODataErrors.wrongStatus("terminate", r.status, ["active"]);
        r.status = "terminationRequested";
    } else {
        throw ODataErrors.invalidRequest(`action '${action}' must be lockForApproval or terminate.`);
    }
    const now = iso(ctx.now());
    r.etag = newEtag();
    r.lastModifiedDateTime = now;
    const request: StoredRequest = {
        id: randomUUID(),
        relationshipId: r.id,
        etag: newEtag(),
        action,
        status: "created",
        createdDateTime: now,
        lastModifiedDateTime: now,
    };
    ctx.store.requests.set(request.id, request);
    return {
        status: 201,
        body: requestView(request, ctx.baseUrl, "created"),
        headers: { Location: `${ctx.baseUrl}${RELATIONSHIPS_PATH}/${r.id}/requests/${request.id}` },
    };
}

/** `GET …/requests`: every action asked of the relationship, oldest first, settled. No `$filter` or paging. */
export function listRelationshipRequests(ctx: GraphHandlerContext<undefined>): HandlerResult {
    const r = relationshipOf(ctx);
    const items = [...ctx.store.requests.values()]
        .filter((q) => q.relationshipId === r.id)
        .map((q) => requestView(settleRequest(q, r, ctx.now()), ctx.baseUrl, "item"));
    return {
        status: 200,
        body: { "@odata.context": `${ctx.baseUrl}/v1.0/tenantRelationships/$metadata#requests`, value: items },
    };
}

/** `GET …/requests/{requestId}`; 404 for a request of another relationship. */
export function getRelationshipRequest(ctx: GraphHandlerContext<undefined>): HandlerResult {
    const r = relationshipOf(ctx);
    const q = ctx.store.requests.get(ctx.params["requestId"] ?? "");
    if (!q || q.relationshipId !== r.id) {
        throw ODataErrors.notFound(`The delegated admin relationship request '${ctx.params["requestId"] ?? ""}'`);
    }
    return { status: 200, body: requestView(settleRequest(q, r, ctx.now()), ctx.baseUrl, "entity") };
}

// ------------------------------------------------------------------------------------------------------------
// access assignments

function checkSubset(r: StoredRelationship, roleIds: readonly string[]): void {
    const extra = roleIds.filter((id) => !r.roleIds.includes(id));
    if (extra.length > 0) {
        throw ODataErrors.invalidRequest(
            `accessDetails.unifiedRoles must be a subset of the relationship's roles; not in relationship ${r.id}: ${extra.join(", ")}.`,
        );
    }
}

export function createAccessAssignment(ctx: GraphHandlerContext<AccessAssignmentCreateRequest>): HandlerResult {
    const r = relationshipOf(ctx);
    if (r.status !== "active") {
        throw ODataErrors.wrongStatus("Creating an access assignment", r.status, ["active"]);
    }
    const container = ctx.body.accessContainer;
    if (container.accessContainerType !== "securityGroup") {
        throw ODataErrors.invalidRequest(`accessContainer.accessContainerType must be 'securityGroup'.`);
    }
    if (!GUID.test(container.accessContainerId)) {
        throw ODataErrors.invalidRequest(
            `accessContainer.accessContainerId '${container.accessContainerId}' is not a group id (a GUID).`,
        );
    }
    const roleIds = checkRoles(
        ctx.body.accessDetails.unifiedRoles.map((x) => x.roleDefinitionId),
        "accessDetails",
    );
    checkSubset(r, roleIds);
    const clash = ctx.store
        .assignmentsOf(r.id)
        .find((a) => a.containerId.toLowerCase() === container.accessContainerId.toLowerCase());
    if (clash) {
        throw ODataErrors.nameAlreadyExists(
            `Security group ${container.accessContainerId} already has access assignment ${clash.id} in relationship ${r.id}.`,
        );
    }
    const now = iso(ctx.now());
    const id = randomUUID();
    const stored: StoredAssignment = {
        id,
        relationshipId: r.id,
        etag: newEtag(),
        containerId: container.accessContainerId,
        containerType: container.accessContainerType,
        roleIds,
        status: "pending",
        createdDateTime: now,
        lastModifiedDateTime: now,
    };
    ctx.store.assignments.set(id, stored);
    return {
        status: 201,
        body: assignmentView(stored, ctx.baseUrl),
        headers: { Location: `${ctx.baseUrl}${RELATIONSHIPS_PATH}/${r.id}/accessAssignments/${id}` },
    };
}

export function getAccessAssignment(ctx: GraphHandlerContext<undefined>): HandlerResult {
    const r = relationshipOf(ctx);
    return { status: 200, body: assignmentView(assignmentOf(ctx, r), ctx.baseUrl) };
}

export function listAccessAssignments(ctx: GraphHandlerContext<undefined>): HandlerResult {
    const r = relationshipOf(ctx);
    const items = ctx.store
        .assignmentsOf(r.id)
        .map((a) => assignmentOf({ ...ctx, params: { ...ctx.params, assignmentId: a.id } }, r));
    return {
        status: 200,
        body: {
            "@odata.context": `${ctx.baseUrl}/v1.0/tenantRelationships/$metadata#delegatedAdminRelationships('${r.id}')/accessAssignments`,
            value: items.map((a) => assignmentView(a, ctx.baseUrl, true)),
        },
    };
}

export function updateAccessAssignment(
    ctx: GraphHandlerContext<{ accessDetails: { unifiedRoles: { roleDefinitionId: string }[] } }>,
): HandlerResult {
    const r = relationshipOf(ctx);
    const a = assignmentOf(ctx, r);
    requireIfMatch(ctx, a.etag);
    if (r.status !== "active") {
        throw ODataErrors.wrongStatus("Updating an access assignment", r.status, ["active"]);
    }
    const roleIds = checkRoles(
        ctx.body.accessDetails.unifiedRoles.map((x) => x.roleDefinitionId),
        "accessDetails",
    );
    checkSubset(r, roleIds);
    if ([...roleIds].sort().join() === [...a.roleIds].sort().join()) {
        return { status: 200, body: assignmentView(a, ctx.baseUrl) };
    }
    // The documented answer: 202 with the long-running operation in Location; the roles show once it succeeds.
    const now = ctx.now();
    const delayMs = ctx.settings.gdapOperationDelayMs;
    const operation: StoredOperation = {
        id: randomUUID(),
        relationshipId: r.id,
        assignmentId: a.id,
        etag: newEtag(),
        roleIds,
        status: "notStarted",
        outcome: ctx.settings.gdapOperationOutcome,
        endsAt: now + delayMs,
        createdDateTime: iso(now),
        lastModifiedDateTime: iso(now),
    };
    ctx.store.operations.set(operation.id, operation);
    return {
        status: 202,
        body: {},
        headers: {
            Location: `${ctx.baseUrl}${RELATIONSHIPS_PATH}/${r.id}/operations/${operation.id}`,
            // Seconds; fractional as Graph's own throttling answers send them (`2.128`).
            "Retry-After": String(Math.round(delayMs) / 1000),
        },
    };
}

export function deleteAccessAssignment(ctx: GraphHandlerContext<undefined>): HandlerResult {
    const r = relationshipOf(ctx);
    const a = assignmentOf(ctx, r);
    requireIfMatch(ctx, a.etag);
    ctx.store.assignments.delete(a.id);
    return { status: 204 };
}

export function getRelationshipOperation(ctx: GraphHandlerContext<undefined>): HandlerResult {
    const r = relationshipOf(ctx);
    const o = ctx.store.operations.get(ctx.params["operationId"] ?? "");
    if (!o || o.relationshipId !== r.id) {
        throw ODataErrors.notFound(`The operation '${ctx.params["operationId"] ?? ""}'`);
    }
    settleOperation(ctx.store, o, ctx.now());
    const body = {
        "@odata.context": `${ctx.baseUrl}/v1.0/tenantRelationships/$metadata#operations/$entity`,
        ...operationView(o, ctx.store.assignments.get(o.assignmentId)),
    };
    const done = o.status === "succeeded" || o.status === "failed";
    // Until it ends, tell the poller when to come back (what the 202's Retry-After said, for what is left).
    const leftMs = Math.max(0, o.endsAt - ctx.now());
    return { status: 200, body, ...(done ? {} : { headers: { "Retry-After": String(Math.ceil(leftMs) / 1000) } }) };
}

export function listRelationshipOperations(ctx: GraphHandlerContext<undefined>): HandlerResult {
    const r = relationshipOf(ctx);
    const items = operationsOf(ctx.store, r.id, ctx.now());
    return {
        status: 200,
        body: {
            "@odata.context": `${ctx.baseUrl}/v1.0/tenantRelationships/$metadata#operations`,
            value: items.map((o) => operationView(o, ctx.store.assignments.get(o.assignmentId))),
        },
    };
}

/** Handler per operation name of `pulumi-partnercenter/graph`. */
export const graphHandlers: Readonly<Record<string, GraphHandler>> = {
    createDelegatedAdminRelationship: createRelationship,
    listDelegatedAdminRelationships: listRelationships,
    getDelegatedAdminRelationship: getRelationship,
    updateDelegatedAdminRelationship: updateRelationship,
    deleteDelegatedAdminRelationship: deleteRelationship,
    createDelegatedAdminRelationshipRequest: createRelationshipRequest,
    listDelegatedAdminRelationshipRequests: listRelationshipRequests,
    getDelegatedAdminRelationshipRequest: getRelationshipRequest,
    createDelegatedAdminAccessAssignment: createAccessAssignment,
    listDelegatedAdminAccessAssignments: listAccessAssignments,
    getDelegatedAdminAccessAssignment: getAccessAssignment,
    updateDelegatedAdminAccessAssignment: updateAccessAssignment,
    deleteDelegatedAdminAccessAssignment: deleteAccessAssignment,
    getDelegatedAdminRelationshipOperation: getRelationshipOperation,
    listDelegatedAdminRelationshipOperations: listRelationshipOperations,
};

// ------------------------------------------------------------------------------------------------------------
// control actions (`POST /_emulator/gdap/relationships/{id}/approve|expire`)

/** The customer's Global Administrator approves: approvalPending → active, dates set. */
export function approveRelationship(store: GraphStore, id: string, nowMs: number): StoredRelationship {
    const r = store.relationships.get(id);
    if (!r) throw ODataErrors.notFound(`The delegated admin relationship '${id}'`);
    if (r.status !== "approvalPending") throw ODataErrors.wrongStatus("Approving", r.status, ["approvalPending"]);
    r.status = "active";
    r.activatedDateTime = iso(nowMs);
    r.endDateTime = iso(nowMs + (durationDays(r.duration) ?? 0) * 86_400_000);
    r.lastModifiedDateTime = iso(nowMs);
    r.etag = newEtag();
    return r;
}

/** Time passes: an active (or approvalPending) relationship expires. */
export function expireRelationship(store: GraphStore, id: string, nowMs: number): StoredRelationship {
    const r = store.relationships.get(id);
    if (!r) throw ODataErrors.notFound(`The delegated admin relationship '${id}'`);
    if (r.status !== "active" && r.status !== "approvalPending") {
        throw ODataErrors.wrongStatus("Expiring", r.status, ["active", "approvalPending"]);
    }
    r.status = "expired";
    r.endDateTime = iso(nowMs);
    r.lastModifiedDateTime = iso(nowMs);
    r.etag = newEtag();
    return r;
}

export { relationshipView };
