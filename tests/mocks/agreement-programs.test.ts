/**
 * The quick start's agreement wiring under Pulumi's mocks: the CustomerAgreement takes the customer's id, the
 * signatory and the MCA variant as declared, its provider is a thin stub without credentials, and the program
 * exports the pending step.
 */
import * as assert from "assert";
import * as path from "path";

import { AGREEMENT_TYPE, CUSTOMER_TYPE, loadProgram, REPO_ROOT } from "./harness";

describe("programs under setMocks: the quick start's CustomerAgreement", () => {
    let run: Awaited<ReturnType<typeof loadProgram>>;
    before(async () => {
        run = await loadProgram("examples/quickstart", "partnercenter-quickstart", {
            resellerId: "484e548c-f5f3-4528-93a9-c16c6373cb59",
            domain: "wingtipmocks.onmicrosoft.com",
            signatoryEmail: "signatory@wingtiptoys.example",
        });
    });

    it("declares one CustomerAgreement for the customer, with the signatory and MCA variant", () => {
        const agreements = run.registrations.filter((r) => r.type === AGREEMENT_TYPE);
        assert.strictEqual(agreements.length, 1);
        const [agreement] = agreements;
        assert.strictEqual(agreement?.name, "wingtip-toys-mca");
        // The mock customer's id: the agreement is wired to the customer's output, not a literal.
        assert.strictEqual(agreement?.inputs["customerId"], "tenant-wingtip-toys");
        assert.strictEqual(agreement?.inputs["companyName"], "Wingtip Toys");
        assert.strictEqual(agreement?.inputs["country"], "US");
        assert.strictEqual(agreement?.inputs["language"], "en-US");
        assert.deepStrictEqual(agreement?.inputs["signatory"], {
            firstName: "Gena",
            lastName: "Soto",
            email: "signatory@wingtiptoys.example",
        });
        assert.strictEqual(run.registrations.filter((r) => r.type === CUSTOMER_TYPE).length, 1);
    });

    it("serializes a thin agreement provider stub without credentials", () => {
        const agreement = run.registrations.find((r) => r.type === AGREEMENT_TYPE)!;
        const text = agreement.inputs["__provider"] as string;
        assert.strictEqual(typeof text, "string");
        assert.ok(Buffer.byteLength(text) < 1024, `__provider is ${Buffer.byteLength(text)} bytes`);
        assert.match(text, /require\("pulumi-partnercenter\/(agreement\/stub|dist\/resources\/agreement\/stub\.js)"\)/);
        for (const secret of ["emulator-client-secret", "emulator-refresh-token", "clientSecret", "Bearer"]) {
            assert.ok(!text.includes(secret), `__provider must not contain ${secret}`);
        }
    });

    it("exports the agreement's status and pending action", async () => {
        assert.strictEqual(await run.output("agreementStatus"), "PendingAcceptance");
        assert.strictEqual(await run.output("attestationId"), "attestation-wingtip-toys-mca");
        assert.match(String(await run.output("pendingAction")), /signatory@wingtiptoys\.example/);
    });
});

describe("programs under setMocks: bulk onboarding entries with a signatory", () => {
    let run: Awaited<ReturnType<typeof loadProgram>>;
    before(async () => {
        run = await loadProgram("examples/bulk-onboarding", "partnercenter-example-bulk-onboarding", {
            customersFile: path.join(REPO_ROOT, "examples", "bulk-onboarding", "customers.json"),
        });
    });

    it("declares a CustomerAgreement only for entries with a signatory, wired to that entry's customer", () => {
        const agreements = run.registrations.filter((r) => r.type === AGREEMENT_TYPE);
        assert.deepStrictEqual(
            agreements.map((a) => [a.name, a.inputs["customerId"], a.inputs["country"], a.inputs["language"]]),
            [["adatum-mca", "tenant-adatum", "US", "en-US"]],
        );
        assert.deepStrictEqual(agreements[0]?.inputs["signatory"], {
            firstName: "Pat",
            lastName: "Admin",
            email: "pat@adatum.example",
        });
    });

    it("exports the pending action per agreement", async () => {
        const pending = (await run.output("agreementsPending")) as Record<string, string>;
        assert.match(pending["adatum-mca"] ?? "", /pat@adatum\.example/);
    });
});
