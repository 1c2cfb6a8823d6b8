/**
 * `partnercenter:domainPreflight`: `check` (default) asks Partner Center whether a new customer's domain is taken;
 * `create` (bulk onboarding) makes no per-customer call in `check` and lets the create report a taken domain,
 * before anything is created.
 */
import * as assert from "assert";

import * as impl from "pulumi-partnercenter/implementation";

import { startEmulator, type Emulator } from "../../emulator";
import { customerArgs } from "../fixtures/customers";
import { configureImplementation } from "../fixtures/emulator-config";

function configure(emulator: Emulator, domainPreflight: string): void {
    configureImplementation(emulator, { domainPreflight });
}

describe("domainPreflight", () => {
    let emulator: Emulator;
    before(async () => {
        emulator = await startEmulator({ quiet: true });
    });
    after(async () => {
        impl.resetRuntime();
        await emulator?.close();
    });

    it("check: preview-time check asks whether the domain is taken", async () => {
        configure(emulator, "check");
        const start = emulator.requestLog.length;
        const result = await impl.provider.check({}, customerArgs("preflightcheck"));
        assert.deepStrictEqual(result.failures, []);
        const operations = emulator.requestLog.slice(start).map((e) => e.operation);
        assert.ok(operations.includes("checkDomainAvailability"), operations.join(","));
    });

    it("create: check makes no per-customer call; create reports a taken domain and creates nothing", async () => {
        configure(emulator, "check");
        const first = await impl.provider.check({}, customerArgs("preflighttaken"));
        const existing = await impl.provider.create(first.inputs);

        configure(emulator, "create");
        const start = emulator.requestLog.length;
        const second = await impl.provider.check({}, customerArgs("preflighttaken"));
        assert.deepStrictEqual(second.failures, [], "the taken domain is not reported by check in create mode");
        const checkCalls = emulator.requestLog
            .slice(start)
            .map((e) => e.operation)
            .filter((op) => op !== "token");
        // Only once-per-run lookups: the reseller list, the country's rules, the reseller's agreement status. The
        // per-customer address validation moves to create in this mode.
        assert.deepStrictEqual(
            [...checkCalls].sort(),
            ["getCountryValidationRules", "getResellerAgreementStatus", "listIndirectResellers"],
            "only once-per-run lookups",
        );
        const again = emulator.requestLog.length;
        assert.deepStrictEqual((await impl.provider.check({}, customerArgs("preflightother"))).failures, []);
        assert.deepStrictEqual(
            emulator.requestLog.slice(again).filter((e) => e.operation !== "token"),
            [],
            "a second customer of the same country and reseller makes no call in check",
        );

        await assert.rejects(
            impl.provider.create(second.inputs),
            (e: Error) => e.message.includes(existing.id) && e.message.includes("adoptExisting"),
        );
        assert.strictEqual(
            emulator.store.list().filter((c) => c.domain === "preflighttaken.onmicrosoft.com").length,
            1,
        );
    });

    it("rejects an unknown mode naming the key", () => {
        assert.throws(
            () => configure(emulator, "sometimes"),
            /partnercenter:domainPreflight must be one of check, create/,
        );
    });
});
