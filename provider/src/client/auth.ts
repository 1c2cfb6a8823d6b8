/**
 * Bearer tokens: a static access token; App+User, the Secure Application Model's refresh-token grant
 * (`enable-secure-app-model.md`): `POST {authority}/{tenant}/oauth2/token` with
 * `grant_type=refresh_token&client_id&client_secret&refresh_token&resource&scope=openid`; or App-only, the
 * client-credentials grant on the same endpoint (`grant_type=client_credentials&client_id&client_secret&resource`),
 * which Partner Center's enhanced MCA attestation API requires and Microsoft Graph accepts. `resource` picks the
 * audience (Partner Center or Graph), so one app registration can hold a token source per audience.
 *
 * The app authenticates with its client secret or, when a certificate is configured instead, with a client
 * assertion signed by the certificate (`client_assertion_type` + `client_assertion`, `certificate.ts`): Entra ID
 * accepts one "anywhere a client secret could be used", so both grants take either.
 */
import { randomUUID } from "crypto";

import {
    clientAssertion,
    JWT_BEARER_ASSERTION_TYPE,
    loadClientCertificate,
    type ClientCertificate,
} from "./certificate";

import { TokenResponse } from "../api/codecs";
import { PartnerCenterError, decodeMessages } from "./errors";
import type { SecretSet } from "./redact";
import { fetchText, httpErrorFields } from "./request";
import type { AttemptIdentity } from "./request";
import { withRetries } from "./retry";
import type { RetryDecision } from "./retry";
import type { ClientAuthentication, Credentials, FetchLike, RetryPolicy } from "./types";

/** Source of bearer tokens for one client. */
export interface TokenProvider {
    /** Whether {@link invalidate} followed by {@link getToken} can yield a different token. */
    readonly canRefresh: boolean;
    /** A valid access token (cached, or fetched now; concurrent callers share one fetch). */
    getToken(): Promise<string>;
    /**
     * Forget `token` because the service rejected it (401). A no-op when the cache already holds a different
     * token, so concurrent 401s with the same token cause one refresh, not one each.
     */
    invalidate(token: string): void;
}

/** A fixed access token: never refreshed (a 401 is final). */
export function staticTokenProvider(accessToken: string): TokenProvider {
    return {
        canRefresh: false,
        getToken: () => Promise.resolve(accessToken),
        invalidate: () => undefined,
    };
}

/** Reported after each successful token fetch (never carries the token). */
export interface TokenRefreshInfo {
    /** `client-request-id` sent to the token endpoint. */
    readonly requestId: string;
    readonly path: string;
    /** Lifetime the endpoint granted, in ms. */
    readonly expiresInMs: number;
    readonly attempts: number;
}

/** The OAuth grant a {@link oauthTokenProvider} uses. */
export type OAuthGrant =
    /** App+User (Secure Application Model): a refresh token obtained through the consent flow. */
    | { readonly kind: "refreshToken"; readonly refreshToken: string }
    /** App-only: the app's own identity (client id + secret), no user. */
    | { readonly kind: "clientCredentials" };

/** The step that replaces a refresh token the token endpoint no longer accepts (`invalid_grant`). */
export const RENEW_REFRESH_TOKEN_STEP =
    "run `npx pulumi-partnercenter login` in the stack's project directory: it signs a partner admin in (with MFA) " +
    "and stores a new partnercenter:refreshToken as a secret";

/** Who asks Entra ID for tokens and how the request travels: shared by every grant (token provider, device code). */
export interface TokenEndpointBase {
    /** e.g. `https://login.microsoftonline.com` (no trailing slash needed). */
    readonly authority: string;
    readonly tenantId: string;
    readonly clientId: string;
    readonly fetch: FetchLike;
    readonly now: () => number;
    readonly sleep: (ms: number) => Promise<void>;
    /** Learns the credentials and every token obtained, so errors can scrub them. */
    readonly secrets: SecretSet;
}

