/**
 * The device authorization grant (RFC 8628) as Entra ID serves it on its v2 endpoints
 * ("Microsoft identity platform and the OAuth 2.0 device authorization grant flow",
 * https://learn.microsoft.com/entra/identity-platform/v2-oauth2-device-code):
 *
 * - `POST /{tenant}/oauth2/v2.0/devicecode` (`client_id`, `scope`) → `device_code`, `user_code`,
 *   `verification_uri`, `expires_in`, `interval`, `message`;
 * - `POST /{tenant}/oauth2/v2.0/token` with `grant_type=urn:ietf:params:oauth:grant-type:device_code` polls:
 *   `authorization_pending` until the user signs in, then the tokens; `authorization_declined`, `expired_token`,
 *   `bad_verification_code` end it; `slow_down` (RFC 8628 §3.5) when polled faster than `interval`.
 *
 * The human step (open the page, enter the code, sign in with or without MFA) is the control API's:
 * `POST /_emulator/devicecodes/{user_code}/approve` (`{"mfa": false}` for a sign-in without MFA) or `/decline`.
 */
import { randomBytes, randomInt } from "crypto";

export type DeviceCodeStatus = "pending" | "approved" | "declined";

export interface DeviceAuthorization {
    deviceCode: string;
    userCode: string;
    tenant: string;
    clientId: string;
    scope: string;
    createdAtMs: number;
    expiresAtMs: number;
    intervalSeconds: number;
    lastPollMs: number | undefined;
    status: DeviceCodeStatus;
    /** How the user signed in (`amr`): with MFA `["pwd", "mfa"]`, without `["pwd"]`. */
    amr: string[];
    user: string;
}

/** What the control API lists (no device code: that one is the polling client's secret). */
export interface DeviceCodeView {
    userCode: string;
    clientId: string;
    scope: string;
    status: DeviceCodeStatus;
    expiresAt: string;
}

/** Result of one poll: the authorization to issue tokens for, or an OAuth error. */
export type PollResult =
    { kind: "approved"; authorization: DeviceAuthorization } | { kind: "error"; error: string; description: string };

/** User codes: letters and digits that cannot be mistaken for one another (no 0/O, 1/I/L). */
const USER_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

export default class DeviceCodes {
    private readonly byDeviceCode = new Map<string, DeviceAuthorization>();

    constructor(
        private readonly now: () => number,
        private readonly timing: () => { intervalSeconds: number; lifetimeSeconds: number },
    ) {}

    /** Start a sign-in: a new device code and user code. */
    public start(tenant: string, clientId: string, scope: string): DeviceAuthorization {
        const { intervalSeconds, lifetimeSeconds } = this.timing();
        const userCode = Array.from({ length: 9 }, () => USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)]).join(
            "",
        );
        const authorization: DeviceAuthorization = {
            deviceCode: randomBytes(32).toString("base64url"),
            userCode,
            tenant,
            clientId,
            scope,
            createdAtMs: this.now(),
            expiresAtMs: this.now() + lifetimeSeconds * 1000,
            intervalSeconds,
            lastPollMs: undefined,
            status: "pending",
            amr: [],
            user: "",
        };
        this.byDeviceCode.set(authorization.deviceCode, authorization);
        return authorization;
    }

    /** The sign-ins not yet redeemed, oldest first. */
    public list(): DeviceCodeView[] {
        return [...this.byDeviceCode.values()].map((a) => ({
            userCode: a.userCode,
            clientId: a.clientId,
            scope: a.scope,
            status: a.status,
            expiresAt: new Date(a.expiresAtMs).toISOString(),
        }));
    }

    /** The human's answer for `userCode`; false when no pending sign-in has that code. */
    public decide(userCode: string, decision: { approve: boolean; mfa?: boolean; user?: string }): boolean {
        const authorization = [...this.byDeviceCode.values()].find(
            (a) => a.userCode === userCode.toUpperCase().replace(/-/g, "") && a.status === "pending",
        );
        if (!authorization || authorization.expiresAtMs <= this.now()) {
            return false;
        }
        authorization.status = decision.approve ? "approved" : "declined";
        authorization.amr = decision.mfa === false ? ["pwd"] : ["pwd", "mfa"];
        authorization.user = decision.user ?? "admin@partner.onmicrosoft.com";
        return true;
    }

    /**
     * One poll of the token endpoint by `clientId`. An approved authorization is redeemed once (removed); a
     * declined or expired one ends the flow.
     */
    public poll(deviceCode: string | null, clientId: string | null): PollResult {
        const authorization = deviceCode !== null ? this.byDeviceCode.get(deviceCode) : undefined;
        if (!authorization || authorization.clientId !== clientId) {
            return {
                kind: "error",
                error: "bad_verification_code",
                description:
                    "AADSTS70019: Verification code is not recognized (unknown, already redeemed or of another client).",
            };
        }
        const now = this.now();
        if (authorization.expiresAtMs <= now) {
            this.byDeviceCode.delete(authorization.deviceCode);
            return {
                kind: "error",
                error: "expired_token",
                description:
                    "AADSTS70020: The provided value for the input parameter 'device_code' is not valid. This device code has expired.",
            };
        }
        if (authorization.status === "declined") {
            this.byDeviceCode.delete(authorization.deviceCode);
            return {
                kind: "error",
                error: "authorization_declined",
                description: "AADSTS70018: The user declined the sign-in.",
            };
        }
        const last = authorization.lastPollMs;
        authorization.lastPollMs = now;
        // Half the interval: a client that waits `interval` between polls is never told to slow down by timer jitter.
        if (last !== undefined && now - last < (authorization.intervalSeconds * 1000) / 2) {
            return {
                kind: "error",
                error: "slow_down",
                description: `AADSTS70016: Polled too fast; wait at least ${authorization.intervalSeconds} s between polls (plus 5 s after each slow_down).`,
            };
        }
        if (authorization.status === "pending") {
            return {
                kind: "error",
                error: "authorization_pending",
                description: "AADSTS70016: OAuth 2.0 device flow error. Authorization is pending. Continue polling.",
            };
        }
        this.byDeviceCode.delete(authorization.deviceCode);
        return { kind: "approved", authorization };
    }
}
