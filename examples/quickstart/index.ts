// Quick start: one Partner Center customer for one indirect reseller.
// `npm start` runs this program against the local emulator; with real credentials in stack config
// (partnercenter:tenantId/clientId/clientSecret/refreshToken, set with --secret) it creates a real customer.
import * as pulumi from "@pulumi/pulumi";
import { IndirectResellerCustomer, type OnDeletePolicy } from "pulumi-partnercenter";

const config = new pulumi.Config();

const customer = new IndirectResellerCustomer("wingtip-toys", {
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
    onDelete: (config.get("onDelete") ?? "retain") as OnDeletePolicy,
});

export const customerId = customer.customerId;
export const tenantId = customer.tenantId;
export const commerceId = customer.commerceId;
