/**
 * Property-based tests of `checkInputs` (fast-check): it never throws, reports every invalid input on a real
 * property path, accepts valid variants, and its normalisation is a fixed point.
 */
import assert from "node:assert/strict";

import fc from "fast-check";
import { checkInputs, INPUT_FIELDS, UNKNOWN, valueAt } from "pulumi-partnercenter/validate";

import {
    anyInput,
    FIELD_PATHS,
    FREE_TEXT,
    huge,
    REQUIRED_FIELDS,
    STRING_FIELDS,
    validInputs,
    wrongTypeFor,
} from "./inputs.arbitraries";
import { undefinedPaths, withValue } from "./inputs.fixtures";

const RUNS = { numRuns: 1000 };

/** Runs `checkInputs` and asserts what must hold for every input; returns the result. */
function checked(x: unknown): ReturnType<typeof checkInputs> {
    const result = checkInputs(x);
    assert.deepEqual(undefinedPaths(result.inputs), [], "inputs must hold no undefined");
    for (const f of result.failures) {
        assert.equal(typeof f.property, "string");
        assert.ok(f.reason.length > 0 && f.reason.length < 300, `reason of ${f.property} is short: ${f.reason.length}`);
    }
    // Idempotent: checking the normalised inputs changes nothing more.
    const again = checkInputs(result.inputs);
    assert.deepEqual(again.inputs, result.inputs, "normalisation must be idempotent");
    if (result.failures.length === 0) {
        assert.deepEqual(again.failures, []);
    }
    return result;
}

describe("checkInputs properties", () => {
    it("never throws on arbitrary JSON, and reports a real path", () => {
        fc.assert(
            fc.property(anyInput, (x) => {
                const { failures } = checked(x);
                assert.ok(
                    failures.some((f) => FIELD_PATHS.has(f.property)),
                    JSON.stringify(failures),
                );
            }),
            RUNS,
        );
    });

    it("never throws on arbitrary JSON inside a valid skeleton", () => {
        const paths = [...FIELD_PATHS, "__provider", "extra", "billingProfile.defaultAddress.extra"];
        fc.assert(
            fc.property(validInputs, fc.constantFrom(...paths), fc.jsonValue(), (x, path, value) => {
                checked(withValue(x, path, value));
            }),
            RUNS,
        );
    });

    it("accepts valid inputs (re-cased, padded, optional fields blank or absent)", () => {
        fc.assert(
            fc.property(validInputs, (x) => {
                assert.deepEqual(checked(x).failures, []);
            }),
            RUNS,
        );
    });

    it("accepts the unknown sentinel at any property, leaf or object", () => {
        fc.assert(
            fc.property(validInputs, fc.constantFrom(...FIELD_PATHS), (x, path) => {
                const { inputs, failures } = checked(withValue(x, path, UNKNOWN));
                assert.deepEqual(failures, []);
                assert.equal(valueAt(inputs, path), UNKNOWN);
            }),
            RUNS,
        );
    });

    it("accepts any printable unicode text within bounds in free-text fields", () => {
        const text = fc
            .string({ unit: "grapheme", minLength: 1, maxLength: 40 })
            .filter(
                (s) =>
                    s.trim().length > 0 &&
                    s.trim().length <= 50 &&
                    ![...s].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127),
            );
        fc.assert(
            fc.property(validInputs, fc.constantFrom(...Object.keys(FREE_TEXT)), text, (x, path, s) => {
                const { inputs, failures } = checked(withValue(x, path, s));
                assert.deepEqual(failures, []);
                assert.equal(valueAt(inputs, path), s.trim());
            }),
            RUNS,
        );
    });

    it("reports a wrong type on the property itself", () => {
        const mutation = fc.constantFrom(...INPUT_FIELDS).chain((f) => fc.tuple(fc.constant(f), wrongTypeFor(f.kind)));
        fc.assert(
            fc.property(validInputs, mutation, (x, [field, value]) => {
                const { failures } = checked(withValue(x, field.path, value));
                assert.ok(
                    failures.some((f) => f.property === field.path && f.reason.startsWith("must be ")),
                    JSON.stringify(failures),
                );
            }),
            RUNS,
        );
    });

    it("reports a huge (10k+) string on the property itself", () => {
        fc.assert(
            fc.property(validInputs, fc.constantFrom(...STRING_FIELDS), huge, (x, path, s) => {
                const { failures } = checked(withValue(x, path, s));
                assert.ok(
                    failures.some((f) => f.property === path),
                    JSON.stringify(failures),
                );
            }),
            RUNS,
        );
    });

    it("reports text over the bound in free-text fields", () => {
        fc.assert(
            fc.property(
                validInputs,
                fc.constantFrom(...Object.entries(FREE_TEXT)),
                fc.nat(100),
                (x, [path, max], extra) => {
                    const { failures } = checked(withValue(x, path, "é".repeat(max + 1 + extra)));
                    assert.deepEqual(failures, [
                        { property: path, reason: `must be at most ${max} characters (got ${max + 1 + extra})` },
                    ]);
                },
            ),
            RUNS,
        );
    });

    it("reports a missing or null required property as required", () => {
        fc.assert(
            fc.property(
                validInputs,
                fc.constantFrom(...REQUIRED_FIELDS),
                fc.constantFrom(undefined, null, "", " "),
                (x, path, v) => {
                    const field = INPUT_FIELDS.find((f) => f.path === path);
                    const value = field?.kind === "string" ? v : v === undefined ? undefined : null;
                    const { failures } = checked(withValue(x, path, value));
                    assert.ok(
                        failures.some((f) => f.property === path && f.reason === "is required"),
                        JSON.stringify(failures),
                    );
                },
            ),
            RUNS,
        );
    });
});
