/**
 * `CustomerAgreement`, defined once as data (see `common/definition.ts`).
 */
import { defineResource, type ResourceDefinition } from "../common/definition";
import { importIdParts } from "../common/import";
import { describeOutputs } from "../common/shapes";
import { AGREEMENT_POLICIES } from "./diff";
import { AgreementOutputProps } from "./types";
import { AGREEMENT_INPUTS } from "./validate";

const OUTPUTS = describeOutputs(AgreementOutputProps, {
    attestationId: "The enhanced MCA attestation's id.",
    acceptanceUrl: "Where the signatory accepts the Microsoft Customer Agreement.",
    status: "`PendingAcceptance`, `Accepted` or `Agreed`.",
    pendingAction: "What to send to whom while acceptance is pending; empty once agreed.",
    agreementType: "`MicrosoftCustomerAgreement`.",
    attestationCreatedAt: "When the attestation was made (ISO 8601).",
    acceptedAt: "When the signatory accepted (ISO 8601); empty until then.",
    dateAgreed: "The agreement's date (ISO 8601); empty until it exists.",
    templateId: "The agreement template's id.",
    adopted: "True when Partner Center already had this agreement.",
});

/** The definition of `CustomerAgreement`. */
export const AGREEMENT_DEFINITION: ResourceDefinition = defineResource({
    typeName: "CustomerAgreement",
    description:
        "The customer's Microsoft Customer Agreement, attested through Partner Center's enhanced (App-only) API; " +
        "the agreement is created once the signatory has accepted.",
    inputs: AGREEMENT_INPUTS,
    example: {
        customerId: "14876998-c0dc-46e6-9d0c-65a57a6c32ec",
        companyName: "Contoso",
        country: "US",
        language: "en-US",
        signatory: { firstName: "Tania", lastName: "Carr", email: "tania@contoso.example" },
    },
    diffRules: AGREEMENT_POLICIES,
    outputs: OUTPUTS,
    previewReads: ["getCustomer"],
    idOutputs: [],
    idDescription:
        "`customerId/signatoryEmail`; imported by `customerId` (the customer's one agreement) or " +
        "`customerId/signatoryEmail` (the agreement of that signatory, when the customer has several). Only an " +
        "agreement Partner Center lists is imported: an attestation still pending acceptance is not listed",
    importer: {
        idForm: "<customerId> or <customerId>/<signatoryEmail>",
        importState: (id) => {
            const [customerId, email] = importIdParts(
                "CustomerAgreement",
                id,
                "<customerId> or <customerId>/<signatoryEmail>",
                { count: [1, 2], guids: [0] },
            ) as [string, string | undefined];
            // No status: the read looks the agreement up in the customer's list (see its `read`).
            return { id, state: { customerId: customerId.toLowerCase(), ...(email ? { signatory: { email } } : {}) } };
        },
    },
    implementationModule: "pulumi-partnercenter/agreement/implementation",
    importNotSupported: (name) =>
        `CustomerAgreement ${name}: the import option does not work for dynamic providers (pulumi/pulumi#3550). ` +
        "Declare the resource without it: an agreement Partner Center already has for the same signatory " +
        "is adopted on create (600061), nothing is created twice.",
});
