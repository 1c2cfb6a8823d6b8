/**
 * The retry policy as data, and one pure function that applies it to a failure.
 *
 * Partner Center guidance (`api-throttling-guidance.md`, `headers.md`): on 429 wait the `Retry-After` seconds,
 * then back off exponentially; re-send a timed-out call with the same `MS-RequestId`. The .NET SDK retries 5xx
 * and 408 and never 400/401/403/404/409; we also never retry 412 (a stale etag does not get fresher).
 */
import { isPartnerCenterError, type PartnerCenterError } from "./errors";
import type { RetryPolicy } from "./types";

/** Defaults; callers override single fields with `ClientOptions.retry`. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
    maxAttempts: 6,
    maxThrottledAttempts: 20,
    baseDelayMs: 500,
    maxDelayMs: 30_000,
    maxRetryAfterMs: 120_000,
    defaultRetryAfterMs: 30_000,
    deadlineMs: 10 * 60_000,
    // The .NET SDK's HttpClient allows 3 min; a create that takes longer than 100 s is better reconciled.
    attemptTimeoutMs: 100_000,
    // Refused connections are retried this long (a local emulator or proxy restarting takes under a second), then
    // fail: nothing listens. 3 s made a stopped emulator cost 6 attempts and 6.6 s (token, then API call).
    connectionRefusedGraceMs: 1_000,
    doNotRetry: Object.freeze([400, 403, 404, 409, 412]),
});

/** `DEFAULT_RETRY_POLICY` with `overrides` applied (undefined fields keep their default). */
export function resolveRetryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
    const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
    const policy = { ...DEFAULT_RETRY_POLICY, ...defined } as RetryPolicy;
    for (const key of [
        "maxAttempts",
        "maxThrottledAttempts",
        "baseDelayMs",
        "maxDelayMs",
        "maxRetryAfterMs",
        "defaultRetryAfterMs",
        "deadlineMs",
        "attemptTimeoutMs",
        "connectionRefusedGraceMs",
    ] as const) {
        const value = policy[key];
        if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
            throw new Error(`retry.${key} must be a non-negative number, got ${String(value)}`);
        }
    }
    if (policy.maxAttempts < 1) {
        throw new Error(`retry.maxAttempts must be at least 1, got ${policy.maxAttempts}`);
    }
    return policy;
}

/** Outcome of {@link decideRetry}. */
export interface RetryDecision {
    readonly retry: boolean;
    /** How long to wait before the next attempt (0 when not retrying). */
    readonly delayMs: number;
    /** Why, in words (for events and for the final error's message). */
    readonly reason: string;
}

/** Facts about the operation that the decision needs. */
export interface RetryContext {
    /** `OperationSpec.retryAmbiguous`: may a request whose outcome is unknown be re-sent blindly? */
    readonly retryAmbiguous: boolean;
    /** Throttle rejections among the attempts so far, this one included (default 0). */
    readonly throttled?: number;
}

/** Statuses worth another attempt (besides network errors and timeouts). */
const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/** Whether a status is transient in kind (the policy still decides whether to retry it). */
export function isTransientStatus(status: number): boolean {
    return TRANSIENT_STATUSES.has(status);
}

/** A throttle rejection: 429, or 503 with `Retry-After` (the service turned the request away and said when to return). */
export function isThrottle(error: Pick<PartnerCenterError, "status" | "retryAfterMs">): boolean {
    return error.status === 429 || (error.status === 503 && error.retryAfterMs !== undefined);
}

/**
 * The attempts of one logical call under a {@link RetryPolicy}: the one retry loop of this package. The API calls
 * (`call.ts`, Partner Center and Graph) and the token requests (`auth.ts`) supply what differs as hooks.
 */
export interface RetryLoop<T, E extends PartnerCenterError> {
    readonly policy: RetryPolicy;
    readonly now: () => number;
    readonly sleep: (ms: number) => Promise<void>;
    /** Random source in [0, 1) for jitter. */
    readonly random: () => number;
    /** `OperationSpec.retryAmbiguous`: may a request whose outcome is unknown be re-sent blindly? */
    readonly retryAmbiguous: boolean;
    /** The caller's signal: once aborted, no further attempt is made after a wait. */
    readonly signal?: AbortSignal | undefined;
    /**
     * Make attempt number `attempt` (from 1). Rejects with a client error for the policy to judge; anything else
     * is not a failure of the call's request and propagates as is.
     * @param state.startedAt clock time the logical call began
     * @param state.ambiguous whether an earlier attempt may have been processed
     */
    attempt(attempt: number, state: { readonly startedAt: number; readonly ambiguous: boolean }): Promise<T>;
    /** The API's one error type from any client error (the identity for Partner Center). */
    toError(error: PartnerCenterError): E;
    /**
     * Look at a failure before the policy does: `"resend"` re-sends at once (a 401 with a fresh token),
     * `{ fail }` ends the call with that error; undefined leaves it to the policy.
     */
    triage?(error: E, attempt: number): "resend" | { readonly fail: E } | undefined;
    /** The error the call fails with when the policy says stop. */
    giveUp(error: E, facts: { readonly attempt: number; readonly ambiguous: boolean; readonly reason: string }): E;
    /** Called before waiting `decision.delayMs` for the next attempt (events, throttle feedback). */
    beforeRetry?(error: E, attempt: number, decision: RetryDecision): void;
}

