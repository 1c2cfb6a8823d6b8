/**
 * Access tokens for the emulated API, and the AAD v1 token endpoint that hands them out.
 *
 * Tokens are opaque random strings remembered in memory with their expiry and tenant (not JWTs: nothing should
 * depend on decoding them, and an opaque token cannot be forged by editing claims). They are deliberately not
 * persisted: after an emulator restart clients fetch a new token, as they would after a real token expired.
 */
import { randomBytes } from "crypto";

import type EmulatorError from "../errors/EmulatorError";
import ErrorFactory from "../errors/ErrorFactory";
import { Seed } from "../seed/Seed";

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

/** Result of the token endpoint: status and an AAD-shaped body. */
export interface TokenEndpointResult {
    status: number;
    body: Record<string, string>;
}

export default class TokenService {
    private readonly tokens = new Map<string, IssuedToken>();

    constructor(
        private readonly seed: Seed,
        private readonly lifetimeSeconds: () => number,
        private readonly now: () => number = Date.now,
    ) {}

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

    /**
     * `POST /{tenant}/oauth2/token` with a form-encoded body, v1 style (`resource=`): `grant_type=refresh_token`
     * (the Secure Application Model's runtime call, App+User) or `grant_type=client_credentials` (App-only, no
     * refresh token). Error bodies follow AAD (`{error, error_description}`) and never echo the submitted secret or
     * refresh token.
     */
    public tokenEndpoint(tenant: string, form: URLSearchParams): TokenEndpointResult {
        const partner = this.seed.partner;
        const fail = (error: string, description: string, status = 400): TokenEndpointResult => ({
            status,
            body: { error, error_description: description },
        });
        const knownTenant = [partner.tenantId.toLowerCase(), "common", "organizations"].includes(tenant.toLowerCase());
        if (!knownTenant) {
            return fail("invalid_request", `AADSTS90002: Tenant '${tenant}' not found.`);
        }
        const grantType = form.get("grant_type");
        if (grantType !== "refresh_token" && grantType !== "client_credentials") {
            return fail(
                "unsupported_grant_type",
                "AADSTS70003: The app requested an unsupported grant type. The emulator supports 'refresh_token' " +
                    "and 'client_credentials'.",
            );
        }
        if (form.get("client_id") !== partner.clientId) {
            return fail(
                "invalid_grant",
                `AADSTS700016: Application with identifier '${form.get("client_id") ?? ""}' was not found in the directory.`,
            );
        }
        if (form.get("client_secret") !== partner.clientSecret) {
            // Real AAD answers 401 invalid_client here; the project contract asks for 400 invalid_grant.
            return fail("invalid_grant", "AADSTS7000215: Invalid client secret provided.");
        }
        const refreshToken = form.get("refresh_token");
        const flow: AuthFlow = grantType === "client_credentials" ? "appOnly" : "appUser";
        if (flow === "appUser" && refreshToken !== partner.refreshToken) {
            return fail("invalid_grant", "AADSTS70000: Provided grant is invalid or malformed.");
        }
        const lifetime = this.lifetimeSeconds();
        const resource = form.get("resource") ?? PARTNER_CENTER_RESOURCE;
        const accessToken = this.issue({ expiresInSeconds: lifetime, flow, resource });
        const nowSeconds = Math.floor(this.now() / 1000);
        if (flow === "appOnly") {
            // AAD's client-credentials answer carries no refresh token and no user scope.
            return {
                status: 200,
                body: {
                    token_type: "Bearer",
                    expires_in: String(lifetime),
                    ext_expires_in: String(lifetime),
                    expires_on: String(nowSeconds + lifetime),
                    not_before: String(nowSeconds),
                    resource,
                    access_token: accessToken,
                },
            };
        }
        return {
            status: 200,
            body: {
                token_type: "Bearer",
                scope: "user_impersonation",
                expires_in: String(lifetime),
                ext_expires_in: String(lifetime),
                expires_on: String(nowSeconds + lifetime),
                not_before: String(nowSeconds),
                resource,
                access_token: accessToken,
                refresh_token: refreshToken ?? "",
            },
        };
    }
}
