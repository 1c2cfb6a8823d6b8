/**
 * Preflight with Partner Center's own rules, for a new customer (or the new customer of a replacement), before
 * anything is created. `validate.ts` checks inputs offline; this module asks the service what it will accept:
 *
 * | check | call | cost per run |
 * |---|---|---|
 * | country rules: state list, postal-code and phone formats, required fields | `GET /v1/countryvalidationrules/{c}` | one per distinct country |
 * | the reseller signed the Microsoft Partner Agreement (else 403/900123) | `GET /v1/compliance/csp/agreementstatus` | one per distinct reseller |
 * | the address, with the service's suggestions | `POST /v1/validations/address` | one per distinct new address |
 * | registration number only where one is taken (600002) | none | 0 |
 * | `enableGDAPByDefault` fixed once created | none | 0 |
 *
 * Answers are cached in the provider host for the run (`cachedLookup`). Pulumi calls `check` one resource at a
 * time, so per-customer calls there add up in series: with `partnercenter:domainPreflight: create` (bulk mode) the
 * address validation moves to `create` ({@link beforeCreate}), which runs in parallel under the client's pacing;
 * the per-country and per-reseller lookups stay in `check` (a handful of calls per run).
 *
 * A lookup that fails for a reason other than the answer itself (network, 5xx after retries, no permission) falls
 * back to the offline rules with a warning: preflight is advice, and the service still decides at creation.
 */
import type * as pulumi from "@pulumi/pulumi";

import type { AddressValidationResult, CountryValidationRules } from "../../api/codecs";
import { isPartnerCenterError } from "../../client/errors";
import { log } from "../../runtime/log";
import { cachedLookup, indirectResellers, partnerCenter, settings } from "../../runtime/runtime";
import { ORG_REGISTRATION_NUMBER_COUNTRIES } from "../common/countries";
import { diffCustomer } from "./diff";
import { ENABLE_GDAP_BY_DEFAULT, type AddressArgs, type CustomerInputs } from "./types";

type CheckFailure = pulumi.dynamic.CheckFailure;

const ADDRESS = "billingProfile.defaultAddress";
/** Statuses that accept the address as sent (validate-an-address). */
const ACCEPTED_STATUSES = new Set(["verifiedshippable", "verified"]);
/** The service could not validate (e.g. no postal data for the country): not a reason to stop. */
const UNVALIDATED_STATUSES = new Set(["notvalidated"]);

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * The service-rule checks for `check`: `olds` are the old inputs (empty for a new resource), `inputs` the new,
 * normalised ones (already valid offline). Returns failures; never throws.
 */
export async function serviceChecks(olds: Partial<CustomerInputs>, inputs: CustomerInputs): Promise<CheckFailure[]> {
    const failures: CheckFailure[] = [];
    if (olds.companyProfile) {
        failures.push(...gdapUnchanged(olds, inputs));
        if (diffCustomer(olds, inputs).replacePaths.length === 0) {
            return failures; // an update of an existing customer: no new customer, nothing to ask the service
        }
    }
    if (inputs.adoptExisting === true) {
        // Adopt only: no customer is created, so the creation rules do not apply (a billing-profile PUT is
        // validated by the service itself).
        return failures;
    }
    failures.push(...registrationNumberTaken(inputs));
    try {
        const known = await indirectResellers();
        if (!known.some((r) => r.id.toLowerCase() === inputs.associatedPartnerId)) {
            return failures; // not one of your resellers: nothing can be created, and the reseller check says so
        }
        const [rules, agreement] = await Promise.all([countryRuleFailures(inputs), agreementFailures(inputs)]);
        failures.push(...rules, ...agreement);
        if (failures.length === 0 && settings().domainPreflight === "check") {
            failures.push(...(await addressFailures(inputs.billingProfile.defaultAddress)));
        }
    } catch {
        // Only configuration or the reseller list can fail here; the reseller check in `check` reports those.
    }
    return failures;
}

/**
 * What `create` checks just before the POST: in bulk mode (`domainPreflight: create`) the address validation that
 * `check` skipped. Throws an error naming the property and the suggestion; nothing has been created then.
 */
export async function beforeCreate(inputs: CustomerInputs): Promise<void> {
    if (settings().domainPreflight !== "create") {
        return; // already checked in preview (and cached)
    }
    const failures = await addressFailures(inputs.billingProfile.defaultAddress);
    if (failures.length > 0) {
        throw new Error(
            `${inputs.companyProfile.domain} was not created: ` +
                failures.map((f) => `${f.property}: ${f.reason}`).join("; "),
        );
    }
}

