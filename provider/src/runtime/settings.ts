/**
 * Provider settings: endpoint, credentials, pacing and tolerances, read from stack config in `configure()`
 * (`partnercenter:*`) with `PARTNERCENTER_*` environment fallbacks. Nothing here is read at module load:
 * credentials must never be captured into the serialized provider.
 */
import { Clouds, resolveEndpoints, type CloudEndpoints } from "../api/clouds";
import { CertificateProblem, loadClientCertificate } from "../client/certificate";
import type { ClientAuthentication, Credentials, PacingPolicy, RetryPolicy } from "../client/types";
import type { GraphCredentials } from "../graph/client";

/** Config keys (namespace `partnercenter`) and their environment fallbacks. */
export const SETTING_KEYS = {
    endpoint: "PARTNERCENTER_ENDPOINT",
    authority: "PARTNERCENTER_AUTHORITY",
    tenantId: "PARTNERCENTER_TENANT_ID",
    clientId: "PARTNERCENTER_CLIENT_ID",
    clientSecret: "PARTNERCENTER_CLIENT_SECRET",
    /** PEM text with the app's private key and certificate: signs client assertions instead of a client secret. */
    clientCertificate: "PARTNERCENTER_CLIENT_CERTIFICATE",
    /** Passphrase of an encrypted private key in `clientCertificate`. */
    clientCertificatePassword: "PARTNERCENTER_CLIENT_CERTIFICATE_PASSWORD",
    refreshToken: "PARTNERCENTER_REFRESH_TOKEN",
    accessToken: "PARTNERCENTER_ACCESS_TOKEN",
    requestsPerMinute: "PARTNERCENTER_REQUESTS_PER_MINUTE",
    maxConcurrency: "PARTNERCENTER_MAX_CONCURRENCY",
    pacing: "PARTNERCENTER_PACING",
    deadlineSeconds: "PARTNERCENTER_DEADLINE_SECONDS",
    attemptTimeoutSeconds: "PARTNERCENTER_ATTEMPT_TIMEOUT_SECONDS",
    readAfterCreateLagSeconds: "PARTNERCENTER_READ_AFTER_CREATE_LAG_SECONDS",
    locale: "PARTNERCENTER_LOCALE",
    domainPreflight: "PARTNERCENTER_DOMAIN_PREFLIGHT",
    adoptExisting: "PARTNERCENTER_ADOPT_EXISTING",
    /** Microsoft Graph base URL for GDAP (default `https://graph.microsoft.com`; the emulator's is `<url>/graph`). */
    graphEndpoint: "PARTNERCENTER_GRAPH_ENDPOINT",
    addressValidation: "PARTNERCENTER_ADDRESS_VALIDATION",
} as const;

export type SettingKey = keyof typeof SETTING_KEYS;

/**
 * The settings that are credentials. Set in stack config, each must be set with `--secret` (see
 * `runtime/secret-config.ts`, which refuses a run otherwise); any new secret setting goes here.
 */
export const SECRET_SETTING_KEYS: readonly SettingKey[] = [
    "clientSecret",
    "clientCertificate",
    "clientCertificatePassword",
    "refreshToken",
    "accessToken",
];

/** The credential settings of App+User (refresh-token) authentication, in the order they are reported. */
export const REFRESH_TOKEN_SETTING_KEYS: readonly SettingKey[] = [
    "tenantId",
    "clientId",
    "clientSecret",
    "refreshToken",
];

/**
 * The default of `adoptExisting` for resources that leave it unset (`partnercenter:adoptExisting`):
 * `ifExists` adopts a verified existing customer and creates the others: the one-step recovery after a crashed
 * run (`pulumi config set partnercenter:adoptExisting ifExists`, then `pulumi up`).
 */
export type AdoptDefault = "ifExists" | false;

/**
 * Default pacing ceiling: Partner Center's documented 500 requests/minute/tenant for the Customer resource. With
 * the default `adaptive` pacing the rate moves below it as 429s say the tenant's budget is shared.
 */
