/**
 * The contract suite: the request/response/error samples of every operation the client calls, as published in the
 * Partner Center documentation (each fixture in `fixtures/` names its source page and where it was copied from,
 * and says where samples disagree). Every sample is run three ways:
 *
 * 1. codecs: the request body decodes with the operation's request codec and the answer with its response codec
 *    (or, for an error, the fault codecs), after the one key-case normalisation (`api/wire.ts`);
 * 2. client: the client method, answered with the sample over a scripted fetch, sends the documented method and
 *    path and returns the decoded body (or fails with the sample's status and code);
 * 3. emulator: the same request against the emulator (real HTTP on loopback) gives the same status and the same
 *    keys (or values), except for the differences a fixture lists with its reason.
 *
 * A new operation in `api/operations.ts` without a fixture fails the coverage test below.
 */
import * as assert from "assert";

import * as t from "io-ts";
import fetch from "node-fetch";
import { ApiFault, ThrottleFault, normaliseKeys, operations } from "pulumi-partnercenter/api";
import type { AnyOperation } from "pulumi-partnercenter/api";
import { createPartnerCenterClient, isPartnerCenterError } from "pulumi-partnercenter/client";
import type { PartnerCenterClient } from "pulumi-partnercenter/client";

import { startEmulator, type Emulator } from "../../emulator";
import {
    Api,
    apiClient,
    appOnlyToken,
    createBody,
    fixture,
    grantGdapRoles,
    uniquePrefix,
    WINGTIP_RESELLER,
} from "../integration/emulator-helpers";
import { FakeClock, scriptedFetch } from "../unit/client-fakes";
import { loadFixtures } from "./load-fixtures";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- samples are free-form JSON
type Json = any;

interface Sample {
    name: string;
    source?: string;
    notes?: string[];
    request: { method: string; path: string; query?: Record<string, string>; body?: Json; bodyFile?: string };
    response: { status: number; headers?: Record<string, string>; body?: Json; bodyFile?: string };
    emulator: {
        compare: "keys" | "values" | "skip";
        reason?: string;
        /** Keys only the emulator has, each justified in the fixture's notes. */
        extra?: string[];
        /** Keys only the sample has. */
        missing?: string[];
        domain?: "taken" | "free";
        throttle?: number;
    };
}

interface Fixture {
    operation: string;
    source: string;
    copiedFrom: string;
    notes?: string[];
    /** A documented request-body table (when the page has no sample): the request codec must be exactly its rows. */
    table?: { field: string; type: string; required: boolean; description: string }[];
    samples: Sample[];
}

const fixtures: Fixture[] = loadFixtures<Fixture>();

const specOf = (name: string): AnyOperation => {
    const spec = operations.find((o) => o.name === name);
    assert.ok(spec, `fixture names an unknown operation ${name}`);
    return spec;
};
const bodyOf = (part: { body?: Json; bodyFile?: string }): Json =>
    part.bodyFile !== undefined ? fixture(part.bodyFile) : part.body;
const isSuccess = (spec: AnyOperation, status: number) => (spec.success as readonly number[]).includes(status);

/** Every key path of a JSON tree: `a`, `a.b`, `items[].id` (array elements merged). */
export function keyPaths(value: unknown, prefix = "", out = new Set<string>()): Set<string> {
    if (Array.isArray(value)) {
        value.forEach((item) => keyPaths(item, `${prefix}[]`, out));
    } else if (typeof value === "object" && value !== null) {
        for (const [key, inner] of Object.entries(value)) {
            const p = prefix === "" ? key : prefix.endsWith("[]") ? `${prefix}.${key}` : `${prefix}.${key}`;
            out.add(p);
            keyPaths(inner, p, out);
        }
    }
    return out;
}

function decodes(codec: t.Mixed, value: unknown): string | undefined {
    const result = codec.decode(normaliseKeys(value));
    return result._tag === "Right" ? undefined : `does not decode as ${codec.name}`;
}

