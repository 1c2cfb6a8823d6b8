/**
 * Client-side pacing: a token bucket (requests per minute, with a burst) plus a concurrency limit, shared by
 * every call of one client. Partner Center limits the Customer resource to 500 requests per minute per tenant
 * (`customer-resources.md`), a budget every process using the tenant's credentials shares.
 *
 * Two modes: a fixed rate (`requestsPerMinute`), or, with `adaptive`, a rate moved by the service's answers
 * (additive increase, multiplicative decrease up to the ceiling `requestsPerMinute`; `adaptive-rate.ts`), so one
 * process runs at the limit and several converge to a fair share of it. In both, a 429 pauses every caller until
 * its `Retry-After` has passed instead of letting each discover it alone, and the bucket restarts with one token
 * after the pause, so the callers do not all leave at once when it ends.
 */
import {
    initialRateState,
    nextRateState,
    resolveAdaptiveRatePolicy,
    type AdaptiveRatePolicy,
    type AdaptiveRateState,
    type RateSignal,
} from "./adaptive-rate";

/** Client-side pacing of requests (a token bucket shared by every call of one client). */
export interface PacingPolicy {
    /**
     * Requests per minute allowed to leave this client; 0 disables pacing. With `adaptive`, the ceiling the
     * adaptive rate never exceeds.
     */
    readonly requestsPerMinute: number;
    /** Bucket size (burst); default one second's worth of `requestsPerMinute`. */
    readonly burst: number;
    /** Requests in flight at once; 0 means unbounded. */
    readonly maxConcurrency: number;
    /**
     * Adapt the rate to what the service says (AIMD, see `adaptive-rate.ts`): set (even to `{}`) to turn it on,
     * with any knob overridden; unset = a fixed rate of `requestsPerMinute`.
     */
    readonly adaptive?: Partial<AdaptiveRatePolicy>;
}

/** Off by default: the provider configures pacing (adaptive, up to 500/min) explicitly. */
export const DEFAULT_PACING_POLICY: PacingPolicy = Object.freeze({ requestsPerMinute: 0, burst: 0, maxConcurrency: 0 });

/** Why a caller waited. */
export type PacingWaitReason = "rate" | "paused" | "concurrency";

/** Called when a caller has to wait (before the wait starts). */
export type PacingWaitListener = (waitMs: number, reason: PacingWaitReason) => void;

export interface PacerDeps {
    readonly now: () => number;
    readonly sleep: (ms: number) => Promise<void>;
}

/** Releases a concurrency slot; call exactly once when the request has finished (extra calls are ignored). */
export type Release = () => void;

export interface Pacer {
    /** The effective policy (defaults applied). */
    readonly policy: PacingPolicy;
    /**
     * Wait for a concurrency slot, for any pause to end, and for a token; resolves with the slot's release.
     * @param onWait reports each wait (concurrency waits report `waitMs` 0: their length is not known)
     * @param signal gives up waiting (rejects with the signal's reason) once aborted
     */
    acquire(onWait?: PacingWaitListener, signal?: AbortSignal): Promise<Release>;
    /**
     * Hold every caller until `untilMs` (clock time), e.g. the end of a 429's `Retry-After`, and restart the bucket
     * with one token then. Never shortens a pause.
     */
    pauseUntil(untilMs: number): void;
    /** Tell the adaptive rate what a response said (ignored at a fixed rate). */
    record(signal: RateSignal): void;
    /** Requests per minute allowed right now (0 = unpaced). */
    readonly requestsPerMinute: number;
    /** The adaptive rate's state (undefined at a fixed rate). */
    readonly adaptiveState: AdaptiveRateState | undefined;
    /** Clock time until which callers are paused (0 when not paused). */
    readonly pausedUntil: number;
    /** Requests holding a slot right now. */
    readonly inFlight: number;
}

