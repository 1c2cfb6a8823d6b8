/**
 * Every Partner Center operation this project calls, defined once as data (after BitGo api-ts `httpRoute`).
 *
 * The client (`client/`) builds requests and decodes responses from these specs; the emulator (`emulator/`)
 * routes requests, validates bodies and shapes responses from the same specs, so the two cannot drift apart.
 */
import {
    AddressValidationRequest,
    AddressValidationResult,
    AgreementSigningStatus,
    BillingProfileUpdateRequest,
    CountryValidationRules,
    Customer,
    CustomerBillingProfile,
    CustomerCollection,
    CustomerCompanyProfile,
    CustomerCreateRequest,
    CustomerRelationshipPatch,
    CustomerRelationshipResult,
    PartnerRelationshipCollection,
} from "./codecs";
import { agreementOperations } from "./agreements";
import { consentOperations } from "./consents";
import { op } from "./spec";

// The spec types live in a leaf module (agreements.ts needs them too); re-exported here, where callers look.
export type { HttpMethod, OperationSpec } from "./spec";
export { expandPath, matchPath } from "./spec";

/** `POST /v1/customers`: create a customer (for an indirect reseller when `associatedPartnerId` is set). */
export const createCustomer = op({
    name: "createCustomer",
    method: "POST",
    path: "/v1/customers",
    request: CustomerCreateRequest,
    response: Customer,
    success: [200, 201],
    retryAmbiguous: false,
});

/** `GET /v1/customers/{customerId}`. */
export const getCustomer = op({
    name: "getCustomer",
    method: "GET",
    path: "/v1/customers/{customerId}",
    request: undefined,
    response: Customer,
    success: [200],
    retryAmbiguous: true,
});

/**
 * `GET /v1/customers?size={n}&filter={json}`; further pages follow `links.next` with the
 * `MS-ContinuationToken` header it names. Filter fields: `CompanyName`, `Domain`, `IndirectReseller`.
 */
export const listCustomers = op({
    name: "listCustomers",
    method: "GET",
    path: "/v1/customers",
    request: undefined,
    response: CustomerCollection,
    success: [200],
    retryAmbiguous: true,
});

/** `GET /v1/customers/{customerId}/profiles/company`. */
export const getCompanyProfile = op({
    name: "getCompanyProfile",
    method: "GET",
    path: "/v1/customers/{customerId}/profiles/company",
    request: undefined,
    response: CustomerCompanyProfile,
    success: [200],
    retryAmbiguous: true,
});

/** `GET /v1/customers/{customerId}/profiles/billing` (carries `attributes.etag`). */
export const getBillingProfile = op({
    name: "getBillingProfile",
    method: "GET",
    path: "/v1/customers/{customerId}/profiles/billing",
    request: undefined,
    response: CustomerBillingProfile,
    success: [200],
    retryAmbiguous: true,
});

/** `PUT /v1/customers/{customerId}/profiles/billing`: the full resource, etag in `attributes.etag` and `If-Match`. */
export const updateBillingProfile = op({
    name: "updateBillingProfile",
    method: "PUT",
    path: "/v1/customers/{customerId}/profiles/billing",
    request: BillingProfileUpdateRequest,
    response: CustomerBillingProfile,
    success: [200],
    // A replayed PUT with the same etag either applies the same body again or fails with 412: safe.
    retryAmbiguous: true,
});

/** `DELETE /v1/customers/{customerId}`: integration sandbox only; 204. */
export const deleteCustomer = op({
    name: "deleteCustomer",
    method: "DELETE",
    path: "/v1/customers/{customerId}",
    request: undefined,
    response: undefined,
    success: [200, 204],
    retryAmbiguous: true,
});

/** `PATCH /v1/customers/{customerId}` with `{relationshipToPartner: "none"}`: remove the reseller relationship. */
export const updateCustomerRelationship = op({
    name: "updateCustomerRelationship",
    method: "PATCH",
    path: "/v1/customers/{customerId}",
    request: CustomerRelationshipPatch,
    response: CustomerRelationshipResult,
    success: [200],
    retryAmbiguous: true,
});

