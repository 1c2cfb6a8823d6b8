/**
 * The Partner Center client: one method per operation in `api/operations.ts`, each a logical call made of one
 * or more attempts. A logical call keeps one `MS-RequestId` across all its attempts (the service's idempotency
 * key, `headers.md`) and gets a fresh one only for the next logical call.
 */
import { randomUUID } from "crypto";

import nodeFetch from "node-fetch";
import type * as t from "io-ts";

import type {
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
    Link,
    PartnerRelationship,
    PartnerRelationshipCollection,
} from "../api/codecs";
import type {
    Agreement,
    AgreementCollection,
    AgreementCreateRequest,
    AgreementMetadata,
    AgreementMetadataCollection,
    EnhancedAttestation,
    EnhancedAttestationRequest,
} from "../api/agreements";
import { Clouds, resolveEndpoints } from "../api/clouds";
import { APPLICATION_NAME, Headers, unquoteEtag } from "../api/headers";
import * as ops from "../api/operations";
import * as agreementOps from "../api/agreements";
import type { OperationSpec } from "../api/operations";
import { clientCredentialsTokenProvider, refreshTokenProvider, staticTokenProvider } from "./auth";
import type { OAuthTokenProviderOptions, TokenProvider } from "./auth";
import { PartnerCenterError, isPartnerCenterError, withoutUndefined } from "./errors";
import { rateHeadersSignal } from "./adaptive-rate";
import { createPacer } from "./pacing";
import type { Pacer, PacingWaitReason } from "./pacing";
import { SecretSet } from "./redact";
import { buildUrl, sendAttempt } from "./request";
import type { AttemptInput, TransportContext } from "./request";
import { decideRetry, resolveRetryPolicy } from "./retry";
import { authFlowOf } from "./types";
import type {
    CallOptions,
    ClientEvent,
    ClientOptions,
    CustomerQuery,
    FetchLike,
    PartnerCenterClient,
    RetryPolicy,
} from "./types";

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
    const fetch: FetchLike = options.fetch ?? (nodeFetch as unknown as FetchLike);
    const now = options.now ?? Date.now;
    const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    const random = options.random ?? Math.random;
    const policy = resolveRetryPolicy(options.retry);
    const correlationId = options.correlationId ?? randomUUID();
    const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
    const secrets = new SecretSet();
    // A known cloud's API URL without an explicit authority gets that cloud's authority (the first match:
    // Public and US Government share an API URL); any other URL (the emulator) is its own authority.
    const known = Object.values(Clouds).find((c) => c.apiBase === options.apiBase.replace(/\/+$/, ""));
    const endpoints = resolveEndpoints(options.apiBase, options.authority ?? known?.authority);
    const apiBase = endpoints.apiBase;
    const pacer: Pacer = options.pacer ?? createPacer(options.pacing ?? {}, { now, sleep });

    const emit = (event: ClientEvent) => {
        if (!options.onEvent) {
            return;
        }
        try {
            options.onEvent({ ...event, message: secrets.redact(event.message) });
        } catch {
            // A failing listener must not fail the call it is observing.
        }
    };

    const flow = authFlowOf(options.credentials);
    const tokens = makeTokenProvider(options, {
        fetch,
        now,
        sleep,
        random,
        policy,
        secrets,
        correlationId,
        authority: endpoints.authority,
        resource: options.resource ?? known?.resource ?? endpoints.resource,
        emit,
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
     * One logical call: pace, authenticate, send, and retry per the policy with the same `MS-RequestId`.
     * A 401 invalidates the token and re-sends once with a fresh one; a second 401 is final.
     */
    async function call<S extends OperationSpec>(
        spec: S,
        request: CallRequest,
        callOptions: CallOptions = {},
    ): Promise<{ status: number; body: ResponseOf<S> }> {
        const requestId = callOptions.requestId ?? randomUUID();
        const callCorrelationId = callOptions.correlationId ?? correlationId;
        const signal = callOptions.signal;
        const started = now();
        const path = buildUrl(apiBase, { spec, ...request }).pathname;
        const base = { operation: spec.name, method: spec.method, path, requestId, correlationId: callCorrelationId };
        // Per-operation credential choice is data (`spec.auth`): a token of the other flow would only earn a 401/403.
        const needed = spec.auth ?? "appUser";
        if (flow !== undefined && flow !== needed) {
            throw new PartnerCenterError({
                ...base,
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
        let refreshedAfter401 = false;
        let wasAmbiguous = false;
        let throttled = 0;

        /** `(attempt n, MS-RequestId …, MS-CorrelationId …)`: what support needs to find a call. */
        const ids = (attempt: number) =>
            `(attempt ${attempt}, MS-RequestId ${requestId}, MS-CorrelationId ${callCorrelationId})`;
        for (let attempt = 1; ; attempt++) {
            let sentAt: number | undefined;
            const onWait = (waitMs: number, reason: PacingWaitReason) =>
                emit({
                    ...base,
                    kind: "throttled",
                    attempt,
                    waitMs,
                    message: pacingMessage(reason, waitMs),
                });
            let release: (() => void) | undefined;
            let token: string | undefined;
            let error: PartnerCenterError;
            try {
                release = await pacer.acquire(onWait, signal);
                token = await tokens.getToken();
                const remainingMs = policy.deadlineMs - (now() - started);
                if (remainingMs <= 0) {
                    // Waiting for pacing or a token used up the deadline: fail without sending rather than send
                    // with no time left, which would turn into an ambiguous timeout (and a reconcile for creates).
                    throw new PartnerCenterError({
                        ...base,
                        kind: "timeout",
                        status: 0,
                        description: `the ${policy.deadlineMs} ms deadline passed before the request could be sent`,
                        retryable: false,
                        ambiguous: false,
                        attempts: attempt - 1,
                        secrets,
                    });
                }
                emit({ ...base, kind: "request", attempt, message: `${spec.method} ${path} ${ids(attempt)}` });
                sentAt = now();
                const input: AttemptInput = {
                    spec,
                    ...request,
                    accessToken: token,
                    requestId,
                    correlationId: callCorrelationId,
                    timeoutMs: Math.min(policy.attemptTimeoutMs, remainingMs),
                    ...(signal ? { signal } : {}),
                };
                const result = await sendAttempt(transport, input);
                // Through the service's rate limit: the adaptive rate may grow (unless rate headers say stop).
                pacer.record(
                    rateHeadersSignal((name) => result.headers.get(name), now()) ?? { kind: "accepted", at: now() },
                );
                emit({
                    ...base,
                    kind: "response",
                    attempt,
                    status: result.status,
                    durationMs: now() - sentAt,
                    message: `${spec.method} ${path}: ${result.status} in ${now() - sentAt} ms ${ids(attempt)}`,
                });
                return { status: result.status, body: result.body as ResponseOf<S> };
            } catch (e) {
                if (!isPartnerCenterError(e)) {
                    // The pacer rejects with the signal's reason when the caller aborts while waiting.
                    if (signal?.aborted) {
                        throw new PartnerCenterError({
                            ...base,
                            kind: "aborted",
                            status: 0,
                            description: "aborted by the caller",
                            retryable: false,
                            ambiguous: wasAmbiguous,
                            attempts: attempt - 1,
                            cause: e,
                            secrets,
                        });
                    }
                    throw e;
                }
                error = e;
                if (sentAt !== undefined) {
                    emit({
                        ...base,
                        kind: "response",
                        attempt,
                        status: e.status,
                        durationMs: now() - sentAt,
                        message:
                            `${spec.method} ${path}: ${e.status || e.kind}${e.code ? ` ${e.code}` : ""} in ` +
                            `${now() - sentAt} ms ${ids(attempt)}`,
                    });
                }
            } finally {
                release?.();
            }

            if (error.operation === "acquireToken") {
                // Already retried by the token provider; say which call needed the token.
                throw error.with({ note: appendNote(error.note, `needed by ${spec.name} ${spec.method} ${path}`) });
            }
            if (error.status === 401 && error.kind === "http" && tokens.canRefresh && !refreshedAfter401 && token) {
                refreshedAfter401 = true;
                tokens.invalidate(token);
                emit({
                    ...base,
                    kind: "retry",
                    attempt,
                    status: 401,
                    waitMs: 0,
                    message: "401: refreshing the access token and re-sending once",
                });
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
                    // An earlier attempt may have been processed even if this one was cleanly rejected.
                    ambiguous: wasAmbiguous,
                    note: giveUpNote(error, attempt, refreshedAfter401, decision.reason),
                });
            }
            if (error.retryAfterMs !== undefined || error.status === 429) {
                // One process paces itself: every caller of this client waits out the server's Retry-After, and
                // the adaptive rate takes its share of the cut.
                pacer.pauseUntil(now() + (error.retryAfterMs ?? decision.delayMs));
                pacer.record({ kind: "throttled", at: now(), retryAfterMs: error.retryAfterMs });
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
            if (signal?.aborted) {
                throw error.with({
                    attempts: attempt,
                    ambiguous: wasAmbiguous,
                    note: "aborted by the caller while waiting to retry",
                });
            }
        }
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

        async createCustomer(body: CustomerCreateRequest, callOptions?: CallOptions): Promise<Customer> {
            const { body: customer } = await call(ops.createCustomer, { body }, callOptions);
            // The one-time admin password must not surface in any later error message or event.
            secrets.add(customer.userCredentials?.password);
            return customer;
        },

        async getCustomer(customerId: string, callOptions?: CallOptions): Promise<Customer> {
            return (await call(ops.getCustomer, { pathParams: { customerId } }, callOptions)).body;
        },

        async getCompanyProfile(customerId: string, callOptions?: CallOptions): Promise<CustomerCompanyProfile> {
            return (await call(ops.getCompanyProfile, { pathParams: { customerId } }, callOptions)).body;
        },

        async listCustomers(query: CustomerQuery = {}, callOptions: CallOptions = {}): Promise<Customer[]> {
            const { filter, local } = customerFilterOf(query);
            const customers = await collect(
                ops.listCustomers,
                { query: { size: query.size, filter } },
                callOptions,
                (page: CustomerCollection) => page.items,
            );
            return customers.filter(local);
        },

        async getBillingProfile(customerId: string, callOptions?: CallOptions): Promise<CustomerBillingProfile> {
            return (await call(ops.getBillingProfile, { pathParams: { customerId } }, callOptions)).body;
        },

        async updateBillingProfile(
            customerId: string,
            profile: BillingProfileUpdateRequest,
            etag: string,
            callOptions?: CallOptions,
        ): Promise<CustomerBillingProfile> {
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

        async deleteCustomer(customerId: string, callOptions?: CallOptions): Promise<void> {
            await call(ops.deleteCustomer, { pathParams: { customerId } }, callOptions);
        },

        async removeResellerRelationship(
            customerId: string,
            callOptions?: CallOptions,
        ): Promise<CustomerRelationshipResult> {
            const body: CustomerRelationshipPatch = {
                relationshipToPartner: "none",
                attributes: { objectType: "Customer" },
            };
            return (await call(ops.updateCustomerRelationship, { pathParams: { customerId }, body }, callOptions)).body;
        },

        async isDomainTaken(domain: string, callOptions?: CallOptions): Promise<boolean> {
            const { status } = await call(ops.checkDomainAvailability, { pathParams: { domain } }, callOptions);
            // `verify-domain-availability.md`: 200 = exists (taken), 404 = not found (available).
            return status === 200;
        },

        async listIndirectResellers(callOptions: CallOptions = {}): Promise<PartnerRelationship[]> {
            return collect(
                ops.listIndirectResellers,
                { query: { relationship_type: ops.INDIRECT_RESELLER_RELATIONSHIP } },
                callOptions,
                (page: PartnerRelationshipCollection) => page.items,
            );
        },

        async getCountryValidationRules(
            countryCode: string,
            callOptions?: CallOptions,
        ): Promise<CountryValidationRules> {
            return (await call(ops.getCountryValidationRules, { pathParams: { countryCode } }, callOptions)).body;
        },

        async validateAddress(
            address: AddressValidationRequest,
            callOptions?: CallOptions,
        ): Promise<AddressValidationResult> {
            return (await call(ops.validateAddress, { body: address }, callOptions)).body;
        },

        async getResellerAgreementStatus(
            resellerTenantId: string,
            callOptions?: CallOptions,
        ): Promise<AgreementSigningStatus> {
            const request = { pathParams: { programName: "csp" }, query: { tenantId: resellerTenantId } };
            return (await call(ops.getResellerAgreementStatus, request, callOptions)).body;
        },

        async createEnhancedAttestation(
            body: EnhancedAttestationRequest,
            callOptions?: CallOptions,
        ): Promise<EnhancedAttestation> {
            return (await call(agreementOps.createEnhancedAttestation, { body }, callOptions)).body;
        },

        async getEnhancedAttestation(attestationId: string, callOptions?: CallOptions): Promise<EnhancedAttestation> {
            return (await call(agreementOps.getEnhancedAttestation, { pathParams: { attestationId } }, callOptions))
                .body;
        },

        async createCustomerAgreement(
            customerId: string,
            body: AgreementCreateRequest,
            callOptions?: CallOptions,
        ): Promise<Agreement> {
            return (await call(agreementOps.createCustomerAgreement, { pathParams: { customerId }, body }, callOptions))
                .body;
        },

        async listCustomerAgreements(
            customerId: string,
            agreementType: string = agreementOps.MICROSOFT_CUSTOMER_AGREEMENT,
            callOptions: CallOptions = {},
        ): Promise<Agreement[]> {
            return collect(
                agreementOps.listCustomerAgreements,
                { pathParams: { customerId }, query: { agreementType } },
                callOptions,
                (page: AgreementCollection) => page.items,
            );
        },

        async listAgreementTemplates(
            agreementType: string = agreementOps.MICROSOFT_CUSTOMER_AGREEMENT,
            callOptions: CallOptions = {},
        ): Promise<AgreementMetadata[]> {
            return collect(
                agreementOps.listAgreementTemplates,
                { query: { agreementType } },
                callOptions,
                (page: AgreementMetadataCollection) => page.items,
            );
        },
    };
    return client;
}

interface CollectionLike {
    readonly links?: { readonly next?: Link | null } | null;
    readonly continuationToken?: string | null;
}

interface TokenDeps {
    readonly fetch: FetchLike;
    readonly now: () => number;
    readonly sleep: (ms: number) => Promise<void>;
    readonly random: () => number;
    readonly policy: RetryPolicy;
    readonly secrets: SecretSet;
    readonly correlationId: string;
    readonly authority: string;
    readonly resource: string;
    readonly emit: (event: ClientEvent) => void;
}

function makeTokenProvider(options: ClientOptions, deps: TokenDeps): TokenProvider {
    const credentials = options.credentials;
    if (credentials.kind === "accessToken") {
        deps.secrets.add(credentials.accessToken);
        return staticTokenProvider(credentials.accessToken);
    }
    const common = {
        authority: deps.authority,
        resource: deps.resource,
        fetch: deps.fetch,
        now: deps.now,
        sleep: deps.sleep,
        random: deps.random,
        retry: deps.policy,
        secrets: deps.secrets,
        correlationId: deps.correlationId,
        onRefresh: (info) =>
            deps.emit({
                kind: "tokenRefreshed",
                operation: "acquireToken",
                method: "POST",
                path: info.path,
                requestId: info.requestId,
                correlationId: deps.correlationId,
                attempt: info.attempts,
                status: 200,
                message: `access token refreshed (valid ${Math.round(info.expiresInMs / 1000)}s)`,
            }),
        onRetry: (error, decision, attempt) =>
            deps.emit({
                kind: "retry",
                operation: "acquireToken",
                method: "POST",
                path: error.path,
                requestId: error.requestId ?? "",
                correlationId: deps.correlationId,
                attempt,
                status: error.status,
                waitMs: decision.delayMs,
                message: `${error.message}; ${decision.reason}`,
            }),
    } satisfies Omit<OAuthTokenProviderOptions, "grant" | "tenantId" | "clientId" | "clientSecret">;
    const app = {
        tenantId: credentials.tenantId,
        clientId: credentials.clientId,
        clientSecret: credentials.clientSecret,
    };
    return credentials.kind === "clientCredentials"
        ? clientCredentialsTokenProvider({ ...common, ...app })
        : refreshTokenProvider({ ...common, ...app, refreshToken: credentials.refreshToken });
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

function pacingMessage(reason: PacingWaitReason, waitMs: number): string {
    switch (reason) {
        case "paused":
            return `waiting ${waitMs} ms: the service asked this client to back off (Retry-After)`;
        case "rate":
            return `waiting ${waitMs} ms: client-side rate limit`;
        case "concurrency":
            return "waiting for a free slot: client-side concurrency limit";
    }
}

/**
 * What to append to the final error: why the client stopped. Omitted for a plain first-attempt rejection
 * ("404 is final" would only be noise), kept whenever a retry was made or could have been expected.
 */
function giveUpNote(
    error: PartnerCenterError,
    attempt: number,
    refreshed: boolean,
    reason: string,
): string | undefined {
    if (error.status === 401 && refreshed) {
        return "rejected again after a token refresh";
    }
    return attempt > 1 || error.ambiguous || error.retryable ? reason : undefined;
}

function appendNote(note: string | undefined, more: string): string {
    return note ? `${note}; ${more}` : more;
}