/** `DEFAULT_PACING_POLICY` with `overrides`; `burst` defaults to one second's worth of requests (at least 1). */
export function resolvePacingPolicy(overrides: Partial<PacingPolicy> = {}): PacingPolicy {
    const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
    const policy = { ...DEFAULT_PACING_POLICY, ...defined } as PacingPolicy;
    for (const key of ["requestsPerMinute", "burst", "maxConcurrency"] as const) {
        if (!Number.isFinite(policy[key]) || policy[key] < 0) {
            throw new Error(`pacing.${key} must be a non-negative number, got ${String(policy[key])}`);
        }
    }
    const burst = policy.burst > 0 ? policy.burst : Math.max(1, Math.ceil(policy.requestsPerMinute / 60));
    return { ...policy, burst: policy.requestsPerMinute > 0 ? burst : policy.burst };
}

/** The adaptive rate's knobs for a policy (ceiling = `requestsPerMinute`), or undefined at a fixed rate. */
export function adaptivePolicyOf(policy: PacingPolicy): AdaptiveRatePolicy | undefined {
    if (policy.adaptive === undefined || policy.requestsPerMinute <= 0) {
        return undefined;
    }
    return resolveAdaptiveRatePolicy({ maxRequestsPerMinute: policy.requestsPerMinute, ...policy.adaptive });
}

/** Create the pacer one client shares between all its calls. */
export function createPacer(overrides: Partial<PacingPolicy>, deps: PacerDeps): Pacer {
    const policy = resolvePacingPolicy(overrides);
    const adaptive = adaptivePolicyOf(policy);
    let rateState = adaptive ? initialRateState(adaptive, deps.now()) : undefined;
    const currentRpm = () => rateState?.requestsPerMinute ?? policy.requestsPerMinute;
    // The burst stays one second of the ceiling (or `burst`) whatever the rate: a small run starts at once, while
    // a long one is held to the adaptive rate by the refill.
    const capacity = () => policy.burst;
    let tokens = capacity();
    let refilledAt = deps.now();
    let pausedUntil = 0;
    let inFlight = 0;
    const slotWaiters: Array<() => void> = [];
    // Token takers run one at a time, in arrival order, so a sleeper is never overtaken by a later caller.
    let tokenChain: Promise<void> = Promise.resolve();

    const refill = () => {
        const now = deps.now();
        if (now > refilledAt) {
            tokens = Math.min(capacity(), tokens + ((now - refilledAt) * currentRpm()) / 60_000);
            refilledAt = now;
        }
    };

    const takeToken = async (onWait: PacingWaitListener | undefined, signal: AbortSignal | undefined) => {
        for (;;) {
            throwIfAborted(signal);
            const now = deps.now();
            if (pausedUntil > now) {
                const waitMs = pausedUntil - now;
                onWait?.(waitMs, "paused");
                await deps.sleep(waitMs);
                continue;
            }
            const ratePerMs = currentRpm() / 60_000;
            if (ratePerMs <= 0) {
                return;
            }
            refill();
            if (tokens >= 1) {
                tokens -= 1;
                return;
            }
            // Sleep until one token is due at today's rate; a rate change meanwhile is seen on the next turn.
            const waitMs = Math.max(1, Math.ceil((1 - tokens) / ratePerMs));
            onWait?.(waitMs, "rate");
            await deps.sleep(waitMs);
        }
    };

    const takeSlot = async (onWait: PacingWaitListener | undefined, signal: AbortSignal | undefined) => {
        if (policy.maxConcurrency <= 0 || inFlight < policy.maxConcurrency) {
            inFlight += 1;
            return;
        }
        onWait?.(0, "concurrency");
        await new Promise<void>((resolve, reject) => {
            const waiter = () => {
                signal?.removeEventListener("abort", onAbort);
                resolve();
            };
            const onAbort = () => {
                const i = slotWaiters.indexOf(waiter);
                if (i >= 0) {
                    slotWaiters.splice(i, 1);
                }
                reject(abortReason(signal));
            };
            slotWaiters.push(waiter);
            signal?.addEventListener("abort", onAbort, { once: true });
        });
        // The releasing caller handed its slot over: inFlight was not decremented.
    };

    const releaseSlot = () => {
        const next = slotWaiters.shift();
        if (next) {
            next();
        } else {
            inFlight -= 1;
        }
    };

    return {
        policy,
        get pausedUntil() {
            return pausedUntil;
        },
        get inFlight() {
            return inFlight;
        },
        get requestsPerMinute() {
            return currentRpm();
        },
        get adaptiveState() {
            return rateState;
        },
        pauseUntil(untilMs: number) {
            pausedUntil = Math.max(pausedUntil, untilMs);
            if (currentRpm() > 0) {
                // No saved-up burst at the end of the pause (every waiting caller would leave at that instant): one
                // request goes when it ends, the next ones at the rate.
                refill();
                tokens = Math.min(tokens, 1);
                refilledAt = Math.max(refilledAt, pausedUntil);
            }
        },
        record(signal: RateSignal) {
            if (adaptive && rateState) {
                refill();
                rateState = nextRateState(adaptive, rateState, signal);
                tokens = Math.min(tokens, capacity());
            }
        },
        async acquire(onWait?: PacingWaitListener, signal?: AbortSignal): Promise<Release> {
            throwIfAborted(signal);
            await takeSlot(onWait, signal);
            let released = false;
            const release: Release = () => {
                if (!released) {
                    released = true;
                    releaseSlot();
                }
            };
            try {
                const mine = tokenChain.then(() => takeToken(onWait, signal));
                // The chain must survive a rejected taker (abort), or every later caller would reject too.
                tokenChain = mine.catch(() => undefined);
                await mine;
            } catch (e) {
                release();
                throw e;
            }
            return release;
        },
    };
}

