/**
 * The Microsoft Customer Agreement (MCA) part of the contract: the enhanced attestation API and the agreements API,
 * each operation defined once as data (shared by the client and the emulator, like `operations.ts`).
 *
 * Sources (public-cloud only, "Doesn't apply to: Partner Center operated by 21Vianet | Partner Center for Microsoft
 * Cloud for US Government" on every page):
 * - Enhanced flow: https://learn.microsoft.com/en-us/partner-center/customers/integrate-sandbox-confirm-customer-accept
 *   ("This scenario only supports AppOnly authentication"; signatory first/last name, email, optional phone, company
 *   name; duplicate contact data -> 600061 `PartnerConfirmedAgreementAlreadyExists` in the newer error shape) and
 *   https://learn.microsoft.com/en-us/partner-center/customers/integrate-sandbox-confirm-customer-agree (API-only
 *   since 2025-10-07; the customer accepts in Microsoft's embeddable component).
 * - Agreements: https://learn.microsoft.com/en-us/partner-center/developer/confirm-customer-consent-customer-agreement
 *   (`POST /v1/customers/{id}/agreements`, App+User, `primaryContact`/`templateId`/`dateAgreed`/`type`),
 *   https://learn.microsoft.com/en-us/partner-center/developer/get-confirmation-of-customer-agreement
 *   (`GET /v1/customers/{id}/agreements?agreementType=MicrosoftCustomerAgreement`, App+User) and "Get agreement
 *   metadata for Microsoft Customer Agreement" (`GET /v1/agreements?agreementType=...`, the `templateId`).
 * - "Get agreement metadata for Microsoft Cloud Agreement"
 *   (https://learn.microsoft.com/en-us/partner-center/developer/get-agreement-metadata): `GET /v1/agreements` without
 *   `agreementType` answers the Microsoft Cloud Agreement template, with a collection `links.self`. App+User.
 * - "Get the status of a customer's direct signing (direct acceptance) of Microsoft Customer Agreement"
 *   (https://learn.microsoft.com/en-us/partner-center/developer/get-direct-sign-status-of-customer-agreement):
 *   `GET /v1/customers/{customer-tenant-id}/directSignedMicrosoftCustomerAgreementStatus` -> `{"isSigned": bool}`.
 *   App+User only.
 * - "Get a download link for the Microsoft Customer Agreement template"
 *   (https://learn.microsoft.com/en-us/partner-center/developer/download-customer-agreement-template):
 *   `GET /v1/agreementtemplates/{agreement-template-id}/document?language=&country=` -> an `AgreementDocument`
 *   (`displayUri`, `downloadUri`, `language`, `country`); country (case-sensitive) defaults to `US`, language to
 *   `en-US` (also when the country does not support it); a new link each call, valid five minutes. App+User only.
 *
 * The enhanced attestation request (issue #22): the page's request-body table, as far as any stored rendering of it
 * could be read (the zh-cn one, https://learn.microsoft.com/zh-cn/partner-center/customers/integrate-sandbox-confirm-customer-accept;
 * the en-us and ja-jp excerpts stop before it), documents
 * `POST https://api.partnercenter.microsoft.com/v{version}/attestations/enhanced`, authorization
 * `PartnerAuthorize(PartnerApiResource.PartnerConfirmation, ResourceAccess.Create)`, and a flat body whose rows begin
 * `country` (string, required, the customer's ISO 3166-1 alpha-2 code), language (string, required, the agreement's
 * preferred language), company name (string, required, the accepting company), `signatoryFirstName` and
 * `signatoryLastName` (string, required, the person signing). The excerpt ends inside the `signatoryLastName` row.
 * Where it is silent we chose, and say so here and in docs/FIDELITY.md ("MCA (enhanced attestation)"):
 * - The JSON names of rows 2 and 3 are translated in that rendering ("语言", "公司名称"): `language` and `companyName`
 *   are our reading of them.
 * - The rest of the table was not retrievable. The page's prerequisites also list the signatory's email and an
 *   optional phone number: they may be further rows, under names we do not know, so we do not send them here; they
 *   go in the agreement's documented `primaryContact` (below).
 * - UNKNOWN: whether `customerId` belongs in the path or the body. It is in neither the path nor the part of the
 *   table we read, and the page's prerequisites (unlike the legacy page's) do not ask for a customer id: the
 *   attestation is tied to a customer when the agreement is created under `/v1/customers/{customerId}/agreements`.
 *   We send no `customerId` and no `agreementType` (the endpoint is the MCA's). Searched again in issue #22 (other
 *   renderings of the page, the table's terms, public repositories): nothing beyond the five rows was found.
 * - No request or response sample could be read: the attestation object's shape (`attestationId`, `status`, ...) and
 *   `GET /v1/attestations/enhanced/{attestationId}` are our model.
 * - The page says the partner "creates the agreement with the attestation id": modelled as the documented agreements
 *   POST carrying `attestationId`, under App-only auth like the rest of the enhanced scenario. Without
 *   `attestationId` the same POST is the legacy (App+User) attestation, being retired.
 * - Response codecs are tolerant (unknown keys pass, `null` allowed) so a differing real shape degrades gently.
 */
