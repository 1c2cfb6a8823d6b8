/**
 * Public contract of the Partner Center client. The implementation lives beside it (`client.ts`,
 * `request.ts`, `retry.ts`, `auth.ts`, `errors.ts`); the provider only depends on what is declared here.
 */
import type { RequestInfo, RequestInit, Response } from "node-fetch";

import type { Pacer, PacerSelector, PacingPolicy } from "./pacing";
import type { ClientCertificateSource } from "./certificate";

// Pacing types live with the pacer (which must not import this module back); re-exported for the public contract.
export type { PacingPolicy } from "./pacing";

import type {
    AddressValidationRequest,
    AddressValidationResult,
    AgreementSigningStatus,
    BillingProfileUpdateRequest,
    CountryValidationRules,
    Customer,
    CustomerBillingProfile,
    CustomerCompanyProfile,
    CustomerCreateRequest,
    CustomerRelationshipResult,
    PartnerRelationship,
} from "../api/codecs";
import type {
    Agreement,
    AgreementCreateRequest,
    AgreementDocument,
    AgreementMetadata,
    AuthFlow,
    DirectSignedCustomerAgreementStatus,
    EnhancedAttestation,
    EnhancedAttestationRequest,
} from "../api/agreements";
import type { ApplicationConsent, ApplicationConsentRequest } from "../api/consents";

/** A `fetch` compatible with node-fetch 2 (injectable for tests). */
export type FetchLike = (url: RequestInfo, init?: RequestInit) => Promise<Response>;

/**
 * How the app registration proves its identity to the token endpoint: its client secret, or a certificate (a
 * client assertion signed with the certificate's private key, `certificate.ts`). Exactly one of the two.
 */
export type ClientAuthentication =
    | { readonly clientSecret: string; readonly clientCertificate?: undefined }
    | { readonly clientCertificate: ClientCertificateSource; readonly clientSecret?: undefined };

/** Where to get a bearer token. */
export type Credentials =
    | {
          /** A static access token (expires: refresh it yourself). */
          readonly kind: "accessToken";
          readonly accessToken: string;
      }
    | ({
          /** Secure Application Model: refresh-token grant for the partner tenant. */
          readonly kind: "refreshToken";
          readonly tenantId: string;
          readonly clientId: string;
          readonly refreshToken: string;
      } & ClientAuthentication)
    | ({
          /**
           * App-only: the client-credentials grant with the same app registration (no user, no refresh token).
           * Required by the enhanced MCA attestation API.
           */
          readonly kind: "clientCredentials";
          readonly tenantId: string;
          readonly clientId: string;
      } & ClientAuthentication);

/** The OAuth flow a credential yields; `undefined` for a static access token (its flow is not known). */
export function authFlowOf(credentials: Credentials): AuthFlow | undefined {
    return credentials.kind === "refreshToken"
        ? "appUser"
        : credentials.kind === "clientCredentials"
          ? "appOnly"
          : undefined;
}

/** Retry policy as data. Every field has a default (see `DEFAULT_RETRY_POLICY`). */
export interface RetryPolicy {
    /** Attempts per logical call, the first included; throttle rejections do not count (see below). */
    readonly maxAttempts: number;
    /**
     * Throttle rejections (429, or 503 with `Retry-After`) tolerated per logical call. They do not use up
     * `maxAttempts`: the service did not process the request and said when to come back, and `deadlineMs` bounds
     * the total wait. Under a burst, one call can meet many of them in a row.
     */
    readonly maxThrottledAttempts: number;
    /** First back-off for 5xx/408/network errors, in ms; doubled per attempt, with full jitter. */
    readonly baseDelayMs: number;
    /** Upper bound of one back-off, in ms. */
    readonly maxDelayMs: number;
    /** Upper bound of one `Retry-After` wait, in ms (a larger value fails the call instead). */
    readonly maxRetryAfterMs: number;
    /** Wait used when a 429 carries no usable `Retry-After`, in ms. */
    readonly defaultRetryAfterMs: number;
    /** Overall deadline of one logical call including all retries and waits, in ms. */
    readonly deadlineMs: number;
    /** Timeout of one HTTP attempt, in ms. */
    readonly attemptTimeoutMs: number;
    /** Statuses never retried. */
    readonly doNotRetry: readonly number[];
    /**
     * How long a refused connection (`ECONNREFUSED`: nothing listens there) is retried before the call fails
     * with a hint (is the emulator running?). A restarting service heals within it; a wrong port does not.
     */
    readonly connectionRefusedGraceMs: number;
}

