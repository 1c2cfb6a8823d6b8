/**
 * Provider lifecycle over real HTTP: the dynamic provider's implementation (loaded by package name, the same module
 * instance the stub uses) drives an in-process emulator on loopback. Every case asserts the values returned and
 * what the emulator saw (request log) and holds (store).
 */
import * as assert from "assert";
import { randomUUID } from "crypto";

import * as impl from "pulumi-partnercenter/implementation";

import { startEmulator, type Emulator, type RequestLogEntry } from "../../emulator";
import { uniquePrefix } from "./emulator-helpers";
import { OTHER_RESELLER, RESELLER, customerArgs } from "../fixtures/customers";
import { configureImplementation } from "../fixtures/emulator-config";
import { failurePath } from "../fixtures/failures";

const { provider } = impl;

type Props = Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- outputs are asserted field by field
type Outs = Record<string, any>;

/** The same args with another billing email. */
function withEmail(args: Props, email: string): Props {
    const billing = args["billingProfile"] as Props;
    return { ...args, billingProfile: { ...billing, email } };
}

/** Point the implementation at an emulator, with fresh runtime state (client, reseller cache). */
function configureFor(emulator: Emulator): void {
    configureImplementation(emulator, { readAfterCreateLagSeconds: "2" });
}

/** API requests (not token requests) the emulator saw after this call. */
function mark(emulator: Emulator): () => RequestLogEntry[] {
    const start = emulator.requestLog.length;
    return () => emulator.requestLog.slice(start).filter((r) => r.operation !== "token");
}

/** Every request (token included) the emulator saw after this call. */
function markAll(emulator: Emulator): () => RequestLogEntry[] {
    const start = emulator.requestLog.length;
    return () => emulator.requestLog.slice(start);
}

const ops = (entries: RequestLogEntry[]) => entries.map((e) => e.operation);
const count = (entries: RequestLogEntry[], operation: string) =>
    entries.filter((e) => e.operation === operation).length;

/** Fails naming the path of any `undefined` (or function) value in an object tree. */
function assertNoUndefined(value: unknown, path = "outs"): void {
    assert.notStrictEqual(value, undefined, `${path} is undefined`);
    assert.notStrictEqual(typeof value, "function", `${path} is a function`);
    if (value !== null && typeof value === "object") {
        for (const [key, v] of Object.entries(value as Props)) {
            assertNoUndefined(v, `${path}.${key}`);
        }
    }
}

/** `check` as the engine calls it for a new resource; asserts it passed. */
async function checked(args: Props, olds: Props = {}): Promise<Props> {
    const result = await provider.check(olds, args);
    assert.deepStrictEqual(result.failures, [], `unexpected check failures: ${JSON.stringify(result.failures)}`);
    return result.inputs as Props;
}

/** check + create of a new customer. */
async function createCustomer(args: Props): Promise<{ inputs: Props; id: string; outs: Outs }> {
    const inputs = await checked(args);
    const { id, outs } = await provider.create(inputs);
    return { inputs, id, outs: outs as Outs };
}

