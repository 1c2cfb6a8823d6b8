/**
 * The emulator's token endpoint, bearer authentication and per-tenant rate limiting.
 */
import * as assert from "assert";
import fetch from "node-fetch";

import { startEmulator } from "../../emulator";
import type { Emulator } from "../../emulator";
import { apiClient, createBody } from "./emulator-helpers";

const RELATIONSHIPS = "/v1/relationships?relationship_type=IsIndirectCloudSolutionProviderOf";

describe("emulator: token endpoint and authentication", function () {
    this.timeout(20_000);
    let emulator: Emulator;

    before(async () => {
        emulator = await startEmulator({ port: 0 });
    });

    after(async () => {
        await emulator?.close();
    });

    const tokenRequest = (form: Record<string, string>, tenant = emulator.seed.partner.tenantId) =>
        fetch(`${emulator.url}/${tenant}/oauth2/token`, {
            method: "POST",
            headers: { "Content-Type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams(form).toString(),
        });

    const validForm = () => ({
        resource: "https://api.partnercenter.microsoft.com",
        client_id: emulator.seed.partner.clientId,
        client_secret: emulator.seed.partner.clientSecret,
        grant_type: "refresh_token",
        refresh_token: emulator.seed.partner.refreshToken,
        scope: "openid",
    });

    it("refresh_token grant: 200 with a usable bearer token", async () => {
        const res = await tokenRequest(validForm());
        assert.strictEqual(res.status, 200);
        const body = (await res.json()) as Record<string, string>;
        assert.strictEqual(body["token_type"], "Bearer");
        assert.strictEqual(body["expires_in"], "3600");
        assert.strictEqual(body["refresh_token"], emulator.seed.partner.refreshToken);
        assert.strictEqual(body["resource"], "https://api.partnercenter.microsoft.com");
        const token = body["access_token"] ?? "";
        assert.ok(token.length >= 32);
        const api = apiClient(emulator, token);
        assert.strictEqual((await api("GET", RELATIONSHIPS)).status, 200);
        // Each grant issues a fresh token.
        const again = (await (await tokenRequest(validForm())).json()) as Record<string, string>;
        assert.notStrictEqual(again["access_token"], token);
    });

    it("logs token requests without their body", async () => {
        emulator.clearRequestLog();
        await tokenRequest(validForm());
        await fetch(`${emulator.url}/${emulator.seed.partner.tenantId}/oauth2/token?client_secret=query-leak`, {
            method: "POST",
            body: new URLSearchParams(validForm()),
        });
        const entry = emulator.requestLog.find((e) => e.operation === "token");
        assert.ok(entry);
        assert.strictEqual(entry.status, 200);
        const serialised = JSON.stringify(emulator.requestLog);
        assert.ok(!serialised.includes(emulator.seed.partner.clientSecret));
        assert.ok(!serialised.includes(emulator.seed.partner.refreshToken));
        assert.ok(!serialised.includes("query-leak"));
        assert.strictEqual(emulator.requestLog.filter((e) => e.operation === "token").length, 2);
    });

    const failures: Array<[string, Record<string, string>, string]> = [
        ["wrong client secret", { client_secret: "not-the-secret" }, "AADSTS7000215"],
        ["wrong refresh token", { refresh_token: "stolen-refresh-token" }, "AADSTS70000"],
        ["unknown client id", { client_id: "00000000-0000-4000-8000-000000000000" }, "AADSTS700016"],
    ];
    for (const [name, override, aadCode] of failures) {
        it(`400 invalid_grant for a ${name}, without echoing the secret`, async () => {
            const res = await tokenRequest({ ...validForm(), ...override });
            assert.strictEqual(res.status, 400);
            const text = await res.text();
            const body = JSON.parse(text) as Record<string, string>;
            assert.strictEqual(body["error"], "invalid_grant");
            assert.ok(body["error_description"]?.startsWith(`${aadCode}:`), body["error_description"]);
            for (const secret of [
                emulator.seed.partner.clientSecret,
                emulator.seed.partner.refreshToken,
                ...Object.values(override),
            ]) {
                if (secret !== override["client_id"]) {
                    assert.ok(!text.includes(secret), `body echoes ${secret}`);
                }
            }
        });
    }

    it("client_credentials issues an App-only token (no refresh token); unknown grants 400; unknown tenant 400", async () => {
        const { refresh_token: _unused, ...form } = validForm();
        const cc = await tokenRequest({ ...form, grant_type: "client_credentials" });
        assert.strictEqual(cc.status, 200);
        const body = (await cc.json()) as Record<string, string>;
        assert.ok(body["access_token"]);
        assert.strictEqual(body["refresh_token"], undefined);
        const wrongSecret = await tokenRequest({ ...form, grant_type: "client_credentials", client_secret: "nope" });
        assert.strictEqual(wrongSecret.status, 400);
        const password = await tokenRequest({ ...validForm(), grant_type: "password" });
        assert.strictEqual(password.status, 400);
        assert.strictEqual(((await password.json()) as Record<string, string>)["error"], "unsupported_grant_type");
        const tenant = await tokenRequest(validForm(), "contoso.onmicrosoft.com");
        assert.strictEqual(tenant.status, 400);
    });

    const unauthorised: Array<[string, () => Record<string, string>, string]> = [
        ["a missing Authorization header", () => ({}), "Partner Token missing"],
        ["a malformed header (no Bearer)", () => ({ Authorization: emulator.issueAccessToken() }), "Bearer <token>"],
        ["a Basic header", () => ({ Authorization: "Basic dXNlcjpwYXNz" }), "Bearer <token>"],
        ["an unknown token", () => ({ Authorization: "Bearer never-issued-token" }), "not valid"],
        [
            "an expired token",
            () => ({ Authorization: `Bearer ${emulator.issueAccessToken({ expiresInSeconds: -1 })}` }),
            "expired",
        ],
        [
            "a token of another tenant",
            () => ({
                Authorization: `Bearer ${emulator.issueAccessToken({ tenantId: emulator.seed.knownTenants[0]?.id ?? "x" })}`,
            }),
            "another tenant",
        ],
    ];
    for (const [name, headers, text] of unauthorised) {
        it(`401/800001 with WWW-Authenticate for ${name}`, async () => {
            const before = emulator.store.count();
            const res = await fetch(`${emulator.url}/v1/customers`, {
                method: "POST",
                headers: { "Content-Type": "application/json", ...headers() },
                body: JSON.stringify(createBody()),
            });
            assert.strictEqual(res.status, 401);
            assert.match(res.headers.get("www-authenticate") ?? "", /^OAuth realm=/);
            const body = (await res.json()) as { code: number; description: string; source: string };
            assert.strictEqual(body.code, 800001);
            assert.ok(body.description.includes(text), body.description);
            assert.strictEqual(body.source, "PartnerFD");
            assert.strictEqual(emulator.store.count(), before);
        });
    }

    it("revokeAccessTokens invalidates issued tokens", async () => {
        const token = emulator.issueAccessToken();
        const api = apiClient(emulator, token);
        assert.strictEqual((await api("GET", RELATIONSHIPS)).status, 200);
        emulator.revokeAccessTokens();
        assert.strictEqual((await api("GET", RELATIONSHIPS)).status, 401);
    });

    it("tokens expire after tokenLifetimeSeconds", async () => {
        const short = await startEmulator({ port: 0, tokenLifetimeSeconds: 1 });
        try {
            const p = short.seed.partner;
            const res = await fetch(`${short.url}/${p.tenantId}/oauth2/token`, {
                method: "POST",
                body: new URLSearchParams({
                    grant_type: "refresh_token",
                    client_id: p.clientId,
                    client_secret: p.clientSecret,
                    refresh_token: p.refreshToken,
                }),
            });
            const body = (await res.json()) as Record<string, string>;
            assert.strictEqual(body["expires_in"], "1");
            const api = apiClient(short, body["access_token"]);
            assert.strictEqual((await api("GET", RELATIONSHIPS)).status, 200);
            await new Promise((r) => setTimeout(r, 1100));
            assert.strictEqual((await api("GET", RELATIONSHIPS)).status, 401);
        } finally {
            await short.close();
        }
    });
});

describe("emulator: rate limiting (token bucket per partner tenant)", function () {
    this.timeout(20_000);

    it("429 with Retry-After and the throttling body once the bucket is empty, then recovers", async () => {
        const emulator = await startEmulator({ port: 0, rateLimit: { requestsPerMinute: 60, burst: 3 } });
        try {
            const api = apiClient(emulator);
            const statuses: number[] = [];
            for (let i = 0; i < 4; i++) {
                statuses.push((await api("GET", RELATIONSHIPS)).status);
            }
            assert.deepStrictEqual(statuses.slice(0, 3), [200, 200, 200]);
            assert.strictEqual(statuses[3], 429);
            const limited = await api("GET", RELATIONSHIPS);
            assert.strictEqual(limited.status, 429);
            assert.strictEqual(limited.headers["retry-after"], "1");
            assert.deepStrictEqual(limited.json, {
                statusCode: 429,
                message: "Rate limit is exceeded. Try again in 1 seconds.",
            });
            // 60/min = one token per second.
            await new Promise((r) => setTimeout(r, 1100));
            assert.strictEqual((await api("GET", RELATIONSHIPS)).status, 200);
        } finally {
            await emulator.close();
        }
    });

    it("computes Retry-After from the refill rate, and can be switched off at runtime", async () => {
        const emulator = await startEmulator({ port: 0, rateLimit: { requestsPerMinute: 2, burst: 1 } });
        try {
            const api = apiClient(emulator);
            assert.strictEqual((await api("GET", RELATIONSHIPS)).status, 200);
            const limited = await api("GET", RELATIONSHIPS);
            assert.strictEqual(limited.status, 429);
            const retryAfter = Number(limited.headers["retry-after"]);
            assert.ok(retryAfter >= 29 && retryAfter <= 30, String(retryAfter));
            emulator.options.rateLimit = undefined;
            assert.strictEqual((await api("GET", RELATIONSHIPS)).status, 200);
        } finally {
            await emulator.close();
        }
    });
});
