/**
 * "No HTTP call is made for an invalid input": the REAL provider `check` (loaded by package name, configured with
 * credentials for an in-process emulator) gets 1000+ generated invalid inputs (arbitrary JSON, wrong types, huge
 * and unicode strings, nulls and missing required properties, unknown keys, each mixed with the engine's unknown
 * sentinel elsewhere) and must never throw, must name a real property in every failure, and must leave the
 * emulator's request log (token endpoint included) empty. A smaller run of valid inputs shows that the same setup
 * does reach the emulator (the preflight), so the emptiness assertion can fail.
 */
import assert from "node:assert/strict";

import fc from "fast-check";
import { provider, resetRuntime } from "pulumi-partnercenter/implementation";
import { checkInputs, INPUT_FIELDS, UNKNOWN } from "pulumi-partnercenter/validate";

import { startEmulator, type Emulator } from "../../emulator";
import { configureImplementation } from "../fixtures/emulator-config";
import {
    anyInput,
    FIELD_PATHS,
    FREE_TEXT,
    huge,
    REQUIRED_FIELDS,
    STRING_FIELDS,
    validInputs,
    wrongTypeFor,
} from "../unit/inputs.arbitraries";
import { withValue } from "../unit/inputs.fixtures";
import { failurePath } from "../fixtures/failures";
import { uniquePrefix } from "./emulator-helpers";

type Props = Record<string, unknown>;

/** Fields whose values must match a pattern or a list: text with a non-ASCII letter never does. */
const PATTERNED = [
    "associatedPartnerId",
    "companyProfile.domain",
    "billingProfile.culture",
    "billingProfile.language",
    "billingProfile.defaultAddress.country",
    "onDelete",
];

/** Whether one dotted path is the other or contains it (`billingProfile` and `billingProfile.email`). */
const overlaps = (a: string, b: string) => a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);

/** The unknown sentinel at a property unrelated to `path` (leaf or whole object), or no sentinel at all. */
const unknownAwayFrom = (path: string): fc.Arbitrary<string | undefined> =>
    fc.option(fc.constantFrom(...[...FIELD_PATHS].filter((p) => !overlaps(p, path))), { nil: undefined });

/** Text holding a non-ASCII character even after case mapping (`"K"`, the Kelvin sign, lower-cases to `k`). */
const unicodeText = fc
    .string({ unit: "grapheme", minLength: 1, maxLength: 30 })
    .filter((s) => [s.trim().toLowerCase(), s.trim().toUpperCase()].every((t) => /[^\x20-\x7e]/.test(t)));

/** An invalid value for one property, by kind of problem. */
const badValue: fc.Arbitrary<{ what: string; path: string; value: unknown }> = fc.oneof(
    fc
        .constantFrom(...INPUT_FIELDS)
        .chain((f) => wrongTypeFor(f.kind).map((value) => ({ what: "wrong type", path: f.path, value }))),
    fc.tuple(fc.constantFrom(...STRING_FIELDS), huge).map(([path, value]) => ({ what: "huge", path, value })),
    fc
        .tuple(fc.constantFrom(...PATTERNED), unicodeText)
        .map(([path, value]) => ({ what: "unicode", path, value: ` ${value} ` })),
    fc
        .tuple(fc.constantFrom(...Object.entries(FREE_TEXT)), fc.constantFrom("é", "日", "👍🏽", "ß"), fc.nat(50))
        .map(([[path, max], ch, extra]) => ({ what: "unicode over bound", path, value: ch.repeat(max + 1 + extra) })),
    fc.tuple(fc.constantFrom(...REQUIRED_FIELDS), fc.constantFrom(null, undefined, "", "  \t")).map(([path, v]) => {
        const string = INPUT_FIELDS.find((f) => f.path === path)?.kind === "string";
        return { what: "missing", path, value: string ? v : v === undefined ? undefined : null };
    }),
    fc
        .tuple(fc.constantFrom(...STRING_FIELDS), fc.constantFrom("\u0000", "\n", "\u007f", "\u001b[31m"))
        .map(([path, ctl]) => ({ what: "control character", path, value: `Ab${ctl}cd` })),
    fc
        .tuple(
            fc.constantFrom("", "companyProfile.", "billingProfile.", "billingProfile.defaultAddress."),
            fc.string({ unit: "grapheme", minLength: 1, maxLength: 12 }),
            fc.jsonValue(),
        )
        // `__proto__` is not a key once assigned (it sets the prototype), so it would not make the input invalid.
        .filter(
            ([prefix, key]) =>
                !key.includes(".") && key !== "__provider" && key !== "__proto__" && !FIELD_PATHS.has(prefix + key),
        )
        .map(([prefix, key, value]) => ({ what: "unknown key", path: prefix + key, value })),
);

/** Generated invalid inputs, each described for the failure message. */
const invalidInputs: fc.Arbitrary<{ what: string; news: unknown }> = fc.oneof(
    { arbitrary: anyInput.map((news) => ({ what: "arbitrary JSON", news })), weight: 1 },
    {
        arbitrary: validInputs.chain((x) =>
            badValue.chain((bad) =>
                unknownAwayFrom(bad.path).map((unknownAt) => {
                    const broken = withValue(x, bad.path, bad.value);
                    const news = unknownAt === undefined ? broken : withValue(broken, unknownAt, UNKNOWN);
                    const where = unknownAt === undefined ? "" : `, unknown at ${unknownAt}`;
                    return { what: `${bad.what} at ${bad.path}${where}`, news };
                }),
            ),
        ),
        weight: 6,
    },
);

