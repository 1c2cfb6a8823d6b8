/**
 * Certificate credentials: the app proves its identity to the token endpoint with a JWT it signs with its
 * certificate's private key (`client_assertion`), instead of sending a client secret. Format as Microsoft Entra ID
 * documents it ("Microsoft identity platform application authentication certificate credentials",
 * https://learn.microsoft.com/entra/identity-platform/certificate-credentials, revision of 2025-01-04):
 *
 * - header  `alg: PS256`, `typ: JWT`, `x5t#S256`: base64url SHA-256 thumbprint of the certificate's DER encoding;
 * - claims  `aud` the token endpoint, `iss` = `sub` = the client id, `jti` a GUID, `nbf`/`iat` now, `exp` shortly
 *           after ("5-10 minutes after nbf at most");
 * - signature RSASSA-PSS with SHA-256 ("Use PSS padding").
 *
 * Before 2025 the page documented RS256 with `x5t` (SHA-1 thumbprint); MSAL sends PS256 + `x5t#S256` when given a
 * SHA-256 thumbprint. This module sends only the current form.
 *
 * Node's own `crypto` does all of it (X.509 parsing, thumbprints, key/certificate match, PSS signing): the JWS
 * compact serialisation around it is a few lines, and the token request stays on the one token path of
 * `auth.ts` (its retries, transport and secret scrubbing), which a token library would replace with its own.
 */
import { createHash, createPrivateKey, randomUUID, sign, X509Certificate, constants, type KeyObject } from "crypto";

/** `client_assertion_type` of a JWT client assertion (RFC 7523). */
export const JWT_BEARER_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/** Lifetime of one assertion: one is signed per token request, so it only needs to outlive that request. */
export const ASSERTION_LIFETIME_SECONDS = 600;

/** A certificate credential as configured: one PEM text with the private key and its certificate. */
export interface ClientCertificateSource {
    /** PEM: a `PRIVATE KEY` (PKCS#8, also `ENCRYPTED PRIVATE KEY` or `RSA PRIVATE KEY`) and the `CERTIFICATE`. */
    readonly pem: string;
    /** Passphrase of an encrypted private key. */
    readonly password?: string;
}

/** A loaded certificate credential: the key to sign with and what identifies the certificate. */
export interface ClientCertificate {
    readonly privateKey: KeyObject;
    /** `x5t#S256`: base64url SHA-256 of the certificate's DER. */
    readonly x5tS256: string;
    /** SHA-1 thumbprint as hex, upper case: what the Entra admin center shows under "Certificates & secrets". */
    readonly thumbprint: string;
    readonly subject: string;
    readonly validFrom: Date;
    readonly validTo: Date;
}

/**
 * What is wrong with a configured certificate, in words that name no key (the caller knows which setting it came
 * from and adds the fix). Never quotes the PEM or the password.
 */
