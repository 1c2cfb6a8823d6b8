/**
 * Partner Center's rate limit is per partner tenant, whichever token a call carries: the provider host's App+User
 * and App-only clients share one pacer (`ClientOptions.pacer`). Over real HTTP against the emulator, with the
 * pacer's clock and sleep injected, so the test counts waits instead of timing them.
 */
import * as assert from "assert";

import { createPacer, createPartnerCenterClient } from "pulumi-partnercenter/client";

import { startEmulator, type Emulator } from "../../emulator";

describe("client: one pacer shared by two clients of the same tenant", () => {
    let emulator: Emulator;
    before(async () => {
        emulator = await startEmulator();
    });
    after(async () => {
        await emulator.close();
    });

    /** A pacer of 60 requests/minute, burst 1, on a fake clock; `waits` records every pacing sleep. */
    function fakePacer() {
        let now = 0;
        const waits: number[] = [];
        const pacer = createPacer(
            { requestsPerMinute: 60, burst: 1, maxConcurrency: 0 },
            {
                now: () => now,
                sleep: async (ms) => {
                    waits.push(ms);
                    now += ms;
                },
            },
        );
        return { pacer, waits };
    }

    const clientWith = (pacer?: ReturnType<typeof fakePacer>["pacer"]) =>
        createPartnerCenterClient({
            apiBase: emulator.url,
            credentials: { kind: "accessToken", accessToken: emulator.issueAccessToken() },
            ...(pacer ? { pacer } : { pacing: { requestsPerMinute: 60, burst: 1, maxConcurrency: 0 } }),
        });

    it("a call of the second client waits for the budget the first one used", async () => {
        const { pacer, waits } = fakePacer();
        const appUser = clientWith(pacer);
        const appOnly = clientWith(pacer);
        await appUser.listIndirectResellers();
        assert.deepStrictEqual(waits, [], "the first call takes the one token of the bucket");
        await appOnly.listIndirectResellers();
        assert.strictEqual(waits.length, 1, "the second client waited for the shared bucket");
        assert.ok((waits[0] ?? 0) >= 900, `waited ${waits[0]} ms for one second's token`);
    });

    it("without a shared pacer each client has a budget of its own (the case the runtime avoids)", async () => {
        const { pacer, waits } = fakePacer();
        await clientWith(pacer).listIndirectResellers();
        await clientWith().listIndirectResellers();
        assert.deepStrictEqual(waits, []);
    });
});
