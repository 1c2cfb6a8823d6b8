/**
 * Adopt modes (`adoptExisting: false | true | "ifExists"`, and the `partnercenter:adoptExisting` default) over
 * real HTTP against the emulator: adoption never creates, preview names the customer to adopt and every
 * billing-profile field it overwrites, and the reseller is verified through the `IndirectReseller`-filtered
 * customer list (also when get-by-id omits `associatedPartnerId`).
 */
import * as assert from "assert";

import * as impl from "pulumi-partnercenter/implementation";

import { startEmulator, type Emulator, type RequestLogEntry } from "../../emulator";
import { uniquePrefix } from "./emulator-helpers";
import { OTHER_RESELLER, RESELLER, customerArgs } from "../fixtures/customers";
import { configureImplementation } from "../fixtures/emulator-config";
import { failurePath } from "../fixtures/failures";
import { logged } from "../fixtures/log-capture";

const { provider } = impl;
type Props = Record<string, unknown>;

function mark(emulator: Emulator): () => RequestLogEntry[] {
    const start = emulator.requestLog.length;
    return () => emulator.requestLog.slice(start).filter((r) => r.operation !== "token");
}
const count = (entries: RequestLogEntry[], operation: string) =>
    entries.filter((e) => e.operation === operation).length;

function withEmail(args: Props, email: string): Props {
    return { ...args, billingProfile: { ...(args["billingProfile"] as Props), email } };
}

