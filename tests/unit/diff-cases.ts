/**
 * Named diff cases, one or more per diff rule of every resource (Terraform's plan-modifier tests, as a table).
 * Each case starts from the definition's `example` (as it would be in state, with `state` overlaid for
 * state-dependent rules), sets new input values with `set`, and expects the policy the rule must give at `path`.
 * The conformance suite fails when a rule has no case here; tests/unit/diff-cases.test.ts runs them.
 */
import type { ChangePolicy } from "pulumi-partnercenter/diff";

export interface DiffCase {
    /** What the case is about, in words. */
    readonly name: string;
    /** New input values by dotted path (from the example). */
    readonly set: Readonly<Record<string, unknown>>;
    /** Output keys of the old state that the rule reads (e.g. a GDAP relationship's `status`). */
    readonly state?: Readonly<Record<string, unknown>>;
    /** The policy expected at the rule's path. */
    readonly expect: ChangePolicy;
}

const billing = (leaf: string, value: string, name: string): DiffCase => ({
    name,
    set: { [`billingProfile.${leaf}`]: value },
    expect: "update",
});

/** By type name, then by rule path. */
export const DIFF_CASES: Readonly<Record<string, Readonly<Record<string, readonly DiffCase[]>>>> = {
    IndirectResellerCustomer: {
        associatedPartnerId: [
            {
                name: "another indirect reseller replaces the customer",
                set: { associatedPartnerId: "9b2f3d1c-7a6e-4c5b-8d9e-0f1a2b3c4d5e" },
                expect: "replace",
            },
        ],
        "companyProfile.domain": [
            {
                name: "another initial domain is another tenant",
                set: { "companyProfile.domain": "fabrikam.onmicrosoft.com" },
                expect: "replace",
            },
        ],
        "companyProfile.organizationRegistrationNumber": [
            {
                name: "the company profile has no update API",
                set: { "companyProfile.organizationRegistrationNumber": "12345" },
                expect: "replace",
            },
        ],
        "billingProfile.email": [billing("email", "finance@contoso.example", "an email edit is one billing PUT")],
        "billingProfile.culture": [billing("culture", "en-GB", "a culture edit is one billing PUT")],
        "billingProfile.language": [billing("language", "fr", "a language edit is one billing PUT")],
        "billingProfile.companyName": [billing("companyName", "Contoso Ltd", "a company name edit is one billing PUT")],
        "billingProfile.defaultAddress.firstName": [
            billing("defaultAddress.firstName", "Grace", "a contact first name edit is one billing PUT"),
        ],
        "billingProfile.defaultAddress.lastName": [
            billing("defaultAddress.lastName", "Hopper", "a contact last name edit is one billing PUT"),
        ],
        "billingProfile.defaultAddress.addressLine1": [
            billing("defaultAddress.addressLine1", "2 Microsoft Way", "an address line edit is one billing PUT"),
        ],
        "billingProfile.defaultAddress.addressLine2": [
            billing("defaultAddress.addressLine2", "Building 92", "adding a second address line is one billing PUT"),
        ],
        "billingProfile.defaultAddress.city": [
            billing("defaultAddress.city", "Bellevue", "a city edit is one billing PUT"),
        ],
        "billingProfile.defaultAddress.state": [
            billing("defaultAddress.state", "OR", "a state edit is one billing PUT"),
        ],
        "billingProfile.defaultAddress.postalCode": [
            billing("defaultAddress.postalCode", "98004", "a postal code edit is one billing PUT"),
        ],
        "billingProfile.defaultAddress.country": [
            {
                name: "the country is fixed at creation",
                set: {
                    "billingProfile.defaultAddress.country": "CA",
                    "billingProfile.defaultAddress.state": "ON",
                    "billingProfile.defaultAddress.postalCode": "K1A 0B1",
                },
                expect: "replace",
            },
        ],
        "billingProfile.defaultAddress.phoneNumber": [
            billing("defaultAddress.phoneNumber", "+1 425 555 0199", "a phone edit is one billing PUT"),
        ],
        "billingProfile.defaultAddress.region": [
            billing("defaultAddress.region", "West", "adding a region is one billing PUT"),
        ],
        onDelete: [
            { name: "onDelete only changes state", set: { onDelete: "removeRelationship" }, expect: "stateOnly" },
        ],
        adoptExisting: [
            { name: "adoptExisting only matters at creation", set: { adoptExisting: "ifExists" }, expect: "stateOnly" },
        ],
        enableGDAPByDefault: [
            {
                name: "enableGDAPByDefault is only sent at creation",
                set: { enableGDAPByDefault: false },
                expect: "stateOnly",
            },
        ],
    },
    CustomerAgreement: {
        customerId: [
            {
                name: "another customer needs another attestation",
                set: { customerId: "0e4a1c2b-3d5f-4a6b-9c8d-7e6f5a4b3c2d" },
                expect: "replace",
            },
        ],
        companyName: [
            {
                name: "the attestation carries the company name",
                set: { companyName: "Contoso Ltd" },
                expect: "replace",
            },
        ],
        country: [{ name: "the MCA shown depends on the country", set: { country: "DE" }, expect: "replace" }],
        language: [{ name: "the MCA is shown in this language", set: { language: "de-DE" }, expect: "replace" }],
        "signatory.firstName": [{ name: "another person", set: { "signatory.firstName": "Tanya" }, expect: "replace" }],
        "signatory.lastName": [{ name: "another person", set: { "signatory.lastName": "Karr" }, expect: "replace" }],
        "signatory.email": [
            { name: "another contact", set: { "signatory.email": "legal@contoso.example" }, expect: "replace" },
        ],
        "signatory.phoneNumber": [
            {
                name: "a phone number is part of the contact",
                set: { "signatory.phoneNumber": "+1 425 555 0100" },
                expect: "replace",
            },
        ],
        acceptancePage: [
            {
                name: "the acceptance page only shapes acceptanceUrl",
                set: { acceptancePage: "https://portal.contoso.example/mca/{attestationId}" },
                expect: "stateOnly",
            },
        ],
    },
    GdapRelationship: {
        displayName: [
            {
                name: "renamed while created: PATCH",
                set: { displayName: "Contoso help" },
                state: { status: "created" },
                expect: "update",
            },
            {
                name: "renamed once approved: a new relationship",
                set: { displayName: "Contoso help" },
                state: { status: "active" },
                expect: "replace",
            },
        ],
        customerTenantId: [
            {
                name: "another customer while pending approval: a new relationship",
                set: { customerTenantId: "0e4a1c2b-3d5f-4a6b-9c8d-7e6f5a4b3c2d" },
                state: { status: "approvalPending" },
                expect: "replace",
            },
        ],
        customerDisplayName: [
            {
                name: "the customer's name is Entra's (read-only in Graph): state only, even once active",
                set: { customerDisplayName: "Contoso" },
                state: { status: "active" },
                expect: "stateOnly",
            },
        ],
        duration: [
            {
                name: "duration once active: a new relationship",
                set: { duration: "P365D" },
                state: { status: "active" },
                expect: "replace",
            },
        ],
        roleDefinitionIds: [
            {
                name: "a role added once active: a new relationship (approved roles are fixed)",
                set: { roles: ["Helpdesk Administrator", "User Administrator", "Global Reader"] },
                state: { status: "active" },
                expect: "replace",
            },
            {
                name: "a role added while created: PATCH",
                set: { roles: ["Helpdesk Administrator", "User Administrator", "Global Reader"] },
                state: { status: "created" },
                expect: "update",
            },
        ],
        autoExtendDuration: [
            {
                name: "auto-extend while active: PATCH",
                set: { autoExtendDuration: "P180D" },
                state: { status: "active" },
                expect: "update",
            },
            {
                name: "auto-extend while pending approval: a new relationship",
                set: { autoExtendDuration: "P180D" },
                state: { status: "approvalPending" },
                expect: "replace",
            },
        ],
        onDelete: [
            {
                name: "onDelete only changes state",
                set: { onDelete: "retain" },
                state: { status: "active" },
                expect: "stateOnly",
            },
        ],
        roles: [
            {
                name: "the same roles spelt as ids only change state",
                set: { roles: ["fe930be7-5e62-47db-91af-98c3a49a38b1", "729827e3-9c14-49f7-bb1b-9608f156bbb8"] },
                state: { status: "active" },
                expect: "stateOnly",
            },
        ],
    },
    GdapAccessAssignment: {
        relationshipId: [
            {
                name: "an assignment belongs to one relationship",
                set: { relationshipId: "another-relationship" },
                expect: "replace",
            },
        ],
        securityGroupId: [
            {
                name: "the access container can't be changed",
                set: { securityGroupId: "1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b" },
                expect: "replace",
            },
        ],
        roleDefinitionIds: [
            {
                name: "another role in the same relationship: PATCH accessDetails",
                set: { roles: ["Helpdesk Administrator", "User Administrator"] },
                expect: "update",
            },
        ],
        roles: [
            {
                name: "the same role spelt as its id only changes state",
                set: { roles: ["729827e3-9c14-49f7-bb1b-9608f156bbb8"] },
                expect: "stateOnly",
            },
        ],
    },
    ApplicationConsent: {
        customerId: [
            {
                name: "a consent lives in one customer's tenant",
                set: { customerId: "1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b" },
                expect: "replace",
            },
        ],
        applicationId: [
            {
                name: "another application is another consent",
                set: { applicationId: "1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b" },
                expect: "replace",
            },
        ],
        applicationGrants: [
            {
                name: "a scope added to a grant: no update API, delete then create",
                set: {
                    applicationGrants: [
                        {
                            enterpriseApplicationId: "00000003-0000-0000-c000-000000000000",
                            scope: "Directory.Read.All,User.Read,Group.Read.All",
                        },
                    ],
                },
                expect: "replace",
            },
            {
                name: "a grant for another resource application added",
                set: {
                    applicationGrants: [
                        {
                            enterpriseApplicationId: "00000003-0000-0000-c000-000000000000",
                            scope: "Directory.Read.All,User.Read",
                        },
                        { enterpriseApplicationId: "00000002-0000-0000-c000-000000000000", scope: "User.Read" },
                    ],
                },
                expect: "replace",
            },
        ],
        displayName: [
            { name: "a new display name: no update API", set: { displayName: "Contoso tools" }, expect: "replace" },
        ],
    },
};