/** `HEAD /v1/domains/{domain}`: 200 means the domain is taken, 404 that it is free. Empty bodies. */
export const checkDomainAvailability = op({
    name: "checkDomainAvailability",
    method: "HEAD",
    path: "/v1/domains/{domain}",
    request: undefined,
    response: undefined,
    success: [200, 404],
    retryAmbiguous: true,
});

/** `GET /v1/relationships?relationship_type=IsIndirectCloudSolutionProviderOf`: the provider's indirect resellers. */
export const listIndirectResellers = op({
    name: "listIndirectResellers",
    method: "GET",
    path: "/v1/relationships",
    request: undefined,
    response: PartnerRelationshipCollection,
    success: [200],
    retryAmbiguous: true,
});

/**
 * `GET /v1/customers/{customerId}/relationships`: the indirect resellers a customer is associated with
 * ("Get indirect resellers of a customer", get-indirect-resellers-of-a-customer.md; App+User only). Reads a
 * customer's reseller when get-by-id does not say (`associatedPartnerId` is in no get-by-id sample).
 */
export const listCustomerIndirectResellers = op({
    name: "listCustomerIndirectResellers",
    method: "GET",
    path: "/v1/customers/{customerId}/relationships",
    request: undefined,
    response: PartnerRelationshipCollection,
    success: [200],
    retryAmbiguous: true,
});

/** `GET /v1/countryvalidationrules/{countryCode}`. */
export const getCountryValidationRules = op({
    name: "getCountryValidationRules",
    method: "GET",
    path: "/v1/countryvalidationrules/{countryCode}",
    request: undefined,
    response: CountryValidationRules,
    success: [200],
    retryAmbiguous: true,
});

/**
 * `POST /v1/validations/address`: the service's address check (status, message, suggested addresses). Read-only:
 * nothing is written, so an ambiguous attempt may be re-sent.
 */
export const validateAddress = op({
    name: "validateAddress",
    method: "POST",
    path: "/v1/validations/address",
    request: AddressValidationRequest,
    response: AddressValidationResult,
    success: [200],
    retryAmbiguous: true,
});

/**
 * `GET /v1/compliance/{programName}/agreementstatus?tenantId={resellerTenantId}` (or `mpnId=`): whether an indirect
 * reseller signed the Microsoft Partner Agreement (verify-indirect-reseller-mpa-status; program `csp`).
 */
export const getResellerAgreementStatus = op({
    name: "getResellerAgreementStatus",
    method: "GET",
    path: "/v1/compliance/{programName}/agreementstatus",
    request: undefined,
    response: AgreementSigningStatus,
    success: [200],
    retryAmbiguous: true,
});

/** All operations, in routing order (more specific paths first where templates overlap). */
export const operations = [
    createCustomer,
    listCustomers,
    getCompanyProfile,
    getBillingProfile,
    updateBillingProfile,
    getCustomer,
    deleteCustomer,
    updateCustomerRelationship,
    checkDomainAvailability,
    listIndirectResellers,
    listCustomerIndirectResellers,
    getCountryValidationRules,
    validateAddress,
    getResellerAgreementStatus,
    ...agreementOperations,
    ...consentOperations,
] as const;

export type AnyOperation = (typeof operations)[number];

/** Value of `relationship_type` that lists a provider's indirect resellers. */
export const INDIRECT_RESELLER_RELATIONSHIP = "IsIndirectCloudSolutionProviderOf";
/** Wire value of `relationshipType` on those relationships. */
export const INDIRECT_RESELLER_RELATIONSHIP_WIRE = "is_indirect_cloud_solution_provider_of";

/** Build the JSON `filter` query value Partner Center uses for customer search. */
export function customerFilter(field: "CompanyName" | "Domain" | "IndirectReseller", value: string): string {
    return JSON.stringify({ Field: field, Value: value, Operator: "starts_with" });
}
