// The customer's tenantId drives an @pulumi/azure-native provider: resources declared with it land in the
// customer's new tenant. (Running this for real needs the azure-native plugin and Azure credentials with
// delegated access to the customer; the tests check the wiring with Pulumi's mocks.)
import * as azure from "@pulumi/azure-native";
import * as pulumi from "@pulumi/pulumi";
import { IndirectResellerCustomer } from "pulumi-partnercenter";

const config = new pulumi.Config();

const customer = new IndirectResellerCustomer("fabrikam", {
    associatedPartnerId: config.require("resellerId"),
    companyProfile: { domain: config.require("domain") },
    billingProfile: {
        email: "it@fabrikam.example",
        culture: "en-GB",
        language: "en",
        companyName: "Fabrikam Ltd",
        defaultAddress: {
            firstName: "Alex",
            lastName: "Wilber",
            addressLine1: "1 Fabrikam Street",
            city: "London",
            state: "England",
            postalCode: "SW1A 1AA",
            country: "GB",
        },
    },
});

const customerTenant = new azure.Provider("customer-tenant", {
    tenantId: customer.tenantId,
    subscriptionId: config.require("subscriptionId"),
});

const landingZone = new azure.resources.ResourceGroup(
    "landing-zone",
    { location: "uksouth", tags: { customer: customer.companyName } },
    { provider: customerTenant },
);

export const tenantId = customer.tenantId;
export const resourceGroupName = landingZone.name;
