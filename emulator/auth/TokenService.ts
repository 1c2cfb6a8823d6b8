/**
 * Access tokens for the emulated API, and the AAD v1 token endpoint that hands them out.
 *
 * Tokens are opaque random strings remembered in memory with their expiry and tenant (not JWTs: nothing should
 * depend on decoding them, and an opaque token cannot be forged by editing claims). They are deliberately not
 * persisted: after an emulator restart clients fetch a new token, as they would after a real token expired.
 */
import { randomBytes, randomUUID } from "crypto";

import type EmulatorError from "../errors/EmulatorError";
import ErrorFactory from "../errors/ErrorFactory";
import { Seed } from "../seed/Seed";
import ClientAssertions, { AssertionRejected, JWT_BEARER } from "./ClientAssertions";
import DeviceCodes from "./DeviceCodes";

/** The `resource` Partner Center tokens are issued for (v1 endpoint). */
export const PARTNER_CENTER_RESOURCE = "https://api.partnercenter.microsoft.com";

/** The OAuth flow a token came from: App+User (refresh-token grant) or App-only (client credentials). */
export type AuthFlow = "appUser" | "appOnly";

export interface IssuedToken {
    tenantId: string;
    expiresAtMs: number;
    flow: AuthFlow;
    /** The audience (`resource`) the token was requested for. */
    resource: string;
}

/** How a token request authenticated the app: its client secret, or a certificate-signed client assertion. */
export type ClientAuthKind = "secret" | "certificate";

/** Result of the token endpoint: status and an AAD-shaped body (v1 bodies have string numbers, v2 numbers). */
export interface TokenEndpointResult {
    status: number;
    body: Record<string, string | number>;
    /** Set when the app authenticated (for the request log). */
    clientAuth?: ClientAuthKind;
}

/** Which token endpoint: v1 (`/oauth2/token`, `resource=`) or v2 (`/oauth2/v2.0/token`, `scope=`). */
export type TokenEndpointVersion = "v1" | "v2";

export const DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

/** Timing of device-code sign-ins (RFC 8628 `interval` and lifetime). */
export interface DeviceCodeTiming {
    intervalSeconds: number;
    lifetimeSeconds: number;
}

const fail = (error: string, description: string, status = 400): TokenEndpointResult => ({
    status,
    body: { error, error_description: description },
});

