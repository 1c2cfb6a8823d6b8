/**
 * The shapes of `IndirectResellerCustomer`, as codecs (see `common/shapes.ts`): what a program gives (`check`
 * normalises it and resolves `adoptExisting`), and what state holds. The TSDoc here is what editors show on the
 * class's properties.
 */
import * as t from "io-ts";

import { oneOfLiterals } from "../common/shapes";

export const ON_DELETE_POLICIES = ["retain", "delete", "removeRelationship"] as const;
/** What happens in Partner Center when the resource is destroyed. */
export const OnDeletePolicy = oneOfLiterals(ON_DELETE_POLICIES);
export type OnDeletePolicy = t.TypeOf<typeof OnDeletePolicy>;

/**
 * How a resource treats a customer that already holds its domain:
 * - `false` (default): create; if one of your customers already holds the domain, preview fails naming it.
 * - `true`: adopt only. Adopt the verified existing customer (same domain AND reseller) or fail in preview;
 *   never creates a tenant.
 * - `"ifExists"`: adopt a verified existing customer when there is one, otherwise create (re-runs after a crash).
 * Unset: the provider config `partnercenter:adoptExisting` (`ifExists`), else `false`.
 */
export const AdoptMode = t.union([t.boolean, t.literal("ifExists")]);
export type AdoptMode = t.TypeOf<typeof AdoptMode>;

/** The customer's registered address (Partner Center `Address`). */
export const AddressArgs = t.intersection([
    t.type({
        firstName: t.string,
        lastName: t.string,
        addressLine1: t.string,
        city: t.string,
        /** ISO 3166-1 alpha-2 code, e.g. `US`. Changing it replaces the customer. */
        country: t.string,
    }),
    t.partial({
        addressLine2: t.string,
        /** State or province: required where the country requires it; a 2-letter code in the US and Canada. */
        state: t.string,
        /** Required except in the few countries without postal codes. */
        postalCode: t.string,
        /** Required where an organization registration number is required. */
        phoneNumber: t.string,
        region: t.string,
    }),
]);
export type AddressArgs = t.TypeOf<typeof AddressArgs>;

/** The company: its initial domain (and registration number where required). */
export const CompanyProfileArgs = t.intersection([
    t.type({
        /** `<prefix>.onmicrosoft.com`, the new tenant's initial domain. Changing it replaces the customer. */
        domain: t.string,
    }),
    t.partial({
        /** Required in some countries (BR, IN, ZA, PL, TR, RU, ...). Changing it replaces the customer. */
        organizationRegistrationNumber: t.string,
    }),
]);
export type CompanyProfileArgs = t.TypeOf<typeof CompanyProfileArgs>;

/** The billing profile: updated in place (a PUT with a fresh etag). */
export const BillingProfileArgs = t.type({
    email: t.string,
    /** e.g. `en-US`. */
    culture: t.string,
    /** Two-letter language code, e.g. `en`. */
    language: t.string,
    companyName: t.string,
    defaultAddress: AddressArgs,
});
export type BillingProfileArgs = t.TypeOf<typeof BillingProfileArgs>;

/** What the create sends as `enableGDAPByDefault` when the program leaves it unset (default GDAP roles). */
export const ENABLE_GDAP_BY_DEFAULT = true;

/** The inputs a program gives. */
export const CustomerArgs = t.intersection([
    t.type({
        /** Tenant id (GUID) of the indirect reseller. It must have an active partnership with you. Changing it replaces the customer. */
        associatedPartnerId: t.string,
        /** The company: its initial domain, and registration number where required. Changing them replaces the customer. */
        companyProfile: CompanyProfileArgs,
        /** Updated in place (billing profile PUT with a fresh etag). */
        billingProfile: BillingProfileArgs,
    }),
    t.partial({
        /**
         * What `pulumi destroy` (or a replacement) does in Partner Center: `retain` (default; the customer stays),
         * `delete` (integration sandbox only) or `removeRelationship` (the reseller relationship is removed; the
         * tenant remains). Changing it only updates state.
         */
        onDelete: OnDeletePolicy,
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
        adoptExisting: AdoptMode,
        /**
         * Sent with the create: `true` (the default) grants you Microsoft's default GDAP roles in the new tenant,
         * `false` grants no delegated admin access (GDAP FAQ; DAP is no longer granted). Fixed once the customer
         * exists: a change is refused in preview. See README "GDAP".
         */
        enableGDAPByDefault: t.boolean,
    }),
]);
export type CustomerArgs = t.TypeOf<typeof CustomerArgs>;

/** Resource inputs after `check`: trimmed and normalised, defaults applied, `adoptExisting` resolved. */
export type CustomerInputs = CustomerArgs;

/**
 * What delegated admin access the creation granted the partner: `defaultGdap` (default GDAP roles, no DAP),
 * `none`, or `unknown` (adopted customers, and customers created before this output existed).
 */
export const DelegatedAccessOutput = oneOfLiterals(["defaultGdap", "none", "unknown"]);
export type DelegatedAccessOutput = t.TypeOf<typeof DelegatedAccessOutput>;

/** The admin user's credentials, returned once by Partner Center at creation. */
export const UserCredentialsOutput = t.type({ userName: t.string, password: t.string });
export type UserCredentialsOutput = t.TypeOf<typeof UserCredentialsOutput>;

/** Billing profile as stored in outputs (normalised; no etag: etags are temporary and not stored). */
export type BillingProfileOutput = BillingProfileArgs & {
    /** Partner Center's billing profile id. */
    id: string;
};

/** The outputs that are not inputs. Every key is always present (`undefined` in outputs crashes the engine). */
export const CustomerOutputProps = t.type({
    /** Partner Center customer id (also the resource id). */
    customerId: t.string,
    /** The new customer's Entra tenant id (Partner Center's customer id is the tenant id). */
    tenantId: t.string,
    /** The customer's commerce id. */
    commerceId: t.string,
    /** The company name as Partner Center holds it. */
    companyName: t.string,
    /** The tenant's initial `<prefix>.onmicrosoft.com` domain. */
    domain: t.string,
    /** `reseller` while the relationship exists, `none` after it was removed. */
    relationshipToPartner: t.string,
    /** Whether delegated admin access was granted. */
    allowDelegatedAccess: t.boolean,
    /** The organization registration number, if any. */
    organizationRegistrationNumber: t.string,
    /** True when an existing customer was adopted (see `adoptExisting`). */
    adopted: t.boolean,
    /** What the creation granted: `defaultGdap`, `none`, or `unknown` (adopted customers). */
    delegatedAccess: DelegatedAccessOutput,
    /** The admin user's credentials, returned by Partner Center once, at creation. Secret; empty when adopted. */
    userCredentials: UserCredentialsOutput,
    /** When the customer entered state (ISO 8601). */
    createdAt: t.string,
});

/** State: the applied inputs (`onDelete` and `adoptExisting` resolved), the billing profile with its id, and the outputs above. */
export type CustomerOutputs = Omit<CustomerInputs, "billingProfile" | "onDelete" | "adoptExisting"> &
    t.TypeOf<typeof CustomerOutputProps> & {
        /** The billing profile as Partner Center holds it (normalised). */
        billingProfile: BillingProfileOutput;
        onDelete: OnDeletePolicy;
        adoptExisting: AdoptMode;
    };
