/**
 * Partner Center's read-after-create lag (a new customer answers 404 for a while) must not be mistaken for
 * deletion: not by refresh, and not by destroy right after create. Also: a bad provider setting stays an error.
 */
import * as assert from "assert";

import * as impl from "pulumi-partnercenter/implementation";

import { startEmulator, type Emulator } from "../../emulator";
import { customerArgs } from "../fixtures/customers";
import { configureImplementation } from "../fixtures/emulator-config";
import { logged, type LoggedLine } from "../fixtures/log-capture";

describe("read-after-create lag", function () {
    this.timeout(30_000);
    let emulator: Emulator;

    before(async () => {
        emulator = await startEmulator({ quiet: true, readAfterCreateLagMs: 1500 });
    });
    after(async () => {
        impl.resetRuntime();
        await emulator?.close();
    });

    async function createCustomer(prefix: string, extra: Record<string, unknown> = {}) {
        const checked = await impl.provider.check({}, customerArgs(prefix, extra));
        assert.deepStrictEqual(checked.failures, []);
        return impl.provider.create(checked.inputs);
    }

    it("refresh right after create waits for the customer instead of dropping it", async () => {
        configureImplementation(emulator, { readAfterCreateLagSeconds: "10" });
        const { id, outs } = await createCustomer("laggedread");
        const result = await impl.provider.read(id, outs);
        assert.strictEqual(result.id, id);
    });

    /** Progress lines of the read-after-create window: `[retrying in s, s left]` of each wait, in order. */
    function waits(lines: LoggedLine[], id: string): [number, number][] {
        return lines
            .filter((l) => l.level === "info" && l.message.startsWith(`customer ${id} (`))
            .map((l) => /retrying in (\d+) s; (\d+) s left before it counts as deleted$/.exec(l.message))
            .filter((m): m is RegExpExecArray => m !== null)
            .map((m) => [Number(m[1]), Number(m[2])]);
    }

    it("refresh right after an out-of-band delete shows each wait with the time left, then warns of the removal", async () => {
        // A 4 s window keeps the test short: waits of 1 s and 2 s fit in it, the next (4 s) does not.
        configureImplementation(emulator, { readAfterCreateLagSeconds: "4" });
        const { id, outs } = await createCustomer("oobdeleted");
        assert.ok(emulator.store.delete(id));
        const { result, lines } = await logged(() => impl.provider.read(id, outs));
        assert.strictEqual(result.id, "", "removed from state");
        const shown = waits(lines, id);
        assert.ok(shown.length >= 1, `at least one wait is shown: ${JSON.stringify(lines)}`);
        const [first] = shown;
        assert.strictEqual(first?.[0], 1, "the first wait is 1 s");
        for (const [i, [delay, left]] of shown.entries()) {
            assert.ok(left <= 4 && left >= delay, `wait ${i}: ${delay} s with ${left} s left`);
            if (i > 0) {
                assert.ok(delay > shown[i - 1]![0], "the waits grow");
                assert.ok(left < shown[i - 1]![1], "the time left shrinks");
            }
        }
        assert.ok(
            lines.filter((l) => l.level === "info").every((l) => l.message.includes("oobdeleted.onmicrosoft.com")),
            "each progress line names the domain",
        );
        const last = lines.at(-1);
        assert.strictEqual(last?.level, "warning");
        assert.match(
            last?.message ?? "",
            new RegExp(
                `^customer ${id} \\(oobdeleted\\.onmicrosoft\\.com\\) no longer exists in Partner Center; removing it from state`,
            ),
        );
    });

    it("refresh of a customer deleted after the window: no waits, the removal is a warning at once", async () => {
        configureImplementation(emulator, { readAfterCreateLagSeconds: "4" });
        const { id, outs } = await createCustomer("olddeleted");
        assert.ok(emulator.store.delete(id));
        const { result, lines } = await logged(() =>
            impl.provider.read(id, { ...outs, createdAt: "2020-01-01T00:00:00.000Z" }),
        );
        assert.strictEqual(result.id, "");
        assert.deepStrictEqual(waits(lines, id), []);
        const shown = lines.filter((l) => l.level !== "debug");
        assert.deepStrictEqual(
            shown.map((l) => l.level),
            ["warning"],
            JSON.stringify(shown),
        );
        assert.match(shown[0]?.message ?? "", /no longer exists in Partner Center; removing it from state/);
    });

    it("destroy right after create deletes the customer instead of taking the 404 for 'already gone'", async () => {
        configureImplementation(emulator, { readAfterCreateLagSeconds: "10" });
        const { id, outs } = await createCustomer("laggeddelete", { onDelete: "delete" });
        assert.ok(emulator.store.get(id));
        await impl.provider.delete(id, outs);
        assert.strictEqual(emulator.store.get(id), undefined, "the customer was deleted");
        const statuses = emulator.requestLog.filter((e) => e.operation === "deleteCustomer").map((e) => e.status);
        assert.strictEqual(statuses.at(-1), 204);
        assert.ok(statuses.includes(404), "the first DELETE met the lag");
    });

    it("a bad setting keeps failing every call, not only configure (the host configures once)", async () => {
        assert.throws(() => configureImplementation(emulator, { requestsPerMinute: "fast" }), /requestsPerMinute/);
        const checked = await impl.provider.check({}, customerArgs("afterbadconfig"));
        assert.match(JSON.stringify(checked.failures), /partnercenter:requestsPerMinute must be a non-negative number/);
        await assert.rejects(impl.provider.create(checked.inputs), /requestsPerMinute/);
        assert.strictEqual(emulator.store.findByDomain("afterbadconfig.onmicrosoft.com"), undefined);
    });
});