/** Everything an {@link oauthTokenProvider} needs except how the app authenticates. */
export interface OAuthTokenEndpointOptions extends TokenEndpointBase {
    readonly grant: OAuthGrant;
    /** `resource` of the v1 token request, e.g. `https://api.partnercenter.microsoft.com`. */
    readonly resource: string;
    readonly random: () => number;
    readonly retry: RetryPolicy;
    readonly correlationId: string;
    readonly onRefresh?: (info: TokenRefreshInfo) => void;
    /** Reported before waiting to retry the token request. */
    readonly onRetry?: (error: PartnerCenterError, decision: RetryDecision, attempt: number) => void;
}

/** Endpoint, grant and policies, and the app's client secret or certificate. */
export type OAuthTokenProviderOptions = OAuthTokenEndpointOptions & ClientAuthentication;

/** Never refresh earlier than this before expiry... */
const REFRESH_MARGIN_MS = 5 * 60_000;
/** ...nor later than this fraction of the lifetime before it (short-lived tokens). */
const REFRESH_MARGIN_FRACTION = 0.1;
/** Lifetime assumed when the endpoint states none (Entra access tokens last 60-90 minutes). */
const DEFAULT_LIFETIME_MS = 60 * 60_000;

/** The margin before expiry at which a token living `lifetime` ms is refreshed: min(5 min, 10 % of the lifetime). */
export function refreshMarginMs(lifetime: number): number {
    return Math.min(REFRESH_MARGIN_MS, lifetime * REFRESH_MARGIN_FRACTION);
}

/** Options of the App+User provider: {@link OAuthTokenProviderOptions} with the refresh token as a field. */
export type RefreshTokenProviderOptions = Omit<OAuthTokenEndpointOptions, "grant"> &
    ClientAuthentication & { readonly refreshToken: string };

/** App+User: the refresh-token grant (see {@link oauthTokenProvider}). */
export function refreshTokenProvider(options: RefreshTokenProviderOptions): TokenProvider {
    return oauthTokenProvider({ ...options, grant: { kind: "refreshToken", refreshToken: options.refreshToken } });
}

/** App-only: the client-credentials grant (see {@link oauthTokenProvider}). */
export function clientCredentialsTokenProvider(
    options: Omit<OAuthTokenEndpointOptions, "grant"> & ClientAuthentication,
): TokenProvider {
    return oauthTokenProvider({ ...options, grant: { kind: "clientCredentials" } });
}

/** What a client's token source needs besides the credentials (endpoint, transport, policy, events). */
export type TokenSourceOptions = Omit<OAuthTokenEndpointOptions, "grant" | "tenantId" | "clientId">;

/**
 * The token source for a client's credentials: a static token (learnt by `secrets`), or the OAuth grant they name
 * (refresh token: App+User; client credentials: App-only). One place for both API clients.
 */
export function tokenProviderFor(credentials: Credentials, options: TokenSourceOptions): TokenProvider {
    if (credentials.kind === "accessToken") {
        options.secrets.add(credentials.accessToken);
        return staticTokenProvider(credentials.accessToken);
    }
    const { tenantId, clientId } = credentials;
    const grant: OAuthGrant =
        credentials.kind === "refreshToken"
            ? { kind: "refreshToken", refreshToken: credentials.refreshToken }
            : { kind: "clientCredentials" };
    return oauthTokenProvider({ ...options, tenantId, clientId, ...clientAuthenticationOf(credentials), grant });
}

/** The client secret or certificate of credentials (only the one that is set). */
export function clientAuthenticationOf(credentials: ClientAuthentication): ClientAuthentication {
    return credentials.clientCertificate !== undefined
        ? { clientCertificate: credentials.clientCertificate }
        : { clientSecret: credentials.clientSecret };
}

/**
 * The client authentication parameters of a token request to `endpoint`: `client_secret`, or a new signed
 * assertion for this request (`client_assertion_type` + `client_assertion`; a fresh `jti` each time, so a retried
 * request never replays one). The assertion is learnt by `secrets`: it is a credential for ten minutes.
 */
export function clientAuthenticationParams(
    auth: { readonly clientSecret?: string; readonly certificate?: ClientCertificate },
    clientId: string,
    endpoint: string,
    now: number,
    secrets: SecretSet,
): Record<string, string> {
    if (auth.certificate) {
        const assertion = clientAssertion(auth.certificate, { clientId, audience: endpoint, now });
        secrets.add(assertion);
        return { client_assertion_type: JWT_BEARER_ASSERTION_TYPE, client_assertion: assertion };
    }
    return { client_secret: auth.clientSecret ?? "" };
}