/** Run {@link RetryLoop.attempt} until it succeeds or the policy ({@link decideRetry}) says stop. */
export async function withRetries<T, E extends PartnerCenterError>(loop: RetryLoop<T, E>): Promise<T> {
    const startedAt = loop.now();
    // An earlier attempt may have been processed even if a later one was cleanly rejected.
    let ambiguous = false;
    let throttled = 0;
    for (let attempt = 1; ; attempt++) {
        let error: E;
        try {
            return await loop.attempt(attempt, { startedAt, ambiguous });
        } catch (e) {
            if (!isPartnerCenterError(e)) {
                throw e;
            }
            error = loop.toError(e);
        }
        const triaged = loop.triage?.(error, attempt);
        if (triaged === "resend") {
            continue;
        }
        if (triaged !== undefined) {
            throw triaged.fail;
        }
        ambiguous ||= error.ambiguous;
        if (isThrottle(error)) {
            throttled++;
        }
        const decision = decideRetry(error, attempt, loop.policy, loop.now() - startedAt, loop.random, {
            retryAmbiguous: loop.retryAmbiguous,
            throttled,
        });
        if (!decision.retry) {
            throw loop.giveUp(error, { attempt, ambiguous, reason: decision.reason });
        }
        loop.beforeRetry?.(error, attempt, decision);
        await loop.sleep(decision.delayMs);
        if (loop.signal?.aborted) {
            throw loop.toError(
                error.with({ attempts: attempt, ambiguous, note: "aborted by the caller while waiting to retry" }),
            );
        }
    }
}

/**
 * Decide whether to retry a failed attempt, and after how long. Pure: the caller supplies the clock reading
 * (`elapsedMs` since the logical call began) and the random source.
 *
 * Rules, in order:
 * 1. Only {@link PartnerCenterError}s of kind http/network/timeout are retried (not aborts, decode or protocol
 *    errors: the service answered, and asking again gets the same answer).
 * 2. 401 is not retried here: the client refreshes the token once and re-sends once by itself.
 * 3. Statuses in `doNotRetry`, and any other 4xx except 408/429, are final.
 * 4. An ambiguous failure (may have been processed) of an operation with `retryAmbiguous: false` is final.
 * 5. No more than `maxAttempts` attempts that were not throttle rejections, and no more than
 *    `maxThrottledAttempts` throttle rejections (429, 503 with `Retry-After`).
 * 6. 429, and 503 with `Retry-After`: wait `max(Retry-After, backoff)`, never less than `Retry-After`; a
 *    `Retry-After` above `maxRetryAfterMs` is final rather than shortened; no header means
 *    `defaultRetryAfterMs`.
 * 7. Other transient failures: exponential backoff with full jitter,
 *    `random() * min(maxDelayMs, baseDelayMs * 2^(attempt-1))`.
 * 8. A wait that would end past `deadlineMs` is final now (no point sleeping to fail).
 *
 * @param error    the failure of attempt number `attempt`
 * @param attempt  attempts made so far (1 after the first failure)
 * @param policy   the retry policy
 * @param elapsedMs time since the logical call began
 * @param random   a source in [0, 1) for jitter
 * @param context  what the operation allows
 */
