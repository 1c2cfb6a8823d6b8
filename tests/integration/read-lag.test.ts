/**
 * Partner Center's read-after-create lag (a new customer answers 404 for a while) must not be mistaken for
 * deletion: not by refresh, and not by destroy right after create. Also: a bad provider setting stays an error.
 */
import * as assert from "assert";

import * as impl from "pulumi-partnercenter/implementation";

import { startEmulator, type Emulator } from "../../emulator";
import { customerArgs } from "../fixtures/customers";
import { configureImplementation } from "../fixtures/emulator-config";

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