/**
 * An OAuth grant (refresh token or client credentials) with a cache: a token is reused until min(5 min, 10 % of its lifetime) before it expires;
 * concurrent callers share one in-flight request. Endpoint errors become {@link PartnerCenterError}s with the
 * OAuth `error` as `code` (e.g. `invalid_grant`); 4xx are final (a bad refresh token does not improve with
 * retries, and hammering the endpoint can lock the app out), 5xx and network errors are retried under the
 * client's retry policy.
 */
export function oauthTokenProvider(options: OAuthTokenProviderOptions): TokenProvider {
    const { secrets } = options;
    secrets.add(options.clientSecret, options.clientCertificate?.pem, options.clientCertificate?.password);
    // Checked when the settings were read; loaded once here (a parse per request would be waste).
    const certificate = options.clientCertificate
        ? loadClientCertificate(options.clientCertificate, options.now())
        : undefined;
    let refreshToken = options.grant.kind === "refreshToken" ? options.grant.refreshToken : undefined;
    secrets.add(refreshToken);
    let cached: { token: string; refreshAt: number; expiresAt: number } | undefined;
    let inflight: Promise<string> | undefined;
    /** A final rejection of the credentials by the token endpoint, kept for the life of this provider. */
    let rejected: PartnerCenterError | undefined;
    const authority = options.authority.replace(/\/+$/, "");
    const path = `/${encodeURIComponent(options.tenantId)}/oauth2/token`;

    const fetchToken = async (signal: AbortSignal | undefined): Promise<string> => {
        const requestId = randomUUID();
        const id: AttemptIdentity = {
            operation: "acquireToken",
            method: "POST",
            path,
            requestId,
            correlationId: options.correlationId,
        };
        // Not the API calls' loop (`call.ts`): a token request needs no token, and it must not take a slot of the
        // API's pacer, which the call waiting for this token already holds (a deadlock under `maxConcurrency`); the
        // token endpoint's limits are not the API's either. It shares the retry loop and policy underneath.
        return withRetries({
            policy: options.retry,
            now: options.now,
            sleep: options.sleep,
            random: options.random,
            // Replaying a refresh-token grant is harmless (no server-side effect we rely on).
            retryAmbiguous: true,
            signal,
            toError: (e: PartnerCenterError) => e,
            async attempt(attempt) {
                const token = await attemptToken(id, signal);
                const expiresInMs = token.expiresInMs;
                cached = {
                    token: token.accessToken,
                    refreshAt: options.now() + expiresInMs - refreshMarginMs(expiresInMs),
                    expiresAt: options.now() + expiresInMs,
                };
                options.onRefresh?.({ requestId, path, expiresInMs, attempts: attempt });
                return token.accessToken;
            },
            giveUp(error, { attempt, reason }) {
                // A refresh token the endpoint no longer takes (unused for 90 days, revoked, or another app's) is
                // renewed by signing in again: the error says how.
                const renew =
                    refreshToken !== undefined && error.code === "invalid_grant"
                        ? `the refresh token was not accepted: if it expired (90 days without use) or was revoked, ${RENEW_REFRESH_TOKEN_STEP}`
                        : undefined;
                const final = error.with({
                    attempts: attempt,
                    // A network failure's reason says what to check (http vs https, is the emulator running?).
                    note:
                        [attempt > 1 || error.kind === "network" ? reason : undefined, renew]
                            .filter((n) => n !== undefined)
                            .join("; ") || undefined,
                });
                if (error.kind === "http" && error.status >= 400 && error.status < 500 && error.status !== 429) {
                    // The endpoint rejected these credentials (invalid_grant, invalid_client...): they will not
                    // improve within this process, and asking again for every call of a bulk run is the storm that
                    // can lock the app out. Every later call gets the same error at once.
                    rejected = final;
                }
                return final;
            },
            beforeRetry: (error, attempt, decision) => options.onRetry?.(error, decision, attempt),
        });
    };

    const attemptToken = async (id: AttemptIdentity, signal: AbortSignal | undefined) => {
        const clientAuth = clientAuthenticationParams(
            { certificate, ...(options.clientSecret !== undefined ? { clientSecret: options.clientSecret } : {}) },
            options.clientId,
            authority + path,
            options.now(),
            secrets,
        );
        const form =
            refreshToken !== undefined
                ? new URLSearchParams({
                      grant_type: "refresh_token",
                      client_id: options.clientId,
                      ...clientAuth,
                      refresh_token: refreshToken,
                      resource: options.resource,
                      scope: "openid",
                  })
                : new URLSearchParams({
                      grant_type: "client_credentials",
                      client_id: options.clientId,
                      ...clientAuth,
                      resource: options.resource,
                  });
        const { response, text } = await fetchText(
            options.fetch,
            authority + path,
            {
                method: "POST",
                headers: {
                    "Content-Type": "application/x-www-form-urlencoded",
                    Accept: "application/json",
                    "client-request-id": id.requestId,
                    "return-client-request-id": "true",
                },
                body: form.toString(),
                redirect: "manual",
            },
            options.retry.attemptTimeoutMs,
            id,
            secrets,
            signal,
        );
        if (response.status !== 200) {
            throw new PartnerCenterError({
                ...id,
                ...httpErrorFields(response, text, options.now(), secrets),
                ambiguous: false,
            });
        }
        const status = response.status;
        let json: unknown;
        try {
            json = JSON.parse(text);
        } catch {
            throw new PartnerCenterError({
                ...id,
                kind: "decode",
                status,
                decodeErrors: ["token response is not JSON"],
                retryable: false,
                ambiguous: false,
                secrets,
            });
        }
        const decoded = TokenResponse.decode(json);
        if (decoded._tag === "Left") {
            throw new PartnerCenterError({
                ...id,
                kind: "decode",
                status,
                decodeErrors: decodeMessages(decoded.left, secrets),
                retryable: false,
                ambiguous: false,
                secrets,
            });
        }
        const body = decoded.right;
        secrets.add(body.access_token, body.refresh_token);
        // Entra may rotate the refresh token; the newest one is the one to use next.
        if (refreshToken !== undefined && typeof body.refresh_token === "string" && body.refresh_token !== "") {
            refreshToken = body.refresh_token;
        }
        return { accessToken: body.access_token, expiresInMs: lifetimeMs(body, options.now()) };
    };

    return {
        canRefresh: true,
        getToken(): Promise<string> {
            if (cached && options.now() < cached.refreshAt) {
                return Promise.resolve(cached.token);
            }
            if (rejected) {
                // No new request: a still-valid token keeps serving, an expired one gives the kept rejection.
                return cached && options.now() < cached.expiresAt
                    ? Promise.resolve(cached.token)
                    : Promise.reject(rejected);
            }
            if (!inflight) {
                // Shared by every waiting caller, so no single caller's AbortSignal may cancel it; the
                // attempt timeout and the retry deadline bound it instead.
                inflight = fetchToken(undefined).finally(() => {
                    inflight = undefined;
                });
            }
            if (cached && options.now() < cached.expiresAt) {
                // Refreshing early, while the token still works: refresh in the background and keep serving it,
                // so a passing token-endpoint failure or slowness does not fail or delay calls. A real failure
                // surfaces once the token has expired (or on a 401).
                inflight.catch(() => undefined);
                return Promise.resolve(cached.token);
            }
            return inflight;
        },
        invalidate(token: string): void {
            if (cached?.token === token) {
                cached = undefined;
            }
        },
    };
}

/** Token lifetime in ms from `expires_in` (seconds, number or string) or `expires_on` (epoch seconds). */
export function lifetimeMs(body: TokenResponse, nowMs: number): number {
    const expiresIn = Number(body.expires_in);
    if (body.expires_in !== null && body.expires_in !== undefined && Number.isFinite(expiresIn) && expiresIn > 0) {
        return expiresIn * 1000;
    }
    const expiresOn = Number(body.expires_on);
    if (
        body.expires_on !== null &&
        body.expires_on !== undefined &&
        Number.isFinite(expiresOn) &&
        expiresOn * 1000 > nowMs
    ) {
        return expiresOn * 1000 - nowMs;
    }
    return DEFAULT_LIFETIME_MS;
}
