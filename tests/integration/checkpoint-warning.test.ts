/**
 * The checkpoint-cost warning: a run that creates (or adopts) more customers in one stack than the engine's
 * per-step state writes can afford (CHECKPOINT_COST_CUSTOMERS, measured by the bench) is told so once, as soon as
 * it is known to cross it, with both ways out; not with PULUMI_SKIP_CHECKPOINTS=true, and not for customers
 * already in state.
 */
import * as assert from "assert";

import * as impl from "pulumi-partnercenter/implementation";
import { CHECKPOINT_COST_CUSTOMERS, checkpointsOn } from "pulumi-partnercenter/runtime";

import { startEmulator, type Emulator } from "../../emulator";
import { customerArgs } from "../fixtures/customers";
import { configureImplementation } from "../fixtures/emulator-config";
import { logged, type LoggedLine } from "../fixtures/log-capture";

describe("checkpoint-cost warning", function () {
    this.timeout(60_000);
    let emulator: Emulator;
    const saved = process.env["PULUMI_SKIP_CHECKPOINTS"];

    before(async () => {
        emulator = await startEmulator({ port: 0, quiet: true });
    });
    after(async () => {
        if (saved === undefined) {
            delete process.env["PULUMI_SKIP_CHECKPOINTS"];
        } else {
            process.env["PULUMI_SKIP_CHECKPOINTS"] = saved;
        }
        impl.resetRuntime();
        await emulator.close();
    });
    beforeEach(() => configureImplementation(emulator, { domainPreflight: "create" }));

    /** Check `n` new customers one at a time, as the engine does; the lines logged, each with the check's number. */
    async function checkNew(n: number, olds: (i: number) => Record<string, unknown> = () => ({})) {
        const seen: (LoggedLine & { at: number })[] = [];
        for (let i = 1; i <= n; i++) {
            const { result, lines } = await logged(() => impl.provider.check(olds(i), customerArgs(`ckpt${i}`)));
            assert.deepStrictEqual(result.failures, []);
            seen.push(...lines.map((l) => ({ ...l, at: i })));
        }
        return seen.filter((l) => l.level === "warning" && /default checkpoints/.test(l.message));
    }

    it("warns once, at the first customer past the limit, naming both ways out", async () => {
        delete process.env["PULUMI_SKIP_CHECKPOINTS"];
        const warnings = await checkNew(CHECKPOINT_COST_CUSTOMERS + 3);
        assert.strictEqual(warnings.length, 1, "once per run");
        assert.strictEqual(warnings[0]?.at, CHECKPOINT_COST_CUSTOMERS + 1, "as soon as the run crosses it");
        const text = warnings[0]?.message ?? "";
        assert.match(text, new RegExp(`more than ${CHECKPOINT_COST_CUSTOMERS} customers in one stack`));
        assert.match(text, /PULUMI_SKIP_CHECKPOINTS=true/);
        assert.match(text, /partnercenter:adoptExisting ifExists/, "the recovery switch");
        assert.match(text, /smaller stacks/);
    });

    it("says nothing with PULUMI_SKIP_CHECKPOINTS=true, or below the limit", async () => {
        process.env["PULUMI_SKIP_CHECKPOINTS"] = "true";
        assert.strictEqual(checkpointsOn(), false);
        assert.deepStrictEqual(await checkNew(CHECKPOINT_COST_CUSTOMERS + 3), []);
        delete process.env["PULUMI_SKIP_CHECKPOINTS"];
        configureImplementation(emulator, { domainPreflight: "create" });
        assert.deepStrictEqual(await checkNew(CHECKPOINT_COST_CUSTOMERS), []);
    });

    it("customers already in state do not count (an update of a large stack is not a bulk create)", async () => {
        delete process.env["PULUMI_SKIP_CHECKPOINTS"];
        const inState = (i: number) => customerArgs(`ckpt${i}`);
        assert.deepStrictEqual(await checkNew(CHECKPOINT_COST_CUSTOMERS + 3, inState), []);
    });

    it("reads PULUMI_SKIP_CHECKPOINTS as Pulumi does: 1 or true (any case) skips", () => {
        for (const [value, on] of [
            ["true", false],
            ["TRUE", false],
            ["1", false],
            ["false", true],
            ["0", true],
            ["", true],
        ] as const) {
            assert.strictEqual(checkpointsOn({ PULUMI_SKIP_CHECKPOINTS: value }), on, value);
        }
        assert.strictEqual(checkpointsOn({}), true);
    });
});