export function decideRetry(
    error: unknown,
    attempt: number,
    policy: RetryPolicy,
    elapsedMs: number,
    random: () => number,
    context: RetryContext,
): RetryDecision {
    const stop = (reason: string): RetryDecision => ({ retry: false, delayMs: 0, reason });
    if (!isPartnerCenterError(error)) {
        return stop("not retried: unexpected error");
    }
    if (error.kind === "aborted") {
        return stop("not retried: aborted by the caller");
    }
    if (error.kind === "decode" || error.kind === "protocol") {
        return stop(`not retried: the service answered (${error.kind} error)`);
    }
    const status = error.status;
    if (status === 401) {
        return stop("not retried: unauthorized");
    }
    if (policy.doNotRetry.includes(status)) {
        return stop(`not retried: ${status} is final`);
    }
    if (error.kind === "http" && !isTransientStatus(status)) {
        return stop(`not retried: ${status} is not transient`);
    }
    if (error.kind === "network") {
        const hint = unhealableNetworkHint(error.networkCode);
        if (hint) {
            return stop(`not retried: ${hint}`);
        }
        if (error.networkCode === "ECONNREFUSED" && elapsedMs >= policy.connectionRefusedGraceMs) {
            return stop(
                `gave up after ${seconds(elapsedMs)} of refused connections: nothing listens at that address. ` +
                    `Is the service (or the local emulator: npm run emulator) running, and does ` +
                    `partnercenter:endpoint name its host and port?`,
            );
        }
    }
    if (error.ambiguous && !context.retryAmbiguous) {
        return stop(
            `not retried: the request may have been processed and ${error.operation} is not safe to replay; ` +
                `reconcile, then re-send with the same MS-RequestId if needed`,
        );
    }
    const throttled = context.throttled ?? 0;
    const throttle = isThrottle(error);
    if (throttle && throttled > policy.maxThrottledAttempts) {
        return stop(`gave up: throttled ${throttled} times`);
    }
    if (!throttle && attempt - throttled >= policy.maxAttempts) {
        return stop(`gave up: ${policy.maxAttempts} attempts made`);
    }

    const backoff = Math.floor(
        clamp01(random()) * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)),
    );
    let delayMs: number;
    let reason: string;
    if (throttle) {
        const retryAfterMs = error.retryAfterMs ?? policy.defaultRetryAfterMs;
        if (retryAfterMs > policy.maxRetryAfterMs) {
            return stop(
                `not retried: Retry-After ${seconds(retryAfterMs)} exceeds the ${seconds(policy.maxRetryAfterMs)} limit`,
            );
        }
        // Throttling guidance: wait Retry-After, and back off exponentially if throttled again.
        delayMs = Math.max(retryAfterMs, backoff);
        reason = `${status} throttled: waiting ${seconds(delayMs)} (Retry-After ${seconds(retryAfterMs)})`;
    } else {
        delayMs = backoff;
        reason = `${describe(error.kind, status)}: retrying in ${seconds(delayMs)}`;
    }
    if (elapsedMs + delayMs > policy.deadlineMs) {
        return stop(
            `not retried: waiting ${seconds(delayMs)} would pass the ${seconds(policy.deadlineMs)} deadline ` +
                `(${seconds(elapsedMs)} elapsed)`,
        );
    }
    return { retry: true, delayMs, reason };
}

/**
 * Network failures that no retry heals, with what to check: a TLS/protocol mismatch (https:// against a plain
 * HTTP server, or the reverse), a host name that does not resolve, a certificate that is not trusted.
 */
export function unhealableNetworkHint(code: string | undefined): string | undefined {
    if (code === undefined) {
        return undefined;
    }
    if (code === "EPROTO" || code.startsWith("ERR_SSL_") || code === "ERR_TLS_HANDSHAKE") {
        return (
            `${code}: TLS/protocol mismatch — the endpoint does not speak https. For the local emulator use ` +
            `http:// in partnercenter:endpoint (e.g. http://127.0.0.1:8787).`
        );
    }
    if (code === "ENOTFOUND") {
        return `${code}: the host name does not resolve; check partnercenter:endpoint (and partnercenter:authority).`;
    }
    if (code === "ERR_INVALID_URL") {
        return `${code}: the URL is invalid; check partnercenter:endpoint.`;
    }
    if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) {
        return `${code}: the server's TLS certificate is not trusted; check partnercenter:endpoint.`;
    }
    return undefined;
}

/**
 * Parse `Retry-After`: delta seconds (`"57"`) or an HTTP date. Returns ms from `nowMs` (never negative), or
 * undefined when absent or unparseable.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
    if (value === null || value === undefined) {
        return undefined;
    }
    const text = value.trim();
    if (/^\d+(\.\d+)?$/.test(text)) {
        return Math.ceil(Number(text) * 1000);
    }
    // Only an HTTP date (IMF-fixdate and the obsolete forms all name a month); `Date.parse("-5")` is a year.
    const date = /[a-z]{3}/i.test(text) ? Date.parse(text) : Number.NaN;
    if (Number.isNaN(date)) {
        return undefined;
    }
    return Math.max(0, date - nowMs);
}

function describe(kind: string, status: number): string {
    return kind === "http" ? String(status) : kind === "timeout" ? "timeout" : "network error";
}

function seconds(ms: number): string {
    return ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(1)}s`;
}

function clamp01(x: number): number {
    return Number.isFinite(x) ? Math.min(Math.max(x, 0), 1) : 0;
}
