/**
 * `diffCustomer` as a table of named cases (Terraform plugin-framework style): old OUTPUTS (what the engine gives
 * `diff`) against new, already checked inputs.
 */
import assert from "node:assert/strict";

import { diffCustomer, explainReplacement, PROPERTY_POLICIES } from "pulumi-partnercenter/diff";
import { checkInputs, INPUT_FIELDS, UNKNOWN } from "pulumi-partnercenter/validate";

import { clone, inputsIn, type JsonObject, SEED_INPUTS, withValue } from "./inputs.fixtures";

const ADDRESS = "billingProfile.defaultAddress";
const OTHER_RESELLER = "11111111-2222-3333-4444-555555555555";

/** Old outputs as `create` stores them: the applied (normalised) inputs plus output-only keys. */
function outputsFor(rawInputs: JsonObject): JsonObject {
    const inputs = checkInputs(rawInputs).inputs as JsonObject;
    const companyProfile = inputs["companyProfile"] as JsonObject;
    return {
        ...inputs,
        customerId: "626099fe-17af-4756-9fd0-6a73b7127859",
        tenantId: "626099fe-17af-4756-9fd0-6a73b7127859",
        commerceId: "626099fe-17af-4756-9fd0-6a73b7127859",
        companyName: "Wingtip Toys678152504",
        domain: companyProfile["domain"] ?? "",
        organizationRegistrationNumber: companyProfile["organizationRegistrationNumber"] ?? "",
        relationshipToPartner: "reseller",
        allowDelegatedAccess: true,
        adopted: false,
        userCredentials: { userName: "admin", password: "0Krha*Io" },
        billingProfile: { ...(inputs["billingProfile"] as JsonObject), id: "7079246e-7b62-56ef-7cbd-a819514b54b5" },
        __provider: "exports.handler = () => old;",
    };
}

/** New inputs as `check` returns them, with a (new) serialized provider. */
function newsFor(rawInputs: JsonObject): JsonObject {
    return { ...(checkInputs(rawInputs).inputs as JsonObject), __provider: "exports.handler = () => new;" };
}

type Edit = readonly [string, unknown];
const apply = (base: JsonObject, edits: readonly Edit[]): JsonObject =>
    edits.reduce((acc, [p, v]) => withValue(acc, p, v), base);

interface Case {
    name: string;
    /** Edits to the old outputs (after they are built from the seed). */
    olds?: Edit[];
    /** Edits to the new inputs (after check). */
    news?: Edit[];
    /** Base inputs for both sides (default: the seed request). */
    base?: JsonObject;
    changed: string[];
    replaces: string[];
    deleteBeforeReplace?: boolean;
}

