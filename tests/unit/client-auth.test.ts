/**
 * The refresh-token grant: the form it sends, the cache and its expiry margin on a fake clock, one shared
 * in-flight refresh, invalidation, and failures (invalid_grant is final and secret-free; 5xx is retried).
 */
import * as assert from "assert";
import { inspect } from "util";

import {
    DEFAULT_RETRY_POLICY,
    isPartnerCenterError,
    lifetimeMs,
    refreshMarginMs,
    refreshTokenProvider,
    staticTokenProvider,
} from "pulumi-partnercenter/client";
import type { ClientAuthentication, RefreshTokenProviderOptions, TokenRefreshInfo } from "pulumi-partnercenter/client";

import { FakeClock, scriptedFetch, tokenEndpointFixture, tokenReply } from "./client-fakes";
import type { Scripted } from "./client-fakes";

const SECRET = "fake-client-secret-~Q8.s3cr3t";
const REFRESH = "0.AAAA-fake-refresh-token-XYZ";

/** Let background work (a token refresh against the scripted fetch) finish. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

function provider(
    token: Scripted[],
    overrides: Partial<Omit<RefreshTokenProviderOptions, keyof ClientAuthentication>> = {},
    auth: ClientAuthentication = { clientSecret: SECRET },
) {
    const clock = new FakeClock();
    const fake = scriptedFetch({ token });
    const refreshes: TokenRefreshInfo[] = [];
    const tokens = refreshTokenProvider({
        ...tokenEndpointFixture(fake, clock),
        clientId: "app-id",
        ...auth,
        refreshToken: REFRESH,
        authority: "https://login.example/",
        onRefresh: (info) => refreshes.push(info),
        ...overrides,
    });
    return { clock, fake, tokens, refreshes };
}

describe("client: refresh-token provider", () => {
    it("sends the Secure Application Model form to {authority}/{tenant}/oauth2/token", async () => {
        const { fake, tokens } = provider([tokenReply("access-1")]);
        assert.strictEqual(await tokens.getToken(), "access-1");
        const [request] = fake.token();
        assert.ok(request);
        assert.strictEqual(request.url, "https://login.example/partner-tenant/oauth2/token");
        assert.strictEqual(request.method, "POST");
        assert.strictEqual(request.headers["content-type"], "application/x-www-form-urlencoded");
        assert.deepStrictEqual(Object.fromEntries(new URLSearchParams(request.body ?? "")), {
            grant_type: "refresh_token",
            client_id: "app-id",
            client_secret: SECRET,
            refresh_token: REFRESH,
            resource: "https://api.partnercenter.microsoft.com",
            scope: "openid",
        });
    });

    it("caches the token until 5 minutes before expiry", async () => {
        const { clock, fake, tokens, refreshes } = provider([
            tokenReply("access-1", 3600),
            tokenReply("access-2", 3600),
        ]);
        assert.strictEqual(await tokens.getToken(), "access-1");
        clock.advance(55 * 60_000 - 1);
        assert.strictEqual(await tokens.getToken(), "access-1");
        clock.advance(1);
        // Still valid: served while the refresh runs in the background; then the new token.
        assert.strictEqual(await tokens.getToken(), "access-1");
        await settle();
        assert.strictEqual(await tokens.getToken(), "access-2");
        assert.strictEqual(fake.token().length, 2);
        assert.deepStrictEqual(
            refreshes.map((r) => r.expiresInMs),
            [3_600_000, 3_600_000],
        );
    });

    it("refreshes short-lived tokens at 10 % of their lifetime before expiry; expires_in may be a string", async () => {
        const { clock, tokens } = provider([tokenReply("short-1", "600"), tokenReply("short-2", "600")]);
        assert.strictEqual(await tokens.getToken(), "short-1");
        clock.advance(539_999);
        assert.strictEqual(await tokens.getToken(), "short-1");
        clock.advance(1);
        assert.strictEqual(await tokens.getToken(), "short-1");
        await settle();
        assert.strictEqual(await tokens.getToken(), "short-2");
    });

    it("a failed early refresh does not fail calls while the cached token is still valid", async () => {
        const { clock, fake, tokens } = provider([
            tokenReply("valid-1", 3600),
            { status: 400, body: { error: "invalid_grant", error_description: "AADSTS70000: rejected" } },
            { status: 400, body: { error: "invalid_grant", error_description: "AADSTS70000: rejected" } },
        ]);
        assert.strictEqual(await tokens.getToken(), "valid-1");
        clock.advance(56 * 60_000); // inside the 5-minute refresh margin, before expiry
        assert.strictEqual(await tokens.getToken(), "valid-1");
        await settle();
        assert.strictEqual(fake.token().length, 2, "the refresh was attempted");
        assert.strictEqual(await tokens.getToken(), "valid-1", "and its failure did not fail the call");
        clock.advance(5 * 60_000); // expired: now the kept rejection surfaces, without asking again
        await assert.rejects(tokens.getToken(), /invalid_grant/);
        assert.strictEqual(fake.token().length, 2, "a rejected grant is not asked for again");
    });

    it("a rejected grant (4xx) is final for the provider: later calls fail at once, one token request in all", async () => {
        const { fake, tokens } = provider([
            { status: 400, body: { error: "invalid_grant", error_description: "AADSTS70000: rejected" } },
            tokenReply("never-fetched"),
        ]);
        await assert.rejects(tokens.getToken(), /invalid_grant/);
        await assert.rejects(tokens.getToken(), /invalid_grant/);
        await assert.rejects(tokens.getToken(), /invalid_grant/);
        assert.strictEqual(fake.token().length, 1);
    });

    it("margin and lifetime helpers", () => {
        assert.strictEqual(refreshMarginMs(3_600_000), 300_000);
        assert.strictEqual(refreshMarginMs(600_000), 60_000);
        const now = 1_000_000_000_000;
        assert.strictEqual(lifetimeMs({ access_token: "a", expires_in: "3599" }, now), 3_599_000);
        assert.strictEqual(lifetimeMs({ access_token: "a", expires_on: String(now / 1000 + 120) }, now), 120_000);
        assert.strictEqual(lifetimeMs({ access_token: "a" }, now), 3_600_000);
    });

    it("concurrent callers share one in-flight refresh", async () => {
        const { fake, tokens } = provider([tokenReply("access-1")]);
        const all = await Promise.all([tokens.getToken(), tokens.getToken(), tokens.getToken()]);
        assert.deepStrictEqual(all, ["access-1", "access-1", "access-1"]);
        assert.strictEqual(fake.token().length, 1);
    });

    it("invalidate(token) forces one refresh; invalidating an older token is a no-op", async () => {
        const { fake, tokens } = provider([tokenReply("access-1"), tokenReply("access-2")]);
        const first = await tokens.getToken();
        tokens.invalidate(first);
        tokens.invalidate(first);
        const [a, b] = await Promise.all([tokens.getToken(), tokens.getToken()]);
        assert.strictEqual(a, "access-2");
        assert.strictEqual(b, "access-2");
        tokens.invalidate(first); // stale: the cache holds access-2
        assert.strictEqual(await tokens.getToken(), "access-2");
        assert.strictEqual(fake.token().length, 2);
    });

    it("uses a rotated refresh token for the next refresh", async () => {
        const { fake, tokens } = provider([
            tokenReply("access-1", 3600, { refresh_token: "rotated-refresh-token" }),
            tokenReply("access-2"),
        ]);
        tokens.invalidate(await tokens.getToken());
        await tokens.getToken();
        const second = fake.token()[1];
        assert.strictEqual(new URLSearchParams(second?.body ?? "").get("refresh_token"), "rotated-refresh-token");
    });

    it("invalid_grant: one request, one error with code invalid_grant and status 400, no secrets", async () => {
        const { fake, tokens, clock } = provider([
            {
                status: 400,
                body: {
                    error: "invalid_grant",
                    error_description: `AADSTS700082: The refresh token has expired. refresh_token=${REFRESH}`,
                },
            },
            tokenReply("never"),
        ]);
        const error = await tokens.getToken().then(
            () => assert.fail("expected a failure"),
            (e: unknown) => e,
        );
        assert.ok(isPartnerCenterError(error));
        assert.strictEqual(error.status, 400);
        assert.strictEqual(error.code, "invalid_grant");
        assert.strictEqual(error.operation, "acquireToken");
        assert.strictEqual(error.path, "/partner-tenant/oauth2/token");
        assert.match(error.message, /AADSTS700082/);
        assert.strictEqual(fake.token().length, 1);
        assert.deepStrictEqual(clock.sleeps, []);
        for (const text of [error.message, JSON.stringify(error), inspect(error)]) {
            assert.ok(!text.includes(SECRET) && !text.includes(REFRESH), text);
        }
    });

    it("invalid_client (401) is final too", async () => {
        const { fake, tokens } = provider([
            { status: 401, body: { error: "invalid_client", error_description: "bad secret" } },
        ]);
        await assert.rejects(tokens.getToken(), (e: unknown) => isPartnerCenterError(e) && e.code === "invalid_client");
        assert.strictEqual(fake.token().length, 1);
    });

    it("5xx and network errors are retried within the policy", async () => {
        const { fake, tokens, clock } = provider([
            { status: 503, body: "busy" },
            { error: { code: "ECONNRESET", message: "socket hang up" } },
            tokenReply("access-1"),
        ]);
        assert.strictEqual(await tokens.getToken(), "access-1");
        assert.strictEqual(fake.token().length, 3);
        assert.strictEqual(clock.sleeps.length, 2);
    });

    it("gives up after maxAttempts on persistent 5xx", async () => {
        const { fake, tokens } = provider(
            Array.from({ length: 5 }, () => ({ status: 500, body: "" })),
            { retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: 3 } },
        );
        await assert.rejects(
            tokens.getToken(),
            (e: unknown) => isPartnerCenterError(e) && e.status === 500 && e.attempts === 3,
        );
        assert.strictEqual(fake.token().length, 3);
    });

    it("a malformed token response is a decode error that does not print the token", async () => {
        const { tokens } = provider([{ status: 200, body: { access_token: 12345678, expires_in: "3600" } }]);
        await assert.rejects(
            tokens.getToken(),
            (e: unknown) => isPartnerCenterError(e) && e.kind === "decode" && !e.message.includes("12345678"),
        );
    });

    it("a static token is never refreshed", async () => {
        const tokens = staticTokenProvider("static");
        assert.strictEqual(tokens.canRefresh, false);
        tokens.invalidate("static");
        assert.strictEqual(await tokens.getToken(), "static");
    });
});