/** `enableGDAPByDefault` is sent once, at creation; no API changes what it granted. */
function gdapUnchanged(olds: Partial<CustomerInputs>, inputs: CustomerInputs): CheckFailure[] {
    const before = olds.enableGDAPByDefault ?? ENABLE_GDAP_BY_DEFAULT;
    const after = inputs.enableGDAPByDefault ?? ENABLE_GDAP_BY_DEFAULT;
    if (before === after || diffCustomer(olds, inputs).replacePaths.length > 0) {
        return [];
    }
    return [
        {
            property: "enableGDAPByDefault",
            reason:
                `is only sent when the customer is created (it was ${String(before)}); changing it cannot grant or ` +
                `remove access to the existing customer. Manage its access with GDAP relationships in Microsoft ` +
                `Graph, and set enableGDAPByDefault back to ${String(before)}.`,
        },
    ];
}

/** 600002: "Organization registration id value is not supported" outside the countries that take one. */
function registrationNumberTaken(inputs: CustomerInputs): CheckFailure[] {
    const country = inputs.billingProfile.defaultAddress.country;
    if (!inputs.companyProfile.organizationRegistrationNumber || ORG_REGISTRATION_NUMBER_COUNTRIES.has(country)) {
        return [];
    }
    return [
        {
            property: "companyProfile.organizationRegistrationNumber",
            reason:
                `is not used for customers in ${country}: Partner Center refuses it there (600002 "Organization ` +
                `registration id value is not supported"). Remove it.`,
        },
    ];
}

/** The country's rules from the service, once per run; `undefined` when there are none (or they can't be had). */
export function countryRules(country: string): Promise<CountryValidationRules | undefined> {
    return cachedLookup("countryRules", country, async () => {
        try {
            return await partnerCenter().getCountryValidationRules(country);
        } catch (e) {
            if (isPartnerCenterError(e) && e.status === 404) {
                return undefined; // no rules published for this country: the offline table applies
            }
            log.warn(
                `country validation rules for ${country} could not be read (${errorText(e)}); using the offline rules`,
            );
            return undefined;
        }
    });
}

/** A regex from the service, or undefined if it does not compile here (then it is not applied). */
function serviceRegex(source: string | null | undefined): RegExp | undefined {
    if (!source) {
        return undefined;
    }
    try {
        return new RegExp(source);
    } catch {
        return undefined;
    }
}

async function countryRuleFailures(inputs: CustomerInputs): Promise<CheckFailure[]> {
    const address = inputs.billingProfile.defaultAddress;
    const rules = await countryRules(address.country);
    if (!rules) {
        return [];
    }
    const failures: CheckFailure[] = [];
    const source = `Partner Center's rules for ${address.country}`;
    const states = rules.supportedStatesList ?? [];
    if (rules.isStateRequired && !address.state) {
        failures.push({ property: `${ADDRESS}.state`, reason: `is required (${source})` });
    } else if (address.state && states.length > 0 && !states.some((s) => s.toUpperCase() === address.state)) {
        failures.push({
            property: `${ADDRESS}.state`,
            reason: `must be one of the ${states.length} codes in ${source} (got ${JSON.stringify(address.state)}): ${states.join(" ")}`,
        });
    }
    const postal = serviceRegex(rules.postalCodeRegex);
    if (rules.isPostalCodeRequired && !address.postalCode) {
        failures.push({ property: `${ADDRESS}.postalCode`, reason: `is required (${source})` });
    } else if (address.postalCode && postal && !postal.test(address.postalCode)) {
        failures.push({
            property: `${ADDRESS}.postalCode`,
            reason: `must match ${rules.postalCodeRegex ?? ""} (${source}; got ${JSON.stringify(address.postalCode)})`,
        });
    }
    if (rules.isCityRequired && !address.city) {
        failures.push({ property: `${ADDRESS}.city`, reason: `is required (${source})` });
    }
    const phone = serviceRegex(rules.phoneNumberRegex);
    if (address.phoneNumber && phone && !phone.test(address.phoneNumber)) {
        failures.push({
            property: `${ADDRESS}.phoneNumber`,
            reason: `must match ${rules.phoneNumberRegex ?? ""} (${source}; got ${JSON.stringify(address.phoneNumber)})`,
        });
    }
    return failures;
}

