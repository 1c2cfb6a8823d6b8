/**
 * Application consent (CPV consent): create, list, get and delete a partner application's consent in a customer's
 * tenant. Rules modelled (sources in `pulumi-partnercenter/api` `consents.ts`):
 * - App+User only (403 for App-only tokens), and the token's application must be the one consented: the emulator's
 *   one app registration, the seed's `partner.clientId` (403 otherwise);
 * - the customer must exist (404/60003 otherwise);
 * - the prerequisite: the partner holds Global Administrator, Application Administrator or Cloud Application
 *   Administrator in the customer's tenant through GDAP: an `active` relationship with that customer
 *   (`customer.tenantId`) holding the role, and an access assignment of that relationship granting it to a security
 *   group. The emulator cannot know group membership: it takes the caller to be a member of every assigned group.
 *   Missing -> 400 "Insufficient privileges to complete the operation." (`data` says what is needed). Default GDAP
 *   and DAP are not counted (the emulator keeps no roles for them);
 * - every grant's resource application needs a service principal in the customer's tenant: the emulator's tenants
 *   have the first-party ones in {@link TENANT_SERVICE_PRINCIPALS}; any other id -> 400 "... lacks a service
 *   principal for ..." (the GDAP page's text);
 * - a grant's `scope` is one comma-separated string with at least one item (400/3000 otherwise); a GUID is required
 *   for `applicationId` and each `enterpriseApplicationId` (400/3000);
 * - one consent per application and customer: a second create -> 409 "Permission entry already exists." (no
 *   update: delete, then create, as Microsoft's sample does);
 * - delete answers 200 (the page lists 200 and 201); 404 when there is none.
 */
import {
    AZURE_AD_GRAPH_APP_ID,
    CONSENT_ROLE_IDS,
    MICROSOFT_GRAPH_APP_ID,
    scopeItems,
    type ApplicationConsentRequest,
} from "pulumi-partnercenter/api";

