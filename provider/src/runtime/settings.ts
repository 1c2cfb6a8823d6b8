/**
 * Provider settings: endpoint, credentials, pacing and tolerances, read from stack config in `configure()`
 * (`partnercenter:*`) with `PARTNERCENTER_*` environment fallbacks. Nothing here is read at module load:
 * credentials must never be captured into the serialized provider.
 */
import { resolveEndpoints, type CloudEndpoints } from "../api/clouds";
import type { Credentials, PacingPolicy, RetryPolicy } from "../client/types";

/** Config keys (namespace `partnercenter`) and their environment fallbacks. */
export const SETTING_KEYS = {
    endpoint: "PARTNERCENTER_ENDPOINT",
    authority: "PARTNERCENTER_AUTHORITY",
    tenantId: "PARTNERCENTER_TENANT_ID",
    clientId: "PARTNERCENTER_CLIENT_ID",
    clientSecret: "PARTNERCENTER_CLIENT_SECRET",
    refreshToken: "PARTNERCENTER_REFRESH_TOKEN",
    accessToken: "PARTNERCENTER_ACCESS_TOKEN",
    requestsPerMinute: "PARTNERCENTER_REQUESTS_PER_MINUTE",
    maxConcurrency: "PARTNERCENTER_MAX_CONCURRENCY",
    deadlineSeconds: "PARTNERCENTER_DEADLINE_SECONDS",
    attemptTimeoutSeconds: "PARTNERCENTER_ATTEMPT_TIMEOUT_SECONDS",
    readAfterCreateLagSeconds: "PARTNERCENTER_READ_AFTER_CREATE_LAG_SECONDS",
    locale: "PARTNERCENTER_LOCALE",
    domainPreflight: "PARTNERCENTER_DOMAIN_PREFLIGHT",
    addressValidation: "PARTNERCENTER_ADDRESS_VALIDATION",
} as const;

export type SettingKey = keyof typeof SETTING_KEYS;

/** Default pacing: below Partner Center's documented 500 requests/minute/tenant for the Customer resource. */
export const DEFAULT_REQUESTS_PER_MINUTE = 450;
/** Default concurrency of calls leaving one provider process. */
export const DEFAULT_MAX_CONCURRENCY = 16;
/**
 * How long after creation a 404 is taken for Partner Center's read-after-create lag rather than deletion.
 * Observed lag: ~30 s "not found", up to ~90 s "no company" (Partner-Center-Java#57).
 */
export const DEFAULT_READ_AFTER_CREATE_LAG_SECONDS = 120;

/**
 * Where a taken domain is detected for a new customer:
 * - `check` (default): `check` asks `HEAD /v1/domains/{domain}`, so `pulumi preview` reports a domain taken by any
 *   tenant. Pulumi calls `check` one resource at a time, so this costs one API round trip per new customer, in
 *   series.
 * - `create`: `check` makes no per-customer call; a taken domain is reported by `create`, whose POST Partner Center
 *   rejects before creating anything. For bulk onboarding: creates then run in parallel, paced.
 */
export type DomainPreflight = "check" | "create";
export const DOMAIN_PREFLIGHT_MODES: readonly DomainPreflight[] = ["check", "create"];

/**
 * Whether new customers' addresses go through Partner Center's address validation (`POST /v1/validations/address`)
 * before anything is created: `on` (default) or `off`. Where it runs follows `domainPreflight` (`check`: in preview;
 * `create`: just before the POST). See README "Validation".
 */
export type AddressValidationMode = "on" | "off";
export const ADDRESS_VALIDATION_MODES: readonly AddressValidationMode[] = ["on", "off"];

export interface ProviderSettings {
    readonly endpoints: CloudEndpoints;
    /** Undefined when none are configured; API calls then fail with `missingCredentialsMessage`. */
    readonly credentials: Credentials | undefined;
    readonly pacing: Partial<PacingPolicy>;
    readonly retry: Partial<RetryPolicy>;
    readonly readAfterCreateLagMs: number;
    readonly locale: string | undefined;
    readonly domainPreflight: DomainPreflight;
    readonly addressValidation: AddressValidationMode;
}