describe("contract: the documentation's samples", function () {
    this.timeout(20_000);
    let emulator: Emulator;
    let api: Api;

    before(async () => {
        emulator = await startEmulator({ port: 0 });
        api = apiClient(emulator);
    });

    after(async () => {
        await emulator?.close();
    });

    beforeEach(() => {
        emulator.faults.clear();
        emulator.options.sandbox = true;
    });

    /**
     * Operations whose samples are not collected yet, each with the reason. The list must be exactly the uncovered
     * set: a new operation fails this test until it gets samples or an entry here, and an entry must go once
     * its samples exist.
     */
    const PENDING: Readonly<Record<string, string>> = {};

    it("covers every operation the client calls, and every fixture names its source page", () => {
        const covered = new Set(fixtures.map((f) => f.operation));
        const missing = operations.map((o) => o.name).filter((name) => !covered.has(name));
        assert.deepStrictEqual(
            missing.sort(),
            Object.keys(PENDING).sort(),
            `operations without contract samples: ${missing.join(", ")}`,
        );
        for (const f of fixtures) {
            assert.match(f.source, /^https:\/\//, `${f.operation}: source must be a page URL`);
            assert.ok(f.copiedFrom.length > 0, `${f.operation}: copiedFrom`);
            for (const s of f.samples) {
                if (s.source !== undefined) {
                    assert.match(s.source, /^https:\/\//);
                }
            }
        }
    });

    /**
     * A customer of the seeded reseller shaped like the samples (phone, no line 2), created as the provider creates
     * one: no billing-profile names (the GET samples show them all the same).
     */
    async function seededCustomer(): Promise<Json> {
        const res = await api("POST", "/v1/customers", { body: createBody() });
        assert.strictEqual(res.status, 201, res.text);
        return res.json;
    }

    const query = (q: Record<string, string> | undefined) =>
        q === undefined ? "" : `?${new URLSearchParams(q).toString()}`;

    /** The sample's request, adapted to the emulator's state (ids, etags, unique domains). */
    async function emulatorAnswer(f: Fixture, s: Sample): Promise<{ status: number; body: Json }> {
        const send = async (method: string, p: string, body?: unknown) => {
            const res = await api(method, p, body !== undefined ? { body } : {});
            return { status: res.status, body: res.json };
        };
        const { method } = s.request;
        switch (f.operation) {
            case "createCustomer": {
                const body = JSON.parse(JSON.stringify(bodyOf(s.request))) as Json;
                const company = body.CompanyProfile ?? body.companyProfile;
                company[body.CompanyProfile ? "Domain" : "domain"] = `${uniquePrefix("ct")}.onmicrosoft.com`;
                return send(method, "/v1/customers", body);
            }
            case "getCustomer": {
                const customer = await seededCustomer();
                if (s.emulator.throttle !== undefined) {
                    emulator.faults.add({
                        kind: "throttle",
                        retryAfterSeconds: s.emulator.throttle,
                        match: { operation: "getCustomer" },
                    });
                }
                return send(method, `/v1/customers/${customer.id}`);
            }
            case "listCustomers":
                await seededCustomer();
                return send(method, `/v1/customers${query(s.request.query)}`);
            case "getCompanyProfile":
                return send(method, `/v1/customers/${(await seededCustomer()).id}/profiles/company`);
            case "getBillingProfile":
                return send(method, `/v1/customers/${(await seededCustomer()).id}/profiles/billing`);
            case "updateBillingProfile": {
                const customer = await seededCustomer();
                const current = (await api("GET", `/v1/customers/${customer.id}/profiles/billing`)).json;
                const body = JSON.parse(JSON.stringify(bodyOf(s.request))) as Json;
                body.Id = current.id;
                body.Attributes.Etag = current.attributes.etag;
                return send(method, `/v1/customers/${customer.id}/profiles/billing`, body);
            }
            case "deleteCustomer":
            case "updateCustomerRelationship":
                return send(method, `/v1/customers/${(await seededCustomer()).id}`, bodyOf(s.request));
            case "checkDomainAvailability": {
                const domain =
                    s.emulator.domain === "taken"
                        ? (await seededCustomer()).companyProfile.domain
                        : `${uniquePrefix("free")}.onmicrosoft.com`;
                return send(method, `/v1/domains/${domain}`);
            }
            case "getResellerAgreementStatus": {
                const q = { ...(s.request.query ?? {}) };
                if (q["tenantId"] === "<reseller-tenant-id>") {
                    q["tenantId"] = WINGTIP_RESELLER;
                }
                return send(method, `${s.request.path}${query(q)}`);
            }
            case "createEnhancedAttestation": {
                // The documented body names no customer; the enhanced API only accepts App-only tokens.
                const res = await api("POST", s.request.path, {
                    body: bodyOf(s.request),
                    token: await appOnlyToken(emulator),
                });
                return { status: res.status, body: res.json };
            }
            case "listCustomerIndirectResellers":
                return send(method, `/v1/customers/${(await seededCustomer()).id}/relationships`);
            case "getDirectSignedCustomerAgreementStatus": {
                const customer = await seededCustomer();
                const signed = await fetch(`${emulator.url}/_emulator/customers/${customer.id}/mca-direct-signed`, {
                    method: "POST",
                });
                assert.strictEqual(signed.status, 200);
                return send(method, `/v1/customers/${customer.id}/directSignedMicrosoftCustomerAgreementStatus`);
            }
            case "createCustomerAgreement":
            case "listCustomerAgreements": {
                const customer = await seededCustomer();
                const agreements = `/v1/customers/${customer.id}/agreements`;
                const agreement = bodyOf(
                    fixtures.find((x) => x.operation === "createCustomerAgreement")!.samples[0]!.request,
                );
                if (f.operation === "listCustomerAgreements") {
                    await send("POST", agreements, agreement);
                    return send(method, `${agreements}${query(s.request.query)}`);
                }
                if (s.response.status === 409) {
                    // 600061: an agreement with this contact exists already.
                    assert.strictEqual((await send("POST", agreements, agreement)).status, 201);
                }
                return send(method, agreements, bodyOf(s.request));
            }
            case "createApplicationConsent":
            case "getApplicationConsent":
            case "listApplicationConsents":
            case "deleteApplicationConsent": {
                // The prerequisite (a consenting GDAP role), unless the sample is its absence; the seeded app's id.
                const customer = await seededCustomer();
                if (s.response.status !== 400) {
                    await grantGdapRoles(emulator, customer.id);
                }
                const consents = `/v1/customers/${customer.id}/applicationconsents`;
                const sample = bodyOf(
                    fixtures.find((x) => x.operation === "createApplicationConsent")!.samples[0]!.request,
                );
                const own = (b: Json) => ({ ...b, applicationId: emulator.seed.partner.clientId });
                if (f.operation === "createApplicationConsent") {
                    if (s.response.status === 409) {
                        assert.strictEqual((await send("POST", consents, own(sample))).status, 201);
                    }
                    return send(method, consents, own(bodyOf(s.request)));
                }
                assert.strictEqual((await send("POST", consents, own(sample))).status, 201);
                const path =
                    f.operation === "listApplicationConsents"
                        ? consents
                        : `${consents}/${emulator.seed.partner.clientId}`;
                return send(method, path);
            }
            default:
                return send(method, `${s.request.path}${query(s.request.query)}`, bodyOf(s.request));
        }
    }

    /** The client method for an operation, called with the sample's arguments. */
    function invoke(client: PartnerCenterClient, f: Fixture, s: Sample): Promise<unknown> {
        const body = normaliseKeys(bodyOf(s.request)) as Json;
        const id = "626099fe-17af-4756-9fd0-6a73b7127859";
        switch (f.operation) {
            case "createCustomer":
                return client.createCustomer(body);
            case "getCustomer":
                return client.getCustomer(id);
            case "listCustomers": {
                const filter = s.request.query?.["filter"];
                return client.listCustomers(
                    filter ? { indirectReseller: (JSON.parse(filter) as { Value: string }).Value } : {},
                );
            }
            case "getCompanyProfile":
                return client.getCompanyProfile(id);
            case "getBillingProfile":
                return client.getBillingProfile(id);
            case "updateBillingProfile":
                return client.updateBillingProfile(id, body, "etag");
            case "deleteCustomer":
                return client.deleteCustomer(id);
            case "updateCustomerRelationship":
                return client.removeResellerRelationship(id);
            case "checkDomainAvailability":
                return client.isDomainTaken("contoso.onmicrosoft.com");
            case "listIndirectResellers":
                return client.listIndirectResellers();
            case "getCountryValidationRules":
                return client.getCountryValidationRules("US");
            case "validateAddress":
                return client.validateAddress(body);
            case "getResellerAgreementStatus":
                return client.getResellerAgreementStatus(WINGTIP_RESELLER);
            case "createCustomerAgreement":
                return client.createCustomerAgreement(id, body);
            case "listCustomerAgreements":
                return client.listCustomerAgreements(id);
            case "listAgreementTemplates":
                return client.listAgreementTemplates();
            case "createEnhancedAttestation":
                return client.createEnhancedAttestation(body);
            case "listCustomerIndirectResellers":
                return client.listCustomerIndirectResellers(id);
            case "getDirectSignedCustomerAgreementStatus":
                return client.getDirectSignedCustomerAgreementStatus(id);
            case "getAgreementDocument":
                return client.getAgreementDocument("117a77b0-9360-443b-8795-c6dedc750cf9", s.request.query ?? {});
            case "createApplicationConsent":
                return client.createApplicationConsent(id, body);
            case "getApplicationConsent":
                return client.getApplicationConsent(id, "57667d41-992a-49b0-99d8-ddf68328373f");
            case "listApplicationConsents":
                return client.listApplicationConsents(id);
            case "deleteApplicationConsent":
                return client.deleteApplicationConsent(id, "57667d41-992a-49b0-99d8-ddf68328373f");
            default:
                throw new Error(`no client call for ${f.operation}`);
        }
    }

    for (const f of fixtures.filter((x) => x.table !== undefined)) {
        it(`${f.operation}: the request codec and every sample's body are the documented table, row for row`, () => {
            const rows = f.table ?? [];
            const spec = specOf(f.operation);
            const props = (spec.request as unknown as { props?: Record<string, t.Mixed> }).props ?? {};
            assert.deepStrictEqual(Object.keys(props).sort(), rows.map((r) => r.field).sort(), "codec fields");
            for (const row of rows) {
                assert.strictEqual(props[row.field]?.name, row.type, `${row.field}: type`);
                assert.ok(row.required, `${row.field}: an optional row needs an optional codec field`);
            }
            for (const s of f.samples) {
                assert.deepStrictEqual(Object.keys(bodyOf(s.request)).sort(), rows.map((r) => r.field).sort(), s.name);
            }
        });
    }

    for (const f of fixtures) {
        describe(`${f.operation} (${f.source})`, () => {
            for (const s of f.samples) {
                const spec = specOf(f.operation);
                const answer = bodyOf(s.response);
                const success = isSuccess(spec, s.response.status);

                it(`${s.name}: the codecs read the sample`, () => {
                    const request = bodyOf(s.request);
                    if (request !== undefined && spec.request !== undefined) {
                        assert.strictEqual(decodes(spec.request, request), undefined, "request");
                    }
                    if (success && spec.response !== undefined && spec.method !== "HEAD") {
                        assert.strictEqual(decodes(spec.response, answer), undefined, "response");
                    }
                    if (!success) {
                        const codec = s.response.status === 429 ? ThrottleFault : ApiFault;
                        assert.strictEqual(decodes(codec, answer), undefined, "fault");
                    }
                });

                it(`${s.name}: the client sends ${spec.method} ${spec.path} and reads the answer`, async () => {
                    const clock = new FakeClock();
                    const fake = scriptedFetch({
                        api: [
                            {
                                status: s.response.status,
                                ...(answer !== undefined ? { body: answer } : {}),
                                headers: { "Retry-After": "0", ...(s.response.headers ?? {}) },
                            },
                            // A 429 is retried: the second answer is the operation's success.
                            { status: spec.success[0] ?? 200 },
                        ],
                    });
                    const client = createPartnerCenterClient({
                        apiBase: "https://api.partnercenter.microsoft.com",
                        credentials: { kind: "accessToken", accessToken: "contract-test-token" },
                        fetch: fake.fetch,
                        now: clock.now,
                        sleep: clock.sleep,
                        pacing: { requestsPerMinute: 0 },
                        retry: { maxAttempts: 1 },
                    });
                    const outcome = await invoke(client, f, s).then(
                        (value) => ({ ok: true as const, value }),
                        (error: unknown) => ({ ok: false as const, error }),
                    );
                    const sent = fake.api()[0];
                    assert.ok(sent, "no request was sent");
                    assert.strictEqual(sent.method, spec.method);
                    const template = new RegExp(`^${spec.path.replace(/\{\w+\}/g, "[^/]+")}$`, "i");
                    assert.match(new URL(sent.url).pathname, template);
                    if (s.response.status === 429) {
                        // Waited out Retry-After (in seconds), then re-sent with the same MS-RequestId.
                        assert.ok(clock.sleeps.includes(57_000), `slept ${clock.sleeps.join(",")}`);
                        assert.strictEqual(fake.api()[1]?.headers["ms-requestid"], sent.headers["ms-requestid"]);
                        return;
                    }
                    if (success) {
                        assert.ok(outcome.ok, `the client failed: ${outcome.ok ? "" : String(outcome.error)}`);
                        // What the caller gets is the sample, in the codecs' camelCase.
                        const expected =
                            f.operation === "checkDomainAvailability"
                                ? s.response.status === 200
                                : [
                                        "listCustomers",
                                        "listIndirectResellers",
                                        "listCustomerAgreements",
                                        "listAgreementTemplates",
                                        "listCustomerIndirectResellers",
                                        "listApplicationConsents",
                                    ].includes(f.operation)
                                  ? (normaliseKeys(answer) as Json).items
                                  : normaliseKeys(answer);
                        assert.deepStrictEqual(outcome.value, expected);
                    } else {
                        assert.ok(!outcome.ok && isPartnerCenterError(outcome.error), "the client must fail");
                        assert.strictEqual(outcome.error.status, s.response.status);
                        assert.strictEqual(outcome.error.code, String(answer.code));
                    }
                });

                if (s.emulator.compare === "skip") {
                    it(`${s.name}: not run against the emulator (${s.emulator.reason ?? "see the fixture"})`, () => {
                        assert.ok(s.emulator.reason, "a skipped emulator comparison needs a reason");
                    });
                    continue;
                }
                it(`${s.name}: the emulator answers ${s.response.status} with the same ${s.emulator.compare}`, async () => {
                    const got = await emulatorAnswer(f, s);
                    assert.strictEqual(got.status, s.response.status, JSON.stringify(got.body));
                    if (s.emulator.compare === "values") {
                        assert.deepStrictEqual(normaliseKeys(got.body), normaliseKeys(answer));
                        return;
                    }
                    const documented = keyPaths(normaliseKeys(answer));
                    const emulated = keyPaths(normaliseKeys(got.body));
                    const extra = [...emulated].filter((k) => !documented.has(k)).sort();
                    const missing = [...documented].filter((k) => !emulated.has(k)).sort();
                    assert.deepStrictEqual(extra, [...(s.emulator.extra ?? [])].sort(), "keys only the emulator has");
                    assert.deepStrictEqual(missing, [...(s.emulator.missing ?? [])].sort(), "keys only the sample has");
                });
            }
        });
    }
});
