/**
 * `IndirectResellerCustomer`, defined once as data (see `common/definition.ts`).
 */
import { defineResource, type OutputProperty, type ResourceDefinition } from "../common/definition";
import { PROPERTY_POLICIES } from "./diff";
import { checkInputs, INPUT_FIELDS } from "./validate";

const OUTPUTS: readonly OutputProperty[] = [
    { name: "customerId", description: "Partner Center customer id (also the resource id)." },
    { name: "tenantId", description: "The new customer's Microsoft Entra tenant id." },
    { name: "commerceId", description: "The customer's commerce id." },
    { name: "companyName", description: "The company name as Partner Center holds it." },
    { name: "domain", description: "The tenant's initial `<prefix>.onmicrosoft.com` domain." },
    {
        name: "relationshipToPartner",
        description: "`reseller` while the relationship exists, `none` after it was removed.",
    },
    { name: "allowDelegatedAccess", type: "boolean", description: "Whether delegated admin access was granted." },
    { name: "organizationRegistrationNumber", description: "The organization registration number, if any." },
    { name: "adopted", type: "boolean", description: "True when an existing customer was adopted (adoptExisting)." },
    {
        name: "delegatedAccess",
        description: "What the creation granted: `defaultGdap`, `none`, or `unknown` (adopted customers).",
    },
    {
        name: "userCredentials",
        type: "object",
        secret: true,
        description:
            "The admin user's credentials, returned by Partner Center once, at creation. Secret; empty when adopted.",
    },
    { name: "createdAt", description: "When the customer entered state (ISO 8601)." },
];

/** The definition of `IndirectResellerCustomer`. */
export const CUSTOMER_DEFINITION: ResourceDefinition = defineResource({
    typeName: "IndirectResellerCustomer",
    description:
        "A Microsoft Partner Center customer created by a CSP indirect provider on behalf of one of its indirect " +
        "resellers (`POST /v1/customers` with `associatedPartnerId`).",
    inputs: { fields: INPUT_FIELDS, check: checkInputs },
    derivedInputs: [],
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
    implementationModule: "pulumi-partnercenter/implementation",
    importNotSupported: (name) =>
        `IndirectResellerCustomer ${name}: the import resource option is not supported: Pulumi cannot import ` +
        `resources of dynamic providers (pulumi/pulumi#3550). To bring an existing customer under management, ` +
        `remove the import option and set adoptExisting: true with its domain and associatedPartnerId: preview ` +
        `names the customer it will adopt (verified by domain and reseller) and every billing-profile field it ` +
        `overwrites, and no tenant is created.`,
});
