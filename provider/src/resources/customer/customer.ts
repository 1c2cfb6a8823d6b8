/**
 * `IndirectResellerCustomer`: a Microsoft Partner Center customer created by a CSP indirect provider on behalf of
 * one of its indirect resellers (`POST /v1/customers` with `associatedPartnerId`).
 */
import * as pulumi from "@pulumi/pulumi";

import { PartnerCenterResource } from "../common/resource";
import type { ArgsOf, OutputsOf } from "../common/shapes";
import { CUSTOMER_DEFINITION } from "./definition";
import * as customerProviderStub from "./stub";
import type { AddressArgs, BillingProfileArgs, CompanyProfileArgs, CustomerArgs, CustomerOutputs } from "./types";

/** The customer's registered address (Partner Center `Address`). */
export type AddressInputs = ArgsOf<AddressArgs>;
/** The company: its initial domain (and registration number where required). */
export type CompanyProfileInputs = ArgsOf<CompanyProfileArgs>;
/** The billing profile: updated in place. */
export type BillingProfileInputs = ArgsOf<BillingProfileArgs>;
/** Arguments of {@link IndirectResellerCustomer}. */
export type IndirectResellerCustomerArgs = ArgsOf<CustomerArgs>;

/**
 * The `import` resource option (and `pulumi import`) cannot work for dynamic providers: the engine has no
 * provider to ask for the resource's inputs (pulumi/pulumi#3550, #16175). Adoption is the supported way.
 */
export const importNotSupportedMessage = CUSTOMER_DEFINITION.importNotSupported;

// The output properties, derived from the codecs: declaration merging adds them to the class; the engine sets them.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface IndirectResellerCustomer extends OutputsOf<CustomerOutputs> {}

/**
 * A Partner Center customer of one of your indirect resellers.
 *
 * ```ts
 * const customer = new IndirectResellerCustomer("contoso", { associatedPartnerId, companyProfile, billingProfile });
 * export const tenantId = customer.tenantId;
 * ```
 *
 * Credentials come from stack config (`partnercenter:*`, secrets set with `--secret`: the engine keeps stack
 * config, encrypted, in the default provider's inputs in state) or `PARTNERCENTER_*` environment variables (never
 * in state). A credential in stack config without `--secret` fails the run before anything is created.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class IndirectResellerCustomer extends PartnerCenterResource {
    constructor(name: string, args: IndirectResellerCustomerArgs, opts?: pulumi.CustomResourceOptions) {
        super(CUSTOMER_DEFINITION, customerProviderStub, name, args, opts);
    }
}
