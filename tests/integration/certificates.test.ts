/**
 * Certificate credentials over real HTTP: the emulator's token endpoints check client assertions against the
 * certificates registered on the app (control API, start option), with Entra's errors for each way an assertion
 * is wrong; the client and the provider authenticate with a certificate alone (App-only attestation, Graph,
 * App+User), and a certificate the app does not know gives an error that names the key and the thumbprint.
 */
import * as assert from "assert";
import { createHash, createPrivateKey, sign, X509Certificate } from "crypto";
import fetch from "node-fetch";

import * as agreement from "pulumi-partnercenter/agreement/implementation";
import {
    clientAssertion,
    createPartnerCenterClient,
    isPartnerCenterError,
    JWT_BEARER_ASSERTION_TYPE,
    loadClientCertificate,
} from "pulumi-partnercenter/client";
import { createGraphClient } from "pulumi-partnercenter/graph";

import { startEmulator } from "../../emulator";
import type { Emulator } from "../../emulator";
import { testCertificate, type TestCertificate } from "../fixtures/certificates";
import { configureImplementation } from "../fixtures/emulator-config";
import { apiClient, createBody } from "./emulator-helpers";

describe("integration: certificate credentials (client assertions) vs the emulator", function () {
    this.timeout(30_000);
    let emulator: Emulator;
    let registered: TestCertificate;
    let unregistered: TestCertificate;

    before(async () => {
        registered = testCertificate();
        unregistered = testCertificate({ subject: "not uploaded" });
        emulator = await startEmulator({ port: 0, clientCertificates: [registered.certificatePem] });
    });
    after(async () => {
        agreement.resetRuntime();
        await emulator?.close();
    });

    const tenant = () => emulator.seed.partner.tenantId;
    const clientId = () => emulator.seed.partner.clientId;
    const tokenUrl = (version: "v1" | "v2" = "v1") =>
        `${emulator.url}/${tenant()}/oauth2/${version === "v2" ? "v2.0/" : ""}token`;

    const assertionFor = (
        cert: TestCertificate,
        overrides: { audience?: string; clientId?: string; now?: number } = {},
    ) =>
        clientAssertion(loadClientCertificate({ pem: cert.pem }), {
            clientId: overrides.clientId ?? clientId(),
            audience: overrides.audience ?? tokenUrl(),
            now: overrides.now ?? Date.now(),
        });

    async function token(form: Record<string, string>, version: "v1" | "v2" = "v1") {
        const res = await fetch(tokenUrl(version), {
            method: "POST",
            headers: { "Content-Type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams({
                grant_type: "client_credentials",
                client_id: clientId(),
                ...(version === "v1"
                    ? { resource: "https://api.partnercenter.microsoft.com" }
                    : { scope: "https://graph.microsoft.com/.default" }),
                ...form,
            }).toString(),
        });
        return { status: res.status, body: (await res.json()) as Record<string, string> };
    }
    const withAssertion = (assertion: string) => ({
        client_assertion_type: JWT_BEARER_ASSERTION_TYPE,
        client_assertion: assertion,
    });

    it("accepts an assertion signed by a registered certificate (v1 and v2), and logs how the app authenticated", async () => {
        emulator.clearRequestLog();
        const v1 = await token(withAssertion(assertionFor(registered)));
        assert.strictEqual(v1.status, 200, JSON.stringify(v1.body));
        assert.ok(v1.body["access_token"]);
        const v2 = await token(withAssertion(assertionFor(registered, { audience: tokenUrl("v2") })), "v2");
        assert.strictEqual(v2.status, 200, JSON.stringify(v2.body));
        assert.deepStrictEqual(
            emulator.requestLog.map((e) => [e.operation, e.status, e.clientAuth]),
            [
                ["token", 200, "certificate"],
                ["token", 200, "certificate"],
            ],
        );
        assert.ok(!JSON.stringify(emulator.requestLog).includes(".eyJ"));
    });

    it("the legacy form (RS256, x5t = SHA-1 thumbprint) is accepted too", async () => {
        const der = new X509Certificate(registered.certificatePem).raw;
        const header = { alg: "RS256", typ: "JWT", x5t: createHash("sha1").update(der).digest("base64url") };
        const now = Math.floor(Date.now() / 1000);
        const claims = { aud: tokenUrl(), iss: clientId(), sub: clientId(), jti: "legacy-1", nbf: now, exp: now + 600 };
        const input = [header, claims].map((p) => Buffer.from(JSON.stringify(p)).toString("base64url")).join(".");
        const signature = sign("sha256", Buffer.from(input), createPrivateKey(registered.keyPem)).toString("base64url");
        assert.strictEqual((await token(withAssertion(`${input}.${signature}`))).status, 200);
    });

    const refusals: [string, () => Record<string, string>, number, string, RegExp][] = [
        [
            "an unregistered certificate",
            () => withAssertion(assertionFor(unregistered)),
            401,
            "invalid_client",
            /AADSTS700027: The certificate with identifier .* is not registered/,
        ],
        [
            "a tampered signature",
            () => {
                // Claims changed after signing (another jti): well-formed, but the signature no longer fits.
                const [h, p, signature] = assertionFor(registered).split(".");
                const claims = JSON.parse(Buffer.from(p ?? "", "base64url").toString("utf8")) as Record<
                    string,
                    unknown
                >;
                const changed = Buffer.from(JSON.stringify({ ...claims, jti: "replayed" })).toString("base64url");
                return withAssertion(`${h}.${changed}.${signature}`);
            },
            401,
            "invalid_client",
            /AADSTS700027: Client assertion failed signature validation/,
        ],
        [
            "another audience",
            () => withAssertion(assertionFor(registered, { audience: "https://login.example/other/oauth2/token" })),
            401,
            "invalid_client",
            /invalid audience/,
        ],
        [
            "another issuer",
            () => withAssertion(assertionFor(registered, { clientId: "00000000-0000-4000-8000-000000000000" })),
            401,
            "invalid_client",
            /AADSTS700021/,
        ],
        [
            "an expired assertion",
            () => withAssertion(assertionFor(registered, { now: Date.now() - 3_600_000 })),
            401,
            "invalid_client",
            /AADSTS700024/,
        ],
        [
            "a secret and an assertion",
            () => ({ ...withAssertion(assertionFor(registered)), client_secret: "also" }),
            400,
            "invalid_request",
            /not both/,
        ],
        [
            "a wrong assertion type",
            () => ({ client_assertion_type: "urn:other", client_assertion: assertionFor(registered) }),
            400,
            "invalid_request",
            /client_assertion_type must be/,
        ],
        ["not a JWT", () => withAssertion("not-a-jwt"), 401, "invalid_client", /AADSTS50027/],
    ];
    for (const [name, form, status, error, description] of refusals) {
        it(`refuses ${name} (${status} ${error}), never echoing the assertion`, async () => {
            const sent = form();
            const res = await token(sent);
            assert.strictEqual(res.status, status);
            assert.strictEqual(res.body["error"], error);
            assert.match(res.body["error_description"] ?? "", description);
            assert.ok(!JSON.stringify(res.body).includes(sent["client_assertion"] ?? "\u0000"));
        });
    }

    it("control API: register (idempotent, 400 for non-PEM), list, unregister", async () => {
        const control = (method: string, body?: unknown) =>
            fetch(`${emulator.url}/_emulator/certificates`, {
                method,
                ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
            });
        const created = await control("POST", { certificate: unregistered.certificatePem });
        assert.strictEqual(created.status, 201);
        const view = (await created.json()) as { thumbprint: string };
        assert.strictEqual(view.thumbprint, loadClientCertificate({ pem: unregistered.pem }).thumbprint);
        await control("POST", { certificate: unregistered.certificatePem });
        assert.strictEqual(((await (await control("GET")).json()) as unknown[]).length, 2);
        assert.strictEqual((await token(withAssertion(assertionFor(unregistered)))).status, 200);
        assert.strictEqual((await control("POST", { certificate: "nope" })).status, 400);
        assert.strictEqual((await control("DELETE")).status, 204);
        assert.strictEqual((await token(withAssertion(assertionFor(registered)))).status, 401);
        emulator.registerClientCertificate(registered.certificatePem);
    });

    it("the client with a certificate alone: App-only attestation, App+User customer calls and Graph", async () => {
        const app = { tenantId: tenant(), clientId: clientId(), clientCertificate: { pem: registered.pem } };
        const appUser = createPartnerCenterClient({
            apiBase: emulator.url,
            credentials: { kind: "refreshToken", ...app, refreshToken: emulator.seed.partner.refreshToken },
        });
        const appOnly = createPartnerCenterClient({
            apiBase: emulator.url,
            credentials: { kind: "clientCredentials", ...app },
        });
        emulator.clearRequestLog();
        await appUser.createCustomer(createBody());
        const attestation = await appOnly.createEnhancedAttestation({
            country: "US",
            language: "en-US",
            companyName: "Contoso",
            signatoryFirstName: "Tania",
            signatoryLastName: "Carr",
        });
        assert.strictEqual(attestation.status, "Pending");
        const graph = createGraphClient({
            graphBase: `${emulator.url}/graph`,
            authority: emulator.url,
            credentials: { kind: "clientCredentials", ...app },
        });
        assert.ok(Array.isArray(await graph.listRelationships()));
        const tokens = emulator.requestLog.filter((e) => e.operation === "token");
        assert.strictEqual(tokens.length, 3); // one per audience and flow: App+User, App-only, Graph
        assert.ok(
            tokens.every((e) => e.status === 200 && e.clientAuth === "certificate"),
            JSON.stringify(tokens),
        );
        const flows = emulator.requestLog
            .filter((e) => e.operation !== "token")
            .map((e) => `${e.operation}:${e.authFlow}:${e.status}`);
        assert.deepStrictEqual(flows.slice(0, 1).concat(flows.filter((f) => f.startsWith("createEnhanced"))), [
            "createCustomer:appUser:201",
            "createEnhancedAttestation:appOnly:201",
        ]);
    });

    /** The failure reasons of the CustomerAgreement provider's check for an agreement of `customerId`. */
    async function agreementCheckFailures(customerId: string): Promise<string> {
        const checked = await agreement.provider.check!(
            {},
            {
                customerId,
                companyName: "Contoso",
                country: "US",
                language: "en-US",
                signatory: {
                    firstName: "Tania",
                    lastName: "Carr",
                    email: "tania@contoso.example",
                    phoneNumber: "1234567890",
                },
            },
        );
        return checked.failures?.map((f) => f.reason).join("\n") ?? "";
    }

    it("the provider: a certificate the app does not know fails check with the key, the thumbprint and the fix", async () => {
        configureImplementation(emulator, { clientSecret: "", clientCertificate: unregistered.pem });
        const customerId = (
            await apiClient(emulator, emulator.issueAccessToken())("POST", "/v1/customers", { body: createBody() })
        ).json.id as string;
        const reason = await agreementCheckFailures(customerId);
        const thumbprint = loadClientCertificate({ pem: unregistered.pem }).thumbprint;
        assert.match(reason, /Partner Center authentication failed: .*\(invalid_client\)/);
        assert.ok(
            reason.includes(
                `partnercenter:clientCertificate (is the certificate with thumbprint ${thumbprint} uploaded`,
            ),
            reason,
        );
        assert.match(reason, /Nothing was created/);
        assert.ok(!reason.includes(unregistered.keyPem.split("\n")[1] ?? "\u0000"));
    });

    it("the provider: an expired refresh token's error names `npx pulumi-partnercenter login`", async () => {
        configureImplementation(emulator, {
            clientSecret: "",
            clientCertificate: registered.pem,
            refreshToken: "expired-refresh-token",
        });
        const reason = await agreementCheckFailures("4f1f1c44-1111-4222-8333-444455556666");
        assert.match(reason, /\(invalid_grant\); check partnercenter:refreshToken/);
        assert.match(reason, /run `npx pulumi-partnercenter login` in the stack's project directory/);
        assert.ok(!reason.includes("expired-refresh-token"));
    });

    it("a wrong client id with a certificate is refused as well (iss is the app the emulator knows)", async () => {
        const client = createPartnerCenterClient({
            apiBase: emulator.url,
            credentials: {
                kind: "refreshToken",
                tenantId: tenant(),
                clientId: "00000000-0000-4000-8000-000000000000",
                clientCertificate: { pem: registered.pem },
                refreshToken: emulator.seed.partner.refreshToken,
            },
        });
        await assert.rejects(
            client.listIndirectResellers(),
            (e: unknown) => isPartnerCenterError(e) && e.code === "invalid_client",
        );
    });
});
