/**
 * The Microsoft Graph GDAP contract (`tenantRelationships/delegatedAdminRelationships`), defined once as data and
 * shared by the Graph client (`graph/client.ts`) and the emulator (`emulator/graph/`), like `api/operations.ts` is
 * for Partner Center.
 *
 * Sources (Microsoft Graph v1.0 reference):
 * - https://learn.microsoft.com/graph/api/resources/delegatedadminrelationship
 * - https://learn.microsoft.com/graph/api/tenantrelationship-post-delegatedadminrelationships
 * - https://learn.microsoft.com/graph/api/delegatedadminrelationship-update (If-Match; only in `created`)
 * - https://learn.microsoft.com/graph/api/delegatedadminrelationship-post-requests (`lockForApproval`, `terminate`)
 * - https://learn.microsoft.com/graph/api/delegatedadminrelationship-list-requests
 * - https://learn.microsoft.com/graph/api/delegatedadminrelationshiprequest-get
 * - https://learn.microsoft.com/graph/api/resources/delegatedadminaccessassignment
 * - https://learn.microsoft.com/graph/api/delegatedadminrelationship-post-accessassignments
 * - https://learn.microsoft.com/graph/api/delegatedadminaccessassignment-update (202 Accepted + Location)
 * - https://learn.microsoft.com/graph/api/delegatedadminaccessassignment-delete (If-Match, 204)
 * - https://learn.microsoft.com/graph/api/resources/delegatedadminrelationshipoperation (long-running operations)
 * - https://learn.microsoft.com/graph/api/delegatedadminrelationshipoperation-get
 * - https://learn.microsoft.com/graph/api/delegatedadminrelationship-list-operations
 * - https://learn.microsoft.com/graph/errors (OData error body)
 * - https://learn.microsoft.com/graph/throttling (the 429 sample: `TooManyRequests`, `Retry-After: 2.128`)
 *
 * Response codecs are tolerant (unknown keys pass, optional fields accept null): Graph adds properties over time
 * and sends `""` for unset timestamps (`"activatedDateTime": ""` in the create sample).
 */
import * as t from "io-ts";

import { nullable, withOptional } from "../api/codecs";
import type { OperationSpec } from "../api/operations";

/** Every `delegatedAdminRelationshipStatus` value the v1.0 reference lists (plus the evolvable-enum sentinel). */
export const RELATIONSHIP_STATUSES = [
    "created",
    "approvalPending",
    "approved",
    "activating",
    "active",
    "expiring",
    "expired",
    "terminationRequested",
    "terminating",
    "terminated",
    "unknownFutureValue",
] as const;
export type RelationshipStatus = (typeof RELATIONSHIP_STATUSES)[number];

/** `delegatedAdminAccessAssignmentStatus`. */
export const ASSIGNMENT_STATUSES = ["pending", "active", "deleting", "deleted", "error", "unknownFutureValue"] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

/** `autoExtendDuration` values the service accepts. */
export const AUTO_EXTEND_DURATIONS = ["P0D", "PT0S", "P180D"] as const;

export const UnifiedRole = t.type({ roleDefinitionId: t.string }, "UnifiedRole");
export const AccessDetails = t.type({ unifiedRoles: t.array(UnifiedRole) }, "AccessDetails");
export type AccessDetails = t.TypeOf<typeof AccessDetails>;

export const CustomerParticipant = t.partial(
    { tenantId: nullable(t.string), displayName: nullable(t.string) },
    "DelegatedAdminRelationshipCustomerParticipant",
);

/** `delegatedAdminRelationship` as returned. */
export const DelegatedAdminRelationship = withOptional(
    { id: t.string, status: t.string },
    {
        "@odata.etag": nullable(t.string),
        displayName: nullable(t.string),
        duration: nullable(t.string),
        autoExtendDuration: nullable(t.string),
        customer: nullable(CustomerParticipant),
        accessDetails: nullable(AccessDetails),
        createdDateTime: nullable(t.string),
        lastModifiedDateTime: nullable(t.string),
        activatedDateTime: nullable(t.string),
        endDateTime: nullable(t.string),
    },
    "DelegatedAdminRelationship",
);
export type DelegatedAdminRelationship = t.TypeOf<typeof DelegatedAdminRelationship>;