export class CertificateProblem extends Error {
    override readonly name = "CertificateProblem";
    constructor(
        message: string,
        /** Which part to fix: the PEM text, or the password. */
        readonly part: "certificate" | "password",
    ) {
        super(message);
    }
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

/** The PEM blocks of a text, by label (`CERTIFICATE`, `PRIVATE KEY`, ...), in order. */
function pemBlocks(text: string): { label: string; block: string }[] {
    return [...text.matchAll(PEM_BLOCK)].map((m) => ({ label: m[1] ?? "", block: m[0] }));
}

/** Expiry dates as the Entra admin center shows them (ISO, to the second). */
function day(date: Date): string {
    return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * Parse and check a certificate credential: a private key and the certificate it belongs to (the first
 * `CERTIFICATE` block; further ones, a chain, are ignored), an RSA key (PS256), valid at `now`. Throws a
 * {@link CertificateProblem} saying what is wrong.
 */
export function loadClientCertificate(source: ClientCertificateSource, now: number = Date.now()): ClientCertificate {
    // Config values set from a file may carry Windows line ends, or literal "\n" when pasted into an env file.
    const text = source.pem.replace(/\\n/g, "\n").replace(/\r\n/g, "\n");
    const blocks = pemBlocks(text);
    const cert = blocks.find((b) => b.label === "CERTIFICATE");
    const key = blocks.find((b) => /(^|\s)PRIVATE KEY$/.test(b.label));
    if (!cert || !key) {
        const missing = [
            !key ? "a private key (-----BEGIN PRIVATE KEY-----)" : "",
            !cert ? "a certificate (-----BEGIN CERTIFICATE-----)" : "",
        ]
            .filter(Boolean)
            .join(" and ");
        throw new CertificateProblem(
            `must be PEM text with the private key and the certificate; it has no ${missing}` +
                (blocks.length === 0
                    ? " (no PEM block at all: is it a .pfx, or a file path instead of the file's content?)"
                    : ""),
            "certificate",
        );
    }
    let x509: X509Certificate;
    try {
        x509 = new X509Certificate(cert.block);
    } catch (e) {
        throw new CertificateProblem(
            `has a CERTIFICATE block that is not an X.509 certificate (${(e as Error).message})`,
            "certificate",
        );
    }
    const encrypted = key.label === "ENCRYPTED PRIVATE KEY" || /Proc-Type: 4,ENCRYPTED/.test(key.block);
    if (encrypted && !source.password) {
        throw new CertificateProblem("has an encrypted private key, and no password is set", "password");
    }
    let privateKey: KeyObject;
    try {
        privateKey = createPrivateKey({
            key: key.block,
            format: "pem",
            ...(source.password ? { passphrase: source.password } : {}),
        });
    } catch (e) {
        throw encrypted
            ? new CertificateProblem("has an encrypted private key that the password does not decrypt", "password")
            : new CertificateProblem(`has a private key that cannot be read (${(e as Error).message})`, "certificate");
    }
    if (privateKey.asymmetricKeyType !== "rsa") {
        throw new CertificateProblem(
            `has a ${privateKey.asymmetricKeyType ?? "non-RSA"} key: Entra ID certificate credentials are signed with ` +
                "RSA (PS256); use an RSA certificate (2048 bits or more)",
            "certificate",
        );
    }
    const thumbprint = x509.fingerprint.replace(/:/g, "").toUpperCase();
    if (!x509.checkPrivateKey(privateKey)) {
        throw new CertificateProblem(
            `has a private key that does not belong to its certificate (thumbprint ${thumbprint}): put the key and ` +
                "the certificate of the same key pair in it",
            "certificate",
        );
    }
    const validFrom = new Date(x509.validFrom);
    const validTo = new Date(x509.validTo);
    if (validTo.getTime() <= now) {
        throw new CertificateProblem(
            `holds a certificate (thumbprint ${thumbprint}, ${x509.subject.replace(/\n/g, ", ")}) that expired on ` +
                `${day(validTo)}: Entra ID refuses assertions signed with it. Upload a new certificate to the app ` +
                "registration (Certificates & secrets) and set it here",
            "certificate",
        );
    }
    if (validFrom.getTime() > now) {
        throw new CertificateProblem(
            `holds a certificate (thumbprint ${thumbprint}) that is not valid before ${day(validFrom)}`,
            "certificate",
        );
    }
    return {
        privateKey,
        x5tS256: createHash("sha256").update(x509.raw).digest("base64url"),
        thumbprint,
        subject: x509.subject.replace(/\n/g, ", "),
        validFrom,
        validTo,
    };
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** What one assertion says: who signs (`clientId`) for which token endpoint (`audience`), when. */
export interface AssertionClaims {
    readonly clientId: string;
    /** The token endpoint's URL, exactly as the request is sent to it. */
    readonly audience: string;
    /** Epoch ms. */
    readonly now: number;
    /** Default: a new GUID. */
    readonly jti?: string;
}

/** A signed client assertion (JWS compact serialisation), as Entra ID documents it (see the module comment). */
export function clientAssertion(certificate: ClientCertificate, claims: AssertionClaims): string {
    const nowSeconds = Math.floor(claims.now / 1000);
    const header = { alg: "PS256", typ: "JWT", "x5t#S256": certificate.x5tS256 };
    const payload = {
        aud: claims.audience,
        iss: claims.clientId,
        sub: claims.clientId,
        jti: claims.jti ?? randomUUID(),
        nbf: nowSeconds,
        iat: nowSeconds,
        exp: nowSeconds + ASSERTION_LIFETIME_SECONDS,
    };
    const signingInput = `${base64url(header)}.${base64url(payload)}`;
    const signature = sign("sha256", Buffer.from(signingInput), {
        key: certificate.privateKey,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        // PS256 (RFC 7518 §3.5): the salt is as long as the hash.
        saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
    });
    return `${signingInput}.${signature.toString("base64url")}`;
}
