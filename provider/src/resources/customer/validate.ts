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
} from "./countries";
import { ON_DELETE_POLICIES } from "./types";

/**
 * The value the Pulumi engine sends, during preview, for an input that is not known yet (e.g. another resource's
 * output). It arrives as this string whatever the property's type (pulumi/pulumi#6310), including for objects
 * and booleans.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** True when `v` is the engine's unknown-value sentinel ({@link UNKNOWN}). */
export function isUnknown(v: unknown): boolean {
    return v === UNKNOWN;
}

/** Whether any value in the object tree is the unknown sentinel (preview with computed inputs). */
export function hasUnknown(value: unknown): boolean {
    return (
        isUnknown(value) ||
        (value !== null &&
            typeof value === "object" &&
            Object.values(value as Record<string, unknown>).some(hasUnknown))
    );
}

/** One validation problem, in Pulumi's `CheckFailure` shape. `property` is a dotted path. */
export interface CheckFailure {
    property: string;
    reason: string;
}

/** What {@link checkInputs} returns: normalised inputs (even when there are failures) and the failures. */
export interface CheckInputsResult {
    inputs: Record<string, unknown>;
    failures: CheckFailure[];
}

/**
 * What rules may look at besides their own value. `country` is the normalised ISO code of
 * `billingProfile.defaultAddress.country`, or `null` when it can't be used (absent, invalid or unknown): rules
 * that depend on the country are then skipped (an absent/invalid country has its own failure).
 */
export interface RuleContext {
    country: string | null;
}

/** A validation rule for one input property. Containers (`kind: "object"`) list their children by path. */
export interface FieldRule {
    /** Dotted path, e.g. `billingProfile.defaultAddress.postalCode`. */
    readonly path: string;
    readonly kind: "object" | "string" | "boolean";
    /**
     * `true`: always required. A function: required depending on other inputs; it returns the reason to report
     * when the property is missing, `false` when it is optional, or `undefined` when it can't tell yet (skip).
     */
    readonly required?: true | ((ctx: RuleContext) => string | false | undefined);
    /** Applied when the property is absent (after dropping empty strings). */
    readonly default?: string | boolean;
    /** For `kind: "boolean"`: string values also accepted (matched case-insensitively, stored as written here). */
    readonly alsoStrings?: readonly string[];
    /** Checked before `validate`. Omitted where `validate`'s (linear, anchored) pattern already bounds the length. */
    readonly maxLength?: number;
    /** Context-free normalisation of the trimmed, non-empty string (casing). Must be idempotent. */
    readonly normalise?: (s: string) => string;
    /** Returns a reason when the normalised string is invalid. */
    readonly validate?: (s: string, ctx: RuleContext) => string | undefined;
}

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
// C0 controls and DEL: never meaningful in a name or an address line, and they break CSV/console output later.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

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
        // GUIDs are case-insensitive; Partner Center answers in lower case, so store that and avoid a diff.
        normalise: lower,
        validate: (s) => (GUID.test(s) ? undefined : "must be a GUID (the indirect reseller's tenant id)"),
    },
    { path: "companyProfile", kind: "object", required: true },
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
    { path: "billingProfile", kind: "object", required: true },
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
        validate: (s) =>
            (ON_DELETE_POLICIES as readonly string[]).includes(s)
                ? undefined
                : `must be one of ${ON_DELETE_POLICIES.join(", ")} (got ${quote(s)})`,
    },
    // false: create (fail if the domain is already one of your customers); true: adopt only, never create;
    // "ifExists": adopt a verified existing customer, else create. Unset takes partnercenter:adoptExisting (check).
    { path: "adoptExisting", kind: "boolean", default: false, alsoStrings: ["ifExists"] },
    // Explicit, so the outcome does not depend on the service's date- and environment-dependent default (absent
    // means default GDAP in production since 2023-11-01, but DAP in the integration sandbox: GDAP FAQ).
    { path: "enableGDAPByDefault", kind: "boolean", default: true },
];

/** Top-level key the dynamic-provider SDK adds to every resource's inputs; passed through untouched. */
const PROVIDER_KEY = "__provider";

