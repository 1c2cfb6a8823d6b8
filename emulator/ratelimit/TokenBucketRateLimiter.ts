/**
 * Token-bucket rate limiting per partner tenant, the unit Partner Center throttles by
 * (api-throttling-guidance.md: "limits are keyed per partner tenant"). Each tenant's bucket holds `burst`
 * tokens and refills at `requestsPerMinute / 60` tokens per second; a request takes one token or gets a 429 whose
 * `Retry-After` is the time until the next token.
 */

/**
 * Default bucket size, in seconds of allowance: an assumption. Partner Center publishes the rate (500/min per
 * tenant for the Customer resource) but not the window's shape; a bucket holding a whole minute's allowance would
 * let several clients far exceed the rate for a minute without one 429, which hides exactly the behaviour the
 * pacing must handle, so the emulator allows a few seconds' worth (42 requests at 500/min) by default.
 */
export const DEFAULT_BURST_SECONDS = 5;

export interface RateLimit {
    requestsPerMinute: number;
    /** Bucket size; default `DEFAULT_BURST_SECONDS` worth of requests (at least 1). */
    burst?: number;
}

/** The bucket size a limit gets (its `burst`, or `DEFAULT_BURST_SECONDS` worth of requests). */
export function burstOf(limit: RateLimit): number {
    return Math.max(1, limit.burst ?? Math.ceil((limit.requestsPerMinute * DEFAULT_BURST_SECONDS) / 60));
}

interface Bucket {
    tokens: number;
    updatedMs: number;
}

export default class TokenBucketRateLimiter {
    private buckets = new Map<string, Bucket>();

    constructor(private readonly now: () => number = Date.now) {}

    /** Forget all buckets (after the limit changes). */
    public reset(): void {
        this.buckets.clear();
    }

    /** Take a token for `key`; returns 0 when allowed, else the seconds to wait (>= 1). */
    public take(key: string, limit: RateLimit): number {
        const ratePerMs = limit.requestsPerMinute / 60_000;
        const capacity = burstOf(limit);
        const now = this.now();
        const bucket = this.buckets.get(key) ?? { tokens: capacity, updatedMs: now };
        bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.updatedMs) * ratePerMs);
        bucket.updatedMs = now;
        this.buckets.set(key, bucket);
        if (bucket.tokens >= 1) {
            bucket.tokens -= 1;
            return 0;
        }
        if (ratePerMs <= 0) {
            return 60;
        }
        return Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerMs / 1000));
    }
}