export const DEFAULT_REQUESTS_PER_MINUTE = 500;

/**
 * `partnercenter:pacing`: `adaptive` (default; AIMD up to `requestsPerMinute`, client/adaptive-rate.ts) or `fixed`
 * (exactly `requestsPerMinute`, only 429s slow it).
 */
export type PacingMode = "adaptive" | "fixed";
export const PACING_MODES: readonly PacingMode[] = ["adaptive", "fixed"];
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
    /**
     * App-only (client credentials) from the same `tenantId` + `clientId` + `clientSecret` (or `clientCertificate`),
     * for the operations that only accept App-only tokens (the enhanced MCA attestation). Undefined when those are
     * not all set.
     */
    readonly appOnlyCredentials: (Credentials & { kind: "clientCredentials" }) | undefined;
    readonly pacing: Partial<PacingPolicy>;
    readonly retry: Partial<RetryPolicy>;
    readonly readAfterCreateLagMs: number;
    readonly locale: string | undefined;
    readonly domainPreflight: DomainPreflight;
    /** Default adopt mode for resources that leave `adoptExisting` unset. */
    readonly adoptExisting: AdoptDefault;
    /** Credential settings that are set (by key), for error messages that name what is missing. */
    readonly credentialKeysSet: readonly SettingKey[];
    /**
     * Microsoft Graph (GDAP): base URL, and App-only credentials (client credentials of the same app registration:
     * tenantId + clientId + clientSecret). Undefined credentials: Graph calls fail with `missingGraphCredentialsMessage`.
     */
    readonly graph: { readonly endpoint: string; readonly credentials: GraphCredentials | undefined };
    readonly addressValidation: AddressValidationMode;
}

/** The step that turns on adoption of existing customers for the whole stack (crash recovery). */
export const ADOPT_IF_EXISTS_STEP = "`pulumi config set partnercenter:adoptExisting ifExists`, then `pulumi up`";

export const DEFAULT_GRAPH_ENDPOINT = "https://graph.microsoft.com";

/**
 * The Graph endpoint when `partnercenter:graphEndpoint` is unset: Microsoft Graph for a Microsoft cloud's Partner
 * Center, and `<endpoint>/graph` for any other endpoint URL (the emulator serves both APIs from one port), so an
 * offline stack never reaches for graph.microsoft.com because one key was forgotten.
 */
export function defaultGraphEndpoint(endpoints: CloudEndpoints): string {
    const microsoft = Object.values(Clouds).some((cloud) => cloud.apiBase === endpoints.apiBase);
    return microsoft ? DEFAULT_GRAPH_ENDPOINT : `${endpoints.apiBase}/graph`;
}

export const missingGraphCredentialsMessage =
    "Microsoft Graph credentials are not configured. GDAP resources use App-only tokens from the same app " +
    "registration: set partnercenter:tenantId, partnercenter:clientId and partnercenter:clientSecret or " +
    "partnercenter:clientCertificate (secrets with `pulumi config set --secret`), or the PARTNERCENTER_* environment " +
    "variables. The app needs the DelegatedAdminRelationship.ReadWrite.All application permission.";

export const missingCredentialsMessage =
    "Partner Center credentials are not configured. Set either partnercenter:accessToken, or all of " +
    "partnercenter:tenantId, partnercenter:clientId, partnercenter:clientSecret (or partnercenter:clientCertificate) " +
    "and partnercenter:refreshToken (use `pulumi config set --secret` for secrets; `npx pulumi-partnercenter login` " +
    "gets and stores the refresh token), or the PARTNERCENTER_* environment variables.";

/**
 * The credentials error for what is set: names the keys that are missing for App+User authentication (and that
 * an access token alone would do), so a stack with 3 of the 4 keys is told which one.
 */
