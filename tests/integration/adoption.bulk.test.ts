/**
 * Bulk adoption at one call a customer: the engine calls `check` one resource at a time, so each adoption's
 * lookups come from the reseller's customer list (walked once) and from get-by-id reads started ahead of the
 * checks (the customer and its billing profile with etag in one answer). Once those have landed, the checks that
 * follow make no call at all, and `create` adopts from the same answers: no POST, no PUT, no second read.
 */
import * as assert from "assert";

import * as impl from "pulumi-partnercenter/implementation";

import { startEmulator, type Emulator } from "../../emulator";
import { customerArgs } from "../fixtures/customers";
import { configureImplementation } from "../fixtures/emulator-config";
import { logged } from "../fixtures/log-capture";
import { apiClient, uniquePrefix } from "./emulator-helpers";

const { provider } = impl;

describe("bulk adoption: reads ahead of the serial checks", function () {
    this.timeout(30_000);
    let emulator: Emulator;
    const prefixes: string[] = [];

    before(async () => {
        emulator = await startEmulator({ port: 0, quiet: true });
        const api = apiClient(emulator);
        const stem = uniquePrefix("bulkadopt");
        for (let i = 0; i < 6; i++) {
            const args = customerArgs(`${stem}${i}`);
            const created = await api("POST", "/v1/customers", { body: args });
            assert.strictEqual(created.status, 201, created.text);
            prefixes.push(`${stem}${i}`);
        }
    });
    after(async () => {
        impl.resetRuntime();
        await emulator.close();
    });

    const calls = () => emulator.requestLog.filter((e) => e.operation !== "token");
    const count = (op: string) => calls().filter((e) => e.operation === op).length;
    const settled = async (op: string, n: number) => {
        for (
            let i = 0;
            i < 100 && calls().filter((e) => e.operation === op && e.status !== "pending").length < n;
            i++
        ) {
            await new Promise((r) => setTimeout(r, 20));
        }
    };

    it("the first check reads the others ahead; the later checks are cache lookups; create adopts without calls", async () => {
        configureImplementation(emulator, { domainPreflight: "create" });
        emulator.clearRequestLog();
        const args = prefixes.map((p) => customerArgs(p, { adoptExisting: true }));
        const first = await provider.check({}, args[0]!);
        assert.deepStrictEqual(first.failures, []);
        await settled("getCustomer", prefixes.length);
        const afterFirst = calls().length;
        assert.strictEqual(count("getCustomer"), prefixes.length, "one get by id per listed customer, read ahead");
        const checked = [first];
        for (const a of args.slice(1)) {
            const { result, lines } = await logged(() => provider.check({}, a));
            assert.deepStrictEqual(result.failures, []);
            // Preview still names what adoption does to the billing profile (here: nothing, it already matches).
            assert.ok(
                lines.some(
                    (l) => l.level === "warning" && /will adopt existing customer .* already matches/.test(l.message),
                ),
                JSON.stringify(lines),
            );
            checked.push(result);
        }
        assert.strictEqual(calls().length, afterFirst, "the later checks made no call");
        for (const c of checked) {
            const { outs } = await provider.create(c.inputs);
            assert.strictEqual(outs["adopted"], true);
            assert.ok(outs["commerceId"], "the full record: commerceId known");
        }
        assert.strictEqual(calls().length, afterFirst, "create adopted from the same answers");
        assert.strictEqual(count("getBillingProfile"), 0, "the billing profile came with get by id");
        assert.strictEqual(count("createCustomer") + count("updateBillingProfile"), 0);
        assert.ok(count("listCustomers") >= 1 && count("listCustomers") <= 2, `list pages: ${count("listCustomers")}`);
    });

    it("a billing field the program changes is still named in preview, and create writes it with one PUT", async () => {
        configureImplementation(emulator, { domainPreflight: "create" });
        emulator.clearRequestLog();
        const p = prefixes[2]!;
        const args = customerArgs(p, { adoptExisting: true });
        const changed = {
            ...args,
            billingProfile: { ...(args["billingProfile"] as object), email: `new@${p}.example` },
        };
        const { result, lines } = await logged(() => provider.check({}, changed));
        assert.deepStrictEqual(result.failures, []);
        const warning = lines.find((l) => l.level === "warning")?.message ?? "";
        assert.match(warning, new RegExp(`billingProfile.email: "billing@${p}.example" → "new@${p}.example"`));
        await provider.create(result.inputs);
        assert.strictEqual(count("updateBillingProfile"), 1);
        assert.strictEqual(emulator.store.findByDomain(`${p}.onmicrosoft.com`)?.billing.email, `new@${p}.example`);
    });
});