/** The `resource` a v2 `scope` asks for: the first scope that is a URL, less its permission (`/.default`...). */
export function resourceOfScope(scope: string): string | undefined {
    const url = scope.split(/\s+/).find((s) => /^https?:\/\//i.test(s));
    return url?.replace(/\/[^/]*$/, "");
}

export default class TokenService {
    private readonly tokens = new Map<string, IssuedToken>();
    /** Refresh tokens handed out by device-code sign-ins (the seeded one is always valid too). */
    private readonly refreshTokens = new Set<string>();
    /** Certificates registered on the emulated app registration (certificate credentials). */
    public readonly certificates: ClientAssertions;
    /** Pending device-code sign-ins. */
    public readonly deviceCodes: DeviceCodes;

    constructor(
        private readonly seed: Seed,
        private readonly lifetimeSeconds: () => number,
        private readonly now: () => number = Date.now,
        deviceCodeTiming: () => DeviceCodeTiming = () => ({ intervalSeconds: 5, lifetimeSeconds: 900 }),
        /** Where the verification page is said to be (the emulator's own URL once listening). */
        private readonly baseUrl: () => string = () => "",
    ) {
        this.certificates = new ClientAssertions(now);
        this.deviceCodes = new DeviceCodes(now, deviceCodeTiming);
    }

    /** Issue a token; by default for the seeded partner tenant, valid for the configured lifetime. */
    public issue(
        opts: { expiresInSeconds?: number; tenantId?: string; flow?: AuthFlow; resource?: string } = {},
    ): string {
        const token = randomBytes(32).toString("base64url");
        const lifetime = opts.expiresInSeconds ?? this.lifetimeSeconds();
        this.tokens.set(token, {
            tenantId: opts.tenantId ?? this.seed.partner.tenantId,
            expiresAtMs: this.now() + lifetime * 1000,
            flow: opts.flow ?? "appUser",
            resource: opts.resource ?? PARTNER_CENTER_RESOURCE,
        });
        return token;
    }

    /** The issued token behind an `Authorization` header value, if any (no checks: see {@link authenticate}). */
    public lookup(header: string | undefined): IssuedToken | undefined {
        const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i.exec((header ?? "").trim());
        return match?.[1] !== undefined ? this.tokens.get(match[1]) : undefined;
    }

    /** Forget every issued token: all further API calls need a new one. */
    public revokeAll(): void {
        this.tokens.clear();
    }

    /**
     * Check an `Authorization` header value; returns the partner tenant id or throws a 401. Rejected: missing,
     * not `Bearer <token>`, unknown (never issued, revoked, or from before a restart), expired, and tokens of
     * another tenant. `unauthenticated` makes the 401 in the calling API's error shape.
     */
    public authenticate(
        header: string | undefined,
        unauthenticated: (reason: string) => EmulatorError = ErrorFactory.unauthorized,
    ): string {
        if (header === undefined || header.trim() === "") {
            throw unauthenticated("Partner Token missing in request context.");
        }
        const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i.exec(header.trim());
        if (!match || match[1] === undefined) {
            throw unauthenticated("the Authorization header must be 'Bearer <token>'.");
        }
        const issued = this.tokens.get(match[1]);
        if (!issued) {
            throw unauthenticated("the access token is not valid.");
        }
        if (issued.expiresAtMs <= this.now()) {
            throw unauthenticated("the access token has expired.");
        }
        if (issued.tenantId.toLowerCase() !== this.seed.partner.tenantId.toLowerCase()) {
            throw unauthenticated("the access token was issued for another tenant.");
        }
        return this.seed.partner.tenantId;
    }

    /** True for the tenant segments the token endpoints serve: the partner's tenant id, `common`, `organizations`. */
    private knownTenant(tenant: string): boolean {
        return [this.seed.partner.tenantId.toLowerCase(), "common", "organizations"].includes(tenant.toLowerCase());
    }

    /**
     * The app's authentication of a token request: `client_secret`, or `client_assertion_type` +
     * `client_assertion` checked against the registered certificates. The emulated app is a confidential client
     * (public client flows off), so every grant needs one of the two, never both.
     */
    private authenticateClient(tenant: string, form: URLSearchParams): ClientAuthKind | TokenEndpointResult {
        const partner = this.seed.partner;
        const clientId = form.get("client_id");
        const secret = form.get("client_secret");
        const assertion = form.get("client_assertion");
        const assertionType = form.get("client_assertion_type");
        if (assertion !== null || assertionType !== null) {
            if (secret !== null) {
                return fail(
                    "invalid_request",
                    "AADSTS50148: Send one client credential: client_secret or client_assertion, not both.",
                );
            }
            if (assertionType !== JWT_BEARER) {
                return fail("invalid_request", `AADSTS700023: client_assertion_type must be '${JWT_BEARER}'.`);
            }
            try {
                this.certificates.verify(assertion ?? "", {
                    tenant,
                    clientId: partner.clientId,
                    clientIdParam: clientId,
                });
            } catch (e) {
                if (e instanceof AssertionRejected) {
                    return fail("invalid_client", e.description, 401);
                }
                throw e;
            }
            return "certificate";
        }
        if (clientId !== partner.clientId) {
            return fail(
                "invalid_grant",
                `AADSTS700016: Application with identifier '${clientId ?? ""}' was not found in the directory.`,
            );
        }
        if (secret !== partner.clientSecret) {
            // Real AAD answers 401 invalid_client here; the project contract asks for 400 invalid_grant.
            return fail("invalid_grant", "AADSTS7000215: Invalid client secret provided.");
        }
        return "secret";
    }

    /**
     * The token endpoints, form-encoded: v1 `POST /{tenant}/oauth2/token` (`resource=`) and v2
     * `POST /{tenant}/oauth2/v2.0/token` (`scope=`). Grants: `refresh_token` (the Secure Application Model's
     * runtime call, App+User), `client_credentials` (App-only), and on v2 the device-code grant (the App+User
     * bootstrap). The app authenticates with its secret or a certificate assertion. Error bodies follow AAD
     * (`{error, error_description}`) and never echo a submitted secret, assertion or refresh token.
     */
    public tokenEndpoint(
        tenant: string,
        form: URLSearchParams,
        version: TokenEndpointVersion = "v1",
    ): TokenEndpointResult {
        const partner = this.seed.partner;
        if (!this.knownTenant(tenant)) {
            return fail("invalid_request", `AADSTS90002: Tenant '${tenant}' not found.`);
        }
        const grantType = form.get("grant_type");
        const grants = ["refresh_token", "client_credentials", ...(version === "v2" ? [DEVICE_CODE_GRANT] : [])];
        if (grantType === null || !grants.includes(grantType)) {
            return fail(
                "unsupported_grant_type",
                `AADSTS70003: The app requested an unsupported grant type. The emulator's ${version} token endpoint ` +
                    `supports ${grants.map((g) => `'${g}'`).join(", ")}.`,
            );
        }
        const clientAuth = this.authenticateClient(tenant, form);
        if (typeof clientAuth !== "string") {
            return clientAuth;
        }
        const resource =
            (version === "v2" ? resourceOfScope(form.get("scope") ?? "") : form.get("resource")) ??
            PARTNER_CENTER_RESOURCE;
        const lifetime = this.lifetimeSeconds();
        const nowSeconds = Math.floor(this.now() / 1000);
        const number = (n: number) => (version === "v2" ? n : String(n));
        const common = {
            token_type: "Bearer",
            expires_in: number(lifetime),
            ext_expires_in: number(lifetime),
            ...(version === "v1"
                ? { expires_on: String(nowSeconds + lifetime), not_before: String(nowSeconds), resource }
                : {}),
        };
        if (grantType === "client_credentials") {
            const accessToken = this.issue({ expiresInSeconds: lifetime, flow: "appOnly", resource });
            // AAD's client-credentials answer carries no refresh token and no user scope.
            return { status: 200, clientAuth, body: { ...common, access_token: accessToken } };
        }
        if (grantType === DEVICE_CODE_GRANT) {
            return this.redeemDeviceCode(form, resource, clientAuth, common);
        }
        const refreshToken = form.get("refresh_token");
        if (refreshToken === null || (refreshToken !== partner.refreshToken && !this.refreshTokens.has(refreshToken))) {
            return fail("invalid_grant", "AADSTS70000: Provided grant is invalid or malformed.");
        }
        const accessToken = this.issue({ expiresInSeconds: lifetime, flow: "appUser", resource });
        return {
            status: 200,
            clientAuth,
            body: {
                ...common,
                scope: version === "v2" ? (form.get("scope") ?? "") : "user_impersonation",
                access_token: accessToken,
                refresh_token: refreshToken,
            },
        };
    }

    /** A device-code poll: an OAuth error while the sign-in is not approved, else App+User tokens and an id token. */
    private redeemDeviceCode(
        form: URLSearchParams,
        resource: string,
        clientAuth: ClientAuthKind,
        common: Record<string, string | number>,
    ): TokenEndpointResult {
        const result = this.deviceCodes.poll(form.get("device_code"), this.seed.partner.clientId);
        if (result.kind === "error") {
            return { ...fail(result.error, result.description), clientAuth };
        }
        const { authorization } = result;
        const refreshToken = randomBytes(48).toString("base64url");
        this.refreshTokens.add(refreshToken);
        const nowSeconds = Math.floor(this.now() / 1000);
        const lifetime = this.lifetimeSeconds();
        // An unsigned id token (`alg: none`): it comes straight from the token endpoint, and the client reads its
        // claims (who signed in, `amr`) without trusting it for anything else.
        const idToken = [
            Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url"),
            Buffer.from(
                JSON.stringify({
                    aud: authorization.clientId,
                    iss: `${this.baseUrl()}/${this.seed.partner.tenantId}/v2.0`,
                    tid: this.seed.partner.tenantId,
                    oid: randomUUID(),
                    preferred_username: authorization.user,
                    amr: authorization.amr,
                    iat: nowSeconds,
                    nbf: nowSeconds,
                    exp: nowSeconds + lifetime,
                    ver: "2.0",
                }),
            ).toString("base64url"),
            "",
        ].join(".");
        return {
            status: 200,
            clientAuth,
            body: {
                ...common,
                scope: authorization.scope,
                access_token: this.issue({ expiresInSeconds: lifetime, flow: "appUser", resource }),
                refresh_token: refreshToken,
                id_token: idToken,
            },
        };
    }

    /** `POST /{tenant}/oauth2/v2.0/devicecode` (`client_id`, `scope`): start a device-code sign-in. */
    public deviceCodeEndpoint(tenant: string, form: URLSearchParams): TokenEndpointResult {
        if (!this.knownTenant(tenant)) {
            return fail("invalid_request", `AADSTS90002: Tenant '${tenant}' not found.`);
        }
        const clientId = form.get("client_id");
        if (clientId !== this.seed.partner.clientId) {
            return fail(
                "unauthorized_client",
                `AADSTS700016: Application with identifier '${clientId ?? ""}' was not found in the directory.`,
            );
        }
        const scope = form.get("scope");
        if (!scope) {
            return fail(
                "invalid_request",
                "AADSTS900144: The request body must contain the following parameter: 'scope'.",
            );
        }
        const authorization = this.deviceCodes.start(tenant, clientId, scope);
        const verificationUri = `${this.baseUrl()}/_emulator/devicelogin`;
        return {
            status: 200,
            body: {
                user_code: authorization.userCode,
                device_code: authorization.deviceCode,
                verification_uri: verificationUri,
                expires_in: Math.round((authorization.expiresAtMs - authorization.createdAtMs) / 1000),
                interval: authorization.intervalSeconds,
                message:
                    `To sign in, use a web browser to open the page ${verificationUri} and enter the code ` +
                    `${authorization.userCode} to authenticate.`,
            },
        };
    }
}
