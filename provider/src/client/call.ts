/**
 * The one logical-call loop of both API clients (Partner Center `client.ts`, Microsoft Graph `graph/client.ts`).
 * A logical call is one request id across one or more attempts; each attempt is: pace (the shared pacer), get a
 * token, check the deadline, send, tell the pacer what the service said (accepted, rate headers, throttled),
 * refresh the token once on a 401, then retry or fail by the policy (`retry.ts`), with an event for every step.
 * What differs per API (building and sending an attempt, its error type, its request ids) comes in as
 * {@link CallHooks}.
 */
import nodeFetch from "node-fetch";

import { rateHeadersSignal } from "./adaptive-rate";
import { tokenProviderFor, type OAuthTokenProviderOptions, type TokenProvider } from "./auth";
import { PartnerCenterError, isPartnerCenterError } from "./errors";
import { createPacer, pacerOf, type Pacer, type PacerSelector, type PacingWaitReason } from "./pacing";
import { SecretSet } from "./redact";
import type { AttemptIdentity, AttemptResult } from "./request";
import { resolveRetryPolicy, withRetries, type RetryDecision } from "./retry";
import type { ClientEvent, Credentials, FetchLike, RetryPolicy, TransportOptions } from "./types";

/** What every call of one client shares. */
export interface CallLoopDeps {
    /** One pacer for every call, or one per API family. */
    readonly pacer: Pacer | PacerSelector;
    readonly tokens: TokenProvider;
    readonly policy: RetryPolicy;
    readonly now: () => number;
    readonly sleep: (ms: number) => Promise<void>;
    readonly random: () => number;
    /** Scrubbed from the errors the loop raises itself. */
    readonly secrets: SecretSet;
    /** Reports a step (already redacted and guarded, see {@link eventEmitter}). */
    readonly emit: (event: ClientEvent) => void;
}

/** The per-API parts of one logical call. */
export interface CallHooks<E extends PartnerCenterError> {
    /** Who the call is: in every event, and in the errors the loop raises itself (deadline, abort). */
    readonly id: AttemptIdentity;
    /** `OperationSpec.retryAmbiguous`. */
    readonly retryAmbiguous: boolean;
    readonly signal?: AbortSignal | undefined;
    /** `(attempt n, <the API's request ids>)` for event messages: what support needs to find an attempt. */
    ids(attempt: number): string;
    /** Send one attempt with this token and time budget; rejects with a client error on any failure. */
    send(accessToken: string, timeoutMs: number): Promise<AttemptResult>;
    /** The API's one error type from any client error. */
    toError(error: PartnerCenterError): E;
    /** Appended to the note of a failed token request: which call needed the token. */
    readonly tokenNote: string;
}

/** The logical-call loop of one client. */
export type CallLoop = <E extends PartnerCenterError>(hooks: CallHooks<E>) => Promise<AttemptResult>;

