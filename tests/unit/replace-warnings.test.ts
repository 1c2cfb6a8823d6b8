/**
 * What a replacement does to the old resource, as the warning each resource's `diff` logs in preview (issue 9:
 * "destroy and replace previews warn per resource what onDelete will do"). Named cases per resource and policy;
 * the e2e side is tests/e2e/consequences.test.ts.
 */
import * as assert from "assert";

import { agreementReplacementWarning, diffAgreement } from "pulumi-partnercenter/agreement/diff";
import { diffCustomer, replacementWarning } from "pulumi-partnercenter/diff";
import {
    assignmentReplacementWarning,
    checkAssignmentInputs,
    diffAssignment,
} from "pulumi-partnercenter/gdap-access-assignment";
import {
    checkRelationshipInputs,
    diffRelationship,
    relationshipDeleteEffect,
    relationshipReplacementWarning,
} from "pulumi-partnercenter/gdap-relationship";
import { checkInputs, UNKNOWN } from "pulumi-partnercenter/validate";

import { SEED_INPUTS, withValue, type JsonObject } from "./inputs.fixtures";

const ID = "626099fe-17af-4756-9fd0-6a73b7127859";
const DOMAIN = "wingtiptoys678152504.onmicrosoft.com";

/** Old outputs of a customer with `onDelete`, and new inputs with one path changed. */
function customerCase(onDelete: string, path: string, value: unknown): { olds: JsonObject; news: JsonObject } {
    const olds = { ...(checkInputs({ ...SEED_INPUTS, onDelete }).inputs as JsonObject), customerId: ID };
    const news = checkInputs(withValue({ ...SEED_INPUTS, onDelete }, path, value)).inputs as JsonObject;
    return { olds, news };
}

describe("replace warnings: IndirectResellerCustomer", () => {
    const cases: Array<[string, string, RegExp]> = [
        [
            "retain",
            "the tenant stays",
            /kept in Partner Center \(onDelete: retain\): its tenant, reseller relationship/,
        ],
        ["removeRelationship", "the relationship is removed", /reseller relationship removed.*the tenant stays/],
        ["delete", "the sandbox customer is deleted", /deleted \(onDelete: delete; integration sandbox only\)/],
    ];
    for (const [onDelete, what, effect] of cases) {
        it(`onDelete ${onDelete}: a domain change names the customer and says ${what}`, () => {
            const { olds, news } = customerCase(onDelete, "companyProfile.domain", "wingtipnew.onmicrosoft.com");
            assert.deepStrictEqual(diffCustomer(olds, news).replaces, ["companyProfile"]);
            const warning = replacementWarning(ID, olds, news) ?? "";
            assert.match(
                warning,
                new RegExp(`^customer ${ID} \\(${DOMAIN.replace(/\./g, "\\.")}\\) will be replaced: `),
            );
            assert.match(warning, /creates a NEW Partner Center customer tenant/);
            assert.match(warning, effect);
        });
    }

    it("an update in place has no warning", () => {
        const { olds, news } = customerCase("retain", "billingProfile.email", "new@wingtiptoys.com");
        assert.strictEqual(diffCustomer(olds, news).changes, true);
        assert.strictEqual(replacementWarning(ID, olds, news), undefined);
    });

    it("a value not known yet in preview says 'may be replaced'", () => {
        const { olds, news } = customerCase("retain", "companyProfile.domain", UNKNOWN);
        assert.match(
            replacementWarning(ID, olds, news) ?? "",
            /may be replaced: companyProfile\.domain is not known yet/,
        );
    });
});