const cases: Case[] = [
    { name: "no-change", changed: [], replaces: [] },
    {
        name: "provider-only-change",
        news: [["__provider", "exports.handler = () => newer;"]],
        changed: [],
        replaces: [],
    },
    { name: "provider-removed", news: [["__provider", undefined]], changed: [], replaces: [] },
    {
        name: "billing-email-change-updates",
        news: [["billingProfile.email", "billing@wingtiptoys.com"]],
        changed: ["billingProfile.email"],
        replaces: [],
    },
    {
        name: "billing-address-line-change-updates",
        news: [[`${ADDRESS}.addressLine1`, "Two Microsoft Way"]],
        changed: [`${ADDRESS}.addressLine1`],
        replaces: [],
    },
    {
        name: "billing-optional-added-updates",
        news: [[`${ADDRESS}.addressLine2`, "Building 92"]],
        changed: [`${ADDRESS}.addressLine2`],
        replaces: [],
    },
    {
        name: "billing-optional-removed-updates",
        olds: [[`${ADDRESS}.region`, "West"]],
        changed: [`${ADDRESS}.region`],
        replaces: [],
    },
    {
        name: "several-billing-changes-update",
        news: [
            ["billingProfile.culture", "en-GB"],
            ["billingProfile.companyName", "Wingtip Toys Ltd"],
            [`${ADDRESS}.phoneNumber`, "4255550102"],
        ],
        changed: ["billingProfile.culture", "billingProfile.companyName", `${ADDRESS}.phoneNumber`],
        replaces: [],
    },
    {
        name: "domain-change-replaces",
        news: [["companyProfile.domain", "wingtipnew.onmicrosoft.com"]],
        changed: ["companyProfile.domain"],
        replaces: ["companyProfile"],
        deleteBeforeReplace: false,
    },
    {
        name: "domain-change-with-onDelete-delete-creates-first",
        olds: [["onDelete", "delete"]],
        news: [
            ["companyProfile.domain", "wingtipnew.onmicrosoft.com"],
            ["onDelete", "delete"],
        ],
        changed: ["companyProfile.domain"],
        replaces: ["companyProfile"],
        deleteBeforeReplace: false,
    },
    {
        name: "reseller-change-replaces",
        news: [["associatedPartnerId", OTHER_RESELLER]],
        changed: ["associatedPartnerId"],
        replaces: ["associatedPartnerId"],
        deleteBeforeReplace: false,
    },
    {
        name: "reseller-change-with-onDelete-delete-deletes-first",
        olds: [["onDelete", "delete"]],
        news: [
            ["associatedPartnerId", OTHER_RESELLER],
            ["onDelete", "delete"],
        ],
        changed: ["associatedPartnerId"],
        replaces: ["associatedPartnerId"],
        deleteBeforeReplace: true,
    },
    {
        name: "onDelete-delete-set-in-same-update-does-not-delete-first",
        news: [
            ["associatedPartnerId", OTHER_RESELLER],
            ["onDelete", "delete"],
        ],
        changed: ["associatedPartnerId", "onDelete"],
        replaces: ["associatedPartnerId"],
        deleteBeforeReplace: false,
    },
    {
        name: "removeRelationship-does-not-delete-first",
        olds: [["onDelete", "removeRelationship"]],
        news: [
            [`${ADDRESS}.country`, "CA"],
            [`${ADDRESS}.state`, "ON"],
            [`${ADDRESS}.postalCode`, "K1A 0B1"],
            ["onDelete", "removeRelationship"],
        ],
        changed: [`${ADDRESS}.state`, `${ADDRESS}.postalCode`, `${ADDRESS}.country`],
        replaces: ["billingProfile"],
        deleteBeforeReplace: false,
    },
    {
        name: "country-change-replaces",
        news: [[`${ADDRESS}.country`, "CA"]],
        changed: [`${ADDRESS}.country`],
        replaces: ["billingProfile"],
        deleteBeforeReplace: false,
    },
    {
        name: "country-and-domain-change-creates-first",
        olds: [["onDelete", "delete"]],
        news: [
            [`${ADDRESS}.country`, "CA"],
            ["companyProfile.domain", "wingtipca.onmicrosoft.com"],
            ["onDelete", "delete"],
        ],
        changed: ["companyProfile.domain", `${ADDRESS}.country`],
        replaces: ["companyProfile", "billingProfile"],
        deleteBeforeReplace: false,
    },
    {
        name: "org-number-change-replaces",
        base: inputsIn("BR"),
        news: [["companyProfile.organizationRegistrationNumber", "98.765.432/0001-10"]],
        changed: ["companyProfile.organizationRegistrationNumber"],
        replaces: ["companyProfile"],
        deleteBeforeReplace: false,
    },
    {
        name: "org-number-added-replaces",
        news: [["companyProfile.organizationRegistrationNumber", "HRB 12345"]],
        changed: ["companyProfile.organizationRegistrationNumber"],
        replaces: ["companyProfile"],
    },
    {
        name: "replace-and-update-together",
        news: [
            ["associatedPartnerId", OTHER_RESELLER],
            ["billingProfile.email", "new@wingtiptoys.com"],
        ],
        changed: ["associatedPartnerId", "billingProfile.email"],
        replaces: ["associatedPartnerId"],
    },
    { name: "onDelete-change-state-only", news: [["onDelete", "delete"]], changed: ["onDelete"], replaces: [] },
    {
        name: "adoptExisting-change-state-only",
        news: [["adoptExisting", true]],
        changed: ["adoptExisting"],
        replaces: [],
    },
    {
        name: "unknown-domain-replaces",
        news: [["companyProfile.domain", UNKNOWN]],
        changed: ["companyProfile.domain"],
        replaces: ["companyProfile"],
        deleteBeforeReplace: false,
    },
    {
        name: "unknown-reseller-replaces-and-deletes-first-when-onDelete-delete",
        olds: [["onDelete", "delete"]],
        news: [
            ["associatedPartnerId", UNKNOWN],
            ["onDelete", "delete"],
        ],
        changed: ["associatedPartnerId"],
        replaces: ["associatedPartnerId"],
        deleteBeforeReplace: true,
    },
    {
        name: "unknown-email-updates",
        news: [["billingProfile.email", UNKNOWN]],
        changed: ["billingProfile.email"],
        replaces: [],
    },
    { name: "unknown-onDelete-state-only", news: [["onDelete", UNKNOWN]], changed: ["onDelete"], replaces: [] },
    {
        name: "unknown-address-object-replaces",
        news: [[ADDRESS, UNKNOWN]],
        changed: PROPERTY_POLICIES.filter((p) => p.path.startsWith(`${ADDRESS}.`)).map((p) => p.path),
        replaces: ["billingProfile"],
    },
    {
        name: "unknown-companyProfile-object-replaces",
        news: [["companyProfile", UNKNOWN]],
        changed: ["companyProfile.domain", "companyProfile.organizationRegistrationNumber"],
        replaces: ["companyProfile"],
    },
    {
        name: "absent-vs-empty-optional-equal",
        olds: [
            [`${ADDRESS}.addressLine2`, ""],
            [`${ADDRESS}.region`, "  "],
            ["companyProfile.organizationRegistrationNumber", ""],
        ],
        news: [[`${ADDRESS}.addressLine2`, undefined]],
        changed: [],
        replaces: [],
    },
    {
        name: "output-only-keys-ignored",
        olds: [
            ["customerId", "00000000-0000-0000-0000-000000000000"],
            ["tenantId", "x"],
            ["userCredentials", { userName: "", password: "" }],
            ["adopted", true],
            ["relationshipToPartner", "none"],
            ["billingProfile.id", "other"],
            ["companyName", "Something else"],
        ],
        changed: [],
        replaces: [],
    },
    {
        name: "api-echo-casing-is-not-a-change",
        olds: [
            ["companyProfile.domain", "WingtipToys678152504.onmicrosoft.com"],
            ["billingProfile.culture", "en-us"],
            ["billingProfile.language", "En"],
            ["billingProfile.email", "Gena@WINGTIPTOYS.com"],
            ["associatedPartnerId", "484E548C-F5F3-4528-93A9-C16C6373CB59"],
            [`${ADDRESS}.country`, "us"],
        ],
        changed: [],
        replaces: [],
    },
    {
        name: "email-local-part-case-is-a-change",
        news: [["billingProfile.email", "gena@wingtiptoys.com"]],
        changed: ["billingProfile.email"],
        replaces: [],
    },
    {
        name: "defaults-missing-in-old-state",
        olds: [
            ["onDelete", undefined],
            ["adoptExisting", undefined],
        ],
        changed: [],
        replaces: [],
    },
    { name: "legacy-state-without-companyProfile", olds: [["companyProfile", undefined]], changed: [], replaces: [] },
    {
        name: "legacy-state-without-companyProfile-domain-change",
        olds: [["companyProfile", undefined]],
        news: [["companyProfile.domain", "wingtipnew.onmicrosoft.com"]],
        changed: ["companyProfile.domain"],
        replaces: ["companyProfile"],
    },
];

