/**
 * Country data used by input validation (`validate.ts`). Plain data only, no logic beyond lookups.
 *
 * The authority is Partner Center's own per-country rules (`GET /v1/countryvalidationrules/{iso2}`:
 * `isStateRequired`, `supportedStatesList`, `isPostalCodeRequired`, `postalCodeRegex`). `check` must work offline
 * (it also runs during preview), so this is a deliberately small, conservative copy: it catches the common
 * mistakes early and leaves the rest to the service.
 */

/**
 * ISO 3166-1 alpha-2 codes: all 249 officially assigned codes (same set as tzdata's `iso3166.tab`).
 * Reserved codes such as `UK` or `EU` are not accepted: Partner Center wants `GB`.
 */
export const ISO_COUNTRY_CODES: ReadonlySet<string> = new Set(
    (
        "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY " +
        "BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK " +
        "FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR " +
        "IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK " +
        "ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM " +
        "PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF " +
        "TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW"
    ).split(" "),
);

/**
 * Countries where `companyProfile.organizationRegistrationNumber` is required (and then
 * `billingProfile.defaultAddress.phoneNumber` too: Partner Center error 600051 "phone number missing").
 * Source: Partner Center `customer-resources.md` (CustomerCompanyProfile): AM, AZ, BY, HU, KZ, KG, MD, RU, TJ, UZ,
 * UA, India, Brazil, South Africa, Poland, UAE, Saudi Arabia, Turkey, Thailand, Vietnam, Myanmar, Iraq,
 * South Sudan and Venezuela.
 */
export const ORG_REGISTRATION_NUMBER_COUNTRIES: ReadonlySet<string> = new Set(
    "AM AZ BY HU KZ KG MD RU TJ UZ UA IN BR ZA PL AE SA TR TH VN MM IQ SS VE".split(" "),
);

/**
 * The 50 states and DC: the 51 codes of Partner Center's recorded US rules (`GET /v1/countryvalidationrules/US`,
 * Partner-Center-PowerShell session record). The territories (AS GU MP PR VI) are not in them: Partner Center
 * treats those as countries of their own (they have ISO 3166-1 codes).
 */
const US_STATES =
    "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK " +
    "OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC";

/** Canadian provinces and territories (ISO 3166-2:CA, the same codes Canada Post uses). */
const CA_PROVINCES = "AB BC MB NB NL NS NT NU ON PE QC SK YT";

/**
 * Countries whose address needs a state/province. Only US and CA get a closed list of 2-letter codes: the
 * Address resource documents State as (0,2) characters, but integrators send full names elsewhere (e.g.
 * Australia's "New South Wales"), so other countries only get a length bound (see `validate.ts`).
 * The set is small on purpose: these are the countries where a missing state is a known create failure; for
 * the others the service decides.
 */
export const STATE_RULES: Readonly<Record<string, { readonly codes?: ReadonlySet<string> }>> = {
    US: { codes: new Set(US_STATES.split(" ")) },
    CA: { codes: new Set(CA_PROVINCES.split(" ")) },
    AU: {},
    BR: {},
    IN: {},
    MX: {},
};

/**
 * Postal-code formats for a few countries, applied after trimming and upper-casing. Other countries only need
 * a non-empty code of at most 20 characters. Kept permissive where the real format has optional separators.
 */
export const POSTAL_CODE_PATTERNS: Readonly<Record<string, { readonly pattern: RegExp; readonly example: string }>> = {
    US: { pattern: /^\d{5}(-\d{4})?$/, example: "98052 or 98052-6399" },
    CA: { pattern: /^[A-Z]\d[A-Z] ?\d[A-Z]\d$/, example: "K1A 0B1" },
    // Royal Mail outward + inward code; the special "GIR 0AA" is not worth a branch.
    GB: { pattern: /^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/, example: "SW1A 1AA" },
    DE: { pattern: /^\d{5}$/, example: "10115" },
    FR: { pattern: /^\d{5}$/, example: "75001" },
    AU: { pattern: /^\d{4}$/, example: "2000" },
    JP: { pattern: /^\d{3}-?\d{4}$/, example: "100-0001" },
    BR: { pattern: /^\d{5}-?\d{3}$/, example: "01310-100" },
    IN: { pattern: /^[1-9]\d{2} ?\d{3}$/, example: "110001" },
};

/**
 * Countries without a general postal-code system, where `postalCode` is optional (everywhere else it is
 * required). From common address-format data (e.g. Google's libaddressinput); Partner Center's
 * `isPostalCodeRequired` is the authority and may be stricter or looser.
 */
export const POSTAL_CODE_OPTIONAL_COUNTRIES: ReadonlySet<string> = new Set(
    (
        "AE AG AO AW BF BI BJ BO BS BW BZ CD CF CG CI CK CM DJ DM ER FJ GA GD GH GM GQ GY HK HM IE KI KM KN KP ML " +
        "MO MR MW NR NU QA RW SB SC SL SR SS ST SY TD TF TG TK TL TO TV UG VU YE ZW"
    ).split(" "),
);
