/**
 * Program-side functions `getIndirectResellers` and `getCustomer` over real HTTP against the emulator, with
 * credentials from the `PARTNERCENTER_*` environment fallbacks (no stack config outside a Pulumi run).
 */
import * as assert from "assert";

import { getCustomer, getIndirectResellers } from "pulumi-partnercenter";

import { startEmulator, type Emulator } from "../../emulator";
import { customerArgs, RESELLER } from "../fixtures/customers";

describe("program functions", () => {
    let emulator: Emulator;
    const saved = { ...process.env };

    before(async () => {
        emulator = await startEmulator({ quiet: true });
        const { partner } = emulator.seed;
        Object.assign(process.env, {
            PARTNERCENTER_ENDPOINT: emulator.url,
            PARTNERCENTER_TENANT_ID: partner.tenantId,
            PARTNERCENTER_CLIENT_ID: partner.clientId,
            PARTNERCENTER_CLIENT_SECRET: partner.clientSecret,
            PARTNERCENTER_REFRESH_TOKEN: partner.refreshToken,
        });
    });
    after(async () => {
        process.env = saved;
        await emulator?.close();
    });

    it("getIndirectResellers lists the seeded resellers and filters by name and MPN id", async () => {
        const all = await getIndirectResellers();
        assert.strictEqual(all.length, emulator.seed.indirectResellers.length);
        assert.ok(all.some((r) => r.id === RESELLER && r.state === "Active"));
        const byName = await getIndirectResellers({ name: "fabrikam" });
        assert.deepStrictEqual(
            byName.map((r) => r.name),
            ["Fabrikam Solutions"],
        );
        const byMpn = await getIndirectResellers({ mpnId: "4990103" });
        assert.deepStrictEqual(
            byMpn.map((r) => r.id),
            ["c7d8e9f0-a1b2-4c3d-8e4f-5a6b7c8d9e0f"],
        );
    });

    it("getCustomer returns a customer without credentials", async () => {
        const args = customerArgs("functionsfixture");
        const response = await fetch(`${emulator.url}/v1/customers`, {
            method: "POST",
            headers: { Authorization: `Bearer ${emulator.issueAccessToken()}`, "Content-Type": "application/json" },
            body: JSON.stringify(args),
        });
        assert.strictEqual(response.status, 201);
        const created = (await response.json()) as { id: string };
        const customer = await getCustomer(created.id);
        assert.strictEqual(customer.id, created.id);
        assert.strictEqual(customer.companyProfile?.domain, "functionsfixture.onmicrosoft.com");
        assert.strictEqual(customer.associatedPartnerId, RESELLER);
        assert.ok(!customer.userCredentials, "credentials are returned only at creation");
    });
});
