/**
 * Client-side pacing: a token bucket (requests per minute, with a burst) plus a concurrency limit, shared by
 * every call of one client. Partner Center limits the Customer resource to 500 requests per minute per tenant
 * (`customer-resources.md`); pacing a little below that keeps one provider process from being throttled at all,
 * and a 429 pauses every caller until its `Retry-After` has passed instead of letting each discover it alone.
 */
import type { PacingPolicy } from "./types";

/** Off by default: the provider configures pacing (about 450/min) explicitly. */
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
    /** Hold every caller until `untilMs` (clock time), e.g. the end of a 429's `Retry-After`. Never shortens a pause. */
    pauseUntil(untilMs: number): void;
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

/** Create the pacer one client shares between all its calls. */
export function createPacer(overrides: Partial<PacingPolicy>, deps: PacerDeps): Pacer {
    const policy = resolvePacingPolicy(overrides);
    const ratePerMs = policy.requestsPerMinute / 60_000;
    let tokens = policy.burst;
    let refilledAt = deps.now();
    let pausedUntil = 0;
    let inFlight = 0;
    const slotWaiters: Array<() => void> = [];
    // Token takers run one at a time, in arrival order, so a sleeper is never overtaken by a later caller.
    let tokenChain: Promise<void> = Promise.resolve();

    const refill = () => {
        const now = deps.now();
        if (ratePerMs > 0) {
            tokens = Math.min(policy.burst, tokens + (now - refilledAt) * ratePerMs);
        }
        refilledAt = now;
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
            if (ratePerMs <= 0) {
                return;
            }
            refill();
            if (tokens >= 1) {
                tokens -= 1;
                return;
            }
            const waitMs = Math.ceil((1 - tokens) / ratePerMs);
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
        pauseUntil(untilMs: number) {
            pausedUntil = Math.max(pausedUntil, untilMs);
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

function throwIfAborted(signal: AbortSignal | undefined): void {
    if (signal?.aborted) {
        throw abortReason(signal);
    }
}

function abortReason(signal: AbortSignal | undefined): unknown {
    return signal?.reason ?? new Error("aborted");
}
