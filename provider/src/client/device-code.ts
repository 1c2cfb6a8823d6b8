/**
 * The device authorization grant (RFC 8628) against Entra ID's v2 endpoints ("Microsoft identity platform and the
 * OAuth 2.0 device authorization grant flow", https://learn.microsoft.com/entra/identity-platform/v2-oauth2-device-code):
 * the App+User bootstrap of `npx pulumi-partnercenter login`. A partner admin signs in in any browser (with MFA)
 * while this process polls the token endpoint:
 *
 * 1. `POST {authority}/{tenant}/oauth2/v2.0/devicecode` (`client_id`, `scope`) → `user_code`, `verification_uri`,
 *    `device_code`, `interval`, `expires_in`;
 * 2. every `interval` seconds, `POST {authority}/{tenant}/oauth2/v2.0/token` with
 *    `grant_type=urn:ietf:params:oauth:grant-type:device_code`, the `device_code` and the app's client secret or
 *    certificate assertion. The app is a confidential client: its refresh token is later redeemed by the provider
 *    with the same credential, which Entra refuses for a token issued to a public client (AADSTS700025).
 *
 * Poll answers: `authorization_pending` (keep polling), `slow_down` (add 5 s to the interval, RFC 8628 §3.5),
 * `authorization_declined` / `access_denied`, `expired_token`, `bad_verification_code` (the end).
 */
import { randomUUID } from "crypto";

import { DeviceAuthorizationResponse, TokenResponse } from "../api/codecs";
import { clientAuthenticationParams, type TokenEndpointBase } from "./auth";
import { loadClientCertificate } from "./certificate";
import { isPartnerCenterError, parseErrorBody } from "./errors";
import { fetchText, type AttemptIdentity } from "./request";
import type { ClientAuthentication } from "./types";

export const DEVICE_CODE_GRANT_TYPE = "urn:ietf:params:oauth:grant-type:device_code";

/** RFC 8628 §3.5: after `slow_down` the interval grows by 5 seconds. */
const SLOW_DOWN_STEP_SECONDS = 5;
/** RFC 8628 §3.5: the interval when the server names none. */
const DEFAULT_INTERVAL_SECONDS = 5;

/** What the user must do, printed while polling. */
export interface DeviceCodePrompt {
    readonly verificationUri: string;
    readonly userCode: string;
    /** The endpoint's own sentence (Entra's says which page to open and which code to enter). */
    readonly message: string;
    readonly expiresInSeconds: number;
}

export interface DeviceCodeSignInOptions extends TokenEndpointBase {
    /** Space-separated v2 scopes, e.g. `https://api.partnercenter.microsoft.com/user_impersonation offline_access openid`. */
    readonly scope: string;
    readonly clientAuth: ClientAuthentication;
    /** Timeout of one HTTP request. */
    readonly attemptTimeoutMs: number;
    /** Called once, before polling: show the user what to do. */
    readonly onPrompt: (prompt: DeviceCodePrompt) => void;
}

/** The tokens of a completed sign-in. */
export interface DeviceCodeTokens {
    readonly accessToken: string;
    readonly refreshToken: string;
    readonly idToken: string | undefined;
}

/** Why a sign-in ended without tokens: the OAuth `error` (or `network`/`protocol`) and what to do. */
export class DeviceCodeError extends Error {
    override readonly name = "DeviceCodeError";
    constructor(
        readonly code: string,
        message: string,
    ) {
        super(message);
    }
}

/** What to do after each way a sign-in can end, by OAuth error code. */
function endOfSignIn(code: string, description: string): DeviceCodeError {
    const hints: Record<string, string> = {
        authorization_declined: "the sign-in was declined in the browser. Run the command again to start over.",
        access_denied: "the sign-in was declined in the browser. Run the command again to start over.",
        expired_token: "the code expired before anyone signed in with it. Run the command again for a new code.",
        bad_verification_code: "the token endpoint does not know this device code. Run the command again.",
        invalid_client: /AADSTS700025/.test(description)
            ? "the app registration allows public client flows, so Entra ID refuses its client secret or " +
              "certificate here, and the provider could not redeem the refresh token later either. Turn off " +
              "'Allow public client flows' (app registration > Authentication) and run the command again."
            : "the token endpoint refused the app's credential: check partnercenter:clientId and " +
              "partnercenter:clientSecret (or partnercenter:clientCertificate).",
        unauthorized_client:
            "the app may not use the device-code flow in this tenant: check partnercenter:clientId and partnercenter:tenantId.",
        invalid_scope: "the Partner Center API permission (user_impersonation) is not granted to the app registration.",
    };
    return new DeviceCodeError(code, `${hints[code] ?? "the sign-in failed."} (${code}: ${description})`);
}

/**
 * Run a device-code sign-in to the end: one device authorization, then polls until the user signed in, declined,
 * or the code expired. Resolves with the tokens; rejects with a {@link DeviceCodeError}. Network failures and
 * 5xx answers while polling are retried at the next interval (the code stays valid meanwhile).
 */
