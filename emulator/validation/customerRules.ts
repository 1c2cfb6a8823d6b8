/**
 * Business validation of customer and billing-profile input, after the codec accepted the shape.
 *
 * Lengths follow the Address resource (utility-resources.md: AddressLine1 1..200, AddressLine2 0..200,
 * FirstName/LastName 1..50, Country 2), the domain rule follows the PowerShell module's
 * `ValidateLength(17,43)` ("27 characters maximum domain prefix + '.onmicrosoft.com'"), and the country lists
 * follow CustomerCompanyProfile in customer-resources.md.
 */
import type { AddressInput, BillingProfileUpdateRequest, CustomerCreateRequest } from "pulumi-partnercenter/api";

import ErrorFactory from "../errors/ErrorFactory";
import { StoredAddress } from "../store/ICustomerStore";

/**
 * Countries where `companyProfile.organizationRegistrationNumber` is required, and with it the phone number:
 * AM AZ BY HU KZ KG MD RU TJ UZ UA, India, Brazil, South Africa, Poland, UAE, Saudi Arabia, Turkey, Thailand,
 * Vietnam, Myanmar, Iraq, South Sudan, Venezuela.
 */
export const ORG_REGISTRATION_COUNTRIES: ReadonlySet<string> = new Set(
    "AM AZ BY HU KZ KG MD RU TJ UZ UA IN BR ZA PL AE SA TR TH VN MM IQ SS VE".split(" "),
);

/**
 * Formats of organization registration numbers the emulator checks (600050). Partner Center documents the error
 * and one example format (`^(\d{7}|\d{10})$`, error-codes) but not the per-country formats: these are the
 * emulator's own, for the national numbers' common shapes, so that a client can exercise the error.
 */
export const ORG_REGISTRATION_FORMATS: Readonly<Record<string, string>> = {
    BR: "^\\d{2}\\.?\\d{3}\\.?\\d{3}/?\\d{4}-?\\d{2}$", // CNPJ
    RU: "^(\\d{10}|\\d{13})$", // INN (legal entity) or OGRN
    HU: "^(\\d{7}|\\d{10})$", // the error-codes page's example format
};

/** `<prefix>.onmicrosoft.com`, prefix 1..27 letters/digits. */
export const DOMAIN_PATTERN = /^[A-Za-z0-9]{1,27}\.onmicrosoft\.com$/i;

const present = (value: string | null | undefined): value is string => typeof value === "string" && value !== "";

function checkLength(property: string, value: string | null | undefined, min: number, max: number): void {
    const length = value?.length ?? 0;
    if (length < min || length > max) {
        throw ErrorFactory.invalidInput(
            property,
            min > 0 && length === 0
                ? "the property is required"
                : `length must be between ${min} and ${max} characters`,
        );
    }
}

/** Validate an address and return its non-null fields in the order Partner Center prints them. */
export function validateAddress(address: AddressInput, prefix: string): StoredAddress {
    if (!/^[A-Za-z]{2}$/.test(address.country)) {
        throw ErrorFactory.invalidInput(`${prefix}.country`, "must be a 2-letter ISO 3166 country code");
    }
    checkLength(`${prefix}.addressLine1`, address.addressLine1, 1, 200);
    checkLength(`${prefix}.addressLine2`, address.addressLine2, 0, 200);
    checkLength(`${prefix}.firstName`, address.firstName, 1, 50);
    checkLength(`${prefix}.lastName`, address.lastName, 1, 50);
    const stored: StoredAddress = { country: address.country.toUpperCase() };
    // Same key order as the seed's create response.
    const order = [
        "region",
        "city",
        "state",
        "addressLine1",
        "addressLine2",
        "postalCode",
        "firstName",
        "lastName",
        "phoneNumber",
    ] as const;
    for (const key of order) {
        const value = address[key];
        // Empty strings are echoed as sent (the create samples show "phoneNumber": ""); only null/absent drop out.
        if (typeof value === "string") {
            stored[key] = value;
        }
    }
    return stored;
}

