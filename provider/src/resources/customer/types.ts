/**
 * Inputs and outputs of the `IndirectResellerCustomer` resource, as plain (already resolved) values.
 * The Pulumi-facing `Input<>` wrappers live in `customer.ts`; the provider methods see these shapes.
 */

/** What happens in Partner Center when the resource is destroyed. */
export type OnDeletePolicy = "retain" | "delete" | "removeRelationship";
export const ON_DELETE_POLICIES: readonly OnDeletePolicy[] = ["retain", "delete", "removeRelationship"];

/**
 * How a resource treats a customer that already holds its domain:
 * - `false` (default): create; if one of your customers already holds the domain, preview fails naming it.
 * - `true`: adopt only. Adopt the verified existing customer (same domain AND reseller) or fail in preview;
 *   never creates a tenant.
 * - `"ifExists"`: adopt a verified existing customer when there is one, otherwise create (re-runs after a crash).
 * Unset: the provider config `partnercenter:adoptExisting` (`ifExists`), else `false`.
 */
export type AdoptMode = boolean | "ifExists";

/** The customer's registered address (Partner Center `Address`). */
export interface AddressArgs {
    firstName: string;
    lastName: string;
    addressLine1: string;
    addressLine2?: string;
    city: string;
    /** State or province; required where the country requires it (US, CA, AU, BR, IN, MX: see `countries.ts`). */
    state?: string;
    /** Required except in the few countries without postal codes (see `countries.ts`). */
    postalCode?: string;
    /** ISO 3166-1 alpha-2 country code, e.g. `US`. */
    country: string;
    /** Required for the countries that require an organization registration number. */
    phoneNumber?: string;
    region?: string;
}

export interface CompanyProfileArgs {
    /** `<prefix>.onmicrosoft.com`: the customer's initial domain. Forces replacement. */
    domain: string;
    /** Required in the countries Partner Center lists (e.g. BR, IN, ZA, PL, TR, RU). Forces replacement. */
    organizationRegistrationNumber?: string;
}

export interface BillingProfileArgs {
    email: string;
    /** e.g. `en-US`. */
    culture: string;
    /** Two-letter language code, e.g. `en`. */
    language: string;
    companyName: string;
    defaultAddress: AddressArgs;
}

/** Resource inputs (after `check`: trimmed and normalised, defaults applied). */
export interface CustomerInputs {
    /** Tenant id (GUID) of the indirect reseller the customer is created for. Forces replacement. */
    associatedPartnerId: string;
    companyProfile: CompanyProfileArgs;
    billingProfile: BillingProfileArgs;
    /** Default `retain`. */
    onDelete?: OnDeletePolicy;
    /** See {@link AdoptMode}. After `check`: always set (the config default resolved). */
    adoptExisting?: AdoptMode;
    /**
     * Sent at creation: `true` (default) grants the partner Microsoft's default GDAP roles, `false` grants no
     * delegated admin access (GDAP FAQ). Fixed once the customer exists.
     */
    enableGDAPByDefault?: boolean;
}

/**
 * What delegated admin access the creation granted the partner: `defaultGdap` (default GDAP roles, no DAP),
 * `none`, or `unknown` (adopted customers, and customers created before this output existed).
 */
export type DelegatedAccessOutput = "defaultGdap" | "none" | "unknown";

export interface UserCredentialsOutput {
    userName: string;
    password: string;
}

/** Billing profile as stored in outputs (normalised; no etag: etags are temporary and not stored). */
export interface BillingProfileOutput extends BillingProfileArgs {
    /** Partner Center's billing profile id. */
    id: string;
}

/**
 * Resource outputs. Every key is always present (empty string / false / null-free) because `undefined` in
 * outputs crashes the engine's serializer.
 */
export interface CustomerOutputs {
    /** Partner Center customer id (= the resource id). */
    customerId: string;
    /** Entra tenant id of the new customer. */
    tenantId: string;
    commerceId: string;
    companyName: string;
    domain: string;
    relationshipToPartner: string;
    allowDelegatedAccess: boolean;
    associatedPartnerId: string;
    organizationRegistrationNumber: string;
    billingProfile: BillingProfileOutput;
    /** True when the customer existed before and was adopted rather than created. */
    adopted: boolean;
    /** Admin credentials, returned once by Partner Center at creation (empty for adopted customers). Secret. */
    userCredentials: UserCredentialsOutput;
    onDelete: OnDeletePolicy;
    adoptExisting: AdoptMode;
    /** As sent at creation (absent for customers created before the input existed). */
    enableGDAPByDefault?: boolean;
    delegatedAccess: DelegatedAccessOutput;
    /** The inputs as last applied (used by diff, which receives old outputs, not old inputs). */
    companyProfile: CompanyProfileArgs;
}
