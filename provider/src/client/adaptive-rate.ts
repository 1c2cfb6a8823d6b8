/**
 * Adaptive request rate (AIMD), as data and pure functions: the rate one client allows itself, moved by what the
 * service says. Partner Center documents one limit, 500 requests per minute per partner tenant for the Customer
 * resource, shared by every process that calls it with the tenant's credentials; nothing tells one process how
 * many others there are. So each client runs the scheme TCP uses to share a link without a coordinator:
 *
 * - additive increase: every second without a throttle adds `increasePerSecond` requests/min, up to the ceiling
 *   (`maxRequestsPerMinute`, the documented limit: one stack alone runs at the bound and is never throttled);
 * - multiplicative decrease: a throttle (429, or 503 with Retry-After) multiplies the rate by `decreaseFactor`,
 *   once per congestion event: throttles within `decreaseHoldMs` (or the Retry-After, if longer) of a decrease
 *   answer requests sent before it and do not cut again;
 * - rate headers: a response saying no request is left in the window (`RateLimit-Remaining: 0` or
 *   `X-RateLimit-Remaining: 0`) counts as a throttle before one happens; Partner Center publishes none today.
 *
 * K independent clients on one tenant converge to a fair share: they all gain the same per second, while a cut
 * takes more from the faster ones (Chiu & Jain, 1989). `Retry-After` itself is honoured by the pacer (a pause of
 * every caller), not here.
 */

/** Knobs of the adaptive rate; every field has a default (`DEFAULT_ADAPTIVE_RATE_POLICY`). */
export interface AdaptiveRatePolicy {
    /** Ceiling, requests/min: the documented limit of one partner tenant. */
    readonly maxRequestsPerMinute: number;
    /** Floor, requests/min: never slower than this, however often throttled. */
    readonly minRequestsPerMinute: number;
    /** Rate of a new client, requests/min. */
    readonly initialRequestsPerMinute: number;
    /**
     * Start-up ("slow start"): until the first throttle the rate doubles every `slowStartDoublingMs`, so one client
     * reaches the ceiling within seconds while K clients starting together meet the limit before each has grabbed
     * all of it. 0 disables it (additive increase from the start).
     */
    readonly slowStartDoublingMs: number;
    /** Decrease factor of the first throttle, which ends the start-up (it overshot by up to 2x). */
    readonly slowStartDecreaseFactor: number;
    /** Additive increase: requests/min gained per second without a throttle. */
    readonly increasePerSecond: number;
    /** Multiplicative decrease: the rate is multiplied by this on a throttle (0 < factor < 1). */
    readonly decreaseFactor: number;
    /** Throttles this soon after a decrease are the same congestion event (ms). */
    readonly decreaseHoldMs: number;
}

export const DEFAULT_ADAPTIVE_RATE_POLICY: AdaptiveRatePolicy = Object.freeze({
    maxRequestsPerMinute: 500,
    minRequestsPerMinute: 10,
    initialRequestsPerMinute: 100,
    slowStartDoublingMs: 1000,
    slowStartDecreaseFactor: 0.5,
    increasePerSecond: 4,
    decreaseFactor: 0.6,
    decreaseHoldMs: 2000,
});

/** Where one client's rate stands. */
export interface AdaptiveRateState {
    /** Allowed requests per minute right now. */
    readonly requestsPerMinute: number;
    /** Clock time (ms) the increase was last accounted for. */
    readonly updatedAt: number;
    /** Clock time (ms) of the last decrease; -Infinity before the first. */
    readonly lastDecreaseAt: number;
    /** Hold of the last decrease (ms): `decreaseHoldMs`, or the Retry-After when longer. */
    readonly holdMs: number;
    /** Decreases so far (for logs and the benchmark). */
    readonly decreases: number;
    /** True until the first throttle (see `slowStartDoublingMs`). */
    readonly slowStart: boolean;
}