describe("replace warnings: GdapRelationship", () => {
    const TENANT = "4b827261-d21f-4aa9-b7db-7fa1f56fb163";
    const olds = (status: string, onDelete: string) => ({
        ...checkRelationshipInputs({
            displayName: "Contoso support",
            customerTenantId: TENANT,
            roles: ["Helpdesk Administrator"],
            onDelete,
        }).inputs,
        status,
        relationshipId: "r1",
    });
    const table: Array<[string, string, string, RegExp]> = [
        [
            "retain keeps it as it is",
            "active",
            "retain",
            /stays in Microsoft Graph as it is \('active', onDelete: retain\)/,
        ],
        ["terminate ends an active one", "active", "terminate", /is terminated \(onDelete: terminate\)/],
        ["terminate deletes a created one", "created", "terminate", /is deleted \(onDelete: terminate; it was never/],
        [
            "terminate cannot end a pending one",
            "approvalPending",
            "terminate",
            /cannot be terminated before the customer/,
        ],
        ["terminate leaves an expired one", "expired", "terminate", /is 'expired': nothing to terminate/],
    ];
    for (const [name, status, onDelete, effect] of table) {
        it(name, () => assert.match(relationshipDeleteEffect(olds(status, onDelete)), effect));
    }

    it("a replacement of an active relationship names it and what happens to the old one", () => {
        const before = olds("active", "terminate");
        const news = checkRelationshipInputs({
            displayName: "Contoso support",
            customerTenantId: TENANT,
            roles: ["Helpdesk Administrator", "User Administrator"],
            onDelete: "terminate",
        }).inputs;
        const result = diffRelationship(before, news);
        assert.deepStrictEqual(result.replaces, ["roleDefinitionIds"]);
        const warning = relationshipReplacementWarning("r1", before, result) ?? "";
        assert.match(warning, /^GdapRelationship r1 \('Contoso support'\) is 'active': changing roleDefinitionIds/);
        assert.match(warning, /the old one is terminated \(onDelete: terminate\)/);
        assert.match(warning, /needs a new displayName/);
        assert.strictEqual(relationshipReplacementWarning("r1", before, diffRelationship(before, before)), undefined);
    });
});

describe("replace warnings: GdapAccessAssignment", () => {
    const base = {
        relationshipId: "r1",
        securityGroupId: "869713c9-0b28-4d08-8949-ae07ae1bf528",
        roles: ["Global Reader"],
    };
    it("a new security group replaces it: the old assignment is deleted and the group loses its roles", () => {
        const olds = checkAssignmentInputs(base).inputs;
        const news = checkAssignmentInputs({ ...base, securityGroupId: "11111111-2222-3333-4444-555555555555" }).inputs;
        const warning = assignmentReplacementWarning("a1", olds, diffAssignment(olds, news).replaces) ?? "";
        assert.match(
            warning,
            /^GDAP access assignment a1 \(security group 869713c9-.*relationship r1\) will be replaced/,
        );
        assert.match(warning, /the old one is deleted from relationship r1/);
        assert.strictEqual(assignmentReplacementWarning("a1", olds, diffAssignment(olds, olds).replaces), undefined);
    });
});

describe("replace warnings: CustomerAgreement", () => {
    const inputs = {
        customerId: "14876998-c0dc-46e6-9d0c-65a57a6c32ec",
        companyName: "Contoso",
        country: "US",
        language: "en-US",
        signatory: { firstName: "Tania", lastName: "Carr", email: "tania@contoso.example" },
    };
    const state = (status: string) => ({ ...inputs, status, attestationId: "att-1" });
    const news = { ...inputs, signatory: { ...inputs.signatory, email: "other@contoso.example" } };

    it("an agreed agreement stays in Partner Center (it cannot be revoked)", () => {
        const warning = agreementReplacementWarning(state("Agreed"), diffAgreement(state("Agreed"), news)) ?? "";
        assert.match(warning, /^CustomerAgreement of customer 14876998-.* will be replaced: changing signatory\.email/);
        assert.match(warning, /the old MCA agreement stays in Partner Center \(an agreement cannot be revoked\)/);
    });

    it("a pending attestation stays acceptable; an unknown customer id says 'may'", () => {
        const pending = state("PendingAcceptance");
        assert.match(
            agreementReplacementWarning(pending, diffAgreement(pending, news)) ?? "",
            /the old attestation att-1 stays in Partner Center \(the customer can still accept it\)/,
        );
        const unknownCustomer = { ...inputs, customerId: UNKNOWN };
        assert.match(
            agreementReplacementWarning(pending, diffAgreement(pending, unknownCustomer)) ?? "",
            /may be replaced: changing customerId \(not known yet\)/,
        );
        assert.strictEqual(agreementReplacementWarning(pending, diffAgreement(pending, inputs)), undefined);
    });
});
