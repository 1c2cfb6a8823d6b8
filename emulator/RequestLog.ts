/**
 * The request log: one entry per API or token request (control API calls are not logged), assertable by tests
 * through `emulator.requestLog` or `GET /_emulator/requests`.
 *
 * It records routing facts only: never headers (so never `Authorization`) and never bodies (so never a token
 * request's secret or refresh token).
 */
import type { ApiFamily } from "pulumi-partnercenter/api";

export interface RequestLogEntry {
    /** 1, 2, 3... in arrival order; not reset by `clearRequestLog()`. */
    seq: number;
    /** Arrival time, ISO 8601. */
    time: string;
    method: string;
    /** Path without the query string. */
    path: string;
    /** Query parameters (last value wins). */
    query: Record<string, string>;
    /** Operation spec name (`createCustomer`...), `token`, or `unknown` for unrouted paths. */
    operation: string;
    /** Final HTTP status; `reset` when the socket was destroyed, `hang` while never answered, `pending` meanwhile. */
    status: number | "reset" | "hang" | "pending";
    /** `MS-RequestId` as received, or the one the emulator generated. */
    requestId: string;
    /** `MS-CorrelationId` as received, or generated. */
    correlationId: string;
    /** Injected faults that fired (`throttle`, `status:503:after`, `reset:before`, `latency:200`, `hang`). */
    fault?: string;
    /** True when the response is a replay of an earlier request with the same `MS-RequestId`. */
    replayed?: boolean;
    /** Time to the response (absent for resets and hangs). */
    durationMs?: number;
    /** The OAuth flow of the bearer token that authenticated the call (`appUser` or `appOnly`). */
    authFlow?: "appUser" | "appOnly";
    /** The API families (rate limits, `api/limits.ts`) the call counts against; absent for token requests. */
    families?: ApiFamily[];
    /** The family whose limit refused the call (429). */
    throttledBy?: ApiFamily;
    /** Token requests: how the app authenticated (`secret`, or `certificate`: a signed client assertion). */
    clientAuth?: "secret" | "certificate";
}

/** Entries kept; the oldest are dropped beyond this. */
export const MAX_LOG_ENTRIES = 10_000;
