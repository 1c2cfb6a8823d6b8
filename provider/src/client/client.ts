/**
 * The Partner Center client: one method per operation in `api/operations.ts`, each a logical call made of one
 * or more attempts. A logical call keeps one `MS-RequestId` across all its attempts (the service's idempotency
 * key, `headers.md`) and gets a fresh one only for the next logical call.
 */
import { randomUUID } from "crypto";

import type * as t from "io-ts";

import type { BillingProfileUpdateRequest, Customer, CustomerRelationshipPatch, Link } from "../api/codecs";
import { Clouds, resolveEndpoints } from "../api/clouds";
import { APPLICATION_NAME, Headers, unquoteEtag } from "../api/headers";
import * as ops from "../api/operations";
import * as agreementOps from "../api/agreements";
import * as consentOps from "../api/consents";
import type { OperationSpec } from "../api/operations";
import { createClientCore } from "./call";
import { PartnerCenterError, withoutUndefined } from "./errors";
import { buildUrl, sendAttempt, type TransportContext } from "./request";
import { authFlowOf } from "./types";
import type { CallOptions, ClientOptions, CustomerQuery, PartnerCenterClient } from "./types";

/** Default cap on pages per list call. */
export const DEFAULT_MAX_PAGES = 1000;

/** The decoded body type of an operation. */
export type ResponseOf<S extends OperationSpec> = S["response"] extends t.Mixed ? t.TypeOf<S["response"]> : undefined;

/** What one logical call sends (besides the identity headers the client adds). */
interface CallRequest {
    readonly pathParams?: Readonly<Record<string, string>>;
    readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
    readonly target?: string;
    readonly body?: unknown;
    readonly headers?: Readonly<Record<string, string>>;
}

/** Headers a paging link may not set: the client owns identity, auth and body headers. */
const RESERVED_LINK_HEADERS = new Set(
    [
        Headers.authorization,
        Headers.requestId,
        Headers.correlationId,
        Headers.accept,
        Headers.contentType,
        Headers.locale,
        Headers.application,
        "Host",
        "Content-Length",
        "Cookie",
    ].map((h) => h.toLowerCase()),
);

/**
 * Create a client. Nothing is read from the environment: credentials, endpoints and policies come from `options`.
 *
 * ```ts
 * const client = createPartnerCenterClient({
 *     apiBase: "https://api.partnercenter.microsoft.com",
 *     credentials: { kind: "refreshToken", tenantId, clientId, clientSecret, refreshToken },
 *     pacing: { requestsPerMinute: 450 },
 * });
 * const customer = await client.createCustomer(body);
 * ```
 */
