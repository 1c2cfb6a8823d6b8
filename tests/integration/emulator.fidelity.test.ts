/**
 * The emulator against the documented behaviour it models beyond the contract samples: the GDAP FAQ's table of
 * what a create grants (and what GET customer then shows), registration-number errors, the reseller MPA check,
 * address validation statuses, the recorded country rules and echoed empty strings.
 */
import * as assert from "assert";

import { startEmulator } from "../../emulator";
import type { Emulator } from "../../emulator";
import { Api, apiClient, createBody, WINGTIP_RESELLER } from "./emulator-helpers";

describe("emulator: fidelity to the documented behaviour", function () {
    this.timeout(20_000);
    let emulator: Emulator;
    let api: Api;

    before(async () => {
        emulator = await startEmulator({ port: 0 });
        api = apiClient(emulator);
    });

    after(async () => {
        await emulator?.close();
    });

    beforeEach(() => {
        emulator.options.sandbox = true;
        for (const r of emulator.seed.indirectResellers) {
            r.mpaAccepted = true;
        }
    });

    describe("enableGDAPByDefault (GDAP FAQ timeline table)", () => {
        const cases: Array<{ sandbox: boolean; flag: boolean | undefined; access: string; dap: boolean }> = [
            { sandbox: false, flag: true, access: "defaultGdap", dap: false },
            { sandbox: false, flag: false, access: "none", dap: false },
            { sandbox: false, flag: undefined, access: "defaultGdap", dap: false },
            { sandbox: true, flag: true, access: "defaultGdap", dap: false },
            { sandbox: true, flag: false, access: "none", dap: false },
            { sandbox: true, flag: undefined, access: "dap", dap: true },
        ];
        for (const c of cases) {
            it(`${c.sandbox ? "sandbox" : "production"}, enableGDAPByDefault ${String(c.flag)}: ${c.access}`, async () => {
                emulator.options.sandbox = c.sandbox;
                const body = { ...createBody(), ...(c.flag !== undefined ? { EnableGDAPByDefault: c.flag } : {}) };
                const created = await api("POST", "/v1/customers", { body });
                assert.strictEqual(created.status, 201, created.text);
                assert.strictEqual(created.json.allowDelegatedAccess, c.dap);
                assert.strictEqual(emulator.store.get(created.json.id)?.delegatedAccess, c.access);
                const got = (await api("GET", `/v1/customers/${created.json.id}`)).json;
                if (c.access === "none") {
                    // Without GDAP roles (or DAP) GET customer omits these three (get-a-customer-by-id).
                    assert.strictEqual(got.companyProfile.address, undefined);
                    assert.strictEqual(got.companyProfile.email, undefined);
                    assert.strictEqual(got.customDomains, undefined);
                } else {
                    assert.strictEqual(got.companyProfile.address.region, "WA");
                    assert.strictEqual(got.companyProfile.email, body.billingProfile.email);
                    assert.deepStrictEqual(got.customDomains, [body.companyProfile.domain]);
                }
                // The billing profile is readable either way: refresh still works.
                assert.strictEqual(got.billingProfile.email, body.billingProfile.email);
            });
        }
    });

    describe("organization registration number (error-codes 600002, 600050)", () => {
        it("600002 when a country without registration numbers gets one", async () => {
            const body = createBody();
            Object.assign(body.companyProfile, { organizationRegistrationNumber: "12345" });
            const res = await api("POST", "/v1/customers", { body });
            assert.deepStrictEqual([res.status, res.json.code], [400, 600002]);
        });

        it("600050 naming the expected format when the number does not match it", async () => {
            const body = createBody({ country: "BR" });
            Object.assign(body.billingProfile.defaultAddress, { state: "SP", postalCode: "01310-100" });
            Object.assign(body.companyProfile, { organizationRegistrationNumber: "12-34" });
            const res = await api("POST", "/v1/customers", { body });
            assert.deepStrictEqual([res.status, res.json.code], [400, 600050]);
            assert.match(res.json.description, /should be of the format \^/);
        });
    });

    describe("the reseller's partner agreement (verify-indirect-reseller-mpa-status)", () => {
        it("answers isAgreementSigned by tenant id and by MPN id; the documented 400s", async () => {
            const reseller = emulator.seed.indirectResellers[0]!;
            const byTenant = await api("GET", `/v1/compliance/csp/agreementstatus?tenantId=${reseller.id}`);
            assert.deepStrictEqual([byTenant.status, byTenant.json], [200, { isAgreementSigned: true }]);
            reseller.mpaAccepted = false;
            const byMpn = await api("GET", `/v1/compliance/csp/agreementstatus?mpnid=${reseller.mpnId}`);
            assert.deepStrictEqual([byMpn.status, byMpn.json], [200, { isAgreementSigned: false }]);
            const none = await api("GET", "/v1/compliance/csp/agreementstatus");
            assert.deepStrictEqual(
                [none.status, none.json.code, none.json.source],
                [400, 2001, "ComplianceController"],
            );
            const notGuid = await api("GET", "/v1/compliance/csp/agreementstatus?tenantId=abc");
            assert.deepStrictEqual([notGuid.status, notGuid.json.description], [400, "Tenant Id must be a GUID."]);
            const unknownMpn = await api("GET", "/v1/compliance/csp/agreementstatus?mpnId=123456");
            assert.deepStrictEqual([unknownMpn.status, unknownMpn.json.code], [400, 2200]);
        });

        it("a create for a reseller without the MPA fails 403/900123 and creates nothing", async () => {
            emulator.seed.indirectResellers[0]!.mpaAccepted = false;
            const before = emulator.store.count();
            const res = await api("POST", "/v1/customers", {
                body: createBody({ associatedPartnerId: WINGTIP_RESELLER }),
            });
            assert.deepStrictEqual([res.status, res.json.code], [403, 900123]);
            assert.strictEqual(emulator.store.count(), before);
        });
    });

    describe("address validation (validate-an-address)", () => {
        const post = (address: Record<string, string>) => api("POST", "/v1/validations/address", { body: address });
        const base = {
            AddressLine1: "1 Microsoft Way",
            City: "Redmond",
            State: "WA",
            PostalCode: "98052",
            Country: "US",
        };

        it("VerifiedShippable for a US address with a house number, original and suggestion echoed", async () => {
            const res = await post(base);
            assert.strictEqual(res.status, 200, res.text);
            assert.strictEqual(res.json.status, "VerifiedShippable");
            assert.deepStrictEqual(Object.keys(res.json), ["originalAddress", "suggestedAddresses", "status"]);
            assert.strictEqual(res.json.originalAddress.addressLine1, "1 Microsoft Way");
        });

        it("StreetPartial with a suggested address for a street without a house number", async () => {
            const res = await post({ ...base, AddressLine1: "Microsoft Way" });
            assert.strictEqual(res.json.status, "StreetPartial");
            assert.strictEqual(res.json.suggestedAddresses[0].addressLine1, "1 Microsoft Way");
            assert.match(res.json.validationMessage, /AddressLine1/);
        });

        it("None for an unknown city; 400 naming a missing required property", async () => {
            assert.strictEqual((await post({ ...base, City: "Nowhere" })).json.status, "None");
            const missing = await post({
                AddressLine1: "1 Main St",
                Country: "US",
                City: "Redmond",
                PostalCode: "98052",
            });
            assert.strictEqual(missing.status, 400);
            assert.match(missing.json.description, /'state'/);
        });
    });

    describe("country validation rules (recorded shape)", () => {
        it("US: the recorded 51 state codes (no AS GU MP PR VI), tax id flags, calling codes, cultures", async () => {
            const res = await api("GET", "/v1/countryvalidationrules/us");
            assert.strictEqual(res.status, 200);
            assert.strictEqual(res.json.supportedStatesList.length, 51);
            for (const territory of ["AS", "GU", "MP", "PR", "VI"]) {
                assert.ok(!res.json.supportedStatesList.includes(territory), territory);
            }
            assert.deepStrictEqual(res.json.supportedCulturesList, ["en-US", "es-US"]);
            assert.deepStrictEqual(res.json.countryCallingCodesList, ["1"]);
            assert.strictEqual(res.json.isTaxIdSupported, true);
            assert.strictEqual(res.json.isTaxIdOptional, true);
        });
    });

    it('echoes empty strings it was sent (create-a-customer shows "phoneNumber": "")', async () => {
        const body = createBody();
        Object.assign(body.billingProfile.defaultAddress, { addressLine2: "" });
        const res = await api("POST", "/v1/customers", { body });
        assert.strictEqual(res.json.billingProfile.defaultAddress.addressLine2, "");
    });
});
