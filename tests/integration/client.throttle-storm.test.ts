/**
 * Investigation of an e2e flake ("checkDomainAvailability … failed after 6 attempts: 429" although the throttle
 * rule had fewer than six 429s to give), reproduced WITHOUT the Pulumi engine: the real client over real HTTP,
 * the provider's pacing (450 requests/minute, 16 concurrent), and the e2e's two throttle rules (×10 on
 * createCustomer, ×3 or ×5 on checkDomainAvailability, Retry-After 1 s). Every attempt the client reports must be
 * a request the emulator saw (same MS-RequestId), every failed attempt a 429 the rules handed out, and no call may
 * take more attempts than the 429s it was given plus one: a shared pause, a stale clock, a shared attempt counter
 * or a mis-read HEAD response would each break one of these.
 */
import * as assert from "assert";

import type { CustomerCreateRequest } from "pulumi-partnercenter/api";
import { createPartnerCenterClient } from "pulumi-partnercenter/client";
import type { ClientEvent, PartnerCenterClient } from "pulumi-partnercenter/client";

import { startEmulator, type Emulator, type RequestLogEntry } from "../../emulator";
import { createBody, uniquePrefix } from "./emulator-helpers";

const CUSTOMERS = 20;

interface Storm {
    /** Client "request" events (one per attempt), by MS-RequestId. */
    attempts: Map<string, number>;
    errors: string[];
    log: RequestLogEntry[];
}

