/**
 * fast-check generators of resource inputs, shared by the `checkInputs` property tests (`check.property.test.ts`)
 * and the no-HTTP property test of the real provider `check` (`tests/integration/check.nohttp.property.test.ts`).
 * A plain module (no `describe`), so importing it does not register the unit suites a second time.
 */
import fc from "fast-check";
import { INPUT_FIELDS, UNKNOWN, valueAt } from "pulumi-partnercenter/validate";

import { inputsIn, type Json, type JsonObject, VALID_ADDRESSES, withValue } from "./inputs.fixtures";

/** Every input property path that `checkInputs` knows (containers included). */
export const FIELD_PATHS: ReadonlySet<string> = new Set(INPUT_FIELDS.map((f) => f.path));
/** Paths of the string-typed properties. */
export const STRING_FIELDS: readonly string[] = INPUT_FIELDS.filter((f) => f.kind === "string").map((f) => f.path);
/** Paths of the required properties (unconditionally required). */
export const REQUIRED_FIELDS: readonly string[] = INPUT_FIELDS.filter((f) => f.required === true).map((f) => f.path);
/** Free-text fields and their maximum lengths: any printable text within bounds is valid there. */
export const FREE_TEXT: Readonly<Record<string, number>> = {
    "billingProfile.companyName": 255,
    "billingProfile.defaultAddress.firstName": 50,
    "billingProfile.defaultAddress.lastName": 50,
    "billingProfile.defaultAddress.addressLine1": 200,
    "billingProfile.defaultAddress.addressLine2": 200,
    "billingProfile.defaultAddress.city": 100,
    "billingProfile.defaultAddress.region": 50,
};

export function randomCase(s: string, flips: readonly boolean[]): string {
    return [...s].map((ch, i) => (flips[i % Math.max(flips.length, 1)] ? ch.toUpperCase() : ch.toLowerCase())).join("");
}

/**
 * Valid inputs: a fixture country, with the fields whose case and surrounding whitespace don't matter randomly
 * re-cased and padded, and optional fields randomly absent, null, blank or set.
 */
export const validInputs: fc.Arbitrary<JsonObject> = fc
    .record({
        country: fc.constantFrom(...Object.keys(VALID_ADDRESSES)),
        flips: fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
        pad: fc.constantFrom("", " ", "\t", "  \n"),
        optional: fc.constantFrom<Json | undefined>(undefined, null, "", "   ", "Building 92"),
        onDelete: fc.constantFrom<Json | undefined>(undefined, "retain", "delete", "removeRelationship"),
        adoptExisting: fc.constantFrom<Json | undefined>(undefined, null, true, false),
    })
    .map(({ country, flips, pad, optional, onDelete, adoptExisting }) => {
        let x = inputsIn(country);
        for (const path of [
            "associatedPartnerId",
            "companyProfile.domain",
            "billingProfile.culture",
            "billingProfile.language",
            "billingProfile.defaultAddress.country",
        ]) {
            x = withValue(x, path, pad + randomCase(String(valueAt(x, path)), flips) + pad);
        }
        const email = String(valueAt(x, "billingProfile.email"));
        x = withValue(x, "billingProfile.email", `${pad}${email.replace(/@.*/, (d) => randomCase(d, flips))}`);
        x = withValue(x, "billingProfile.defaultAddress.addressLine2", optional);
        x = withValue(x, "billingProfile.defaultAddress.region", optional);
        x = withValue(x, "onDelete", onDelete);
        return withValue(x, "adoptExisting", adoptExisting);
    });

/** A string of 10k+ characters that is not blank (a blank one is just "absent"). */
export const huge: fc.Arbitrary<string> = fc
    .string({ unit: "grapheme", minLength: 1, maxLength: 50 })
    .filter((s) => s.trim() !== "")
    .map((s) => s.repeat(Math.ceil(10_001 / s.length)));

/** A JSON value of another type than `kind` (null and absent are "missing", not a wrong type). */
export const wrongTypeFor = (kind: string): fc.Arbitrary<Json> =>
    fc.oneof(
        fc.integer().map((n): Json => n),
        fc.array(fc.string(), { maxLength: 3 }),
        kind === "object" ? fc.string().filter((s) => s !== UNKNOWN) : fc.constant<Json>({ value: "x" }),
        kind === "boolean" ? fc.constantFrom<Json>("true", "false", "yes") : fc.boolean(),
    );

/** Any JSON input at all, the whole input replaced (including the unknown sentinel as the whole input). */
export const anyInput: fc.Arbitrary<unknown> = fc.oneof(
    fc.jsonValue(),
    fc.dictionary(fc.string(), fc.jsonValue()),
    fc.constant(UNKNOWN),
);
