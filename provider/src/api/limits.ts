/**
 * Microsoft's throttling limits for the APIs this project calls, per API family, as data: the emulator enforces
 * them (one bucket per partner tenant and family) and the provider paces each family below its own (one pacer per
 * family), so neither has its own idea of which call counts against which limit.
 *
 * | family | operations | limit (per partner tenant) | source |
 * |---|---|---|---|
 * | `customers` | every Partner Center operation but the MCA ones (customers, profiles, relationships, validations, compliance) | 500 requests/min | published for the Customer resource (customer-resources: "a rate limit of 500 requests per minute per tenant identifier"); the others have none published and are counted here |
 * | `mca` | enhanced attestation, customer agreements, agreement templates and documents, direct-signed status | 500 requests/min, a bucket of its own | **assumption**: no limit is published (api-throttling-guidance lists neither) |
 * | `graphWrite` | Microsoft Graph POST, PATCH, PUT, DELETE on `tenantRelationships/…` | 100 per 20 s per app per tenant (300/min) | Graph throttling-limits, "Multi-tenant management" (tenantRelationship; no GDAP-specific limit) |
 * | `graph` | every Microsoft Graph call on `tenantRelationships/…` (writes too) | 1000 per 20 s per app per tenant (3000/min) | the same table, "Any" |
 *
 * A Graph write counts against both Graph limits. The per-tenant-for-all-apps limits of the same table (200 writes,
 * 2000 requests per 20 s) are twice these and matter only to several apps of one partner, which this project is not.
 */

/** An API family: the calls one published (or assumed) limit counts. */
export type ApiFamily = "customers" | "mca" | "graphWrite" | "graph";

export const API_FAMILIES: readonly ApiFamily[] = ["customers", "mca", "graphWrite", "graph"];

/** One family's limit and where it comes from. */
export interface FamilyLimit {
    readonly family: ApiFamily;
    /** Requests per minute per partner tenant. */
    readonly requestsPerMinute: number;
    /** The published page, or the assumption made where none is published. */
    readonly source: string;
    readonly published: boolean;
}

/** The Customer resource's published rate: the only number Partner Center publishes. */
export const CUSTOMER_RESOURCE_REQUESTS_PER_MINUTE = 500;

export const FAMILY_LIMITS: Readonly<Record<ApiFamily, FamilyLimit>> = Object.freeze({
    customers: {
        family: "customers",
        requestsPerMinute: CUSTOMER_RESOURCE_REQUESTS_PER_MINUTE,
        source:
            "customer-resources: the Customer resource has a rate limit of 500 requests per minute per tenant " +
            "identifier (the other Partner Center operations have none published and are counted with it)",
        published: true,
    },
    mca: {
        family: "mca",
        requestsPerMinute: CUSTOMER_RESOURCE_REQUESTS_PER_MINUTE,
        source:
            "assumption: no limit is published for the enhanced attestation or agreements; the Customer resource's " +
            "rate, in a bucket of its own",
        published: false,
    },
    graphWrite: {
        family: "graphWrite",
        requestsPerMinute: 300,
        source: "Graph throttling-limits, Multi-tenant management (tenantRelationship): writes, 100 per 20 s per app per tenant",
        published: true,
    },
    graph: {
        family: "graph",
        requestsPerMinute: 3000,
        source: "Graph throttling-limits, Multi-tenant management (tenantRelationship): any, 1000 per 20 s per app per tenant",
        published: true,
    },
});

/** The Partner Center operations of the MCA family (operation names of `api/agreements.ts`). */
const MCA_OPERATIONS: ReadonlySet<string> = new Set([
    "createEnhancedAttestation",
    "getEnhancedAttestation",
    "createCustomerAgreement",
    "listCustomerAgreements",
    "listAgreementTemplates",
    "getDirectSignedCustomerAgreementStatus",
    "getAgreementDocument",
]);

/** The family a Partner Center operation counts against. */
export function partnerCenterFamily(operation: string): "customers" | "mca" {
    return MCA_OPERATIONS.has(operation) ? "mca" : "customers";
}

const GRAPH_WRITES: ReadonlySet<string> = new Set(["POST", "PATCH", "PUT", "DELETE"]);

/** The families a Microsoft Graph call counts against: every call `graph`, a write `graphWrite` too. */
export function graphFamilies(method: string): ApiFamily[] {
    return GRAPH_WRITES.has(method.toUpperCase()) ? ["graphWrite", "graph"] : ["graph"];
}
