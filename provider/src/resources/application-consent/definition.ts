/**
 * `ApplicationConsent`, defined once as data (see `common/definition.ts`).
 */
import { defineResource, type ResourceDefinition } from "../common/definition";
import { importIdParts } from "../common/import";
import { describeOutputs } from "../common/shapes";
import { CONSENT_INPUTS } from "./check";
import { CONSENT_RULES } from "./diff";
import { ApplicationConsentOutputProps } from "./types";

const OUTPUTS = describeOutputs(ApplicationConsentOutputProps, {
    consentId: "`customerId/applicationId`: the resource id.",
    grantSummary: "The grants, one line each: the resource application (by name when well known) and its permissions.",
});

/** The definition of `ApplicationConsent`. */
export const CONSENT_DEFINITION: ResourceDefinition = defineResource({
    typeName: "ApplicationConsent",
    description:
        "Consent for your multi-tenant application in a customer's tenant (CPV application consent), through " +
        "Partner Center's application consent API. Needs App+User credentials and, in that tenant, Global " +
        "Administrator, Application Administrator or Cloud Application Administrator through GDAP.",
    inputs: CONSENT_INPUTS,
    example: {
        customerId: "4b827261-d21f-4aa9-b7db-7fa1f56fb163",
        applicationId: "57667d41-992a-49b0-99d8-ddf68328373f",
        applicationGrants: [
            { enterpriseApplicationId: "00000003-0000-0000-c000-000000000000", scope: "Directory.Read.All,User.Read" },
        ],
        displayName: "Contoso automation",
    },
    diffRules: CONSENT_RULES,
    outputs: OUTPUTS,
    previewReads: [],
    idOutputs: ["consentId"],
    idDescription: "`<customerId>/<applicationId>` (the customer's tenant id and the application id)",
    importer: {
        idForm: "<customerId>/<applicationId>",
        // The read finds the consent from the id alone (see its `read`); the check only makes the id's form clear.
        importState: (id) => {
            const [customerId, applicationId] = importIdParts(
                "ApplicationConsent",
                id,
                "<customerId>/<applicationId>",
                { count: 2, guids: [0, 1] },
            ) as [string, string];
            return { id, state: { customerId: customerId.toLowerCase(), applicationId: applicationId.toLowerCase() } };
        },
    },
    implementationModule: "pulumi-partnercenter/application-consent",
    importNotSupported: (name) =>
        `ApplicationConsent ${name}: the import option does not work for dynamic providers (pulumi/pulumi#3550). ` +
        "Declare the consent without it: a consent that already exists with the declared grants is taken over on " +
        "create (its id is <customerId>/<applicationId>).",
});
