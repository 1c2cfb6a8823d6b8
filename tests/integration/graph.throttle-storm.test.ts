/**
 * The Graph client under a 429 storm, over real HTTP against the emulator's Graph area: the same invariants as the
 * Partner Center storm (`client.throttle-storm.test.ts`): every call succeeds, every failed attempt is one of the
 * injected 429s and no other 429 happens, one `client-request-id` per logical call, attempts = 429s received + 1,
 * Retry-After honoured. On top, what the shared call loop adds for Graph: each 429 is fed back to the adaptive
 * pacer, so its rate is cut (before the loop was shared, Graph never reported a throttle and its rate only grew).
 */
import * as assert from "assert";

import { createPacer, type ClientEvent, type Pacer } from "pulumi-partnercenter/client";
import { createGraphClient, type GraphClient } from "pulumi-partnercenter/graph";

import { startEmulator, type Emulator, type RequestLogEntry } from "../../emulator";

const CALLS = 20;
const THROTTLES = 10;
const LIST = "listDelegatedAdminRelationships";

describe("Graph client under a 429 storm (adaptive pacing, throttle feedback)", function () {
    this.timeout(60_000);
    let emulator: Emulator;

    before(async () => {
        emulator = await startEmulator({ port: 0, quiet: true });
    });
    after(async () => {
        await emulator?.close();
    });

    function client(pacer: Pacer, attempts: Map<string, number>): GraphClient {
        const { tenantId, clientId, clientSecret } = emulator.seed.partner;
        return createGraphClient({
            graphBase: `${emulator.url}/graph`,
            authority: emulator.url,
            credentials: { kind: "clientCredentials", tenantId, clientId, clientSecret },
            pacer,
            onEvent: (e: ClientEvent) => {
                if (e.kind === "request") {
                    attempts.set(e.requestId, (attempts.get(e.requestId) ?? 0) + 1);
                }
            },
        });
    }

    it(`${CALLS} concurrent calls, ${THROTTLES} x 429: all succeed, attempts = 429s + 1, the adaptive rate is cut`, async () => {
        // Adaptive pacing with the provider's knobs (settings.ts: adaptive, 16 concurrent) but a start at the ceiling,
        // so the burst meets the storm at once and the test does not wait out a slow start.
        const ceiling = 600;
        const pacer = createPacer(
            { requestsPerMinute: ceiling, maxConcurrency: 16, adaptive: { initialRequestsPerMinute: ceiling } },
            { now: Date.now, sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) },
        );
        assert.strictEqual(pacer.requestsPerMinute, ceiling);
        emulator.faults.add({ kind: "throttle", count: THROTTLES, retryAfterSeconds: 1, match: { operation: LIST } });
        const start = emulator.requestLog.length;
        const attempts = new Map<string, number>();
        const graph = client(pacer, attempts);
        const errors: string[] = [];
        await Promise.all(
            Array.from({ length: CALLS }, () =>
                graph
                    .listRelationships()
                    .catch((e: unknown) => errors.push(e instanceof Error ? e.message : String(e))),
            ),
        );
        const log: RequestLogEntry[] = emulator.requestLog.slice(start).filter((r) => r.operation === LIST);

        assert.deepStrictEqual(errors, []);
        assert.deepStrictEqual(emulator.faults.list(), [], "the rule is fully consumed");
        const throttled = log.filter((r) => r.status === 429);
        assert.strictEqual(throttled.length, THROTTLES, "no 429 beyond the injected ones");
        assert.ok(
            throttled.every((r) => r.fault === "throttle"),
            "every 429 is an injected one",
        );
        assert.ok(
            throttled.length / log.length <= THROTTLES / (CALLS + THROTTLES),
            `${throttled.length} of ${log.length}`,
        );

        const byRequest = new Map<string, RequestLogEntry[]>();
        for (const r of log) {
            byRequest.set(r.requestId, [...(byRequest.get(r.requestId) ?? []), r]);
        }
        assert.strictEqual(byRequest.size, CALLS, "one client-request-id per logical call");
        for (const [requestId, entries] of byRequest) {
            const what = `${requestId}: ${entries.map((e) => e.status).join(", ")}`;
            assert.strictEqual(attempts.get(requestId), entries.length, what);
            assert.ok(
                entries.slice(0, -1).every((e) => e.status === 429),
                what,
            );
            assert.strictEqual(entries[entries.length - 1]?.status, 200, what);
            for (let i = 1; i < entries.length; i++) {
                const gap = Date.parse(entries[i]?.time ?? "") - Date.parse(entries[i - 1]?.time ?? "");
                assert.ok(gap >= 995, `${what}: retried after ${gap} ms`);
            }
        }

        // The throttles reached the pacer: one congestion event (the 429s of one burst), one cut.
        const state = pacer.adaptiveState;
        assert.ok(state && state.decreases >= 1, `decreases: ${state?.decreases}`);
        assert.strictEqual(state.slowStart, false, "the first throttle ends the slow start");
        assert.ok(pacer.requestsPerMinute < ceiling, `rate ${pacer.requestsPerMinute}/min after the storm`);
    });
});
