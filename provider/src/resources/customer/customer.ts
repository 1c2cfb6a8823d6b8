/**
 * `IndirectResellerCustomer`: a Microsoft Partner Center customer created by a CSP indirect provider on behalf of
 * one of its indirect resellers (`POST /v1/customers` with `associatedPartnerId`).
 */
import * as pulumi from "@pulumi/pulumi";

import { PartnerCenterResource } from "../common/resource";
import { CUSTOMER_DEFINITION } from "./definition";
import * as customerProviderStub from "./stub";
import type {
    AdoptMode,
    BillingProfileOutput,
    CompanyProfileArgs,
    DelegatedAccessOutput,
    OnDeletePolicy,
    UserCredentialsOutput,
} from "./types";

/** The customer's registered address (Partner Center `Address`). */
export interface AddressInputs {
    firstName: pulumi.Input<string>;
    lastName: pulumi.Input<string>;
    addressLine1: pulumi.Input<string>;
    addressLine2?: pulumi.Input<string>;
    city: pulumi.Input<string>;
    /** State or province: required where the country requires it; a 2-letter code in the US and Canada. */
    state?: pulumi.Input<string>;
    postalCode: pulumi.Input<string>;
    /** ISO 3166-1 alpha-2 code, e.g. `US`. Changing it replaces the customer. */
    country: pulumi.Input<string>;
    /** Required where an organization registration number is required. */
    phoneNumber?: pulumi.Input<string>;
    region?: pulumi.Input<string>;
}

export interface CompanyProfileInputs {
    /** `<prefix>.onmicrosoft.com`, the new tenant's initial domain. Changing it replaces the customer. */
    domain: pulumi.Input<string>;
    /** Required in some countries (BR, IN, ZA, PL, TR, RU, ...). Changing it replaces the customer. */
    organizationRegistrationNumber?: pulumi.Input<string>;
}

export interface BillingProfileInputs {
    email: pulumi.Input<string>;
    /** e.g. `en-US`. */
    culture: pulumi.Input<string>;
    /** Two-letter language code, e.g. `en`. */
    language: pulumi.Input<string>;
    companyName: pulumi.Input<string>;
    defaultAddress: pulumi.Input<AddressInputs>;
}

/** Arguments of {@link IndirectResellerCustomer}. */
export interface IndirectResellerCustomerArgs {
    /** Tenant id (GUID) of the indirect reseller. It must have an active partnership with you. Changing it replaces the customer. */
    associatedPartnerId: pulumi.Input<string>;
    companyProfile: pulumi.Input<CompanyProfileInputs>;
    /** Updated in place (billing profile PUT with a fresh etag). */
    billingProfile: pulumi.Input<BillingProfileInputs>;
    /**
     * What `pulumi destroy` (or a replacement) does in Partner Center: `retain` (default; the customer stays),
     * `delete` (integration sandbox only) or `removeRelationship` (the reseller relationship is removed; the tenant
     * remains). Changing it only updates state.
     */
    onDelete?: pulumi.Input<OnDeletePolicy>;
    /**
     * What to do when the domain already belongs to one of your customers (import does not work for dynamic
     * providers; adoption is the supported way to bring an existing customer under management):
     * - `false`: create a new customer; preview fails if the domain is already one of your customers.
     * - `true`: adopt only — adopt the customer verified by domain AND reseller, or fail in preview naming what
     *   was looked for. Never creates a tenant.
     * - `"ifExists"`: adopt the verified customer when there is one, otherwise create (re-runs after a crash).
     *
     * Preview warns which customer id will be adopted and every billing-profile field adoption overwrites.
     * Unset: the provider config `partnercenter:adoptExisting` (`ifExists`), else `false`.
     */
    adoptExisting?: pulumi.Input<AdoptMode>;
    /**
     * Sent with the create: `true` (the default) grants you Microsoft's default GDAP roles in the new tenant, `false`
     * grants no delegated admin access (GDAP FAQ; DAP is no longer granted). Fixed once the customer exists: a
     * change is refused in preview. See README "GDAP".
     */
    enableGDAPByDefault?: pulumi.Input<boolean>;
}

/**
 * The `import` resource option (and `pulumi import`) cannot work for dynamic providers: the engine has no
 * provider to ask for the resource's inputs (pulumi/pulumi#3550, #16175). Adoption is the supported way.
 */
export const importNotSupportedMessage = CUSTOMER_DEFINITION.importNotSupported;

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
export class IndirectResellerCustomer extends PartnerCenterResource {
    /** Partner Center customer id (also the resource id). */
    declare readonly customerId: pulumi.Output<string>;
    /** The new customer's Entra tenant id. */
    declare readonly tenantId: pulumi.Output<string>;
    declare readonly commerceId: pulumi.Output<string>;
    declare readonly companyName: pulumi.Output<string>;
    declare readonly domain: pulumi.Output<string>;
    /** `reseller` while the relationship exists, `none` after it was removed. */
    declare readonly relationshipToPartner: pulumi.Output<string>;
    declare readonly allowDelegatedAccess: pulumi.Output<boolean>;
    declare readonly associatedPartnerId: pulumi.Output<string>;
    declare readonly organizationRegistrationNumber: pulumi.Output<string>;
    declare readonly companyProfile: pulumi.Output<CompanyProfileArgs>;
    /** The billing profile as Partner Center holds it (normalised). */
    declare readonly billingProfile: pulumi.Output<BillingProfileOutput>;
    /** True when an existing customer was adopted (see `adoptExisting`). */
    declare readonly adopted: pulumi.Output<boolean>;
    /**
     * The admin user's credentials, returned by Partner Center once, at creation. A secret output; empty for
     * adopted customers.
     */
    declare readonly userCredentials: pulumi.Output<UserCredentialsOutput>;
    declare readonly onDelete: pulumi.Output<OnDeletePolicy>;
    declare readonly adoptExisting: pulumi.Output<AdoptMode>;
    declare readonly enableGDAPByDefault: pulumi.Output<boolean>;
    /** What the creation granted: `defaultGdap`, `none`, or `unknown` (adopted customers). */
    declare readonly delegatedAccess: pulumi.Output<DelegatedAccessOutput>;
    /** When the customer entered state (ISO 8601). */
    declare readonly createdAt: pulumi.Output<string>;

    constructor(name: string, args: IndirectResellerCustomerArgs, opts?: pulumi.CustomResourceOptions) {
        super(CUSTOMER_DEFINITION, customerProviderStub, name, args, opts);
    }
}
