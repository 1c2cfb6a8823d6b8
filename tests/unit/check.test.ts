/**
 * `checkInputs` (the provider's `check`) as a table of named cases: normalisation, each rule, the unknown
 * sentinel, unknown properties and wrong types.
 */
import assert from "node:assert/strict";

import { checkInputs, INPUT_FIELDS, UNKNOWN, valueAt } from "pulumi-partnercenter/validate";

import { inputsIn, type Json, RESELLER_ID, SEED_INPUTS, undefinedPaths, withValue } from "./inputs.fixtures";

const ADDRESS = "billingProfile.defaultAddress";

/** A change to the seed inputs: `[path, value]` pairs applied in order (`undefined` removes the key). */
type Edit = readonly [string, unknown];

function edited(edits: readonly Edit[], base: unknown = SEED_INPUTS): Record<string, Json> {
    return edits.reduce<Record<string, Json>>(
        (acc, [path, value]) => withValue(acc, path, value),
        base as Record<string, Json>,
    );
}

describe("checkInputs", () => {
    describe("normalisation", () => {
        it("seed-request-normalises: casing, defaults, GUID and domain lower-cased", () => {
            const { inputs, failures } = checkInputs(
                edited([
                    ["associatedPartnerId", RESELLER_ID.toUpperCase()],
                    [`${ADDRESS}.addressLine2`, "   "],
                    [`${ADDRESS}.city`, "  Redmond \t"],
                    ["billingProfile.email", " Gena@WingTipToys.COM "],
                    [`${ADDRESS}.state`, "wa"],
                    [`${ADDRESS}.country`, "us"],
                ]),
            );
            assert.deepEqual(failures, []);
            assert.deepEqual(inputs, {
                associatedPartnerId: RESELLER_ID,
                companyProfile: { domain: "wingtiptoys678152504.onmicrosoft.com" },
                billingProfile: {
                    email: "Gena@wingtiptoys.com",
                    culture: "en-US",
                    language: "en",
                    companyName: "Wingtip Toys678152504",
                    defaultAddress: {
                        firstName: "Gena",
                        lastName: "Soto",
                        addressLine1: "One Microsoft Way",
                        city: "Redmond",
                        state: "WA",
                        postalCode: "98052",
                        country: "US",
                        phoneNumber: "4255550101",
                    },
                },
                onDelete: "retain",
                adoptExisting: false,
                // enableGDAPByDefault stays unset: policy packs see no choice was made; the create sends true.
            });
        });

        const cases: { name: string; edits: Edit[]; path: string; expected: unknown }[] = [
            {
                name: "culture-lower-case",
                edits: [["billingProfile.culture", "en-us"]],
                path: "billingProfile.culture",
                expected: "en-US",
            },
            {
                name: "culture-upper-case",
                edits: [["billingProfile.culture", "FR-fr"]],
                path: "billingProfile.culture",
                expected: "fr-FR",
            },
            {
                name: "language-upper-case",
                edits: [["billingProfile.language", "EN"]],
                path: "billingProfile.language",
                expected: "en",
            },
            {
                name: "empty-optional-dropped",
                edits: [[`${ADDRESS}.addressLine2`, ""]],
                path: `${ADDRESS}.addressLine2`,
                expected: undefined,
            },
            {
                name: "null-optional-dropped",
                edits: [[`${ADDRESS}.region`, null]],
                path: `${ADDRESS}.region`,
                expected: undefined,
            },
            {
                name: "optional-kept-trimmed",
                edits: [[`${ADDRESS}.addressLine2`, " Building 92 "]],
                path: `${ADDRESS}.addressLine2`,
                expected: "Building 92",
            },
            { name: "onDelete-default", edits: [], path: "onDelete", expected: "retain" },
            { name: "onDelete-empty-means-default", edits: [["onDelete", " "]], path: "onDelete", expected: "retain" },
            {
                name: "onDelete-explicit",
                edits: [["onDelete", "removeRelationship"]],
                path: "onDelete",
                expected: "removeRelationship",
            },
            { name: "adoptExisting-default", edits: [["adoptExisting", null]], path: "adoptExisting", expected: false },
            { name: "adoptExisting-explicit", edits: [["adoptExisting", true]], path: "adoptExisting", expected: true },
            {
                name: "adoptExisting-ifExists",
                edits: [["adoptExisting", "ifExists"]],
                path: "adoptExisting",
                expected: "ifExists",
            },
            {
                name: "adoptExisting-ifExists-any-case",
                edits: [["adoptExisting", " IFEXISTS "]],
                path: "adoptExisting",
                expected: "ifExists",
            },
            {
                name: "email-local-part-kept",
                edits: [["billingProfile.email", "Gena.Soto@Example.ORG"]],
                path: "billingProfile.email",
                expected: "Gena.Soto@example.org",
            },
            {
                name: "postal-code-upper-case",
                edits: [[ADDRESS, { ...addressOf("CA"), postalCode: "k1a 0b1" }]],
                path: `${ADDRESS}.postalCode`,
                expected: "K1A 0B1",
            },
            {
                name: "long-state-name-kept",
                edits: [[ADDRESS, { ...addressOf("AU"), state: "new south wales" }]],
                path: `${ADDRESS}.state`,
                expected: "new south wales",
            },
            {
                name: "provider-passed-through",
                edits: [["__provider", "  exports.handler = 1;  "]],
                path: "__provider",
                expected: "  exports.handler = 1;  ",
            },
            {
                name: "secret-provider-passed-through",
                edits: [
                    [
                        "__provider",
                        { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "x" },
                    ],
                ],
                path: "__provider",
                expected: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "x" },
            },
        ];
        for (const c of cases) {
            it(c.name, () => {
                const { inputs, failures } = checkInputs(edited(c.edits));
                assert.deepEqual(failures, []);
                assert.deepEqual(valueAt(inputs, c.path), c.expected);
                assert.deepEqual(undefinedPaths(inputs), []);
            });
        }
    });

    describe("rules", () => {
        const long = (n: number) => "x".repeat(n);
        /** `reason`: a substring of the expected reason of the failure on `path` (the only failure expected). */
        const cases: { name: string; edits: Edit[]; base?: string; path: string; reason: string }[] = [
            {
                name: "reseller-missing",
                edits: [["associatedPartnerId", undefined]],
                path: "associatedPartnerId",
                reason: "is required",
            },
            {
                name: "reseller-not-a-guid",
                edits: [["associatedPartnerId", "contoso"]],
                path: "associatedPartnerId",
                reason: "must be a GUID (the indirect reseller's tenant id)",
            },
            {
                name: "companyProfile-missing",
                edits: [["companyProfile", undefined]],
                path: "companyProfile",
                reason: "is required",
            },
            {
                name: "domain-missing",
                edits: [["companyProfile.domain", ""]],
                path: "companyProfile.domain",
                reason: "is required",
            },
            {
                name: "domain-not-onmicrosoft",
                edits: [["companyProfile.domain", "contoso.com"]],
                path: "companyProfile.domain",
                reason: "must be <prefix>.onmicrosoft.com where the prefix is 1-27 letters or digits",
            },
            {
                name: "domain-prefix-only",
                edits: [["companyProfile.domain", "contoso"]],
                path: "companyProfile.domain",
                reason: "onmicrosoft.com",
            },
            {
                name: "domain-hyphen",
                edits: [["companyProfile.domain", "con-toso.onmicrosoft.com"]],
                path: "companyProfile.domain",
                reason: "letters or digits",
            },
            {
                name: "domain-subdomain",
                edits: [["companyProfile.domain", "a.b.onmicrosoft.com"]],
                path: "companyProfile.domain",
                reason: "letters or digits",
            },
            {
                name: "domain-prefix-28",
                edits: [["companyProfile.domain", `${long(28)}.onmicrosoft.com`]],
                path: "companyProfile.domain",
                reason: "1-27",
            },
            {
                name: "org-number-too-long",
                edits: [["companyProfile.organizationRegistrationNumber", long(51)]],
                path: "companyProfile.organizationRegistrationNumber",
                reason: "must be at most 50 characters (got 51)",
            },
            {
                name: "billingProfile-missing",
                edits: [["billingProfile", null]],
                path: "billingProfile",
                reason: "is required",
            },
            {
                name: "email-missing",
                edits: [["billingProfile.email", undefined]],
                path: "billingProfile.email",
                reason: "is required",
            },
            {
                name: "email-no-at",
                edits: [["billingProfile.email", "gena"]],
                path: "billingProfile.email",
                reason: "must be an email address",
            },
            {
                name: "email-space",
                edits: [["billingProfile.email", "gena soto@wingtiptoys.com"]],
                path: "billingProfile.email",
                reason: "must be an email address",
            },
            {
                name: "email-no-tld",
                edits: [["billingProfile.email", "gena@wingtiptoys"]],
                path: "billingProfile.email",
                reason: "must be an email address",
            },
            {
                name: "email-too-long",
                edits: [["billingProfile.email", `${long(246)}@test.com`]],
                path: "billingProfile.email",
                reason: "must be at most 254 characters (got 255)",
            },
            {
                name: "culture-missing",
                edits: [["billingProfile.culture", undefined]],
                path: "billingProfile.culture",
                reason: "is required",
            },
            {
                name: "culture-language-only",
                edits: [["billingProfile.culture", "en"]],
                path: "billingProfile.culture",
                reason: "must be a culture like en-US",
            },
            {
                name: "culture-underscore",
                edits: [["billingProfile.culture", "en_US"]],
                path: "billingProfile.culture",
                reason: "must be a culture like en-US",
            },
            {
                name: "language-three-letters",
                edits: [["billingProfile.language", "eng"]],
                path: "billingProfile.language",
                reason: "must be a 2-letter language code",
            },
            {
                name: "language-missing",
                edits: [["billingProfile.language", undefined]],
                path: "billingProfile.language",
                reason: "is required",
            },
            {
                name: "companyName-missing",
                edits: [["billingProfile.companyName", " "]],
                path: "billingProfile.companyName",
                reason: "is required",
            },
            {
                name: "companyName-too-long",
                edits: [["billingProfile.companyName", long(256)]],
                path: "billingProfile.companyName",
                reason: "must be at most 255 characters (got 256)",
            },
            { name: "address-missing", edits: [[ADDRESS, undefined]], path: ADDRESS, reason: "is required" },
            {
                name: "firstName-missing",
                edits: [[`${ADDRESS}.firstName`, undefined]],
                path: `${ADDRESS}.firstName`,
                reason: "is required",
            },
            {
                name: "firstName-too-long",
                edits: [[`${ADDRESS}.firstName`, long(51)]],
                path: `${ADDRESS}.firstName`,
                reason: "must be at most 50 characters (got 51)",
            },
            {
                name: "firstName-control-char",
                edits: [[`${ADDRESS}.firstName`, "Ge\nna"]],
                path: `${ADDRESS}.firstName`,
                reason: "control characters",
            },
            {
                name: "lastName-too-long",
                edits: [[`${ADDRESS}.lastName`, long(51)]],
                path: `${ADDRESS}.lastName`,
                reason: "must be at most 50 characters (got 51)",
            },
            {
                name: "addressLine1-missing",
                edits: [[`${ADDRESS}.addressLine1`, ""]],
                path: `${ADDRESS}.addressLine1`,
                reason: "is required",
            },
            {
                name: "addressLine1-too-long",
                edits: [[`${ADDRESS}.addressLine1`, long(201)]],
                path: `${ADDRESS}.addressLine1`,
                reason: "must be at most 200 characters (got 201)",
            },
            {
                name: "addressLine2-too-long",
                edits: [[`${ADDRESS}.addressLine2`, long(250)]],
                path: `${ADDRESS}.addressLine2`,
                reason: "must be at most 200 characters (got 250)",
            },
            {
                name: "city-missing",
                edits: [[`${ADDRESS}.city`, undefined]],
                path: `${ADDRESS}.city`,
                reason: "is required",
            },
            {
                name: "city-too-long",
                edits: [[`${ADDRESS}.city`, long(101)]],
                path: `${ADDRESS}.city`,
                reason: "must be at most 100 characters",
            },
            {
                name: "us-state-missing",
                edits: [[`${ADDRESS}.state`, undefined]],
                path: `${ADDRESS}.state`,
                reason: "is required for customers in US",
            },
            {
                name: "us-state-full-name",
                edits: [[`${ADDRESS}.state`, "Washington"]],
                path: `${ADDRESS}.state`,
                reason: 'must be a 2-letter US state/province code such as WA (got "Washington")',
            },
            {
                name: "us-state-not-a-state",
                edits: [[`${ADDRESS}.state`, "XX"]],
                path: `${ADDRESS}.state`,
                reason: "2-letter US state",
            },
            {
                name: "ca-province-not-a-province",
                edits: [[ADDRESS, { ...addressOf("CA"), state: "WA" }]],
                path: `${ADDRESS}.state`,
                reason: "such as ON",
            },
            {
                name: "mx-state-missing",
                edits: [
                    [`${ADDRESS}.country`, "MX"],
                    [`${ADDRESS}.state`, undefined],
                ],
                path: `${ADDRESS}.state`,
                reason: "is required for customers in MX",
            },
            {
                name: "state-too-long",
                edits: [[ADDRESS, { ...addressOf("AU"), state: long(51) }]],
                path: `${ADDRESS}.state`,
                reason: "must be at most 50 characters (got 51)",
            },
            {
                name: "us-postal-missing",
                edits: [[`${ADDRESS}.postalCode`, undefined]],
                path: `${ADDRESS}.postalCode`,
                reason: "is required for customers in US",
            },
            {
                name: "us-postal-four-digits",
                edits: [[`${ADDRESS}.postalCode`, "9805"]],
                path: `${ADDRESS}.postalCode`,
                reason: 'must be a US postal code such as 98052 or 98052-6399 (got "9805")',
            },
            {
                name: "gb-postal-digits",
                edits: [[ADDRESS, { ...addressOf("GB"), postalCode: "12345" }]],
                path: `${ADDRESS}.postalCode`,
                reason: "GB postal code",
            },
            {
                name: "de-postal-letters",
                edits: [[ADDRESS, { ...addressOf("DE"), postalCode: "D-10115" }]],
                path: `${ADDRESS}.postalCode`,
                reason: "DE postal code",
            },
            {
                name: "nl-postal-missing",
                edits: [[ADDRESS, { ...addressOf("NL"), postalCode: undefined }]],
                path: `${ADDRESS}.postalCode`,
                reason: "is required for customers in NL",
            },
            {
                name: "nl-postal-too-long",
                edits: [[ADDRESS, { ...addressOf("NL"), postalCode: long(21) }]],
                path: `${ADDRESS}.postalCode`,
                reason: "must be at most 20 characters (got 21)",
            },
            {
                name: "country-missing",
                edits: [[`${ADDRESS}.country`, undefined]],
                path: `${ADDRESS}.country`,
                reason: "is required",
            },
            {
                name: "country-alpha3",
                edits: [[`${ADDRESS}.country`, "USA"]],
                path: `${ADDRESS}.country`,
                reason: "must be a 2-letter ISO 3166-1 country code such as US",
            },
            {
                name: "country-uk",
                edits: [[ADDRESS, { ...addressOf("GB"), country: "uk" }]],
                path: `${ADDRESS}.country`,
                reason: "use GB",
            },
            {
                name: "country-unassigned",
                edits: [[`${ADDRESS}.country`, "XX"]],
                path: `${ADDRESS}.country`,
                reason: "ISO 3166-1",
            },
            {
                name: "phone-letters",
                edits: [[`${ADDRESS}.phoneNumber`, "call me"]],
                path: `${ADDRESS}.phoneNumber`,
                reason: "must contain only digits",
            },
            {
                name: "phone-no-digit",
                edits: [[`${ADDRESS}.phoneNumber`, "+()"]],
                path: `${ADDRESS}.phoneNumber`,
                reason: "must contain only digits",
            },
            {
                name: "phone-too-long",
                edits: [[`${ADDRESS}.phoneNumber`, "1".repeat(31)]],
                path: `${ADDRESS}.phoneNumber`,
                reason: "must be at most 30 characters (got 31)",
            },
            {
                name: "region-too-long",
                edits: [[`${ADDRESS}.region`, long(51)]],
                path: `${ADDRESS}.region`,
                reason: "must be at most 50 characters (got 51)",
            },
            {
                name: "onDelete-not-a-policy",
                edits: [["onDelete", "destroy"]],
                path: "onDelete",
                reason: 'must be one of retain, delete, removeRelationship (got "destroy")',
            },
            {
                name: "onDelete-wrong-case",
                edits: [["onDelete", "Delete"]],
                path: "onDelete",
                reason: "must be one of",
            },
            {
                name: "br-without-org-number",
                base: "BR",
                edits: [["companyProfile.organizationRegistrationNumber", undefined]],
                path: "companyProfile.organizationRegistrationNumber",
                reason: "is required for customers in BR",
            },
            {
                name: "br-without-phone",
                base: "BR",
                edits: [[`${ADDRESS}.phoneNumber`, ""]],
                path: `${ADDRESS}.phoneNumber`,
                reason: "is required for customers in BR",
            },
            {
                name: "br-postal-format",
                base: "BR",
                edits: [[`${ADDRESS}.postalCode`, "0131"]],
                path: `${ADDRESS}.postalCode`,
                reason: "BR postal code",
            },
            {
                name: "in-postal-format",
                base: "IN",
                edits: [[`${ADDRESS}.postalCode`, "011001"]],
                path: `${ADDRESS}.postalCode`,
                reason: "IN postal code",
            },
            {
                name: "tr-without-org-number",
                base: "PL",
                edits: [
                    [`${ADDRESS}.country`, "TR"],
                    ["companyProfile.organizationRegistrationNumber", undefined],
                ],
                path: "companyProfile.organizationRegistrationNumber",
                reason: "is required for customers in TR",
            },
            // wrong types: reported on the property itself, and nothing else about it
            {
                name: "string-given-number",
                edits: [[`${ADDRESS}.firstName`, 42]],
                path: `${ADDRESS}.firstName`,
                reason: "must be a string (got number)",
            },
            {
                name: "string-given-array",
                edits: [["billingProfile.email", ["a@b.com"]]],
                path: "billingProfile.email",
                reason: "must be a string (got array)",
            },
            {
                name: "string-given-object",
                edits: [["companyProfile.domain", { value: "x" }]],
                path: "companyProfile.domain",
                reason: "must be a string (got object)",
            },
            {
                name: "string-given-boolean",
                edits: [["associatedPartnerId", true]],
                path: "associatedPartnerId",
                reason: "must be a string (got boolean)",
            },
            {
                name: "object-given-string",
                edits: [["billingProfile", "billing"]],
                path: "billingProfile",
                reason: "must be an object (got string)",
            },
            {
                name: "object-given-array",
                edits: [["companyProfile", []]],
                path: "companyProfile",
                reason: "must be an object (got array)",
            },
            {
                name: "boolean-given-string",
                edits: [["adoptExisting", "true"]],
                path: "adoptExisting",
                reason: 'must be true, false or "ifExists" (got string)',
            },
            {
                name: "enum-given-number",
                edits: [["onDelete", 1]],
                path: "onDelete",
                reason: "must be a string (got number)",
            },
            // unknown properties
            {
                name: "extra-top-level-property",
                edits: [["tags", ["a"]]],
                path: "tags",
                reason: "is not a known property",
            },
            {
                name: "extra-nested-property",
                edits: [[`${ADDRESS}.zip`, "98052"]],
                path: `${ADDRESS}.zip`,
                reason: "is not a known property",
            },
            {
                name: "typo-suggests-property",
                edits: [["billingProfile.Email", "x@y.com"]],
                path: "billingProfile.Email",
                reason: "is not a known property (did you mean email?)",
            },
            {
                name: "typo-suggests-nested-property-by-edit-distance",
                edits: [["billingProfile.defaultAdress", {}]],
                path: "billingProfile.defaultAdress",
                reason: "is not a known property (did you mean defaultAddress?)",
            },
            {
                name: "typo-suggests-deep-property-by-edit-distance",
                edits: [["billingProfile.defaultAddress.postalCdoe", "98052"]],
                path: "billingProfile.defaultAddress.postalCdoe",
                reason: "is not a known property (did you mean postalCode?)",
            },
            {
                name: "typo-suggests-top-level-property-by-edit-distance",
                edits: [["adoptExsting", true]],
                path: "adoptExsting",
                reason: "is not a known property (did you mean adoptExisting?)",
            },
            {
                name: "far-name-gets-no-suggestion",
                edits: [["billingProfile.color", "red"]],
                path: "billingProfile.color",
                reason: "is not a known property",
            },
            {
                name: "output-key-is-not-an-input",
                edits: [["customerId", "x"]],
                path: "customerId",
                reason: "is not a known property",
            },
        ];
        for (const c of cases) {
            it(c.name, () => {
                const { inputs, failures } = checkInputs(
                    edited(c.edits, c.base === undefined ? SEED_INPUTS : inputsIn(c.base)),
                );
                assert.equal(failures.length, 1, JSON.stringify(failures));
                assert.equal(failures[0]?.property, c.path);
                assert.ok(failures[0]?.reason.includes(c.reason), `reason ${JSON.stringify(failures[0]?.reason)}`);
                assert.deepEqual(undefinedPaths(inputs), []);
            });
        }

        it("domain-prefix-27-passes", () => {
            assert.deepEqual(
                checkInputs(edited([["companyProfile.domain", `${long(27)}.onmicrosoft.com`]])).failures,
                [],
            );
        });

        it("br-without-org-number-and-phone: both reported", () => {
            const { failures } = checkInputs(
                edited(
                    [
                        ["companyProfile.organizationRegistrationNumber", undefined],
                        [`${ADDRESS}.phoneNumber`, undefined],
                    ],
                    inputsIn("BR"),
                ),
            );
            assert.deepEqual(
                failures.map((f) => f.property),
                ["companyProfile.organizationRegistrationNumber", `${ADDRESS}.phoneNumber`],
            );
        });

        it("failing-inputs-are-still-normalised", () => {
            const { inputs, failures } = checkInputs(
                edited([
                    ["billingProfile.culture", "EN-US"],
                    ["companyProfile.domain", "Bad Domain"],
                ]),
            );
            assert.deepEqual(
                failures.map((f) => f.property),
                ["companyProfile.domain"],
            );
            assert.equal(valueAt(inputs, "billingProfile.culture"), "en-US");
            assert.equal(valueAt(inputs, "companyProfile.domain"), "bad domain");
        });

        it("wrongly-typed-values-and-unknown-keys-are-dropped", () => {
            const { inputs } = checkInputs(
                edited([
                    [`${ADDRESS}.firstName`, 42],
                    ["tags", ["a"]],
                    ["onDelete", 7],
                ]),
            );
            assert.equal(valueAt(inputs, `${ADDRESS}.firstName`), undefined);
            assert.equal(valueAt(inputs, "tags"), undefined);
            assert.equal(valueAt(inputs, "onDelete"), "retain");
        });

        for (const [name, news] of [
            ["null", null],
            ["array", [SEED_INPUTS]],
            ["string", "inputs"],
            ["number", 42],
            ["empty-object", {}],
        ] as const) {
            it(`top-level-${name}: the required top-level properties are reported`, () => {
                const { inputs, failures } = checkInputs(news);
                assert.deepEqual(
                    failures.map((f) => f.property),
                    ["associatedPartnerId", "companyProfile", "billingProfile"],
                );
                assert.deepEqual(inputs, { onDelete: "retain", adoptExisting: false });
            });
        }
    });

    describe("valid countries", () => {
        for (const code of ["US", "CA", "GB", "DE", "AU", "JP", "NL", "HK", "BR", "IN", "PL"]) {
            it(`${code}-address-passes`, () => {
                assert.deepEqual(checkInputs(inputsIn(code)).failures, []);
            });
        }
    });

    describe("unknown values (preview)", () => {
        // Every property, leaf or object, may be unknown; nothing is reported about it or what depends on it.
        for (const field of INPUT_FIELDS) {
            it(`unknown-${field.path}-accepted`, () => {
                const { inputs, failures } = checkInputs(withValue(inputsIn("BR"), field.path, UNKNOWN));
                assert.deepEqual(failures, []);
                assert.equal(valueAt(inputs, field.path), UNKNOWN);
            });
        }

        const cases: { name: string; edits: Edit[] }[] = [
            {
                name: "unknown-country-skips-org-number-rule",
                edits: [
                    [`${ADDRESS}.country`, UNKNOWN],
                    ["companyProfile.organizationRegistrationNumber", undefined],
                    [`${ADDRESS}.phoneNumber`, undefined],
                ],
            },
            {
                name: "unknown-country-skips-state-rules",
                edits: [
                    [`${ADDRESS}.country`, UNKNOWN],
                    [`${ADDRESS}.state`, "Washington"],
                    [`${ADDRESS}.postalCode`, "anything"],
                ],
            },
            {
                name: "unknown-address-skips-everything-inside",
                edits: [
                    [ADDRESS, UNKNOWN],
                    ["companyProfile.organizationRegistrationNumber", undefined],
                ],
            },
            { name: "unknown-companyProfile-skips-org-number-rule", edits: [["companyProfile", UNKNOWN]] },
            {
                name: "several-unknowns",
                edits: [
                    ["associatedPartnerId", UNKNOWN],
                    ["billingProfile.email", UNKNOWN],
                    ["adoptExisting", UNKNOWN],
                    ["onDelete", UNKNOWN],
                ],
            },
        ];
        for (const c of cases) {
            it(c.name, () => {
                assert.deepEqual(checkInputs(edited(c.edits, inputsIn("BR"))).failures, []);
            });
        }

        it("unknown-is-not-trimmed-or-cased", () => {
            const { inputs } = checkInputs(withValue(SEED_INPUTS, "companyProfile.domain", UNKNOWN));
            assert.equal(valueAt(inputs, "companyProfile.domain"), UNKNOWN);
        });
    });
});

function addressOf(code: string): Record<string, Json> {
    return valueAt(inputsIn(code), ADDRESS) as Record<string, Json>;
}
