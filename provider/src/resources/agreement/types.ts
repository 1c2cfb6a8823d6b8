/**
 * Shapes of the `CustomerAgreement` resource: inputs as `check` normalises them and outputs as state holds them.
 */

/** The customer's signatory: the person who accepts the MCA (Partner Center `Contact`). */
export interface SignatoryArgs {
    firstName: string;
    lastName: string;
    email: string;
    phoneNumber?: string;
}

/** Normalised inputs of a `CustomerAgreement`. */
export interface AgreementInputs {
    /** Partner Center customer id (GUID), typically `customer.customerId`. */
    customerId: string;
    /** The customer's legal company name, as shown on the agreement. */
    companyName: string;
    /** ISO 3166-1 alpha-2 (upper case): the MCA is specific to the customer's geography. */
    country: string;
    /** Language of the agreement shown to the customer, e.g. `en-US`. */
    language: string;
    signatory: SignatoryArgs;
    /**
     * Your page that embeds Microsoft's MCA component, as a URL template with `{attestationId}` (and optionally
     * `{customerId}`, `{country}`, `{language}`) placeholders. Used for `acceptanceUrl` when the service returns none.
     */
    acceptancePage?: string;
}

/**
 * Where the agreement stands.
 * - `PendingAcceptance`: the attestation exists; the customer has not accepted the MCA yet.
 * - `Accepted`: the customer accepted (seen by `refresh`); the next `pulumi up` creates the agreement.
 * - `Agreed`: the agreement exists in Partner Center (created, or adopted after 600061).
 */
export type AgreementStatus = "PendingAcceptance" | "Accepted" | "Agreed";
export const AGREEMENT_STATUSES: readonly AgreementStatus[] = ["PendingAcceptance", "Accepted", "Agreed"];

/** State of a `CustomerAgreement`: the inputs plus these outputs (every one always present; `""` when none). */
export interface AgreementOutputs extends AgreementInputs {
    /** The enhanced attestation's id; `""` when an existing agreement was adopted without one. */
    attestationId: string;
    /** Where the customer accepts the MCA; `""` when neither the service nor `acceptancePage` gives one. */
    acceptanceUrl: string;
    status: AgreementStatus;
    /** What is pending, what to send to whom; `""` once agreed. */
    pendingAction: string;
    /** `MicrosoftCustomerAgreement`. */
    agreementType: string;
    /** ISO 8601 times; `""` until known. */
    attestationCreatedAt: string;
    acceptedAt: string;
    dateAgreed: string;
    /** The agreement template id Partner Center reports; `""` until agreed. */
    templateId: string;
    /** True when the agreement already existed (600061) and was adopted instead of created. */
    adopted: boolean;
}
