/**
 * io-ts codecs for the Partner Center resources this project uses.
 *
 * One definition serves both sides: the client decodes responses with them and the emulator validates
 * requests and encodes responses with them (see `operations.ts`). Resource shapes follow the
 * Partner Center REST docs (`customer-resources.md`, `utility-resources.md`, `relationships-resources.md`).
 *
 * Response codecs are deliberately tolerant: unknown keys pass through (`t.type`, not `t.exact`) and
 * optional fields accept `null`, because the service adds fields over time and sends `null` freely.
 */
import * as t from "io-ts";

/** `T | null | undefined`: the service omits some fields and sends `null` for others. */
export const nullable = <C extends t.Mixed>(codec: C) => t.union([codec, t.null, t.undefined]);

/** `{ required } & { optional? }` in one codec. */
export const withOptional = <R extends t.Props, O extends t.Props>(required: R, optional: O, name?: string) =>
    t.intersection([t.type(required), t.partial(optional)], name);

/** Link inside `links` (`self`, `next`, `previous`). */
export const Link = withOptional(
    { uri: t.string },
    {
        method: nullable(t.string),
        headers: nullable(t.array(withOptional({ key: t.string }, { value: nullable(t.string) }))),
    },
    "Link",
);
export type Link = t.TypeOf<typeof Link>;

export const ResourceLinks = t.partial(
    { self: nullable(Link), next: nullable(Link), previous: nullable(Link) },
    "ResourceLinks",
);
export type ResourceLinks = t.TypeOf<typeof ResourceLinks>;

export const ResourceAttributes = t.partial(
    { etag: nullable(t.string), objectType: nullable(t.string) },
    "ResourceAttributes",
);
export type ResourceAttributes = t.TypeOf<typeof ResourceAttributes>;

/** The Address resource (utility-resources.md). Lengths are checked by the validators, not the codec. */
export const Address = withOptional(
    { country: t.string },
    {
        id: nullable(t.string),
        region: nullable(t.string),
        city: nullable(t.string),
        state: nullable(t.string),
        addressLine1: nullable(t.string),
        addressLine2: nullable(t.string),
        addressLine3: nullable(t.string),
        postalCode: nullable(t.string),
        firstName: nullable(t.string),
        middleName: nullable(t.string),
        lastName: nullable(t.string),
        phoneNumber: nullable(t.string),
        district: nullable(t.string),
        emailAddress: nullable(t.string),
    },
    "Address",
);
export type Address = t.TypeOf<typeof Address>;

export const CustomerBillingProfile = withOptional(
    {},
    {
        id: nullable(t.string),
        firstName: nullable(t.string),
        lastName: nullable(t.string),
        email: nullable(t.string),
        culture: nullable(t.string),
        language: nullable(t.string),
        companyName: nullable(t.string),
        defaultAddress: nullable(Address),
        links: nullable(ResourceLinks),
        attributes: nullable(ResourceAttributes),
    },
    "CustomerBillingProfile",
);
export type CustomerBillingProfile = t.TypeOf<typeof CustomerBillingProfile>;

export const CustomerCompanyProfile = withOptional(
    {},
    {
        tenantId: nullable(t.string),
        domain: nullable(t.string),
        companyName: nullable(t.string),
        organizationRegistrationNumber: nullable(t.string),
        address: nullable(Address),
        email: nullable(t.string),
        links: nullable(ResourceLinks),
        attributes: nullable(ResourceAttributes),
    },
    "CustomerCompanyProfile",
);
export type CustomerCompanyProfile = t.TypeOf<typeof CustomerCompanyProfile>;

export const UserCredentials = t.type({ userName: t.string, password: t.string }, "UserCredentials");
export type UserCredentials = t.TypeOf<typeof UserCredentials>;

/** Values of `relationshipToPartner` (the .NET SDK maps unknown strings to `unknown`, so accept any string). */
export const RelationshipToPartner = t.string;