export function credentialsProblem(set: readonly SettingKey[]): string {
    // A certificate stands in for the client secret.
    const missing = REFRESH_TOKEN_SETTING_KEYS.filter(
        (k) => !set.includes(k) && !(k === "clientSecret" && set.includes("clientCertificate")),
    );
    const partial = REFRESH_TOKEN_SETTING_KEYS.some((k) => set.includes(k));
    if (!partial) {
        return missingCredentialsMessage;
    }
    const fix = missing
        .map((k) =>
            k === "refreshToken"
                ? "`npx pulumi-partnercenter login` (signs in and stores partnercenter:refreshToken as a secret)"
                : SECRET_SETTING_KEYS.includes(k)
                  ? `pulumi config set --secret partnercenter:${k} <value>`
                  : `pulumi config set partnercenter:${k} <value>`,
        )
        .join("; ");
    return (
        `Partner Center credentials are incomplete: ${missing.map((k) => `partnercenter:${k}`).join(", ")} ` +
        `${missing.length === 1 ? "is" : "are"} not set (set: ${set.map((k) => `partnercenter:${k}`).join(", ")}; ` +
        `or the ${missing.map((k) => SETTING_KEYS[k]).join(", ")} environment variable${missing.length === 1 ? "" : "s"}). ` +
        `Fix: ${fix}.`
    );
}
export const missingAppOnlyCredentialsMessage =
    "The Microsoft Customer Agreement attestation API only accepts App-only (client-credentials) tokens. Set all of " +
    "partnercenter:tenantId, partnercenter:clientId and partnercenter:clientSecret or partnercenter:clientCertificate " +
    "(the same app registration; `pulumi config set --secret partnercenter:clientSecret ...`, or " +
    "`pulumi config set --secret partnercenter:clientCertificate < app.pem`), or the PARTNERCENTER_* environment " +
    "variables.";

/**
 * The app's client authentication from its settings: the secret, or the certificate (checked now: a bad PEM, a
 * wrong password, a mismatched key or an expired certificate fails here, naming the key and the fix, before
 * anything is sent). Both set is refused: Entra ID itself takes one credential per request, and which one the
 * stack means cannot be told (a leftover secret in the environment, a certificate in config...).
 */