/** Dotted paths of every key present in a raw input (an unknown key is reported at its own path). */
function rawPaths(value: unknown, prefix = ""): string[] {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        return [];
    }
    return Object.entries(value).flatMap(([k, v]) => {
        const path = prefix === "" ? k : `${prefix}.${k}`;
        return [path, ...rawPaths(v, path)];
    });
}

/** What the engine may pass as `olds`: nothing (a new resource) or the inputs of an existing one. */
const olds: fc.Arbitrary<Props> = fc.oneof(
    fc.constant({}),
    validInputs.map((x) => checkInputs(x).inputs),
);

describe("provider check makes no HTTP call for invalid inputs (property, real provider, emulator)", function () {
    this.timeout(20_000);
    let emulator: Emulator;

    before(async () => {
        emulator = await startEmulator({ port: 0, quiet: true });
        // Pacing is not what is under test: let the valid run's preflight reads go out without waiting.
        configureImplementation(emulator, { requestsPerMinute: "60000" });
    });
    after(async () => {
        resetRuntime();
        await emulator.close();
    });

    /** Runs the real `check` on an invalid input and asserts what must hold; returns the number of new requests. */
    async function checkInvalid(previous: Props, what: string, news: unknown): Promise<number> {
        const before = emulator.requestLog.length;
        const result = await provider.check(previous, news as Props);
        const failures = result.failures ?? [];
        assert.ok(failures.length > 0, `${what}: an invalid input must fail (${JSON.stringify(news).slice(0, 200)})`);
        const present = new Set(rawPaths(news));
        for (const f of failures) {
            const path = failurePath(f);
            assert.ok(
                FIELD_PATHS.has(path) || present.has(path),
                `${what}: failure on ${JSON.stringify(path)} is not a property of the resource or the input`,
            );
            assert.ok(typeof f.reason === "string" && f.reason.length > 0 && f.reason.length < 400);
        }
        return emulator.requestLog.length - before;
    }

    it("never sends a request, token included, for 1000 invalid inputs (cold: no client yet)", async () => {
        const kinds = new Map<string, number>();
        await fc.assert(
            fc.asyncProperty(olds, invalidInputs, async (previous, { what, news }) => {
                const kind = what.replace(/ at .*/, "");
                kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
                await checkInvalid(previous, what, news);
                assert.deepEqual(
                    emulator.requestLog.map((r) => `${r.method} ${r.path} (${r.operation})`),
                    [],
                    `${what}: the emulator saw requests`,
                );
            }),
            { numRuns: 1000 },
        );
        // The generator did cover every kind of invalid input.
        for (const kind of [
            "arbitrary JSON",
            "wrong type",
            "huge",
            "unicode",
            "unicode over bound",
            "missing",
            "control character",
            "unknown key",
        ]) {
            assert.ok((kinds.get(kind) ?? 0) > 0, `no ${kind} input generated: ${JSON.stringify([...kinds])}`);
        }
    });

    it("does send the preflight for valid inputs (so the assertion above can fail)", async () => {
        assert.equal(emulator.requestLog.length, 0);
        let runs = 0;
        await fc.assert(
            fc.asyncProperty(validInputs, async (x) => {
                runs += 1;
                const domain = `${uniquePrefix("nohttp")}.onmicrosoft.com`;
                const before = emulator.requestLog.length;
                // adoptExisting: true adopts only, so its preflight is a lookup (and a failure for a new domain).
                const creating = withValue(x, "adoptExisting", false);
                const result = await provider.check({}, withValue(creating, "companyProfile.domain", domain) as Props);
                assert.deepEqual(result.failures ?? [], []);
                const seen = emulator.requestLog.slice(before);
                const domainChecks = seen.filter((r) => r.operation === "checkDomainAvailability");
                assert.equal(domainChecks.length, 1, `one domain preflight per check: ${JSON.stringify(seen)}`);
                assert.equal(domainChecks[0]?.path, `/v1/domains/${domain}`);
            }),
            { numRuns: 50 },
        );
        const operations = new Set(emulator.requestLog.map((r) => r.operation));
        assert.ok(operations.has("token"), "the first valid check fetched a token");
        assert.ok(operations.has("listIndirectResellers"));
        assert.equal(emulator.requestLog.filter((r) => r.operation === "checkDomainAvailability").length, runs);
    });

    it("still sends nothing for invalid inputs once the client exists (warm: token and resellers cached)", async () => {
        assert.ok(emulator.requestLog.length > 0, "runs after the valid inputs");
        await fc.assert(
            fc.asyncProperty(olds, invalidInputs, async (previous, { what, news }) => {
                assert.equal(await checkInvalid(previous, what, news), 0, `${what}: the emulator saw requests`);
            }),
            { numRuns: 300 },
        );
    });
});
