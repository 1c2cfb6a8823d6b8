/**
 * Client-side pacing with a fake clock: the token bucket, the concurrency limit and the shared 429 pause.
 */
import * as assert from "assert";

import { createPacer, resolvePacingPolicy } from "pulumi-partnercenter/client";
import type { PacingWaitReason } from "pulumi-partnercenter/client";

import { FakeClock } from "./client-fakes";

describe("client: pacing", () => {
    it("is off by default: no waits at all", async () => {
        const clock = new FakeClock();
        const pacer = createPacer({}, clock);
        for (let i = 0; i < 100; i++) {
            (await pacer.acquire())();
        }
        assert.deepStrictEqual(clock.sleeps, []);
    });

    it("burst defaults to one second's worth of requests", () => {
        assert.strictEqual(resolvePacingPolicy({ requestsPerMinute: 450 }).burst, 8);
        assert.strictEqual(resolvePacingPolicy({ requestsPerMinute: 30 }).burst, 1);
        assert.strictEqual(resolvePacingPolicy({ requestsPerMinute: 450, burst: 20 }).burst, 20);
        assert.throws(() => resolvePacingPolicy({ requestsPerMinute: -1 }), /requestsPerMinute/);
    });

    it("token bucket: a burst goes at once, then one request per 1/rate", async () => {
        const clock = new FakeClock();
        const waits: Array<[number, PacingWaitReason]> = [];
        const pacer = createPacer({ requestsPerMinute: 60, burst: 3 }, clock);
        const start = clock.now();
        const times: number[] = [];
        for (let i = 0; i < 6; i++) {
            (await pacer.acquire((ms, why) => waits.push([ms, why])))();
            times.push(clock.now() - start);
        }
        assert.deepStrictEqual(times, [0, 0, 0, 1000, 2000, 3000]);
        assert.deepStrictEqual(waits, [
            [1000, "rate"],
            [1000, "rate"],
            [1000, "rate"],
        ]);
    });

    it("concurrent callers are served in order at the configured rate", async () => {
        const clock = new FakeClock();
        const pacer = createPacer({ requestsPerMinute: 120, burst: 1 }, clock);
        const start = clock.now();
        const order: Array<[number, number]> = [];
        await Promise.all(
            [0, 1, 2, 3].map(async (i) => {
                const release = await pacer.acquire();
                order.push([i, clock.now() - start]);
                release();
            }),
        );
        assert.deepStrictEqual(order, [
            [0, 0],
            [1, 500],
            [2, 1000],
            [3, 1500],
        ]);
    });

    it("the bucket refills while idle, up to the burst", async () => {
        const clock = new FakeClock();
        const pacer = createPacer({ requestsPerMinute: 60, burst: 2 }, clock);
        (await pacer.acquire())();
        (await pacer.acquire())();
        clock.advance(60_000);
        (await pacer.acquire())();
        (await pacer.acquire())();
        assert.deepStrictEqual(clock.sleeps, []);
        (await pacer.acquire())();
        assert.deepStrictEqual(clock.sleeps, [1000]);
    });

    it("maxConcurrency holds callers until a slot is released", async () => {
        const clock = new FakeClock();
        const pacer = createPacer({ maxConcurrency: 2 }, clock);
        const waits: PacingWaitReason[] = [];
        const r1 = await pacer.acquire();
        const r2 = await pacer.acquire();
        assert.strictEqual(pacer.inFlight, 2);
        let third = false;
        const p3 = pacer
            .acquire((_ms, why) => waits.push(why))
            .then((r) => {
                third = true;
                return r;
            });
        await new Promise((r) => setImmediate(r));
        assert.strictEqual(third, false);
        assert.deepStrictEqual(waits, ["concurrency"]);
        r1();
        r1(); // a second release is ignored
        const r3 = await p3;
        assert.strictEqual(third, true);
        assert.strictEqual(pacer.inFlight, 2);
        r2();
        r3();
        assert.strictEqual(pacer.inFlight, 0);
    });

    it("a 429 pause holds every caller until Retry-After has passed, even with pacing off", async () => {
        const clock = new FakeClock();
        const pacer = createPacer({}, clock);
        const waits: Array<[number, PacingWaitReason]> = [];
        const start = clock.now();
        pacer.pauseUntil(start + 5_000);
        pacer.pauseUntil(start + 1_000); // never shortens a pause
        const done = await Promise.all(
            [0, 1, 2].map(async () => {
                (await pacer.acquire((ms, why) => waits.push([ms, why])))();
                return clock.now() - start;
            }),
        );
        assert.ok(
            done.every((t) => t >= 5_000),
            String(done),
        );
        assert.deepStrictEqual(waits[0], [5_000, "paused"]);
    });

    it("an aborted waiter gives up without blocking the others", async () => {
        const clock = new FakeClock();
        const pacer = createPacer({ maxConcurrency: 1 }, clock);
        const r1 = await pacer.acquire();
        const controller = new AbortController();
        const p2 = pacer.acquire(undefined, controller.signal);
        const p3 = pacer.acquire();
        controller.abort(new Error("stop"));
        await assert.rejects(p2, /stop/);
        r1();
        (await p3)();
        assert.strictEqual(pacer.inFlight, 0);
    });
});
