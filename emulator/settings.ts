import { API_FAMILIES, FAMILY_LIMITS, type ApiFamily } from "pulumi-partnercenter/api";

import ErrorFactory from "./errors/ErrorFactory";
import { RateLimit } from "./ratelimit/TokenBucketRateLimiter";

/**
 * Settings that can change while the emulator runs (`emulator.options`, `PATCH /_emulator/settings`). The
 * pipeline reads them on every request, so a change applies to the next request.
 */
export interface RuntimeSettings {
    /** Delay added to every API request, in ms. */
    latencyMs: number;
    /**
     * The Partner Center Customer resource's limit (token bucket per partner tenant); `undefined` = no limit. When
     * set, every other API family is limited too, at its published (or assumed) rate: see {@link familyRateLimit}.
     */
    rateLimit: RateLimit | undefined;
    /**
     * Per-family overrides of {@link familyRateLimit} (`null` = that family unlimited); a family given here is
     * limited even while `rateLimit` is off.
     */
    rateLimits: Partial<Record<ApiFamily, RateLimit | null>>;
    /** How long a just-created customer stays invisible to GETs by id (404), in ms. */
    readAfterCreateLagMs: number;
    /** Replay the recorded response when a mutating request repeats its `MS-RequestId`. */
    dedupeRequestIds: boolean;
    /** Integration sandbox: DELETE allowed. Production: DELETE refused with 403. */
    sandbox: boolean;
    /**
     * Leave `associatedPartnerId` out of `GET /v1/customers/{id}` answers and list items (no public sample shows
     * it there): clients must verify a customer's reseller through the `IndirectReseller`-filtered list.
     */
    omitAssociatedPartnerId: boolean;
    /**
     * Which Partner Center cloud the emulator stands in for. The MCA operations exist in the public cloud only
     * (`global`); in `usgov` and `china` they answer 403.
     */
    cloud: EmulatedCloud;
    /**
     * How long a Graph long-running operation (the 202 of an access-assignment PATCH) stays `notStarted`/`running`
     * before it ends and, on success, the new roles show, in ms. Also the `Retry-After` of the 202 (in seconds,
     * fractional when not whole). Default 1000.
     */
    gdapOperationDelayMs: number;
    /** How the next Graph long-running operations end: `succeeded` (default), or `failed` (nothing applied). */
    gdapOperationOutcome: GdapOperationOutcome;
    /**
     * The status of a GDAP relationship create refused because its displayName is taken. No published sample shows
     * this error: 409 `nameAlreadyExists` (default) or 400 `invalidRequest`, so clients can be tested against both.
     */
    gdapDuplicateNameStatus: GdapDuplicateNameStatus;
    /** `interval` of new device-code sign-ins, in seconds (Entra: 5; tests use 1). */
    deviceCodeIntervalSeconds: number;
    /** Lifetime of new device codes, in seconds (Entra: 900). */
    deviceCodeLifetimeSeconds: number;
}

export type GdapDuplicateNameStatus = 400 | 409;

export type GdapOperationOutcome = "succeeded" | "failed";

export type EmulatedCloud = "global" | "usgov" | "china";
export const EMULATED_CLOUDS: readonly EmulatedCloud[] = ["global", "usgov", "china"];

const nonNegative = (value: unknown, name: string): number => {
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
        throw ErrorFactory.invalidInput(name, "must be a non-negative number");
    }
    return value;
};

/** Validate a rate limit given as JSON (`null` = no limit). */
export function parseRateLimit(value: unknown): RateLimit | undefined {
    if (value === null || value === undefined) {
        return undefined;
    }
    if (typeof value !== "object" || Array.isArray(value)) {
        throw ErrorFactory.invalidInput("rateLimit", "must be {requestsPerMinute, burst?} or null");
    }
    const o = value as Record<string, unknown>;
    const rpm = nonNegative(o["requestsPerMinute"], "rateLimit.requestsPerMinute");
    return o["burst"] === undefined
        ? { requestsPerMinute: rpm }
        : { requestsPerMinute: rpm, burst: nonNegative(o["burst"], "rateLimit.burst") };
}

