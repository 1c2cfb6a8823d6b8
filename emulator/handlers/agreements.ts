/**
 * Microsoft Customer Agreement operations: enhanced attestation (create, get), agreements (create, list) and the
 * agreement templates. Rules modelled (sources in `pulumi-partnercenter/api` `agreements.ts`):
 * - public cloud only: in the `usgov`/`china` emulated clouds every MCA operation answers 403;
 * - the enhanced scenario is App-only: attestation create/get and agreement create with `attestationId` refuse
 *   App+User tokens (403); the agreements list, the templates and the legacy create (`templateId`, no
 *   `attestationId`) are App+User only (403 for App-only tokens);
 * - `agreementType` defaults to `MicrosoftCloudAgreement` when absent ("for backward compatibility"), `*` = all;
 * - an agreement needs an attestation the customer accepted (`POST /_emulator/attestations/{id}/accept` stands in
 *   for the customer accepting in Microsoft's embeddable component);
 * - the attestation body is the documented table's (flat: `country`, `language`, `companyName`,
 *   `signatoryFirstName`, `signatoryLastName`, all required; no customer id): the attestation is bound to a customer
 *   by the first agreement created with it, and cannot then serve another customer;
 * - the same first name, last name, email and phone for the same customer again -> 409/600061
 *   `PartnerConfirmedAgreementAlreadyExists`, from agreement create (the attestation names no customer);
 * - the templates list without `agreementType` is the Microsoft Cloud Agreement template with a collection
 *   `links.self` (its sample); with a type, that type's templates and no links (the MCA sample has none);
 * - a customer's direct acceptance of the MCA (`isSigned`) is false until `POST
 *   /_emulator/customers/{customerId}/mca-direct-signed` stands in for the customer accepting it on their own;
 * - the template document: the MCA template only (ids case-sensitive, 404 otherwise), `country` a code of the
 *   page's table (case-sensitive, default `US`, 400 otherwise), `language` the country's or else `en-US`; new
 *   links on every call (the emulator does not serve them).
 */
import type { AgreementCreateRequest, Contact, EnhancedAttestationRequest } from "pulumi-partnercenter/api";
import { MICROSOFT_CUSTOMER_AGREEMENT, sameContact } from "pulumi-partnercenter/api";

import ErrorFactory from "../errors/ErrorFactory";
import type { StoredAgreement, StoredAttestation } from "../store/AgreementStore";
import { AGREEMENT_TEMPLATES, MCA_AGREEMENT_LINK, MCA_TEMPLATE_ID, templateLanguages } from "./agreementTemplates";
import { loadCustomer } from "./customers";
import { newId } from "./ids";
import type { HandlerContext, HandlerResult } from "./types";

/** `agreementType` as the list operations read it: absent = `MicrosoftCloudAgreement`, `*` = every type. */
function typeFilter(ctx: HandlerContext<unknown>): (type: string) => boolean {
    const wanted = ctx.query.get("agreementType") ?? "MicrosoftCloudAgreement";
    return (type) => wanted === "*" || wanted.toLowerCase() === type.toLowerCase();
}

function requirePublicCloud(ctx: HandlerContext<unknown>): void {
    if (ctx.env.settings.cloud !== "global") {
        throw ErrorFactory.publicCloudOnly(ctx.env.settings.cloud);
    }
}

function requireFlow(ctx: HandlerContext<unknown>, needed: "appUser" | "appOnly"): void {
    if (ctx.authFlow !== needed) {
        throw ErrorFactory.wrongAuthFlow(ctx.operation, needed);
    }
}

function contactView(c: Contact): Contact {
    return {
        firstName: c.firstName,
        lastName: c.lastName,
        email: c.email,
        ...(c.phoneNumber ? { phoneNumber: c.phoneNumber } : {}),
    };
}

function requireContact(c: Contact, path: string): void {
    for (const key of ["firstName", "lastName", "email"] as const) {
        if (c[key].trim() === "") {
            throw ErrorFactory.invalidInput(`${path}.${key}`, "is required");
        }
    }
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(c.email)) {
        throw ErrorFactory.invalidInput(`${path}.email`, "is not an email address");
    }
}

/** Where the emulator's stand-in for Microsoft's acceptance component lives (same origin as the request). */
function acceptanceUrl(ctx: HandlerContext<unknown>, attestationId: string): string {
    const host = typeof ctx.headers.host === "string" ? ctx.headers.host : "127.0.0.1";
    return `http://${host}/_emulator/attestations/${attestationId}`;
}

export function attestationView(a: StoredAttestation, url: string): Record<string, unknown> {
    return {
        attestationId: a.attestationId,
        status: a.status,
        country: a.country,
        language: a.language,
        companyName: a.companyName,
        signatoryFirstName: a.signatoryFirstName,
        signatoryLastName: a.signatoryLastName,
        ...(a.customerId !== undefined ? { customerId: a.customerId } : {}),
        acceptanceUrl: url,
        createdDateTime: new Date(a.createdAtMs).toISOString(),
        ...(a.acceptedAtMs !== undefined ? { acceptedDateTime: new Date(a.acceptedAtMs).toISOString() } : {}),
        attributes: { objectType: "EnhancedAttestation" },
    };
}