/** Create the loop every call of one client goes through. */
export function createCallLoop(deps: CallLoopDeps): CallLoop {
    const { tokens, policy, now, emit, secrets } = deps;

    return function call<E extends PartnerCenterError>(hooks: CallHooks<E>): Promise<AttemptResult> {
        const { id, signal } = hooks;
        const { method, path } = id;
        const pacer = pacerOf(deps.pacer, id);
        const step = (attempt: number, event: Omit<ClientEvent, keyof AttemptIdentity | "attempt">) =>
            emit({ ...id, attempt, ...event });
        let refreshedAfter401 = false;
        /** The token the current attempt carried (invalidated on its 401). */
        let token: string | undefined;
        /** A failure of the current attempt that the policy must not judge (an abort while waiting for pacing). */
        let final: PartnerCenterError | undefined;

        return withRetries<AttemptResult, E>({
            policy,
            now,
            sleep: deps.sleep,
            random: deps.random,
            retryAmbiguous: hooks.retryAmbiguous,
            signal,
            toError: hooks.toError,

            async attempt(attempt, { startedAt, ambiguous }) {
                token = undefined;
                final = undefined;
                let sentAt: number | undefined;
                let release: (() => void) | undefined;
                try {
                    release = await pacer.acquire(
                        (waitMs, reason) =>
                            step(attempt, { kind: "throttled", waitMs, message: pacingMessage(reason, waitMs) }),
                        signal,
                    );
                    token = await tokens.getToken();
                    const remainingMs = policy.deadlineMs - (now() - startedAt);
                    if (remainingMs <= 0) {
                        // Waiting for pacing or a token used up the deadline: fail without sending rather than send
                        // with no time left, which would turn into an ambiguous timeout (and a reconcile for creates).
                        throw new PartnerCenterError({
                            ...id,
                            kind: "timeout",
                            status: 0,
                            description: `the ${policy.deadlineMs} ms deadline passed before the request could be sent`,
                            retryable: false,
                            ambiguous: false,
                            attempts: attempt - 1,
                            secrets,
                        });
                    }
                    step(attempt, { kind: "request", message: `${method} ${path} ${hooks.ids(attempt)}` });
                    sentAt = now();
                    const result = await hooks.send(token, Math.min(policy.attemptTimeoutMs, remainingMs));
                    // Through the service's rate limit: the adaptive rate may grow (unless rate headers say stop).
                    pacer.record(
                        rateHeadersSignal((name) => result.headers.get(name), now()) ?? { kind: "accepted", at: now() },
                    );
                    step(attempt, {
                        kind: "response",
                        status: result.status,
                        durationMs: now() - sentAt,
                        message: `${method} ${path}: ${result.status} in ${now() - sentAt} ms ${hooks.ids(attempt)}`,
                    });
                    return result;
                } catch (e) {
                    if (!isPartnerCenterError(e)) {
                        // The pacer rejects with the signal's reason when the caller aborts while waiting.
                        if (signal?.aborted) {
                            final = new PartnerCenterError({
                                ...id,
                                kind: "aborted",
                                status: 0,
                                description: "aborted by the caller",
                                retryable: false,
                                ambiguous,
                                attempts: attempt - 1,
                                cause: e,
                                secrets,
                            });
                            throw final;
                        }
                        throw e;
                    }
                    if (sentAt !== undefined) {
                        step(attempt, {
                            kind: "response",
                            status: e.status,
                            durationMs: now() - sentAt,
                            message:
                                `${method} ${path}: ${e.status || e.kind}${e.code ? ` ${e.code}` : ""} in ` +
                                `${now() - sentAt} ms ${hooks.ids(attempt)}`,
                        });
                    }
                    throw e;
                } finally {
                    release?.();
                }
            },

            triage(error, attempt) {
                if (final) {
                    return { fail: error };
                }
                if (error.operation === "acquireToken") {
                    // Already retried by the token provider; say which call needed the token.
                    return { fail: hooks.toError(error.with({ note: appendNote(error.note, hooks.tokenNote) })) };
                }
                if (error.status === 401 && error.kind === "http" && tokens.canRefresh && !refreshedAfter401 && token) {
                    refreshedAfter401 = true;
                    tokens.invalidate(token);
                    step(attempt, {
                        kind: "retry",
                        status: 401,
                        waitMs: 0,
                        message: "401: refreshing the access token and re-sending once",
                    });
                    return "resend";
                }
                return undefined;
            },

            giveUp(error, { attempt, ambiguous, reason }) {
                return hooks.toError(
                    error.with({
                        attempts: attempt,
                        ambiguous,
                        note: giveUpNote(error, attempt, refreshedAfter401, reason),
                    }),
                );
            },

            beforeRetry(error: E, attempt: number, decision: RetryDecision) {
                if (error.retryAfterMs !== undefined || error.status === 429) {
                    // One process paces itself: every caller of this client waits out the server's Retry-After, and
                    // the adaptive rate takes its share of the cut.
                    pacer.pauseUntil(now() + (error.retryAfterMs ?? decision.delayMs));
                    pacer.record({ kind: "throttled", at: now(), retryAfterMs: error.retryAfterMs });
                    step(attempt, {
                        kind: "throttled",
                        status: error.status,
                        waitMs: decision.delayMs,
                        message: decision.reason,
                    });
                } else {
                    step(attempt, {
                        kind: "retry",
                        status: error.status,
                        waitMs: decision.delayMs,
                        message: `${error.message}; ${decision.reason}`,
                    });
                }
            },
        });
    };
}

