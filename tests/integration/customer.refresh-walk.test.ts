/**
 * Refresh at one call a customer: the customers come from their reseller's customer list (walked once per run and
 * reseller, a page per call), only the billing profile is read per customer. A customer deleted, or moved to
 * another reseller, out of band is not in the list: its read goes the long way (get by id) and reports it as before.
 * Each test starts a fresh runtime, as a `pulumi refresh` starts a fresh provider host.
 */
import * as assert from "assert";

import * as impl from "pulumi-partnercenter/implementation";

import { startEmulator, type Emulator } from "../../emulator";
import { customerArgs, OTHER_RESELLER } from "../fixtures/customers";
import { configureImplementation } from "../fixtures/emulator-config";
import { logged } from "../fixtures/log-capture";

type Outs = Record<string, unknown>;

describe("customer refresh from the reseller's customer list", function () {
    this.timeout(30_000);
    let emulator: Emulator;
    const created: { id: string; outs: Outs }[] = [];

    before(async () => {
        emulator = await startEmulator({ quiet: true });
        configureImplementation(emulator);
        for (let i = 0; i < 6; i++) {
            const checked = await impl.provider.check({}, customerArgs(`walk${i}`));
            assert.deepStrictEqual(checked.failures, []);
            const { id, outs } = await impl.provider.create(checked.inputs);
            created.push({ id, outs: { ...(outs as Outs), createdAt: "2020-01-01T00:00:00.000Z" } });
        }
    });
    after(async () => {
        impl.resetRuntime();
        await emulator?.close();
    });
    beforeEach(() => {
        configureImplementation(emulator, { readAfterCreateLagSeconds: "0" });
        emulator.clearRequestLog();
    });

    const calls = () => emulator.requestLog.filter((e) => e.operation !== "token").map((e) => e.operation);
    const count = (ops: string[], op: string) => ops.filter((o) => o === op).length;

    it("reads every customer with one billing call each and one walk of the list; state is unchanged", async () => {
        const reads = await Promise.all(created.slice(0, 4).map(({ id, outs }) => impl.provider.read(id, outs)));
        const ops = calls();
        assert.strictEqual(count(ops, "getBillingProfile"), 4);
        assert.strictEqual(count(ops, "getCustomer"), 0, "no get by id");
        assert.strictEqual(count(ops, "listCustomers"), 1, "the list walked once for all reads (one page)");
        assert.strictEqual(ops.length, 5);
        for (const [i, read] of reads.entries()) {
            const { createdAt: _c, ...before } = created[i]!.outs;
            const { createdAt: _r, ...after } = read.props as Outs;
            assert.deepStrictEqual(after, before, "a refresh of an unchanged customer changes nothing");
            assert.strictEqual(read.id, created[i]!.id);
        }
    });

    it("a customer deleted out of band is not listed: removed from state with the usual warning", async () => {
        const gone = created[4]!;
        assert.ok(emulator.store.delete(gone.id));
        const { result, lines } = await logged(() => impl.provider.read(gone.id, gone.outs));
        assert.strictEqual(result.id, "", "removed from state");
        const warnings = lines.filter((l) => l.level === "warning").map((l) => l.message);
        assert.strictEqual(warnings.length, 1, JSON.stringify(lines));
        assert.match(warnings[0] ?? "", /no longer exists in Partner Center; removing it from state/);
        assert.strictEqual(count(calls(), "getCustomer"), 1, "the long way confirmed it");
    });

    it("a customer deleted after the list was walked: the billing read says so, and the long way reports it", async () => {
        const [kept, doomed] = [created[0]!, created[1]!];
        await impl.provider.read(kept.id, kept.outs); // walks the list (both are in it)
        const stored = emulator.store.get(doomed.id)!;
        assert.ok(emulator.store.delete(doomed.id));
        try {
            const { result, lines } = await logged(() => impl.provider.read(doomed.id, doomed.outs));
            assert.strictEqual(result.id, "");
            assert.ok(lines.some((l) => l.level === "warning" && /no longer exists/.test(l.message)));
            assert.strictEqual(count(calls(), "listCustomers"), 1, "the list was not walked again");
        } finally {
            emulator.store.insert(stored);
        }
    });

    it("a customer moved to another reseller out of band: read by id, associatedPartnerId shows the move", async () => {
        const moved = created[5]!;
        const stored = emulator.store.get(moved.id)!;
        assert.ok(emulator.store.update({ ...stored, associatedPartnerId: OTHER_RESELLER }));
        const read = await impl.provider.read(moved.id, moved.outs);
        assert.strictEqual(read.id, moved.id);
        assert.strictEqual((read.props as Outs)["associatedPartnerId"], OTHER_RESELLER);
        assert.strictEqual(read.inputs?.associatedPartnerId, OTHER_RESELLER, "the next diff replaces it, as before");
        const ops = calls();
        assert.strictEqual(count(ops, "getCustomer"), 1, "not in its reseller's list: read by id");
    });
});