export const missingCredentialsMessage =
    "Partner Center credentials are not configured. Set either partnercenter:accessToken, or all of " +
    "partnercenter:tenantId, partnercenter:clientId, partnercenter:clientSecret and partnercenter:refreshToken " +
    "(use `pulumi config set --secret` for secrets), or the PARTNERCENTER_* environment variables.";

/** A config reader: returns the value of `partnercenter:<key>` or undefined. */
export type ConfigReader = (key: SettingKey) => string | undefined;

/**
 * Build settings from a config reader and the environment. Config wins over the environment; empty strings
 * count as unset.
 */
export function readSettings(config: ConfigReader, env: NodeJS.ProcessEnv = process.env): ProviderSettings {
    const get = (key: SettingKey): string | undefined => {
        const fromConfig = config(key)?.trim();
        if (fromConfig) {
            return fromConfig;
        }
        const fromEnv = env[SETTING_KEYS[key]]?.trim();
        return fromEnv ? fromEnv : undefined;
    };
    const number = (key: SettingKey, fallback: number): number => {
        const raw = get(key);
        if (raw === undefined) {
            return fallback;
        }
        const value = Number(raw);
        if (!Number.isFinite(value) || value < 0) {
            throw new Error(`partnercenter:${key} must be a non-negative number, got '${raw}'`);
        }
        return value;
    };

    const accessToken = get("accessToken");
    const tenantId = get("tenantId");
    const clientId = get("clientId");
    const clientSecret = get("clientSecret");
    const refreshToken = get("refreshToken");
    let credentials: Credentials | undefined;
    if (tenantId && clientId && clientSecret && refreshToken) {
        credentials = { kind: "refreshToken", tenantId, clientId, clientSecret, refreshToken };
    } else if (accessToken) {
        credentials = { kind: "accessToken", accessToken };
    }

    const domainPreflight = (get("domainPreflight") ?? "check").toLowerCase();
    if (!(DOMAIN_PREFLIGHT_MODES as readonly string[]).includes(domainPreflight)) {
        throw new Error(
            `partnercenter:domainPreflight must be one of ${DOMAIN_PREFLIGHT_MODES.join(", ")}, got '${domainPreflight}'`,
        );
    }
    const addressValidation = (get("addressValidation") ?? "on").toLowerCase();
    if (!(ADDRESS_VALIDATION_MODES as readonly string[]).includes(addressValidation)) {
        throw new Error(
            `partnercenter:addressValidation must be one of ${ADDRESS_VALIDATION_MODES.join(", ")}, got '${addressValidation}'`,
        );
    }
    const deadlineSeconds = get("deadlineSeconds");
    const attemptTimeoutSeconds = get("attemptTimeoutSeconds");
    return {
        endpoints: resolveEndpoints(get("endpoint"), get("authority")),
        credentials,
        pacing: {
            requestsPerMinute: number("requestsPerMinute", DEFAULT_REQUESTS_PER_MINUTE),
            maxConcurrency: number("maxConcurrency", DEFAULT_MAX_CONCURRENCY),
        },
        retry: {
            ...(deadlineSeconds !== undefined ? { deadlineMs: number("deadlineSeconds", 0) * 1000 } : {}),
            ...(attemptTimeoutSeconds !== undefined
                ? { attemptTimeoutMs: number("attemptTimeoutSeconds", 0) * 1000 }
                : {}),
        },
        readAfterCreateLagMs: number("readAfterCreateLagSeconds", DEFAULT_READ_AFTER_CREATE_LAG_SECONDS) * 1000,
        locale: get("locale"),
        domainPreflight: domainPreflight as DomainPreflight,
        addressValidation: addressValidation as AddressValidationMode,
    };
}