export async function deviceCodeSignIn(options: DeviceCodeSignInOptions): Promise<DeviceCodeTokens> {
    const { secrets } = options;
    secrets.add(options.clientAuth.clientSecret, options.clientAuth.clientCertificate?.pem);
    const base = `${options.authority.replace(/\/+$/, "")}/${encodeURIComponent(options.tenantId)}/oauth2/v2.0`;
    const certificate = options.clientAuth.clientCertificate
        ? loadClientCertificate(options.clientAuth.clientCertificate, options.now())
        : undefined;

    const post = async (endpoint: "devicecode" | "token", form: Record<string, string>) => {
        const id: AttemptIdentity = {
            operation: endpoint === "devicecode" ? "deviceAuthorization" : "acquireToken",
            method: "POST",
            path: `/${options.tenantId}/oauth2/v2.0/${endpoint}`,
            requestId: randomUUID(),
            correlationId: randomUUID(),
        };
        const { response, text } = await fetchText(
            options.fetch,
            `${base}/${endpoint}`,
            {
                method: "POST",
                headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
                body: new URLSearchParams(form).toString(),
                redirect: "manual",
            },
            options.attemptTimeoutMs,
            id,
            secrets,
        );
        let json: unknown;
        try {
            json = JSON.parse(text);
        } catch {
            json = undefined;
        }
        return { status: response.status, json, text };
    };

    const started = await post("devicecode", { client_id: options.clientId, scope: options.scope });
    const authorization = DeviceAuthorizationResponse.decode(started.json);
    if (started.status !== 200 || authorization._tag === "Left") {
        const error = parseErrorBody(started.text, secrets);
        throw endOfSignIn(error.code ?? String(started.status), error.description ?? "no device code in the answer");
    }
    const { device_code: deviceCode, user_code: userCode, verification_uri: verificationUri } = authorization.right;
    secrets.add(deviceCode);
    const expiresInSeconds = Number(authorization.right.expires_in);
    let intervalSeconds = Number(authorization.right.interval ?? DEFAULT_INTERVAL_SECONDS) || DEFAULT_INTERVAL_SECONDS;
    options.onPrompt({
        verificationUri,
        userCode,
        message:
            authorization.right.message ??
            `To sign in, open ${verificationUri} in a browser and enter the code ${userCode}.`,
        expiresInSeconds,
    });
    const deadline = options.now() + expiresInSeconds * 1000;
    const tokenEndpoint = `${base}/token`;
    while (options.now() < deadline) {
        await options.sleep(intervalSeconds * 1000);
        let answer: { status: number; json: unknown; text: string };
        try {
            answer = await post("token", {
                grant_type: DEVICE_CODE_GRANT_TYPE,
                client_id: options.clientId,
                device_code: deviceCode,
                ...clientAuthenticationParams(
                    {
                        ...(certificate ? { certificate } : {}),
                        ...(options.clientAuth.clientSecret !== undefined
                            ? { clientSecret: options.clientAuth.clientSecret }
                            : {}),
                    },
                    options.clientId,
                    tokenEndpoint,
                    options.now(),
                    secrets,
                ),
            });
        } catch (e) {
            if (isPartnerCenterError(e) && (e.kind === "network" || e.kind === "timeout")) {
                continue; // the code is still valid: ask again at the next interval
            }
            throw e;
        }
        if (answer.status === 200) {
            const tokens = TokenResponse.decode(answer.json);
            if (tokens._tag === "Left") {
                throw new DeviceCodeError("protocol", "the token endpoint's answer has no access token");
            }
            const { access_token: accessToken, refresh_token: refreshToken, id_token: idToken } = tokens.right;
            secrets.add(accessToken, refreshToken, idToken);
            if (!refreshToken) {
                throw new DeviceCodeError(
                    "no_refresh_token",
                    "the sign-in returned no refresh token: the scope must include offline_access, and the tenant " +
                        "must allow it. Nothing was stored.",
                );
            }
            return { accessToken, refreshToken, idToken: idToken ?? undefined };
        }
        if (answer.status >= 500) {
            continue;
        }
        const error = parseErrorBody(answer.text, secrets);
        switch (error.code) {
            case "authorization_pending":
                continue;
            case "slow_down":
                intervalSeconds += SLOW_DOWN_STEP_SECONDS;
                continue;
            default:
                throw endOfSignIn(error.code ?? String(answer.status), error.description ?? "");
        }
    }
    throw endOfSignIn("expired_token", `no sign-in within ${expiresInSeconds} s`);
}

/** How the user signed in, from a token's `amr` claim, and who (`preferred_username`/`upn`), when it says. */
export interface SignInFacts {
    /** `amr` values (`pwd`, `mfa`, `rsa`, ...); undefined when the token has no such claim or is not a JWT. */
    readonly amr: readonly string[] | undefined;
    readonly user: string | undefined;
}

/** The claims of a JWT, unverified (the token came straight from the token endpoint over TLS). */
export function jwtClaims(token: string | undefined): Record<string, unknown> | undefined {
    const payload = token?.split(".")[1];
    if (payload === undefined || token?.split(".").length !== 3) {
        return undefined;
    }
    try {
        const claims: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
        return typeof claims === "object" && claims !== null ? (claims as Record<string, unknown>) : undefined;
    } catch {
        return undefined;
    }
}

/**
 * How the user signed in: the access token's `amr` (what Partner Center checks; Entra's access tokens are JWTs),
 * else the id token's. MFA is `amr` containing `mfa`.
 */
export function signInFacts(tokens: Pick<DeviceCodeTokens, "accessToken" | "idToken">): SignInFacts {
    const fromAccess = jwtClaims(tokens.accessToken);
    const fromId = jwtClaims(tokens.idToken);
    const amrOf = (claims: Record<string, unknown> | undefined) =>
        Array.isArray(claims?.["amr"]) ? (claims["amr"] as unknown[]).map(String) : undefined;
    const userOf = (claims: Record<string, unknown> | undefined) => {
        const user = claims?.["preferred_username"] ?? claims?.["upn"] ?? claims?.["unique_name"];
        return typeof user === "string" ? user : undefined;
    };
    return {
        amr: amrOf(fromAccess) ?? amrOf(fromId),
        user: userOf(fromAccess) ?? userOf(fromId),
    };
}
