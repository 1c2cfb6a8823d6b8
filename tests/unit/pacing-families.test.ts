/**
 * The provider's pacers per API family: each family's ceiling (the configured rate for Partner Center, the
 * published Graph limits for Graph), and a Graph write going through the write pacer and the any-call pacer.
 */
import * as assert from "assert";

import { combinePacers, createPacer } from "pulumi-partnercenter/client";
import { familyPacing } from "pulumi-partnercenter/runtime";

describe("pacing per API family", () => {
    const configured = { requestsPerMinute: 500, maxConcurrency: 16, adaptive: {} };

    it("Partner Center families take the configured rate; Graph families their published limits", () => {
        assert.deepStrictEqual(familyPacing(configured, "customers"), configured);
        assert.deepStrictEqual(familyPacing(configured, "mca"), configured);
        assert.deepStrictEqual(familyPacing(configured, "graphWrite"), { ...configured, requestsPerMinute: 300 });
        assert.deepStrictEqual(familyPacing(configured, "graph"), { ...configured, requestsPerMinute: 3000 });
        const off = { requestsPerMinute: 0, maxConcurrency: 16 };
        assert.deepStrictEqual(familyPacing(off, "graphWrite"), off, "pacing off stays off for every family");
    });

    it("a combined pacer waits for the slower of its pacers, and takes a token from each", async () => {
        let now = 0;
        const waits: number[] = [];
        const deps = {
            now: () => now,
            sleep: async (ms: number) => {
                waits.push(ms);
                now += ms;
            },
        };
        const writes = createPacer({ requestsPerMinute: 60, burst: 1, maxConcurrency: 0 }, deps);
        const any = createPacer({ requestsPerMinute: 600, burst: 1, maxConcurrency: 0 }, deps);
        const write = combinePacers([writes, any]);
        (await write.acquire())();
        assert.deepStrictEqual(waits, [], "both buckets had their token");
        (await any.acquire())();
        assert.strictEqual(waits.length, 1, "the any-call bucket was spent by the write");
        assert.ok((waits[0] ?? 0) >= 90 && (waits[0] ?? 0) <= 100, `waited ${waits[0]} ms (600/min)`);
        (await write.acquire())();
        assert.ok(
            waits.some((w) => w >= 800),
            `the second write waited for the 60/min bucket: ${waits.join(",")}`,
        );
        write.pauseUntil(now + 5000);
        assert.strictEqual(writes.pausedUntil, now + 5000);
        assert.strictEqual(any.pausedUntil, now + 5000, "a throttle pauses both");
    });
});
