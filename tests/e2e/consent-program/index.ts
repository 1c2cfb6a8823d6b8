// The application-consent end-to-end test's program: a customer, a GDAP relationship holding a role that may
// consent, and, once the spec names them (after the customer approved the relationship), the access assignment of
// that role and the ApplicationConsent, which waits for the assignment (the consent API's prerequisite).
import * as pulumi from "@pulumi/pulumi";
import {
    ApplicationConsent,
    GdapAccessAssignment,
    GdapRelationship,
    IndirectResellerCustomer,
    type ApplicationConsentArgs,
    type IndirectResellerCustomerArgs,
} from "pulumi-partnercenter";

interface Spec {
    customer: IndirectResellerCustomerArgs;
    relationship: { displayName: string; roles: string[] };
    assignment?: { securityGroupId: string; roles: string[] };
    consent?: Omit<ApplicationConsentArgs, "customerId">;
}

const spec = new pulumi.Config().requireObject<Spec>("consent");
const customer = new IndirectResellerCustomer("customer", spec.customer);
const relationship = new GdapRelationship("relationship", {
    ...spec.relationship,
    customerTenantId: customer.tenantId,
    onDelete: "terminate",
});
const assignment =
    spec.assignment &&
    new GdapAccessAssignment("consenters", { ...spec.assignment, relationshipId: relationship.relationshipId });
const consent =
    spec.consent &&
    new ApplicationConsent(
        "automation",
        { ...spec.consent, customerId: customer.tenantId },
        { dependsOn: assignment ? [assignment] : [] },
    );

export const relationshipId = relationship.relationshipId;
export const status = relationship.status;
export const consentId = consent ? consent.consentId : "";
export const grantSummary = consent ? consent.grantSummary : [];
