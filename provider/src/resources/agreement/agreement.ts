/**
 * `CustomerAgreement`: the customer's acceptance of the Microsoft Customer Agreement (MCA), attested by you (the
 * indirect provider) through Partner Center's enhanced attestation API with App-only credentials.
 */
import * as pulumi from "@pulumi/pulumi";

import { PartnerCenterResource } from "../common/resource";
import { AGREEMENT_DEFINITION } from "./definition";
import * as agreementProviderStub from "./stub";
import type { AgreementStatus, SignatoryArgs } from "./types";

/** The person at the customer who accepts the MCA. */
export interface SignatoryInputs {
    firstName: pulumi.Input<string>;
    lastName: pulumi.Input<string>;
    email: pulumi.Input<string>;
    phoneNumber?: pulumi.Input<string>;
}

/** Arguments of {@link CustomerAgreement}. Every input except `acceptancePage` replaces the resource when changed. */
export interface CustomerAgreementArgs {
    /** Partner Center customer id, typically `customer.customerId`. */
    customerId: pulumi.Input<string>;
    /** The customer's company name as shown on the agreement. */
    companyName: pulumi.Input<string>;
    /** ISO 3166-1 alpha-2 country of the customer (picks the MCA variant), e.g. `US`. */
    country: pulumi.Input<string>;
    /** Language the MCA is shown in, e.g. `en-US`. */
    language: pulumi.Input<string>;
    signatory: pulumi.Input<SignatoryInputs>;
    /**
     * Your page that embeds Microsoft's MCA component, as a URL template with `{attestationId}` (optionally
     * `{customerId}`, `{country}`, `{language}`). Used for `acceptanceUrl` when Partner Center returns none.
     * Changing it only updates state.
     */
    acceptancePage?: pulumi.Input<string>;
}

/**
 * A customer's Microsoft Customer Agreement. Creating it creates the attestation and returns at once: the
 * customer must then accept the MCA (send them `acceptanceUrl`; `pendingAction` says what to send to whom), and the
 * next `pulumi up` creates the agreement. Deleting it cannot revoke an agreement: it only leaves state.
 *
 * ```ts
 * const agreement = new CustomerAgreement("contoso-mca", {
 *     customerId: customer.customerId,
 *     companyName: "Contoso",
 *     country: "US",
 *     language: "en-US",
 *     signatory: { firstName: "Tania", lastName: "Carr", email: "tania@contoso.com" },
 * });
 * export const pendingAction = agreement.pendingAction;
 * ```
 */
export class CustomerAgreement extends PartnerCenterResource {
    declare readonly customerId: pulumi.Output<string>;
    declare readonly companyName: pulumi.Output<string>;
    declare readonly country: pulumi.Output<string>;
    declare readonly language: pulumi.Output<string>;
    declare readonly signatory: pulumi.Output<SignatoryArgs>;
    declare readonly acceptancePage: pulumi.Output<string | undefined>;
    /** The enhanced attestation's id (`""` when an existing agreement was adopted without one). */
    declare readonly attestationId: pulumi.Output<string>;
    /** Where the customer accepts the MCA (`""` when unknown: see `pendingAction`). */
    declare readonly acceptanceUrl: pulumi.Output<string>;
    /** `PendingAcceptance`, `Accepted` (seen by refresh; the next up creates the agreement) or `Agreed`. */
    declare readonly status: pulumi.Output<AgreementStatus>;
    /** What is pending, what to send to whom; `""` once agreed. */
    declare readonly pendingAction: pulumi.Output<string>;
    declare readonly agreementType: pulumi.Output<string>;
    declare readonly attestationCreatedAt: pulumi.Output<string>;
    declare readonly acceptedAt: pulumi.Output<string>;
    declare readonly dateAgreed: pulumi.Output<string>;
    declare readonly templateId: pulumi.Output<string>;
    /** True when Partner Center already had this agreement (600061) and it was adopted. */
    declare readonly adopted: pulumi.Output<boolean>;

    constructor(name: string, args: CustomerAgreementArgs, opts?: pulumi.CustomResourceOptions) {
        super(AGREEMENT_DEFINITION, agreementProviderStub, name, args, opts);
    }
}
