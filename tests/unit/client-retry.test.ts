/**
 * `decideRetry` as a table of named cases (after terraform-plugin-framework's `requires_replace_test.go`).
 */
import * as assert from "assert";

import {
    DEFAULT_RETRY_POLICY,
    PartnerCenterError,
    decideRetry,
    parseRetryAfter,
    resolveRetryPolicy,
} from "pulumi-partnercenter/client";
import type { PartnerCenterErrorInit, RetryPolicy } from "pulumi-partnercenter/client";

const policy: RetryPolicy = DEFAULT_RETRY_POLICY;

function err(init: Partial<PartnerCenterErrorInit>): PartnerCenterError {
    return new PartnerCenterError({
        kind: "http",
        status: 500,
        operation: "getCustomer",
        method: "GET",
        path: "/v1/customers/x",
        retryable: true,
        ambiguous: false,
        ...init,
    });
}

interface Case {
    readonly error: unknown;
    readonly attempt?: number;
    readonly elapsedMs?: number;
    readonly random?: number;
    readonly retryAmbiguous?: boolean;
    /** Throttle rejections so far, this one included. */
    readonly throttled?: number;
    readonly policy?: Partial<RetryPolicy>;
    readonly retry: boolean;
    /** Exact delay, or [min, max] inclusive. */
    readonly delayMs?: number | readonly [number, number];
    readonly reason?: RegExp;
}