/** What a response said about the rate. */
export type RateSignal =
    | { readonly kind: "accepted"; readonly at: number }
    | { readonly kind: "throttled"; readonly at: number; readonly retryAfterMs?: number | undefined };

/** `DEFAULT_ADAPTIVE_RATE_POLICY` with `overrides`; throws naming a bad knob. */
export function resolveAdaptiveRatePolicy(overrides: Partial<AdaptiveRatePolicy> = {}): AdaptiveRatePolicy {
    const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
    const policy = { ...DEFAULT_ADAPTIVE_RATE_POLICY, ...defined } as AdaptiveRatePolicy;
    for (const [key, value] of Object.entries(policy)) {
        if (!Number.isFinite(value) || value < 0) {
            throw new Error(`pacing.adaptive.${key} must be a non-negative number, got ${String(value)}`);
        }
    }
    if (policy.maxRequestsPerMinute <= 0) {
        throw new Error("pacing.adaptive.maxRequestsPerMinute must be positive");
    }
    for (const key of ["decreaseFactor", "slowStartDecreaseFactor"] as const) {
        if (!(policy[key] > 0 && policy[key] < 1)) {
            throw new Error(`pacing.adaptive.${key} must be between 0 and 1 (exclusive), got ${policy[key]}`);
        }
    }
    const min = Math.min(policy.minRequestsPerMinute, policy.maxRequestsPerMinute);
    const initial = Math.min(policy.maxRequestsPerMinute, Math.max(min, policy.initialRequestsPerMinute));
    return { ...policy, minRequestsPerMinute: min, initialRequestsPerMinute: initial };
}

/** A client's first state. */
export function initialRateState(policy: AdaptiveRatePolicy, now: number): AdaptiveRateState {
    return {
        requestsPerMinute: policy.initialRequestsPerMinute,
        updatedAt: now,
        lastDecreaseAt: Number.NEGATIVE_INFINITY,
        holdMs: 0,
        decreases: 0,
        slowStart: policy.slowStartDoublingMs > 0,
    };
}

/** The state after one signal. Pure: same inputs, same output. */
export function nextRateState(
    policy: AdaptiveRatePolicy,
    state: AdaptiveRateState,
    signal: RateSignal,
): AdaptiveRateState {
    const at = Math.max(signal.at, state.updatedAt);
    if (signal.kind === "accepted") {
        const elapsed = at - state.updatedAt;
        const grown = state.slowStart
            ? state.requestsPerMinute * 2 ** (elapsed / policy.slowStartDoublingMs)
            : state.requestsPerMinute + (policy.increasePerSecond * elapsed) / 1000;
        return { ...state, requestsPerMinute: Math.min(policy.maxRequestsPerMinute, grown), updatedAt: at };
    }
    if (at - state.lastDecreaseAt < state.holdMs) {
        // The same congestion event: this request left before the last cut took effect.
        return state;
    }
    const factor = state.slowStart ? policy.slowStartDecreaseFactor : policy.decreaseFactor;
    return {
        requestsPerMinute: Math.max(policy.minRequestsPerMinute, state.requestsPerMinute * factor),
        updatedAt: at,
        lastDecreaseAt: at,
        holdMs: Math.max(policy.decreaseHoldMs, signal.retryAfterMs ?? 0),
        decreases: state.decreases + 1,
        slowStart: false,
    };
}

/**
 * Read rate headers into a signal: `RateLimit-Remaining` (IETF draft) or `X-RateLimit-Remaining` at 0 means the
 * window is used up. Returns undefined when the headers say nothing.
 */
export function rateHeadersSignal(
    get: (name: string) => string | null | undefined,
    at: number,
): RateSignal | undefined {
    for (const name of ["ratelimit-remaining", "x-ratelimit-remaining"]) {
        const raw = get(name);
        if (raw !== null && raw !== undefined && raw.trim() !== "" && Number(raw) <= 0) {
            return { kind: "throttled", at };
        }
    }
    return undefined;
}
