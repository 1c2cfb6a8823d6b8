/**
 * `CustomerAgreement` diff: the policy table with named cases (replace / update / state-only), the completion
 * update once the customer accepted, and normalisation (no spurious diffs).
 */
import * as assert from "assert";

import { AGREEMENT_POLICIES, COMPLETION, diffAgreement, needsCompletion } from "pulumi-partnercenter/agreement/diff";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const inputs = () => ({
    customerId: "14876998-c0dc-46e6-9d0c-65a57a6c32ec",
    companyName: "Contoso",
    country: "US",
    language: "en-US",
    signatory: { firstName: "Tania", lastName: "Carr", email: "tania@contoso.example", phoneNumber: "1234567890" },
});

const state = (status: string, extra: Record<string, unknown> = {}) => ({
    ...inputs(),
    attestationId: "att-1",
    acceptanceUrl: "http://127.0.0.1/_emulator/attestations/att-1",
    status,
    pendingAction: "Send ...",
    adopted: false,
    __provider: "exports.handler = ...",
    ...extra,
});

function withPath(path: string, value: unknown): Record<string, unknown> {
    const next = JSON.parse(JSON.stringify(inputs())) as Record<string, Record<string, unknown>>;
    const [head, tail] = path.split(".") as [string, string | undefined];
    if (tail) {
        next[head]![tail] = value;
    } else {
        (next as Record<string, unknown>)[head] = value;
    }
    return next;
}

describe("CustomerAgreement diff", () => {
    it("the table covers every input leaf once", () => {
        const paths = AGREEMENT_POLICIES.map((p) => p.path);
        assert.deepStrictEqual(new Set(paths).size, paths.length);
        assert.deepStrictEqual(paths, [
            "customerId",
            "companyName",
            "country",
            "language",
            "signatory.firstName",
            "signatory.lastName",
            "signatory.email",
            "signatory.phoneNumber",
            "acceptancePage",
        ]);
    });

    const cases: Array<{ name: string; path: string; value: unknown; replaces: string[]; changes: boolean }> = [
        {
            name: "another customer replaces",
            path: "customerId",
            value: "00000000-0000-4000-8000-000000000001",
            replaces: ["customerId"],
            changes: true,
        },
        {
            name: "company name replaces (new attestation)",
            path: "companyName",
            value: "Contoso Ltd",
            replaces: ["companyName"],
            changes: true,
        },
        {
            name: "country replaces (another MCA variant)",
            path: "country",
            value: "DE",
            replaces: ["country"],
            changes: true,
        },
        { name: "language replaces", path: "language", value: "de-DE", replaces: ["language"], changes: true },
        {
            name: "signatory email replaces (another person)",
            path: "signatory.email",
            value: "x@contoso.example",
            replaces: ["signatory"],
            changes: true,
        },
        {
            name: "signatory phone replaces",
            path: "signatory.phoneNumber",
            value: "999",
            replaces: ["signatory"],
            changes: true,
        },
        {
            name: "acceptancePage is state-only",
            path: "acceptancePage",
            value: "https://p.example/{attestationId}",
            replaces: [],
            changes: true,
        },
        {
            name: "email casing is no change",
            path: "signatory.email",
            value: "TANIA@Contoso.example",
            replaces: [],
            changes: false,
        },
        { name: "country casing is no change", path: "country", value: "us", replaces: [], changes: false },
        { name: "whitespace is no change", path: "companyName", value: " Contoso ", replaces: [], changes: false },
        {
            name: "an unknown customerId (preview) may replace",
            path: "customerId",
            value: UNKNOWN,
            replaces: ["customerId"],
            changes: true,
        },
    ];
    for (const c of cases) {
        it(c.name, () => {
            const d = diffAgreement(state("Agreed"), withPath(c.path, c.value));
            assert.deepStrictEqual(d.replaces, c.replaces);
            assert.strictEqual(d.changes, c.changes);
            assert.strictEqual(d.deleteBeforeReplace, false);
            assert.strictEqual(d.completes, false);
        });
    }

    it("no input change and agreed: no changes (output keys and __provider ignored)", () => {
        assert.deepStrictEqual(diffAgreement(state("Agreed"), inputs()), {
            changes: false,
            replaces: [],
            replacePaths: [],
            deleteBeforeReplace: false,
            detailedDiff: {},
            completes: false,
        });
    });

    it("pending and not accepted yet: no changes (nothing to do until the customer accepts)", () => {
        assert.strictEqual(diffAgreement(state("PendingAcceptance"), inputs(), false).changes, false);
    });

    it("pending and accepted now: the completion update (status), not a replace", () => {
        const d = diffAgreement(state("PendingAcceptance"), inputs(), true);
        assert.strictEqual(d.changes, true);
        assert.strictEqual(d.completes, true);
        assert.deepStrictEqual(d.replaces, []);
        assert.deepStrictEqual(d.detailedDiff[COMPLETION.path], { kind: "update", policy: "update", unknown: false });
    });

    it("accepted (seen by refresh): the completion update without asking the service", () => {
        assert.strictEqual(diffAgreement(state("Accepted"), inputs()).completes, true);
    });

    it("a replacing change wins over completion (the new signatory needs a new attestation)", () => {
        const d = diffAgreement(state("PendingAcceptance"), withPath("signatory.email", "new@contoso.example"), true);
        assert.strictEqual(d.completes, false);
        assert.deepStrictEqual(d.replaces, ["signatory"]);
    });

    it("agreed never completes again (exactly once)", () => {
        assert.strictEqual(needsCompletion("Agreed", true), false);
        assert.strictEqual(needsCompletion("PendingAcceptance", false), false);
        assert.strictEqual(needsCompletion("PendingAcceptance", true), true);
        assert.strictEqual(needsCompletion("Accepted", false), true);
    });
});