export function createPartnerCenterClient(options: ClientOptions): PartnerCenterClient {
    const correlationId = options.correlationId ?? randomUUID();
    const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
    // A known cloud's API URL without an explicit authority gets that cloud's authority (the first match:
    // Public and US Government share an API URL); any other URL (the emulator) is its own authority.
    const known = Object.values(Clouds).find((c) => c.apiBase === options.apiBase.replace(/\/+$/, ""));
    const endpoints = resolveEndpoints(options.apiBase, options.authority ?? known?.authority);
    const apiBase = endpoints.apiBase;
    const flow = authFlowOf(options.credentials);
    const {
        fetch,
        now,
        secrets,
        call: loop,
    } = createClientCore(options, {
        credentials: options.credentials,
        authority: endpoints.authority,
        resource: options.resource ?? known?.resource ?? endpoints.resource,
        correlationId,
    });

    const transport: TransportContext = {
        apiBase,
        fetch,
        locale: options.locale ?? "en-US",
        application: options.application ?? APPLICATION_NAME,
        now,
        secrets,
    };

    /**
     * One logical call (`call.ts`) with one `MS-RequestId` across its attempts. A 401 invalidates the token and
     * re-sends once with a fresh one; a second 401 is final.
     */
    async function call<S extends OperationSpec>(
        spec: S,
        request: CallRequest,
        callOptions: CallOptions = {},
    ): Promise<{ status: number; body: ResponseOf<S> }> {
        const requestId = callOptions.requestId ?? randomUUID();
        const callCorrelationId = callOptions.correlationId ?? correlationId;
        const signal = callOptions.signal;
        const path = buildUrl(apiBase, { spec, ...request }).pathname;
        const id = { operation: spec.name, method: spec.method, path, requestId, correlationId: callCorrelationId };
        // Per-operation credential choice is data (`spec.auth`): a token of the other flow would only earn a 401/403.
        const needed = spec.auth ?? "appUser";
        if (flow !== undefined && flow !== needed) {
            throw new PartnerCenterError({
                ...id,
                kind: "protocol",
                status: 0,
                description:
                    needed === "appOnly"
                        ? "this operation only accepts App-only (client-credentials) tokens; call it with a client built from App-only credentials"
                        : "this operation only accepts App+User tokens; call it with a client built from refresh-token credentials",
                retryable: false,
                ambiguous: false,
                attempts: 0,
                secrets,
            });
        }
        const result = await loop({
            id,
            retryAmbiguous: spec.retryAmbiguous,
            signal,
            ids: (attempt) => `(attempt ${attempt}, MS-RequestId ${requestId}, MS-CorrelationId ${callCorrelationId})`,
            send: (accessToken, timeoutMs) =>
                sendAttempt(transport, {
                    spec,
                    ...request,
                    accessToken,
                    requestId,
                    correlationId: callCorrelationId,
                    timeoutMs,
                    ...(signal ? { signal } : {}),
                }),
            toError: (e) => e,
            tokenNote: `needed by ${spec.name} ${spec.method} ${path}`,
        });
        return { status: result.status, body: result.body as ResponseOf<S> };
    }

    /**
     * Follow a collection's pages: `links.next` (its `uri` and `headers`, e.g. `MS-ContinuationToken`), or a
     * body `continuationToken` re-sent on the first page's URL with `seekOperation=Next`. Each page is its own
     * logical call (its own `MS-RequestId`).
     */
    async function collect<S extends OperationSpec, Item>(
        spec: S,
        first: CallRequest,
        callOptions: CallOptions,
        itemsOf: (body: ResponseOf<S>) => readonly Item[],
    ): Promise<Item[]> {
        const items: Item[] = [];
        const seen = new Set<string>();
        const firstUrl = buildUrl(apiBase, { spec, ...first });
        let request: CallRequest = first;
        for (let page = 1; ; page++) {
            const pageOptions: CallOptions = page === 1 ? callOptions : { ...callOptions, requestId: undefined };
            const { body } = await call(spec, request, withoutUndefined(pageOptions));
            items.push(...itemsOf(body));
            const next = nextPage(body as CollectionLike, firstUrl);
            if (!next) {
                return items;
            }
            const key = `${next.target ?? ""} ${JSON.stringify(next.headers ?? {})}`;
            const problem = seen.has(key)
                ? "the service returned the same continuation twice (paging loop)"
                : page >= maxPages
                  ? `more than ${maxPages} pages`
                  : next.problem;
            if (problem) {
                throw new PartnerCenterError({
                    kind: "protocol",
                    status: 0,
                    operation: spec.name,
                    method: spec.method,
                    path: firstUrl.pathname,
                    correlationId: callOptions.correlationId ?? correlationId,
                    description: `paging stopped: ${problem}`,
                    retryable: false,
                    ambiguous: false,
                    secrets,
                });
            }
            seen.add(key);
            request = { target: next.target, headers: next.headers };
        }
    }

    /** Where the next page is, relative to the API base, or undefined on the last page. */
    function nextPage(
        body: CollectionLike,
        firstUrl: URL,
    ): { target?: string; headers?: Record<string, string>; problem?: string } | undefined {
        const link = body.links?.next;
        if (link && typeof link.uri === "string" && link.uri !== "") {
            const resolved = resolveLink(link.uri, firstUrl);
            if (typeof resolved !== "string") {
                return { problem: resolved.problem };
            }
            return { target: resolved, headers: linkHeaders(link) };
        }
        if (typeof body.continuationToken === "string" && body.continuationToken !== "") {
            const url = new URL(firstUrl.toString());
            url.searchParams.set("seekOperation", "Next");
            return {
                target: url.pathname.slice(new URL(apiBase).pathname.replace(/\/+$/, "").length) + url.search,
                headers: { [Headers.continuationToken]: body.continuationToken },
            };
        }
        return undefined;
    }

    /**
     * A link's `uri` as a path relative to the API base. Partner Center writes some links without the `/v1`
     * prefix (`/customers/{id}`); an absolute link to another origin is refused (it would receive the token).
     */
    function resolveLink(uri: string, firstUrl: URL): string | { problem: string } {
        const baseUrl = new URL(apiBase);
        const basePath = baseUrl.pathname.replace(/\/+$/, "");
        let url: URL;
        if (/^[a-z][a-z0-9+.-]*:/i.test(uri)) {
            url = new URL(uri);
            if (url.origin !== baseUrl.origin) {
                return { problem: `next link points to another origin (${url.origin})` };
            }
            const path = url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) : url.pathname;
            return addVersion(path, firstUrl) + url.search;
        }
        url = new URL(uri.startsWith("/") ? uri : `/${uri}`, "http://relative.invalid");
        return addVersion(url.pathname, firstUrl) + url.search;
    }

    function addVersion(path: string, firstUrl: URL): string {
        const version = /^\/(v\d+)\//i.exec(
            firstUrl.pathname.slice(new URL(apiBase).pathname.replace(/\/+$/, "").length),
        );
        return version && !/^\/v\d+\//i.test(path) ? `/${version[1]}${path}` : path;
    }

    const client: PartnerCenterClient = {
        correlationId,

        async createCustomer(body, callOptions) {
            const { body: customer } = await call(ops.createCustomer, { body }, callOptions);
            // The one-time admin password must not surface in any later error message or event.
            secrets.add(customer.userCredentials?.password);
            return customer;
        },

        async getCustomer(customerId, callOptions) {
            return (await call(ops.getCustomer, { pathParams: { customerId } }, callOptions)).body;
        },

        async getCompanyProfile(customerId, callOptions) {
            return (await call(ops.getCompanyProfile, { pathParams: { customerId } }, callOptions)).body;
        },

        async listCustomers(query = {}, callOptions = {}) {
            const { filter, local } = customerFilterOf(query);
            const customers = await collect(
                ops.listCustomers,
                { query: { size: query.size, filter } },
                callOptions,
                (page) => page.items,
            );
            return customers.filter(local);
        },

        async getBillingProfile(customerId, callOptions) {
            return (await call(ops.getBillingProfile, { pathParams: { customerId } }, callOptions)).body;
        },

        async updateBillingProfile(customerId, profile, etag, callOptions) {
            const bare = unquoteEtag(etag);
            // The docs require If-Match with a quoted etag; their own example (and the .NET SDK) send it in
            // `attributes.etag` instead. Send both so either check passes.
            const body: BillingProfileUpdateRequest = {
                ...profile,
                attributes: { objectType: "CustomerBillingProfile", ...(profile.attributes ?? {}), etag: bare },
            };
            const request = { pathParams: { customerId }, body, headers: { [Headers.ifMatch]: `"${bare}"` } };
            return (await call(ops.updateBillingProfile, request, callOptions)).body;
        },

        async deleteCustomer(customerId, callOptions) {
            await call(ops.deleteCustomer, { pathParams: { customerId } }, callOptions);
        },

        async removeResellerRelationship(customerId, callOptions) {
            const body: CustomerRelationshipPatch = {
                relationshipToPartner: "none",
                attributes: { objectType: "Customer" },
            };
            return (await call(ops.updateCustomerRelationship, { pathParams: { customerId }, body }, callOptions)).body;
        },

        async isDomainTaken(domain, callOptions) {
            const { status } = await call(ops.checkDomainAvailability, { pathParams: { domain } }, callOptions);
            // `verify-domain-availability.md`: 200 = exists (taken), 404 = not found (available).
            return status === 200;
        },

        async listIndirectResellers(callOptions = {}) {
            return collect(
                ops.listIndirectResellers,
                { query: { relationship_type: ops.INDIRECT_RESELLER_RELATIONSHIP } },
                callOptions,
                (page) => page.items,
            );
        },

        async listCustomerIndirectResellers(customerId, callOptions = {}) {
            return collect(
                ops.listCustomerIndirectResellers,
                { pathParams: { customerId } },
                callOptions,
                (page) => page.items,
            );
        },

        async getCountryValidationRules(countryCode, callOptions) {
            return (await call(ops.getCountryValidationRules, { pathParams: { countryCode } }, callOptions)).body;
        },

        async validateAddress(address, callOptions) {
            return (await call(ops.validateAddress, { body: address }, callOptions)).body;
        },

        async getResellerAgreementStatus(resellerTenantId, callOptions) {
            const request = { pathParams: { programName: "csp" }, query: { tenantId: resellerTenantId } };
            return (await call(ops.getResellerAgreementStatus, request, callOptions)).body;
        },

        async createEnhancedAttestation(body, callOptions) {
            return (await call(agreementOps.createEnhancedAttestation, { body }, callOptions)).body;
        },

        async getEnhancedAttestation(attestationId, callOptions) {
            return (await call(agreementOps.getEnhancedAttestation, { pathParams: { attestationId } }, callOptions))
                .body;
        },

        async createCustomerAgreement(customerId, body, callOptions) {
            return (await call(agreementOps.createCustomerAgreement, { pathParams: { customerId }, body }, callOptions))
                .body;
        },

        async listCustomerAgreements(
            customerId: string,
            agreementType = agreementOps.MICROSOFT_CUSTOMER_AGREEMENT,
            callOptions = {},
        ) {
            return collect(
                agreementOps.listCustomerAgreements,
                { pathParams: { customerId }, query: { agreementType } },
                callOptions,
                (page) => page.items,
            );
        },

        async listAgreementTemplates(agreementType = agreementOps.MICROSOFT_CUSTOMER_AGREEMENT, callOptions = {}) {
            return collect(
                agreementOps.listAgreementTemplates,
                { query: { agreementType } },
                callOptions,
                (page) => page.items,
            );
        },

        async getDirectSignedCustomerAgreementStatus(customerId, callOptions) {
            return (
                await call(
                    agreementOps.getDirectSignedCustomerAgreementStatus,
                    { pathParams: { customerId } },
                    callOptions,
                )
            ).body;
        },

        async getAgreementDocument(templateId, where = {}, callOptions) {
            const query = { language: where.language, country: where.country };
            return (await call(agreementOps.getAgreementDocument, { pathParams: { templateId }, query }, callOptions))
                .body;
        },

        async createApplicationConsent(customerId, body, callOptions) {
            const request = { pathParams: { customerId }, body };
            return (await call(consentOps.createApplicationConsent, request, callOptions)).body;
        },

        async getApplicationConsent(customerId, applicationId, callOptions) {
            const request = { pathParams: { customerId, applicationId } };
            return (await call(consentOps.getApplicationConsent, request, callOptions)).body;
        },

        async listApplicationConsents(customerId, callOptions = {}) {
            return collect(
                consentOps.listApplicationConsents,
                { pathParams: { customerId } },
                callOptions,
                (page) => page.items,
            );
        },

        async deleteApplicationConsent(customerId, applicationId, callOptions) {
            await call(consentOps.deleteApplicationConsent, { pathParams: { customerId, applicationId } }, callOptions);
        },
    };
    return client;
}

