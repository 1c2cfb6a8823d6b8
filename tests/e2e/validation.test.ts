/**
 * The service's own rules through the real Pulumi CLI: `pulumi preview` of a customer whose address Partner
 * Center's address validation rejects fails before anything is created, and shows the suggested address; the
 * corrected address previews as one create; `enableGDAPByDefault` is visible in the preview's inputs and the
 * outputs say what the create granted.
 */
import * as assert from "assert";

import { count, customerArgs, customerResources, setUpE2E, withOps, type E2EEnvironment } from "./harness";

describe("e2e: preflight with the service's rules through the Pulumi CLI", function () {
    let e2e: E2EEnvironment;
    const args = customerArgs("e2evalidation");
    const billing = args["billingProfile"] as Record<string, unknown>;
    const withLine1 = (addressLine1: string) => ({
        ...args,
        billingProfile: { ...billing, defaultAddress: { ...(billing["defaultAddress"] as object), addressLine1 } },
    });

    before(async () => {
        e2e = await setUpE2E();
    });
    after(async () => {
        await e2e?.dispose();
    });

    it("preview of an address the service rejects fails before anything is created, showing the suggestion", async () => {
        await e2e.setCustomers({ rejected: withLine1("Microsoft Way") });
        const since = e2e.mark();
        const error = await e2e.stack.preview().then(
            () => undefined,
            (e: unknown) => e as Error,
        );
        assert.ok(error, "preview must fail");
        assert.match(error.message, /billingProfile\.defaultAddress/);
        assert.match(error.message, /StreetPartial/);
        assert.match(error.message, /Suggested: "1 Microsoft Way, Redmond, WA 98052, US"/);
        assert.strictEqual(count(since(), "validateAddress"), 1);
        assert.strictEqual(count(since(), "createCustomer"), 0);
        assert.strictEqual(e2e.emulator.store.count(), 0);
    });

    it("the suggested address previews as one create; up grants default GDAP and says so", async () => {
        await e2e.setCustomers({ rejected: withLine1("1 Microsoft Way") });
        const { ops } = await withOps((o) => e2e.stack.preview(o));
        assert.deepStrictEqual(ops, { create: 1 });
        await e2e.stack.up();
        const [resource] = customerResources(await e2e.exportState());
        // Unset in the program stays unset in the inputs (the policy pack's advisory can see it); the create sent
        // the service's default, and the outputs say so.
        assert.strictEqual(resource?.inputs["enableGDAPByDefault"], undefined, "an unset default stays unset");
        assert.strictEqual(resource?.outputs["enableGDAPByDefault"], true, "the create sent the default");
        assert.strictEqual(resource?.outputs["delegatedAccess"], "defaultGdap");
        assert.strictEqual(e2e.emulator.store.list()[0]?.delegatedAccess, "defaultGdap");
    });
});
