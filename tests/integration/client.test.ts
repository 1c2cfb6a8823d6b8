/**
 * The client over real HTTP against the in-process emulator (port 0): every operation, the seed document's
 * exact request and response JSON, MS-RequestId reuse under injected faults (asserted on the emulator's request
 * log), Retry-After waits, the 401 token refresh through the emulator's token endpoint, and secret-free errors.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { inspect } from "util";

import nodeFetch from "node-fetch";

import { Customer } from "pulumi-partnercenter/api";
import type { CustomerCreateRequest } from "pulumi-partnercenter/api";
import { createPartnerCenterClient, isPartnerCenterError } from "pulumi-partnercenter/client";
import type {
    ClientEvent,
    ClientOptions,
    FetchLike,
    PartnerCenterClient,
    PartnerCenterError,
} from "pulumi-partnercenter/client";

import { startEmulator } from "../../emulator";
import type { Emulator } from "../../emulator";

/** `tests/fixtures/<name>`, from the sources or from `dist/tests/integration`. */
function fixture(name: string): unknown {
    const candidates = [
        path.resolve(__dirname, "..", "fixtures", name),
        path.resolve(__dirname, "..", "..", "..", "tests", "fixtures", name),
    ];
    const file = candidates.find((c) => fs.existsSync(c));
    assert.ok(file, `fixture ${name} not found in ${candidates.join(", ")}`);
    return JSON.parse(fs.readFileSync(file, "utf8")) as unknown;
}

const RESELLER = "484e548c-f5f3-4528-93a9-c16c6373cb59";
let domainCounter = 0;

/** A unique `<prefix>.onmicrosoft.com` (prefix ≤ 27 characters). */
function uniqueDomain(): string {
    domainCounter += 1;
    return `pcit${Date.now().toString(36)}${domainCounter}${Math.floor(Math.random() * 1000)}.onmicrosoft.com`;
}

function createBody(domain = uniqueDomain()): CustomerCreateRequest {
    return {
        companyProfile: { domain },
        billingProfile: {
            email: "gena@wingtiptoys.com",
            culture: "en-US",
            language: "en",
            companyName: `Wingtip ${domain.split(".")[0]}`,
            defaultAddress: {
                country: "US",
                region: null,
                city: "Redmond",
                state: "WA",
                addressLine1: "One Microsoft Way",
                addressLine2: null,
                postalCode: "98052",
                firstName: "Gena",
                lastName: "Soto",
                phoneNumber: "4255550101",
            },
        },
        associatedPartnerId: RESELLER,
    };
}

async function failure(p: Promise<unknown>): Promise<PartnerCenterError> {
    return p.then(
        () => assert.fail("expected the call to fail"),
        (e: unknown) => {
            assert.ok(isPartnerCenterError(e), inspect(e));
            return e;
        },
    );
}