export const DelegatedAdminRelationshipCollection = withOptional(
    { value: t.array(DelegatedAdminRelationship) },
    { "@odata.nextLink": nullable(t.string) },
    "DelegatedAdminRelationshipCollection",
);

/** Body of the create call. */
export const RelationshipCreateRequest = withOptional(
    { displayName: t.string, duration: t.string, accessDetails: AccessDetails },
    { customer: CustomerParticipant, autoExtendDuration: t.string },
    "RelationshipCreateRequest",
);
export type RelationshipCreateRequest = t.TypeOf<typeof RelationshipCreateRequest>;

/** Body of the update call (any subset; the service decides what the current status allows). */
export const RelationshipUpdateRequest = t.partial(
    {
        displayName: t.string,
        duration: t.string,
        autoExtendDuration: t.string,
        customer: CustomerParticipant,
        accessDetails: AccessDetails,
    },
    "RelationshipUpdateRequest",
);
export type RelationshipUpdateRequest = t.TypeOf<typeof RelationshipUpdateRequest>;

/**
 * `delegatedAdminRelationshipRequest`: one `lockForApproval` or `terminate` asked of a relationship. Its `status`
 * (`created`, then `running`/`succeeded`/`failed` in the list and get samples) says whether the action took
 * effect; the create answer carries no `@odata.etag`, the get and list answers do.
 */
export const RelationshipRequestBody = t.type({ action: t.string }, "RelationshipRequestBody");
export const DelegatedAdminRelationshipRequest = withOptional(
    { id: t.string, action: t.string, status: t.string },
    {
        "@odata.etag": nullable(t.string),
        createdDateTime: nullable(t.string),
        lastModifiedDateTime: nullable(t.string),
    },
    "DelegatedAdminRelationshipRequest",
);
export type DelegatedAdminRelationshipRequest = t.TypeOf<typeof DelegatedAdminRelationshipRequest>;

export const AccessContainer = t.type(
    { accessContainerId: t.string, accessContainerType: t.string },
    "DelegatedAdminAccessContainer",
);

/** `delegatedAdminAccessAssignment`. */
export const DelegatedAdminAccessAssignment = withOptional(
    { id: t.string, status: t.string },
    {
        "@odata.etag": nullable(t.string),
        accessContainer: nullable(AccessContainer),
        accessDetails: nullable(AccessDetails),
        createdDateTime: nullable(t.string),
        lastModifiedDateTime: nullable(t.string),
    },
    "DelegatedAdminAccessAssignment",
);
export type DelegatedAdminAccessAssignment = t.TypeOf<typeof DelegatedAdminAccessAssignment>;

export const AccessAssignmentCreateRequest = t.type(
    { accessContainer: AccessContainer, accessDetails: AccessDetails },
    "AccessAssignmentCreateRequest",
);
export type AccessAssignmentCreateRequest = t.TypeOf<typeof AccessAssignmentCreateRequest>;
export const AccessAssignmentUpdateRequest = t.type({ accessDetails: AccessDetails }, "AccessAssignmentUpdateRequest");

/** `delegatedAdminRelationshipOperation` status values (`longRunningOperationStatus`). */
export const OPERATION_STATUSES = ["notStarted", "running", "succeeded", "failed", "unknownFutureValue"] as const;
export type OperationStatus = (typeof OPERATION_STATUSES)[number];

/**
 * `delegatedAdminRelationshipOperation`: a long-running operation of a relationship, such as the update of an
 * access assignment (`operationType` `delegatedAdminAccessAssignmentUpdate`). `data` is the payload as a JSON
 * string (in the samples: the access assignment as it will be once applied).
 */
export const DelegatedAdminRelationshipOperation = withOptional(
    { id: t.string, status: t.string },
    {
        "@odata.etag": nullable(t.string),
        operationType: nullable(t.string),
        data: nullable(t.string),
        createdDateTime: nullable(t.string),
        lastModifiedDateTime: nullable(t.string),
    },
    "DelegatedAdminRelationshipOperation",
);
export type DelegatedAdminRelationshipOperation = t.TypeOf<typeof DelegatedAdminRelationshipOperation>;

