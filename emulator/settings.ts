import { RateLimit } from "./ratelimit/TokenBucketRateLimiter";

/**
 * Settings that can change while the emulator runs (`emulator.options`, `PATCH /_emulator/settings`). The
 * pipeline reads them on every request, so a change applies to the next request.
 */
export interface RuntimeSettings {
    /** Delay added to every API request, in ms. */
    latencyMs: number;
    /** Token bucket per partner tenant; `undefined` = no limit. */
    rateLimit: RateLimit | undefined;
    /** How long a just-created customer stays invisible to GETs by id (404), in ms. */
    readAfterCreateLagMs: number;
    /** Replay the recorded response when a mutating request repeats its `MS-RequestId`. */
    dedupeRequestIds: boolean;
    /** Integration sandbox: DELETE allowed. Production: DELETE refused with 403. */
    sandbox: boolean;
}