/** The Customer resource as the service returns it. */
export const Customer = withOptional(
    { id: t.string },
    {
        commerceId: nullable(t.string),
        companyProfile: nullable(CustomerCompanyProfile),
        billingProfile: nullable(CustomerBillingProfile),
        relationshipToPartner: nullable(RelationshipToPartner),
        allowDelegatedAccess: nullable(t.boolean),
        userCredentials: nullable(UserCredentials),
        customDomains: nullable(t.array(t.string)),
        associatedPartnerId: nullable(t.string),
        links: nullable(ResourceLinks),
        attributes: nullable(ResourceAttributes),
    },
    "Customer",
);
export type Customer = t.TypeOf<typeof Customer>;

/**
 * The answer to `PATCH /v1/customers/{id}` (remove a reseller relationship). The documentation's only sample is
 * PascalCase with `"Id": null` and every other field null except `RelationshipToPartner` and `Attributes`
 * (remove-a-reseller-relationship-with-a-customer), so the id is optional here: the caller knows which customer it
 * patched.
 */
export const CustomerRelationshipResult = t.partial(
    {
        id: nullable(t.string),
        commerceId: nullable(t.string),
        companyProfile: nullable(CustomerCompanyProfile),
        billingProfile: nullable(CustomerBillingProfile),
        relationshipToPartner: nullable(RelationshipToPartner),
        allowDelegatedAccess: nullable(t.boolean),
        userCredentials: nullable(UserCredentials),
        customDomains: nullable(t.array(t.string)),
        associatedPartnerId: nullable(t.string),
        links: nullable(ResourceLinks),
        attributes: nullable(ResourceAttributes),
    },
    "CustomerRelationshipResult",
);
export type CustomerRelationshipResult = t.TypeOf<typeof CustomerRelationshipResult>;

/**
 * Body of `POST /v1/customers` (camelCase; the emulator also accepts the seed's PascalCase verbatim by
 * folding key case before decoding). Required fields follow the seed's tables.
 */
export const AddressInput = withOptional(
    {
        country: t.string,
        addressLine1: t.string,
        firstName: t.string,
        lastName: t.string,
    },
    {
        region: nullable(t.string),
        city: nullable(t.string),
        state: nullable(t.string),
        addressLine2: nullable(t.string),
        postalCode: nullable(t.string),
        phoneNumber: nullable(t.string),
    },
    "AddressInput",
);
export type AddressInput = t.TypeOf<typeof AddressInput>;

export const CustomerCreateRequest = withOptional(
    {
        companyProfile: withOptional(
            { domain: t.string },
            { organizationRegistrationNumber: nullable(t.string), attributes: nullable(ResourceAttributes) },
        ),
        billingProfile: withOptional(
            {
                email: t.string,
                culture: t.string,
                language: t.string,
                companyName: t.string,
                defaultAddress: AddressInput,
            },
            { firstName: nullable(t.string), lastName: nullable(t.string), attributes: nullable(ResourceAttributes) },
        ),
    },
    {
        associatedPartnerId: nullable(t.string),
        /**
         * Default GDAP (customer-resources: "Indicates whether partner wants to enable the Granular Delegated Access
         * by default for the customer"). Since 2023-11-01 in production, absent means `true` (GDAP FAQ).
         */
        enableGDAPByDefault: nullable(t.boolean),
        attributes: nullable(ResourceAttributes),
    },
    "CustomerCreateRequest",
);
export type CustomerCreateRequest = t.TypeOf<typeof CustomerCreateRequest>;

/** Body of `PUT /v1/customers/{id}/profiles/billing`: the full resource, etag in `attributes.etag`. */
export const BillingProfileUpdateRequest = withOptional(
    {
        email: t.string,
        culture: t.string,
        language: t.string,
        companyName: t.string,
        defaultAddress: AddressInput,
    },
    {
        id: nullable(t.string),
        firstName: nullable(t.string),
        lastName: nullable(t.string),
        attributes: nullable(ResourceAttributes),
    },
    "BillingProfileUpdateRequest",
);
export type BillingProfileUpdateRequest = t.TypeOf<typeof BillingProfileUpdateRequest>;