describe("client over HTTP against the emulator", function () {
    this.timeout(30_000);

    let emulator: Emulator;
    /** Every Authorization header value sent, so tests can prove no token leaks into errors. */
    const sentTokens = new Set<string>();
    const recordingFetch: FetchLike = ((url: Parameters<FetchLike>[0], init?: Parameters<FetchLike>[1]) => {
        const auth = (init?.headers as Record<string, string> | undefined)?.["Authorization"];
        if (auth) {
            sentTokens.add(auth.replace(/^Bearer /, ""));
        }
        return nodeFetch(url, init);
    }) as FetchLike;

    function client(overrides: Partial<ClientOptions> = {}): PartnerCenterClient {
        const { tenantId, clientId, clientSecret, refreshToken } = emulator.seed.partner;
        return createPartnerCenterClient({
            apiBase: emulator.url,
            credentials: { kind: "refreshToken", tenantId, clientId, clientSecret, refreshToken },
            fetch: recordingFetch,
            // Fast backoff: the faults below are one-shot.
            retry: { baseDelayMs: 20, maxDelayMs: 200, attemptTimeoutMs: 5_000 },
            ...overrides,
        });
    }

    const log = (operation?: string) =>
        emulator.requestLog.filter((e) => operation === undefined || e.operation === operation);
    const customersWithDomain = (domain: string) =>
        emulator.store.list().filter((c) => JSON.stringify(c).toLowerCase().includes(`"${domain.toLowerCase()}"`));

    before(async () => {
        emulator = await startEmulator({ port: 0 });
    });

    after(async () => {
        await emulator?.close();
    });

    beforeEach(() => {
        emulator.faults.clear();
        emulator.clearRequestLog();
    });

    describe("the seed document", () => {
        it("the exact PascalCase request JSON is accepted (201) and the response decodes as a Customer", async () => {
            const seedRequest = fixture("seed-create-request.json") as CustomerCreateRequest;
            const c = client();
            const customer = await c.createCustomer(seedRequest);
            assert.match(customer.id, /^[0-9a-f-]{36}$/);
            assert.strictEqual(customer.companyProfile?.domain?.toLowerCase(), "wingtiptoys678152504.onmicrosoft.com");
            assert.strictEqual(customer.associatedPartnerId, RESELLER);
            assert.strictEqual(customer.relationshipToPartner, "reseller");
            assert.ok(customer.userCredentials?.userName && customer.userCredentials.password);
            assert.ok(customer.billingProfile?.attributes?.etag);
            const [entry] = log("createCustomer");
            assert.strictEqual(entry?.status, 201);
        });

        it("the exact response JSON of the seed decodes with the Customer codec", () => {
            const decoded = Customer.decode(fixture("seed-create-response.json"));
            assert.strictEqual(decoded._tag, "Right");
            if (decoded._tag === "Right") {
                assert.strictEqual(decoded.right.id, "626099fe-17af-4756-9fd0-6a73b7127859");
                assert.strictEqual(decoded.right.billingProfile?.attributes?.etag, "-8799889149591823008");
                assert.strictEqual(decoded.right.userCredentials?.password, "0Krha*Io");
            }
        });
    });

    describe("every operation", () => {
        it("resellers, country rules, domain check, create, reads, billing update, list, remove relationship, delete", async () => {
            const c = client();
            const resellers = await c.listIndirectResellers();
            assert.ok(
                resellers.some(
                    (r) => r.id === RESELLER && r.relationshipType === "is_indirect_cloud_solution_provider_of",
                ),
            );

            const rules = await c.getCountryValidationRules("US");
            assert.strictEqual(rules.iso2Code.toUpperCase(), "US");

            const domain = uniqueDomain();
            assert.strictEqual(await c.isDomainTaken(domain), false);
            const created = await c.createCustomer(createBody(domain));
            assert.strictEqual(await c.isDomainTaken(domain), true);

            const fetched = await c.getCustomer(created.id);
            assert.strictEqual(fetched.id, created.id);
            assert.strictEqual(fetched.companyProfile?.domain, domain);

            const company = await c.getCompanyProfile(created.id);
            assert.strictEqual(company.domain, domain);

            const billing = await c.getBillingProfile(created.id);
            const etag = billing.attributes?.etag;
            assert.ok(etag, "billing profile has an etag");
            const body = createBody(domain).billingProfile;
            const updated = await c.updateBillingProfile(created.id, { ...body, email: "new@wingtiptoys.com" }, etag);
            assert.strictEqual(updated.email, "new@wingtiptoys.com");
            assert.notStrictEqual(updated.attributes?.etag, etag, "a new etag after the update");
            const updateEntry = log("updateBillingProfile")[0];
            assert.strictEqual(updateEntry?.status, 200);

            const stale = await failure(
                c.updateBillingProfile(created.id, { ...body, email: "stale@wingtiptoys.com" }, etag),
            );
            assert.strictEqual(stale.status, 412);
            assert.strictEqual(stale.ambiguous, false);
            assert.strictEqual(log("updateBillingProfile").length, 2, "412 is not retried");

            const byDomain = await c.listCustomers({ domain });
            assert.deepStrictEqual(
                byDomain.map((x) => x.id),
                [created.id],
            );
            const byReseller = await c.listCustomers({ indirectReseller: RESELLER });
            assert.ok(byReseller.some((x) => x.id === created.id));

            await c.deleteCustomer(created.id);
            const gone = await failure(c.getCustomer(created.id));
            assert.strictEqual(gone.status, 404);
            assert.strictEqual(log("getCustomer").filter((e) => e.status === 404).length, 1, "404 is not retried");
        });

        it("listCustomers follows MS-ContinuationToken pages to the end", async () => {
            const c = client();
            const prefix = `pcpage${Date.now().toString(36)}`;
            const domains = [1, 2, 3, 4, 5].map((i) => `${prefix}${i}.onmicrosoft.com`);
            for (const domain of domains) {
                await c.createCustomer(createBody(domain));
            }
            emulator.clearRequestLog();
            const found = await c.listCustomers({ domain: prefix, size: 2 });
            assert.deepStrictEqual(found.map((x) => x.companyProfile?.domain).sort(), [...domains].sort());
            const pages = log("listCustomers");
            assert.strictEqual(pages.length, 3);
            assert.strictEqual(new Set(pages.map((p) => p.requestId)).size, 3, "one MS-RequestId per page");
            assert.strictEqual(pages[1]?.query["seekOperation"], "Next");
        });

        it("sends the Partner Center headers (echoed ids match the request log)", async () => {
            const c = client({ correlationId: "0dd197a8-992c-44ca-aeae-21cd83494dce" });
            await c.listIndirectResellers({ requestId: "d628adbe-b7ee-412e-ac55-58f22b4ba2f4" });
            const [entry] = log("listIndirectResellers");
            assert.strictEqual(entry?.requestId, "d628adbe-b7ee-412e-ac55-58f22b4ba2f4");
            assert.strictEqual(entry?.correlationId, "0dd197a8-992c-44ca-aeae-21cd83494dce");
        });
    });

    describe("MS-RequestId under faults", () => {
        for (const [name, rule] of [
            ["500 before processing", { kind: "status", status: 500, phase: "before" }],
            ["connection reset before processing", { kind: "reset", phase: "before" }],
            ["500 after the customer was committed", { kind: "status", status: 500, phase: "after" }],
            ["connection reset after the customer was committed", { kind: "reset", phase: "after" }],
        ] as const) {
            it(`createCustomer, ${name}: ambiguous, not blindly retried; re-sent with the same MS-RequestId → exactly one customer`, async () => {
                const c = client();
                const domain = uniqueDomain();
                emulator.faults.add({ ...rule, count: 1, match: { operation: "createCustomer" } });

                const error = await failure(c.createCustomer(createBody(domain)));
                assert.strictEqual(error.ambiguous, true, error.message);
                assert.strictEqual(log("createCustomer").length, 1, "an ambiguous create is not retried by the client");
                assert.ok(error.requestId);

                // The caller's reconcile step: re-send the same logical call.
                const customer = await c.createCustomer(createBody(domain), { requestId: error.requestId });
                const entries = log("createCustomer");
                assert.strictEqual(entries.length, 2);
                assert.strictEqual(entries[0]?.requestId, error.requestId);
                assert.strictEqual(entries[1]?.requestId, error.requestId);
                assert.strictEqual(customersWithDomain(domain).length, 1, "exactly one customer");
                assert.strictEqual(customer.companyProfile?.domain, domain);
            });
        }

        it("a 503 before processing a read is retried automatically with the same MS-RequestId", async () => {
            const c = client();
            emulator.faults.add({
                kind: "status",
                status: 503,
                count: 2,
                phase: "before",
                match: { operation: "listIndirectResellers" },
            });
            await c.listIndirectResellers();
            const entries = log("listIndirectResellers");
            assert.deepStrictEqual(
                entries.map((e) => e.status),
                [503, 503, 200],
            );
            assert.strictEqual(new Set(entries.map((e) => e.requestId)).size, 1);
        });

        it("a reset on a read is retried automatically with the same MS-RequestId", async () => {
            const c = client();
            emulator.faults.add({ kind: "reset", phase: "before", match: { operation: "getCountryValidationRules" } });
            await c.getCountryValidationRules("US");
            const entries = log("getCountryValidationRules");
            assert.strictEqual(entries.length, 2);
            assert.strictEqual(entries[0]?.status, "reset");
            assert.strictEqual(entries[0]?.requestId, entries[1]?.requestId);
        });
    });

    describe("throttling", () => {
        it("429 waits at least Retry-After (real sleep), then succeeds with the same MS-RequestId", async () => {
            const sleeps: number[] = [];
            const events: ClientEvent[] = [];
            const c = client({
                sleep: (ms) => {
                    sleeps.push(ms);
                    return new Promise((resolve) => setTimeout(resolve, ms));
                },
                onEvent: (e) => events.push(e),
            });
            emulator.faults.add({
                kind: "throttle",
                count: 1,
                retryAfterSeconds: 1,
                match: { operation: "listIndirectResellers" },
            });
            const started = Date.now();
            await c.listIndirectResellers();
            assert.ok(Date.now() - started >= 1_000, "waited in real time");
            assert.ok(sleeps.length === 1 && sleeps[0]! >= 1_000, String(sleeps));
            const entries = log("listIndirectResellers");
            assert.deepStrictEqual(
                entries.map((e) => e.status),
                [429, 200],
            );
            assert.strictEqual(entries[0]?.requestId, entries[1]?.requestId);
            assert.ok(events.some((e) => e.kind === "throttled" && e.status === 429 && (e.waitMs ?? 0) >= 1_000));
        });

        it("a throttled createCustomer is retried (429 is a rejection) and creates exactly one customer", async () => {
            // A clock that moves only when the client sleeps, so the 3 s Retry-After costs no real time. The
            // clock and sleep must agree: the client's shared pause is measured on the same clock.
            let fakeNow = Date.now();
            const sleeps: number[] = [];
            const c = client({
                now: () => fakeNow,
                sleep: (ms) => {
                    sleeps.push(ms);
                    fakeNow += ms;
                    return Promise.resolve();
                },
            });
            const domain = uniqueDomain();
            emulator.faults.add({
                kind: "throttle",
                count: 2,
                retryAfterSeconds: 3,
                match: { operation: "createCustomer" },
            });
            await c.createCustomer(createBody(domain));
            assert.deepStrictEqual(
                log("createCustomer").map((e) => e.status),
                [429, 429, 201],
            );
            assert.ok(
                sleeps.every((ms) => ms >= 3_000),
                String(sleeps),
            );
            assert.strictEqual(customersWithDomain(domain).length, 1);
        });
    });

    describe("tokens", () => {
        it("fetches a token from the emulator's token endpoint once and reuses it", async () => {
            const c = client();
            await c.listIndirectResellers();
            await c.getCountryValidationRules("US");
            assert.strictEqual(log("token").length, 1);
        });

        it("a revoked token (401) triggers exactly one refresh through the token endpoint, then succeeds", async () => {
            const events: ClientEvent[] = [];
            const c = client({ onEvent: (e) => events.push(e) });
            await c.listIndirectResellers();
            emulator.revokeAccessTokens();
            await c.listIndirectResellers();
            assert.deepStrictEqual(
                log().map((e) => [e.operation, e.status]),
                [
                    ["token", 200],
                    ["listIndirectResellers", 200],
                    ["listIndirectResellers", 401],
                    ["token", 200],
                    ["listIndirectResellers", 200],
                ],
            );
            const resellerCalls = log("listIndirectResellers");
            assert.strictEqual(
                resellerCalls[1]?.requestId,
                resellerCalls[2]?.requestId,
                "the re-send is the same logical call",
            );
            assert.strictEqual(events.filter((e) => e.kind === "tokenRefreshed").length, 2);
        });

        it("an expired static token fails with 401 once, without retries and without the token in the error", async () => {
            const token = emulator.issueAccessToken({ expiresInSeconds: -1 });
            const c = client({ credentials: { kind: "accessToken", accessToken: token } });
            const e = await failure(c.getCountryValidationRules("US"));
            assert.strictEqual(e.status, 401);
            assert.strictEqual(log("getCountryValidationRules").length, 1);
            for (const text of [e.message, JSON.stringify(e), inspect(e)]) {
                assert.ok(!text.includes(token), text);
            }
        });

        it("a bad refresh token: one token request (invalid_grant), no API request, no secret in the error", async () => {
            const { tenantId, clientId, clientSecret } = emulator.seed.partner;
            const badRefresh = "not-the-refresh-token-0123456789";
            const c = client({
                credentials: { kind: "refreshToken", tenantId, clientId, clientSecret, refreshToken: badRefresh },
            });
            const e = await failure(c.listIndirectResellers());
            assert.strictEqual(e.status, 400);
            assert.strictEqual(e.code, "invalid_grant");
            assert.deepStrictEqual(
                log().map((x) => x.operation),
                ["token"],
            );
            for (const text of [e.message, JSON.stringify(e), inspect(e)]) {
                assert.ok(!text.includes(badRefresh) && !text.includes(clientSecret), text);
            }
        });
    });

    describe("errors", () => {
        it("carry status, code, ids and never a token", async () => {
            const c = client();
            const domain = uniqueDomain();
            await c.createCustomer(createBody(domain));
            const errors = [
                await failure(c.createCustomer(createBody(domain))), // domain taken
                await failure(c.getCustomer("00000000-0000-4000-8000-000000000000")), // not found
                await failure(
                    c.createCustomer({ ...createBody(), associatedPartnerId: "11111111-2222-4333-8444-555555555555" }),
                ),
            ];
            const [taken, missing, unrelated] = errors;
            assert.ok(taken && missing && unrelated);
            assert.ok(taken.status === 409 || taken.status === 400, taken.message);
            assert.strictEqual(taken.code, "27100");
            assert.strictEqual(missing.status, 404);
            assert.ok(unrelated.status >= 400 && unrelated.status < 500, unrelated.message);
            assert.ok(sentTokens.size > 0);
            for (const e of errors) {
                assert.ok(e.requestId && e.correlationId, e.message);
                assert.match(e.message, /^Partner Center \w+ (GET|POST) \/v1\/customers/);
                for (const text of [e.message, JSON.stringify(e), inspect(e)]) {
                    for (const token of sentTokens) {
                        assert.ok(!text.includes(token), `token leaked: ${text}`);
                    }
                    assert.ok(!text.includes(emulator.seed.partner.clientSecret));
                    assert.ok(!text.includes(emulator.seed.partner.refreshToken));
                }
            }
        });
    });
});
