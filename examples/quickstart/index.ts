// Quick start: one Partner Center customer for one indirect reseller, and its Microsoft Customer Agreement.
// `npm start` runs this program against the local emulator; with real credentials in stack config
// (partnercenter:tenantId/clientId/clientSecret/refreshToken, set with --secret) it creates a real customer.
// The agreement needs the customer's signatory to accept the MCA: the first `up` creates the attestation and
// exports `pendingAction` (what to send to whom); after they accept, the next `up` creates the agreement.
import * as pulumi from "@pulumi/pulumi";
import { CustomerAgreement, IndirectResellerCustomer, type OnDeletePolicy } from "pulumi-partnercenter";

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

// The customer's Microsoft Customer Agreement, attested through the enhanced (App-only) API. Without it the
// customer cannot buy anything (ordering fails with 403/13605).
const agreement = new CustomerAgreement("wingtip-toys-mca", {
    customerId: customer.customerId,
    companyName: "Wingtip Toys",
    country: "US",
    language: "en-US",
    signatory: {
        firstName: "Gena",
        lastName: "Soto",
        email: config.get("signatoryEmail") ?? "gena@wingtiptoys.com",
    },
});

export const agreementStatus = agreement.status;
export const attestationId = agreement.attestationId;
export const acceptanceUrl = agreement.acceptanceUrl;
export const pendingAction = agreement.pendingAction;
