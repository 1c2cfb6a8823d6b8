// The GDAP end-to-end test's program: one customer, one GDAP relationship for it, and one access assignment per
// entry of `gdap.assignments`, so the test can add and change assignments by changing config alone.
import * as pulumi from "@pulumi/pulumi";
import {
    GdapAccessAssignment,
    GdapRelationship,
    IndirectResellerCustomer,
    type GdapRelationshipArgs,
    type IndirectResellerCustomerArgs,
} from "pulumi-partnercenter";

interface Spec {
    customer: IndirectResellerCustomerArgs;
    relationship: Omit<GdapRelationshipArgs, "customerTenantId">;
    assignments?: Record<string, { securityGroupId: string; roles: string[] }>;
}

const spec = new pulumi.Config().requireObject<Spec>("gdap");
const customer = new IndirectResellerCustomer("customer", spec.customer);
const relationship = new GdapRelationship("relationship", {
    ...spec.relationship,
    customerTenantId: customer.tenantId,
    customerDisplayName: (spec.customer.billingProfile as { companyName: string }).companyName,
});
const assignments = Object.entries(spec.assignments ?? {}).map(
    ([name, a]) =>
        [name, new GdapAccessAssignment(name, { ...a, relationshipId: relationship.relationshipId })] as const,
);

export const relationshipId = relationship.relationshipId;
export const status = relationship.status;
export const invitationUrl = relationship.invitationUrl;
export const pendingAction = relationship.pendingAction;
export const assignmentStatuses = pulumi
    .all(assignments.map(([name, a]) => pulumi.all([name, a.status, a.roleNames])))
    .apply((rows) => Object.fromEntries(rows.map(([name, s, roles]) => [name, { status: s, roles }])));
