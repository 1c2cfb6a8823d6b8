/**
 * `CustomerAgreement`: the customer's acceptance of the Microsoft Customer Agreement (MCA), attested by you (the
 * indirect provider) through Partner Center's enhanced attestation API with App-only credentials.
 */
import * as pulumi from "@pulumi/pulumi";

import { PartnerCenterResource } from "../common/resource";
import type { ArgsOf, OutputsOf } from "../common/shapes";
import { AGREEMENT_DEFINITION } from "./definition";
import * as agreementProviderStub from "./stub";
import type { AgreementArgs, AgreementOutputs, SignatoryArgs } from "./types";

/** The person at the customer who accepts the MCA. */
export type SignatoryInputs = ArgsOf<SignatoryArgs>;

/** Arguments of {@link CustomerAgreement}. Every input except `acceptancePage` replaces the resource when changed. */
export type CustomerAgreementArgs = ArgsOf<AgreementArgs>;

// The output properties, derived from the codecs: declaration merging adds them to the class; the engine sets them.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface CustomerAgreement extends OutputsOf<AgreementOutputs> {}

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
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class CustomerAgreement extends PartnerCenterResource {
    constructor(name: string, args: CustomerAgreementArgs, opts?: pulumi.CustomResourceOptions) {
        super(AGREEMENT_DEFINITION, agreementProviderStub, name, args, opts);
    }
}
