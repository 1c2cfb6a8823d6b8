/**
 * Every Partner Center operation this project calls, defined once as data (after BitGo api-ts `httpRoute`).
 *
 * The client (`client/`) builds requests and decodes responses from these specs; the emulator (`emulator/`)
 * routes requests, validates bodies and shapes responses from the same specs, so the two cannot drift apart.
 */
import * as t from "io-ts";

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
import { agreementOperations, type AuthFlow } from "./agreements";

export type HttpMethod = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";

/** One REST operation: method, path template, request body codec and response body codec. */
export interface OperationSpec<
    Req extends t.Mixed | undefined = t.Mixed | undefined,
    Res extends t.Mixed | undefined = t.Mixed | undefined,
> {
    /** Stable name, used in logs, errors and the emulator's request log. */
    readonly name: string;
    readonly method: HttpMethod;
    /** Path template relative to the API base URL; `{param}` segments are URL-encoded values. */
    readonly path: string;
    /** Codec of the JSON request body, if the operation sends one. */
    readonly request: Req;
    /** Codec of the JSON response body on success, if the operation returns one. */
    readonly response: Res;
    /** Statuses that mean success. */
    readonly success: readonly number[];
    /**
     * Whether a request whose outcome is unknown (timeout, reset or 5xx after it was sent) may be re-sent
     * blindly. False for creation: Partner Center's create is not atomic, so the caller reconciles first.
     */
    readonly retryAmbiguous: boolean;
    /**
     * The OAuth flow the service accepts for this operation; absent = App+User. The client refuses to send an
     * operation with a token of the other flow, and the emulator answers such a call with 403.
     */
    readonly auth?: AuthFlow;
}

const op = <Req extends t.Mixed | undefined, Res extends t.Mixed | undefined>(spec: OperationSpec<Req, Res>) => spec;

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
    getCountryValidationRules,
    validateAddress,
    getResellerAgreementStatus,
    ...agreementOperations,
] as const;

export type AnyOperation = (typeof operations)[number];

/** Fill a path template: `expandPath("/v1/customers/{customerId}", {customerId: "x"})`. Values are URL-encoded. */
export function expandPath(template: string, params: Readonly<Record<string, string>> = {}): string {
    return template.replace(/\{(\w+)\}/g, (_whole, name: string) => {
        const value = params[name];
        if (value === undefined) {
            throw new Error(`missing path parameter '${name}' for ${template}`);
        }
        return encodeURIComponent(value);
    });
}

/** Compiled path templates: the emulator matches every request against every operation. */
const compiledTemplates = new Map<string, { pattern: RegExp; names: string[] }>();

function compileTemplate(template: string): { pattern: RegExp; names: string[] } {
    let compiled = compiledTemplates.get(template);
    if (!compiled) {
        const names: string[] = [];
        const source = template
            .replace(/[.*+?^$()|[\]\\]/g, "\\$&")
            .replace(/\\?\{(\w+)\\?\}/g, (_whole, name: string) => {
                names.push(name);
                return "([^/]+)";
            });
        compiled = { pattern: new RegExp(`^${source}/?$`, "i"), names };
        compiledTemplates.set(template, compiled);
    }
    return compiled;
}

/** Match a request path against a template; returns the decoded parameters, or undefined if it does not match. */
export function matchPath(template: string, pathname: string): Record<string, string> | undefined {
    const { pattern, names } = compileTemplate(template);
    const match = pattern.exec(pathname);
    if (!match) {
        return undefined;
    }
    const params: Record<string, string> = {};
    names.forEach((name, i) => {
        params[name] = decodeURIComponent(match[i + 1] ?? "");
    });
    return params;
}

/** Value of `relationship_type` that lists a provider's indirect resellers. */
export const INDIRECT_RESELLER_RELATIONSHIP = "IsIndirectCloudSolutionProviderOf";
/** Wire value of `relationshipType` on those relationships. */
export const INDIRECT_RESELLER_RELATIONSHIP_WIRE = "is_indirect_cloud_solution_provider_of";

/** Build the JSON `filter` query value Partner Center uses for customer search. */
export function customerFilter(field: "CompanyName" | "Domain" | "IndirectReseller", value: string): string {
    return JSON.stringify({ Field: field, Value: value, Operator: "starts_with" });
}
