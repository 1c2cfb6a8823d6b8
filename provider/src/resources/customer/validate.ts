/**
 * `check` for `IndirectResellerCustomer`: validates and normalises the resource inputs as a pure function.
 *
 * Rules are data (`INPUT_FIELDS`) and every problem is returned as a `{property, reason}` failure, the way
 * Pulumi's `CheckResult` wants them: nothing here throws, whatever the input (wrong types, null, arrays, huge or
 * odd unicode strings, or the engine's "unknown" sentinel anywhere during preview).
 *
 * Lengths are counted in UTF-16 code units (`string.length`), like .NET's `string.Length` on Partner Center's side.
 */
import {
    ISO_COUNTRY_CODES,
    ORG_REGISTRATION_NUMBER_COUNTRIES,
    POSTAL_CODE_OPTIONAL_COUNTRIES,
    POSTAL_CODE_PATTERNS,
    STATE_RULES,
} from "../common/countries";
import type { ResourceInputs } from "../common/definition";
import { checkFields, type FieldRule as CommonFieldRule, type FieldSchema } from "../common/fields";
import { quote, valueAt, type CheckInputsResult } from "../common/inputs";
import { ON_DELETE_POLICIES, CustomerArgs } from "./types";

export {
    closestName,
    editDistance,
    hasUnknown,
    isUnknown,
    UNKNOWN,
    valueAt,
    type CheckFailure,
    type CheckInputsResult,
} from "../common/inputs";

/**
 * What rules may look at besides their own value. `country` is the normalised ISO code of
 * `billingProfile.defaultAddress.country`, or `null` when it can't be used (absent, invalid or unknown): rules
 * that depend on the country are then skipped (an absent/invalid country has its own failure).
 */
export interface RuleContext {
    country: string | null;
}

/** A validation rule for one customer input property (the shared engine's rule, with the customer's context). */
export type FieldRule = CommonFieldRule<RuleContext>;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// Microsoft's initial-domain prefixes are letters and digits only: no hyphen (SharePoint derives
// `<prefix>-my.sharepoint.com` and `<prefix>-admin.sharepoint.com` from it, so a hyphen would be ambiguous) and no
// dot (it is one DNS label). 27 characters max: Partner Center PowerShell `New-PartnerCustomer -Domain` has
// ValidateLength(17, 43) "27 characters maximum domain prefix + '.onmicrosoft.com'".
const DOMAIN = /^[a-z0-9]{1,27}\.onmicrosoft\.com$/;
// A deliberately plain check: one @, no whitespace, a dotted ASCII host name. Partner Center rejects bad
// addresses late (400/27002 after tenant provisioning started, CloudBlue KB 133047), so catching typos here pays.
const EMAIL = /^[^\s@]{1,64}@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const CULTURE = /^[a-z]{2}-[A-Z]{2}$/;
const LANGUAGE = /^[a-z]{2}$/;
const PHONE = /^[0-9 +()-]+$/;

const lower = (s: string): string => s.toLowerCase();
const upper = (s: string): string => s.toUpperCase();

/** A conditional `required` rule: required in `countries`, with `why` appended to the reason. */
function requiredIn(countries: (code: string) => boolean, why = ""): (ctx: RuleContext) => string | false | undefined {
    return (ctx) =>
        ctx.country === null
            ? undefined
            : countries(ctx.country) && `is required for customers in ${ctx.country}${why}`;
}
const inOrgNumberCountry = (code: string): boolean => ORG_REGISTRATION_NUMBER_COUNTRIES.has(code);

/**
 * The input schema, outer objects before their children. Bounds come from the Partner Center Address resource
 * where it documents them (names 1..50, address lines 1..200 / 0..200, country 2); the others, marked "bound",
 * are undocumented and chosen generously just to catch accidents such as a pasted paragraph.
 */