const CHILDREN = new Map<string, FieldRule[]>();
for (const f of INPUT_FIELDS) {
    const parent = parentPath(f.path);
    CHILDREN.set(parent, [...(CHILDREN.get(parent) ?? []), f]);
}

/**
 * Validates and normalises `IndirectResellerCustomer` inputs (the provider's `check`). Never throws.
 *
 * Normalisation: strings are trimmed and empty optional strings dropped (so `""` and absent compare equal),
 * `null` counts as absent, casing is canonicalised (domain, GUID and email domain lower-case; country and postal
 * code upper-case; culture `ll-RR`; language lower-case), defaults are applied (`onDelete: "retain"`,
 * `adoptExisting: false`) and unknown properties are dropped (and reported). Values of the wrong type are dropped
 * (or defaulted) and reported. The result holds no `undefined` values and is a fixed point:
 * `checkInputs(checkInputs(x).inputs).inputs` deep-equals `checkInputs(x).inputs`.
 *
 * The {@link UNKNOWN} sentinel is accepted for any property, including whole objects, and rules that depend on
 * an unknown value (e.g. the per-country ones when the country is unknown) are skipped.
 *
 * @param news the raw inputs as the engine passes them to `check` (anything JSON-like).
 * @returns the normalised inputs (also when there are failures) and the failures.
 */
export function checkInputs(news: unknown): CheckInputsResult {
    const failures: CheckFailure[] = [];
    const raw = isPlainObject(news) ? news : {};
    const inputs = normaliseObject("", raw, failures);
    if (Object.hasOwn(raw, PROVIDER_KEY) && raw[PROVIDER_KEY] !== undefined) {
        inputs[PROVIDER_KEY] = raw[PROVIDER_KEY];
    }
    const typeFailures = new Set(failures.map((f) => f.property));
    const ctx: RuleContext = { country: countryOf(inputs) };
    for (const field of INPUT_FIELDS) {
        if (!typeFailures.has(field.path)) {
            const reason = validateField(field, inputs, ctx);
            if (reason !== undefined) {
                failures.push({ property: field.path, reason });
            }
        }
    }
    return { inputs, failures };
}

/** Pass 1: shape, types, trimming, casing, defaults and unknown keys. */
function normaliseObject(
    prefix: string,
    raw: Record<string, unknown>,
    failures: CheckFailure[],
): Record<string, unknown> {
    const fields = CHILDREN.get(prefix) ?? [];
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(raw)) {
        if (!fields.some((f) => keyOf(f.path) === key) && !(prefix === "" && key === PROVIDER_KEY)) {
            const near = closestName(
                key,
                fields.map((f) => keyOf(f.path)),
            );
            const hint = near === undefined ? "" : ` (did you mean ${near}?)`;
            failures.push({ property: join(prefix, key), reason: `is not a known property${hint}` });
        }
    }
    for (const field of fields) {
        const key = keyOf(field.path);
        const value = normaliseValue(field, Object.hasOwn(raw, key) ? raw[key] : undefined, failures);
        if (value !== undefined) {
            out[key] = value;
        }
    }
    return out;
}

function normaliseValue(field: FieldRule, value: unknown, failures: CheckFailure[]): unknown {
    if (isUnknown(value)) {
        return value;
    }
    if (typeof value === "string" && field.kind === "string") {
        const trimmed = value.trim();
        if (trimmed !== "") {
            return field.normalise ? field.normalise(trimmed) : trimmed;
        }
    } else if (typeof value === "boolean" && field.kind === "boolean") {
        return value;
    } else if (
        typeof value === "string" &&
        field.kind === "boolean" &&
        field.alsoStrings?.some((s) => s.toLowerCase() === value.trim().toLowerCase())
    ) {
        return field.alsoStrings.find((s) => s.toLowerCase() === value.trim().toLowerCase());
    } else if (isPlainObject(value) && field.kind === "object") {
        return normaliseObject(field.path, value, failures);
    } else if (value !== undefined && value !== null) {
        const expected =
            field.kind === "object"
                ? "an object"
                : field.alsoStrings
                  ? `true, false or ${field.alsoStrings.map((s) => JSON.stringify(s)).join(" or ")}`
                  : `a ${field.kind}`;
        failures.push({ property: field.path, reason: `must be ${expected} (got ${typeName(value)})` });
    }
    return field.default;
}

