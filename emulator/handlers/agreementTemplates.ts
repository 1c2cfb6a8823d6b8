/**
 * The agreement templates the emulator serves and the documents of the Microsoft Customer Agreement template, as
 * the agreement metadata and template download pages publish them:
 * - "Get agreement metadata for Microsoft Customer Agreement" (get-customer-agreement-metadata.md): the MCA template;
 * - "Get agreement metadata for Microsoft Cloud Agreement" (get-agreement-metadata.md): the Microsoft Cloud
 *   Agreement template, which `GET /v1/agreements` answers when no `agreementType` is given;
 * - "Get a download link for the Microsoft Customer Agreement template" (download-customer-agreement-template.md):
 *   the supported countries (codes case-sensitive) and the languages of each, `en-US` everywhere.
 */
import { MICROSOFT_CUSTOMER_AGREEMENT } from "pulumi-partnercenter/api";

/** The MCA template; id and link as in the "Get agreement metadata for Microsoft Customer Agreement" REST sample. */
export const MCA_TEMPLATE_ID = "117a77b0-9360-443b-8795-c6dedc750cf9";
export const MCA_AGREEMENT_LINK = "https://aka.ms/customeragreement";

/** The Microsoft Cloud Agreement template, as in the "Get agreement metadata for Microsoft Cloud Agreement" sample. */
export const MICROSOFT_CLOUD_AGREEMENT = "MicrosoftCloudAgreement";
const CLOUD_AGREEMENT_TEMPLATE_ID = "998b88de-aa99-4388-a42c-1b3517d49490";
const CLOUD_AGREEMENT_LINK = "https://docs.microsoft.com/partner-center/agreements";

/** Every template, in the order `agreementType=*` lists them. */
export const AGREEMENT_TEMPLATES = [
    {
        templateId: CLOUD_AGREEMENT_TEMPLATE_ID,
        agreementType: MICROSOFT_CLOUD_AGREEMENT,
        agreementLink: CLOUD_AGREEMENT_LINK,
        versionRank: 0,
    },
    {
        templateId: MCA_TEMPLATE_ID,
        agreementType: MICROSOFT_CUSTOMER_AGREEMENT,
        agreementLink: MCA_AGREEMENT_LINK,
        versionRank: 0,
    },
] as const;

/** Countries whose MCA template exists in `en-US` only (the page's table, 2021-06). */
const EN_US_ONLY =
    "AX AF AL AS AD AI AQ AG AM AW AU AZ BS BD BB BJ BM BT BQ BA BW BV IO VG BN BF BI KH KY CF TD CX CC KM CD CG CK " +
    "CW CY DJ DM EC GQ ER SZ ET FK FO FJ PF TF GA GM GE GH GI GL GD GP GU GG GN GW GY HT HM IS IE IM JM XJ JE KE KI " +
    "XK LA LS LR MK MG MW MV ML MT MH MQ MR YT FM MN ME MS MZ MM NA NR NP NC NZ NE NG NU NF MP PK PW PS PG PH PN PR " +
    "RE XS BL KN LC MF PM VC WS SM SA SC SL XE SX SB SO ZA GS SS LK SH SR SJ TJ TZ TL TG TK TO TT TM TC TV UM VI UG " +
    "GB US VU VA WF ZM ZW";

/** The other language of each country that has one besides `en-US` (the page's table, 2021-06). */
const MORE_LANGUAGES: Readonly<Record<string, string>> = {
    DZ: "fr-FR",
    AO: "pt-PT",
    AR: "es-ES",
    AT: "de-DE",
    BH: "ar-SA",
    BY: "ru-RU",
    BE: "nl-NL",
    BZ: "es-ES",
    BO: "es-ES",
    BR: "pt-BR",
    BG: "bg-BG",
    CI: "fr-FR",
    CV: "pt-PT",
    CM: "fr-FR",
    CA: "fr-FR",
    CL: "es-ES",
    CO: "es-ES",
    CR: "es-ES",
    HR: "hr-HR",
    CZ: "cs-CZ",
    DK: "da-DK",
    DO: "es-ES",
    EG: "ar-SA",
    SV: "es-ES",
    EE: "et-EE",
    FI: "fi-FI",
    FR: "fr-FR",
    GF: "fr-FR",
    DE: "de-DE",
    GR: "el-GR",
    GT: "es-ES",
    HN: "es-ES",
    HK: "zh-HK",
    HU: "hu-HU",
    IN: "hi-IN",
    ID: "id-ID",
    IQ: "ar-SA",
    IL: "he-IL",
    IT: "it-IT",
    JP: "ja-JP",
    JO: "ar-SA",
    KZ: "kk-KZ",
    KR: "ko-KR",
    KW: "ar-SA",
    KG: "ru-RU",
    LV: "lv-LV",
    LB: "ar-SA",
    LY: "ar-SA",
    LI: "de-DE",
    LT: "lt-LT",
    LU: "fr-FR",
    MO: "zh-HK",
    MY: "ms-MY",
    MU: "ar-SA",
    MX: "es-ES",
    MD: "ro-RO",
    MC: "fr-FR",
    MA: "fr-FR",
    NL: "nl-NL",
    NI: "es-ES",
    NO: "nb-NO",
    OM: "ar-SA",
    PA: "es-ES",
    PY: "es-ES",
    PE: "es-ES",
    PL: "pl-PL",
    PT: "pt-PT",
    QA: "ar-SA",
    RO: "ro-RO",
    RU: "ru-RU",
    RW: "fr-FR",
    ST: "fr-FR",
    SN: "fr-FR",
    RS: "sr-Latn-RS",
    SG: "zh-SG",
    SK: "sk-SK",
    SI: "sl-SI",
    ES: "es-ES",
    SE: "sv-SE",
    CH: "fr-FR",
    TW: "zh-HK",
    TH: "th-TH",
    TN: "fr-FR",
    TR: "tr-TR",
    UA: "uk-UA",
    AE: "ar-SA",
    UY: "es-ES",
    UZ: "ru-RU",
    VE: "es-ES",
    VN: "vi-VN",
    YE: "ar-SA",
};

/** The languages of a supported country's MCA template; `undefined` for a code the table does not list. */
export function templateLanguages(country: string): readonly string[] | undefined {
    const more = MORE_LANGUAGES[country];
    if (more !== undefined) {
        return ["en-US", more];
    }
    return EN_US_ONLY.split(" ").includes(country) ? ["en-US"] : undefined;
}