const cases: Record<string, Case> = {
    "429 with Retry-After seconds waits exactly Retry-After when backoff is smaller": {
        error: err({ status: 429, retryAfterMs: 57_000, retryable: true }),
        random: 0.5,
        retry: true,
        delayMs: 57_000,
        reason: /429 throttled.*Retry-After 57s/,
    },
    "429 wait is never below Retry-After, even with the largest jitter": {
        error: err({ status: 429, retryAfterMs: 1_000 }),
        attempt: 5,
        random: 0.999,
        retry: true,
        delayMs: [1_000, 8_000],
    },
    "429 without Retry-After waits defaultRetryAfterMs": {
        error: err({ status: 429 }),
        random: 0,
        retry: true,
        delayMs: 30_000,
    },
    "429 Retry-After above maxRetryAfterMs fails now rather than waiting less": {
        error: err({ status: 429, retryAfterMs: 300_000 }),
        retry: false,
        reason: /Retry-After 300s exceeds the 120s limit/,
    },
    "429 Retry-After exactly maxRetryAfterMs is honoured": {
        error: err({ status: 429, retryAfterMs: 120_000 }),
        random: 0,
        retry: true,
        delayMs: 120_000,
    },
    "429 is retried even for createCustomer (a rejection, not ambiguous)": {
        error: err({ status: 429, retryAfterMs: 2_000, operation: "createCustomer" }),
        retryAmbiguous: false,
        random: 0,
        retry: true,
        delayMs: 2_000,
    },
    "503 with Retry-After is a rejection: retried for createCustomer after Retry-After": {
        error: err({ status: 503, retryAfterMs: 5_000, operation: "createCustomer", ambiguous: false }),
        retryAmbiguous: false,
        random: 0,
        retry: true,
        delayMs: 5_000,
    },
    "500 after sending is ambiguous: createCustomer is not retried": {
        error: err({ status: 500, operation: "createCustomer", ambiguous: true }),
        retryAmbiguous: false,
        retry: false,
        reason: /may have been processed.*reconcile/,
    },
    "500 on an idempotent read backs off (attempt 1: [0, base))": {
        error: err({ status: 500, ambiguous: true }),
        random: 0.5,
        retry: true,
        delayMs: 250,
    },
    "backoff doubles per attempt (attempt 3 with random 0.5 = 0.5 * 2000)": {
        error: err({ status: 502, ambiguous: true }),
        attempt: 3,
        random: 0.5,
        retry: true,
        delayMs: 1_000,
    },
    "backoff is capped at maxDelayMs": {
        error: err({ status: 504, ambiguous: true }),
        attempt: 5,
        random: 0.999,
        policy: { maxAttempts: 20, baseDelayMs: 10_000, maxDelayMs: 12_000 },
        retry: true,
        delayMs: [11_000, 12_000],
    },
    "full jitter can be zero": {
        error: err({ status: 500 }),
        random: 0,
        retry: true,
        delayMs: 0,
    },
    "408 is retried": {
        error: err({ status: 408 }),
        random: 1,
        retry: true,
        delayMs: 500,
    },
    "connection refused (never sent) is retried even for createCustomer": {
        error: err({ kind: "network", status: 0, operation: "createCustomer", ambiguous: false }),
        retryAmbiguous: false,
        random: 0.5,
        retry: true,
        delayMs: 250,
    },
    "connection reset after sending is not retried for createCustomer": {
        error: err({ kind: "network", status: 0, operation: "createCustomer", ambiguous: true }),
        retryAmbiguous: false,
        retry: false,
        reason: /not safe to replay/,
    },
    "timeout is retried for an idempotent operation": {
        error: err({ kind: "timeout", status: 0, ambiguous: true }),
        random: 0.5,
        retry: true,
        delayMs: 250,
    },
    "timeout is not retried for createCustomer": {
        error: err({ kind: "timeout", status: 0, ambiguous: true, operation: "createCustomer" }),
        retryAmbiguous: false,
        retry: false,
    },
    "400 is in doNotRetry": { error: err({ status: 400, retryable: false }), retry: false, reason: /400 is final/ },
    "403 is in doNotRetry": { error: err({ status: 403, retryable: false }), retry: false },
    "404 is in doNotRetry": { error: err({ status: 404, retryable: false }), retry: false },
    "409 is in doNotRetry": { error: err({ status: 409, retryable: false }), retry: false },
    "412 is in doNotRetry (a stale etag does not get fresher)": { error: err({ status: 412 }), retry: false },
    "a custom doNotRetry list can stop 503": {
        error: err({ status: 503 }),
        policy: { doNotRetry: [503] },
        retry: false,
    },
    "other 4xx (422) are not transient": { error: err({ status: 422 }), retry: false, reason: /not transient/ },
    "501 is not transient": { error: err({ status: 501 }), retry: false },
    "401 is left to the client's token refresh": { error: err({ status: 401 }), retry: false, reason: /unauthorized/ },
    "maxAttempts reached": {
        error: err({ status: 500 }),
        attempt: 6,
        retry: false,
        reason: /gave up: 6 attempts/,
    },
    "one attempt below maxAttempts still retries": { error: err({ status: 500 }), attempt: 5, random: 0, retry: true },
    "429s do not use up maxAttempts": {
        error: err({ status: 429, retryAfterMs: 1_000 }),
        attempt: 10,
        throttled: 10,
        retry: true,
        delayMs: [1_000, 30_000],
    },
    "too many throttle rejections give up": {
        error: err({ status: 429, retryAfterMs: 1_000 }),
        attempt: 21,
        throttled: 21,
        retry: false,
        reason: /gave up: throttled 21 times/,
    },
    "a 5xx after many 429s still has its own attempts": {
        error: err({ status: 500 }),
        attempt: 12,
        throttled: 10,
        random: 0,
        retry: true,
    },
    "5xx attempts are counted without the 429s among them": {
        error: err({ status: 500 }),
        attempt: 16,
        throttled: 10,
        retry: false,
        reason: /gave up: 6 attempts/,
    },
    "a wait that would pass the deadline fails now": {
        error: err({ status: 429, retryAfterMs: 60_000 }),
        elapsedMs: 9 * 60_000 + 1,
        retry: false,
        reason: /would pass the 600s deadline/,
    },
    "a wait ending exactly at the deadline is allowed": {
        error: err({ status: 429, retryAfterMs: 60_000 }),
        elapsedMs: 9 * 60_000,
        random: 0,
        retry: true,
        delayMs: 60_000,
    },
    "decode errors are not retried": {
        error: err({ kind: "decode", status: 200, ambiguous: true, retryable: false }),
        retry: false,
        reason: /decode/,
    },
    "aborts are not retried": { error: err({ kind: "aborted", status: 0 }), retry: false, reason: /aborted/ },
    "a non-Partner Center error is not retried": { error: new Error("boom"), retry: false, reason: /unexpected/ },
    "a duck-typed error from another copy of the module is recognised": {
        error: {
            name: "PartnerCenterError",
            kind: "http",
            status: 503,
            operation: "getCustomer",
            ambiguous: true,
            retryable: true,
        },
        random: 0,
        retry: true,
    },
};

describe("client: decideRetry", () => {
    for (const [name, c] of Object.entries(cases)) {
        it(name, () => {
            const p = c.policy ? resolveRetryPolicy(c.policy) : policy;
            const d = decideRetry(c.error, c.attempt ?? 1, p, c.elapsedMs ?? 0, () => c.random ?? 0.5, {
                retryAmbiguous: c.retryAmbiguous ?? true,
                throttled: c.throttled ?? 0,
            });
            assert.strictEqual(d.retry, c.retry, `retry (${d.reason})`);
            if (!c.retry) {
                assert.strictEqual(d.delayMs, 0);
            }
            if (typeof c.delayMs === "number") {
                assert.strictEqual(d.delayMs, c.delayMs, d.reason);
            } else if (c.delayMs) {
                assert.ok(
                    d.delayMs >= c.delayMs[0] && d.delayMs <= c.delayMs[1],
                    `${d.delayMs} in ${c.delayMs.join("..")}`,
                );
            }
            if (c.reason) {
                assert.match(d.reason, c.reason);
            }
        });
    }

    it("full jitter stays within [0, min(maxDelay, base * 2^(attempt-1))) over many draws", () => {
        for (let attempt = 1; attempt <= 5; attempt++) {
            const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
            const seen = new Set<number>();
            for (let i = 0; i < 200; i++) {
                const d = decideRetry(err({ status: 500 }), attempt, policy, 0, Math.random, { retryAmbiguous: true });
                assert.ok(d.retry && d.delayMs >= 0 && d.delayMs < cap, `${d.delayMs} < ${cap}`);
                seen.add(d.delayMs);
            }
            assert.ok(seen.size > 10, "jitter varies");
        }
    });
});

