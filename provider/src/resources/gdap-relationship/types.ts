/**
 * The shapes of `GdapRelationship`, as codecs (see `common/shapes.ts`): what a program gives, what `check`
 * makes of it, and what state holds. The TSDoc here is what editors show on the class's properties.
 */
import * as t from "io-ts";

import { oneOfLiterals } from "../common/shapes";

export const GDAP_ON_DELETE_POLICIES = ["terminate", "retain"] as const;
/** What `pulumi destroy` (or a replacement) does to the relationship in Microsoft Graph. */
export const GdapOnDeletePolicy = oneOfLiterals(GDAP_ON_DELETE_POLICIES);
export type GdapOnDeletePolicy = t.TypeOf<typeof GdapOnDeletePolicy>;

/** The inputs a program gives. */
export const GdapRelationshipArgs = t.intersection([
    t.type({
        /** Unique across all your GDAP relationships, at most 50 characters. Changing it after approval replaces the relationship. */
        displayName: t.string,
        /** The customer's tenant id, e.g. `customer.tenantId` of an `IndirectResellerCustomer`. */
        customerTenantId: t.string,
        /**
         * Microsoft Entra built-in roles, by documented name (`"Helpdesk Administrator"`, `"Global Reader"`) or
         * role definition id. A name not in the built-in role table fails in preview with the closest name.
         */
        roles: t.array(t.string),
    }),
    t.partial({
        /** The customer's name as shown in the relationship. */
        customerDisplayName: t.string,
        /** ISO 8601 duration, `P1D`–`P2Y`; default `P730D` (two years, the maximum). */
        duration: t.string,
        /** `PT0S` (default: expires at the end), `P0D`, or `P180D` (extends by 180 days). Updatable while active. */
        autoExtendDuration: t.string,
        /**
         * What `pulumi destroy` (or a replacement) does: `retain` (default; the relationship stays) or `terminate`
         * (an active relationship is terminated, a never-approved one deleted). Changing it only updates state.
         */
        onDelete: GdapOnDeletePolicy,
    }),
]);
export type GdapRelationshipArgs = t.TypeOf<typeof GdapRelationshipArgs>;

/** Inputs after `check`: normalised, defaults applied, role names resolved to `roleDefinitionIds`. */
export type GdapRelationshipInputs = GdapRelationshipArgs &
    Required<Pick<GdapRelationshipArgs, "duration" | "autoExtendDuration" | "onDelete">> & {
        /** The roles' definition ids, sorted (computed by `check`). */
        roleDefinitionIds: string[];
    };

/** The outputs that are not inputs: what Graph reports. Every key is always present (`""` when none). */
export const GdapRelationshipOutputProps = t.type({
    /** The relationship's id in Microsoft Graph (also the resource id). */
    relationshipId: t.string,
    /** `approvalPending` until the customer approves, then `active` (`expired`/`terminated` drop it from state). */
    status: t.string,
    /** Where a Global Administrator of the customer approves the relationship. */
    invitationUrl: t.string,
    /** What to send to whom while approval is pending; empty once active. */
    pendingAction: t.string,
    /** The roles, by documented name (ids not in the table stay ids). */
    roleNames: t.array(t.string),
    /** The roles' definition ids, sorted. */
    roleDefinitionIds: t.array(t.string),
    /** When the relationship was created (ISO 8601). */
    createdDateTime: t.string,
    /** When it became active (ISO 8601); empty until then. */
    activatedDateTime: t.string,
    /** When it ends (ISO 8601): created + duration, then activation + duration. */
    endDateTime: t.string,
    /** The relationship's etag, for updates. */
    etag: t.string,
});

/** State: the checked inputs plus what Graph reports. */
export type GdapRelationshipOutputs = GdapRelationshipInputs & t.TypeOf<typeof GdapRelationshipOutputProps>;
