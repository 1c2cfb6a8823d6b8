/**
 * The `CustomerAgreement` provider implementation against the emulator over real HTTP: the whole lifecycle
 * (check -> create -> pending diff -> accept -> completing update -> refresh -> delete), 600061 adoption, and the
 * settings checks (national clouds, no App-only credentials).
 */
import * as assert from "assert";
import fetch from "node-fetch";

import * as agreement from "pulumi-partnercenter/agreement/implementation";
import { setLogSink, type LogLevel } from "pulumi-partnercenter/agreement/implementation";

import { startEmulator } from "../../emulator";
import type { Emulator } from "../../emulator";
import { configureImplementation, emulatorSettings } from "../fixtures/emulator-config";
import { apiClient, createBody } from "./emulator-helpers";

describe("integration: CustomerAgreement provider vs emulator", function () {
    this.timeout(30_000);
    let emulator: Emulator;
    let logs: Array<[LogLevel, string]>;
    let previousSink: ReturnType<typeof setLogSink>;

    before(async () => {
        emulator = await startEmulator({ port: 0 });
        previousSink = setLogSink((level, message) => logs.push([level, message]));
    });
    beforeEach(() => {
        logs = [];
        configureImplementation(emulator);
    });
    after(async () => {
        setLogSink(previousSink);
        agreement.resetRuntime();
        await emulator?.close();
    });

    async function newCustomer(): Promise<string> {
        const res = await apiClient(emulator, emulator.issueAccessToken())("POST", "/v1/customers", {
            body: createBody(),
        });
        assert.strictEqual(res.status, 201);
        return res.json.id as string;
    }

    const args = (customerId: string, email = "tania@contoso.example") => ({
        customerId,
        companyName: "Contoso",
        country: "US",
        language: "en-US",
        signatory: { firstName: "Tania", lastName: "Carr", email, phoneNumber: "1234567890" },
    });

    const accept = async (attestationId: string) =>
        (await fetch(`${emulator.url}/_emulator/attestations/${attestationId}/accept`, { method: "POST" })).status;

    const apiCalls = () => emulator.requestLog.filter((e) => e.operation !== "token");

    it("create makes the attestation and returns pending; up after acceptance creates the agreement exactly once", async () => {
        const customerId = await newCustomer();
        const checked = await agreement.provider.check({}, args(customerId));
        assert.deepStrictEqual(checked.failures, []);
        assert.ok(
            logs.some(
                ([level, m]) => level === "warning" && /must then accept the Microsoft Customer Agreement/.test(m),
            ),
            "preview warns about the human step",
        );

        emulator.clearRequestLog();
        const created = await agreement.provider.create(checked.inputs ?? {});
        const outs = created.outs as Record<string, unknown>;
        assert.strictEqual(created.id, `${customerId}/tania@contoso.example`);
        assert.strictEqual(outs["status"], "PendingAcceptance");
        assert.match(String(outs["acceptanceUrl"]), /\/_emulator\/attestations\//);
        assert.match(String(outs["pendingAction"]), /^Send http.* to Tania Carr <tania@contoso\.example> \(Contoso\)/);
        assert.ok(
            Object.values(outs).every((v) => v !== undefined),
            "no undefined in outputs",
        );
        assert.deepStrictEqual(
            apiCalls().map((e) => `${e.operation}:${e.authFlow}`),
            // An existing agreement for the contact is looked for first: the attestation names no customer.
            ["listCustomerAgreements:appUser", "createEnhancedAttestation:appOnly"],
        );
        assert.strictEqual(emulator.agreements.listAgreements(customerId).length, 0);

        // Not accepted yet: no change, and a warning with the pending action.
        logs = [];
        const pendingDiff = await agreement.provider.diff(created.id, outs, checked.inputs ?? {});
        assert.strictEqual(pendingDiff.changes, false);
        assert.ok(logs.some(([, m]) => /MCA still pending: Send/.test(m)));

        // Refresh while pending reflects pending.
        const refreshedPending = await agreement.provider.read(created.id, outs);
        assert.strictEqual((refreshedPending.props as Record<string, unknown>)["status"], "PendingAcceptance");

        assert.strictEqual(await accept(String(outs["attestationId"])), 200);
        const completing = await agreement.provider.diff(created.id, outs, checked.inputs ?? {});
        assert.deepStrictEqual(
            { changes: completing.changes, replaces: completing.replaces },
            { changes: true, replaces: [] },
        );

        emulator.clearRequestLog();
        const updated = await agreement.provider.update(created.id, outs, checked.inputs ?? {});
        const agreed = updated.outs as Record<string, unknown>;
        assert.strictEqual(agreed["status"], "Agreed");
        assert.strictEqual(agreed["pendingAction"], "");
        assert.strictEqual(agreed["adopted"], false);
        assert.ok(String(agreed["dateAgreed"]).length > 0);
        assert.deepStrictEqual(
            apiCalls().map((e) => `${e.operation}:${e.authFlow}`),
            ["getEnhancedAttestation:appOnly", "createCustomerAgreement:appOnly"],
        );
        assert.strictEqual(emulator.agreements.listAgreements(customerId).length, 1);

        // Agreed: the next diff makes no call and reports nothing; refresh reads the list (App+User).
        emulator.clearRequestLog();
        assert.strictEqual((await agreement.provider.diff(created.id, agreed, checked.inputs ?? {})).changes, false);
        assert.deepStrictEqual(apiCalls(), []);
        const refreshed = await agreement.provider.read(created.id, agreed);
        assert.deepStrictEqual(refreshed.props, agreed);
        assert.deepStrictEqual(
            apiCalls().map((e) => `${e.operation}:${e.authFlow}`),
            ["listCustomerAgreements:appUser"],
        );

        // Delete: state only, no HTTP call, and it says so.
        emulator.clearRequestLog();
        logs = [];
        await agreement.provider.delete(created.id, agreed);
        assert.deepStrictEqual(apiCalls(), []);
        assert.ok(logs.some(([level, m]) => level === "warning" && /cannot be revoked/.test(m)));
        assert.strictEqual(emulator.agreements.listAgreements(customerId).length, 1);
    });

    it("refresh after acceptance reflects Accepted; the following update completes it", async () => {
        const customerId = await newCustomer();
        const inputs = (await agreement.provider.check({}, args(customerId))).inputs ?? {};
        const created = await agreement.provider.create(inputs);
        await accept(String((created.outs as Record<string, unknown>)["attestationId"]));
        const refreshed = (await agreement.provider.read(created.id, created.outs as Record<string, unknown>))
            .props as Record<string, unknown>;
        assert.strictEqual(refreshed["status"], "Accepted");
        assert.match(String(refreshed["pendingAction"]), /Run `pulumi up` to create the agreement/);
        assert.strictEqual(emulator.agreements.listAgreements(customerId).length, 0, "refresh never creates");
        assert.strictEqual((await agreement.provider.diff(created.id, refreshed, inputs)).changes, true);
        const done = (await agreement.provider.update(created.id, refreshed, inputs)).outs as Record<string, unknown>;
        assert.strictEqual(done["status"], "Agreed");
        assert.strictEqual(emulator.agreements.listAgreements(customerId).length, 1);
    });

    it("the same contact data again (another stack): the listed agreement is adopted, nothing is created", async () => {
        const customerId = await newCustomer();
        const inputs = (await agreement.provider.check({}, args(customerId))).inputs ?? {};
        const first = await agreement.provider.create(inputs);
        await accept(String((first.outs as Record<string, unknown>)["attestationId"]));
        await agreement.provider.update(first.id, first.outs as Record<string, unknown>, inputs);

        emulator.clearRequestLog();
        const second = await agreement.provider.create(inputs);
        const outs = second.outs as Record<string, unknown>;
        assert.strictEqual(outs["status"], "Agreed");
        assert.strictEqual(outs["adopted"], true);
        assert.strictEqual(outs["pendingAction"], "");
        assert.ok(String(outs["dateAgreed"]).length > 0);
        assert.deepStrictEqual(
            apiCalls().map((e) => `${e.operation}:${e.status}`),
            // Found in the customer's agreements before any attestation (the documented attestation body names no
            // customer, so the service cannot answer it with 600061).
            ["listCustomerAgreements:200"],
        );
        assert.strictEqual(emulator.agreements.listAgreements(customerId).length, 1);
    });

    it("a completing update that meets 600061 (agreement made meanwhile) adopts it", async () => {
        const customerId = await newCustomer();
        const inputs = (await agreement.provider.check({}, args(customerId))).inputs ?? {};
        const created = await agreement.provider.create(inputs);
        const outs = created.outs as Record<string, unknown>;
        await accept(String(outs["attestationId"]));
        // Someone (another stack, a crash before the state write) already made the agreement.
        await agreement.provider.update(created.id, outs, inputs);
        const again = (await agreement.provider.update(created.id, outs, inputs)).outs as Record<string, unknown>;
        assert.strictEqual(again["status"], "Agreed");
        assert.strictEqual(again["adopted"], true);
        assert.strictEqual(emulator.agreements.listAgreements(customerId).length, 1);
    });

    it("check fails in preview for the china and usgov endpoints, before any call", async () => {
        for (const endpoint of ["china", "usgov"]) {
            const settings = emulatorSettings(emulator, { endpoint });
            agreement.resetRuntime();
            agreement.configure((key) => settings[key]);
            emulator.clearRequestLog();
            const result = await agreement.provider.check({}, args("14876998-c0dc-46e6-9d0c-65a57a6c32ec"));
            assert.strictEqual(result.failures?.length, 1);
            assert.match(result.failures?.[0]?.reason ?? "", new RegExp(`public cloud.*${endpoint}`));
            assert.deepStrictEqual(emulator.requestLog, []);
        }
    });

    it("check fails without App-only credentials (a static access token only), naming the keys", async () => {
        agreement.resetRuntime();
        agreement.configure((key) => ({ endpoint: emulator.url, accessToken: "static" })[key as string]);
        const result = await agreement.provider.check({}, args("14876998-c0dc-46e6-9d0c-65a57a6c32ec"));
        assert.match(result.failures?.[0]?.reason ?? "", /App-only.*partnercenter:tenantId/);
    });

    it("check in preview: a customer id Partner Center does not know fails naming customerId, before anything is created", async () => {
        emulator.clearRequestLog();
        const result = await agreement.provider.check({}, args("0e4a1c2b-3d5f-4a6b-9c8d-7e6f5a4b3c2d"));
        assert.strictEqual(result.failures?.length, 1);
        assert.strictEqual(result.failures?.[0]?.property, "customerId");
        assert.match(
            result.failures?.[0]?.reason ?? "",
            /no Partner Center customer has id 0e4a1c2b-.*Nothing was created/,
        );
        assert.deepStrictEqual(
            apiCalls().map((e) => e.operation),
            ["getCustomer"],
        );
    });

    it("check in preview: a wrong client secret fails naming the credential keys, before anything is created", async () => {
        const settings = emulatorSettings(emulator, { clientSecret: "not-the-secret" });
        agreement.resetRuntime();
        agreement.configure((key) => settings[key]);
        const customerId = await newCustomer();
        emulator.clearRequestLog();
        const result = await agreement.provider.check({}, args(customerId));
        assert.strictEqual(result.failures?.length, 1);
        assert.strictEqual(result.failures?.[0]?.property, "");
        assert.match(
            result.failures?.[0]?.reason ?? "",
            /authentication failed.*partnercenter:clientSecret.*Nothing was created/,
        );
        assert.ok(!(result.failures?.[0]?.reason ?? "").includes("not-the-secret"), "the secret is in the message");
        assert.deepStrictEqual(
            emulator.requestLog.filter((e) => e.method !== "GET" && e.operation !== "token"),
            [],
        );
    });

    it("check for an unchanged customer id calls nothing (only a new or changed customer is verified)", async () => {
        const customerId = await newCustomer();
        const checked = await agreement.provider.check({}, args(customerId));
        emulator.clearRequestLog();
        await agreement.provider.check(checked.inputs ?? {}, args(customerId));
        assert.deepStrictEqual(apiCalls(), []);
    });
});