/** What one API client is built on: its transport, its secrets and its logical-call loop. */
export interface ClientCore {
    readonly fetch: FetchLike;
    readonly now: () => number;
    /** Every secret this client has seen, scrubbed from its errors and events. */
    readonly secrets: SecretSet;
    readonly call: CallLoop;
    /** The client's sleep, retry policy and event sink, for waits that span several logical calls (polling). */
    readonly sleep: (ms: number) => Promise<void>;
    readonly policy: RetryPolicy;
    readonly emit: (event: ClientEvent) => void;
}

/** Whose token a client's calls carry. */
export interface ClientIdentity {
    readonly credentials: Credentials;
    /** OAuth authority and audience of the token requests. */
    readonly authority: string;
    readonly resource: string;
    /** Sent with the token requests and reported in events. */
    readonly correlationId: string;
}

/**
 * Build a client's core from its options (defaults: node-fetch, the system clock, real sleeps, `Math.random`, a
 * pacer of its own from `pacing`): the one setup both API clients share.
 */
export function createClientCore(options: TransportOptions, identity: ClientIdentity): ClientCore {
    const fetch = options.fetch ?? (nodeFetch as unknown as FetchLike);
    const now = options.now ?? Date.now;
    const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    const random = options.random ?? Math.random;
    const policy = resolveRetryPolicy(options.retry);
    const secrets = new SecretSet();
    const pacer = options.pacer ?? createPacer(options.pacing ?? {}, { now, sleep });
    const emit = eventEmitter(options.onEvent, secrets);
    const { credentials, correlationId } = identity;
    const tokens = tokenProviderFor(credentials, {
        authority: identity.authority,
        resource: identity.resource,
        fetch,
        now,
        sleep,
        random,
        retry: policy,
        secrets,
        correlationId,
        ...tokenEvents(emit, correlationId),
    });
    const call = createCallLoop({ pacer, tokens, policy, now, sleep, random, secrets, emit });
    return { fetch, now, secrets, call, sleep, policy, emit };
}

/** `onEvent` with secrets scrubbed from every message, and a throwing listener kept from failing the call. */
function eventEmitter(
    onEvent: ((event: ClientEvent) => void) | undefined,
    secrets: SecretSet,
): (event: ClientEvent) => void {
    return (event) => {
        if (!onEvent) {
            return;
        }
        try {
            onEvent({ ...event, message: secrets.redact(event.message) });
        } catch {
            // A failing listener must not fail the call it is observing.
        }
    };
}

/** Token-provider callbacks that report token refreshes and token-request retries as client events. */
function tokenEvents(
    emit: (event: ClientEvent) => void,
    correlationId: string,
): Pick<OAuthTokenProviderOptions, "onRefresh" | "onRetry"> {
    const token = { operation: "acquireToken", method: "POST", correlationId };
    return {
        onRefresh: (info) =>
            emit({
                ...token,
                kind: "tokenRefreshed",
                path: info.path,
                requestId: info.requestId,
                attempt: info.attempts,
                status: 200,
                message: `access token refreshed (valid ${Math.round(info.expiresInMs / 1000)}s)`,
            }),
        onRetry: (error, decision, attempt) =>
            emit({
                ...token,
                kind: "retry",
                path: error.path,
                requestId: error.requestId ?? "",
                attempt,
                status: error.status,
                waitMs: decision.delayMs,
                message: `${error.message}; ${decision.reason}`,
            }),
    };
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
