/**
 * The client over a scripted fetch (after Octokit plugin-retry's queue of responses plus a request log):
 * headers, MS-RequestId reuse across retries, Retry-After waits, the 401 refresh, ambiguity, paging, and each
 * operation's wire format.
 */
import * as assert from "assert";
import { inspect } from "util";

import { createPartnerCenterClient, isPartnerCenterError } from "pulumi-partnercenter/client";
import type { ClientEvent, ClientOptions, FetchLike, PartnerCenterError } from "pulumi-partnercenter/client";

import { FakeClock, createBody, customerBody, scriptedFetch, tokenReply } from "./client-fakes";
import type { LoggedRequest, Scripted } from "./client-fakes";

const API = "https://pc.example";
const SECRET = "fake-client-secret-~Q8.s3cr3t";
const REFRESH = "0.AAAA-fake-refresh-token-XYZ";
const ACCESS = "fake-access-token-1.for-tests.sig";
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function setup(api: Scripted[], token: Scripted[] = [tokenReply(ACCESS)], options: Partial<ClientOptions> = {}) {
    const clock = new FakeClock();
    const fake = scriptedFetch({ api, token });
    const events: ClientEvent[] = [];
    const client = createPartnerCenterClient({
        apiBase: API,
        credentials: {
            kind: "refreshToken",
            tenantId: "partner-tenant",
            clientId: "app",
            clientSecret: SECRET,
            refreshToken: REFRESH,
        },
        fetch: fake.fetch,
        now: clock.now,
        sleep: clock.sleep,
        random: () => 0.5,
        onEvent: (e) => events.push(e),
        ...options,
    });
    return { clock, fake, events, client };
}

async function failure(p: Promise<unknown>): Promise<PartnerCenterError> {
    return p.then(
        () => assert.fail("expected the call to fail"),
        (e: unknown) => {
            assert.ok(isPartnerCenterError(e), String(e));
            return e;
        },
    );
}

const ids = (requests: LoggedRequest[]) => requests.map((r) => r.headers["ms-requestid"]);

