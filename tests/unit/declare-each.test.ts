/**
 * `declareEach`: order, batching on timer turns, and its option rule. Its effect on a real run (the first call
 * at N = 1000 moves from about 10 s to under 4 s) is measured by `npm run bench`, not here.
 */
import assert from "node:assert/strict";

import { declareEach } from "pulumi-partnercenter";

describe("declareEach", () => {
    it("declares every item once, in order, with its index, and resolves to the results in order", async () => {
        const seen: string[] = [];
        const results = await declareEach(
            ["a", "b", "c", "d", "e"],
            (item, index) => {
                seen.push(`${index}:${item}`);
                return item.toUpperCase();
            },
            { batchSize: 2 },
        );
        assert.deepEqual(seen, ["0:a", "1:b", "2:c", "3:d", "4:e"]);
        assert.deepEqual(results, ["A", "B", "C", "D", "E"]);
    });

    it("yields a timer turn between batches, and only between them", async () => {
        const events: string[] = [];
        // Scheduled before the call: it must run after the first batch and before the second.
        setTimeout(() => events.push("timer"), 0);
        await declareEach([0, 1, 2, 3, 4], (item) => events.push(`declare ${item}`), { batchSize: 2 });
        assert.deepEqual(events, ["declare 0", "declare 1", "timer", "declare 2", "declare 3", "declare 4"]);
    });

    it("declares a list no longer than one batch without waiting for a timer", async () => {
        const events: string[] = [];
        setTimeout(() => events.push("timer"), 0);
        await declareEach([0, 1, 2], (item) => events.push(`declare ${item}`));
        assert.deepEqual(events, ["declare 0", "declare 1", "declare 2"]);
    });

    it("resolves to [] for an empty list", async () => {
        assert.deepEqual(await declareEach([], () => assert.fail("declared an item of an empty list")), []);
    });

    for (const batchSize of [0, -1, 1.5, Number.NaN]) {
        it(`rejects batchSize ${batchSize} before declaring anything, naming the option and the rule`, async () => {
            let declared = 0;
            await assert.rejects(
                declareEach([1, 2], () => (declared += 1), { batchSize }),
                (error: Error) =>
                    error instanceof TypeError &&
                    error.message === `declareEach: options.batchSize must be a positive integer, got ${batchSize}`,
            );
            assert.equal(declared, 0);
        });
    }

    it("stops at the first error and rejects with it", async () => {
        const declared: number[] = [];
        await assert.rejects(
            declareEach(
                [0, 1, 2, 3, 4],
                (item) => {
                    if (item === 3) {
                        throw new Error("entry 3 is not valid");
                    }
                    declared.push(item);
                },
                { batchSize: 2 },
            ),
            /entry 3 is not valid/,
        );
        assert.deepEqual(declared, [0, 1, 2]);
    });
});