/** Body of `PATCH /v1/customers/{id}` (remove a reseller relationship). */
export const CustomerRelationshipPatch = withOptional(
    { relationshipToPartner: t.string },
    { attributes: nullable(ResourceAttributes) },
    "CustomerRelationshipPatch",
);
export type CustomerRelationshipPatch = t.TypeOf<typeof CustomerRelationshipPatch>;

/** A paged collection: `{totalCount, items, links, continuationToken?, attributes}`. */
export const Collection = <C extends t.Mixed>(item: C, name: string) =>
    withOptional(
        { items: t.array(item) },
        {
            totalCount: nullable(t.number),
            continuationToken: nullable(t.string),
            links: nullable(ResourceLinks),
            attributes: nullable(ResourceAttributes),
        },
        name,
    );

export const CustomerCollection = Collection(Customer, "CustomerCollection");
export type CustomerCollection = t.TypeOf<typeof CustomerCollection>;

/** PartnerRelationship (relationships-resources.md): an indirect reseller as seen by its provider. */
export const PartnerRelationship = withOptional(
    { id: t.string },
    {
        name: nullable(t.string),
        relationshipType: nullable(t.string),
        state: nullable(t.string),
        mpnId: nullable(t.string),
        location: nullable(t.string),
        attributes: nullable(ResourceAttributes),
    },
    "PartnerRelationship",
);
export type PartnerRelationship = t.TypeOf<typeof PartnerRelationship>;

export const PartnerRelationshipCollection = Collection(PartnerRelationship, "PartnerRelationshipCollection");
export type PartnerRelationshipCollection = t.TypeOf<typeof PartnerRelationshipCollection>;

/**
 * `GET /v1/countryvalidationrules/{country}`, in the recorded shape (Partner-Center-PowerShell session record
 * `GetPartnerCountryValidation.json`, US, 2019).
 */
export const CountryValidationRules = withOptional(
    { iso2Code: t.string },
    {
        defaultCulture: nullable(t.string),
        isStateRequired: nullable(t.boolean),
        supportedStatesList: nullable(t.array(t.string)),
        supportedLanguagesList: nullable(t.array(t.string)),
        supportedCulturesList: nullable(t.array(t.string)),
        isPostalCodeRequired: nullable(t.boolean),
        postalCodeRegex: nullable(t.string),
        isCityRequired: nullable(t.boolean),
        isVatIdSupported: nullable(t.boolean),
        phoneNumberRegex: nullable(t.string),
        isTaxIdSupported: nullable(t.boolean),
        isTaxIdOptional: nullable(t.boolean),
        countryCallingCodesList: nullable(t.array(t.string)),
        attributes: nullable(ResourceAttributes),
    },
    "CountryValidationRules",
);
export type CountryValidationRules = t.TypeOf<typeof CountryValidationRules>;

/**
 * Body of `POST /v1/validations/address` (validate-an-address: `addressline1`, `city`, `state`, `postalcode`,
 * `country` required, `addressline2` optional; the service matches keys case-insensitively).
 */
export const AddressValidationRequest = withOptional(
    { addressLine1: t.string, country: t.string },
    {
        addressLine2: nullable(t.string),
        city: nullable(t.string),
        state: nullable(t.string),
        postalCode: nullable(t.string),
        region: nullable(t.string),
    },
    "AddressValidationRequest",
);
export type AddressValidationRequest = t.TypeOf<typeof AddressValidationRequest>;

/**
 * The answer of `POST /v1/validations/address`. Current contract (since about 2021-07): 200 with
 * `{originalAddress, suggestedAddresses, status, validationMessage?}`. Older contract: 200 with an empty body when
 * valid, 400/2007 with the correction embedded in `description` when not; an empty 200 decodes as `undefined`.
 */