describe("provider lifecycle against the emulator (real HTTP)", function () {
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
        emulator.options.dedupeRequestIds = true;
        emulator.options.sandbox = true;
        configureFor(emulator);
    });

    describe("check", () => {
        it("accepts valid inputs, normalises them and only makes the preflight reads", async () => {
            const prefix = uniquePrefix("chk");
            const args = customerArgs(prefix, {
                associatedPartnerId: RESELLER.toUpperCase(),
                billingProfile: { ...(customerArgs(prefix)["billingProfile"] as Props), culture: "EN-us" },
            });
            const seen = mark(emulator);
            const result = await provider.check({}, args);
            assert.deepStrictEqual(result.failures, []);
            const inputs = result.inputs as Outs;
            assert.strictEqual(inputs["associatedPartnerId"], RESELLER);
            assert.strictEqual(inputs["companyProfile"].domain, `${prefix}.onmicrosoft.com`);
            assert.strictEqual(inputs["billingProfile"].culture, "en-US");
            const entries = seen();
            assert.deepStrictEqual(
                [...new Set(ops(entries))].sort(),
                [
                    "checkDomainAvailability",
                    "getCountryValidationRules",
                    "getResellerAgreementStatus",
                    "listIndirectResellers",
                    "validateAddress",
                ],
                `requests: ${ops(entries).join(", ")}`,
            );
            // Reads only: the address validation is a POST that writes nothing.
            assert.ok(
                entries.every((e) => e.method === "GET" || e.method === "HEAD" || e.operation === "validateAddress"),
            );
            assert.strictEqual(emulator.store.findByDomain(`${prefix}.onmicrosoft.com`), undefined);
        });

        it("fails on companyProfile.domain when the domain is taken, naming the customer and adoptExisting", async () => {
            const prefix = uniquePrefix("taken");
            const first = await createCustomer(customerArgs(prefix));
            const seen = mark(emulator);
            const result = await provider.check({}, customerArgs(prefix));
            const failures = result.failures ?? [];
            assert.strictEqual(failures.length, 1, JSON.stringify(failures));
            assert.strictEqual(failurePath(failures[0]!), "companyProfile.domain");
            assert.match(failures[0]?.reason ?? "", new RegExp(first.id));
            assert.match(failures[0]?.reason ?? "", /adoptExisting/);
            assert.strictEqual(count(seen(), "createCustomer"), 0);
            assert.strictEqual(emulator.store.list().filter((c) => c.domain === `${prefix}.onmicrosoft.com`).length, 1);
        });

        it("fails on associatedPartnerId for a tenant without an indirect reseller partnership", async () => {
            for (const stranger of [emulator.seed.knownTenants[0]?.id ?? randomUUID(), randomUUID()]) {
                configureFor(emulator);
                const seen = mark(emulator);
                const result = await provider.check(
                    {},
                    customerArgs(uniquePrefix("nores"), { associatedPartnerId: stranger }),
                );
                const failures = result.failures ?? [];
                assert.ok(failures.length >= 1, "expected a failure");
                assert.strictEqual(failures[0]?.property, "associatedPartnerId");
                assert.match(failures[0]?.reason ?? "", new RegExp(stranger));
                assert.match(failures[0]?.reason ?? "", /not one of your indirect resellers/);
                assert.match(failures[0]?.reason ?? "", /Wingtip Toys Reseller/);
                assert.ok(seen().every((e) => e.method === "GET" || e.method === "HEAD"));
            }
        });

        it("reports invalid inputs without any HTTP request", async () => {
            const seen = markAll(emulator);
            const args = customerArgs("bad", {
                associatedPartnerId: "not-a-guid",
                companyProfile: { domain: "no spaces allowed.onmicrosoft.com" },
            });
            delete (args["billingProfile"] as Props)["email"];
            const result = await provider.check({}, args);
            const properties = (result.failures ?? []).map(failurePath);
            assert.ok(properties.length >= 3, JSON.stringify(result.failures));
            assert.ok(properties.includes("associatedPartnerId"), properties.join(", "));
            assert.ok(
                properties.some((p) => p.startsWith("companyProfile.domain")),
                properties.join(", "),
            );
            assert.ok(
                properties.some((p) => p.startsWith("billingProfile.email")),
                properties.join(", "),
            );
            assert.deepStrictEqual(ops(seen()), []);
        });
    });

    describe("create, read, diff", () => {
        it("creates with one POST and returns complete outputs with the one-time credentials", async () => {
            const prefix = uniquePrefix("new");
            const inputs = await checked(customerArgs(prefix));
            const seen = mark(emulator);
            const { id, outs: created } = await provider.create(inputs);
            const outs = created as Outs;
            const entries = seen();
            assert.deepStrictEqual(ops(entries), ["createCustomer"]);
            assert.strictEqual(entries[0]?.method, "POST");
            assert.strictEqual(entries[0]?.status, 201);

            const stored = emulator.store.get(id);
            assert.ok(stored, "customer in the store");
            assert.strictEqual(stored.domain, `${prefix}.onmicrosoft.com`);
            assert.strictEqual(stored.associatedPartnerId, RESELLER);
            assert.strictEqual(stored.billing.email, `billing@${prefix}.example`);

            assert.strictEqual(outs["customerId"], id);
            assert.strictEqual(outs["customerId"], stored.id);
            assert.strictEqual(outs["tenantId"], stored.id);
            assert.strictEqual(outs["commerceId"], stored.commerceId);
            assert.ok(outs["commerceId"]);
            assert.strictEqual(outs["domain"], `${prefix}.onmicrosoft.com`);
            assert.strictEqual(outs["associatedPartnerId"], RESELLER);
            assert.strictEqual(outs["relationshipToPartner"], "reseller");
            assert.strictEqual(outs["adopted"], false);
            assert.strictEqual(outs["onDelete"], "retain");
            assert.strictEqual(outs["billingProfile"].email, `billing@${prefix}.example`);
            assert.strictEqual(outs["billingProfile"].id, stored.billing.id);
            assert.ok(outs["userCredentials"].userName, "userName");
            assert.ok(outs["userCredentials"].password, "password");
            assertNoUndefined(outs);
        });

        it("reads back the same outputs, keeps the credentials and reports inputs that diff as unchanged", async () => {
            const { inputs, id, outs } = await createCustomer(customerArgs(uniquePrefix("read")));
            const seen = mark(emulator);
            const result = await provider.read!(id, outs);
            assert.deepStrictEqual(
                ops(seen()).sort(),
                ["getBillingProfile", "listCustomers"],
                "read is the billing profile and (once per run and reseller) the reseller's list: no get by id",
            );
            assert.strictEqual(result.id, id);
            assert.deepStrictEqual(result.props, outs);
            assert.deepStrictEqual((result.props as Outs)["userCredentials"], outs["userCredentials"]);
            assertNoUndefined(result.props);
            // The read reports what the create sent: check keeps an unset enableGDAPByDefault unset, the create sends true.
            assert.deepStrictEqual(result.inputs, { ...inputs, enableGDAPByDefault: true });
            const diff = await provider.diff!(id, result.props as Props, result.inputs as Props);
            assert.strictEqual(diff.changes, false, JSON.stringify(diff));
            assert.strictEqual(
                (await provider.diff!(id, result.props as Props, inputs)).changes,
                false,
                "program unset",
            );
        });

        it("removes a customer deleted out of band, beyond the read-after-create lag, from state", async () => {
            const { id, outs } = await createCustomer(customerArgs(uniquePrefix("gone")));
            assert.ok(emulator.store.delete(id));
            const seen = mark(emulator);
            const started = Date.now();
            const result = await provider.read!(id, { ...outs, createdAt: "2020-01-01T00:00:00.000Z" });
            assert.strictEqual(result.id, "");
            // Not in its reseller's list: the long way (get by id) confirms the deletion.
            assert.deepStrictEqual(ops(seen()).sort(), ["getBillingProfile", "getCustomer", "listCustomers"]);
            assert.strictEqual(seen().find((e) => e.operation === "getCustomer")?.status, 404);
            assert.ok(Date.now() - started < 1500, "no read-after-create retries for an old customer");
        });
    });

    describe("update", () => {
        it("changes the billing email with exactly one PUT and the store follows", async () => {
            const prefix = uniquePrefix("upd");
            const { inputs, id, outs } = await createCustomer(customerArgs(prefix));
            const etagBefore = emulator.store.get(id)?.billing.etag;
            const news = await checked(withEmail(customerArgs(prefix), `new@${prefix}.example`), inputs);
            const diff = await provider.diff!(id, outs, news);
            assert.strictEqual(diff.changes, true);
            assert.ok(!diff.replaces || diff.replaces.length === 0, JSON.stringify(diff));

            const seen = mark(emulator);
            const { outs: updated } = await provider.update!(id, outs, news);
            const entries = seen();
            assert.strictEqual(count(entries, "updateBillingProfile"), 1, ops(entries).join(", "));
            assert.strictEqual(entries.find((e) => e.operation === "updateBillingProfile")?.method, "PUT");
            assert.strictEqual(entries.find((e) => e.operation === "updateBillingProfile")?.status, 200);
            assert.ok(
                entries.every((e) => e.operation === "getBillingProfile" || e.operation === "updateBillingProfile"),
                ops(entries).join(", "),
            );

            const stored = emulator.store.get(id);
            assert.strictEqual(stored?.billing.email, `new@${prefix}.example`);
            assert.notStrictEqual(stored?.billing.etag, etagBefore);
            const u = updated as Outs;
            assert.strictEqual(u["billingProfile"].email, `new@${prefix}.example`);
            assert.strictEqual(u["customerId"], id);
            assert.deepStrictEqual(u["userCredentials"], outs["userCredentials"]);
            assert.strictEqual(u["createdAt"], outs["createdAt"]);
            assertNoUndefined(u);
            const after = await provider.diff!(id, u, news);
            assert.strictEqual(after.changes, false);
        });

        it("re-reads and applies once more when the billing profile changes concurrently (412)", async () => {
            const prefix = uniquePrefix("race");
            const { inputs, id, outs } = await createCustomer(customerArgs(prefix));
            const news = await checked(withEmail(customerArgs(prefix), `race@${prefix}.example`), inputs);
            // Hold the provider's PUT before the handler runs, and change the profile (new etag) meanwhile.
            emulator.faults.add({ kind: "latency", ms: 400, count: 1, match: { operation: "updateBillingProfile" } });
            const seen = mark(emulator);
            const updating = provider.update!(id, outs, news);
            const deadline = Date.now() + 5000;
            while (count(seen(), "updateBillingProfile") === 0 && Date.now() < deadline) {
                await new Promise((resolve) => setTimeout(resolve, 5));
            }
            const before = emulator.store.get(id);
            assert.ok(before, "customer in the store");
            emulator.store.update({
                ...before,
                billing: { ...before.billing, companyName: "Changed Elsewhere Ltd", etag: String(Date.now()) },
            });
            const { outs: updated } = await updating;

            const puts = seen().filter((e) => e.operation === "updateBillingProfile");
            assert.deepStrictEqual(
                puts.map((e) => e.status),
                [412, 200],
            );
            assert.strictEqual(count(seen(), "getBillingProfile"), 2);
            const stored = emulator.store.get(id);
            assert.strictEqual(stored?.billing.email, `race@${prefix}.example`);
            assert.strictEqual(stored?.billing.companyName, `Company ${prefix}`);
            assert.strictEqual((updated as Outs)["billingProfile"].email, `race@${prefix}.example`);
        });

        it("applies a state-only change (onDelete) without any HTTP request", async () => {
            const prefix = uniquePrefix("state");
            const { inputs, id, outs } = await createCustomer(customerArgs(prefix));
            const news = await checked(customerArgs(prefix, { onDelete: "delete" }), inputs);
            const seen = markAll(emulator);
            const { outs: updated } = await provider.update!(id, outs, news);
            assert.deepStrictEqual(ops(seen()), []);
            const u = updated as Outs;
            assert.strictEqual(u["onDelete"], "delete");
            assert.deepStrictEqual(u["billingProfile"], outs["billingProfile"]);
            assert.deepStrictEqual(u["userCredentials"], outs["userCredentials"]);
            assertNoUndefined(u);
        });
    });

    describe("delete", () => {
        it("retains the customer (onDelete retain) without any HTTP request", async () => {
            const { id, outs } = await createCustomer(customerArgs(uniquePrefix("keep")));
            const seen = markAll(emulator);
            await provider.delete!(id, outs);
            assert.deepStrictEqual(ops(seen()), []);
            assert.ok(emulator.store.get(id), "customer still in the store");
        });

        it("deletes the customer (onDelete delete) with one DELETE", async () => {
            const { id, outs } = await createCustomer(customerArgs(uniquePrefix("del"), { onDelete: "delete" }));
            assert.strictEqual(outs["onDelete"], "delete");
            const seen = mark(emulator);
            await provider.delete!(id, outs);
            const entries = seen();
            assert.deepStrictEqual(ops(entries), ["deleteCustomer"]);
            assert.strictEqual(entries[0]?.method, "DELETE");
            assert.strictEqual(emulator.store.get(id), undefined);
        });

        it("removes the reseller relationship (onDelete removeRelationship) with one PATCH answered by the documented PascalCase sample", async () => {
            emulator.options.sandbox = false;
            const { id, outs } = await createCustomer(
                customerArgs(uniquePrefix("rel"), { onDelete: "removeRelationship" }),
            );
            const seen = mark(emulator);
            await provider.delete!(id, outs);
            const entries = seen();
            assert.deepStrictEqual(ops(entries), ["updateCustomerRelationship"]);
            assert.strictEqual(entries[0]?.method, "PATCH");
            assert.strictEqual(entries[0]?.status, 200);
            // Production: the tenant stays, without the relationship.
            assert.strictEqual(emulator.store.get(id)?.relationshipToPartner, "none");
        });

        it("removeRelationship in the sandbox: the PATCH deletes the tenant (sandbox-scenario)", async () => {
            const { id, outs } = await createCustomer(
                customerArgs(uniquePrefix("relsb"), { onDelete: "removeRelationship" }),
            );
            const seen = mark(emulator);
            await provider.delete!(id, outs);
            assert.deepStrictEqual(ops(seen()), ["updateCustomerRelationship"]);
            assert.strictEqual(emulator.store.get(id), undefined);
        });

        it("removeRelationship whose 200 answer does not decode is confirmed by reading back, not failed", async () => {
            emulator.options.sandbox = false;
            const { id, outs } = await createCustomer(
                customerArgs(uniquePrefix("relrb"), { onDelete: "removeRelationship" }),
            );
            emulator.faults.add({
                kind: "body",
                body: { relationshipToPartner: 42, attributes: "?" },
                match: { operation: "updateCustomerRelationship" },
            });
            const seen = mark(emulator);
            await provider.delete!(id, outs);
            // One PATCH (not re-sent), then one GET that shows relationshipToPartner "none".
            assert.deepStrictEqual(ops(seen()), ["updateCustomerRelationship", "getCustomer"]);
            assert.strictEqual(emulator.store.get(id)?.relationshipToPartner, "none");
        });

        it("a billing update whose 200 answer does not decode is confirmed by reading back", async () => {
            const { inputs, id, outs } = await createCustomer(customerArgs(uniquePrefix("updrb")));
            const news = await checked(withEmail(inputs, "new@example.com"), inputs);
            emulator.faults.add({ kind: "body", body: "not a profile", match: { operation: "updateBillingProfile" } });
            const seen = mark(emulator);
            const result = await provider.update!(id, outs, news);
            assert.deepStrictEqual(ops(seen()), ["getBillingProfile", "updateBillingProfile", "getBillingProfile"]);
            assert.strictEqual((result.outs as Outs)["billingProfile"].email, "new@example.com");
            assert.strictEqual(emulator.store.get(id)?.billing.email, "new@example.com");
        });

        it("a create whose 201 answer does not decode is recovered by reading back (no second tenant)", async () => {
            const args = customerArgs(uniquePrefix("crerb"));
            const inputs = await checked(args);
            emulator.faults.add({ kind: "body", body: { Id: null }, match: { operation: "createCustomer" } });
            const before = emulator.store.count();
            const { id } = await provider.create(inputs);
            assert.strictEqual(emulator.store.count(), before + 1, "exactly one customer was created");
            assert.ok(emulator.store.get(id));
        });

        it("explains that deleting works only in the integration sandbox when production refuses it", async () => {
            const production = await startEmulator({ port: 0, quiet: true, sandbox: false });
            try {
                configureFor(production);
                const { id, outs } = await createCustomer(customerArgs(uniquePrefix("prod"), { onDelete: "delete" }));
                const seen = mark(production);
                await assert.rejects(provider.delete!(id, outs), (e: Error) => {
                    assert.match(e.message, /integration sandbox/);
                    assert.match(e.message, new RegExp(id));
                    return true;
                });
                assert.deepStrictEqual(ops(seen()), ["deleteCustomer"]);
                assert.strictEqual(seen()[0]?.status, 403);
                assert.ok(production.store.get(id), "customer still in the store");
            } finally {
                impl.resetRuntime();
                await production.close();
            }
        });
    });

    describe("adoption", () => {
        it("adopts an existing customer without a POST and brings its billing profile to the inputs", async () => {
            const prefix = uniquePrefix("adopt");
            const existing = await createCustomer(withEmail(customerArgs(prefix), `old@${prefix}.example`));
            configureFor(emulator);
            const inputs = await checked(customerArgs(prefix, { adoptExisting: true }));
            const seen = mark(emulator);
            const { id, outs: adopted } = await provider.create(inputs);
            const entries = seen();
            assert.strictEqual(count(entries, "createCustomer"), 0, ops(entries).join(", "));
            assert.strictEqual(count(entries, "updateBillingProfile"), 1, ops(entries).join(", "));
            assert.strictEqual(id, existing.id);

            const outs = adopted as Outs;
            assert.strictEqual(outs["adopted"], true);
            assert.strictEqual(outs["adoptExisting"], true);
            assert.deepStrictEqual(outs["userCredentials"], { userName: "", password: "" });
            assert.strictEqual(outs["customerId"], existing.id);
            assert.strictEqual(outs["billingProfile"].email, `billing@${prefix}.example`);
            assert.strictEqual(emulator.store.get(id)?.billing.email, `billing@${prefix}.example`);
            assert.strictEqual(emulator.store.list().filter((c) => c.domain === `${prefix}.onmicrosoft.com`).length, 1);
            assertNoUndefined(outs);
        });

        it("adopts without a PUT when the billing profile already matches", async () => {
            const prefix = uniquePrefix("same");
            const existing = await createCustomer(customerArgs(prefix));
            const inputs = await checked(customerArgs(prefix, { adoptExisting: true }));
            const seen = mark(emulator);
            const { id, outs } = await provider.create(inputs);
            const entries = seen();
            assert.strictEqual(id, existing.id);
            assert.strictEqual(count(entries, "createCustomer"), 0);
            assert.strictEqual(count(entries, "updateBillingProfile"), 0);
            assert.strictEqual((outs as Outs)["adopted"], true);
        });

        it("refuses to adopt a customer of another indirect reseller", async () => {
            const prefix = uniquePrefix("other");
            const foreign = await createCustomer(customerArgs(prefix, { associatedPartnerId: OTHER_RESELLER }));
            const args = customerArgs(prefix, { adoptExisting: true });
            const result = await provider.check({}, args);
            assert.strictEqual(result.failures?.[0]?.property, "adoptExisting", JSON.stringify(result.failures));
            assert.match(result.failures?.[0]?.reason ?? "", new RegExp(OTHER_RESELLER));

            const seen = mark(emulator);
            await assert.rejects(provider.create(result.inputs), (e: Error) => {
                assert.match(e.message, new RegExp(foreign.id));
                assert.match(e.message, /cannot adopt/);
                return true;
            });
            const entries = seen();
            assert.strictEqual(count(entries, "createCustomer"), 0);
            assert.strictEqual(count(entries, "updateBillingProfile"), 0);
            assert.strictEqual(emulator.store.get(foreign.id)?.associatedPartnerId, OTHER_RESELLER);
            assert.strictEqual(emulator.store.get(foreign.id)?.billing.email, `billing@${prefix}.example`);
        });
    });

    describe("lost create response (reset after commit)", () => {
        for (const dedupe of [true, false]) {
            it(`ends with exactly one customer, the one in state (MS-RequestId de-duplication ${dedupe ? "on" : "off"})`, async () => {
                emulator.options.dedupeRequestIds = dedupe;
                const prefix = uniquePrefix(dedupe ? "lostd" : "lostn");
                const domain = `${prefix}.onmicrosoft.com`;
                const inputs = await checked(customerArgs(prefix));
                emulator.faults.add({
                    kind: "reset",
                    count: 1,
                    phase: "after",
                    match: { operation: "createCustomer" },
                });
                const seen = mark(emulator);
                const { id, outs } = await provider.create(inputs);
                const entries = seen();
                const posts = entries.filter((e) => e.operation === "createCustomer");
                assert.strictEqual(posts[0]?.status, "reset", ops(entries).join(", "));
                assert.strictEqual(
                    new Set(posts.map((e) => e.requestId)).size,
                    1,
                    "one MS-RequestId per logical create",
                );
                // Reconciled by domain before any re-send: the committed customer is found, no second POST.
                assert.strictEqual(posts.length, 1, ops(entries).join(", "));
                assert.ok(count(entries, "listCustomers") >= 1, ops(entries).join(", "));

                const stored = emulator.store.list().filter((c) => c.domain === domain);
                assert.strictEqual(stored.length, 1, `customers with ${domain}: ${stored.length}`);
                assert.strictEqual(id, stored[0]?.id);
                assert.strictEqual((outs as Outs)["customerId"], stored[0]?.id);
                assert.strictEqual((outs as Outs)["adopted"], false);
                // The one-time password was in the lost response.
                assert.deepStrictEqual((outs as Outs)["userCredentials"], { userName: "", password: "" });
                assertNoUndefined(outs);
            });
        }
    });
});
