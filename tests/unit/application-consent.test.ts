/**
 * `ApplicationConsent` offline logic: the check rules as a table of named cases (property paths into the grant list),
 * the canonical form (grant and scope order never count), the diff rows (every change a replace, deleted first) and
 * the preview texts, all without HTTP.
 */
import * as assert from "assert";

import {
    checkConsentInputs,
    consentReplacementWarning,
    diffConsent,
    grantLines,
} from "pulumi-partnercenter/application-consent";
import { UNKNOWN } from "pulumi-partnercenter/validate";

const CUSTOMER = "4b827261-d21f-4aa9-b7db-7fa1f56fb163";
const APP = "57667d41-992a-49b0-99d8-ddf68328373f";
const GRAPH = "00000003-0000-0000-c000-000000000000";
const AAD_GRAPH = "00000002-0000-0000-c000-000000000000";

type Grant = { enterpriseApplicationId: unknown; scope: unknown };
const args = (o: Record<string, unknown> = {}) => ({
    customerId: CUSTOMER,
    applicationId: APP,
    applicationGrants: [{ enterpriseApplicationId: GRAPH, scope: "Directory.Read.All,User.Read" }] as Grant[],
    ...o,
});
const grants = (...g: Grant[]) => ({ applicationGrants: g });

/** Named check cases: the inputs overlaid on a valid consent, and the failure expected (property and reason). */
const REFUSED: readonly { name: string; set: Record<string, unknown>; property: string; reason: RegExp }[] = [
    {
        name: "an empty grant list",
        set: grants(),
        property: "applicationGrants",
        reason: /is required \(at least one item\)/,
    },
    {
        name: "no grant list",
        set: { applicationGrants: undefined },
        property: "applicationGrants",
        reason: /is required/,
    },
    {
        name: "a grant list that is not a list",
        set: { applicationGrants: "Directory.Read.All" },
        property: "applicationGrants",
        reason: /must be a list of objects/,
    },
    {
        name: "a grant that is not an object",
        set: { applicationGrants: [{ enterpriseApplicationId: GRAPH, scope: "User.Read" }, "User.Read"] },
        property: "applicationGrants[1]",
        reason: /must be an object \(got string\)/,
    },
    { name: "a malformed customerId", set: { customerId: "contoso" }, property: "customerId", reason: /a GUID/ },
    { name: "a malformed applicationId", set: { applicationId: "1234" }, property: "applicationId", reason: /a GUID/ },
    {
        name: "a malformed enterpriseApplicationId in the second grant",
        set: grants(
            { enterpriseApplicationId: GRAPH, scope: "User.Read" },
            { enterpriseApplicationId: "Microsoft Graph", scope: "User.Read" },
        ),
        property: "applicationGrants[1].enterpriseApplicationId",
        reason: /a GUID/,
    },
    {
        name: "a blank scope",
        set: grants({ enterpriseApplicationId: GRAPH, scope: "   " }),
        property: "applicationGrants[0].scope",
        reason: /is required/,
    },
    {
        name: "a blank item in the second grant's scope",
        set: grants(
            { enterpriseApplicationId: GRAPH, scope: "User.Read" },
            { enterpriseApplicationId: AAD_GRAPH, scope: "Directory.Read.All,,User.Read" },
        ),
        property: "applicationGrants[1].scope",
        reason: /blank item/,
    },
    {
        name: "a trailing comma",
        set: grants({ enterpriseApplicationId: GRAPH, scope: "User.Read," }),
        property: "applicationGrants[0].scope",
        reason: /blank item/,
    },
    {
        name: "a URL-form scope",
        set: grants({ enterpriseApplicationId: GRAPH, scope: "https://graph.microsoft.com/User.Read" }),
        property: "applicationGrants[0].scope",
        reason: /not a permission name.*not URL-form/,
    },
    {
        name: "a .default scope",
        set: grants({ enterpriseApplicationId: GRAPH, scope: ".default" }),
        property: "applicationGrants[0].scope",
        reason: /\.default/,
    },
    {
        name: "names separated by spaces",
        set: grants({ enterpriseApplicationId: GRAPH, scope: "User.Read Directory.Read.All" }),
        property: "applicationGrants[0].scope",
        reason: /contains a space/,
    },
    {
        name: "a typo of a well-known permission",
        set: grants({ enterpriseApplicationId: GRAPH, scope: "Directory.ReadWrite.Al" }),
        property: "applicationGrants[0].scope",
        reason: /not a known permission \(did you mean Directory\.ReadWrite\.All\?\)/,
    },
    {
        name: "a permission listed twice (case-insensitively)",
        set: grants({ enterpriseApplicationId: GRAPH, scope: "User.Read,user.read" }),
        property: "applicationGrants[0].scope",
        reason: /listed twice/,
    },
    {
        name: "two grants for the same resource application",
        set: grants(
            { enterpriseApplicationId: GRAPH, scope: "User.Read" },
            { enterpriseApplicationId: GRAPH.toUpperCase(), scope: "Directory.Read.All" },
        ),
        property: "applicationGrants[1].enterpriseApplicationId",
        reason: /already has a grant \(applicationGrants\[0\]\)/,
    },
    {
        name: "a misspelt grant key",
        set: grants({ enterpriseApplicationId: GRAPH, scopes: "User.Read" } as unknown as Grant),
        property: "applicationGrants[0].scopes",
        reason: /is not a known property \(did you mean scope\?\)/,
    },
];

