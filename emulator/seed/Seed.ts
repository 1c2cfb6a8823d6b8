/**
 * The emulator's fixed world: the partner (indirect provider) whose credentials the token endpoint accepts, its
 * indirect resellers, and tenants that exist but are not related to the partner (for negative tests).
 */
import * as fs from "fs";
import * as path from "path";

export interface SeedPartner {
    /** Partner (indirect provider) tenant id: the only tenant whose tokens the API accepts. */
    tenantId: string;
    name: string;
    mpnId?: string;
    /** Application (client) id accepted by the token endpoint. */
    clientId: string;
    /** Fake demo secret accepted by the token endpoint. */
    clientSecret: string;
    /** Fake demo refresh token accepted by the token endpoint. */
    refreshToken: string;
}

export interface SeedReseller {
    /** The reseller's tenant id: the value of `associatedPartnerId`. */
    id: string;
    name: string;
    mpnId: string;
    location: string;
    /** Relationship state; only `Active` relationships allow creating customers. */
    state: string;
    /** Whether the reseller signed the Microsoft Partner Agreement (default true); false: creates fail 403/900123. */
    mpaAccepted: boolean;
}

export interface SeedKnownTenant {
    id: string;
    name: string;
    /** Its `*.onmicrosoft.com` domain, which counts as taken. */
    domain?: string;
}

export interface Seed {
    partner: SeedPartner;
    indirectResellers: SeedReseller[];
    knownTenants: SeedKnownTenant[];
}

/**
 * Path of `emulator/seed/default.json`. JSON is not compiled into `dist/`, so from `dist/emulator/seed/` look
 * back into the source tree; from sources (ts-node) it sits next to this file.
 */
export function defaultSeedPath(): string {
    const candidates = [
        path.join(__dirname, "default.json"),
        path.resolve(__dirname, "..", "..", "..", "emulator", "seed", "default.json"),
    ];
    return candidates.find((candidate) => fs.existsSync(candidate)) ?? (candidates[1] as string);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
    typeof value === "object" && value !== null && !Array.isArray(value);

function requireString(value: unknown, where: string): string {
    if (typeof value !== "string" || value.length === 0) {
        throw new Error(`invalid seed: ${where} must be a non-empty string`);
    }
    return value;
}

/** Check a parsed seed; throws with the offending path so a broken seed file fails at startup, not mid-test. */
export function parseSeed(value: unknown): Seed {
    if (!isObject(value) || !isObject(value["partner"])) {
        throw new Error("invalid seed: expected an object with a 'partner' object");
    }
    const p = value["partner"];
    const partner: SeedPartner = {
        tenantId: requireString(p["tenantId"], "partner.tenantId"),
        name: requireString(p["name"], "partner.name"),
        clientId: requireString(p["clientId"], "partner.clientId"),
        clientSecret: requireString(p["clientSecret"], "partner.clientSecret"),
        refreshToken: requireString(p["refreshToken"], "partner.refreshToken"),
        ...(typeof p["mpnId"] === "string" ? { mpnId: p["mpnId"] } : {}),
    };
    const resellers = value["indirectResellers"] ?? [];
    const known = value["knownTenants"] ?? [];
    if (!Array.isArray(resellers) || !Array.isArray(known)) {
        throw new Error("invalid seed: indirectResellers and knownTenants must be arrays");
    }
    const indirectResellers = resellers.map((r: unknown, i): SeedReseller => {
        const o = isObject(r) ? r : {};
        return {
            id: requireString(o["id"], `indirectResellers[${i}].id`),
            name: requireString(o["name"], `indirectResellers[${i}].name`),
            mpnId: requireString(o["mpnId"], `indirectResellers[${i}].mpnId`),
            location: requireString(o["location"], `indirectResellers[${i}].location`),
            state: typeof o["state"] === "string" ? o["state"] : "Active",
            mpaAccepted: o["mpaAccepted"] !== false,
        };
    });
    const knownTenants = known.map((k: unknown, i): SeedKnownTenant => {
        const o = isObject(k) ? k : {};
        return {
            id: requireString(o["id"], `knownTenants[${i}].id`),
            name: requireString(o["name"], `knownTenants[${i}].name`),
            ...(typeof o["domain"] === "string" ? { domain: o["domain"] } : {}),
        };
    });
    return { partner, indirectResellers, knownTenants };
}

/** Load a seed from a JSON file (default: `emulator/seed/default.json`). */
export function loadSeed(file: string = defaultSeedPath()): Seed {
    return parseSeed(JSON.parse(fs.readFileSync(file, "utf8")) as unknown);
}