describe("diffCustomer", () => {
    for (const c of cases) {
        it(c.name, () => {
            const base = c.base ?? SEED_INPUTS;
            const olds = apply(outputsFor(base), c.olds ?? []);
            const news = apply(newsFor(base), c.news ?? []);
            const result = diffCustomer(olds, news);
            assert.deepEqual(Object.keys(result.detailedDiff), c.changed);
            assert.equal(result.changes, c.changed.length > 0);
            assert.deepEqual(result.replaces, c.replaces);
            assert.equal(result.replacePaths.length > 0, c.replaces.length > 0);
            if (c.deleteBeforeReplace !== undefined) {
                assert.equal(result.deleteBeforeReplace, c.deleteBeforeReplace);
            }
            if (c.replaces.length === 0) {
                assert.equal(result.deleteBeforeReplace, false);
            }
            // The engine must always get a definite answer (undefined = DIFF_UNKNOWN, which diffs __provider).
            assert.equal(typeof result.changes, "boolean");
        });
    }

    it("detailed-diff-kinds", () => {
        const olds = apply(outputsFor(SEED_INPUTS), [[`${ADDRESS}.region`, "West"]]);
        const news = apply(newsFor(SEED_INPUTS), [
            [`${ADDRESS}.addressLine2`, "Building 92"],
            [`${ADDRESS}.city`, "Seattle"],
            ["companyProfile.domain", UNKNOWN],
        ]);
        assert.deepEqual(diffCustomer(olds, news).detailedDiff, {
            "companyProfile.domain": { kind: "update", policy: "replace", unknown: true },
            [`${ADDRESS}.addressLine2`]: { kind: "add", policy: "update", unknown: false },
            [`${ADDRESS}.city`]: { kind: "update", policy: "update", unknown: false },
            [`${ADDRESS}.region`]: { kind: "delete", policy: "update", unknown: false },
        });
    });

    it("stables-only-without-replacement", () => {
        const olds = outputsFor(SEED_INPUTS);
        assert.deepEqual(diffCustomer(olds, newsFor(SEED_INPUTS)).stables, ["customerId", "tenantId", "commerceId"]);
        const replaced = diffCustomer(olds, apply(newsFor(SEED_INPUTS), [["associatedPartnerId", OTHER_RESELLER]]));
        assert.deepEqual(replaced.stables, []);
    });

    it("empty-olds-does-not-throw", () => {
        const result = diffCustomer({}, newsFor(SEED_INPUTS));
        assert.equal(result.changes, true);
        assert.deepEqual(result.replaces, ["associatedPartnerId", "companyProfile", "billingProfile"]);
    });

    it("does-not-mutate-its-arguments", () => {
        const olds = outputsFor(SEED_INPUTS);
        const news = apply(newsFor(SEED_INPUTS), [["companyProfile.domain", "Other.onmicrosoft.com"]]);
        const [oldsCopy, newsCopy] = [clone(olds), clone(news)];
        diffCustomer(olds, news);
        explainReplacement(olds, news);
        assert.deepEqual(olds, oldsCopy);
        assert.deepEqual(news, newsCopy);
    });
});

