/**
 * `IndirectResellerCustomer`, defined once as data (see `common/definition.ts`).
 */
import { defineResource, type ResourceDefinition } from "../common/definition";
import { importIdParts } from "../common/import";
import { describeOutputs } from "../common/shapes";
import { PROPERTY_POLICIES } from "./diff";
import { CustomerOutputProps } from "./types";
import { CUSTOMER_INPUTS } from "./validate";

const OUTPUTS = describeOutputs(
    CustomerOutputProps,
    {
        customerId: "Partner Center customer id (also the resource id).",
        tenantId: "The new customer's Microsoft Entra tenant id.",
        commerceId: "The customer's commerce id.",
        companyName: "The company name as Partner Center holds it.",
        domain: "The tenant's initial `<prefix>.onmicrosoft.com` domain.",
        relationshipToPartner: "`reseller` while the relationship exists, `none` after it was removed.",
        allowDelegatedAccess: "Whether delegated admin access was granted.",
        organizationRegistrationNumber: "The organization registration number, if any.",
        adopted: "True when an existing customer was adopted (adoptExisting).",
        delegatedAccess: "What the creation granted: `defaultGdap`, `none`, or `unknown` (adopted customers).",
        userCredentials:
            "The admin user's credentials, returned by Partner Center once, at creation. Secret; empty when adopted.",
        createdAt: "When the customer entered state (ISO 8601).",
    },
    ["userCredentials"],
);

/** The definition of `IndirectResellerCustomer`. */
export const CUSTOMER_DEFINITION: ResourceDefinition = defineResource({
    typeName: "IndirectResellerCustomer",
    description:
        "A Microsoft Partner Center customer created by a CSP indirect provider on behalf of one of its indirect " +
        "resellers (`POST /v1/customers` with `associatedPartnerId`).",
    inputs: CUSTOMER_INPUTS,
    example: {
        associatedPartnerId: "484e548c-f5f3-4528-93a9-c16c6373cb59",
        companyProfile: { domain: "contoso.onmicrosoft.com" },
        billingProfile: {
            email: "billing@contoso.example",
            culture: "en-US",
            language: "en",
            companyName: "Contoso",
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
        onDelete: "retain",
    },
    diffRules: PROPERTY_POLICIES,
    outputs: OUTPUTS,
    previewReads: [],
    idOutputs: ["customerId", "tenantId"],
    idDescription: "the Partner Center customer id (a GUID)",
    importer: {
        idForm: "<customerId>",
        // The read keeps the company profile from state (Partner Center has no company-profile update to read it
        // back through); on import it comes from the `domain` output, which the read takes from Partner Center.
        importState: (id) => ({
            id: importIdParts("IndirectResellerCustomer", id, "<customerId>", { count: 1, guids: [0] })[0] as string,
            state: { companyProfile: {}, billingProfile: {} },
        }),
        inputsFromOutputs: (outs) =>
            typeof outs["domain"] === "string" && outs["domain"] !== ""
                ? { companyProfile: { domain: outs["domain"] } }
                : {},
    },
    implementationModule: "pulumi-partnercenter/implementation",
    importNotSupported: (name) =>
        `IndirectResellerCustomer ${name}: the import resource option is not supported: Pulumi cannot import ` +
        `resources of dynamic providers (pulumi/pulumi#3550). To bring an existing customer under management, ` +
        `remove the import option and set adoptExisting: true with its domain and associatedPartnerId: preview ` +
        `names the customer it will adopt (verified by domain and reseller) and every billing-profile field it ` +
        `overwrites, and no tenant is created.`,
});