/** Whether the reseller signed the MPA, once per reseller per run; `undefined` when the API does not tell us. */
async function agreementFailures(inputs: CustomerInputs): Promise<CheckFailure[]> {
    const reseller = inputs.associatedPartnerId;
    const outcome = await cachedLookup("resellerAgreement", reseller, async () => {
        try {
            return { signed: (await partnerCenter().getResellerAgreementStatus(reseller)).isAgreementSigned };
        } catch (e) {
            if (isPartnerCenterError(e) && e.status === 400) {
                return { refused: e.description ?? e.message };
            }
            // 401/403/404: this partner may not use the compliance API; anything else: advice only.
            log.warn(
                `the Microsoft Partner Agreement status of indirect reseller ${reseller} could not be checked ` +
                    `(${errorText(e)}); Partner Center will refuse the create with 403/900123 if it is not accepted`,
            );
            return {};
        }
    });
    if (outcome.signed === false) {
        return [
            {
                property: "associatedPartnerId",
                reason:
                    `indirect reseller ${reseller} has not accepted the Microsoft Partner Agreement, so Partner Center ` +
                    `refuses to create customers for it (403/900123). Ask the reseller to accept the MPA in Partner ` +
                    `Center (Settings > Legal info), then run again.`,
            },
        ];
    }
    if (outcome.refused !== undefined) {
        return [
            {
                property: "associatedPartnerId",
                reason: `Partner Center could not confirm the reseller's partner agreement: ${outcome.refused}`,
            },
        ];
    }
    return [];
}

/** The address fields the validation takes, in the request table's order. */
function validationRequest(address: AddressArgs) {
    return {
        addressLine1: address.addressLine1,
        ...(address.addressLine2 ? { addressLine2: address.addressLine2 } : {}),
        city: address.city,
        ...(address.state ? { state: address.state } : {}),
        ...(address.postalCode ? { postalCode: address.postalCode } : {}),
        country: address.country,
    };
}

type Suggested = NonNullable<NonNullable<AddressValidationResult>["suggestedAddresses"]>[number];

function formatAddress(a: Partial<Suggested>): string {
    return [a.addressLine1, a.addressLine2, a.city, [a.state, a.postalCode].filter(Boolean).join(" "), a.country]
        .filter((part) => typeof part === "string" && part !== "")
        .join(", ");
}

/**
 * The suggestion of the older contract's 400/2007: the correction is JSON text inside `description`
 * (`corrected_address` with snake_case keys).
 */
function legacySuggestion(description: string | undefined): string | undefined {
    try {
        const parsed = JSON.parse(description ?? "") as {
            reason?: string;
            corrected_address?: Record<string, string>;
        };
        const c = parsed.corrected_address;
        const reason = (parsed.reason ?? "").replace(/&#39;/g, "'");
        return c
            ? `${reason}; suggested: ${formatAddress({ addressLine1: c["address_line1"], city: c["city"], state: c["region"], postalCode: c["postal_code"], country: c["country"] })}`
            : reason || undefined;
    } catch {
        return undefined;
    }
}

/** Partner Center's address validation, once per distinct address per run (unless turned off). */
async function addressFailures(address: AddressArgs): Promise<CheckFailure[]> {
    if (settings().addressValidation === "off") {
        return [];
    }
    const request = validationRequest(address);
    const key = JSON.stringify(request).toLowerCase();
    const failures = await cachedLookup("addressValidation", key, async (): Promise<CheckFailure[]> => {
        let result: AddressValidationResult;
        try {
            result = await partnerCenter().validateAddress(request);
        } catch (e) {
            if (isPartnerCenterError(e) && e.status === 400 && e.code === "2007") {
                const why = legacySuggestion(e.description);
                return [
                    {
                        property: ADDRESS,
                        reason: `Partner Center's address validation rejects it: ${why ?? e.message}`,
                    },
                ];
            }
            log.warn(
                `the address of ${formatAddress(address)} could not be validated with Partner Center ` +
                    `(${errorText(e)}); continuing (turn this check off with partnercenter:addressValidation off)`,
            );
            return [];
        }
        if (result === undefined) {
            return []; // the older contract's empty 200: valid
        }
        const status = result.status;
        if (ACCEPTED_STATUSES.has(status.toLowerCase())) {
            return [];
        }
        if (UNVALIDATED_STATUSES.has(status.toLowerCase())) {
            log.warn(`Partner Center could not validate the address ${formatAddress(address)} (${status}); continuing`);
            return [];
        }
        const suggestions = (result.suggestedAddresses ?? []).map(formatAddress).filter((s) => s !== "");
        return [
            {
                property: ADDRESS,
                reason:
                    `Partner Center's address validation answers ${status}` +
                    (result.validationMessage ? ` (${result.validationMessage})` : "") +
                    ` for ${formatAddress(address)}. ` +
                    (suggestions.length > 0
                        ? `Suggested: ${suggestions.map((s) => `"${s}"`).join(" or ")}. `
                        : "No suggestion was offered. ") +
                    `Correct the address (in the sandbox a customer created with an invalid address cannot be ` +
                    `deleted), or turn this check off with \`pulumi config set partnercenter:addressValidation off\`.`,
            },
        ];
    });
    return failures;
}
