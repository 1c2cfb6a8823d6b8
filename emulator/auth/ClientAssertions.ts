/**
 * Certificate credentials of the emulated app registration: the certificates registered for it (as uploaded under
 * "Certificates & secrets"), and the check of a signed client assertion against them, as Entra ID describes it
 * ("Microsoft identity platform application authentication certificate credentials",
 * https://learn.microsoft.com/entra/identity-platform/certificate-credentials): a JWT whose header names the
 * certificate by thumbprint (`x5t#S256` with PS256 today, `x5t` with RS256 before 2025: both are accepted), signed
 * with its private key, with `aud` the token endpoint, `iss` = `sub` = the client id, a `jti`, and `nbf`/`exp`
 * around now.
 *
 * Independent of the provider's signing code on purpose: this side only verifies, with the public key of a
 * certificate registered through the control API, so a signing bug cannot be hidden by the same bug here. Error
 * texts follow Entra's AADSTS codes where they are known; the emulator never echoes the assertion.
 */
import { createHash, verify, X509Certificate, constants } from "crypto";

/** `client_assertion_type` of a JWT client assertion (RFC 7523). */
export const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/** Clock skew allowed on `nbf` and `exp` (Entra does not publish its own; 5 minutes is the usual allowance). */
export const ASSERTION_SKEW_SECONDS = 300;

/** A registered certificate, as the control API lists it (no key material). */
export interface RegisteredCertificate {
    /** SHA-1 thumbprint, hex upper case (what the Entra admin center shows). */
    thumbprint: string;
    /** base64url SHA-256 of the DER (`x5t#S256`). */
    x5tS256: string;
    subject: string;
    validFrom: string;
    validTo: string;
}

interface Entry extends RegisteredCertificate {
    x5t: string;
    cert: X509Certificate;
}

/** Why an assertion was refused: Entra's `error` and `error_description` (status 401, `invalid_client`). */
export class AssertionRejected extends Error {
    constructor(readonly description: string) {
        super(description);
    }
}

const decodePart = (part: string | undefined): Record<string, unknown> | undefined => {
    try {
        const value: unknown = JSON.parse(Buffer.from(part ?? "", "base64url").toString("utf8"));
        return typeof value === "object" && value !== null && !Array.isArray(value)
            ? (value as Record<string, unknown>)
            : undefined;
    } catch {
        return undefined;
    }
};

export default class ClientAssertions {
    private readonly certificates: Entry[] = [];

    constructor(private readonly now: () => number = Date.now) {}

    /** Register a certificate (PEM, public part only; a private key in the text is ignored). Idempotent. */
    public register(pem: string): RegisteredCertificate {
        let cert: X509Certificate;
        try {
            cert = new X509Certificate(pem);
        } catch (e) {
            throw new Error(`not an X.509 certificate in PEM: ${(e as Error).message}`, { cause: e });
        }
        const entry: Entry = {
            thumbprint: cert.fingerprint.replace(/:/g, "").toUpperCase(),
            x5t: createHash("sha1").update(cert.raw).digest("base64url"),
            x5tS256: createHash("sha256").update(cert.raw).digest("base64url"),
            subject: cert.subject.replace(/\n/g, ", "),
            validFrom: new Date(cert.validFrom).toISOString(),
            validTo: new Date(cert.validTo).toISOString(),
            cert,
        };
        if (!this.certificates.some((c) => c.x5tS256 === entry.x5tS256)) {
            this.certificates.push(entry);
        }
        return ClientAssertions.view(entry);
    }

    public list(): RegisteredCertificate[] {
        return this.certificates.map(ClientAssertions.view);
    }

    public clear(): void {
        this.certificates.length = 0;
    }

    private static view(entry: Entry): RegisteredCertificate {
        const { thumbprint, x5tS256, subject, validFrom, validTo } = entry;
        return { thumbprint, x5tS256, subject, validFrom, validTo };
    }