/** Pass 2: presence (possibly conditional) and value rules, on the normalised tree. */
function validateField(field: FieldRule, inputs: Record<string, unknown>, ctx: RuleContext): string | undefined {
    const parent = valueAt(inputs, parentPath(field.path));
    if (!isPlainObject(parent)) {
        return undefined; // absent, unknown or wrongly typed parent: reported (or accepted) on the parent itself
    }
    const value = parent[keyOf(field.path)];
    if (value === undefined) {
        const required = typeof field.required === "function" ? field.required(ctx) : field.required;
        return required === true ? "is required" : required || undefined;
    }
    if (typeof value !== "string" || isUnknown(value)) {
        return undefined;
    }
    if (field.maxLength !== undefined && value.length > field.maxLength) {
        return `must be at most ${field.maxLength} characters (got ${value.length})`;
    }
    if (CONTROL_CHARS.test(value)) {
        return "must not contain control characters (tabs, line breaks, ...)";
    }
    return field.validate?.(value, ctx);
}

function countryOf(inputs: Record<string, unknown>): string | null {
    const country = valueAt(inputs, "billingProfile.defaultAddress.country");
    return typeof country === "string" && ISO_COUNTRY_CODES.has(country) ? country : null;
}

/**
 * The value at a dotted path of a JSON-like tree: `undefined` when a step is missing or not an object, and
 * {@link UNKNOWN} when a step on the way is unknown (an unknown object has unknown members).
 */
export function valueAt(root: unknown, path: string): unknown {
    let current = root;
    for (const key of path === "" ? [] : path.split(".")) {
        if (isUnknown(current)) {
            return current;
        }
        current = isPlainObject(current) ? current[key] : undefined;
    }
    return current;
}

/**
 * The known name closest to `key`: same letters in another case, or within a small edit distance (about one typo
 * per four letters, at most 3). Undefined when nothing is that close.
 */
export function closestName(key: string, known: readonly string[]): string | undefined {
    const lowered = key.toLowerCase();
    const sameCase = known.find((k) => k.toLowerCase() === lowered);
    if (sameCase !== undefined) {
        return sameCase;
    }
    const limit = Math.min(3, Math.max(1, Math.floor(key.length / 4)));
    let best: { name: string; distance: number } | undefined;
    for (const name of known) {
        const distance = editDistance(lowered, name.toLowerCase());
        if (distance <= limit && (best === undefined || distance < best.distance)) {
            best = { name, distance };
        }
    }
    return best?.name;
}

/** Levenshtein distance with adjacent transpositions (optimal string alignment). Inputs are short keys. */
export function editDistance(a: string, b: string): number {
    if (a.length > 100 || b.length > 100) {
        return Math.abs(a.length - b.length) + 100; // pasted junk is never "close"; keeps the cost bounded
    }
    const d: number[][] = Array.from({ length: a.length + 1 }, (_row, i) =>
        Array.from({ length: b.length + 1 }, (_cell, j) => (i === 0 ? j : j === 0 ? i : 0)),
    );
    for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
                v = Math.min(v, d[i - 2]![j - 2]! + 1);
            }
            d[i]![j] = v;
        }
    }
    return d[a.length]![b.length]!;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

function typeName(v: unknown): string {
    return Array.isArray(v) ? "array" : typeof v;
}

function quote(s: string): string {
    return JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);
}

function parentPath(path: string): string {
    const dot = path.lastIndexOf(".");
    return dot < 0 ? "" : path.slice(0, dot);
}

function keyOf(path: string): string {
    return path.slice(path.lastIndexOf(".") + 1);
}

function join(prefix: string, key: string): string {
    return prefix === "" ? key : `${prefix}.${key}`;
}
