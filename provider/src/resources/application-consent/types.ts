/**
 * The shapes of `ApplicationConsent`, as codecs (see `common/shapes.ts`): what a program gives, what `check` makes
 * of it, and what state holds. The TSDoc here is what editors show on the class's properties.
 */
import * as t from "io-ts";

/** One grant: a resource application of the customer's tenant and the permissions the app gets on it. */
export const ApplicationGrantArgs = t.type({
    /** The resource application's app id (GUID), e.g. Microsoft Graph `00000003-0000-0000-c000-000000000000`. */
    enterpriseApplicationId: t.string,
    /** Its delegated permissions, comma-separated (`Directory.ReadWrite.All,User.Read`): Partner Center's form. */
    scope: t.string,
});
export type ApplicationGrantArgs = t.TypeOf<typeof ApplicationGrantArgs>;

/** The inputs a program gives. */
export const ApplicationConsentArgs = t.intersection([
    t.type({
        /** The customer's tenant id (= its Partner Center customer id), e.g. `customer.tenantId`. Replaces. */
        customerId: t.string,
        /** Your multi-tenant application's id: the app registration the provider signs in with. Replaces. */
        applicationId: t.string,
        /** What the application is consented to, at least one grant. A change replaces the consent (no update API). */
        applicationGrants: t.array(ApplicationGrantArgs),
    }),
    t.partial({
        /** A name for the consent (the SDKs' `displayName`; not in the REST page's table). Replaces. */
        displayName: t.string,
    }),
]);
export type ApplicationConsentArgs = t.TypeOf<typeof ApplicationConsentArgs>;

/** Inputs after `check`: ids lower-case, grants sorted by resource app, scope items trimmed and sorted. */
export type ApplicationConsentInputs = ApplicationConsentArgs;

/** The outputs that are not inputs. */
export const ApplicationConsentOutputProps = t.type({
    /** `customerId/applicationId`: the resource id (and the id `pulumi import` would take). */
    consentId: t.string,
    /** The grants, one line each (`<resource app name or id>: <scopes>`), as preview and the outputs show them. */
    grantSummary: t.array(t.string),
});

/** State: the checked inputs plus the summary. */
export type ApplicationConsentOutputs = ApplicationConsentInputs & t.TypeOf<typeof ApplicationConsentOutputProps>;