function agreementView(a: StoredAgreement): Record<string, unknown> {
    return {
        userId: a.userId,
        primaryContact: contactView(a.primaryContact),
        templateId: a.templateId,
        dateAgreed: a.dateAgreed,
        type: a.type,
        agreementLink: MCA_AGREEMENT_LINK,
        ...(a.attestationId ? { attestationId: a.attestationId } : {}),
        attributes: { objectType: "Agreement" },
    };
}

/** The agreement's contact is the attestation's signatory (first and last name, case-insensitively). */
function sameSignatory(a: StoredAttestation, c: Contact): boolean {
    const norm = (s: string) => s.trim().toLowerCase();
    return norm(a.signatoryFirstName) === norm(c.firstName) && norm(a.signatoryLastName) === norm(c.lastName);
}

function hasAgreement(ctx: HandlerContext<unknown>, customerId: string, contact: Contact): boolean {
    return ctx.env.agreements
        .listAgreements(customerId)
        .some((a) => a.partnerTenantId === ctx.partnerTenantId && sameContact(a.primaryContact, contact));
}

/** The documented request fields, each a required string (the table's "Required: yes"). */
const ATTESTATION_FIELDS = ["country", "language", "companyName", "signatoryFirstName", "signatoryLastName"] as const;

/** `POST /v1/attestations/enhanced` -> 201 attestation (`Pending`). */
export function createEnhancedAttestation(ctx: HandlerContext<EnhancedAttestationRequest>): HandlerResult {
    requirePublicCloud(ctx);
    requireFlow(ctx, "appOnly");
    const body = ctx.body;
    for (const key of ATTESTATION_FIELDS) {
        if (body[key].trim() === "") {
            throw ErrorFactory.invalidInput(key, "is required");
        }
    }
    if (!/^[A-Za-z]{2}$/.test(body.country)) {
        throw ErrorFactory.invalidInput("country", "must be an ISO 3166-1 alpha-2 code");
    }
    const attestation: StoredAttestation = {
        attestationId: newId(),
        partnerTenantId: ctx.partnerTenantId,
        country: body.country.toUpperCase(),
        language: body.language,
        companyName: body.companyName,
        signatoryFirstName: body.signatoryFirstName,
        signatoryLastName: body.signatoryLastName,
        status: "Pending",
        createdAtMs: ctx.env.now(),
    };
    ctx.env.agreements.putAttestation(attestation);
    return { status: 201, body: attestationView(attestation, acceptanceUrl(ctx, attestation.attestationId)) };
}

function loadAttestation(ctx: HandlerContext<unknown>, attestationId: string): StoredAttestation {
    const attestation = ctx.env.agreements.getAttestation(attestationId);
    if (!attestation || attestation.partnerTenantId !== ctx.partnerTenantId) {
        throw ErrorFactory.attestationNotFound(attestationId);
    }
    return attestation;
}

/** `GET /v1/attestations/enhanced/{attestationId}`. */
export function getEnhancedAttestation(ctx: HandlerContext<undefined>): HandlerResult {
    requirePublicCloud(ctx);
    requireFlow(ctx, "appOnly");
    const attestation = loadAttestation(ctx, ctx.params["attestationId"] ?? "");
    return { status: 200, body: attestationView(attestation, acceptanceUrl(ctx, attestation.attestationId)) };
}

/** `POST /v1/customers/{customerId}/agreements`: enhanced (with `attestationId`, App-only) or legacy (App+User). */
export function createCustomerAgreement(ctx: HandlerContext<AgreementCreateRequest>): HandlerResult {
    requirePublicCloud(ctx);
    const body = ctx.body;
    const enhanced = typeof body.attestationId === "string" && body.attestationId !== "";
    requireFlow(ctx, enhanced ? "appOnly" : "appUser");
    if (body.type !== MICROSOFT_CUSTOMER_AGREEMENT) {
        throw ErrorFactory.invalidInput("type", `must be ${MICROSOFT_CUSTOMER_AGREEMENT}`);
    }
    requireContact(body.primaryContact, "primaryContact");
    const customer = loadCustomer(ctx);
    let dateAgreed: string;
    if (enhanced) {
        const attestation = loadAttestation(ctx, body.attestationId as string);
        if (
            attestation.customerId !== undefined &&
            attestation.customerId.toLowerCase() !== customer.id.toLowerCase()
        ) {
            throw ErrorFactory.invalidInput("attestationId", `belongs to another customer (${attestation.customerId})`);
        }
        if (!sameSignatory(attestation, body.primaryContact)) {
            throw ErrorFactory.invalidInput("primaryContact", "differs from the signatory the customer accepted");
        }
        if (attestation.status !== "Accepted" || attestation.acceptedAtMs === undefined) {
            throw ErrorFactory.attestationNotAccepted(attestation.attestationId);
        }
        dateAgreed = new Date(attestation.acceptedAtMs).toISOString();
    } else {
        if (body.templateId !== MCA_TEMPLATE_ID) {
            throw ErrorFactory.invalidInput("templateId", "is not the Microsoft Customer Agreement template");
        }
        if (!body.dateAgreed || Number.isNaN(Date.parse(body.dateAgreed))) {
            throw ErrorFactory.invalidInput("dateAgreed", "must be a UTC date time");
        }
        dateAgreed = new Date(body.dateAgreed).toISOString();
    }
    if (hasAgreement(ctx, customer.id, body.primaryContact)) {
        throw ErrorFactory.agreementAlreadyExists();
    }
    const agreement: StoredAgreement = {
        customerId: customer.id,
        partnerTenantId: ctx.partnerTenantId,
        userId: newId(),
        primaryContact: contactView(body.primaryContact),
        templateId: MCA_TEMPLATE_ID,
        type: MICROSOFT_CUSTOMER_AGREEMENT,
        dateAgreed,
        ...(enhanced ? { attestationId: body.attestationId as string } : {}),
        createdAtMs: ctx.env.now(),
    };
    ctx.env.agreements.addAgreement(agreement);
    if (enhanced) {
        const attestation = loadAttestation(ctx, body.attestationId as string);
        if (attestation.customerId === undefined) {
            attestation.customerId = customer.id;
            ctx.env.agreements.putAttestation(attestation);
        }
    }
    return { status: 201, body: agreementView(agreement) };
}