/**
 * Picks the pacer of one call: one pacer per API family (`api/limits.ts`), each under its own limit, so a family
 * near its limit never slows the calls of another.
 */
export type PacerSelector = (call: { readonly operation: string; readonly method: string }) => Pacer;

/** The pacer of one call: `pacer` itself, or what the selector picks for it. */
export function pacerOf(pacer: Pacer | PacerSelector, call: { operation: string; method: string }): Pacer {
    return typeof pacer === "function" ? pacer(call) : pacer;
}

/**
 * A call that counts against several limits (a Graph write: the write limit and the any-call limit) goes through
 * each of their pacers, in order; what the service says is told to all of them.
 */
export function combinePacers(pacers: readonly [Pacer, ...Pacer[]]): Pacer {
    const [first] = pacers;
    return {
        policy: first.policy,
        get pausedUntil() {
            return Math.max(...pacers.map((p) => p.pausedUntil));
        },
        get inFlight() {
            return first.inFlight;
        },
        get requestsPerMinute() {
            return Math.min(...pacers.map((p) => p.requestsPerMinute).filter((rpm) => rpm > 0), Infinity) || 0;
        },
        get adaptiveState() {
            return first.adaptiveState;
        },
        pauseUntil(untilMs: number) {
            pacers.forEach((p) => p.pauseUntil(untilMs));
        },
        record(signal: RateSignal) {
            pacers.forEach((p) => p.record(signal));
        },
        async acquire(onWait?: PacingWaitListener, signal?: AbortSignal): Promise<Release> {
            const releases: Release[] = [];
            try {
                for (const p of pacers) {
                    releases.push(await p.acquire(onWait, signal));
                }
            } catch (e) {
                releases.forEach((r) => r());
                throw e;
            }
            return () => releases.forEach((r) => r());
        },
    };
}

function throwIfAborted(signal: AbortSignal | undefined): void {
    if (signal?.aborted) {
        throw abortReason(signal);
    }
}

function abortReason(signal: AbortSignal | undefined): unknown {
    return signal?.reason ?? new Error("aborted");
}
