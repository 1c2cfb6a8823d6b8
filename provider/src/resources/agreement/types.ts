/**
 * The shapes of `CustomerAgreement`, as codecs (see `common/shapes.ts`): what a program gives (`check` normalises
 * it without adding anything) and what state holds. The TSDoc here is what editors show on the class's properties.
 */
import * as t from "io-ts";

import { oneOfLiterals } from "../common/shapes";

/** The person at the customer who accepts the MCA (Partner Center `Contact`). */
export const SignatoryArgs = t.intersection([
    t.type({ firstName: t.string, lastName: t.string, email: t.string }),
    t.partial({ phoneNumber: t.string }),
]);
export type SignatoryArgs = t.TypeOf<typeof SignatoryArgs>;

/** The inputs a program gives. Every one except `acceptancePage` replaces the resource when changed. */
export const AgreementArgs = t.intersection([
    t.type({
        /** Partner Center customer id (GUID), typically `customer.customerId`. */
        customerId: t.string,
        /** The customer's legal company name, as shown on the agreement. */
        companyName: t.string,
        /** ISO 3166-1 alpha-2 country of the customer (picks the MCA variant), e.g. `US`. */
        country: t.string,
        /** Language the MCA is shown in, e.g. `en-US`. */
        language: t.string,
        /** The person at the customer who accepts the MCA. */
        signatory: SignatoryArgs,
    }),
    t.partial({
        /**
         * Your page that embeds Microsoft's MCA component, as a URL template with `{attestationId}` (optionally
         * `{customerId}`, `{country}`, `{language}`). Used for `acceptanceUrl` when Partner Center returns none.
         * Changing it only updates state.
         */
        acceptancePage: t.string,
    }),
]);
export type AgreementArgs = t.TypeOf<typeof AgreementArgs>;

/** Normalised inputs of a `CustomerAgreement` (the same shape: `check` adds no defaults). */
export type AgreementInputs = AgreementArgs;

export const AGREEMENT_STATUSES = ["PendingAcceptance", "Accepted", "Agreed"] as const;
/**
 * Where the agreement stands.
 * - `PendingAcceptance`: the attestation exists; the customer has not accepted the MCA yet.
 * - `Accepted`: the customer accepted (seen by `refresh`); the next `pulumi up` creates the agreement.
 * - `Agreed`: the agreement exists in Partner Center (created, or adopted after 600061).
 */
export const AgreementStatus = oneOfLiterals(AGREEMENT_STATUSES);
export type AgreementStatus = t.TypeOf<typeof AgreementStatus>;

/** The outputs that are not inputs (every one always present; `""` when none). */
export const AgreementOutputProps = t.type({
    /** The enhanced attestation's id; `""` when an existing agreement was adopted without one. */
    attestationId: t.string,
    /** Where the customer accepts the MCA; `""` when neither the service nor `acceptancePage` gives one. */
    acceptanceUrl: t.string,
    /** `PendingAcceptance`, `Accepted` (seen by refresh; the next up creates the agreement) or `Agreed`. */
    status: AgreementStatus,
    /** What is pending, what to send to whom; `""` once agreed. */
    pendingAction: t.string,
    /** `MicrosoftCustomerAgreement`. */
    agreementType: t.string,
    /** When the attestation was made (ISO 8601). */
    attestationCreatedAt: t.string,
    /** When the signatory accepted (ISO 8601); `""` until then. */
    acceptedAt: t.string,
    /** The agreement's date (ISO 8601); `""` until it exists. */
    dateAgreed: t.string,
    /** The agreement template id Partner Center reports; `""` until agreed. */
    templateId: t.string,
    /** True when the agreement already existed (600061) and was adopted instead of created. */
    adopted: t.boolean,
});

/** State of a `CustomerAgreement`: the inputs plus the outputs above. */
export type AgreementOutputs = AgreementInputs & t.TypeOf<typeof AgreementOutputProps>;
