/**
 * CPV application consent (`/v1/customers/{customerId}/applicationconsents`): the partner's multi-tenant application
 * consented in a customer's tenant, each operation defined once as data (shared by the client and the emulator).
 *
 * Sources:
 * - "Get customer consent as Control Panel Vendor"
 *   (https://learn.microsoft.com/en-us/partner-center/developer/control-panel-vendor-apis, ms.date 08/01/2023):
 *   `POST /v1/customers/{customer_id}/applicationconsents` with `applicationId` and `applicationGrants[]`
 *   (`enterpriseApplicationId`: "the GUID representation of the resource gaining access"; `scope`: "comma separated
 *   values of the scope"); `DELETE /v1/customers/{customer_id}/applicationconsents/{application_id}`; both answer
 *   200 or 201; rate limit 50 requests per second per applicationId. No update operation is documented.
 * - "Migrate your CPV/CSP applications to use granular delegated admin privileges"
 *   (https://learn.microsoft.com/en-us/partner-center/developer/gdap-and-secure-application-model, 7/31/2023): the
 *   JSON payload sample; App+User: the calling partner user must be in AdminAgents and, through a security group
 *   of a GDAP relationship with the customer, hold Global Administrator, Application Administrator or Cloud
 *   Application Administrator there; the token's app id must equal `applicationId`; each resource application of
 *   the grants needs a service principal in the customer tenant ("... lacks a service principal for ...").
 * - `displayName` is a member of the SDKs' `ApplicationConsent` model (Partner-Center-Java
 *   `models/applicationconsents/ApplicationConsent.java`; the PowerShell cmdlet `New-PartnerCustomerApplicationConsent
 *   -DisplayName`), not of the REST page's table: sent only when given.
 *
 * Where the pages are silent (our model, also in docs/FIDELITY.md terms: the emulator serves it):
 * - No response body is published: the codec reads the SDK model (`applicationId`, `applicationGrants`,
 *   `displayName`), tolerantly (unknown keys pass, `null` allowed).
 * - Reading a consent back: no GET is published. `GET .../applicationconsents` and `GET .../applicationconsents/
 *   {applicationId}` follow the SDKs' collection/`byId` shape; the emulator serves them, and the resource's refresh
 *   uses the by-id one.
 * - Changing grants: the documented way is delete, then create (no PUT/PATCH): Microsoft's own secure-app-model
 *   sample deletes "the previous grant" and creates the new one.
 */
import * as t from "io-ts";

import { Collection, nullable, withOptional } from "./codecs";
import { op } from "./spec";

/** `Microsoft.Partner.Core.ApplicationConsents.ApplicationGrant`: one resource application and its scopes. */
export const ApplicationGrant = t.type(
    {
        /** The resource application's app id (GUID), e.g. Microsoft Graph `00000003-0000-0000-c000-000000000000`. */
        enterpriseApplicationId: t.string,
        /** Its permissions, comma-separated in one string (e.g. `Directory.ReadWrite.All,User.Read`). */
        scope: t.string,
    },
    "ApplicationGrant",
);
export type ApplicationGrant = t.TypeOf<typeof ApplicationGrant>;

/** Body of `POST /v1/customers/{customerId}/applicationconsents` (the documented table, plus the SDK's name). */
export const ApplicationConsentRequest = withOptional(
    { applicationId: t.string, applicationGrants: t.array(ApplicationGrant) },
    { displayName: t.string },
    "ApplicationConsentRequest",
);
export type ApplicationConsentRequest = t.TypeOf<typeof ApplicationConsentRequest>;

/** An application consent as the SDKs model it (no REST response sample is published). */
export const ApplicationConsent = withOptional(
    { applicationId: t.string },
    {
        applicationGrants: nullable(t.array(ApplicationGrant)),
        displayName: nullable(t.string),
        customerId: nullable(t.string),
    },
    "ApplicationConsent",
);
export type ApplicationConsent = t.TypeOf<typeof ApplicationConsent>;

export const ApplicationConsentCollection = Collection(ApplicationConsent, "ApplicationConsentCollection");
export type ApplicationConsentCollection = t.TypeOf<typeof ApplicationConsentCollection>;

/** Resource apps present in every tenant the emulator stands in for, and the ones the docs name. */
export const MICROSOFT_GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
export const AZURE_AD_GRAPH_APP_ID = "00000002-0000-0000-c000-000000000000";

/**
 * Role definition ids of the roles that let a partner user consent (the GDAP page's list): Global Administrator,
 * Application Administrator, Cloud Application Administrator.
 */
export const CONSENT_ROLE_IDS: Readonly<Record<string, string>> = {
    "62e90394-69f5-4237-9190-012177145e10": "Global Administrator",
    "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3": "Application Administrator",
    "158c047a-c907-4556-b7ef-446551a6b5f7": "Cloud Application Administrator",
};

/** `POST /v1/customers/{customerId}/applicationconsents`: consent the application in the customer's tenant. */
export const createApplicationConsent = op({
    name: "createApplicationConsent",
    method: "POST",
    path: "/v1/customers/{customerId}/applicationconsents",
    request: ApplicationConsentRequest,
    response: ApplicationConsent,
    success: [200, 201],
    // A replay of a create that went through is refused ("Permission entry already exists."): callers reconcile.
    retryAmbiguous: false,
    auth: "appUser",
});

/** `GET /v1/customers/{customerId}/applicationconsents` (our model: not on the published page). */
export const listApplicationConsents = op({
    name: "listApplicationConsents",
    method: "GET",
    path: "/v1/customers/{customerId}/applicationconsents",
    request: undefined,
    response: ApplicationConsentCollection,
    success: [200],
    retryAmbiguous: true,
    auth: "appUser",
});

/** `GET /v1/customers/{customerId}/applicationconsents/{applicationId}` (our model: not on the published page). */
export const getApplicationConsent = op({
    name: "getApplicationConsent",
    method: "GET",
    path: "/v1/customers/{customerId}/applicationconsents/{applicationId}",
    request: undefined,
    response: ApplicationConsent,
    success: [200],
    retryAmbiguous: true,
    auth: "appUser",
});

/** `DELETE /v1/customers/{customerId}/applicationconsents/{applicationId}`: remove the consent (200 or 201). */
export const deleteApplicationConsent = op({
    name: "deleteApplicationConsent",
    method: "DELETE",
    path: "/v1/customers/{customerId}/applicationconsents/{applicationId}",
    request: undefined,
    response: undefined,
    // The page lists 201 ("The application consent is deleted") besides 200; 204 is accepted as any DELETE's.
    success: [200, 201, 204],
    retryAmbiguous: true,
    auth: "appUser",
});

/** The consent operations, in routing order. */
export const consentOperations = [
    createApplicationConsent,
    listApplicationConsents,
    getApplicationConsent,
    deleteApplicationConsent,
] as const;

/** A grant's scope as a set: the comma-separated items, trimmed, empty ones dropped, in the given order. */
export function scopeItems(scope: string): string[] {
    return scope
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== "");
}