export function clientAuthenticationFrom(
    values: { clientSecret?: string; clientCertificate?: string; clientCertificatePassword?: string },
    now: number = Date.now(),
): ClientAuthentication | undefined {
    const { clientSecret, clientCertificate, clientCertificatePassword } = values;
    if (clientSecret && clientCertificate) {
        throw new Error(
            "partnercenter:clientSecret and partnercenter:clientCertificate must not both be set: the app " +
                "authenticates with one of them (Entra ID takes one credential per token request). Keep the " +
                "certificate and remove the secret (`pulumi config rm partnercenter:clientSecret`, or unset " +
                "PARTNERCENTER_CLIENT_SECRET), or the other way round.",
        );
    }
    if (clientCertificate) {
        const source = {
            pem: clientCertificate,
            ...(clientCertificatePassword ? { password: clientCertificatePassword } : {}),
        };
        try {
            loadClientCertificate(source, now);
        } catch (e) {
            if (!(e instanceof CertificateProblem)) {
                throw e;
            }
            const fix =
                e.part === "password"
                    ? "set the key's passphrase with `pulumi config set --secret partnercenter:clientCertificatePassword <value>` (or PARTNERCENTER_CLIENT_CERTIFICATE_PASSWORD)"
                    : "set the PEM file's content (private key and certificate) with `pulumi config set --secret partnercenter:clientCertificate < app.pem` (or PARTNERCENTER_CLIENT_CERTIFICATE)";
            throw new Error(
                `partnercenter:clientCertificate must be a usable certificate credential: it ${e.message}. Fix: ${fix}.`,
                { cause: e },
            );
        }
        return { clientCertificate: source };
    }
    if (clientCertificatePassword) {
        throw new Error(
            "partnercenter:clientCertificatePassword must be set only with partnercenter:clientCertificate (the " +
                "passphrase of its private key); set the certificate, or remove the password.",
        );
    }
    return clientSecret ? { clientSecret } : undefined;
}

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
    const clientAuth = clientAuthenticationFrom({
        clientSecret: get("clientSecret"),
        clientCertificate: get("clientCertificate"),
        clientCertificatePassword: get("clientCertificatePassword"),
    });
    const refreshToken = get("refreshToken");
    const credentialKeysSet = (
        ["tenantId", "clientId", "clientSecret", "clientCertificate", "refreshToken", "accessToken"] as const
    ).filter((k) => get(k) !== undefined);
    let credentials: Credentials | undefined;
    if (tenantId && clientId && clientAuth && refreshToken) {
        credentials = { kind: "refreshToken", tenantId, clientId, refreshToken, ...clientAuth };
    } else if (accessToken) {
        credentials = { kind: "accessToken", accessToken };
    }

    const domainPreflight = (get("domainPreflight") ?? "check").toLowerCase();
    if (!(DOMAIN_PREFLIGHT_MODES as readonly string[]).includes(domainPreflight)) {
        throw new Error(
            `partnercenter:domainPreflight must be one of ${DOMAIN_PREFLIGHT_MODES.join(", ")}, got '${domainPreflight}'`,
        );
    }
    const adoptRaw = get("adoptExisting");
    let adoptExisting: AdoptDefault = false;
    if (adoptRaw !== undefined && adoptRaw.toLowerCase() !== "false") {
        if (adoptRaw.toLowerCase() !== "ifexists") {
            throw new Error(
                `partnercenter:adoptExisting must be ifExists (adopt verified existing customers, create the others) ` +
                    `or false, got '${adoptRaw}'. To adopt only (never create), set adoptExisting: true on the resource.`,
            );
        }
        adoptExisting = "ifExists";
    }
    const pacingMode = (get("pacing") ?? "adaptive").toLowerCase();
    if (!(PACING_MODES as readonly string[]).includes(pacingMode)) {
        throw new Error(`partnercenter:pacing must be one of ${PACING_MODES.join(", ")}, got '${pacingMode}'`);
    }
    const endpoints = resolveEndpoints(get("endpoint"), get("authority"));
    const graphEndpoint = (get("graphEndpoint") ?? defaultGraphEndpoint(endpoints)).replace(/\/+$/, "");
    if (!/^https?:\/\//i.test(graphEndpoint)) {
        throw new Error(`partnercenter:graphEndpoint must be an http(s) URL, got '${graphEndpoint}'`);
    }
    const appOnly =
        tenantId && clientId && clientAuth
            ? { kind: "clientCredentials" as const, tenantId, clientId, ...clientAuth }
            : undefined;
    const graphCredentials: GraphCredentials | undefined = appOnly;
    const addressValidation = (get("addressValidation") ?? "on").toLowerCase();
    if (!(ADDRESS_VALIDATION_MODES as readonly string[]).includes(addressValidation)) {
        throw new Error(
            `partnercenter:addressValidation must be one of ${ADDRESS_VALIDATION_MODES.join(", ")}, got '${addressValidation}'`,
        );
    }
    const deadlineSeconds = get("deadlineSeconds");
    const attemptTimeoutSeconds = get("attemptTimeoutSeconds");
    return {
        endpoints,
        credentials,
        appOnlyCredentials: appOnly,
        pacing: {
            requestsPerMinute: number("requestsPerMinute", DEFAULT_REQUESTS_PER_MINUTE),
            maxConcurrency: number("maxConcurrency", DEFAULT_MAX_CONCURRENCY),
            ...(pacingMode === "adaptive" ? { adaptive: {} } : {}),
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
        adoptExisting,
        credentialKeysSet,
        graph: { endpoint: graphEndpoint, credentials: graphCredentials },
        addressValidation: addressValidation as AddressValidationMode,
    };
}