describe("client: parseRetryAfter", () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    const table: Array<[string, string | null | undefined, number | undefined]> = [
        ["delta seconds", "57", 57_000],
        ["zero", "0", 0],
        ["fractional seconds round up", "1.5", 1_500],
        ["whitespace", " 3 ", 3_000],
        ["HTTP date 30 s ahead", new Date(now + 30_000).toUTCString(), 30_000],
        ["HTTP date in the past is 0", new Date(now - 30_000).toUTCString(), 0],
        ["garbage", "soon", undefined],
        ["negative is not a delta", "-5", undefined],
        ["absent", null, undefined],
        ["undefined", undefined, undefined],
    ];
    for (const [name, value, expected] of table) {
        it(name, () => assert.strictEqual(parseRetryAfter(value, now), expected));
    }
});

describe("client: resolveRetryPolicy", () => {
    it("applies overrides over the defaults and ignores undefined", () => {
        const p = resolveRetryPolicy({ maxAttempts: 2, baseDelayMs: undefined });
        assert.strictEqual(p.maxAttempts, 2);
        assert.strictEqual(p.baseDelayMs, DEFAULT_RETRY_POLICY.baseDelayMs);
    });
    it("has the documented defaults", () => {
        assert.deepStrictEqual(
            { ...DEFAULT_RETRY_POLICY, doNotRetry: [...DEFAULT_RETRY_POLICY.doNotRetry] },
            {
                maxAttempts: 6,
                maxThrottledAttempts: 20,
                baseDelayMs: 500,
                maxDelayMs: 30_000,
                maxRetryAfterMs: 120_000,
                defaultRetryAfterMs: 30_000,
                deadlineMs: 600_000,
                attemptTimeoutMs: 100_000,
                connectionRefusedGraceMs: 1_000,
                doNotRetry: [400, 403, 404, 409, 412],
            },
        );
    });
    it("rejects nonsense", () => {
        assert.throws(() => resolveRetryPolicy({ maxAttempts: 0 }), /maxAttempts/);
        assert.throws(() => resolveRetryPolicy({ deadlineMs: -1 }), /deadlineMs/);
        assert.throws(() => resolveRetryPolicy({ baseDelayMs: Number.NaN }), /baseDelayMs/);
    });
});

describe("client: failures that cannot heal fail fast", () => {
    const network = (networkCode: string, ambiguous = false) =>
        err({ kind: "network", status: 0, networkCode, ambiguous, description: `network error ${networkCode}` });
    const decide = (e: PartnerCenterError, elapsedMs = 0) =>
        decideRetry(e, 1, policy, elapsedMs, () => 0.5, { retryAmbiguous: true });

    it("https against a plain-HTTP server (EPROTO, ERR_SSL_*): not retried, hint names http://", () => {
        for (const code of ["EPROTO", "ERR_SSL_WRONG_VERSION_NUMBER"]) {
            const d = decide(network(code, true));
            assert.strictEqual(d.retry, false, code);
            assert.match(d.reason, /TLS\/protocol mismatch/);
            assert.match(d.reason, /http:\/\//);
        }
    });
    it("a host name that does not resolve (ENOTFOUND): not retried, names partnercenter:endpoint", () => {
        const d = decide(network("ENOTFOUND"));
        assert.strictEqual(d.retry, false);
        assert.match(d.reason, /partnercenter:endpoint/);
    });
    it("a refused connection is retried within the grace, then fails asking whether the emulator runs", () => {
        assert.strictEqual(decide(network("ECONNREFUSED"), 500).retry, true);
        const d = decide(network("ECONNREFUSED"), policy.connectionRefusedGraceMs);
        assert.strictEqual(d.retry, false);
        assert.match(d.reason, /emulator/);
        assert.match(d.reason, /partnercenter:endpoint/);
    });
    it("a connection reset (may heal) is still retried", () => {
        assert.strictEqual(decide(network("ECONNRESET", true)).retry, true);
    });
});
