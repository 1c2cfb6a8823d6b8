/**
 * The resource through the real Pulumi engine (issue: "The real Pulumi engine"): preview, up, no-op preview,
 * update, replace preview, refresh (drift and out-of-band delete), destroy per onDelete, and the state scan.
 * Each step asserts on the engine's result and on the emulator's request log.
 */
import * as assert from "assert";

import {
    count,
    customerArgs,
    customerResources,
    OTHER_RESELLER,
    secretsOf,
    setUpE2E,
    withOps,
    type E2EEnvironment,
} from "./harness";

describe("e2e: IndirectResellerCustomer through the Pulumi CLI", function () {
    let e2e: E2EEnvironment;
    const base = customerArgs("e2econtoso");

    before(async () => {
        e2e = await setUpE2E();
        await e2e.setCustomers({ contoso: base });
    });
    after(async () => {
        await e2e?.dispose();
    });

    it("1. preview of a new stack shows one create and makes no POST", async () => {
        const since = e2e.mark();
        const { ops } = await withOps((o) => e2e.stack.preview(o));
        assert.deepStrictEqual(ops, { create: 1 });
        assert.strictEqual(count(since(), "createCustomer"), 0);
        assert.strictEqual(e2e.emulator.store.count(), 0);
    });

    it("2. up creates exactly one customer; state has tenantId and commerceId; userCredentials only as a secret", async () => {
        const since = e2e.mark();
        const { result: up, ops } = await withOps((o) => e2e.stack.up(o));
        assert.deepStrictEqual(ops, { create: 1 });
        assert.strictEqual(count(since(), "createCustomer"), 1);
        assert.strictEqual(e2e.emulator.store.count(), 1);

        const stored = e2e.emulator.store.list()[0]!;
        const ids = up.outputs["ids"]?.value as Record<string, { tenantId: string; commerceId: string }>;
        assert.strictEqual(ids["contoso"]?.tenantId, stored.id);
        assert.strictEqual(ids["contoso"]?.commerceId, stored.commerceId);

        const credentials = up.outputs["credentials"];
        assert.strictEqual(credentials?.secret, true, "userCredentials must be a secret output");
        const password = (credentials?.value as Record<string, { password: string }>)["contoso"]?.password ?? "";
        assert.ok(password.length >= 8, "the one-time admin password is kept in state (as a secret)");

        const state = await e2e.exportState();
        assert.ok(!state.includes(password), "the admin password must not appear in plaintext in state");
        const [resource] = customerResources(state);
        assert.strictEqual(resource?.outputs["tenantId"], stored.id);
        assert.strictEqual(resource?.outputs["commerceId"], stored.commerceId);
        assert.match(JSON.stringify(resource?.outputs["userCredentials"]), /ciphertext/);
    });

    it("3. preview again: no changes and zero HTTP calls", async () => {
        const since = e2e.mark();
        const { ops } = await withOps((o) => e2e.stack.preview(o));
        assert.deepStrictEqual(ops, { same: 1 });
        assert.deepStrictEqual(since(), []);
    });

    it("4. a billing-profile edit previews as an update (not a replace) and up issues one PUT", async () => {
        const edited = customerArgs("e2econtoso", {
            billingProfile: { ...(base["billingProfile"] as object), email: "accounts@e2econtoso.example" },
        });
        await e2e.setCustomers({ contoso: edited });
        const preview = await withOps((o) => e2e.stack.preview(o));
        assert.deepStrictEqual(preview.ops, { update: 1 });

        const since = e2e.mark();
        const { ops } = await withOps((o) => e2e.stack.up(o));
        assert.deepStrictEqual(ops, { update: 1 });
        assert.strictEqual(count(since(), "updateBillingProfile"), 1);
        assert.strictEqual(count(since(), "createCustomer"), 0);
        assert.strictEqual(e2e.emulator.store.list()[0]?.billing.email, "accounts@e2econtoso.example");
    });

    it("5. a domain edit previews as a replace; an impossible replacement fails in preview", async () => {
        const current = customerArgs("e2econtoso", {
            billingProfile: { ...(base["billingProfile"] as object), email: "accounts@e2econtoso.example" },
        });
        await e2e.setCustomers({
            contoso: { ...current, companyProfile: { domain: "e2econtosonew.onmicrosoft.com" } },
        });
        const { ops } = await withOps((o) => e2e.stack.preview(o));
        assert.strictEqual(ops["replace"], 1);
        assert.strictEqual(ops["update"], undefined);
        // A reseller change with the same domain cannot be replaced while the old customer keeps the domain
        // (onDelete: retain): preview says so, before anything is created.
        await e2e.setCustomers({ contoso: { ...current, associatedPartnerId: OTHER_RESELLER } });
        const since = e2e.mark();
        await assert.rejects(
            e2e.stack.preview(),
            /replaces the customer, and the replacement needs e2econtoso\.onmicrosoft\.com/,
        );
        assert.strictEqual(count(since(), "createCustomer"), 0);
        await e2e.setCustomers({ contoso: current });
    });

    it("6a. refresh after an out-of-band billing change shows the drift", async () => {
        const stored = e2e.emulator.store.list()[0]!;
        e2e.emulator.store.update({
            ...stored,
            billing: { ...stored.billing, companyName: "Renamed Out Of Band", etag: "oob-1" },
        });
        const refresh = await e2e.stack.refresh();
        assert.strictEqual(refresh.summary.resourceChanges?.["update"], 1);
        const [resource] = customerResources(await e2e.exportState());
        assert.strictEqual(
            (resource?.outputs["billingProfile"] as { companyName: string }).companyName,
            "Renamed Out Of Band",
        );
        // The program still says otherwise: the next preview proposes the update back.
        assert.deepStrictEqual((await withOps((o) => e2e.stack.preview(o))).ops, { update: 1 });
        await e2e.stack.up();
        assert.strictEqual(e2e.emulator.store.list()[0]?.billing.companyName, "Company e2econtoso");
    });

    it("6b. refresh after an out-of-band delete drops the resource", async () => {
        const stored = e2e.emulator.store.list()[0]!;
        e2e.emulator.store.delete(stored.id);
        const refresh = await e2e.stack.refresh();
        assert.strictEqual(refresh.summary.resourceChanges?.["delete"], 1);
        assert.strictEqual(customerResources(await e2e.exportState()).length, 0);
    });

    it("7. destroy honours onDelete (delete, removeRelationship, retain)", async () => {
        await e2e.setCustomers({
            doomed: customerArgs("e2edoomed", { onDelete: "delete" }),
            released: customerArgs("e2ereleased", { onDelete: "removeRelationship" }),
            kept: customerArgs("e2ekept", { onDelete: "retain" }),
        });
        await e2e.stack.up();
        assert.strictEqual(e2e.emulator.store.count(), 3);

        const since = e2e.mark();
        const { ops } = await withOps((o) => e2e.stack.destroy(o));
        assert.deepStrictEqual(ops, { delete: 3 });
        assert.strictEqual(count(since(), "deleteCustomer"), 1);
        assert.strictEqual(count(since(), "updateCustomerRelationship"), 1);
        assert.strictEqual(e2e.emulator.store.findByDomain("e2edoomed.onmicrosoft.com"), undefined);
        // The PATCH was answered with the documented PascalCase sample ("Id": null); in the integration sandbox
        // removing the relationship deletes the tenant (sandbox-scenario).
        const patch = since().find((e) => e.operation === "updateCustomerRelationship");
        assert.strictEqual(patch?.status, 200);
        assert.strictEqual(e2e.emulator.store.findByDomain("e2ereleased.onmicrosoft.com"), undefined);
        assert.ok(e2e.emulator.store.findByDomain("e2ekept.onmicrosoft.com"), "retain keeps the customer");
    });

    it("8. stack export holds no plaintext secret and every __provider is under 1 KB", async () => {
        await e2e.setCustomers({ scanned: customerArgs("e2escanned") });
        const up = await e2e.stack.up();
        const password = (up.outputs["credentials"]?.value as Record<string, { password: string }>)["scanned"]
            ?.password;
        assert.ok(password);
        const state = await e2e.exportState();
        for (const secret of [...secretsOf(e2e.emulator), password]) {
            assert.ok(!state.includes(secret), "a secret appears in plaintext in the exported state");
        }
        assert.ok(!/Bearer\s/i.test(state));
        const resources = customerResources(state);
        assert.ok(resources.length > 0);
        for (const r of resources) {
            const provider = r.inputs["__provider"];
            assert.strictEqual(typeof provider, "string");
            assert.ok(
                Buffer.byteLength(provider as string) < 1024,
                `__provider is ${Buffer.byteLength(provider as string)} bytes`,
            );
        }
        await e2e.stack.destroy();
    });
});