import * as t from "io-ts";

import { Collection, nullable, withOptional } from "./codecs";
import { op } from "./spec";

export type { AuthFlow } from "./spec";

/** The only agreement type this package attests. */
export const MICROSOFT_CUSTOMER_AGREEMENT = "MicrosoftCustomerAgreement";

/** `600061 PartnerConfirmedAgreementAlreadyExists`: an agreement with the same contact data already exists. */
export const AGREEMENT_ALREADY_EXISTS_CODE = "600061";
export const AGREEMENT_ALREADY_EXISTS_NAME = "PartnerConfirmedAgreementAlreadyExists";

/** The documented `Contact` resource (utility-resources.md): the customer's signatory. */
export const Contact = withOptional(
    { firstName: t.string, lastName: t.string, email: t.string },
    { phoneNumber: nullable(t.string) },
    "Contact",
);
export type Contact = t.TypeOf<typeof Contact>;

/**
 * Body of `POST /v1/attestations/enhanced`, field by field from the documented table (see the header: the table's
 * end, after `signatoryLastName`, was not readable; nothing undocumented is sent).
 */
export const EnhancedAttestationRequest = t.type(
    {
        /** The customer's country/region code (ISO 3166-1 alpha-2). Required. */
        country: t.string,
        /** The preferred language of the agreement. Required. (Name read from a translated cell.) */
        language: t.string,
        /** The name of the company accepting the agreement. Required. (Name read from a translated cell.) */
        companyName: t.string,
        /** The first name of the individual signing the agreement. Required. */
        signatoryFirstName: t.string,
        /** The last name of the individual signing the agreement. Required. */
        signatoryLastName: t.string,
    },
    "EnhancedAttestationRequest",
);
export type EnhancedAttestationRequest = t.TypeOf<typeof EnhancedAttestationRequest>;

/** Attestation states as this package reads them (other values pass through as strings). */
export const AttestationStatus = { pending: "Pending", accepted: "Accepted" } as const;

/** An attestation object. */
export const EnhancedAttestation = withOptional(
    { attestationId: t.string, status: t.string },
    {
        /** Our model: the request's fields echoed (no response sample could be read). */
        country: nullable(t.string),
        language: nullable(t.string),
        companyName: nullable(t.string),
        signatoryFirstName: nullable(t.string),
        signatoryLastName: nullable(t.string),
        /** Our model: the customer the attestation was used for (set once an agreement was created with it). */
        customerId: nullable(t.string),
        /**
         * Where the customer reviews and accepts the MCA. The real service's embeddable component is parameterised
         * by the partner (its parameters were not retrievable); the emulator returns its own stand-in URL here.
         */
        acceptanceUrl: nullable(t.string),
        createdDateTime: nullable(t.string),
        acceptedDateTime: nullable(t.string),
    },
    "EnhancedAttestation",
);
export type EnhancedAttestation = t.TypeOf<typeof EnhancedAttestation>;

/** Body of `POST /v1/customers/{customerId}/agreements` (`attestationId` = enhanced, `templateId` = legacy). */
export const AgreementCreateRequest = withOptional(
    { primaryContact: Contact, type: t.string },
    {
        attestationId: nullable(t.string),
        templateId: nullable(t.string),
        dateAgreed: nullable(t.string),
    },
    "AgreementCreateRequest",
);
export type AgreementCreateRequest = t.TypeOf<typeof AgreementCreateRequest>;

/** The `Agreement` resource (agreement-resources.md), plus `attestationId` for enhanced agreements. */
export const Agreement = withOptional(
    { primaryContact: Contact },
    {
        userId: nullable(t.string),
        templateId: nullable(t.string),
        dateAgreed: nullable(t.string),
        type: nullable(t.string),
        agreementLink: nullable(t.string),
        attestationId: nullable(t.string),
    },
    "Agreement",
);
export type Agreement = t.TypeOf<typeof Agreement>;

export const AgreementCollection = Collection(Agreement, "AgreementCollection");
export type AgreementCollection = t.TypeOf<typeof AgreementCollection>;

/** `AgreementMetaData`: one agreement template. */
export const AgreementMetadata = withOptional(
    { templateId: t.string, agreementType: t.string },
    { agreementLink: nullable(t.string), versionRank: nullable(t.number) },
    "AgreementMetadata",
);
export type AgreementMetadata = t.TypeOf<typeof AgreementMetadata>;

export const AgreementMetadataCollection = Collection(AgreementMetadata, "AgreementMetadataCollection");
export type AgreementMetadataCollection = t.TypeOf<typeof AgreementMetadataCollection>;

/**
 * `DirectSignedCustomerAgreementStatus` (customer-agreement-direct-sign-status-resource.md): whether the customer
 * accepted the Microsoft Customer Agreement directly (not through a partner's attestation).
 */