/** Something the client reports: a retry, a throttling wait, a token refresh. Never contains a secret. */
export interface ClientEvent {
    /** `progress`: a long-running operation the client waits for (Graph `…/operations/{id}`) was polled. */
    readonly kind: "retry" | "throttled" | "tokenRefreshed" | "request" | "response" | "progress";
    readonly operation: string;
    readonly method: string;
    readonly path: string;
    readonly requestId: string;
    readonly correlationId: string;
    readonly attempt: number;
    readonly status?: number;
    readonly waitMs?: number;
    /** For `response`: time from sending the attempt to its outcome, in ms. */
    readonly durationMs?: number;
    readonly message: string;
}

/** What both API clients (Partner Center and Microsoft Graph) take besides endpoints and credentials. */
export interface TransportOptions {
    readonly fetch?: FetchLike;
    /** Injectable clock (ms since epoch) and sleep, so tests run fast. */
    readonly now?: () => number;
    readonly sleep?: (ms: number) => Promise<void>;
    /** Random source in [0,1) for jitter. */
    readonly random?: () => number;
    readonly retry?: Partial<RetryPolicy>;
    readonly pacing?: Partial<PacingPolicy>;
    /**
     * A pacer to share with another client of the same limit (Partner Center's is per partner tenant, not per
     * token: the App-only and App+User clients of one provider host use one), or to watch. Default: a pacer of
     * its own from `pacing`.
     */
    readonly pacer?: Pacer | PacerSelector;
    /** Receives retries, waits and refreshes (the provider forwards them to Pulumi's log). */
    readonly onEvent?: (event: ClientEvent) => void;
}

export interface ClientOptions extends TransportOptions {
    /** API base URL (no trailing slash), e.g. `https://api.partnercenter.microsoft.com` or the emulator's URL. */
    readonly apiBase: string;
    /** OAuth authority for the refresh-token grant, e.g. `https://login.microsoftonline.com` or the emulator's URL. */
    readonly authority?: string;
    /** `resource` for the token request. */
    readonly resource?: string;
    readonly credentials: Credentials;
    /** `X-Locale`, default `en-US`. */
    readonly locale?: string;
    /** `MS-CorrelationId` for calls that do not pass their own; a new GUID per client by default. */
    readonly correlationId?: string;
    /** `MS-PartnerCenter-Application`, default `pulumi-partnercenter`. */
    readonly application?: string;
    /** Most pages one list call follows before failing (a guard against paging loops); default 1000. */
    readonly maxPages?: number;
}

/** Per-call options. */
export interface CallOptions {
    /** `MS-RequestId` for this logical call; generated if absent. Pass the same id to re-issue the same call. */
    readonly requestId?: string;
    /** `MS-CorrelationId`; defaults to the client's correlation id. */
    readonly correlationId?: string;
    /** Abort the call (and its retries). */
    readonly signal?: AbortSignal;
}

/** Filters for listing customers. */
export interface CustomerQuery {
    /** Customers whose default domain starts with this value (Partner Center only supports `starts_with`). */
    readonly domain?: string;
    /** Customers of this indirect reseller (tenant id). */
    readonly indirectReseller?: string;
    /** Customers whose company name starts with this value. */
    readonly companyName?: string;
    /** Page size. */
    readonly size?: number;
}

