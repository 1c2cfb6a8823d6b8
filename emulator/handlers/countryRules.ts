/**
 * `GET /v1/countryvalidationrules/{countryCode}` for a handful of countries, shaped like the PowerShell module's
 * session record (`GetPartnerCountryValidation.json`). The values are plausible, not authoritative: the emulator
 * serves them for clients that pre-validate addresses, and does not enforce them on create.
 */
import type { CountryValidationRules } from "pulumi-partnercenter/api";

import ErrorFactory from "../errors/ErrorFactory";
import { HandlerContext, HandlerResult } from "./types";

const US_STATES =
    "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK " +
    "OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC";

type Rules = Omit<CountryValidationRules, "iso2Code" | "attributes">;

const rule = (
    defaultCulture: string,
    languages: string[],
    postalCodeRegex: string,
    phoneNumberRegex: string,
    states?: string,
): Rules => ({
    defaultCulture,
    isStateRequired: states !== undefined,
    supportedStatesList: states ? states.split(" ") : [],
    isPostalCodeRequired: true,
    postalCodeRegex,
    isCityRequired: true,
    isVatIdSupported: false,
    phoneNumberRegex,
    supportedLanguagesList: languages,
    supportedCulturesList: [defaultCulture],
});

export const COUNTRY_RULES: Readonly<Record<string, Rules>> = {
    US: rule(
        "en-US",
        ["en", "es"],
        "^\\d{5}(-\\d{4})?$",
        "^\\+?1?[ -.]?\\(?\\d{3}\\)?[ -.]?\\d{3}[ -.]?\\d{4}$",
        US_STATES,
    ),
    CA: rule(
        "en-CA",
        ["en", "fr"],
        "^[A-Za-z]\\d[A-Za-z] ?\\d[A-Za-z]\\d$",
        "^\\+?[\\d ()-]{7,20}$",
        "AB BC MB NB NL NS NT NU ON PE QC SK YT",
    ),
    GB: rule("en-GB", ["en"], "^[A-Za-z]{1,2}\\d[A-Za-z\\d]? ?\\d[A-Za-z]{2}$", "^\\+?[\\d ()-]{7,20}$"),
    DE: rule("de-DE", ["de", "en"], "^\\d{5}$", "^\\+?[\\d ()/-]{6,20}$"),
    FR: rule("fr-FR", ["fr", "en"], "^\\d{5}$", "^\\+?[\\d ().-]{9,20}$"),
    AU: rule("en-AU", ["en"], "^\\d{4}$", "^\\+?[\\d ()-]{8,20}$", "ACT NSW NT QLD SA TAS VIC WA"),
    BR: rule(
        "pt-BR",
        ["pt", "en"],
        "^\\d{5}-?\\d{3}$",
        "^\\+?[\\d ()-]{10,20}$",
        "AC AL AP AM BA CE DF ES GO MA MT MS MG PA PB PR PE PI RJ RN RS RO RR SC SP SE TO",
    ),
    IN: rule("en-IN", ["en", "hi"], "^\\d{6}$", "^\\+?[\\d ()-]{10,20}$"),
    JP: rule("ja-JP", ["ja", "en"], "^\\d{3}-?\\d{4}$", "^\\+?[\\d ()-]{10,20}$"),
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