describe("adopt modes against the emulator (real HTTP)", function () {
    this.timeout(30_000);
    let emulator: Emulator;

    before(async () => {
        emulator = await startEmulator({ port: 0, quiet: true });
    });
    after(async () => {
        impl.resetRuntime();
        await emulator.close();
    });
    beforeEach(() => {
        emulator.faults.clear();
        emulator.options.omitAssociatedPartnerId = false;
        configureImplementation(emulator, { readAfterCreateLagSeconds: "2" });
    });

    /** An existing customer of the reseller, created directly (not through the resource under test). */
    async function existing(prefix: string, args: Props = customerArgs(prefix)): Promise<string> {
        const result = await provider.check({}, args);
        assert.deepStrictEqual(result.failures, []);
        return (await provider.create(result.inputs)).id;
    }

    describe("adoptExisting: true never creates", () => {
        it("fails in check naming the domain and the reseller looked for, and create never POSTs", async () => {
            const prefix = uniquePrefix("typo");
            const domain = `${prefix}.onmicrosoft.com`;
            const args = customerArgs(prefix, { adoptExisting: true });
            const result = await provider.check({}, args);
            assert.strictEqual(result.failures?.length, 1, JSON.stringify(result.failures));
            assert.strictEqual(result.failures?.[0]?.property, "adoptExisting");
            const reason = result.failures?.[0]?.reason ?? "";
            assert.match(reason, new RegExp(`domain ${domain}`));
            assert.match(reason, new RegExp(`indirect reseller ${RESELLER}`));
            assert.match(reason, /Nothing will be created/);

            // Even when check's verdict is ignored (or was skipped), create refuses to POST.
            const seen = mark(emulator);
            await assert.rejects(provider.create(result.inputs), /adopts only/);
            assert.strictEqual(count(seen(), "createCustomer"), 0);
            assert.strictEqual(emulator.store.findByDomain(domain), undefined);
        });

        it("also looks the customer up in check when domainPreflight is create (bulk mode)", async () => {
            configureImplementation(emulator, { domainPreflight: "create" });
            const prefix = uniquePrefix("bulkadopt");
            const result = await provider.check({}, customerArgs(prefix, { adoptExisting: true }));
            assert.strictEqual(result.failures?.[0]?.property, "adoptExisting");
            const id = await existing(prefix);
            const again = await provider.check({}, customerArgs(prefix, { adoptExisting: true }));
            assert.deepStrictEqual(again.failures, []);
            const seen = mark(emulator);
            assert.strictEqual((await provider.create(again.inputs)).id, id);
            assert.strictEqual(count(seen(), "createCustomer"), 0);
        });

        it("preview warns the customer id it will adopt and every billing field it overwrites (old → new)", async () => {
            const prefix = uniquePrefix("warn");
            const id = await existing(prefix, withEmail(customerArgs(prefix), `old@${prefix}.example`));
            const args = customerArgs(prefix, { adoptExisting: true });
            (args["billingProfile"] as Props)["companyName"] = "New Name";
            const { result, lines } = await logged(() => provider.check({}, args));
            assert.deepStrictEqual(result.failures, []);
            const warning = lines.find((l) => l.level === "warning" && l.message.includes("will adopt"));
            assert.ok(warning, JSON.stringify(lines));
            assert.match(warning.message, new RegExp(`existing customer ${id}`));
            assert.match(
                warning.message,
                new RegExp(`billingProfile.email: "old@${prefix}.example" → "billing@${prefix}.example"`),
            );
            assert.match(warning.message, new RegExp(`billingProfile.companyName: "Company ${prefix}" → "New Name"`));
            assert.ok(!/defaultAddress/.test(warning.message), "unchanged fields are not listed");
        });

        it("refuses a customer of another reseller even when get-by-id omits associatedPartnerId", async () => {
            const prefix = uniquePrefix("foreign");
            const foreign = await existing(prefix, customerArgs(prefix, { associatedPartnerId: OTHER_RESELLER }));
            emulator.options.omitAssociatedPartnerId = true;
            const result = await provider.check({}, customerArgs(prefix, { adoptExisting: true }));
            assert.strictEqual(result.failures?.[0]?.property, "adoptExisting");
            assert.match(result.failures?.[0]?.reason ?? "", new RegExp(`cannot adopt customer ${foreign}`));
            assert.match(result.failures?.[0]?.reason ?? "", /filtered by IndirectReseller/);
            const seen = mark(emulator);
            await assert.rejects(provider.create(result.inputs), /cannot adopt/);
            assert.strictEqual(count(seen(), "createCustomer"), 0);
            assert.strictEqual(count(seen(), "updateBillingProfile"), 0);
        });

        it("adopts when get-by-id and list items omit associatedPartnerId (verified via the reseller list)", async () => {
            const prefix = uniquePrefix("omit");
            const id = await existing(prefix);
            emulator.options.omitAssociatedPartnerId = true;
            const result = await provider.check({}, customerArgs(prefix, { adoptExisting: true }));
            assert.deepStrictEqual(result.failures, []);
            const seen = mark(emulator);
            const created = await provider.create(result.inputs);
            assert.strictEqual(created.id, id);
            assert.strictEqual((created.outs as Props)["associatedPartnerId"], RESELLER);
            assert.strictEqual((created.outs as Props)["adopted"], true);
            const entries = seen();
            assert.strictEqual(count(entries, "createCustomer"), 0);
            const resellerLists = entries.filter(
                (e) => e.operation === "listCustomers" && decodeURIComponent(e.path).includes("IndirectReseller"),
            );
            assert.ok(resellerLists.length <= 1, "the reseller's list is cached per run");
        });
    });

    describe('adoptExisting: "ifExists"', () => {
        it("adopts an existing customer (warned in check) and creates a new one", async () => {
            const prefix = uniquePrefix("ifex");
            const id = await existing(prefix);
            const { result, lines } = await logged(() =>
                provider.check({}, customerArgs(prefix, { adoptExisting: "ifExists" })),
            );
            assert.deepStrictEqual(result.failures, []);
            assert.ok(lines.some((l) => l.level === "warning" && l.message.includes(`existing customer ${id}`)));
            const seen = mark(emulator);
            const adopted = await provider.create(result.inputs);
            assert.strictEqual(adopted.id, id);
            assert.strictEqual((adopted.outs as Props)["adopted"], true);
            assert.strictEqual((adopted.outs as Props)["adoptExisting"], "ifExists");
            assert.strictEqual(count(seen(), "createCustomer"), 1, "one POST, rejected: the domain is taken");
            assert.strictEqual(emulator.store.list().filter((c) => c.domain === `${prefix}.onmicrosoft.com`).length, 1);

            const fresh = uniquePrefix("ifnew");
            const checked = await provider.check({}, customerArgs(fresh, { adoptExisting: "ifExists" }));
            assert.deepStrictEqual(checked.failures, []);
            const made = await provider.create(checked.inputs);
            assert.strictEqual((made.outs as Props)["adopted"], false);
            assert.ok(emulator.store.get(made.id));
        });

        it("in bulk mode (domainPreflight create) check makes no per-customer call; create adopts on 409", async () => {
            configureImplementation(emulator, { domainPreflight: "create" });
            const prefix = uniquePrefix("ifbulk");
            const id = await existing(prefix);
            await provider.check({}, customerArgs(uniquePrefix("warm"))); // reseller list cached
            const seen = mark(emulator);
            const result = await provider.check({}, customerArgs(prefix, { adoptExisting: "ifExists" }));
            assert.deepStrictEqual(result.failures, []);
            assert.deepStrictEqual(seen(), [], "no call in check");
            const adopted = await provider.create(result.inputs);
            assert.strictEqual(adopted.id, id);
            assert.strictEqual(count(seen(), "createCustomer"), 1);
        });
    });

    describe("partnercenter:adoptExisting = ifExists (the crash-recovery switch)", () => {
        it("is the default of new resources that leave adoptExisting unset; resources in state keep theirs", async () => {
            configureImplementation(emulator, { adoptExisting: "ifExists" });
            const prefix = uniquePrefix("switch");
            const id = await existing(prefix);
            const result = await provider.check({}, customerArgs(prefix));
            assert.deepStrictEqual(result.failures, []);
            assert.strictEqual((result.inputs as Props)["adoptExisting"], "ifExists");
            assert.strictEqual((await provider.create(result.inputs)).id, id);

            const explicit = await provider.check({}, customerArgs(uniquePrefix("expl"), { adoptExisting: false }));
            assert.strictEqual((explicit.inputs as Props)["adoptExisting"], false, "an explicit input wins");
            const inState = customerArgs(uniquePrefix("state"), { adoptExisting: false });
            const kept = await provider.check(inState, { ...inState, adoptExisting: undefined });
            assert.strictEqual((kept.inputs as Props)["adoptExisting"], false, "no diff on resources in state");
        });

        it("without it, a domain already held by your customer fails naming the customer and both ways out", async () => {
            const prefix = uniquePrefix("taken");
            const id = await existing(prefix);
            const result = await provider.check({}, customerArgs(prefix));
            const reason = result.failures?.[0]?.reason ?? "";
            assert.strictEqual(failurePath(result.failures![0]!), "companyProfile.domain");
            assert.match(reason, new RegExp(`your customer ${id}`));
            assert.match(reason, /adoptExisting: true/);
            assert.ok(reason.includes("`pulumi config set partnercenter:adoptExisting ifExists`, then `pulumi up`"));
        });

        it("rejects any other value, naming the key", async () => {
            assert.throws(
                () => configureImplementation(emulator, { adoptExisting: "yes" }),
                /partnercenter:adoptExisting must be ifExists .* got 'yes'/,
            );
            // The kept configuration error fails check on the config key, not on an input.
            const result = await provider.check({}, customerArgs(uniquePrefix("bad")));
            assert.match(JSON.stringify(result.failures), /partnercenter:adoptExisting must be ifExists/);
            configureImplementation(emulator);
        });
    });

    describe("ambiguous create recovery without associatedPartnerId on get-by-id", () => {
        it("finds the committed customer through the reseller list: one customer, its id in state", async () => {
            emulator.options.omitAssociatedPartnerId = true;
            const prefix = uniquePrefix("amb");
            const result = await provider.check({}, customerArgs(prefix));
            emulator.faults.add({ kind: "reset", count: 1, phase: "after", match: { operation: "createCustomer" } });
            const seen = mark(emulator);
            const { id } = await provider.create(result.inputs);
            const stored = emulator.store.list().filter((c) => c.domain === `${prefix}.onmicrosoft.com`);
            assert.strictEqual(stored.length, 1);
            assert.strictEqual(id, stored[0]?.id);
            assert.strictEqual(count(seen(), "createCustomer"), 1);
        });
    });
});