export const AddressValidationResult = t.union(
    [
        withOptional(
            { status: t.string },
            {
                originalAddress: nullable(Address),
                suggestedAddresses: nullable(t.array(Address)),
                validationMessage: nullable(t.string),
            },
        ),
        t.undefined,
    ],
    "AddressValidationResult",
);
export type AddressValidationResult = t.TypeOf<typeof AddressValidationResult>;

/**
 * Statuses of the current address validation contract (validate-an-address). `VerifiedShippable` and `Verified`
 * accept the address as sent; the others come with up to 3 suggested addresses.
 */
export const ADDRESS_VALIDATION_STATUSES = [
    "VerifiedShippable",
    "Verified",
    "InteractionRequired",
    "StreetPartial",
    "PremisesPartial",
    "Multiple",
    "None",
    "NotValidated",
] as const;

/** `GET /v1/compliance/{programName}/agreementstatus?tenantId=`: has the indirect reseller signed the MPA? */
export const AgreementSigningStatus = t.type({ isAgreementSigned: t.boolean }, "AgreementSigningStatus");
export type AgreementSigningStatus = t.TypeOf<typeof AgreementSigningStatus>;

/**
 * Error bodies. Partner Center sends two shapes of fault plus a third for throttling:
 * - the documented ApiFault `{code, description, data, source}` (`code` is a string *or* a number);
 * - the newer `{code, message, errorName, isRetryable, parameters, errorMessageExtended}`;
 * - 429: `{statusCode, message}`.
 */
export const ApiFault = withOptional(
    { code: t.union([t.string, t.number]) },
    {
        description: nullable(t.string),
        message: nullable(t.string),
        data: nullable(t.array(t.unknown)),
        source: nullable(t.string),
        errorName: nullable(t.string),
        isRetryable: nullable(t.boolean),
        parameters: nullable(t.unknown),
        errorMessageExtended: nullable(t.string),
    },
    "ApiFault",
);
export type ApiFault = t.TypeOf<typeof ApiFault>;

export const ThrottleFault = t.type({ statusCode: t.number, message: t.string }, "ThrottleFault");
export type ThrottleFault = t.TypeOf<typeof ThrottleFault>;

/** OAuth token endpoint response (v1 endpoint, refresh_token grant). `expires_in` may be a string. */
export const TokenResponse = withOptional(
    { access_token: t.string },
    {
        token_type: nullable(t.string),
        expires_in: nullable(t.union([t.number, t.string])),
        expires_on: nullable(t.union([t.number, t.string])),
        refresh_token: nullable(t.string),
        resource: nullable(t.string),
        scope: nullable(t.string),
        /** OpenID Connect id token (when `openid` was in the scope): who signed in, and how (`amr`). */
        id_token: nullable(t.string),
    },
    "TokenResponse",
);
export type TokenResponse = t.TypeOf<typeof TokenResponse>;

/**
 * Device authorization response (RFC 8628 §3.2; Entra's v2 `devicecode` endpoint, `v2-oauth2-device-code.md`):
 * what the user must do (`verification_uri`, `user_code`, `message`) and how the client polls (`device_code`,
 * `interval`, `expires_in`, in seconds).
 */
export const DeviceAuthorizationResponse = withOptional(
    {
        device_code: t.string,
        user_code: t.string,
        verification_uri: t.string,
        expires_in: t.union([t.number, t.string]),
    },
    { interval: nullable(t.union([t.number, t.string])), message: nullable(t.string) },
    "DeviceAuthorizationResponse",
);
export type DeviceAuthorizationResponse = t.TypeOf<typeof DeviceAuthorizationResponse>;

/** OAuth error body (`{error, error_description}`). */
export const TokenError = withOptional({ error: t.string }, { error_description: nullable(t.string) }, "TokenError");
export type TokenError = t.TypeOf<typeof TokenError>;
