/**
 * Certificate credentials, offline: loading the PEM (every way it can be wrong, with the words that say how to fix
 * it), the client assertion Entra ID documents (header, claims, and a PSS signature that `openssl` itself
 * verifies: an implementation other than the one that signed), the settings that choose it (the key, the guard,
 * secret + certificate refused), and the token request that sends it instead of the secret.
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import { createHash, generateKeyPairSync, X509Certificate } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import {
    ASSERTION_LIFETIME_SECONDS,
    CertificateProblem,
    clientAssertion,
    isPartnerCenterError,
    JWT_BEARER_ASSERTION_TYPE,
    loadClientCertificate,
    oauthTokenProvider,
} from "pulumi-partnercenter/client";
import {
    credentialsProblem,
    plaintextSecretSettings,
    readSettings,
    unknownSettingKeys,
} from "pulumi-partnercenter/runtime";

import { testCertificate, type TestCertificate } from "../fixtures/certificates";
import { FakeClock, scriptedFetch, tokenEndpointFixture, tokenReply } from "./client-fakes";

const CLIENT_ID = "11111111-2222-4333-8444-555555555555";
const TOKEN_URL = "https://login.example/partner-tenant/oauth2/token";

const decode = (part: string | undefined) => JSON.parse(Buffer.from(part ?? "", "base64url").toString("utf8"));

describe("certificate credentials: loading the PEM", () => {
    let cert: TestCertificate;
    let other: TestCertificate;
    before(() => {
        cert = testCertificate();
        other = testCertificate({ subject: "another app" });
    });

    it("reads key + certificate in either order; x5t#S256 is the SHA-256 of the DER, the thumbprint Entra's SHA-1", () => {
        const loaded = loadClientCertificate({ pem: cert.pem });
        const der = new X509Certificate(cert.certificatePem).raw;
        assert.strictEqual(loaded.x5tS256, createHash("sha256").update(der).digest("base64url"));
        assert.strictEqual(loaded.thumbprint, createHash("sha1").update(der).digest("hex").toUpperCase());
        assert.match(loaded.subject, /CN=pulumi-partnercenter test/);
        const reversed = loadClientCertificate({ pem: `${cert.certificatePem}${cert.keyPem}` });
        assert.strictEqual(reversed.x5tS256, loaded.x5tS256);
        // Pasted into an env file as one line with literal \n, or with Windows line ends.
        assert.strictEqual(
            loadClientCertificate({ pem: cert.pem.replace(/\n/g, "\\n") }).thumbprint,
            loaded.thumbprint,
        );
        assert.strictEqual(
            loadClientCertificate({ pem: cert.pem.replace(/\n/g, "\r\n") }).thumbprint,
            loaded.thumbprint,
        );
    });

    const problems: [string, () => { pem: string; password?: string }, RegExp, "certificate" | "password"][] = [
        ["no PEM at all (a path)", () => ({ pem: "/home/me/app.pem" }), /no PEM block at all/, "certificate"],
        ["the certificate alone", () => ({ pem: cert.certificatePem }), /no a private key/, "certificate"],
        ["the key alone", () => ({ pem: cert.keyPem }), /a certificate \(-----BEGIN CERTIFICATE-----\)/, "certificate"],
        [
            "a key of another key pair",
            () => ({ pem: `${other.keyPem}${cert.certificatePem}` }),
            /does not belong to its certificate \(thumbprint [0-9A-F]{40}\)/,
            "certificate",
        ],
    ];
    for (const [name, source, message, part] of problems) {
        it(`refuses ${name}, saying what is wrong`, () => {
            assert.throws(
                () => loadClientCertificate(source()),
                (e: unknown) => e instanceof CertificateProblem && message.test(e.message) && e.part === part,
            );
        });
    }

    it("an encrypted key needs its password: none and a wrong one are refused, the right one works", () => {
        const encrypted = testCertificate({ password: "correct horse" });
        assert.match(encrypted.keyPem, /ENCRYPTED PRIVATE KEY/);
        assert.throws(
            () => loadClientCertificate({ pem: encrypted.pem }),
            (e: unknown) => e instanceof CertificateProblem && e.part === "password" && /no password/.test(e.message),
        );
        assert.throws(
            () => loadClientCertificate({ pem: encrypted.pem, password: "wrong" }),
            (e: unknown) => e instanceof CertificateProblem && /does not decrypt/.test(e.message),
        );
        assert.ok(loadClientCertificate({ pem: encrypted.pem, password: "correct horse" }).x5tS256);
    });

    it("an expired or not yet valid certificate is refused with its thumbprint and date", () => {
        const validTo = Date.parse(new X509Certificate(cert.certificatePem).validTo);
        assert.throws(
            () => loadClientCertificate({ pem: cert.pem }, validTo + 1000),
            (e: unknown) =>
                e instanceof CertificateProblem &&
                /expired on \d{4}-\d\d-\d\dT/.test(e.message) &&
                /Upload a new certificate to the app registration/.test(e.message),
        );
        assert.throws(() => loadClientCertificate({ pem: cert.pem }, Date.now() - 86_400_000), /not valid before/);
    });

    it("a non-RSA key is refused: Entra ID assertions are RSA (PS256)", () => {
        const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
        const key = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pc-ec-"));
        try {
            fs.writeFileSync(path.join(dir, "k.pem"), key, { mode: 0o600 });
            const certificate = execFileSync(
                "openssl",
                ["req", "-x509", "-new", "-key", path.join(dir, "k.pem"), "-subj", "/CN=ec", "-days", "1"],
                { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
            );
            assert.throws(
                () => loadClientCertificate({ pem: `${key}${certificate}` }),
                /has a ec key: .*RSA \(PS256\)/,
            );
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});

describe("certificate credentials: the client assertion", () => {
    let cert: TestCertificate;
    before(() => {
        cert = testCertificate();
    });

    it("has the documented header and claims, and a PS256 signature openssl verifies", () => {
        const loaded = loadClientCertificate({ pem: cert.pem });
        const now = Date.UTC(2026, 5, 1, 12, 0, 0);
        const jwt = clientAssertion(loaded, { clientId: CLIENT_ID, audience: TOKEN_URL, now, jti: "jti-1" });
        const [header, payload, signature] = jwt.split(".");
        assert.deepStrictEqual(decode(header), { alg: "PS256", typ: "JWT", "x5t#S256": loaded.x5tS256 });
        const seconds = now / 1000;
        assert.deepStrictEqual(decode(payload), {
            aud: TOKEN_URL,
            iss: CLIENT_ID,
            sub: CLIENT_ID,
            jti: "jti-1",
            nbf: seconds,
            iat: seconds,
            exp: seconds + ASSERTION_LIFETIME_SECONDS,
        });
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pc-jws-"));
        try {
            const file = (name: string, content: string | Buffer) => {
                fs.writeFileSync(path.join(dir, name), content);
                return path.join(dir, name);
            };
            const publicKey = new X509Certificate(cert.certificatePem).publicKey.export({
                type: "spki",
                format: "pem",
            });
            const verify = (input: string) =>
                execFileSync(
                    "openssl",
                    [
                        "dgst",
                        "-sha256",
                        "-sigopt",
                        "rsa_padding_mode:pss",
                        "-sigopt",
                        "rsa_pss_saltlen:32",
                        "-verify",
                        file("pub.pem", publicKey),
                        "-signature",
                        file("sig", Buffer.from(signature ?? "", "base64url")),
                        file("input", input),
                    ],
                    { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
                );
            assert.match(verify(`${header}.${payload}`), /Verified OK/);
            // A changed input fails (openssl exits non-zero): the check above could not pass by accident.
            assert.throws(() => verify(`${header}.${payload}x`));
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("each assertion has its own jti", () => {
        const loaded = loadClientCertificate({ pem: cert.pem });
        const jtis = new Set(
            [1, 2, 3].map(
                () =>
                    decode(
                        clientAssertion(loaded, { clientId: CLIENT_ID, audience: TOKEN_URL, now: Date.now() }).split(
                            ".",
                        )[1],
                    ).jti,
            ),
        );
        assert.strictEqual(jtis.size, 3);
    });
});

describe("certificate credentials: settings", () => {
    let cert: TestCertificate;
    before(() => {
        cert = testCertificate();
    });
    const base = { tenantId: "partner-tenant", clientId: CLIENT_ID, endpoint: "http://127.0.0.1:1" };
    const settingsOf = (values: Record<string, string>) => readSettings((key) => values[key], {});

    it("a certificate alone is the app's credential for App-only, Graph and (with a refresh token) App+User", () => {
        const settings = settingsOf({ ...base, clientCertificate: cert.pem, refreshToken: "rt-value-123" });
        assert.deepStrictEqual(settings.appOnlyCredentials, {
            kind: "clientCredentials",
            tenantId: "partner-tenant",
            clientId: CLIENT_ID,
            clientCertificate: { pem: cert.pem.trim() },
        });
        assert.deepStrictEqual(settings.graph.credentials, settings.appOnlyCredentials);
        assert.strictEqual(settings.credentials?.kind, "refreshToken");
        assert.strictEqual(settings.credentials.clientSecret, undefined);
        assert.deepStrictEqual(settings.credentials.clientCertificate, { pem: cert.pem.trim() });
    });

    it("the environment works as well (PARTNERCENTER_CLIENT_CERTIFICATE, ..._PASSWORD)", () => {
        const encrypted = testCertificate({ password: "pw-123456" });
        const settings = readSettings((key) => (base as Record<string, string>)[key], {
            PARTNERCENTER_CLIENT_CERTIFICATE: encrypted.pem,
            PARTNERCENTER_CLIENT_CERTIFICATE_PASSWORD: "pw-123456",
        });
        assert.deepStrictEqual(settings.appOnlyCredentials?.clientCertificate, {
            pem: encrypted.pem.trim(),
            password: "pw-123456",
        });
    });

    it("a secret and a certificate together are refused, naming both keys and how to keep one", () => {
        assert.throws(
            () => settingsOf({ ...base, clientSecret: "s3cret-value", clientCertificate: cert.pem }),
            (e: Error) =>
                /partnercenter:clientSecret and partnercenter:clientCertificate must not both be set/.test(e.message) &&
                /pulumi config rm partnercenter:clientSecret/.test(e.message) &&
                !e.message.includes("s3cret-value"),
        );
    });

    it("a bad certificate fails when the settings are read, naming the key and the fix, never quoting the PEM", () => {
        const keyLine = cert.keyPem.split("\n")[1] ?? "";
        assert.throws(
            () => settingsOf({ ...base, clientCertificate: cert.keyPem }),
            (e: Error) =>
                /^partnercenter:clientCertificate must be a usable certificate credential: it must be PEM text/.test(
                    e.message,
                ) &&
                /pulumi config set --secret partnercenter:clientCertificate < app\.pem/.test(e.message) &&
                !e.message.includes(keyLine),
        );
        const encrypted = testCertificate({ password: "pw-123456" });
        assert.throws(
            () => settingsOf({ ...base, clientCertificate: encrypted.pem }),
            /pulumi config set --secret partnercenter:clientCertificatePassword <value>/,
        );
        assert.throws(
            () => settingsOf({ ...base, clientSecret: "s3cret-value", clientCertificatePassword: "pw" }),
            /partnercenter:clientCertificatePassword must be set only with partnercenter:clientCertificate/,
        );
    });

    it("the keys are secret (the plaintext guard), known (misspelling hints), and stand in for the secret", () => {
        const config: Record<string, string> = {
            "partnercenter:clientCertificate": "pem",
            "partnercenter:clientCertificatePassword": "pw",
        };
        assert.deepStrictEqual(
            plaintextSecretSettings(
                (k) => config[k],
                () => false,
            ),
            ["clientCertificate", "clientCertificatePassword"],
        );
        assert.deepStrictEqual(unknownSettingKeys(["partnercenter:clientCertificate"]), []);
        assert.match(
            unknownSettingKeys(["partnercenter:clientCertficate"]).join(),
            /did you mean partnercenter:clientCertificate\?/,
        );
        const problem = credentialsProblem(["tenantId", "clientId", "clientCertificate"]);
        assert.match(problem, /partnercenter:refreshToken is not set/);
        assert.match(problem, /npx pulumi-partnercenter login/);
        assert.doesNotMatch(problem, /clientSecret is not set|clientSecret, /);
    });
});

describe("certificate credentials: the token request", () => {
    let cert: TestCertificate;
    before(() => {
        cert = testCertificate();
    });

    function provider(
        replies: Parameters<typeof scriptedFetch>[0]["token"],
        grant: "refreshToken" | "clientCredentials",
    ) {
        const clock = new FakeClock(Date.now());
        const fake = scriptedFetch({ token: replies ?? [] });
        const tokens = oauthTokenProvider({
            ...tokenEndpointFixture(fake, clock),
            clientId: CLIENT_ID,
            clientCertificate: { pem: cert.pem },
            grant:
                grant === "refreshToken"
                    ? { kind: "refreshToken", refreshToken: "rt-distinctive-77" }
                    : { kind: "clientCredentials" },
            authority: "https://login.example",
        });
        return { fake, tokens };
    }

    it("sends a signed assertion for this endpoint instead of a client secret; a retry signs a new one", async () => {
        const { fake, tokens } = provider([{ status: 503, body: {} }, tokenReply("access-1")], "clientCredentials");
        assert.strictEqual(await tokens.getToken(), "access-1");
        const forms = fake.token().map((r) => new URLSearchParams(r.body));
        assert.strictEqual(forms.length, 2);
        for (const form of forms) {
            assert.strictEqual(form.get("grant_type"), "client_credentials");
            assert.strictEqual(form.get("client_secret"), null);
            assert.strictEqual(form.get("client_assertion_type"), JWT_BEARER_ASSERTION_TYPE);
            assert.strictEqual(decode(form.get("client_assertion")?.split(".")[1]).aud, TOKEN_URL);
        }
        assert.notStrictEqual(forms[0]?.get("client_assertion"), forms[1]?.get("client_assertion"));
    });

    it("an endpoint that echoes the assertion never gets it into the error", async () => {
        const { tokens } = provider(
            [
                (request) => ({
                    status: 401,
                    body: { error: "invalid_client", error_description: `bad: ${request.body ?? ""}` },
                }),
            ],
            "clientCredentials",
        );
        await assert.rejects(tokens.getToken(), (e: unknown) => {
            assert.ok(isPartnerCenterError(e));
            assert.strictEqual(e.code, "invalid_client");
            assert.doesNotMatch(e.message, /eyJ[\w-]+\.eyJ/);
            return true;
        });
    });

    it("invalid_grant of a refresh token names `npx pulumi-partnercenter login`; of client credentials it does not", async () => {
        const rejected = {
            status: 400,
            body: {
                error: "invalid_grant",
                error_description: "AADSTS700082: The refresh token has expired due to inactivity.",
            },
        };
        const appUser = provider([rejected], "refreshToken");
        await assert.rejects(appUser.tokens.getToken(), (e: Error) =>
            /run `npx pulumi-partnercenter login` in the stack's project directory/.test(e.message),
        );
        const appOnly = provider([rejected], "clientCredentials");
        await assert.rejects(appOnly.tokens.getToken(), (e: Error) => !/pulumi-partnercenter login/.test(e.message));
    });
});
