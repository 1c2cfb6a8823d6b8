// The chain-plan end-to-end test's program: the whole onboarding chain of one customer, wired as the README shows
// it: the agreement and the relationship take the customer's ids (outputs that stay known through an in-place
// update) and their names from the same config as the customer's billing profile.
import * as pulumi from "@pulumi/pulumi";
import {
    CustomerAgreement,
    GdapAccessAssignment,
    GdapRelationship,
    IndirectResellerCustomer,
    type GdapRelationshipArgs,
    type IndirectResellerCustomerArgs,
    type SignatoryInputs,
} from "pulumi-partnercenter";

interface Spec {
    customer: IndirectResellerCustomerArgs & { billingProfile: { companyName: string; culture: string } };
    signatory: SignatoryInputs;
    relationship: Omit<GdapRelationshipArgs, "customerTenantId" | "customerDisplayName">;
    assignments?: Record<string, { securityGroupId: string; roles: string[] }>;
}

const spec = new pulumi.Config().requireObject<Spec>("chain");
const customer = new IndirectResellerCustomer("customer", spec.customer);
const agreement = new CustomerAgreement("agreement", {
    customerId: customer.customerId,
    companyName: spec.customer.billingProfile.companyName,
    country: "US",
    language: spec.customer.billingProfile.culture,
    signatory: spec.signatory,
});
const relationship = new GdapRelationship("relationship", {
    ...spec.relationship,
    customerTenantId: customer.tenantId,
    customerDisplayName: spec.customer.billingProfile.companyName,
});
for (const [name, a] of Object.entries(spec.assignments ?? {})) {
    new GdapAccessAssignment(name, { ...a, relationshipId: relationship.relationshipId });
}

export const tenantId = customer.tenantId;
export const relationshipId = relationship.relationshipId;
export const relationshipStatus = relationship.status;
export const agreementStatus = agreement.status;
