/**
 * The emulator's customer API over real HTTP on loopback: the seed document's exact request and response,
 * validation errors naming the property, business errors with their documented codes, idempotency by
 * MS-RequestId, profiles and etags, delete/patch semantics, domains, paging, relationships and country rules.
 */
import * as assert from "assert";

import { startEmulator } from "../../emulator";
import type { Emulator } from "../../emulator";
import {
    Api,
    apiClient,
    createBody,
    newRequestId,
    seedRequest,
    seedResponse,
    shape,
    uniquePrefix,
    WINGTIP_RESELLER,
} from "./emulator-helpers";

const SEED_DOMAIN = "WingtipToys678152504.onmicrosoft.com";
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("emulator: customers API", function () {
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
        emulator.faults.clear();
        emulator.options.dedupeRequestIds = true;
        emulator.options.readAfterCreateLagMs = 0;
        emulator.options.sandbox = true;
    });

    describe("POST /v1/customers", () => {
        it("accepts the seed document's request verbatim (PascalCase + nulls) and answers with the seed's shape", async () => {
            const res = await api("POST", "/v1/customers", {
                body: seedRequest(),
                headers: {
                    "MS-RequestId": "d628adbe-b7ee-412e-ac55-58f22b4ba2f4",
                    "MS-CorrelationId": "0dd197a8-992c-44ca-aeae-21cd83494dce",
                },
            });
            assert.strictEqual(res.status, 201, res.text);
            assert.deepStrictEqual(shape(res.json), shape(seedResponse()));
            // Same key order as the seed document, for diffability.
            assert.deepStrictEqual(Object.keys(res.json), Object.keys(seedResponse()));
            const expected = seedResponse() as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
            assert.match(res.json.id, GUID);
            assert.strictEqual(res.json.commerceId, res.json.id);
            assert.strictEqual(res.json.companyProfile.tenantId, res.json.id);
            assert.strictEqual(res.json.companyProfile.domain, SEED_DOMAIN);
            assert.strictEqual(res.json.companyProfile.companyName, expected.companyProfile.companyName);
            assert.strictEqual(res.json.companyProfile.links.self.uri, `/customers/${res.json.id}/profiles/company`);
            assert.deepStrictEqual(res.json.billingProfile.defaultAddress, expected.billingProfile.defaultAddress);
            assert.strictEqual(res.json.billingProfile.culture, "en-US");
            assert.strictEqual(res.json.billingProfile.language, "En");
            assert.strictEqual(res.json.billingProfile.email, "Gena@wingtiptoys.com");
            assert.match(res.json.billingProfile.attributes.etag, /^-?\d+$/);
            assert.strictEqual(res.json.billingProfile.attributes.objectType, "CustomerBillingProfile");
            assert.strictEqual(res.json.relationshipToPartner, "reseller");
            assert.strictEqual(res.json.allowDelegatedAccess, true);
            assert.strictEqual(res.json.userCredentials.userName, "admin");
            assert.ok(res.json.userCredentials.password.length >= 8);
            assert.strictEqual(res.json.associatedPartnerId, WINGTIP_RESELLER);
            assert.deepStrictEqual(res.json.attributes, { objectType: "Customer" });
            // Response headers like the seed's.
            assert.strictEqual(res.headers["ms-requestid"], "d628adbe-b7ee-412e-ac55-58f22b4ba2f4");
            assert.strictEqual(res.headers["ms-correlationid"], "0dd197a8-992c-44ca-aeae-21cd83494dce");
            assert.match(res.headers["ms-cv"] ?? "", /^\S+\.0$/);
            assert.ok(res.headers["ms-serverid"]);
            assert.strictEqual(res.headers["content-type"], "application/json; charset=utf-8");
        });

        it("accepts camelCase and creates a direct customer without associatedPartnerId", async () => {
            const res = await api("POST", "/v1/customers", { body: createBody({ associatedPartnerId: null }) });
            assert.strictEqual(res.status, 201, res.text);
            // create-a-customer (direct) answers "none"; only customers of an indirect reseller are "reseller".
            assert.strictEqual(res.json.relationshipToPartner, "none");
            assert.strictEqual(res.json.associatedPartnerId, undefined);
            assert.strictEqual(emulator.store.get(res.json.id)?.associatedPartnerId, undefined);
        });

        const invalid: Array<[string, (b: ReturnType<typeof createBody>) => void, string]> = [
            ["missing domain", (b) => delete (b.companyProfile as { domain?: string }).domain, "companyProfile.domain"],
            ["missing email", (b) => delete (b.billingProfile as { email?: string }).email, "billingProfile.email"],
            [
                "missing first name",
                (b) => delete (b.billingProfile.defaultAddress as { firstName?: string }).firstName,
                "billingProfile.defaultAddress.firstName",
            ],
            [
                "empty addressLine1",
                (b) => (b.billingProfile.defaultAddress.addressLine1 = ""),
                "billingProfile.defaultAddress.addressLine1",
            ],
            [
                "addressLine1 of 201 characters",
                (b) => (b.billingProfile.defaultAddress.addressLine1 = "x".repeat(201)),
                "billingProfile.defaultAddress.addressLine1",
            ],
            [
                "addressLine2 of 201 characters",
                (b) => Object.assign(b.billingProfile.defaultAddress, { addressLine2: "y".repeat(201) }),
                "billingProfile.defaultAddress.addressLine2",
            ],
            [
                "lastName of 51 characters",
                (b) => (b.billingProfile.defaultAddress.lastName = "z".repeat(51)),
                "billingProfile.defaultAddress.lastName",
            ],
            [
                "3-letter country",
                (b) => (b.billingProfile.defaultAddress.country = "USA"),
                "billingProfile.defaultAddress.country",
            ],
            [
                "domain outside onmicrosoft.com",
                (b) => (b.companyProfile.domain = "contoso.com"),
                "companyProfile.domain",
            ],
            [
                "domain prefix of 28 characters",
                (b) => (b.companyProfile.domain = `${"a".repeat(28)}.onmicrosoft.com`),
                "companyProfile.domain",
            ],
            [
                "domain prefix with a dash",
                (b) => (b.companyProfile.domain = "con-toso.onmicrosoft.com"),
                "companyProfile.domain",
            ],
            ["3-letter language", (b) => (b.billingProfile.language = "eng"), "billingProfile.language"],
            ["email without @", (b) => (b.billingProfile.email = "nobody.example"), "billingProfile.email"],
            ["numeric culture", (b) => Object.assign(b.billingProfile, { culture: 42 }), "billingProfile.culture"],
        ];
        for (const [name, mutate, property] of invalid) {
            it(`400/3000 naming ${property} for ${name}`, async () => {
                const body = createBody();
                mutate(body);
                const before = emulator.store.count();
                const res = await api("POST", "/v1/customers", { body });
                assert.strictEqual(res.status, 400, res.text);
                assert.strictEqual(res.json.code, 3000);
                assert.ok(res.json.description.includes(`'${property}'`), res.json.description);
                assert.deepStrictEqual(res.json.data, []);
                assert.strictEqual(res.json.source, "PartnerFD");
                assert.strictEqual(emulator.store.count(), before);
            });
        }

        it("accepts a domain prefix of exactly 27 characters and address lines of exactly 200", async () => {
            const body = createBody({ prefix: `m${uniquePrefix()}`.padEnd(27, "0") });
            body.billingProfile.defaultAddress.addressLine1 = "a".repeat(200);
            const res = await api("POST", "/v1/customers", { body });
            assert.strictEqual(res.status, 201, res.text);
        });

        it("400/800002 for a body that is not JSON, and for an empty body", async () => {
            const res = await api("POST", "/v1/customers", {
                raw: "{not json",
                headers: { "Content-Type": "application/json" },
            });
            assert.strictEqual(res.status, 400);
            assert.strictEqual(res.json.code, 800002);
            const empty = await api("POST", "/v1/customers", { raw: "" });
            assert.strictEqual(empty.status, 400);
            assert.strictEqual(empty.json.code, 800002);
        });

        it("400/600049 without an organization registration number in Brazil, 400/600051 without a phone", async () => {
            const body = createBody({ country: "BR" });
            const missingOrg = await api("POST", "/v1/customers", { body });
            assert.strictEqual(missingOrg.status, 400);
            assert.strictEqual(missingOrg.json.code, 600049);
            Object.assign(body.companyProfile, { organizationRegistrationNumber: "12.345.678/0001-90" });
            delete (body.billingProfile.defaultAddress as { phoneNumber?: string }).phoneNumber;
            const missingPhone = await api("POST", "/v1/customers", { body });
            assert.strictEqual(missingPhone.status, 400);
            assert.strictEqual(missingPhone.json.code, 600051);
            body.billingProfile.defaultAddress.phoneNumber = "+55 11 5555 0101";
            const ok = await api("POST", "/v1/customers", { body });
            assert.strictEqual(ok.status, 201, ok.text);
            assert.strictEqual(ok.json.companyProfile.organizationRegistrationNumber, "12.345.678/0001-90");
        });

        it("409/27100 when the domain is taken, case-insensitively, and for a seeded tenant's domain", async () => {
            const body = createBody();
            assert.strictEqual((await api("POST", "/v1/customers", { body })).status, 201);
            const again = createBody();
            again.companyProfile.domain = body.companyProfile.domain
                .toUpperCase()
                .replace(".ONMICROSOFT.COM", ".onmicrosoft.com");
            const res = await api("POST", "/v1/customers", { body: again });
            assert.strictEqual(res.status, 409);
            assert.strictEqual(res.json.code, 27100);
            assert.strictEqual(res.json.source, "PartnerFD");
            const known = createBody();
            known.companyProfile.domain = "Litware.onmicrosoft.com";
            assert.strictEqual((await api("POST", "/v1/customers", { body: known })).status, 409);
        });

        it("400/3000 for an associatedPartnerId without an indirect-reseller relationship", async () => {
            for (const id of [emulator.seed.knownTenants[0]?.id ?? "", "00000000-0000-4000-8000-000000000000"]) {
                const res = await api("POST", "/v1/customers", { body: createBody({ associatedPartnerId: id }) });
                assert.strictEqual(res.status, 400, res.text);
                assert.strictEqual(res.json.code, 3000);
                assert.ok(
                    res.json.description.includes(
                        "The relationship between the partner and the indirect reseller does not exist",
                    ),
                );
            }
        });

        it("accepts every seeded reseller (case-insensitive id)", async () => {
            for (const reseller of emulator.seed.indirectResellers) {
                const res = await api("POST", "/v1/customers", {
                    body: createBody({ associatedPartnerId: reseller.id.toUpperCase() }),
                });
                assert.strictEqual(res.status, 201, res.text);
                assert.strictEqual(res.json.associatedPartnerId, reseller.id);
            }
        });
    });

    describe("idempotency by MS-RequestId", () => {
        it("replays the same response (credentials included) and creates one customer", async () => {
            const requestId = newRequestId();
            const body = createBody();
            const first = await api("POST", "/v1/customers", { body, headers: { "MS-RequestId": requestId } });
            const count = emulator.store.count();
            const second = await api("POST", "/v1/customers", { body, headers: { "MS-RequestId": requestId } });
            assert.strictEqual(first.status, 201);
            assert.strictEqual(second.status, 201);
            assert.deepStrictEqual(second.json, first.json);
            assert.strictEqual(second.json.userCredentials.password, first.json.userCredentials.password);
            assert.strictEqual(emulator.store.count(), count);
            const log = emulator.requestLog.filter((e) => e.requestId === requestId);
            assert.deepStrictEqual(
                log.map((e) => [e.status, e.replayed === true]),
                [
                    [201, false],
                    [201, true],
                ],
            );
        });

        it("replays a business failure too", async () => {
            const requestId = newRequestId();
            const body = createBody({ associatedPartnerId: "00000000-0000-4000-8000-000000000000" });
            const first = await api("POST", "/v1/customers", { body, headers: { "MS-RequestId": requestId } });
            const second = await api("POST", "/v1/customers", {
                body: createBody(),
                headers: { "MS-RequestId": requestId },
            });
            assert.strictEqual(first.status, 400);
            assert.deepStrictEqual([second.status, second.json], [400, first.json]);
        });

        it("does not dedupe when disabled: the retry meets the taken domain", async () => {
            emulator.options.dedupeRequestIds = false;
            const requestId = newRequestId();
            const body = createBody();
            const first = await api("POST", "/v1/customers", { body, headers: { "MS-RequestId": requestId } });
            const second = await api("POST", "/v1/customers", { body, headers: { "MS-RequestId": requestId } });
            assert.strictEqual(first.status, 201);
            assert.strictEqual(second.status, 409);
        });

        it("requests without MS-RequestId get a generated one, echoed in the response", async () => {
            const res = await api("GET", "/v1/relationships?relationship_type=IsIndirectCloudSolutionProviderOf");
            assert.match(res.headers["ms-requestid"] ?? "", GUID);
            assert.match(res.headers["ms-correlationid"] ?? "", GUID);
        });
    });

    describe("reads", () => {
        let created: any; // eslint-disable-line @typescript-eslint/no-explicit-any

        before(async () => {
            created = (await api("POST", "/v1/customers", { body: createBody() })).json;
        });

        it("GET customer: the customer without userCredentials", async () => {
            const res = await api("GET", `/v1/customers/${created.id}`);
            assert.strictEqual(res.status, 200);
            assert.strictEqual(res.json.id, created.id);
            assert.strictEqual(res.json.userCredentials, undefined);
            assert.ok(!res.text.includes(created.userCredentials.password));
            // get-a-customer-by-id: the billing profile carries links.self (without /v1), the create answer does not;
            // and firstName/lastName (the default address's contact here: the create sent none), which create omits.
            const { links, firstName, lastName, ...billing } = res.json.billingProfile;
            assert.deepStrictEqual(billing, created.billingProfile);
            assert.deepStrictEqual(
                [firstName, lastName, created.billingProfile.firstName],
                [
                    created.billingProfile.defaultAddress.firstName,
                    created.billingProfile.defaultAddress.lastName,
                    undefined,
                ],
            );
            assert.strictEqual(links.self.uri, `/customers/${created.id}/profiles/billing`);
            assert.strictEqual(created.billingProfile.links, undefined);
            assert.strictEqual(res.json.links.self.uri, `/customers/${created.id}`);
            assert.strictEqual(res.json.associatedPartnerId, WINGTIP_RESELLER);
        });

        it("GET unknown customer: 404 with the Partner Center text", async () => {
            const id = "11111111-2222-4333-8444-555555555555";
            const res = await api("GET", `/v1/customers/${id}`);
            assert.strictEqual(res.status, 404);
            assert.strictEqual(res.json.description, `A customer with the tenant Id '${id}' was not found.`);
            assert.strictEqual(res.json.source, "PartnerFD");
        });

        it("GET company profile (with address and email) and billing profile (with etag)", async () => {
            const company = await api("GET", `/v1/customers/${created.id}/profiles/company`);
            assert.strictEqual(company.status, 200);
            assert.strictEqual(company.json.tenantId, created.id);
            assert.strictEqual(company.json.domain, created.companyProfile.domain);
            assert.strictEqual(company.json.email, created.billingProfile.email);
            assert.strictEqual(company.json.address.city, "Redmond");
            // The samples' company address: region (the billing state), no names.
            assert.strictEqual(company.json.address.region, "WA");
            assert.strictEqual(company.json.address.firstName, undefined);
            const billing = await api("GET", `/v1/customers/${created.id}/profiles/billing`);
            assert.strictEqual(billing.status, 200);
            const { links, firstName, lastName, ...profile } = billing.json;
            assert.deepStrictEqual(profile, created.billingProfile);
            assert.deepStrictEqual([firstName, lastName], ["Gena", "Soto"], "as in the billing-profile sample");
            assert.strictEqual(links.self.uri, `/v1/customers/${created.id}/profiles/billing`);
        });

        it("read-after-create lag: 404 for a while, then 200", async () => {
            emulator.options.readAfterCreateLagMs = 400;
            const fresh = (await api("POST", "/v1/customers", { body: createBody() })).json;
            const early = await api("GET", `/v1/customers/${fresh.id}`);
            assert.strictEqual(early.status, 404);
            assert.strictEqual(early.json.description, `A customer with the tenant Id '${fresh.id}' was not found.`);
            assert.strictEqual((await api("GET", `/v1/customers/${fresh.id}/profiles/billing`)).status, 404);
            // The domain is taken at once, which is what breaks blind retries.
            assert.strictEqual((await api("HEAD", `/v1/domains/${fresh.companyProfile.domain}`)).status, 200);
            await new Promise((r) => setTimeout(r, 450));
            assert.strictEqual((await api("GET", `/v1/customers/${fresh.id}`)).status, 200);
        });
    });

    describe("PUT billing profile with etags", () => {
        it("200 with a new etag when the body's etag is current; 412 for the stale one", async () => {
            const created = (await api("POST", "/v1/customers", { body: createBody() })).json;
            const profile = (await api("GET", `/v1/customers/${created.id}/profiles/billing`)).json;
            const update = { ...profile, companyName: "Renamed Ltd", email: "billing@renamed.example" };
            const ok = await api("PUT", `/v1/customers/${created.id}/profiles/billing`, { body: update });
            assert.strictEqual(ok.status, 200, ok.text);
            assert.strictEqual(ok.json.companyName, "Renamed Ltd");
            assert.notStrictEqual(ok.json.attributes.etag, profile.attributes.etag);
            assert.strictEqual(ok.json.id, profile.id);
            const stale = await api("PUT", `/v1/customers/${created.id}/profiles/billing`, {
                body: { ...update, companyName: "Lost Update" },
            });
            assert.strictEqual(stale.status, 412);
            assert.strictEqual(stale.json.source, "PartnerFD");
            const now = (await api("GET", `/v1/customers/${created.id}/profiles/billing`)).json;
            assert.strictEqual(now.companyName, "Renamed Ltd");
            assert.strictEqual(now.attributes.etag, ok.json.attributes.etag);
        });

        it("checks If-Match (quotes stripped) when the body has no etag, and PascalCase bodies", async () => {
            const created = (await api("POST", "/v1/customers", { body: createBody() })).json;
            const profile = (await api("GET", `/v1/customers/${created.id}/profiles/billing`)).json;
            const { attributes: _ignored, ...withoutEtag } = profile;
            const stale = await api("PUT", `/v1/customers/${created.id}/profiles/billing`, {
                body: withoutEtag,
                headers: { "If-Match": '"12345"' },
            });
            assert.strictEqual(stale.status, 412);
            const pascal = {
                Email: profile.email,
                Culture: "FR-fr",
                Language: "fr",
                CompanyName: "Quoted Etag SA",
                DefaultAddress: { ...profile.defaultAddress, Country: "FR", country: undefined },
            };
            const ok = await api("PUT", `/v1/customers/${created.id}/profiles/billing`, {
                body: pascal,
                headers: { "If-Match": `"${profile.attributes.etag}"` },
            });
            assert.strictEqual(ok.status, 200, ok.text);
            assert.strictEqual(ok.json.culture, "fr-FR");
            assert.strictEqual(ok.json.defaultAddress.country, "FR");
        });

        it("400 naming attributes.etag when no etag is given at all", async () => {
            const created = (await api("POST", "/v1/customers", { body: createBody() })).json;
            const { attributes: _ignored, ...withoutEtag } = created.billingProfile;
            const res = await api("PUT", `/v1/customers/${created.id}/profiles/billing`, { body: withoutEtag });
            assert.strictEqual(res.status, 400);
            assert.ok(res.json.description.includes("'attributes.etag'"));
        });
    });

    describe("DELETE and PATCH relationship", () => {
        it("DELETE in sandbox: 204, then 404, domain and quota freed", async () => {
            const body = createBody();
            const created = (await api("POST", "/v1/customers", { body })).json;
            const del = await api("DELETE", `/v1/customers/${created.id}`);
            assert.strictEqual(del.status, 204);
            assert.strictEqual(del.text, "");
            assert.strictEqual((await api("GET", `/v1/customers/${created.id}`)).status, 404);
            assert.strictEqual((await api("HEAD", `/v1/domains/${body.companyProfile.domain}`)).status, 404);
            assert.strictEqual((await api("POST", "/v1/customers", { body })).status, 201);
            assert.strictEqual((await api("DELETE", `/v1/customers/${created.id}`)).status, 404);
        });

        it("DELETE in production: 403/600006 and the customer stays", async () => {
            const created = (await api("POST", "/v1/customers", { body: createBody() })).json;
            emulator.options.sandbox = false;
            const res = await api("DELETE", `/v1/customers/${created.id}`);
            assert.strictEqual(res.status, 403);
            assert.strictEqual(res.json.code, 600006);
            assert.ok(emulator.store.get(created.id));
        });

        it("PATCH relationshipToPartner none in production: 200 with the documented PascalCase sample, customer kept", async () => {
            const created = (await api("POST", "/v1/customers", { body: createBody() })).json;
            emulator.options.sandbox = false;
            const res = await api("PATCH", `/v1/customers/${created.id}`, {
                body: { relationshipToPartner: "none", attributes: { objectType: "Customer" } },
            });
            assert.strictEqual(res.status, 200, res.text);
            // remove-a-reseller-relationship-with-a-customer: PascalCase keys, "Id": null.
            assert.strictEqual(res.json.RelationshipToPartner, "none");
            assert.strictEqual(res.json.Id, null);
            assert.deepStrictEqual(res.json.Attributes, { ObjectType: "Customer" });
            assert.strictEqual(res.json.UserCredentials, null);
            assert.strictEqual((await api("GET", `/v1/customers/${created.id}`)).json.relationshipToPartner, "none");
            const bad = await api("PATCH", `/v1/customers/${created.id}`, {
                body: { RelationshipToPartner: "advisor" },
            });
            assert.strictEqual(bad.status, 400);
            assert.ok(bad.json.description.includes("'relationshipToPartner'"));
        });

        it("PATCH relationshipToPartner none in the sandbox deletes the tenant (sandbox-scenario)", async () => {
            const body = createBody();
            const created = (await api("POST", "/v1/customers", { body })).json;
            const res = await api("PATCH", `/v1/customers/${created.id}`, {
                body: { RelationshipToPartner: "none", Attributes: { ObjectType: "Customer" } },
            });
            assert.strictEqual(res.status, 200, res.text);
            assert.strictEqual(res.json.RelationshipToPartner, "none");
            assert.strictEqual((await api("GET", `/v1/customers/${created.id}`)).status, 404);
            const domain = body.companyProfile.domain;
            assert.strictEqual((await api("HEAD", `/v1/domains/${domain}`)).status, 404, "the domain is free again");
        });
    });

    describe("domains, relationships, country rules, routing", () => {
        it("HEAD /v1/domains: 200 taken, 404 free, empty bodies", async () => {
            const body = createBody();
            await api("POST", "/v1/customers", { body });
            const taken = await api("HEAD", `/v1/domains/${body.companyProfile.domain.toUpperCase()}`);
            assert.strictEqual(taken.status, 200);
            assert.strictEqual(taken.text, "");
            const free = await api("HEAD", `/v1/domains/${uniquePrefix("free")}.onmicrosoft.com`);
            assert.strictEqual(free.status, 404);
            assert.strictEqual(free.text, "");
        });

        it("GET /v1/relationships lists the seeded resellers", async () => {
            const res = await api("GET", "/v1/relationships?relationship_type=IsIndirectCloudSolutionProviderOf");
            assert.strictEqual(res.status, 200);
            assert.strictEqual(res.json.totalCount, 3);
            const wingtip = res.json.items.find((r: { id: string }) => r.id === WINGTIP_RESELLER);
            assert.deepStrictEqual(wingtip, {
                id: WINGTIP_RESELLER,
                name: "Wingtip Toys Reseller",
                relationshipType: "is_indirect_cloud_solution_provider_of",
                state: "Active",
                mpnId: "4990101",
                location: "US",
                attributes: { objectType: "PartnerRelationship" },
            });
            assert.ok(!res.json.items.some((r: { id: string }) => r.id === emulator.seed.knownTenants[0]?.id));
            assert.strictEqual((await api("GET", "/v1/relationships?relationship_type=Bogus")).status, 400);
        });

        it("GET /v1/countryvalidationrules: US rules, 404 for an unsupported country", async () => {
            const us = await api("GET", "/v1/countryvalidationrules/us");
            assert.strictEqual(us.status, 200);
            assert.strictEqual(us.json.iso2Code, "US");
            assert.strictEqual(us.json.isStateRequired, true);
            assert.ok(us.json.supportedStatesList.includes("WA"));
            assert.ok(new RegExp(us.json.postalCodeRegex).test("98052"));
            assert.strictEqual((await api("GET", "/v1/countryvalidationrules/GB")).json.isStateRequired, false);
            assert.strictEqual((await api("GET", "/v1/countryvalidationrules/ZZ")).status, 404);
        });

        it("404/1000 for an unknown path, 405 with Allow for a wrong method", async () => {
            const notFound = await api("GET", "/v1/nothing-here");
            assert.strictEqual(notFound.status, 404);
            assert.strictEqual(notFound.json.code, 1000);
            const wrong = await api("PUT", "/v1/customers");
            assert.strictEqual(wrong.status, 405);
            assert.ok((wrong.headers["allow"] ?? "").includes("POST"));
            assert.ok((wrong.headers["allow"] ?? "").includes("GET"));
        });

        it("413 for a body over the limit, and no customer", async () => {
            const before = emulator.store.count();
            const body = createBody();
            Object.assign(body, { padding: "x".repeat(1024 * 1024 + 10) });
            const res = await api("POST", "/v1/customers", { body });
            assert.strictEqual(res.status, 413);
            assert.strictEqual(res.json.code, 413);
            assert.strictEqual(emulator.store.count(), before);
        });
    });
});

