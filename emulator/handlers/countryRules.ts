/**
 * `GET /v1/countryvalidationrules/{countryCode}` in the recorded shape (Partner-Center-PowerShell session record
 * `GetPartnerCountryValidation.json`, 2019): US is that recording's values, verbatim (51 state codes: the 50
 * states and DC, no territories). The other countries are the emulator's plausible values, in the same shape; the
 * service is the authority for them. The create handler does not enforce these rules (Partner Center's own create
 * validation is not documented in these terms); clients use them to pre-validate.
 */
import type { CountryValidationRules } from "pulumi-partnercenter/api";

import ErrorFactory from "../errors/ErrorFactory";
import { HandlerContext, HandlerResult } from "./types";

/** The 51 codes of the recorded US rules, in their order. */
export const US_STATES =
    "AK AL AR AZ CA CO CT DC DE FL GA HI IA ID IL IN KS KY LA MA MD ME MI MN MO MS MT NC ND NE NH NJ NM NV NY OH OK " +
    "OR PA RI SC SD TN TX UT VA VT WA WI WV WY";

type Rules = Omit<CountryValidationRules, "iso2Code" | "attributes">;

interface RuleSpec {
    cultures: string[];
    languages: string[];
    postalCodeRegex: string;
    phoneNumberRegex: string;
    callingCode: string;
    /** A closed list of codes; `"open"`: a state is required but any name is taken (e.g. "New South Wales"). */
    states?: string;
    taxId?: { supported: boolean; optional: boolean };
}

/** Key order as in the recording. */
const rule = (spec: RuleSpec): Rules => ({
    defaultCulture: spec.cultures[0] ?? "en-US",
    isStateRequired: spec.states !== undefined,
    supportedStatesList: spec.states && spec.states !== "open" ? spec.states.split(" ") : [],
    supportedLanguagesList: spec.languages,
    supportedCulturesList: spec.cultures,
    isPostalCodeRequired: true,
    postalCodeRegex: spec.postalCodeRegex,
    isCityRequired: true,
    isVatIdSupported: spec.taxId === undefined,
    phoneNumberRegex: spec.phoneNumberRegex,
    isTaxIdSupported: spec.taxId?.supported ?? true,
    isTaxIdOptional: spec.taxId?.optional ?? true,
    countryCallingCodesList: [spec.callingCode],
});

const GENERIC_PHONE = "^\\+?[\\d ()/.-]{6,20}$";

export const COUNTRY_RULES: Readonly<Record<string, Rules>> = {
    // Verbatim from the recording (GetPartnerCountryValidation.json).
    US: {
        defaultCulture: "en-US",
        isStateRequired: true,
        supportedStatesList: US_STATES.split(" "),
        supportedLanguagesList: ["en", "es"],
        supportedCulturesList: ["en-US", "es-US"],
        isPostalCodeRequired: true,
        postalCodeRegex: "^\\d{5}(-\\d{4})?$",
        isCityRequired: true,
        isVatIdSupported: false,
        phoneNumberRegex: "^(1[ \\-\\/\\.]?)?(\\((\\d{3})\\)|(\\d{3}))[ \\-\\/\\.]?(\\d{3})[ \\-\\/\\.]?(\\d{4})$",
        isTaxIdSupported: true,
        isTaxIdOptional: true,
        countryCallingCodesList: ["1"],
    },
    CA: rule({
        cultures: ["en-CA", "fr-CA"],
        languages: ["en", "fr"],
        postalCodeRegex: "^[A-Za-z]\\d[A-Za-z] ?\\d[A-Za-z]\\d$",
        phoneNumberRegex: GENERIC_PHONE,
        callingCode: "1",
        states: "AB BC MB NB NL NS NT NU ON PE QC SK YT",
        taxId: { supported: true, optional: true },
    }),
    GB: rule({
        cultures: ["en-GB"],
        languages: ["en"],
        postalCodeRegex: "^[A-Za-z]{1,2}\\d[A-Za-z\\d]? ?\\d[A-Za-z]{2}$",
        phoneNumberRegex: GENERIC_PHONE,
        callingCode: "44",
    }),
    DE: rule({
        cultures: ["de-DE", "en-US"],
        languages: ["de", "en"],
        postalCodeRegex: "^\\d{5}$",
        phoneNumberRegex: GENERIC_PHONE,
        callingCode: "49",
    }),
    FR: rule({
        cultures: ["fr-FR", "en-US"],
        languages: ["fr", "en"],
        postalCodeRegex: "^\\d{5}$",
        phoneNumberRegex: GENERIC_PHONE,
        callingCode: "33",
    }),
    AU: rule({
        cultures: ["en-AU"],
        languages: ["en"],
        postalCodeRegex: "^\\d{4}$",
        phoneNumberRegex: GENERIC_PHONE,
        callingCode: "61",
        states: "open", // integrators send full names ("New South Wales")
        taxId: { supported: true, optional: true },
    }),
    BR: rule({
        cultures: ["pt-BR", "en-US"],
        languages: ["pt", "en"],
        postalCodeRegex: "^\\d{5}-?\\d{3}$",
        phoneNumberRegex: GENERIC_PHONE,
        callingCode: "55",
        states: "open",
        taxId: { supported: true, optional: false },
    }),
    IN: rule({
        cultures: ["en-IN", "hi-IN"],
        languages: ["en", "hi"],
        postalCodeRegex: "^\\d{6}$",
        phoneNumberRegex: GENERIC_PHONE,
        callingCode: "91",
        taxId: { supported: true, optional: true },
    }),
    JP: rule({
        cultures: ["ja-JP", "en-US"],
        languages: ["ja", "en"],
        postalCodeRegex: "^\\d{3}-?\\d{4}$",
        phoneNumberRegex: GENERIC_PHONE,
        callingCode: "81",
        taxId: { supported: false, optional: true },
    }),
};

export function getCountryValidationRules(ctx: HandlerContext<undefined>): HandlerResult {
    const code = (ctx.params["countryCode"] ?? "").toUpperCase();
    const rules = COUNTRY_RULES[code];
    if (!rules) {
        throw ErrorFactory.notFound(`/v1/countryvalidationrules/${code}`);
    }
    return {
        status: 200,
        body: { iso2Code: code, ...rules, attributes: { objectType: "CountryValidationRules" } },
    };
}