/**
 * The OData error body every Graph failure carries (`graph/errors`). The throttling page's 429 sample adds `code`,
 * `message` and `status` (strings: `"429"`) inside `innerError`.
 */
export const ODataError = t.type(
    {
        error: withOptional(
            { code: t.string, message: t.string },
            {
                innerError: nullable(
                    t.partial({
                        code: nullable(t.string),
                        message: nullable(t.string),
                        status: nullable(t.string),
                        date: nullable(t.string),
                        "request-id": nullable(t.string),
                        "client-request-id": nullable(t.string),
                    }),
                ),
            },
        ),
    },
    "ODataError",
);
export type ODataError = t.TypeOf<typeof ODataError>;

const op = <Req extends t.Mixed | undefined, Res extends t.Mixed | undefined>(spec: OperationSpec<Req, Res>) => spec;

const RELATIONSHIPS = "/v1.0/tenantRelationships/delegatedAdminRelationships";

export const createRelationship = op({
    name: "createDelegatedAdminRelationship",
    method: "POST",
    path: RELATIONSHIPS,
    request: RelationshipCreateRequest,
    response: DelegatedAdminRelationship,
    success: [201],
    // Graph documents no idempotency key: an ambiguous create is reconciled by displayName (unique per partner).
    retryAmbiguous: false,
});

export const listRelationships = op({
    name: "listDelegatedAdminRelationships",
    method: "GET",
    path: RELATIONSHIPS,
    request: undefined,
    response: DelegatedAdminRelationshipCollection,
    success: [200],
    retryAmbiguous: true,
});

export const getRelationship = op({
    name: "getDelegatedAdminRelationship",
    method: "GET",
    path: `${RELATIONSHIPS}/{relationshipId}`,
    request: undefined,
    response: DelegatedAdminRelationship,
    success: [200],
    retryAmbiguous: true,
});

export const updateRelationship = op({
    name: "updateDelegatedAdminRelationship",
    method: "PATCH",
    path: `${RELATIONSHIPS}/{relationshipId}`,
    request: RelationshipUpdateRequest,
    response: DelegatedAdminRelationship,
    success: [200],
    // Guarded by If-Match: a replay either applies the same values or fails with 412.
    retryAmbiguous: true,
});

export const deleteRelationship = op({
    name: "deleteDelegatedAdminRelationship",
    method: "DELETE",
    path: `${RELATIONSHIPS}/{relationshipId}`,
    request: undefined,
    response: undefined,
    success: [204],
    retryAmbiguous: true,
});

export const createRelationshipRequest = op({
    name: "createDelegatedAdminRelationshipRequest",
    method: "POST",
    path: `${RELATIONSHIPS}/{relationshipId}/requests`,
    request: RelationshipRequestBody,
    response: DelegatedAdminRelationshipRequest,
    success: [201],
    // A repeated lockForApproval/terminate fails on the status it already moved to; callers re-read the status.
    retryAmbiguous: false,
});

export const listRelationshipRequests = op({
    name: "listDelegatedAdminRelationshipRequests",
    method: "GET",
    path: `${RELATIONSHIPS}/{relationshipId}/requests`,
    request: undefined,
    response: withOptional(
        { value: t.array(DelegatedAdminRelationshipRequest) },
        { "@odata.nextLink": nullable(t.string) },
        "DelegatedAdminRelationshipRequestCollection",
    ),
    success: [200],
    retryAmbiguous: true,
});

export const getRelationshipRequest = op({
    name: "getDelegatedAdminRelationshipRequest",
    method: "GET",
    path: `${RELATIONSHIPS}/{relationshipId}/requests/{requestId}`,
    request: undefined,
    response: DelegatedAdminRelationshipRequest,
    success: [200],
    retryAmbiguous: true,
});

export const createAccessAssignment = op({
    name: "createDelegatedAdminAccessAssignment",
    method: "POST",
    path: `${RELATIONSHIPS}/{relationshipId}/accessAssignments`,
    request: AccessAssignmentCreateRequest,
    response: DelegatedAdminAccessAssignment,
    success: [201],
    // Reconciled by access container (one assignment per security group and relationship).
    retryAmbiguous: false,
});

