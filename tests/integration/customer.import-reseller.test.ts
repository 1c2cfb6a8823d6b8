/**
 * Importing a customer when get-by-id does not say who its indirect reseller is (no published get-by-id sample
 * shows `associatedPartnerId`; the emulator's `omitAssociatedPartnerId` models that): the read asks the
 * customer's relationships (`GET /v1/customers/{id}/relationships`, "Get indirect resellers of a customer") once,
 * only when neither the answer nor state knows the reseller, and goes on without it when that call fails.
 */
import * as assert from "assert";

import * as impl from "pulumi-partnercenter/implementation";
import { setLogSink } from "pulumi-partnercenter/runtime";

import { startEmulator, type Emulator } from "../../emulator";
import { configureImplementation } from "../fixtures/emulator-config";
import { apiClient, createBody, WINGTIP_RESELLER } from "./emulator-helpers";

/** What the plugin's import seeds the read with (`plugin/import.ts`): no state but the objects the read expects. */
const IMPORT_SEED = { companyProfile: {}, billingProfile: {} };

describe("customer read: the indirect reseller from the customer's relationships when get-by-id omits it", function () {
    this.timeout(20_000);
    let emulator: Emulator;
    let customerId: string;
    const asks = () => emulator.requestLog.filter((e) => e.operation === "listCustomerIndirectResellers");

    before(async () => {
        emulator = await startEmulator({ port: 0, omitAssociatedPartnerId: true });
        configureImplementation(emulator);
        const created = await apiClient(emulator)("POST", "/v1/customers", {
            body: createBody({ associatedPartnerId: WINGTIP_RESELLER }),
        });
        assert.strictEqual(created.status, 201, created.text);
        customerId = created.json.id;
    });
    after(async () => emulator?.close());
    beforeEach(() => {
        emulator.faults.clear();
        emulator.clearRequestLog();
    });

    it("import (no state): associatedPartnerId comes from GET /v1/customers/{id}/relationships", async () => {
        const read = await impl.provider.read!(customerId, IMPORT_SEED);
        assert.strictEqual((read.props as Record<string, unknown>)["associatedPartnerId"], WINGTIP_RESELLER);
        assert.strictEqual(asks().length, 1);
    });

    it("refresh (state knows the reseller): no extra call", async () => {
        const read = await impl.provider.read!(customerId, { ...IMPORT_SEED, associatedPartnerId: WINGTIP_RESELLER });
        assert.strictEqual((read.props as Record<string, unknown>)["associatedPartnerId"], WINGTIP_RESELLER);
        assert.strictEqual(asks().length, 0);
    });

    it("the relationships call failing does not fail the read: a warning, and the reseller stays unknown", async () => {
        // An answer the client cannot read (no retry helps): the read must go on without the reseller.
        emulator.faults.add({
            kind: "body",
            body: { items: "not a list" },
            match: { operation: "listCustomerIndirectResellers" },
        });
        const warnings: string[] = [];
        const previous = setLogSink((level, message) => {
            if (level === "warning") warnings.push(message);
        });
        try {
            const read = await impl.provider.read!(customerId, IMPORT_SEED);
            assert.strictEqual((read.props as Record<string, unknown>)["customerId"], customerId);
            assert.ok(!(read.props as Record<string, unknown>)["associatedPartnerId"]);
            assert.ok(
                warnings.some((w) => w.includes("its indirect reseller could not be read")),
                warnings.join("\n"),
            );
        } finally {
            setLogSink(previous);
        }
    });
});