export const INPUT_FIELDS: readonly FieldRule[] = [
    {
        path: "associatedPartnerId",
        kind: "string",
        required: true,
        description: "Tenant id (GUID) of the indirect reseller the customer is created for.",
        // GUIDs are case-insensitive; Partner Center answers in lower case, so store that and avoid a diff.
        normalise: lower,
        validate: (s) => (GUID.test(s) ? undefined : "must be a GUID (the indirect reseller's tenant id)"),
    },
    {
        path: "companyProfile",
        kind: "object",
        required: true,
        description: "The company: its initial domain, and registration number where required.",
    },
    {
        path: "companyProfile.domain",
        kind: "string",
        required: true,
        normalise: lower, // DNS names are case-insensitive; the API echoes whatever casing it was given
        validate: (s) =>
            DOMAIN.test(s)
                ? undefined
                : "must be <prefix>.onmicrosoft.com where the prefix is 1-27 letters or digits (e.g. contoso.onmicrosoft.com)",
    },
    {
        path: "companyProfile.organizationRegistrationNumber",
        kind: "string",
        required: requiredIn(
            inOrgNumberCountry,
            " (Partner Center requires an organization registration number there)",
        ),
        maxLength: 50, // bound: national numbers are short (BR CNPJ with punctuation: 18, IN CIN: 21)
        // Not rejected outside those countries: Partner Center has an error for that (600002) but its exact
        // trigger is undocumented, so the service decides.
    },
    {
        path: "billingProfile",
        kind: "object",
        required: true,
        description: "The billing profile: contact, culture, language and address. Updated in place.",
    },
    {
        path: "billingProfile.email",
        kind: "string",
        required: true,
        maxLength: 254, // RFC 5321 path limit (256) minus the angle brackets
        // Only the domain part is case-insensitive (RFC 5321 §2.4); the local part is kept as written.
        normalise: (s) => {
            const at = s.lastIndexOf("@");
            return at < 0 ? s : s.slice(0, at) + s.slice(at).toLowerCase();
        },
        validate: (s) => (EMAIL.test(s) ? undefined : "must be an email address such as gena@wingtiptoys.com"),
    },
    {
        path: "billingProfile.culture",
        kind: "string",
        required: true,
        // The seed sample sends "EN-US"; Partner Center answers "en-US". Store the canonical form.
        normalise: (s) => (/^[A-Za-z]{2}-[A-Za-z]{2}$/.test(s) ? `${lower(s.slice(0, 2))}-${upper(s.slice(3))}` : s),
        validate: (s) => (CULTURE.test(s) ? undefined : "must be a culture like en-US (2-letter language-REGION)"),
    },
    {
        path: "billingProfile.language",
        kind: "string",
        required: true,
        normalise: lower, // the seed sample sends "En"
        validate: (s) => (LANGUAGE.test(s) ? undefined : "must be a 2-letter language code such as en"),
    },
    { path: "billingProfile.companyName", kind: "string", required: true, maxLength: 255 /* bound */ },
    { path: "billingProfile.defaultAddress", kind: "object", required: true },
    { path: "billingProfile.defaultAddress.firstName", kind: "string", required: true, maxLength: 50 },
    { path: "billingProfile.defaultAddress.lastName", kind: "string", required: true, maxLength: 50 },
    { path: "billingProfile.defaultAddress.addressLine1", kind: "string", required: true, maxLength: 200 },
    { path: "billingProfile.defaultAddress.addressLine2", kind: "string", maxLength: 200 },
    { path: "billingProfile.defaultAddress.city", kind: "string", required: true, maxLength: 100 /* bound */ },
    {
        path: "billingProfile.defaultAddress.state",
        kind: "string",
        required: requiredIn((code) => Object.hasOwn(STATE_RULES, code)),
        // The Address resource documents State as (0,2), but full names are used in practice (Australia's
        // "New South Wales"), so 2-letter codes are enforced only where a closed list exists (US, CA).
        maxLength: 50, // bound
        normalise: (s) => (/^[A-Za-z]{2}$/.test(s) ? upper(s) : s),
        validate: (s, ctx) => {
            const codes = ctx.country === null ? undefined : STATE_RULES[ctx.country]?.codes;
            return codes === undefined || codes.has(s)
                ? undefined
                : `must be a 2-letter ${ctx.country} state/province code such as ${ctx.country === "CA" ? "ON" : "WA"} (got ${quote(s)})`;
        },
    },
    {
        path: "billingProfile.defaultAddress.postalCode",
        kind: "string",
        required: requiredIn((code) => !POSTAL_CODE_OPTIONAL_COUNTRIES.has(code)),
        maxLength: 20, // bound
        normalise: upper, // letters in postal codes (CA, GB, NL, ...) are case-insensitive
        validate: (s, ctx) => {
            const format = ctx.country === null ? undefined : POSTAL_CODE_PATTERNS[ctx.country];
            return format === undefined || format.pattern.test(s)
                ? undefined
                : `must be a ${ctx.country} postal code such as ${format.example} (got ${quote(s)})`;
        },
    },
    {
        path: "billingProfile.defaultAddress.country",
        kind: "string",
        required: true,
        normalise: upper,
        validate: (s) =>
            ISO_COUNTRY_CODES.has(s)
                ? undefined
                : `must be a 2-letter ISO 3166-1 country code such as US (got ${quote(s)}${s === "UK" ? "; use GB" : ""})`,
    },
    {
        path: "billingProfile.defaultAddress.phoneNumber",
        kind: "string",
        // Partner Center error 600051: the phone number is mandatory where the org registration number is.
        required: requiredIn(inOrgNumberCountry, " (as is companyProfile.organizationRegistrationNumber)"),
        maxLength: 30, // bound
        validate: (s) =>
            PHONE.test(s) && /\d/.test(s)
                ? undefined
                : "must contain only digits, spaces and + ( ) - (e.g. +1 425 555 0101)",
    },
    { path: "billingProfile.defaultAddress.region", kind: "string", maxLength: 50 /* bound */ },
    {
        path: "onDelete",
        kind: "string",
        default: "retain",
        description:
            "What destroy does: `retain` (the customer stays), `delete` (integration sandbox only) or " +
            "`removeRelationship` (the reseller relationship is removed; the tenant remains).",
        validate: (s) =>
            (ON_DELETE_POLICIES as readonly string[]).includes(s)
                ? undefined
                : `must be one of ${ON_DELETE_POLICIES.join(", ")} (got ${quote(s)})`,
    },
    // false: create (fail if the domain is already one of your customers); true: adopt only, never create;
    // "ifExists": adopt a verified existing customer, else create. Unset takes partnercenter:adoptExisting (check).
    {
        path: "adoptExisting",
        kind: "boolean",
        default: false,
        alsoStrings: ["ifExists"],
        description:
            "When the domain already belongs to one of your customers: `false` create (preview fails naming it), " +
            "`true` adopt only (verified by domain and reseller), `ifExists` adopt when there is one, else create.",
    },
    // Always sent explicitly (the create sends ENABLE_GDAP_BY_DEFAULT when unset), so the outcome does not depend
    // on the service's date- and environment-dependent default (absent means default GDAP in production since
    // 2023-11-01, but DAP in the integration sandbox: GDAP FAQ). Kept unset when the program leaves it unset (no
    // `default` here), so a preview and a policy pack see that no choice was made; diff treats unset as `true`.
    {
        path: "enableGDAPByDefault",
        kind: "boolean",
        description:
            "Sent with the create: `true` (sent when unset) grants you Microsoft's default GDAP roles in the new " +
            "tenant, `false` no delegated admin access. Fixed once the customer exists.",
    },
];