export const listAccessAssignments = op({
    name: "listDelegatedAdminAccessAssignments",
    method: "GET",
    path: `${RELATIONSHIPS}/{relationshipId}/accessAssignments`,
    request: undefined,
    response: t.type({ value: t.array(DelegatedAdminAccessAssignment) }),
    success: [200],
    retryAmbiguous: true,
});

export const getAccessAssignment = op({
    name: "getDelegatedAdminAccessAssignment",
    method: "GET",
    path: `${RELATIONSHIPS}/{relationshipId}/accessAssignments/{assignmentId}`,
    request: undefined,
    response: DelegatedAdminAccessAssignment,
    success: [200],
    retryAmbiguous: true,
});

export const updateAccessAssignment = op({
    name: "updateDelegatedAdminAccessAssignment",
    method: "PATCH",
    path: `${RELATIONSHIPS}/{relationshipId}/accessAssignments/{assignmentId}`,
    request: AccessAssignmentUpdateRequest,
    // 202 Accepted (a long-running operation in `Location`) or 200 with the unchanged object.
    response: undefined,
    success: [200, 202],
    retryAmbiguous: true,
});

export const deleteAccessAssignment = op({
    name: "deleteDelegatedAdminAccessAssignment",
    method: "DELETE",
    path: `${RELATIONSHIPS}/{relationshipId}/accessAssignments/{assignmentId}`,
    request: undefined,
    response: undefined,
    success: [204],
    retryAmbiguous: true,
});

export const getRelationshipOperation = op({
    name: "getDelegatedAdminRelationshipOperation",
    method: "GET",
    path: `${RELATIONSHIPS}/{relationshipId}/operations/{operationId}`,
    request: undefined,
    response: DelegatedAdminRelationshipOperation,
    success: [200],
    retryAmbiguous: true,
});

export const listRelationshipOperations = op({
    name: "listDelegatedAdminRelationshipOperations",
    method: "GET",
    path: `${RELATIONSHIPS}/{relationshipId}/operations`,
    request: undefined,
    response: withOptional(
        { value: t.array(DelegatedAdminRelationshipOperation) },
        { "@odata.nextLink": nullable(t.string) },
        "DelegatedAdminRelationshipOperationCollection",
    ),
    success: [200],
    retryAmbiguous: true,
});

/** Every Graph operation, in routing order (longer paths first). */
export const graphOperations = [
    getRelationshipOperation,
    listRelationshipOperations,
    getAccessAssignment,
    updateAccessAssignment,
    deleteAccessAssignment,
    createAccessAssignment,
    listAccessAssignments,
    getRelationshipRequest,
    createRelationshipRequest,
    listRelationshipRequests,
    getRelationship,
    updateRelationship,
    deleteRelationship,
    createRelationship,
    listRelationships,
] as const;

export type AnyGraphOperation = (typeof graphOperations)[number];

/**
 * Length in days of an ISO 8601 duration made of years, months, weeks and days (`P730D`, `P2Y`, `P1Y6M`, `P90D`),
 * counting a year as 365 days and a month as 30 (so `P2Y` = `P730D`, the documented maximum). `PT0S` and other
 * time-only forms are 0. Undefined when the text is not such a duration.
 */
export function durationDays(text: string): number | undefined {
    const match = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(
        text.trim(),
    );
    if (!match || text.trim() === "P" || text.trim().endsWith("T")) {
        return undefined;
    }
    const [, y, m, w, d, h, min, sec] = match.map((v) => (v === undefined ? 0 : Number(v)));
    return (
        (y ?? 0) * 365 +
        (m ?? 0) * 30 +
        (w ?? 0) * 7 +
        (d ?? 0) +
        ((h ?? 0) * 3600 + (min ?? 0) * 60 + (sec ?? 0)) / 86400
    );
}

/** `duration` must lie between `P1D` and `P2Y` inclusive. */
export const MIN_DURATION_DAYS = 1;
export const MAX_DURATION_DAYS = 730;

/** The Graph resource (audience) tokens are requested for. */
export const GRAPH_RESOURCE = "https://graph.microsoft.com";

/** Where the customer approves a relationship (Microsoft 365 admin center, signed in as a Global Administrator). */
export function invitationUrl(relationshipId: string): string {
    return `https://admin.microsoft.com/AdminPortal/Home#/partners/invitation/granularAdminRelationships/${relationshipId}`;
}
