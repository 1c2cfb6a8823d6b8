/**
 * Inputs and outputs of `GdapRelationship`, as plain (resolved) values.
 */

/** What `pulumi destroy` (or a replacement) does to the relationship in Microsoft Graph. */
export type GdapOnDeletePolicy = "terminate" | "retain";
export const GDAP_ON_DELETE_POLICIES: readonly GdapOnDeletePolicy[] = ["terminate", "retain"];

/** Inputs after `check` (normalised, defaults applied, role names resolved). */
export interface GdapRelationshipInputs {
    /** Unique across all the partner's relationships, at most 50 characters. */
    displayName: string;
    /** The customer's tenant id (e.g. `IndirectResellerCustomer.tenantId`). */
    customerTenantId: string;
    customerDisplayName?: string;
    /** Roles as given: Microsoft Entra built-in role names or role definition ids. */
    roles: string[];
    /** The roles' definition ids, sorted (computed by `check`). */
    roleDefinitionIds: string[];
    /** ISO 8601, `P1D`–`P2Y`; default `P730D`. */
    duration: string;
    /** `PT0S` (default), `P0D` or `P180D`. */
    autoExtendDuration: string;
    /** Default `retain`. */
    onDelete: GdapOnDeletePolicy;
}

/** Outputs: the inputs plus what Graph reports. Every key is present (no `undefined` in outputs). */
export interface GdapRelationshipOutputs extends GdapRelationshipInputs {
    relationshipId: string;
    /** `approvalPending` until the customer approves, then `active`. */
    status: string;
    /** Where the customer's Global Administrator approves the relationship. */
    invitationUrl: string;
    /** What to send to whom while approval is pending; empty once nothing is pending. */
    pendingAction: string;
    /** Documented names of the roles (ids not in the table stay ids). */
    roleNames: string[];
    createdDateTime: string;
    /** Empty until active. */
    activatedDateTime: string;
    /** Empty until active (`activatedDateTime + duration`). */
    endDateTime: string;
    etag: string;
}