describe("ApplicationConsent: check rules", () => {
    for (const c of REFUSED) {
        it(`refuses ${c.name}, naming ${c.property}`, () => {
            const { failures } = checkConsentInputs(args(c.set));
            const hit = failures.find((f) => f.property === c.property);
            assert.ok(hit, `no failure at ${c.property}: ${JSON.stringify(failures)}`);
            assert.match(hit.reason, c.reason);
        });
    }

    it("accepts the documented samples' scopes, and a permission name it does not know", () => {
        for (const scope of [
            "Directory.ReadWrite.All",
            "Domain.ReadWrite.All,User.ReadWrite.All,Directory.Read.All",
            "DelegatedPermissionGrant.ReadWrite.All,Directory.ReadWrite.All,AppRoleAssignment.ReadWrite.All",
            "Mail.ReadBasic,offline_access",
            "user_impersonation",
        ]) {
            const { failures } = checkConsentInputs(args(grants({ enterpriseApplicationId: GRAPH, scope })));
            assert.deepStrictEqual(failures, [], scope);
        }
    });

    it("normalises to a fixed point: ids lower-case, scope items trimmed and sorted, grants sorted by resource app", () => {
        const { inputs, failures } = checkConsentInputs(
            args({
                customerId: CUSTOMER.toUpperCase(),
                applicationId: ` ${APP.toUpperCase()} `,
                applicationGrants: [
                    { enterpriseApplicationId: GRAPH.toUpperCase(), scope: " User.Read , Directory.Read.All " },
                    { enterpriseApplicationId: AAD_GRAPH, scope: "User.Read" },
                ],
            }),
        );
        assert.deepStrictEqual(failures, []);
        assert.deepStrictEqual(inputs, {
            customerId: CUSTOMER,
            applicationId: APP,
            applicationGrants: [
                { enterpriseApplicationId: AAD_GRAPH, scope: "User.Read" },
                { enterpriseApplicationId: GRAPH, scope: "Directory.Read.All,User.Read" },
            ],
        });
        assert.deepStrictEqual(checkConsentInputs(inputs).inputs, inputs);
    });

    it("accepts unknown values (preview) anywhere: the list, an item, a member", () => {
        for (const set of [
            { customerId: UNKNOWN },
            { applicationGrants: UNKNOWN },
            { applicationGrants: [UNKNOWN] },
            grants({ enterpriseApplicationId: UNKNOWN, scope: "User.Read" }),
            grants({ enterpriseApplicationId: GRAPH, scope: UNKNOWN }),
        ]) {
            assert.deepStrictEqual(checkConsentInputs(args(set)).failures, [], JSON.stringify(set));
        }
    });
});

describe("ApplicationConsent: diff rows", () => {
    const state = () => ({ ...checkConsentInputs(args()).inputs, consentId: `${CUSTOMER}/${APP}`, grantSummary: [] });

    it("reordered grants or scopes, or other casing of an id: no change", () => {
        for (const news of [
            args(grants({ enterpriseApplicationId: GRAPH, scope: "User.Read, Directory.Read.All" })),
            args({ customerId: CUSTOMER.toUpperCase() }),
        ]) {
            const d = diffConsent(state(), checkConsentInputs(news).inputs);
            assert.strictEqual(d.changes, false, JSON.stringify(news));
        }
    });

    it("a scope removed: replace (no update API), and the warning says deleted first, with both grant lists", () => {
        const news = checkConsentInputs(args(grants({ enterpriseApplicationId: GRAPH, scope: "User.Read" }))).inputs;
        const d = diffConsent(state(), news);
        assert.deepStrictEqual(d.replaces, ["applicationGrants"]);
        const warning = consentReplacementWarning(`${CUSTOMER}/${APP}`, state(), news, d.replaces) ?? "";
        assert.match(warning, /deleted, then created again/);
        assert.match(
            warning,
            /Grants now: Microsoft Graph \(00000003-0000-0000-c000-000000000000\): Directory\.Read\.All, User\.Read\./,
        );
        assert.match(warning, /Grants after: Microsoft Graph \(00000003-0000-0000-c000-000000000000\): User\.Read\./);
    });

    it("grants not known yet (preview): a replace whose new grants are 'known after apply'", () => {
        const d = diffConsent(state(), args({ applicationGrants: UNKNOWN }));
        assert.deepStrictEqual(d.replaces, ["applicationGrants"]);
        const warning = consentReplacementWarning("c", state(), args({ applicationGrants: UNKNOWN }), d.replaces);
        assert.match(warning ?? "", /Grants after: \(known after apply\)/);
    });

    it("no warning without a replace", () => {
        assert.strictEqual(consentReplacementWarning("c", state(), state(), []), undefined);
    });
});

describe("ApplicationConsent: grant lines", () => {
    it("names well-known resource apps and lists the permissions; other apps by id", () => {
        assert.deepStrictEqual(
            grantLines([
                { enterpriseApplicationId: GRAPH, scope: "Directory.Read.All,User.Read" },
                { enterpriseApplicationId: "c5393580-f805-4401-95e8-94b7a6ef2fc2", scope: "ActivityFeed.Read" },
            ]),
            [
                "Microsoft Graph (00000003-0000-0000-c000-000000000000): Directory.Read.All, User.Read",
                "c5393580-f805-4401-95e8-94b7a6ef2fc2: ActivityFeed.Read",
            ],
        );
    });
});