describe("client under a 429 storm on two operations (e2e flake, without the engine)", function () {
    this.timeout(60_000);
    let emulator: Emulator;

    before(async () => {
        emulator = await startEmulator({ port: 0, quiet: true });
    });
    after(async () => {
        await emulator.close();
    });
    beforeEach(() => {
        emulator.faults.clear();
    });

    function client(attempts: Map<string, number>): PartnerCenterClient {
        const { tenantId, clientId, clientSecret, refreshToken } = emulator.seed.partner;
        return createPartnerCenterClient({
            apiBase: emulator.url,
            credentials: { kind: "refreshToken", tenantId, clientId, clientSecret, refreshToken },
            // The provider's defaults (settings.ts).
            pacing: { requestsPerMinute: 450, maxConcurrency: 16 },
            onEvent: (e: ClientEvent) => {
                if (e.kind === "request") {
                    attempts.set(e.requestId, (attempts.get(e.requestId) ?? 0) + 1);
                }
            },
        });
    }

    /** Install the e2e's rules, run `work` with a fresh client, return what both sides saw. */
    async function storm(
        domainThrottles: number,
        work: (c: PartnerCenterClient, errors: string[]) => Promise<void>,
    ): Promise<Storm> {
        emulator.faults.add({
            kind: "throttle",
            count: 10,
            retryAfterSeconds: 1,
            match: { operation: "createCustomer" },
        });
        emulator.faults.add({
            kind: "throttle",
            count: domainThrottles,
            retryAfterSeconds: 1,
            match: { operation: "checkDomainAvailability" },
        });
        const start = emulator.requestLog.length;
        const attempts = new Map<string, number>();
        const errors: string[] = [];
        await work(client(attempts), errors);
        return { attempts, errors, log: emulator.requestLog.slice(start).filter((r) => r.operation !== "token") };
    }

    /** What must hold whatever the interleaving. */
    function assertAttemptsAreTheServicesAnswers(s: Storm, domainThrottles: number): void {
        assert.deepStrictEqual(s.errors, []);
        assert.deepStrictEqual(emulator.faults.list(), [], "both rules fully consumed");
        const throttled = (op: string) => s.log.filter((r) => r.operation === op && r.fault === "throttle").length;
        assert.strictEqual(throttled("createCustomer"), 10);
        assert.strictEqual(throttled("checkDomainAvailability"), domainThrottles);
        assert.strictEqual(s.log.filter((r) => r.status === 429).length, 10 + domainThrottles, "no other 429");

        const byRequest = new Map<string, RequestLogEntry[]>();
        for (const r of s.log) {
            byRequest.set(r.requestId, [...(byRequest.get(r.requestId) ?? []), r]);
        }
        assert.strictEqual(byRequest.size, 2 * CUSTOMERS, "one MS-RequestId per logical call");
        for (const [requestId, entries] of byRequest) {
            const what = `${entries[0]?.operation} ${requestId}: ${entries.map((e) => e.status).join(", ")}`;
            // The client counted exactly the requests the emulator saw: no phantom attempt (a pause or a wait
            // counted as an attempt), none shared with another call.
            assert.strictEqual(s.attempts.get(requestId), entries.length, what);
            // Every attempt but the last was an injected 429; the last one succeeded (HEAD: 404 = available).
            const last = entries[entries.length - 1];
            assert.ok(
                entries.slice(0, -1).every((e) => e.status === 429 && e.fault === "throttle"),
                what,
            );
            assert.ok(last?.status === 404 || last?.status === 201, what);
            // Retry-After 1 s honoured between the attempts of one call (ms clock granularity).
            for (let i = 1; i < entries.length; i++) {
                const gap = Date.parse(entries[i]?.time ?? "") - Date.parse(entries[i - 1]?.time ?? "");
                assert.ok(gap >= 995, `${what}: retried after ${gap} ms`);
            }
        }
    }

    it("20 concurrent isDomainTaken + createCustomer: attempts = 429s received + 1, none fails", async () => {
        const prefix = uniquePrefix("storm");
        const s = await storm(5, async (c, errors) => {
            await Promise.all(
                Array.from({ length: CUSTOMERS }, async (_, i) => {
                    const domain = `${prefix}${i}.onmicrosoft.com`;
                    try {
                        assert.strictEqual(await c.isDomainTaken(domain), false);
                        await c.createCustomer(createBody({ prefix: `${prefix}${i}` }) as CustomerCreateRequest);
                    } catch (e) {
                        errors.push(`${domain}: ${e instanceof Error ? e.message : String(e)}`);
                    }
                }),
            );
        });
        assertAttemptsAreTheServicesAnswers(s, 5);
    });

    it("engine order (checks one at a time, creates in parallel as checks pass): the same holds", async () => {
        const prefix = uniquePrefix("storq");
        const s = await storm(3, async (c, errors) => {
            const creates: Promise<unknown>[] = [];
            for (let i = 0; i < CUSTOMERS; i++) {
                const domain = `${prefix}${i}.onmicrosoft.com`;
                try {
                    assert.strictEqual(await c.isDomainTaken(domain), false);
                } catch (e) {
                    errors.push(`check ${domain}: ${e instanceof Error ? e.message : String(e)}`);
                    continue;
                }
                creates.push(
                    c
                        .createCustomer(createBody({ prefix: `${prefix}${i}` }) as CustomerCreateRequest)
                        .catch((e: unknown) => errors.push(`create ${domain}: ${String(e)}`)),
                );
            }
            await Promise.all(creates);
        });
        assertAttemptsAreTheServicesAnswers(s, 3);
    });

    it("a burst of throttling on one call does not use up its attempts (maxThrottledAttempts, not maxAttempts)", async () => {
        // 8 x 429 in a row on one call, then a 500: more failed attempts than maxAttempts (6), yet it succeeds,
        // because throttle rejections are bounded separately (and by the deadline).
        emulator.faults.add({ kind: "throttle", count: 8, retryAfterSeconds: 0, match: { operation: "getCustomer" } });
        emulator.faults.add({
            kind: "status",
            status: 500,
            count: 1,
            phase: "before",
            match: { operation: "getCustomer" },
        });
        const { tenantId, clientId, clientSecret, refreshToken } = emulator.seed.partner;
        const c = createPartnerCenterClient({
            apiBase: emulator.url,
            credentials: { kind: "refreshToken", tenantId, clientId, clientSecret, refreshToken },
            random: () => 0, // no jitter: Retry-After 0 means no wait, so the test is fast
        });
        const created = await c.createCustomer(createBody({ prefix: `burst${Date.now()}` }) as CustomerCreateRequest);
        const start = emulator.requestLog.length;
        const customer = await c.getCustomer(created.id);
        assert.strictEqual(customer.id, created.id);
        const gets = emulator.requestLog.slice(start).filter((e) => e.operation === "getCustomer");
        assert.deepStrictEqual(
            gets.map((e) => e.status),
            [429, 429, 429, 429, 429, 429, 429, 429, 500, 200],
        );
        assert.strictEqual(new Set(gets.map((e) => e.requestId)).size, 1, "one MS-RequestId for the logical call");
    });
});