/** The customer's input schema: {@link INPUT_FIELDS} with the country as the rules' context. */
export const CUSTOMER_SCHEMA: FieldSchema<RuleContext> = {
    fields: INPUT_FIELDS,
    contextOf: (inputs) => ({ country: countryOf(inputs) }),
};

/**
 * Validates and normalises `IndirectResellerCustomer` inputs (the provider's `check`) with the shared engine
 * (`common/fields.ts`). Never throws.
 *
 * Normalisation: casing is canonicalised (domain, GUID and email domain lower-case; country and postal code
 * upper-case; culture `ll-RR`; language lower-case), defaults are applied (`onDelete: "retain"`,
 * `adoptExisting: false`; `enableGDAPByDefault` stays unset: the create sends `true` then), the rest as every resource (see `checkFields`).
 *
 * @param news the raw inputs as the engine passes them to `check` (anything JSON-like).
 * @returns the normalised inputs (also when there are failures) and the failures.
 */
export function checkInputs(news: unknown): CheckInputsResult {
    return checkFields(CUSTOMER_SCHEMA, news);
}

function countryOf(inputs: Record<string, unknown>): string | null {
    const country = valueAt(inputs, "billingProfile.defaultAddress.country");
    return typeof country === "string" && ISO_COUNTRY_CODES.has(country) ? country : null;
}

/** The inputs of `IndirectResellerCustomer`: their shape, rules and check, for its definition. */
export const CUSTOMER_INPUTS: ResourceInputs = {
    codec: CustomerArgs,
    fields: INPUT_FIELDS,
    derived: CUSTOMER_SCHEMA.derived ?? [],
    check: checkInputs,
};