describe("emulator: listing customers", function () {
    this.timeout(20_000);
    let emulator: Emulator;
    let api: Api;
    const resellerB = "9b2f3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";

    before(async () => {
        emulator = await startEmulator({ port: 0 });
        api = apiClient(emulator);
        for (let i = 0; i < 5; i++) {
            await api("POST", "/v1/customers", { body: createBody({ prefix: `alpha${i}x${uniquePrefix("")}` }) });
        }
        for (let i = 0; i < 2; i++) {
            await api("POST", "/v1/customers", {
                body: createBody({ prefix: `beta${i}x${uniquePrefix("")}`, associatedPartnerId: resellerB }),
            });
        }
    });

    after(async () => {
        await emulator?.close();
    });

    it("pages with continuationToken and links.next", async () => {
        const seen: string[] = [];
        let res = await api("GET", "/v1/customers?size=3");
        assert.strictEqual(res.status, 200);
        assert.strictEqual(res.json.items.length, 3);
        assert.strictEqual(res.json.totalCount, 3);
        assert.deepStrictEqual(res.json.attributes, { objectType: "Collection" });
        const item = res.json.items[0];
        // get-customers-of-an-indirect-reseller: no associatedPartnerId on items, each with links.self.
        assert.deepStrictEqual(Object.keys(item).sort(), [
            "attributes",
            "companyProfile",
            "id",
            "links",
            "relationshipToPartner",
        ]);
        assert.strictEqual(item.links.self.uri, `/customers/${item.id}`);
        let pages = 1;
        for (;;) {
            seen.push(...res.json.items.map((c: { id: string }) => c.id));
            const next = res.json.links?.next;
            if (!next) {
                assert.strictEqual(res.json.continuationToken, undefined);
                break;
            }
            assert.strictEqual(next.uri, "/v1/customers?size=3&seekOperation=Next");
            assert.strictEqual(next.method, "GET");
            assert.deepStrictEqual(next.headers, [{ key: "MS-ContinuationToken", value: res.json.continuationToken }]);
            res = await api("GET", next.uri, { headers: { [next.headers[0].key]: next.headers[0].value } });
            assert.strictEqual(res.status, 200);
            pages += 1;
        }
        assert.strictEqual(pages, 3);
        assert.deepStrictEqual(
            seen,
            emulator.store.list().map((c) => c.id),
        );
    });

    it("filters by domain prefix, company name prefix and indirect reseller (case-insensitive)", async () => {
        const filter = (f: object) => `/v1/customers?size=0&filter=${encodeURIComponent(JSON.stringify(f))}`;
        const byDomain = await api("GET", filter({ Field: "Domain", Value: "ALPHA", Operator: "starts_with" }));
        assert.strictEqual(byDomain.json.items.length, 5);
        const byName = await api(
            "GET",
            filter({ Field: "CompanyName", Value: "company beta", Operator: "starts_with" }),
        );
        assert.strictEqual(byName.json.items.length, 2);
        const byReseller = await api(
            "GET",
            filter({ Field: "IndirectReseller", Value: resellerB, Operator: "starts_with" }),
        );
        assert.deepStrictEqual(
            byReseller.json.items.map((c: { id: string }) => emulator.store.get(c.id)?.associatedPartnerId),
            [resellerB, resellerB],
        );
        const bad = await api("GET", filter({ Field: "Country", Value: "US", Operator: "starts_with" }));
        assert.strictEqual(bad.status, 400);
        assert.ok(bad.json.description.includes("'filter.Field'"));
    });

    it("keeps the filter across pages", async () => {
        const f = encodeURIComponent(JSON.stringify({ Field: "Domain", Value: "alpha", Operator: "starts_with" }));
        const first = await api("GET", `/v1/customers?size=4&filter=${f}`);
        assert.strictEqual(first.json.items.length, 4);
        const second = await api("GET", "/v1/customers?size=4&seekOperation=Next", {
            headers: { "MS-ContinuationToken": first.json.continuationToken },
        });
        assert.strictEqual(second.json.items.length, 1);
        assert.ok(second.json.items[0].companyProfile.domain.startsWith("alpha"));
        assert.strictEqual(second.json.links.next, undefined);
    });

    it("400 for a forged continuation token and for a bad size", async () => {
        const res = await api("GET", "/v1/customers?size=3&seekOperation=Next", {
            headers: { "MS-ContinuationToken": "garbage" },
        });
        assert.strictEqual(res.status, 400);
        assert.ok(res.json.description.includes("MS-ContinuationToken"));
        assert.strictEqual((await api("GET", "/v1/customers?size=-1")).status, 400);
    });

    it("sandbox quota: 400/800018 at the limit; deleting frees a slot", async () => {
        const small = await startEmulator({ port: 0, quota: 2 });
        try {
            const call = apiClient(small);
            const a = await call("POST", "/v1/customers", { body: createBody() });
            assert.strictEqual(a.status, 201);
            assert.strictEqual((await call("POST", "/v1/customers", { body: createBody() })).status, 201);
            const over = await call("POST", "/v1/customers", { body: createBody() });
            assert.strictEqual(over.status, 400);
            assert.strictEqual(over.json.code, 800018);
            assert.strictEqual(small.store.count(), 2);
            assert.strictEqual((await call("DELETE", `/v1/customers/${a.json.id}`)).status, 204);
            assert.strictEqual((await call("POST", "/v1/customers", { body: createBody() })).status, 201);
        } finally {
            await small.close();
        }
    });
});
