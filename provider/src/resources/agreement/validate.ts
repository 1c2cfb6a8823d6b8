/**
 * `check` rules for `CustomerAgreement`, as a pure function: normalised inputs plus `{property, reason}` failures
 * with dotted property paths. Never throws, whatever the input (wrong types, null, the engine's unknown sentinel).
 *
 * Partner Center documents the fields (first name, last name, email, optional phone, company name; country and
 * language pick the MCA shown) but not their lengths: the bounds below are ours, the same as the customer
 * resource's for the same kinds of value.
 */
import { ISO_COUNTRY_CODES } from "../common/countries";
import type { ResourceInputs } from "../common/definition";
import { checkFields, type FieldRule, type FieldSchema } from "../common/fields";
import type { CheckFailure, CheckInputsResult } from "../common/inputs";
import { AgreementArgs } from "./types";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const EMAIL = /^[^\s@]{1,64}@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
// BCP 47 shape as Partner Center uses it: `en`, `en-US`, `zh-Hans-CN`.
const LANGUAGE = /^([a-z]{2,3})(-[a-z]{4})?(-(?:[a-z]{2}|[0-9]{3}))?$/i;
const PHONE = /^\+?[0-9 ()./-]{4,32}$/;

/** A rule whose reason starts with the value it is about (`"UK" must be ...`). */
function naming(validate: (s: string) => string | undefined): (s: string) => string | undefined {
    return (s) => {
        const reason = validate(s);
        return reason === undefined ? undefined : `${JSON.stringify(s)} ${reason}`;
    };
}

/** The input rules, as data. */
export const AGREEMENT_FIELDS: readonly FieldRule[] = [
    {
        path: "customerId",
        kind: "string",
        required: true,
        maxLength: 36,
        normalise: (s) => s.toLowerCase(),
        validate: naming((s) => (GUID.test(s) ? undefined : "must be a customer id (GUID), e.g. customer.customerId")),
    },
    { path: "companyName", kind: "string", required: true, maxLength: 255 },
    {
        path: "country",
        kind: "string",
        required: true,
        // No maxLength: "United States" should hear what a country code is, not "at most 2 characters".
        normalise: (s) => s.toUpperCase(),
        validate: naming((s) =>
            ISO_COUNTRY_CODES.has(s) ? undefined : "must be an ISO 3166-1 alpha-2 country code such as US or DE",
        ),
    },
    {
        path: "language",
        kind: "string",
        required: true,
        maxLength: 20,
        normalise: normaliseLanguage,
        validate: naming((s) => (LANGUAGE.test(s) ? undefined : "must be a language tag such as en-US or de")),
    },
    {
        path: "signatory",
        kind: "object",
        required: true,
        requiredHint: "the customer's signatory: firstName, lastName, email",
    },
    { path: "signatory.firstName", kind: "string", required: true, maxLength: 50 },
    { path: "signatory.lastName", kind: "string", required: true, maxLength: 50 },
    {
        path: "signatory.email",
        kind: "string",
        required: true,
        maxLength: 254,
        normalise: (s) => s.toLowerCase(),
        validate: naming((s) => (EMAIL.test(s) ? undefined : "must be an email address such as tania@contoso.com")),
    },
    {
        path: "signatory.phoneNumber",
        kind: "string",
        maxLength: 32,
        validate: naming((s) => (PHONE.test(s) ? undefined : "must be a phone number (digits, spaces, + ( ) - . /)")),
    },
    {
        path: "acceptancePage",
        kind: "string",
        maxLength: 2048,
        validate: naming(validateAcceptancePage),
    },
];

/** `en-us` -> `en-US`, `zh-hans-cn` -> `zh-Hans-CN`. */
function normaliseLanguage(s: string): string {
    return s
        .split("-")
        .map((part, i) =>
            i === 0
                ? part.toLowerCase()
                : part.length === 4
                  ? part.charAt(0).toUpperCase() + part.slice(1).toLowerCase()
                  : part.toUpperCase(),
        )
        .join("-");
}

function validateAcceptancePage(s: string): string | undefined {
    let url: URL;
    try {
        url = new URL(s.replace(/\{\w+\}/g, "x"));
    } catch {
        return "must be an https URL template such as https://portal.example.com/mca/{attestationId}";
    }
    if (url.protocol !== "https:" && !(url.protocol === "http:" && ["127.0.0.1", "localhost"].includes(url.hostname))) {
        return "must be an https URL (http only on localhost)";
    }
    if (!s.includes("{attestationId}")) {
        return "must contain the {attestationId} placeholder";
    }
    const unknown = [...s.matchAll(/\{(\w+)\}/g)]
        .map((m) => m[1])
        .filter((name) => !["attestationId", "customerId", "country", "language"].includes(name ?? ""));
    return unknown.length > 0
        ? `unknown placeholder {${unknown[0]}}: use {attestationId}, {customerId}, {country}, {language}`
        : undefined;
}

export type CheckAgreementResult = CheckInputsResult;

/** The agreement's input schema (no shared context between its rules). */
export const AGREEMENT_SCHEMA: FieldSchema = { fields: AGREEMENT_FIELDS, contextOf: () => undefined };

/**
 * Validate and normalise inputs with the shared engine (`common/fields.ts`): trimmed strings, empty strings
 * dropped, casing fixed (customer id, country, language, email), misspelt keys named with the closest name.
 * Unknown values (preview) pass unchanged and unchecked.
 */
export function checkAgreementInputs(news: unknown): CheckAgreementResult {
    return checkFields(AGREEMENT_SCHEMA, news);
}

export { valueAt } from "../common/inputs";

/**
 * The MCA operations exist in the Microsoft public cloud only ("Doesn't apply to: Partner Center operated by
 * 21Vianet | Partner Center for Microsoft Cloud for US Government"). A failure for the `china` / `usgov` endpoints,
 * undefined otherwise (the public cloud and any other URL, such as the emulator's).
 */
export function publicCloudFailure(
    endpoints: { apiBase: string; authority: string },
    clouds: { usgov: { authority: string }; china: { apiBase: string } },
): CheckFailure | undefined {
    const cloud =
        endpoints.apiBase === clouds.china.apiBase
            ? "china (Partner Center operated by 21Vianet)"
            : endpoints.authority === clouds.usgov.authority
              ? "usgov (Partner Center for Microsoft Cloud for US Government)"
              : undefined;
    if (!cloud) {
        return undefined;
    }
    return {
        // A setting, not an input: no property (the caller reports it for the resource as a whole).
        property: "",
        reason:
            `the Microsoft Customer Agreement can only be attested in the Microsoft public cloud, and ` +
            `partnercenter:endpoint is ${cloud}. Remove this CustomerAgreement from stacks for that cloud.`,
    };
}

/** The inputs of `CustomerAgreement`: their shape, rules and check, for its definition. */
export const AGREEMENT_INPUTS: ResourceInputs = {
    codec: AgreementArgs,
    fields: AGREEMENT_FIELDS,
    derived: AGREEMENT_SCHEMA.derived ?? [],
    check: checkAgreementInputs,
};