/** The typed Partner Center client: one method per operation in `api/operations.ts`. */
export interface PartnerCenterClient {
    /** `MS-CorrelationId` used by calls that do not pass their own. */
    readonly correlationId: string;
    createCustomer(body: CustomerCreateRequest, options?: CallOptions): Promise<Customer>;
    getCustomer(customerId: string, options?: CallOptions): Promise<Customer>;
    getCompanyProfile(customerId: string, options?: CallOptions): Promise<CustomerCompanyProfile>;
    /** All pages, following continuation links. */
    listCustomers(query?: CustomerQuery, options?: CallOptions): Promise<Customer[]>;
    getBillingProfile(customerId: string, options?: CallOptions): Promise<CustomerBillingProfile>;
    updateBillingProfile(
        customerId: string,
        profile: BillingProfileUpdateRequest,
        etag: string,
        options?: CallOptions,
    ): Promise<CustomerBillingProfile>;
    deleteCustomer(customerId: string, options?: CallOptions): Promise<void>;
    /** `PATCH relationshipToPartner: none`. The answer may carry no id (the documented sample has `"Id": null`). */
    removeResellerRelationship(customerId: string, options?: CallOptions): Promise<CustomerRelationshipResult>;
    /** True when the domain is already taken (HEAD 200), false when free (404). */
    isDomainTaken(domain: string, options?: CallOptions): Promise<boolean>;
    listIndirectResellers(options?: CallOptions): Promise<PartnerRelationship[]>;
    /** `GET /v1/customers/{customerId}/relationships`: the customer's indirect resellers (App+User). */
    listCustomerIndirectResellers(customerId: string, options?: CallOptions): Promise<PartnerRelationship[]>;
    getCountryValidationRules(countryCode: string, options?: CallOptions): Promise<CountryValidationRules>;
    /** `POST /v1/validations/address`; `undefined` is the older contract's empty 200 ("valid"). */
    validateAddress(address: AddressValidationRequest, options?: CallOptions): Promise<AddressValidationResult>;
    /** Whether the indirect reseller (tenant id) signed the Microsoft Partner Agreement (program `csp`). */
    getResellerAgreementStatus(resellerTenantId: string, options?: CallOptions): Promise<AgreementSigningStatus>;
    /** `POST /v1/attestations/enhanced` (App-only). */
    createEnhancedAttestation(body: EnhancedAttestationRequest, options?: CallOptions): Promise<EnhancedAttestation>;
    /** `GET /v1/attestations/enhanced/{attestationId}` (App-only). */
    getEnhancedAttestation(attestationId: string, options?: CallOptions): Promise<EnhancedAttestation>;
    /** `POST /v1/customers/{customerId}/agreements` with an accepted attestation's id (App-only). */
    createCustomerAgreement(
        customerId: string,
        body: AgreementCreateRequest,
        options?: CallOptions,
    ): Promise<Agreement>;
    /** `GET /v1/customers/{customerId}/agreements?agreementType=...`, all pages (App+User). */
    listCustomerAgreements(customerId: string, agreementType?: string, options?: CallOptions): Promise<Agreement[]>;
    /** `GET /v1/agreements?agreementType=...` (App+User). */
    listAgreementTemplates(agreementType?: string, options?: CallOptions): Promise<AgreementMetadata[]>;
    /** `GET /v1/customers/{customerId}/directSignedMicrosoftCustomerAgreementStatus` (App+User). */
    getDirectSignedCustomerAgreementStatus(
        customerId: string,
        options?: CallOptions,
    ): Promise<DirectSignedCustomerAgreementStatus>;
    /**
     * `GET /v1/agreementtemplates/{templateId}/document`: a link to the template's document (App+User); the service
     * defaults `country` to `US` and `language` to `en-US`.
     */
    getAgreementDocument(
        templateId: string,
        where?: { language?: string; country?: string },
        options?: CallOptions,
    ): Promise<AgreementDocument>;
    /**
     * `POST /v1/customers/{customerId}/applicationconsents` (App+User): consent the application in the customer's
     * tenant. Needs a GDAP role that may consent (see `api/consents.ts`).
     */
    createApplicationConsent(
        customerId: string,
        body: ApplicationConsentRequest,
        options?: CallOptions,
    ): Promise<ApplicationConsent>;
    /** `GET /v1/customers/{customerId}/applicationconsents/{applicationId}` (App+User; not on the published page). */
    getApplicationConsent(
        customerId: string,
        applicationId: string,
        options?: CallOptions,
    ): Promise<ApplicationConsent>;
    /** `GET /v1/customers/{customerId}/applicationconsents`, all pages (App+User; not on the published page). */
    listApplicationConsents(customerId: string, options?: CallOptions): Promise<ApplicationConsent[]>;
    /** `DELETE /v1/customers/{customerId}/applicationconsents/{applicationId}` (App+User). */
    deleteApplicationConsent(customerId: string, applicationId: string, options?: CallOptions): Promise<void>;
}
