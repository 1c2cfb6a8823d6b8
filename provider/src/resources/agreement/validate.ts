/**
 * `check` rules for `CustomerAgreement`, as a pure function: normalised inputs plus `{property, reason}` failures
 * with dotted property paths. Never throws, whatever the input (wrong types, null, the engine's unknown sentinel).
 *
 * Partner Center documents the fields (first name, last name, email, optional phone, company name; country and
 * language pick the MCA shown) but not their lengths: the bounds below are ours, the same as the customer
 * resource's for the same kinds of value.
 */
import { ISO_COUNTRY_CODES } from "../customer/countries";
import { isUnknown } from "../customer/validate";

export interface CheckFailure {
    property: string;
    reason: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const EMAIL = /^[^\s@]{1,64}@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
// BCP 47 shape as Partner Center uses it: `en`, `en-US`, `zh-Hans-CN`.
const LANGUAGE = /^([a-z]{2,3})(-[a-z]{4})?(-(?:[a-z]{2}|[0-9]{3}))?$/i;
const PHONE = /^\+?[0-9 ()./-]{4,32}$/;

interface StringRule {
    path: string;
    required: boolean;
    maxLength: number;
    normalise?: (s: string) => string;
    validate?: (s: string) => string | undefined;
}

/** The input rules, as data. */
export const AGREEMENT_FIELDS: readonly StringRule[] = [
    {
        path: "customerId",
        required: true,
        maxLength: 36,
        normalise: (s) => s.toLowerCase(),
        validate: (s) => (GUID.test(s) ? undefined : "must be a customer id (GUID), e.g. customer.customerId"),
    },
    { path: "companyName", required: true, maxLength: 255 },
    {
        path: "country",
        required: true,
        maxLength: 2,
        normalise: (s) => s.toUpperCase(),
        validate: (s) =>
            ISO_COUNTRY_CODES.has(s) ? undefined : "must be an ISO 3166-1 alpha-2 country code such as US or DE",
    },
    {
        path: "language",
        required: true,
        maxLength: 20,
        normalise: normaliseLanguage,
        validate: (s) => (LANGUAGE.test(s) ? undefined : "must be a language tag such as en-US or de"),
    },
    { path: "signatory.firstName", required: true, maxLength: 50 },
    { path: "signatory.lastName", required: true, maxLength: 50 },
    {
        path: "signatory.email",
        required: true,
        maxLength: 254,
        normalise: (s) => s.toLowerCase(),
        validate: (s) => (EMAIL.test(s) ? undefined : "must be an email address such as tania@contoso.com"),
    },
    {
        path: "signatory.phoneNumber",
        required: false,
        maxLength: 32,
        validate: (s) => (PHONE.test(s) ? undefined : "must be a phone number (digits, spaces, + ( ) - . /)"),
    },
    {
        path: "acceptancePage",
        required: false,
        maxLength: 2048,
        validate: validateAcceptancePage,
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

export interface CheckAgreementResult {
    inputs: Record<string, unknown>;
    failures: CheckFailure[];
}

/**
 * Validate and normalise inputs: trimmed strings, empty strings dropped, casing fixed (customer id, country,
 * language, email). Unknown values (preview) pass unchanged and unchecked. Keys outside the rules (`__provider`)
 * are kept as they are.
 */
export function checkAgreementInputs(news: unknown): CheckAgreementResult {
    const failures: CheckFailure[] = [];
    if (news === null || typeof news !== "object" || Array.isArray(news)) {
        return { inputs: {}, failures: [{ property: "customerId", reason: "the inputs must be an object" }] };
    }
    const inputs: Record<string, unknown> = { ...(news as Record<string, unknown>) };
    const signatory = inputs["signatory"];
    let signatoryFailed = false;
    if (isUnknown(signatory)) {
        // The whole object is not known yet (preview): nothing to check inside it.
    } else if (signatory === undefined || signatory === null) {
        failures.push({
            property: "signatory",
            reason: "is required: the customer's signatory (firstName, lastName, email)",
        });
        signatoryFailed = true;
    } else if (typeof signatory !== "object" || Array.isArray(signatory)) {
        failures.push({ property: "signatory", reason: "must be an object with firstName, lastName and email" });
        signatoryFailed = true;
    } else {
        inputs["signatory"] = { ...(signatory as Record<string, unknown>) };
    }
    for (const rule of AGREEMENT_FIELDS) {
        if (signatoryFailed && rule.path.startsWith("signatory.")) {
            continue; // reported once, on `signatory`
        }
        const [parent, key] = locate(inputs, rule.path);
        if (!parent) {
            continue; // inside an unknown object
        }
        const raw = parent[key];
        if (isUnknown(raw)) {
            continue;
        }
        if (raw === undefined || raw === null || (typeof raw === "string" && raw.trim() === "")) {
            delete parent[key];
            if (rule.required) {
                failures.push({ property: rule.path, reason: "is required" });
            }
            continue;
        }
        if (typeof raw !== "string") {
            failures.push({ property: rule.path, reason: `must be a string, got ${typeof raw}` });
            continue;
        }
        const trimmed = raw.trim();
        if (trimmed.length > rule.maxLength) {
            failures.push({ property: rule.path, reason: `must be at most ${rule.maxLength} characters` });
            parent[key] = trimmed;
            continue;
        }
        const value = rule.normalise ? rule.normalise(trimmed) : trimmed;
        parent[key] = value;
        const problem = rule.validate?.(value);
        if (problem) {
            failures.push({ property: rule.path, reason: `${JSON.stringify(value)} ${problem}` });
        }
    }
    return { inputs, failures };
}

function locate(inputs: Record<string, unknown>, path: string): [Record<string, unknown> | undefined, string] {
    const parts = path.split(".");
    let node: unknown = inputs;
    for (const part of parts.slice(0, -1)) {
        node = (node as Record<string, unknown>)[part];
        if (node === null || typeof node !== "object") {
            return [undefined, ""];
        }
    }
    return [node as Record<string, unknown>, parts[parts.length - 1] ?? ""];
}

/** The value at a dotted path, or undefined. */
export function valueAt(o: unknown, path: string): unknown {
    let node: unknown = o;
    for (const part of path.split(".")) {
        if (node === null || typeof node !== "object") {
            return undefined;
        }
        node = (node as Record<string, unknown>)[part];
    }
    return node;
}

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
