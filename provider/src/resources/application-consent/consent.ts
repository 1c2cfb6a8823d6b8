/**
 * `ApplicationConsent`: your multi-tenant application consented in a customer's tenant (CPV application consent,
 * `/v1/customers/{customerId}/applicationconsents`).
 */
import * as pulumi from "@pulumi/pulumi";

import { PartnerCenterResource } from "../common/resource";
import type { ArgsOf, OutputsOf } from "../common/shapes";
import { CONSENT_DEFINITION } from "./definition";
import * as consentProviderStub from "./stub";
import type { ApplicationConsentArgs as ConsentArgs, ApplicationConsentOutputs } from "./types";

/** Arguments of {@link ApplicationConsent}. */
export type ApplicationConsentArgs = ArgsOf<ConsentArgs>;

// The output properties, derived from the codecs: declaration merging adds them to the class; the engine sets them.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface ApplicationConsent extends OutputsOf<ApplicationConsentOutputs> {}

/** Your multi-tenant application consented in a customer's tenant, with its grants. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class ApplicationConsent extends PartnerCenterResource {
    constructor(name: string, args: ApplicationConsentArgs, opts?: pulumi.CustomResourceOptions) {
        super(CONSENT_DEFINITION, consentProviderStub, name, args, opts);
    }
}
