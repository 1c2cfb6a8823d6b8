// Adopt an existing customer: with adoptExisting, the provider finds the customer by domain, verifies it belongs
// to the same indirect reseller, brings its billing profile to the values below and takes it into state.
// No tenant is created. (`pulumi import` cannot work for dynamic providers: pulumi/pulumi#3550.)
import * as pulumi from "@pulumi/pulumi";
import { IndirectResellerCustomer } from "pulumi-partnercenter";

const config = new pulumi.Config();

const customer = new IndirectResellerCustomer("existing-customer", {
    associatedPartnerId: config.require("resellerId"),
    companyProfile: { domain: config.require("domain") },
    billingProfile: {
        email: "gena@wingtiptoys.com",
        culture: "en-US",
        language: "en",
        companyName: "Wingtip Toys",
        defaultAddress: {
            firstName: "Gena",
            lastName: "Soto",
            addressLine1: "One Microsoft Way",
            city: "Redmond",
            state: "WA",
            postalCode: "98052",
            country: "US",
            phoneNumber: "4255550101",
        },
    },
    adoptExisting: true,
    // Adopted customers were not created by this stack: keep them in Partner Center on destroy.
    onDelete: "retain",
});

export const customerId = customer.customerId;
export const adopted = customer.adopted;
export const tenantId = customer.tenantId;
