/**
 * `CustomerAgreement` check rules (pure): property paths, normalisation, unknowns, the public-cloud rule.
 */
import * as assert from "assert";

import { Clouds } from "pulumi-partnercenter/api";
import { checkAgreementInputs, publicCloudFailure } from "pulumi-partnercenter/agreement/validate";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const valid = (overrides: Record<string, unknown> = {}) => ({
    customerId: "14876998-C0DC-46E6-9D0C-65A57A6C32EC",
    companyName: " Contoso ",
    country: "us",
    language: "en-us",
    signatory: { firstName: "Tania", lastName: "Carr", email: "Tania@Contoso.example", phoneNumber: "" },
    ...overrides,
});

const props = (news: unknown) => checkAgreementInputs(news).failures.map((f) => f.property);

describe("CustomerAgreement check", () => {
    it("accepts valid inputs and normalises them (ids, country, language, email; empty strings dropped)", () => {
        const { inputs, failures } = checkAgreementInputs(valid());
        assert.deepStrictEqual(failures, []);
        assert.deepStrictEqual(inputs, {
            customerId: "14876998-c0dc-46e6-9d0c-65a57a6c32ec",
            companyName: "Contoso",
            country: "US",
            language: "en-US",
            signatory: { firstName: "Tania", lastName: "Carr", email: "tania@contoso.example" },
        });
    });

    const cases: Array<[string, Record<string, unknown>, string[]]> = [
        ["missing customerId", { customerId: undefined }, ["customerId"]],
        ["customerId not a GUID", { customerId: "contoso" }, ["customerId"]],
        ["missing companyName", { companyName: "  " }, ["companyName"]],
        ["country not ISO alpha-2", { country: "UK" }, ["country"]],
        ["country a name", { country: "Germany" }, ["country"]],
        ["language not a tag", { language: "English" }, ["language"]],
        ["signatory missing", { signatory: undefined }, ["signatory"]],
        ["signatory not an object", { signatory: "tania@contoso.example" }, ["signatory"]],
        [
            "signatory fields missing",
            { signatory: {} },
            ["signatory.firstName", "signatory.lastName", "signatory.email"],
        ],
        [
            "signatory email invalid",
            { signatory: { firstName: "T", lastName: "C", email: "tania at contoso" } },
            ["signatory.email"],
        ],
        [
            "signatory phone invalid",
            { signatory: { firstName: "T", lastName: "C", email: "t@c.example", phoneNumber: "call me" } },
            ["signatory.phoneNumber"],
        ],
        [
            "first name too long",
            { signatory: { firstName: "x".repeat(51), lastName: "C", email: "t@c.example" } },
            ["signatory.firstName"],
        ],
        ["wrong type", { companyName: 42 }, ["companyName"]],
        ["acceptancePage without placeholder", { acceptancePage: "https://portal.example/mca" }, ["acceptancePage"]],
        [
            "acceptancePage over http",
            { acceptancePage: "http://portal.example/mca/{attestationId}" },
            ["acceptancePage"],
        ],
        [
            "acceptancePage unknown placeholder",
            { acceptancePage: "https://portal.example/{attestationId}/{tenant}" },
            ["acceptancePage"],
        ],
    ];
    for (const [name, overrides, expected] of cases) {
        it(`fails: ${name} -> ${expected.join(", ")}`, () => {
            assert.deepStrictEqual(props(valid(overrides)), expected);
        });
    }

    it("a country name hears what a country code is, not a length limit", () => {
        const [failure, ...more] = checkAgreementInputs(valid({ country: "United States" })).failures;
        assert.deepStrictEqual(more, []);
        assert.match(
            failure?.reason ?? "",
            /"UNITED STATES" must be an ISO 3166-1 alpha-2 country code such as US or DE/,
        );
        assert.doesNotMatch(failure?.reason ?? "", /at most/);
    });

    it("a misspelt signatory key is named with the closest name (not only 'is required' for the one it replaced)", () => {
        const signatory = { firstName: "Tania", lastName: "Carr", emial: "tania@contoso.example", phone: "1" };
        const failures = checkAgreementInputs(valid({ signatory })).failures.map((f) => `${f.property}: ${f.reason}`);
        assert.ok(
            failures.includes("signatory.emial: is not a known property (did you mean email?)"),
            failures.join("\n"),
        );
        assert.ok(
            failures.some((f) => f.startsWith("signatory.phone: is not a known property")),
            failures.join("\n"),
        );
        assert.ok(failures.includes("signatory.email: is required"), failures.join("\n"));
    });

    it("names the value and the rule in the reason", () => {
        const [failure] = checkAgreementInputs(valid({ country: "UK" })).failures;
        assert.match(failure?.reason ?? "", /"UK" must be an ISO 3166-1 alpha-2 country code/);
    });

    it("passes unknowns (preview) unchecked: a computed customerId or a whole unknown signatory", () => {
        assert.deepStrictEqual(props(valid({ customerId: UNKNOWN })), []);
        assert.deepStrictEqual(props(valid({ signatory: UNKNOWN })), []);
        assert.strictEqual(checkAgreementInputs(valid({ customerId: UNKNOWN })).inputs["customerId"], UNKNOWN);
    });

    it("never throws on odd input", () => {
        for (const odd of [null, undefined, 42, "x", [], { signatory: null }, { signatory: [1] }]) {
            assert.ok(checkAgreementInputs(odd).failures.length > 0);
        }
    });

    it("accepts an https acceptancePage with the known placeholders (and http on localhost)", () => {
        assert.deepStrictEqual(
            props(valid({ acceptancePage: "https://portal.example/mca/{attestationId}?lang={language}" })),
            [],
        );
        assert.deepStrictEqual(props(valid({ acceptancePage: "http://localhost:3000/{attestationId}" })), []);
    });

    it("public cloud only: china and usgov fail, global and the emulator's URL pass", () => {
        assert.match(publicCloudFailure(Clouds.china, Clouds)?.reason ?? "", /public cloud.*china/);
        assert.match(publicCloudFailure(Clouds.usgov, Clouds)?.reason ?? "", /public cloud.*usgov/);
        assert.strictEqual(publicCloudFailure(Clouds.global, Clouds), undefined);
        const emulator = { apiBase: "http://127.0.0.1:8787", authority: "http://127.0.0.1:8787" };
        assert.strictEqual(publicCloudFailure(emulator, Clouds), undefined);
    });
});
