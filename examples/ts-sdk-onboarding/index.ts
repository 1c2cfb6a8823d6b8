// TypeScript on the generated Node.js SDK (`@pulumi-partnercenter/sdk`, sdk/nodejs): the resources are served by the
// provider plugin `pulumi-resource-partnercenter` (named in Pulumi.yaml), under their real type tokens, instead of
// the dynamic provider that `pulumi-partnercenter`'s classes use. What the plugin adds: `pulumi import`, previews
// that keep ids known through an update, and the same program in any Pulumi language.
import * as pulumi from "@pulumi/pulumi";
import * as partnercenter from "@pulumi-partnercenter/sdk";

const config = new pulumi.Config();
const resellerId = config.require("resellerId");

// A function (invoke) of the plugin: the reseller must be one of yours.
const reseller = partnercenter
    .getIndirectResellersOutput({})
    .apply((r) => r.resellers.find((x) => x.id === resellerId));

const customer = new partnercenter.IndirectResellerCustomer("fabrikam", {
    associatedPartnerId: resellerId,
    companyProfile: { domain: config.require("domain") },
    billingProfile: {
        email: "billing@fabrikam.example",
        culture: "en-US",
        language: "en",
        companyName: "Fabrikam",
        defaultAddress: {
            firstName: "Ada",
            lastName: "Lovelace",
            addressLine1: "1 Microsoft Way",
            city: "Redmond",
            state: "WA",
            postalCode: "98052",
            country: "US",
            phoneNumber: "4255550101",
        },
    },
    onDelete: "retain", // destroy leaves the customer in Partner Center
});

const relationship = new partnercenter.GdapRelationship("fabrikam-support", {
    displayName: "Fabrikam support",
    customerTenantId: customer.tenantId,
    roles: ["Helpdesk Administrator", "Global Reader"],
});

export const resellerName = reseller.apply((r) => r?.name ?? "(not one of your resellers)");
export const customerId = customer.customerId;
export const tenantId = customer.tenantId;
export const relationshipId = relationship.relationshipId;
export const invitationUrl = relationship.invitationUrl;