/** `EN-US` -> `en-US`, as in the seed (request "EN-US", response "en-US"). */
export function normaliseCulture(culture: string, property: string): string {
    const match = /^([A-Za-z]{2,3})(?:-([A-Za-z]{2,4}))?$/.exec(culture);
    if (!match || match[1] === undefined) {
        throw ErrorFactory.invalidInput(property, "must be a culture such as 'en-US'");
    }
    return match[2] === undefined ? match[1].toLowerCase() : `${match[1].toLowerCase()}-${match[2].toUpperCase()}`;
}

/** The validated billing fields shared by create and update. */
export interface ValidatedBilling {
    firstName?: string;
    lastName?: string;
    email: string;
    culture: string;
    language: string;
    companyName: string;
    defaultAddress: StoredAddress;
}

type BillingInput = CustomerCreateRequest["billingProfile"] | BillingProfileUpdateRequest;

export function validateBilling(billing: BillingInput, prefix: string): ValidatedBilling {
    if (!/^[^@\s]+@[^@\s]+$/.test(billing.email)) {
        throw ErrorFactory.invalidInput(`${prefix}.email`, "must be an email address");
    }
    if (!/^[A-Za-z]{2}$/.test(billing.language)) {
        throw ErrorFactory.invalidInput(`${prefix}.language`, "must be a 2-letter language code such as 'en'");
    }
    checkLength(`${prefix}.companyName`, billing.companyName, 1, Number.MAX_SAFE_INTEGER);
    const result: ValidatedBilling = {
        email: billing.email,
        culture: normaliseCulture(billing.culture, `${prefix}.culture`),
        // The seed echoes the language as sent ("En").
        language: billing.language,
        companyName: billing.companyName,
        defaultAddress: validateAddress(billing.defaultAddress, `${prefix}.defaultAddress`),
    };
    if (present(billing.firstName)) {
        result.firstName = billing.firstName;
    }
    if (present(billing.lastName)) {
        result.lastName = billing.lastName;
    }
    return result;
}

/** Everything about a create request that can be checked without looking at state. */
export interface ValidatedCreate {
    domain: string;
    organizationRegistrationNumber?: string;
    billing: ValidatedBilling;
    associatedPartnerId?: string;
    /** As sent; `undefined` when the request omitted it (the GDAP table has a row for that). */
    enableGDAPByDefault?: boolean;
}

export function validateCreate(request: CustomerCreateRequest): ValidatedCreate {
    const domain = request.companyProfile.domain;
    if (!DOMAIN_PATTERN.test(domain)) {
        throw ErrorFactory.invalidInput(
            "companyProfile.domain",
            "must be '<prefix>.onmicrosoft.com' with a prefix of 1 to 27 letters or digits",
        );
    }
    const billing = validateBilling(request.billingProfile, "billingProfile");
    const country = billing.defaultAddress.country;
    const orgNumber = request.companyProfile.organizationRegistrationNumber;
    if (ORG_REGISTRATION_COUNTRIES.has(country)) {
        if (!present(orgNumber)) {
            throw ErrorFactory.orgRegistrationNumberMissing(country);
        }
        const format = ORG_REGISTRATION_FORMATS[country];
        if (format !== undefined && !new RegExp(format).test(orgNumber)) {
            throw ErrorFactory.orgRegistrationNumberInvalid(format);
        }
        if (!present(billing.defaultAddress.phoneNumber)) {
            throw ErrorFactory.phoneNumberMissing(country);
        }
    } else if (present(orgNumber)) {
        throw ErrorFactory.orgRegistrationNumberNotSupported(country);
    }
    const result: ValidatedCreate = { domain, billing };
    if (present(orgNumber)) {
        result.organizationRegistrationNumber = orgNumber;
    }
    if (present(request.associatedPartnerId)) {
        result.associatedPartnerId = request.associatedPartnerId;
    }
    if (typeof request.enableGDAPByDefault === "boolean") {
        result.enableGDAPByDefault = request.enableGDAPByDefault;
    }
    return result;
}