describe("PROPERTY_POLICIES", () => {
    it("covers every input leaf exactly once, and nothing else", () => {
        const leaves = INPUT_FIELDS.filter((f) => f.kind !== "object").map((f) => f.path);
        assert.deepEqual(
            PROPERTY_POLICIES.map((p) => p.path),
            leaves,
        );
    });

    it("replaces exactly the identity properties", () => {
        assert.deepEqual(
            PROPERTY_POLICIES.filter((p) => p.policy === "replace").map((p) => p.path),
            [
                "associatedPartnerId",
                "companyProfile.domain",
                "companyProfile.organizationRegistrationNumber",
                `${ADDRESS}.country`,
            ],
        );
    });

    it("every billingProfile field but the country updates in place", () => {
        for (const p of PROPERTY_POLICIES.filter(
            (x) => x.path.startsWith("billingProfile.") && x.path !== `${ADDRESS}.country`,
        )) {
            assert.equal(p.policy, "update", p.path);
        }
    });
});

describe("explainReplacement", () => {
    const olds = outputsFor(SEED_INPUTS);

    it("nothing-replaced-nothing-to-say", () => {
        assert.deepEqual(
            explainReplacement(olds, apply(newsFor(SEED_INPUTS), [["billingProfile.email", "x@y.com"]])),
            [],
        );
    });

    it("domain-change-explains-new-tenant-and-domain-reuse", () => {
        const notes = explainReplacement(
            olds,
            apply(newsFor(SEED_INPUTS), [["companyProfile.domain", "wingtipnew.onmicrosoft.com"]]),
        );
        assert.equal(notes.length, 2);
        assert.match(
            notes[0] ?? "",
            /^companyProfile\.domain changes from "wingtiptoys678152504\.onmicrosoft\.com" to "wingtipnew\.onmicrosoft\.com"/,
        );
        assert.match(notes[0] ?? "", /creates a NEW Partner Center customer tenant/);
        assert.match(notes[0] ?? "", /kept in Partner Center \(onDelete: retain\)/);
        assert.match(notes[1] ?? "", /can't be reused until its tenant is deleted/);
    });

    it("domain-change-with-onDelete-delete-frees-the-old-domain", () => {
        const deleting = apply(olds, [["onDelete", "delete"]]);
        const news = apply(newsFor(SEED_INPUTS), [
            ["companyProfile.domain", "wingtipnew.onmicrosoft.com"],
            ["onDelete", "delete"],
        ]);
        const notes = explainReplacement(deleting, news);
        assert.match(notes[0] ?? "", /the old customer is deleted \(onDelete: delete; integration sandbox only\)/);
        assert.match(notes[1] ?? "", /created first; deleting the old one afterwards frees wingtiptoys678152504/);
    });

    it("same-domain-replacement-with-retain-will-fail", () => {
        const notes = explainReplacement(olds, apply(newsFor(SEED_INPUTS), [["associatedPartnerId", OTHER_RESELLER]]));
        assert.match(notes.join("\n"), /creating it will fail/);
        assert.match(notes.join("\n"), /onDelete: "delete" on its own first/);
    });

    it("same-domain-replacement-with-delete-deletes-first", () => {
        const deleting = apply(olds, [["onDelete", "delete"]]);
        const notes = explainReplacement(
            deleting,
            apply(newsFor(SEED_INPUTS), [
                [`${ADDRESS}.country`, "CA"],
                ["onDelete", "delete"],
            ]),
        );
        assert.match(notes[0] ?? "", /^billingProfile\.defaultAddress\.country changes from "US" to "CA"/);
        assert.match(notes.join("\n"), /deleted first \(deleteBeforeReplace\)/);
    });

    it("onDelete-delete-in-same-update-is-called-out", () => {
        const notes = explainReplacement(
            olds,
            apply(newsFor(SEED_INPUTS), [
                ["associatedPartnerId", OTHER_RESELLER],
                ["onDelete", "delete"],
            ]),
        );
        assert.match(notes[notes.length - 1] ?? "", /does not apply yet/);
    });

    it("unknown-value-is-explained-as-may-change", () => {
        const notes = explainReplacement(olds, apply(newsFor(SEED_INPUTS), [["companyProfile.domain", UNKNOWN]]));
        assert.match(notes[0] ?? "", /companyProfile\.domain is not known yet and may change/);
    });
});
