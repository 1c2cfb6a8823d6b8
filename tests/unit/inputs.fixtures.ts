/**
 * Input fixtures shared by the check/diff unit tests. `SEED_INPUTS` is the request of the seed document
 * ("Create a customer for an indirect reseller", REST request example) as resource inputs, casing included.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export const RESELLER_ID = "484e548c-f5f3-4528-93a9-c16c6373cb59";

export const SEED_INPUTS: JsonObject = {
    associatedPartnerId: RESELLER_ID,
    companyProfile: { domain: "WingtipToys678152504.onmicrosoft.com" },
    billingProfile: {
        email: "Gena@wingtiptoys.com",
        culture: "EN-US",
        language: "En",
        companyName: "Wingtip Toys678152504",
        defaultAddress: {
            country: "US",
            city: "Redmond",
            state: "WA",
            addressLine1: "One Microsoft Way",
            postalCode: "98052",
            firstName: "Gena",
            lastName: "Soto",
            phoneNumber: "4255550101",
        },
    },
};

/** Valid addresses in countries with different rules (state, postal format, org number, no postal code). */
export const VALID_ADDRESSES: Record<string, { address: JsonObject; organizationRegistrationNumber?: string }> = {
    US: { address: { country: "US", city: "Redmond", state: "WA", postalCode: "98052-6399" } },
    CA: { address: { country: "CA", city: "Ottawa", state: "ON", postalCode: "K1A 0B1" } },
    GB: { address: { country: "GB", city: "London", postalCode: "SW1A 1AA" } },
    DE: { address: { country: "DE", city: "Berlin", postalCode: "10115" } },
    AU: { address: { country: "AU", city: "Sydney", state: "New South Wales", postalCode: "2000" } },
    JP: { address: { country: "JP", city: "Tokyo", postalCode: "100-0001" } },
    NL: { address: { country: "NL", city: "Amsterdam", postalCode: "1012 AB" } },
    HK: { address: { country: "HK", city: "Hong Kong" } },
    BR: {
        address: {
            country: "BR",
            city: "São Paulo",
            state: "SP",
            postalCode: "01310-100",
            phoneNumber: "+55 11 5555 0100",
        },
        organizationRegistrationNumber: "12.345.678/0001-90",
    },
    IN: {
        address: {
            country: "IN",
            city: "New Delhi",
            state: "DL",
            postalCode: "110001",
            phoneNumber: "+91 11 5555 0100",
        },
        organizationRegistrationNumber: "U72200DL2010PTC123456",
    },
    PL: {
        address: { country: "PL", city: "Warszawa", postalCode: "00-001", phoneNumber: "+48 22 555 01 00" },
        organizationRegistrationNumber: "1234567890",
    },
};

/** Seed inputs moved to the country `code` of {@link VALID_ADDRESSES}. */
export function inputsIn(code: string): JsonObject {
    const entry = VALID_ADDRESSES[code];
    if (entry === undefined) {
        throw new Error(`no fixture address for ${code}`);
    }
    const inputs = clone(SEED_INPUTS);
    const billing = inputs["billingProfile"] as JsonObject;
    const {
        state: _state,
        postalCode: _postalCode,
        phoneNumber: _phone,
        ...rest
    } = billing["defaultAddress"] as JsonObject;
    billing["defaultAddress"] = { ...rest, ...entry.address };
    if (entry.organizationRegistrationNumber !== undefined) {
        (inputs["companyProfile"] as JsonObject)["organizationRegistrationNumber"] =
            entry.organizationRegistrationNumber;
    }
    return inputs;
}

export function clone<T>(v: T): T {
    return JSON.parse(JSON.stringify(v)) as T;
}

/** A copy of `root` with the value at dotted `path` replaced (`undefined`: key removed). Creates missing objects. */
export function withValue(root: unknown, path: string, value: unknown): JsonObject {
    const copy = clone(root) as JsonObject;
    const keys = path.split(".");
    let target: JsonObject = copy;
    for (const key of keys.slice(0, -1)) {
        const next = target[key];
        target = typeof next === "object" && next !== null && !Array.isArray(next) ? next : (target[key] = {});
    }
    const last = keys[keys.length - 1] as string;
    if (value === undefined) {
        delete target[last];
    } else {
        target[last] = value as Json;
    }
    return copy;
}

/** Paths (dotted) of every `undefined` found in a value; used to assert outputs are serializable by the engine. */
export function undefinedPaths(v: unknown, path = ""): string[] {
    if (v === undefined) {
        return [path];
    }
    if (typeof v !== "object" || v === null) {
        return [];
    }
    return Object.entries(v).flatMap(([k, x]) => undefinedPaths(x, path === "" ? k : `${path}.${k}`));
}