/** `GET /v1/customers/{customerId}/agreements?agreementType=...` (App+User). */
export function listCustomerAgreements(ctx: HandlerContext<undefined>): HandlerResult {
    requirePublicCloud(ctx);
    requireFlow(ctx, "appUser");
    const customer = loadCustomer(ctx);
    const wanted = typeFilter(ctx);
    const items = ctx.env.agreements
        .listAgreements(customer.id)
        .filter((a) => a.partnerTenantId === ctx.partnerTenantId && wanted(a.type))
        .map(agreementView);
    return { status: 200, body: { totalCount: items.length, items, attributes: { objectType: "Collection" } } };
}

/**
 * `GET /v1/agreements?agreementType=...`: the agreement templates (App+User only, as documented). Without a type,
 * the Microsoft Cloud Agreement's, with `links.self` as in its sample.
 */
export function listAgreementTemplates(ctx: HandlerContext<undefined>): HandlerResult {
    requirePublicCloud(ctx);
    requireFlow(ctx, "appUser");
    const wanted = typeFilter(ctx);
    const items = AGREEMENT_TEMPLATES.filter((t) => wanted(t.agreementType)).map((t) => ({ ...t }));
    const links = ctx.query.has("agreementType")
        ? {}
        : { links: { self: { uri: "/agreements", method: "GET", headers: [] } } };
    return {
        status: 200,
        body: { totalCount: items.length, items, ...links, attributes: { objectType: "Collection" } },
    };
}

/** `GET /v1/customers/{customerId}/directSignedMicrosoftCustomerAgreementStatus` (App+User). */
export function getDirectSignedCustomerAgreementStatus(ctx: HandlerContext<undefined>): HandlerResult {
    requirePublicCloud(ctx);
    requireFlow(ctx, "appUser");
    const customer = loadCustomer(ctx);
    return { status: 200, body: { isSigned: ctx.env.agreements.isDirectSigned(customer.id) } };
}

/** `GET /v1/agreementtemplates/{templateId}/document?language=&country=` (App+User). */
export function getAgreementDocument(ctx: HandlerContext<undefined>): HandlerResult {
    requirePublicCloud(ctx);
    requireFlow(ctx, "appUser");
    const templateId = ctx.params["templateId"] ?? "";
    if (templateId !== MCA_TEMPLATE_ID) {
        throw ErrorFactory.agreementTemplateNotFound(templateId);
    }
    const country = ctx.query.get("country") || "US";
    const languages = templateLanguages(country);
    if (!languages) {
        throw ErrorFactory.invalidInput("country", "must be a supported country code, in upper case (e.g. US)");
    }
    const asked = ctx.query.get("language") ?? "";
    const language = languages.includes(asked) ? asked : "en-US";
    // "A different link is returned each time you make a query. This link expires after five minutes."
    const host = typeof ctx.headers.host === "string" ? ctx.headers.host : "127.0.0.1";
    const file = `${host}/_emulator/agreementdocuments/${newId()}/${templateId}-${country}-${language}`;
    return {
        status: 200,
        body: { displayUri: `http://${file}?preview=true`, downloadUri: `http://${file}.docx`, language, country },
    };
}

/**
 * The control endpoint's work: the customer accepted the MCA in the acceptance component. Idempotent (a second
 * accept keeps the first acceptance time). Returns the attestation view, or undefined for an unknown id.
 */
export function acceptAttestation(
    store: HandlerContext<unknown>["env"]["agreements"],
    attestationId: string,
    nowMs: number,
    url: string,
): Record<string, unknown> | undefined {
    const attestation = store.getAttestation(attestationId);
    if (!attestation) {
        return undefined;
    }
    if (attestation.status !== "Accepted") {
        attestation.status = "Accepted";
        attestation.acceptedAtMs = nowMs;
        store.putAttestation(attestation);
    }
    return attestationView(attestation, url);
}