import ErrorFactory from "../errors/ErrorFactory";
import type GraphStore from "../graph/GraphStore";
import type { StoredConsent } from "../store/ConsentStore";
import { loadCustomer } from "./customers";
import type { HandlerContext, HandlerResult } from "./types";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Resource applications with a service principal in every emulated customer tenant: Microsoft Graph, Azure AD
 * Graph (the GDAP page's examples), Office 365 Exchange Online, Office 365 SharePoint Online and Windows Azure
 * Service Management API (first-party app ids).
 */
export const TENANT_SERVICE_PRINCIPALS: ReadonlySet<string> = new Set([
    MICROSOFT_GRAPH_APP_ID,
    AZURE_AD_GRAPH_APP_ID,
    "00000002-0000-0ff1-ce00-000000000000",
    "00000003-0000-0ff1-ce00-000000000000",
    "797f4846-ba00-4fd7-ba43-dac1f8f63013",
]);

function requireAppUser(ctx: HandlerContext<unknown>): void {
    if (ctx.authFlow !== "appUser") {
        throw ErrorFactory.wrongAuthFlow(ctx.operation, "appUser");
    }
}

function consentView(c: StoredConsent): Record<string, unknown> {
    return {
        customerId: c.customerId,
        applicationId: c.applicationId,
        ...(c.displayName !== undefined ? { displayName: c.displayName } : {}),
        applicationGrants: c.applicationGrants.map((g) => ({
            enterpriseApplicationId: g.enterpriseApplicationId,
            scope: g.scope,
        })),
        attributes: { objectType: "ApplicationConsent" },
    };
}

/**
 * Why the partner may not consent in `customerId`'s tenant, or undefined when an active GDAP relationship with that
 * customer holds a consenting role and assigns it to a security group.
 */
export function consentPrerequisiteGap(gdap: GraphStore, customerId: string): string | undefined {
    const consenting = new Set(Object.keys(CONSENT_ROLE_IDS));
    const roleNames = Object.values(CONSENT_ROLE_IDS).join(", ");
    const relationships = [...gdap.relationships.values()].filter(
        (r) => r.customer.tenantId?.toLowerCase() === customerId.toLowerCase(),
    );
    const active = relationships.filter((r) => r.status === "active");
    const withRole = active.filter((r) => r.roleIds.some((id) => consenting.has(id.toLowerCase())));
    const assigned = withRole.some((r) =>
        gdap
            .assignmentsOf(r.id)
            .some(
                (a) =>
                    (a.status === "active" || a.status === "pending") &&
                    a.roleIds.some((id) => consenting.has(id.toLowerCase())),
            ),
    );
    if (assigned) {
        return undefined;
    }
    if (relationships.length === 0) {
        return `no GDAP relationship with this customer; one holding ${roleNames} is required.`;
    }
    if (active.length === 0) {
        return (
            `no active GDAP relationship with this customer (${relationships.map((r) => `${r.id}: ${r.status}`).join(", ")}); ` +
            `the customer must approve one holding ${roleNames}.`
        );
    }
    if (withRole.length === 0) {
        return `no active GDAP relationship with this customer holds ${roleNames}.`;
    }
    return (
        `GDAP relationship ${withRole.map((r) => r.id).join(", ")} holds a consenting role, but no access assignment ` +
        `grants ${roleNames} to a security group of the partner user.`
    );
}

function requireGuid(value: string, property: string): void {
    if (!GUID.test(value)) {
        throw ErrorFactory.invalidInput(property, "must be a GUID");
    }
}

export function createApplicationConsent(ctx: HandlerContext<ApplicationConsentRequest>): HandlerResult {
    requireAppUser(ctx);
    const customer = loadCustomer(ctx);
    const body = ctx.body;
    requireGuid(body.applicationId, "applicationId");
    if (body.applicationGrants.length === 0) {
        throw ErrorFactory.invalidInput("applicationGrants", "at least one grant is required");
    }
    body.applicationGrants.forEach((g, i) => {
        requireGuid(g.enterpriseApplicationId, `applicationGrants[${i}].enterpriseApplicationId`);
        if (scopeItems(g.scope).length === 0) {
            throw ErrorFactory.invalidInput(`applicationGrants[${i}].scope`, "at least one scope is required");
        }
    });
    if (body.applicationId.toLowerCase() !== ctx.env.seed.partner.clientId.toLowerCase()) {
        throw ErrorFactory.consentWrongApplication(body.applicationId);
    }
    const gap = consentPrerequisiteGap(ctx.env.gdap, customer.id);
    if (gap !== undefined) {
        throw ErrorFactory.consentPrivilegesMissing(customer.id, gap);
    }
    for (const g of body.applicationGrants) {
        if (!TENANT_SERVICE_PRINCIPALS.has(g.enterpriseApplicationId.toLowerCase())) {
            throw ErrorFactory.servicePrincipalMissing(g.enterpriseApplicationId, customer.id);
        }
    }
    if (ctx.env.consents.get(ctx.partnerTenantId, customer.id, body.applicationId)) {
        throw ErrorFactory.consentExists(body.applicationId);
    }
    const stored: StoredConsent = {
        partnerTenantId: ctx.partnerTenantId,
        customerId: customer.id.toLowerCase(),
        applicationId: body.applicationId.toLowerCase(),
        ...(body.displayName !== undefined ? { displayName: body.displayName } : {}),
        applicationGrants: body.applicationGrants.map((g) => ({
            enterpriseApplicationId: g.enterpriseApplicationId.toLowerCase(),
            scope: g.scope,
        })),
        createdAtMs: ctx.env.now(),
    };
    ctx.env.consents.insert(stored);
    return { status: 201, body: consentView(stored) };
}

export function listApplicationConsents(ctx: HandlerContext<undefined>): HandlerResult {
    requireAppUser(ctx);
    const customer = loadCustomer(ctx);
    const items = ctx.env.consents.list(ctx.partnerTenantId, customer.id).map(consentView);
    return { status: 200, body: { totalCount: items.length, items, attributes: { objectType: "Collection" } } };
}

export function getApplicationConsent(ctx: HandlerContext<undefined>): HandlerResult {
    requireAppUser(ctx);
    const customer = loadCustomer(ctx);
    const applicationId = ctx.params["applicationId"] ?? "";
    const found = ctx.env.consents.get(ctx.partnerTenantId, customer.id, applicationId);
    if (!found) {
        throw ErrorFactory.consentNotFound(customer.id, applicationId);
    }
    return { status: 200, body: consentView(found) };
}

export function deleteApplicationConsent(ctx: HandlerContext<undefined>): HandlerResult {
    requireAppUser(ctx);
    const customer = loadCustomer(ctx);
    const applicationId = ctx.params["applicationId"] ?? "";
    if (!ctx.env.consents.delete(ctx.partnerTenantId, customer.id, applicationId)) {
        throw ErrorFactory.consentNotFound(customer.id, applicationId);
    }
    return { status: 200 };
}
