/**
 * Program wiring under Pulumi's mocks (`pulumi.runtime.setMocks`): the root quick start and every example declare
 * the resources we expect, with the inputs as declared, `userCredentials` registered as an additional secret
 * output, and a thin `__provider` that carries no credential.
 *
 * setMocks is global state, so this suite runs in its own mocha process (see scripts/run-tests.ts).
 */
import * as assert from "assert";
import * as path from "path";

import { CUSTOMER_TYPE, loadProgram, REPO_ROOT, type Registration } from "./harness";

const RESELLER = "484e548c-f5f3-4528-93a9-c16c6373cb59";

function customers(registrations: Registration[]): Registration[] {
    return registrations.filter((r) => r.type === CUSTOMER_TYPE);
}

function assertThinProvider(registration: Registration): void {
    const provider = registration.inputs["__provider"];
    assert.strictEqual(typeof provider, "string", "__provider must be a plain (non-secret) string");
    const text = provider as string;
    assert.ok(Buffer.byteLength(text) < 1024, `__provider is ${Buffer.byteLength(text)} bytes, must be < 1 KB`);
    assert.match(text, /require\("pulumi-partnercenter\/(stub|dist\/resources\/customer\/stub\.js)"\)/);
    for (const secret of ["emulator-client-secret", "emulator-refresh-token", "clientSecret", "Bearer"]) {
        assert.ok(!text.includes(secret), `__provider must not contain ${secret}`);
    }
}

describe("programs under setMocks", () => {
    describe("root quick start (Pulumi.yaml → examples/quickstart)", () => {
        let run: Awaited<ReturnType<typeof loadProgram>>;
        before(async () => {
            run = await loadProgram("examples/quickstart", "partnercenter-quickstart", {
                resellerId: RESELLER,
                domain: "wingtipmocks.onmicrosoft.com",
            });
        });

        it("declares one IndirectResellerCustomer with the configured inputs", () => {
            const [customer, ...rest] = customers(run.registrations);
            assert.ok(customer, "no customer registered");
            assert.strictEqual(rest.length, 0);
            assert.strictEqual(customer.name, "wingtip-toys");
            assert.strictEqual(customer.inputs["associatedPartnerId"], RESELLER);
            assert.deepStrictEqual(customer.inputs["companyProfile"], { domain: "wingtipmocks.onmicrosoft.com" });
            const billing = customer.inputs["billingProfile"] as Record<string, unknown>;
            assert.strictEqual(billing["email"], "gena@wingtiptoys.com");
            assert.strictEqual((billing["defaultAddress"] as Record<string, unknown>)["country"], "US");
            assert.strictEqual(customer.inputs["onDelete"], "retain");
        });

        it("registers userCredentials as an additional secret output", () => {
            const [customer] = customers(run.registrations);
            assert.deepStrictEqual(customer?.additionalSecretOutputs, ["userCredentials"]);
        });

        it("serializes a thin provider stub without credentials", () => {
            assertThinProvider(customers(run.registrations)[0]!);
        });

        it("exports tenantId and commerceId from the customer", async () => {
            assert.strictEqual(await run.output("tenantId"), "tenant-wingtip-toys");
            assert.strictEqual(await run.output("commerceId"), "commerce-wingtip-toys");
        });
    });

    describe("examples/bulk-onboarding", () => {
        let run: Awaited<ReturnType<typeof loadProgram>>;
        before(async () => {
            run = await loadProgram("examples/bulk-onboarding", "partnercenter-example-bulk-onboarding", {
                customersFile: path.join(REPO_ROOT, "examples", "bulk-onboarding", "customers.json"),
            });
        });

        it("declares one customer per entry, for several resellers", () => {
            const declared = customers(run.registrations);
            assert.strictEqual(declared.length, 6);
            const resellers = new Set(declared.map((c) => c.inputs["associatedPartnerId"]));
            assert.strictEqual(resellers.size, 3);
            for (const c of declared) {
                assert.match(
                    String((c.inputs["companyProfile"] as { domain: string }).domain),
                    /bulk\.onmicrosoft\.com$/,
                );
                assert.deepStrictEqual(c.additionalSecretOutputs, ["userCredentials"]);
            }
        });

        it("shares one serialized provider across resources", () => {
            const providers = new Set(customers(run.registrations).map((c) => c.inputs["__provider"]));
            assert.strictEqual(providers.size, 1);
        });

        it("exports tenant ids by resource name", async () => {
            const tenantIds = (await run.output("tenantIds")) as Record<string, string>;
            assert.strictEqual(tenantIds["adatum"], "tenant-adatum");
            assert.strictEqual(Object.keys(tenantIds).length, 6);
        });
    });

    describe("examples/azure-tenant", () => {
        let run: Awaited<ReturnType<typeof loadProgram>>;
        before(async () => {
            run = await loadProgram("examples/azure-tenant", "partnercenter-example-azure-tenant", {
                resellerId: RESELLER,
                domain: "fabrikammocks.onmicrosoft.com",
                subscriptionId: "11111111-2222-3333-4444-555555555555",
            });
        });

        it("configures an azure-native provider with the customer's tenant id", () => {
            const provider = run.registrations.find((r) => r.type === "pulumi:providers:azure-native");
            assert.ok(provider, "no azure-native provider registered");
            assert.strictEqual(provider.inputs["tenantId"], "tenant-fabrikam");
            assert.strictEqual(provider.inputs["subscriptionId"], "11111111-2222-3333-4444-555555555555");
        });

        it("declares a resource group through that provider", () => {
            const group = run.registrations.find((r) => r.type === "azure-native:resources:ResourceGroup");
            assert.ok(group, "no resource group registered");
            assert.match(group.provider, /pulumi:providers:azure-native::customer-tenant::/);
            assert.strictEqual((group.inputs["tags"] as Record<string, string>)["customer"], "Fabrikam Ltd");
        });
    });

    describe("examples/adopt-existing", () => {
        let run: Awaited<ReturnType<typeof loadProgram>>;
        before(async () => {
            run = await loadProgram("examples/adopt-existing", "partnercenter-example-adopt-existing", {
                resellerId: RESELLER,
                domain: "wingtiptoysquickstart.onmicrosoft.com",
            });
        });

        it("declares the customer with adoptExisting and onDelete retain", () => {
            const [customer] = customers(run.registrations);
            assert.ok(customer);
            assert.strictEqual(customer.inputs["adoptExisting"], true);
            assert.strictEqual(customer.inputs["onDelete"], "retain");
            assertThinProvider(customer);
        });
    });
});