export const DirectSignedCustomerAgreementStatus = t.type(
    { isSigned: t.boolean },
    "DirectSignedCustomerAgreementStatus",
);
export type DirectSignedCustomerAgreementStatus = t.TypeOf<typeof DirectSignedCustomerAgreementStatus>;

/** `AgreementDocument` (agreement-document-resources.md): links to preview and download an agreement template. */
export const AgreementDocument = withOptional(
    { downloadUri: t.string },
    { displayUri: nullable(t.string), language: nullable(t.string), country: nullable(t.string) },
    "AgreementDocument",
);
export type AgreementDocument = t.TypeOf<typeof AgreementDocument>;

/** `POST /v1/attestations/enhanced`: create the attestation object the customer then accepts. App-only. */
export const createEnhancedAttestation = op({
    name: "createEnhancedAttestation",
    method: "POST",
    path: "/v1/attestations/enhanced",
    request: EnhancedAttestationRequest,
    response: EnhancedAttestation,
    success: [200, 201],
    // A blind re-send could create a second attestation object; callers reconcile (same MS-RequestId) instead.
    retryAmbiguous: false,
    auth: "appOnly",
});

/** `GET /v1/attestations/enhanced/{attestationId}`: the attestation and whether the customer accepted. App-only. */
export const getEnhancedAttestation = op({
    name: "getEnhancedAttestation",
    method: "GET",
    path: "/v1/attestations/enhanced/{attestationId}",
    request: undefined,
    response: EnhancedAttestation,
    success: [200],
    retryAmbiguous: true,
    auth: "appOnly",
});

/**
 * `POST /v1/customers/{customerId}/agreements` with the accepted attestation's id: the agreement. App-only (the
 * enhanced scenario). A repeat with the same contact data fails with 600061, which callers adopt.
 */
export const createCustomerAgreement = op({
    name: "createCustomerAgreement",
    method: "POST",
    path: "/v1/customers/{customerId}/agreements",
    request: AgreementCreateRequest,
    response: Agreement,
    success: [200, 201],
    // Safe to re-send: a duplicate is refused with 600061, never created twice.
    retryAmbiguous: true,
    auth: "appOnly",
});

/** `GET /v1/customers/{customerId}/agreements?agreementType=MicrosoftCustomerAgreement`. App+User. */
export const listCustomerAgreements = op({
    name: "listCustomerAgreements",
    method: "GET",
    path: "/v1/customers/{customerId}/agreements",
    request: undefined,
    response: AgreementCollection,
    success: [200],
    retryAmbiguous: true,
    auth: "appUser",
});

/** `GET /v1/agreements?agreementType=MicrosoftCustomerAgreement`: the templates (legacy `templateId`). App+User. */
export const listAgreementTemplates = op({
    name: "listAgreementTemplates",
    method: "GET",
    path: "/v1/agreements",
    request: undefined,
    response: AgreementMetadataCollection,
    success: [200],
    retryAmbiguous: true,
    auth: "appUser",
});

/** `GET /v1/customers/{customerId}/directSignedMicrosoftCustomerAgreementStatus`. App+User. */
export const getDirectSignedCustomerAgreementStatus = op({
    name: "getDirectSignedCustomerAgreementStatus",
    method: "GET",
    path: "/v1/customers/{customerId}/directSignedMicrosoftCustomerAgreementStatus",
    request: undefined,
    response: DirectSignedCustomerAgreementStatus,
    success: [200],
    retryAmbiguous: true,
    auth: "appUser",
});

/** `GET /v1/agreementtemplates/{templateId}/document?language=&country=`: a download link. App+User. */
export const getAgreementDocument = op({
    name: "getAgreementDocument",
    method: "GET",
    path: "/v1/agreementtemplates/{templateId}/document",
    request: undefined,
    response: AgreementDocument,
    success: [200],
    retryAmbiguous: true,
    auth: "appUser",
});

/** The MCA operations, in routing order. */
export const agreementOperations = [
    createEnhancedAttestation,
    getEnhancedAttestation,
    createCustomerAgreement,
    listCustomerAgreements,
    listAgreementTemplates,
    getDirectSignedCustomerAgreementStatus,
    getAgreementDocument,
] as const;

/** Same person: Partner Center compares first name, last name, email and phone (case-insensitively here). */
export function sameContact(a: Contact | null | undefined, b: Contact | null | undefined): boolean {
    if (!a || !b) {
        return false;
    }
    const norm = (s: string | null | undefined) => (s ?? "").trim().toLowerCase();
    return (
        norm(a.firstName) === norm(b.firstName) &&
        norm(a.lastName) === norm(b.lastName) &&
        norm(a.email) === norm(b.email) &&
        norm(a.phoneNumber).replace(/[^0-9+]/g, "") === norm(b.phoneNumber).replace(/[^0-9+]/g, "")
    );
}