    /**
     * Verify `assertion` for a request to `/{tenant}/oauth2/[v2.0/]token` by `clientId` (the app the emulator
     * knows). Throws {@link AssertionRejected} naming what failed. `aud` is checked by path (the emulator does not
     * know the host name a client used to reach it).
     */
    public verify(
        assertion: string,
        expected: { tenant: string; clientId: string; clientIdParam: string | null },
    ): void {
        const parts = assertion.split(".");
        const header = decodePart(parts[0]);
        const claims = decodePart(parts[1]);
        if (parts.length !== 3 || !header || !claims) {
            throw new AssertionRejected("AADSTS50027: JWT token is invalid or malformed.");
        }
        const alg = header["alg"];
        const byS256 = typeof header["x5t#S256"] === "string" ? (header["x5t#S256"] as string) : undefined;
        const bySha1 = typeof header["x5t"] === "string" ? (header["x5t"] as string) : undefined;
        if (alg !== "PS256" && alg !== "RS256") {
            throw new AssertionRejected(
                `AADSTS5002738: Invalid JWT token. '${String(alg)}' is not a supported signature algorithm (PS256 or RS256).`,
            );
        }
        const entry = this.certificates.find(
            (c) => (byS256 !== undefined && c.x5tS256 === byS256) || (bySha1 !== undefined && c.x5t === bySha1),
        );
        if (!entry) {
            throw new AssertionRejected(
                "AADSTS700027: The certificate with identifier used to sign the client assertion is not registered " +
                    `on application. [Reason - The key was not found., Thumbprint of key used by client: '${byS256 ?? bySha1 ?? "none"}'. ` +
                    "Please visit the Azure Portal, Enterprise applications and upload the certificate.]",
            );
        }
        const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
        const signature = Buffer.from(parts[2] ?? "", "base64url");
        const ok =
            alg === "PS256"
                ? verify(
                      "sha256",
                      signed,
                      { key: entry.cert.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
                      signature,
                  )
                : verify("sha256", signed, entry.cert.publicKey, signature);
        if (!ok) {
            throw new AssertionRejected("AADSTS700027: Client assertion failed signature validation.");
        }
        const nowSeconds = Math.floor(this.now() / 1000);
        if (Date.parse(entry.validTo) <= this.now()) {
            throw new AssertionRejected(
                `AADSTS700027: The certificate with thumbprint ${entry.thumbprint} registered on the application expired on ${entry.validTo}.`,
            );
        }
        const aud = typeof claims["aud"] === "string" ? claims["aud"] : "";
        let audPath = "";
        try {
            audPath = new URL(aud).pathname.replace(/\/+$/, "").toLowerCase();
        } catch {
            // not a URL: refused below
        }
        const tenant = expected.tenant.toLowerCase();
        if (audPath !== `/${tenant}/oauth2/token` && audPath !== `/${tenant}/oauth2/v2.0/token`) {
            throw new AssertionRejected(
                `AADSTS700027: Client assertion contains an invalid audience '${aud}': it must be the token endpoint ` +
                    `(https://<authority>/${expected.tenant}/oauth2/token or .../oauth2/v2.0/token).`,
            );
        }
        if (claims["iss"] !== expected.clientId || claims["sub"] !== expected.clientId) {
            throw new AssertionRejected(
                "AADSTS700021: Client assertion application identifier doesn't match 'client_id' parameter (iss and " +
                    "sub must both be the application id).",
            );
        }
        if (expected.clientIdParam !== null && expected.clientIdParam !== expected.clientId) {
            throw new AssertionRejected(
                "AADSTS700021: Client assertion application identifier doesn't match 'client_id' parameter.",
            );
        }
        if (typeof claims["jti"] !== "string" || claims["jti"] === "") {
            throw new AssertionRejected("AADSTS700027: Client assertion is missing the 'jti' claim.");
        }
        const exp = Number(claims["exp"]);
        const nbf = claims["nbf"] === undefined ? nowSeconds : Number(claims["nbf"]);
        if (
            !Number.isFinite(exp) ||
            exp + ASSERTION_SKEW_SECONDS <= nowSeconds ||
            !(nbf - ASSERTION_SKEW_SECONDS <= nowSeconds)
        ) {
            throw new AssertionRejected("AADSTS700024: Client assertion is not within its valid time range.");
        }
    }
}