describe("client: calls", () => {
    describe("headers", () => {
        it("sends the Partner Center headers on every call; Content-Type only with a body", async () => {
            const { fake, client } = setup([
                { status: 200, body: customerBody() },
                { status: 201, body: customerBody() },
            ]);
            await client.getCustomer("c1");
            await client.createCustomer(createBody);
            const [get, post] = fake.api();
            for (const r of [get, post]) {
                assert.ok(r);
                assert.strictEqual(r.headers.authorization, `Bearer ${ACCESS}`);
                assert.match(r.headers["ms-requestid"] ?? "", GUID);
                assert.strictEqual(r.headers["ms-correlationid"], client.correlationId);
                assert.strictEqual(r.headers["x-locale"], "en-US");
                assert.strictEqual(r.headers.accept, "application/json");
                assert.strictEqual(r.headers["ms-partnercenter-application"], "pulumi-partnercenter");
            }
            assert.strictEqual(get?.headers["content-type"], undefined);
            assert.strictEqual(post?.headers["content-type"], "application/json");
            assert.deepStrictEqual(JSON.parse(post?.body ?? ""), createBody);
            assert.strictEqual(get?.url, `${API}/v1/customers/c1`);
            assert.strictEqual(post?.url, `${API}/v1/customers`);
        });

        it("honours locale, application, correlation id and per-call ids", async () => {
            const { fake, client } = setup(
                [
                    { status: 200, body: customerBody() },
                    { status: 200, body: customerBody() },
                ],
                undefined,
                {
                    locale: "fr-FR",
                    application: "my-app",
                    correlationId: "client-corr",
                },
            );
            await client.getCustomer("c1");
            await client.getCustomer("c1", { requestId: "call-req", correlationId: "call-corr" });
            const [a, b] = fake.api();
            assert.strictEqual(a?.headers["x-locale"], "fr-FR");
            assert.strictEqual(a?.headers["ms-partnercenter-application"], "my-app");
            assert.strictEqual(a?.headers["ms-correlationid"], "client-corr");
            assert.strictEqual(b?.headers["ms-requestid"], "call-req");
            assert.strictEqual(b?.headers["ms-correlationid"], "call-corr");
        });

        it("URL-encodes path parameters", async () => {
            const { fake, client } = setup([{ status: 404 }]);
            await client.isDomainTaken("a b/c.onmicrosoft.com");
            assert.strictEqual(fake.api()[0]?.url, `${API}/v1/domains/a%20b%2Fc.onmicrosoft.com`);
        });
    });

    describe("MS-RequestId", () => {
        it("is identical on every retry of one call and new for the next call; correlation id constant", async () => {
            const { fake, client } = setup([
                { status: 503, body: "" },
                { status: 500, body: { code: "500", description: "oops" } },
                { status: 200, body: customerBody() },
                { status: 200, body: customerBody() },
            ]);
            await client.getCustomer("c1");
            await client.getCustomer("c1");
            const [a, b, c, d] = ids(fake.api());
            assert.ok(a && a === b && b === c, "same id across retries");
            assert.ok(d && d !== a, "new id for the next logical call");
            assert.deepStrictEqual(new Set(fake.api().map((r) => r.headers["ms-correlationid"])).size, 1);
        });

        it("is reused when the caller re-issues a call with the same requestId", async () => {
            const { fake, client } = setup([{ status: 500 }, { status: 201, body: customerBody() }]);
            const e = await failure(client.createCustomer(createBody));
            assert.ok(e.ambiguous);
            await client.createCustomer(createBody, { requestId: e.requestId });
            const [first, second] = ids(fake.api());
            assert.strictEqual(first, second);
        });
    });

    describe("throttling", () => {
        it("429 waits at least Retry-After (seconds) and reports a throttled event", async () => {
            const { fake, client, clock, events } = setup([
                {
                    status: 429,
                    headers: { "Retry-After": "7" },
                    body: { statusCode: 429, message: "Rate limit is exceeded. Try again in 7 seconds." },
                },
                { status: 200, body: customerBody() },
            ]);
            await client.getCustomer("c1");
            assert.strictEqual(fake.api().length, 2);
            assert.ok(clock.sleeps.length >= 1 && clock.sleeps[0]! >= 7_000, String(clock.sleeps));
            const throttled = events.filter((e) => e.kind === "throttled" && e.status === 429);
            assert.strictEqual(throttled.length, 1);
            assert.ok((throttled[0]?.waitMs ?? 0) >= 7_000);
        });

        it("429 with an HTTP-date Retry-After waits until that date", async () => {
            const clock = new FakeClock();
            const fake = scriptedFetch({
                api: [
                    { status: 429, headers: { "Retry-After": new Date(clock.now() + 12_000).toUTCString() } },
                    { status: 200, body: customerBody() },
                ],
            });
            const client = createPartnerCenterClient({
                apiBase: API,
                credentials: { kind: "accessToken", accessToken: ACCESS },
                fetch: fake.fetch,
                now: clock.now,
                sleep: clock.sleep,
                random: () => 0.5,
            });
            await client.getCustomer("c1");
            assert.ok(clock.sleeps[0]! >= 12_000, String(clock.sleeps));
        });

        it("a 429 pauses the client's other callers until Retry-After has passed", async () => {
            const { client, clock, fake } = setup([
                { status: 429, headers: { "Retry-After": "10" } },
                (r) => ({ status: 200, body: customerBody(r.url.endsWith("c1") ? "c1" : "c2") }),
                (r) => ({ status: 200, body: customerBody(r.url.endsWith("c1") ? "c1" : "c2") }),
            ]);
            const start = clock.now();
            const firstDone = client.getCustomer("c1");
            // Let c1's 429 land, then start c2: it must wait for the pause too.
            await new Promise((r) => setImmediate(r));
            await new Promise((r) => setImmediate(r));
            await new Promise((r) => setImmediate(r));
            const second = client.getCustomer("c2").then(() => clock.now() - start);
            await firstDone;
            assert.ok((await second) >= 10_000, "the second caller waited for the pause");
            assert.strictEqual(fake.api().length, 3);
        });

        it("a Retry-After above maxRetryAfterMs fails at once, without sleeping", async () => {
            const { client, clock } = setup([{ status: 429, headers: { "Retry-After": "3600" } }]);
            const e = await failure(client.getCustomer("c1"));
            assert.strictEqual(e.status, 429);
            assert.strictEqual(e.retryAfterMs, 3_600_000);
            assert.match(e.message, /Retry-After 3600s exceeds the 120s limit/);
            assert.deepStrictEqual(clock.sleeps, []);
        });
    });

    describe("ambiguity", () => {
        it("createCustomer: a 500 is not retried and is marked ambiguous", async () => {
            const { client, fake } = setup([
                { status: 500, body: { code: 500, description: "Internal error" } },
                { status: 201, body: customerBody() },
            ]);
            const e = await failure(client.createCustomer(createBody));
            assert.strictEqual(fake.api().length, 1);
            assert.strictEqual(e.status, 500);
            assert.strictEqual(e.ambiguous, true);
            assert.strictEqual(e.retryable, true);
            assert.match(e.message, /not safe to replay/);
        });

        it("createCustomer: a reset after sending is not retried", async () => {
            const { client, fake } = setup([{ error: { code: "ECONNRESET", message: "socket hang up" } }]);
            const e = await failure(client.createCustomer(createBody));
            assert.strictEqual(fake.api().length, 1);
            assert.strictEqual(e.status, 0);
            assert.strictEqual(e.kind, "network");
            assert.ok(e.ambiguous);
        });

        it("createCustomer: a refused connection (never sent) is retried with the same MS-RequestId", async () => {
            const { client, fake } = setup([
                { error: { code: "ECONNREFUSED", message: "connect ECONNREFUSED" } },
                { status: 201, body: customerBody() },
            ]);
            const customer = await client.createCustomer(createBody);
            assert.strictEqual(customer.id, customerBody().id);
            const [a, b] = ids(fake.api());
            assert.ok(a && a === b);
        });

        it("createCustomer: a 503 with Retry-After is a rejection and is retried", async () => {
            const { client, fake, clock } = setup([
                { status: 503, headers: { "Retry-After": "2" } },
                { status: 201, body: customerBody() },
            ]);
            await client.createCustomer(createBody);
            assert.strictEqual(fake.api().length, 2);
            assert.ok(clock.sleeps[0]! >= 2_000);
        });

        it("createCustomer: 409 27100 is final and not ambiguous", async () => {
            const { client, fake } = setup([
                {
                    status: 409,
                    body: { code: "27100", description: "Domain not available", data: [], source: "PartnerFD" },
                },
            ]);
            const e = await failure(client.createCustomer(createBody));
            assert.strictEqual(fake.api().length, 1);
            assert.strictEqual(e.code, "27100");
            assert.strictEqual(e.ambiguous, false);
            assert.match(
                e.message,
                /^Partner Center createCustomer POST \/v1\/customers failed: 409 27100 Domain not available \(MS-RequestId /,
            );
        });

        it("a reset on an idempotent read is retried", async () => {
            const { client, fake } = setup([
                { error: { code: "ECONNRESET", message: "socket hang up" } },
                { status: 200, body: customerBody() },
            ]);
            await client.getCustomer("c1");
            assert.strictEqual(fake.api().length, 2);
        });

        it("an earlier ambiguous attempt keeps the final error ambiguous", async () => {
            const { client } = setup([
                { status: 500 },
                { status: 404, body: { code: "1000", description: "Not found" } },
            ]);
            const e = await failure(client.deleteCustomer("c1"));
            assert.strictEqual(e.status, 404);
            assert.strictEqual(e.ambiguous, true);
            assert.strictEqual(e.attempts, 2);
        });

        it("gives up after maxAttempts with the attempt count in the error", async () => {
            const { client, fake } = setup(Array.from({ length: 6 }, () => ({ status: 502 })));
            const e = await failure(client.getCustomer("c1"));
            assert.strictEqual(fake.api().length, 6);
            assert.strictEqual(e.attempts, 6);
            assert.match(e.message, /failed after 6 attempts: 502 Bad Gateway .*gave up/);
        });

        it("stops when the next wait would pass the deadline", async () => {
            const { client, fake } = setup(
                [
                    { status: 429, headers: { "Retry-After": "50" } },
                    { status: 429, headers: { "Retry-After": "50" } },
                ],
                undefined,
                { retry: { deadlineMs: 60_000 } },
            );
            const e = await failure(client.getCustomer("c1"));
            assert.strictEqual(fake.api().length, 2);
            assert.match(e.message, /deadline/);
        });

        it("times out a silent attempt and retries it (idempotent)", async () => {
            let calls = 0;
            const hanging: FetchLike = (async (_url: unknown, init?: { signal?: AbortSignal }) => {
                calls++;
                if (calls === 1) {
                    return new Promise((_resolve, reject) => {
                        init?.signal?.addEventListener("abort", () =>
                            reject(
                                Object.assign(new Error("The user aborted a request."), {
                                    name: "AbortError",
                                    type: "aborted",
                                }),
                            ),
                        );
                    });
                }
                const { Response } = await import("node-fetch");
                return new Response(JSON.stringify(customerBody()), { status: 200 });
            }) as unknown as FetchLike;
            const clock = new FakeClock();
            const client = createPartnerCenterClient({
                apiBase: API,
                credentials: { kind: "accessToken", accessToken: ACCESS },
                fetch: hanging,
                now: clock.now,
                sleep: clock.sleep,
                retry: { attemptTimeoutMs: 20 },
            });
            await client.getCustomer("c1");
            assert.strictEqual(calls, 2);
        });

        it("a timeout of createCustomer is ambiguous and not retried", async () => {
            let calls = 0;
            const hanging: FetchLike = ((_url: unknown, init?: { signal?: AbortSignal }) => {
                calls++;
                return new Promise((_resolve, reject) => {
                    init?.signal?.addEventListener("abort", () =>
                        reject(Object.assign(new Error("The user aborted a request."), { name: "AbortError" })),
                    );
                });
            }) as unknown as FetchLike;
            const client = createPartnerCenterClient({
                apiBase: API,
                credentials: { kind: "accessToken", accessToken: ACCESS },
                fetch: hanging,
                retry: { attemptTimeoutMs: 20 },
            });
            const e = await failure(client.createCustomer(createBody));
            assert.strictEqual(calls, 1);
            assert.strictEqual(e.kind, "timeout");
            assert.ok(e.ambiguous);
        });

        it("the caller's AbortSignal stops the call", async () => {
            const controller = new AbortController();
            controller.abort();
            const { client, fake } = setup([{ status: 200, body: customerBody() }]);
            const e = await failure(client.getCustomer("c1", { signal: controller.signal }));
            assert.strictEqual(e.kind, "aborted");
            assert.strictEqual(fake.api().length, 0);
        });
    });

    describe("401 and tokens", () => {
        it("401 refreshes the token exactly once and re-sends once with the same MS-RequestId", async () => {
            const { client, fake, events } = setup(
                [
                    { status: 401, body: { code: "800001", description: "Partner Token missing" } },
                    { status: 200, body: customerBody() },
                ],
                [tokenReply(ACCESS), tokenReply("second-token-value")],
            );
            await client.getCustomer("c1");
            assert.strictEqual(fake.token().length, 2);
            const [a, b] = fake.api();
            assert.strictEqual(a?.headers.authorization, `Bearer ${ACCESS}`);
            assert.strictEqual(b?.headers.authorization, "Bearer second-token-value");
            assert.strictEqual(a?.headers["ms-requestid"], b?.headers["ms-requestid"]);
            assert.strictEqual(events.filter((e) => e.kind === "tokenRefreshed").length, 2);
        });

        it("a second 401 fails (no refresh loop)", async () => {
            const { client, fake } = setup(
                [{ status: 401 }, { status: 401 }, { status: 200, body: customerBody() }],
                [tokenReply(ACCESS), tokenReply("t2-token"), tokenReply("t3-token")],
            );
            const e = await failure(client.getCustomer("c1"));
            assert.strictEqual(e.status, 401);
            assert.strictEqual(fake.api().length, 2);
            assert.strictEqual(fake.token().length, 2);
            assert.match(e.message, /rejected again after a token refresh/);
        });

        it("concurrent 401s with the same token share one refresh", async () => {
            const { client, fake } = setup(
                [
                    { status: 401 },
                    { status: 401 },
                    { status: 200, body: customerBody() },
                    { status: 200, body: customerBody() },
                ],
                [tokenReply(ACCESS), tokenReply("t2-token")],
            );
            await Promise.all([client.getCustomer("a"), client.getCustomer("b")]);
            assert.strictEqual(fake.token().length, 2);
        });

        it("a static token's 401 fails at once", async () => {
            const fake = scriptedFetch({ api: [{ status: 401 }, { status: 200, body: customerBody() }] });
            const client = createPartnerCenterClient({
                apiBase: API,
                credentials: { kind: "accessToken", accessToken: ACCESS },
                fetch: fake.fetch,
            });
            const e = await failure(client.getCustomer("c1"));
            assert.strictEqual(e.status, 401);
            assert.strictEqual(fake.api().length, 1);
        });

        it("invalid_grant: one token request, no API request, one error, no retries, no secrets", async () => {
            const { client, fake, clock, events } = setup(
                [{ status: 200, body: customerBody() }],
                [
                    {
                        status: 400,
                        body: {
                            error: "invalid_grant",
                            error_description: "AADSTS700082: The refresh token has expired due to inactivity.",
                        },
                    },
                    tokenReply(ACCESS),
                ],
            );
            const e = await failure(client.getCustomer("c1"));
            assert.strictEqual(e.code, "invalid_grant");
            assert.strictEqual(e.status, 400);
            assert.strictEqual(fake.token().length, 1);
            assert.strictEqual(fake.api().length, 0);
            assert.deepStrictEqual(clock.sleeps, []);
            assert.match(e.message, /needed by getCustomer GET \/v1\/customers\/c1/);
            for (const text of [e.message, JSON.stringify(e), inspect(e), JSON.stringify(events)]) {
                assert.ok(!text.includes(SECRET) && !text.includes(REFRESH), text);
            }
        });

        it("the token authority defaults to the API URL for non-cloud URLs (the emulator) and to Entra for Public", async () => {
            const a = setup([{ status: 200, body: customerBody() }]);
            await a.client.getCustomer("c1");
            assert.strictEqual(a.fake.token()[0]?.url, `${API}/partner-tenant/oauth2/token`);
            const b = setup([{ status: 200, body: customerBody() }], undefined, {
                apiBase: "https://api.partnercenter.microsoft.com",
            });
            await b.client.getCustomer("c1");
            assert.strictEqual(b.fake.token()[0]?.url, "https://login.microsoftonline.com/partner-tenant/oauth2/token");
        });
    });

    describe("no secrets leak", () => {
        it("errors and events never contain the access token, secret or refresh token", async () => {
            const echo = `Bearer ${ACCESS} client_secret=${SECRET} refresh_token=${REFRESH}`;
            const { client, events } = setup([
                { status: 500, body: { code: "500", description: `upstream echoed ${echo}` } },
                { status: 400, body: `<pre>${echo}</pre>` },
            ]);
            const e = await failure(client.getCustomer("c1"));
            for (const text of [
                e.message,
                JSON.stringify(e),
                inspect(e),
                inspect(e, { showHidden: true }),
                JSON.stringify(events),
            ]) {
                for (const s of [ACCESS, SECRET, REFRESH]) {
                    assert.ok(!text.includes(s), `${s} leaked in ${text}`);
                }
            }
        });

        it("the new customer's password is scrubbed from later errors", async () => {
            const created = customerBody("c9", { userCredentials: { userName: "admin", password: "0Krha*Io-pw" } });
            const { client } = setup([
                { status: 201, body: created },
                { status: 400, body: { code: "1", description: "password 0Krha*Io-pw rejected" } },
            ]);
            const customer = await client.createCustomer(createBody);
            assert.strictEqual(customer.userCredentials?.password, "0Krha*Io-pw");
            const e = await failure(client.getCustomer("c9"));
            assert.ok(!e.message.includes("0Krha*Io-pw"), e.message);
        });
    });

    describe("operations", () => {
        it("decodes success bodies and fails with a decode error on a mismatch", async () => {
            const { client } = setup([{ status: 200, body: { companyProfile: {} } }]);
            const e = await failure(client.getCustomer("c1"));
            assert.strictEqual(e.kind, "decode");
            assert.ok(
                e.decodeErrors.some((m) => /Customer\/0: .*\/id: string/.test(m)),
                e.decodeErrors.join("\n"),
            );
        });

        it("a non-JSON success body is a decode error", async () => {
            const { client } = setup([{ status: 200, body: "<html>ok</html>" }]);
            const e = await failure(client.getCustomer("c1"));
            assert.strictEqual(e.kind, "decode");
            assert.match(e.message, /not JSON/);
        });

        it("isDomainTaken: HEAD 200 → true, 404 → false, 500 → error", async () => {
            const { client, fake } = setup([
                { status: 200 },
                { status: 404 },
                ...Array.from({ length: 6 }, () => ({ status: 500 })),
            ]);
            assert.strictEqual(await client.isDomainTaken("taken.onmicrosoft.com"), true);
            assert.strictEqual(await client.isDomainTaken("free.onmicrosoft.com"), false);
            await failure(client.isDomainTaken("x.onmicrosoft.com"));
            assert.strictEqual(fake.api()[0]?.method, "HEAD");
        });

        it("getCompanyProfile and getBillingProfile", async () => {
            const { client, fake } = setup([
                { status: 200, body: { tenantId: "c1", domain: "d.onmicrosoft.com", companyName: "D" } },
                {
                    status: 200,
                    body: {
                        id: "b1",
                        email: "a@b.c",
                        attributes: { etag: "123", objectType: "CustomerBillingProfile" },
                    },
                },
            ]);
            assert.strictEqual((await client.getCompanyProfile("c1")).domain, "d.onmicrosoft.com");
            assert.strictEqual((await client.getBillingProfile("c1")).attributes?.etag, "123");
            assert.deepStrictEqual(
                fake.api().map((r) => r.url),
                [`${API}/v1/customers/c1/profiles/company`, `${API}/v1/customers/c1/profiles/billing`],
            );
        });

        it("updateBillingProfile sends the etag in attributes.etag and as a quoted If-Match", async () => {
            const { client, fake } = setup([
                { status: 200, body: { id: "b1" } },
                { status: 200, body: { id: "b1" } },
            ]);
            const profile = { ...createBody.billingProfile, attributes: { objectType: "CustomerBillingProfile" } };
            await client.updateBillingProfile("c1", profile, "-8799889149591823008");
            await client.updateBillingProfile("c1", profile, '"already-quoted"');
            const [a, b] = fake.api();
            assert.strictEqual(a?.method, "PUT");
            assert.strictEqual(a?.url, `${API}/v1/customers/c1/profiles/billing`);
            assert.strictEqual(a?.headers["if-match"], '"-8799889149591823008"');
            assert.deepStrictEqual(JSON.parse(a?.body ?? "").attributes, {
                objectType: "CustomerBillingProfile",
                etag: "-8799889149591823008",
            });
            assert.strictEqual(b?.headers["if-match"], '"already-quoted"');
            assert.strictEqual(JSON.parse(b?.body ?? "").attributes.etag, "already-quoted");
        });

        it("updateBillingProfile: 412 is final", async () => {
            const { client, fake } = setup([{ status: 412, body: { code: "412", description: "etag mismatch" } }]);
            const e = await failure(client.updateBillingProfile("c1", createBody.billingProfile, "old"));
            assert.strictEqual(e.status, 412);
            assert.strictEqual(fake.api().length, 1);
        });

        it("removeResellerRelationship PATCHes relationshipToPartner none", async () => {
            const { client, fake } = setup([
                { status: 200, body: customerBody("c1", { relationshipToPartner: "none" }) },
            ]);
            const c = await client.removeResellerRelationship("c1");
            assert.strictEqual(c.relationshipToPartner, "none");
            const [r] = fake.api();
            assert.strictEqual(r?.method, "PATCH");
            assert.strictEqual(r?.url, `${API}/v1/customers/c1`);
            assert.deepStrictEqual(JSON.parse(r?.body ?? ""), {
                relationshipToPartner: "none",
                attributes: { objectType: "Customer" },
            });
        });

        it("deleteCustomer accepts 204 with an empty body", async () => {
            const { client, fake } = setup([{ status: 204 }]);
            await client.deleteCustomer("c1");
            assert.strictEqual(fake.api()[0]?.method, "DELETE");
        });

        it("getCountryValidationRules", async () => {
            const { client, fake } = setup([{ status: 200, body: { iso2Code: "US", isStateRequired: true } }]);
            assert.strictEqual((await client.getCountryValidationRules("US")).isStateRequired, true);
            assert.strictEqual(fake.api()[0]?.url, `${API}/v1/countryvalidationrules/US`);
        });
    });

    describe("paging", () => {
        const page = (customerIds: string[], extra: Record<string, unknown> = {}) => ({
            status: 200,
            body: {
                totalCount: customerIds.length,
                items: customerIds.map((id) => customerBody(id)),
                attributes: { objectType: "Collection" },
                ...extra,
            },
        });

        it("listCustomers follows links.next with its MS-ContinuationToken header, adding /v1 when missing", async () => {
            const { client, fake } = setup([
                page(["a", "b"], {
                    links: {
                        next: {
                            uri: "/customers?size=2&seekOperation=Next",
                            method: "GET",
                            headers: [{ key: "MS-ContinuationToken", value: "tok-1" }],
                        },
                    },
                }),
                page(["c", "d"], {
                    links: {
                        next: {
                            uri: "/v1/customers?size=2&seekOperation=Next",
                            method: "GET",
                            headers: [
                                { key: "MS-ContinuationToken", value: "tok-2" },
                                { key: "Authorization", value: "evil" },
                            ],
                        },
                    },
                }),
                page(["e"]),
            ]);
            const customers = await client.listCustomers({ size: 2 });
            assert.deepStrictEqual(
                customers.map((c) => c.id),
                ["a", "b", "c", "d", "e"],
            );
            const [p1, p2, p3] = fake.api();
            assert.strictEqual(p1?.url, `${API}/v1/customers?size=2`);
            assert.strictEqual(p1?.headers["ms-continuationtoken"], undefined);
            assert.strictEqual(p2?.url, `${API}/v1/customers?size=2&seekOperation=Next`);
            assert.strictEqual(p2?.headers["ms-continuationtoken"], "tok-1");
            assert.strictEqual(p3?.headers["ms-continuationtoken"], "tok-2");
            assert.strictEqual(p3?.headers.authorization, `Bearer ${ACCESS}`);
            assert.strictEqual(new Set(ids(fake.api())).size, 3, "one MS-RequestId per page");
        });

        it("follows a continuationToken in the body", async () => {
            const { client, fake } = setup([page(["a"], { continuationToken: "ct-1" }), page(["b"])]);
            const customers = await client.listCustomers({ domain: "contoso" });
            assert.deepStrictEqual(
                customers.map((c) => c.id),
                ["a", "b"],
            );
            const second = new URL(fake.api()[1]?.url ?? "");
            assert.strictEqual(second.searchParams.get("seekOperation"), "Next");
            assert.strictEqual(
                second.searchParams.get("filter"),
                JSON.stringify({ Field: "Domain", Value: "contoso", Operator: "starts_with" }),
            );
            assert.strictEqual(fake.api()[1]?.headers["ms-continuationtoken"], "ct-1");
        });

        it("sends one server-side filter (reseller first) and applies the rest locally", async () => {
            const items = [
                customerBody("a", { companyProfile: { domain: "contoso1.onmicrosoft.com", companyName: "Contoso" } }),
                customerBody("b", { companyProfile: { domain: "fabrikam.onmicrosoft.com", companyName: "Fabrikam" } }),
            ];
            const { client, fake } = setup([{ status: 200, body: { items } }]);
            const found = await client.listCustomers({ indirectReseller: "r1", domain: "CONTOSO" });
            assert.deepStrictEqual(
                found.map((c) => c.id),
                ["a"],
            );
            const url = new URL(fake.api()[0]?.url ?? "");
            assert.strictEqual(
                url.searchParams.get("filter"),
                JSON.stringify({ Field: "IndirectReseller", Value: "r1", Operator: "starts_with" }),
            );
        });

        it("stops on a paging loop", async () => {
            const loop = {
                links: {
                    next: { uri: "/v1/customers?x=1", headers: [{ key: "MS-ContinuationToken", value: "same" }] },
                },
            };
            const { client } = setup([page(["a"], loop), page(["b"], loop), page(["c"], loop)]);
            const e = await failure(client.listCustomers());
            assert.strictEqual(e.kind, "protocol");
            assert.match(e.message, /paging loop/);
        });

        it("stops at maxPages", async () => {
            const next = (n: number) => ({ links: { next: { uri: `/v1/customers?p=${n}` } } });
            const { client } = setup([page(["a"], next(2)), page(["b"], next(3)), page(["c"], next(4))], undefined, {
                maxPages: 2,
            });
            const e = await failure(client.listCustomers());
            assert.match(e.message, /more than 2 pages/);
        });

        it("refuses a next link to another origin (it would receive the bearer token)", async () => {
            const { client, fake } = setup([
                page(["a"], { links: { next: { uri: "https://evil.example/v1/customers?p=2" } } }),
            ]);
            const e = await failure(client.listCustomers());
            assert.match(e.message, /another origin/);
            assert.strictEqual(fake.api().length, 1);
        });

        it("listIndirectResellers asks for IsIndirectCloudSolutionProviderOf", async () => {
            const { client, fake } = setup([
                {
                    status: 200,
                    body: {
                        items: [
                            {
                                id: "r1",
                                name: "Reseller",
                                relationshipType: "is_indirect_cloud_solution_provider_of",
                                state: "Active",
                            },
                        ],
                    },
                },
            ]);
            const resellers = await client.listIndirectResellers();
            assert.strictEqual(resellers[0]?.id, "r1");
            assert.strictEqual(
                fake.api()[0]?.url,
                `${API}/v1/relationships?relationship_type=IsIndirectCloudSolutionProviderOf`,
            );
        });
    });
});
