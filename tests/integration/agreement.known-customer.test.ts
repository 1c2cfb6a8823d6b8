/**
 * A CustomerAgreement whose customer this run created (in the same provider host) is checked without asking
 * Partner Center whether the customer exists: the engine calls `check` one resource at a time, so in a bulk chain
 * that read would cost one round trip per agreement in series. A customer this run does not know is still read.
 */
import * as assert from "assert";

import * as agreement from "pulumi-partnercenter/agreement/implementation";
import * as customer from "pulumi-partnercenter/implementation";

import { startEmulator, type Emulator } from "../../emulator";
import { customerArgs } from "../fixtures/customers";
import { configureImplementation } from "../fixtures/emulator-config";
import { apiClient, createBody } from "./emulator-helpers";

describe("CustomerAgreement check: a customer created by this run needs no read", function () {
    this.timeout(30_000);
    let emulator: Emulator;

    before(async () => {
        emulator = await startEmulator({ port: 0, quiet: true });
    });
    after(async () => {
        customer.resetRuntime();
        await emulator?.close();
    });
    beforeEach(() => configureImplementation(emulator, { domainPreflight: "create" }));

    const args = (customerId: string) => ({
        customerId,
        companyName: "Contoso",
        country: "US",
        language: "en-US",
        signatory: { firstName: "Tania", lastName: "Carr", email: "tania@contoso.example" },
    });
    const gets = () => emulator.requestLog.filter((e) => e.operation === "getCustomer").length;

    it("created in this run: check makes no call", async () => {
        const checked = await customer.provider.check({}, customerArgs("knownagreement"));
        const { id } = await customer.provider.create(checked.inputs);
        emulator.clearRequestLog();
        const result = await agreement.provider.check({}, args(id));
        assert.deepStrictEqual(result.failures, []);
        assert.strictEqual(gets(), 0);
    });

    it("not known to this run: check reads the customer, and an unknown id still fails naming customerId", async () => {
        const made = await apiClient(emulator)("POST", "/v1/customers", { body: createBody() });
        assert.strictEqual(made.status, 201, made.text);
        emulator.clearRequestLog();
        assert.deepStrictEqual((await agreement.provider.check({}, args(made.json.id as string))).failures, []);
        assert.strictEqual(gets(), 1);
        const missing = await agreement.provider.check({}, args("00000000-0000-0000-0000-00000000abcd"));
        assert.strictEqual(missing.failures?.[0]?.property, "customerId");
    });
});