interface CollectionLike {
    readonly links?: { readonly next?: Link | null } | null;
    readonly continuationToken?: string | null;
}

/**
 * Partner Center filters customers on one field at a time (`starts_with` only). The most selective field that
 * cannot be checked locally goes to the server: `IndirectReseller` (list items do not carry the reseller), then
 * `Domain`, then `CompanyName`; the remaining fields are applied here, case-insensitively, with the same
 * `starts_with` meaning.
 */
export function customerFilterOf(query: CustomerQuery): {
    filter: string | undefined;
    local: (c: Customer) => boolean;
} {
    const candidates: Array<["IndirectReseller" | "Domain" | "CompanyName", string | undefined]> = [
        ["IndirectReseller", query.indirectReseller],
        ["Domain", query.domain],
        ["CompanyName", query.companyName],
    ];
    const present = candidates.filter((c): c is ["IndirectReseller" | "Domain" | "CompanyName", string] => !!c[1]);
    const [server, ...rest] = present;
    const startsWith = (value: string | null | undefined, prefix: string) =>
        (value ?? "").toLowerCase().startsWith(prefix.toLowerCase());
    const local = (c: Customer) =>
        rest.every(([field, value]) =>
            field === "Domain"
                ? startsWith(c.companyProfile?.domain, value)
                : field === "CompanyName"
                  ? startsWith(c.companyProfile?.companyName, value)
                  : true,
        );
    return { filter: server ? ops.customerFilter(server[0], server[1]) : undefined, local };
}

function linkHeaders(link: Link): Record<string, string> {
    const headers: Record<string, string> = {};
    for (const header of link.headers ?? []) {
        if (typeof header.value === "string" && !RESERVED_LINK_HEADERS.has(header.key.toLowerCase())) {
            headers[header.key] = header.value;
        }
    }
    return headers;
}
