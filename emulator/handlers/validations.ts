/**
 * `POST /v1/validations/address` in its current contract (validate-an-address, samples of 2021-05): 200 with
 * `{originalAddress, suggestedAddresses, status, validationMessage?}`.
 *
 * The real service consults postal data the emulator does not have. Its model is small and deterministic, so a
 * test can choose the outcome:
 * - a first address line without a house number (no digit, no leading number word such as "One") answers
 *   `StreetPartial` with one suggestion that adds "1 " (the documentation's StreetPartial sample: "Microsoft Way"
 *   → "1 Microsoft Way");
 * - a city of "Nowhere" answers `None`, no suggestion;
 * - anything else is `VerifiedShippable` (US) or `Verified` (elsewhere), suggesting the address as sent.
 * Missing required properties (`addressline1`, `city`, `state` where the country has states, `postalcode`,
 * `country`) answer 400/3000 naming the property.
 */
import type { AddressValidationRequest } from "pulumi-partnercenter/api";

import ErrorFactory from "../errors/ErrorFactory";
import { COUNTRY_RULES } from "./countryRules";
import { HandlerContext, HandlerResult } from "./types";

const NUMBER_WORD = /^(one|two|three|four|five|six|seven|eight|nine|ten)\b/i;

/** The address in the samples' key order (country, city, state, addressLine1, addressLine2, postalCode). */
function addressView(a: AddressValidationRequest) {
    return {
        country: a.country.toUpperCase(),
        ...(a.city ? { city: a.city } : {}),
        ...(a.state ? { state: a.state } : {}),
        addressLine1: a.addressLine1,
        ...(a.addressLine2 ? { addressLine2: a.addressLine2 } : {}),
        ...(a.postalCode ? { postalCode: a.postalCode } : {}),
    };
}

export function validateAddress(ctx: HandlerContext<AddressValidationRequest>): HandlerResult {
    const address = ctx.body;
    const country = address.country.toUpperCase();
    if (!/^[A-Z]{2}$/.test(country)) {
        throw ErrorFactory.invalidInput("country", "must be a 2-letter ISO 3166 country code");
    }
    const needsState = COUNTRY_RULES[country]?.isStateRequired === true;
    for (const [key, required] of [
        ["addressLine1", true],
        ["city", true],
        ["state", needsState],
        ["postalCode", true],
    ] as const) {
        if (required && !address[key]) {
            throw ErrorFactory.invalidInput(key, "the property is required");
        }
    }
    const original = addressView(address);
    const line1 = address.addressLine1.trim();
    if ((address.city ?? "").trim().toLowerCase() === "nowhere") {
        return {
            status: 200,
            body: {
                originalAddress: original,
                suggestedAddresses: [],
                status: "None",
                validationMessage: "Address field invalid for property: 'City', 'PostalCode'",
            },
        };
    }
    if (!/\d/.test(line1) && !NUMBER_WORD.test(line1)) {
        return {
            status: 200,
            body: {
                originalAddress: original,
                suggestedAddresses: [{ ...original, addressLine1: `1 ${line1}` }],
                status: "StreetPartial",
                validationMessage: "Address field invalid for property: 'AddressLine1'",
            },
        };
    }
    return {
        status: 200,
        body: {
            originalAddress: original,
            suggestedAddresses: [original],
            status: country === "US" ? "VerifiedShippable" : "Verified",
        },
    };
}
