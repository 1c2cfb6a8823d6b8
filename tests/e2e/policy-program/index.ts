// The policy pack's end-to-end program (tests/e2e/policy-dynamic.test.ts): a customer, its Microsoft Customer
// Agreement and a GDAP relationship through the dynamic provider, all from the `policy` config value, so each case
// changes config alone.
import * as pulumi from "@pulumi/pulumi";
import {
    CustomerAgreement,
    GdapRelationship,
    IndirectResellerCustomer,
    type CustomerAgreementArgs,
    type GdapRelationshipArgs,
    type IndirectResellerCustomerArgs,
} from "pulumi-partnercenter";

interface Spec {
    customer: IndirectResellerCustomerArgs;
    agreement?: Omit<CustomerAgreementArgs, "customerId">;
    relationship: Omit<GdapRelationshipArgs, "customerTenantId">;
}

const spec = new pulumi.Config().requireObject<Spec>("policy");
const customer = new IndirectResellerCustomer("customer", spec.customer);
if (spec.agreement) {
    new CustomerAgreement("agreement", { ...spec.agreement, customerId: customer.customerId });
}
const relationship = new GdapRelationship("relationship", {
    ...spec.relationship,
    customerTenantId: customer.tenantId,
});

export const relationshipStatus = relationship.status;