/** Validate per-family overrides given as JSON (`{"graphWrite": {"requestsPerMinute": 300}, "mca": null}`). */
export function parseRateLimits(value: unknown): Partial<Record<ApiFamily, RateLimit | null>> {
    if (value === null || value === undefined) {
        return {};
    }
    if (typeof value !== "object" || Array.isArray(value)) {
        throw ErrorFactory.invalidInput("rateLimits", `must be an object keyed by ${API_FAMILIES.join(", ")}`);
    }
    const out: Partial<Record<ApiFamily, RateLimit | null>> = {};
    for (const [key, limit] of Object.entries(value as Record<string, unknown>)) {
        if (!(API_FAMILIES as readonly string[]).includes(key)) {
            throw ErrorFactory.invalidInput(`rateLimits.${key}`, `is not an API family (${API_FAMILIES.join(", ")})`);
        }
        out[key as ApiFamily] = limit === null ? null : (parseRateLimit(limit) ?? null);
    }
    return out;
}

/**
 * The limit one API family gets: its override; else, while `rateLimit` is on, `rateLimit` itself for the Customer
 * family, the same rate in a bucket of its own for the MCA family (an assumption: none is published), and the
 * published Graph limits (`FAMILY_LIMITS`) for Graph writes and Graph calls.
 */
export function familyRateLimit(settings: RuntimeSettings, family: ApiFamily): RateLimit | undefined {
    const override = settings.rateLimits[family];
    if (override !== undefined) {
        return override ?? undefined;
    }
    const base = settings.rateLimit;
    if (!base) {
        return undefined;
    }
    switch (family) {
        case "customers":
        case "mca":
            return base;
        default:
            return { requestsPerMinute: FAMILY_LIMITS[family].requestsPerMinute };
    }
}

/** Apply a partial settings object (from `PATCH /_emulator/settings`); validates everything before changing anything. */
export function applySettingsPatch(settings: RuntimeSettings, patch: unknown): void {
    const o = (patch ?? {}) as Record<string, unknown>;
    const next: RuntimeSettings = { ...settings };
    if ("latencyMs" in o) {
        next.latencyMs = nonNegative(o["latencyMs"], "latencyMs");
    }
    if ("gdapOperationDelayMs" in o) {
        next.gdapOperationDelayMs = nonNegative(o["gdapOperationDelayMs"], "gdapOperationDelayMs");
    }
    if ("gdapOperationOutcome" in o) {
        if (o["gdapOperationOutcome"] !== "succeeded" && o["gdapOperationOutcome"] !== "failed") {
            throw ErrorFactory.invalidInput("gdapOperationOutcome", "must be succeeded or failed");
        }
        next.gdapOperationOutcome = o["gdapOperationOutcome"];
    }
    if ("gdapDuplicateNameStatus" in o) {
        if (o["gdapDuplicateNameStatus"] !== 400 && o["gdapDuplicateNameStatus"] !== 409) {
            throw ErrorFactory.invalidInput("gdapDuplicateNameStatus", "must be 400 or 409");
        }
        next.gdapDuplicateNameStatus = o["gdapDuplicateNameStatus"];
    }
    for (const key of ["deviceCodeIntervalSeconds", "deviceCodeLifetimeSeconds"] as const) {
        if (key in o) {
            next[key] = nonNegative(o[key], key);
        }
    }
    if ("readAfterCreateLagMs" in o) {
        next.readAfterCreateLagMs = nonNegative(o["readAfterCreateLagMs"], "readAfterCreateLagMs");
    }
    if ("rateLimit" in o) {
        next.rateLimit = parseRateLimit(o["rateLimit"]);
    }
    if ("rateLimits" in o) {
        next.rateLimits = parseRateLimits(o["rateLimits"]);
    }
    for (const flag of ["dedupeRequestIds", "sandbox", "omitAssociatedPartnerId"] as const) {
        if (flag in o) {
            if (typeof o[flag] !== "boolean") {
                throw ErrorFactory.invalidInput(flag, "must be a boolean");
            }
            next[flag] = o[flag] as boolean;
        }
    }
    if ("cloud" in o) {
        if (!(EMULATED_CLOUDS as readonly unknown[]).includes(o["cloud"])) {
            throw ErrorFactory.invalidInput("cloud", `must be one of ${EMULATED_CLOUDS.join(", ")}`);
        }
        next.cloud = o["cloud"] as EmulatedCloud;
    }
    Object.assign(settings, next);
}
