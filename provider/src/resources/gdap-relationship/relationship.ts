/**
 * `GdapRelationship`: a granular delegated admin relationship (GDAP) between you and a customer, in Microsoft
 * Graph (`tenantRelationships/delegatedAdminRelationships`), created and locked for the customer's approval.
 */
import * as pulumi from "@pulumi/pulumi";

import { PartnerCenterResource } from "../common/resource";
import { RELATIONSHIP_DEFINITION } from "./definition";
import * as relationshipProviderStub from "./stub";
import type { GdapOnDeletePolicy } from "./types";

export interface GdapRelationshipArgs {
    /** Unique across all your GDAP relationships, at most 50 characters. Changing it after approval replaces the relationship. */
    displayName: pulumi.Input<string>;
    /** The customer's tenant id, e.g. `customer.tenantId` of an `IndirectResellerCustomer`. */
    customerTenantId: pulumi.Input<string>;
    customerDisplayName?: pulumi.Input<string>;
    /**
     * Microsoft Entra built-in roles, by documented name (`"Helpdesk Administrator"`, `"Global Reader"`) or role
     * definition id. A name not in the built-in role table fails in preview with the closest name.
     */
    roles: pulumi.Input<pulumi.Input<string>[]>;
    /** ISO 8601 duration, `P1D`–`P2Y`; default `P730D` (two years, the maximum). */
    duration?: pulumi.Input<string>;
    /** `PT0S` (default: expires at the end), `P0D`, or `P180D` (extends by 180 days). Updatable while active. */
    autoExtendDuration?: pulumi.Input<string>;
    /**
     * What `pulumi destroy` (or a replacement) does: `retain` (default; the relationship stays) or `terminate`
     * (an active relationship is terminated, a never-approved one deleted). Changing it only updates state.
     */
    onDelete?: pulumi.Input<GdapOnDeletePolicy>;
}

/**
 * A GDAP relationship. `pulumi up` creates it and locks it for approval; the customer's Global Administrator then
 * approves it at `invitationUrl` (`pendingAction` says what to send to whom). `pulumi refresh` shows the status.
 *
 * ```ts
 * const gdap = new GdapRelationship("contoso-gdap", {
 *     displayName: "Contoso support", customerTenantId: customer.tenantId,
 *     roles: ["Helpdesk Administrator", "User Administrator"], onDelete: "terminate",
 * });
 * export const approveAt = gdap.invitationUrl;
 * ```
 */
export class GdapRelationship extends PartnerCenterResource {
    declare readonly relationshipId: pulumi.Output<string>;
    /** `approvalPending` until the customer approves, then `active` (`expired`/`terminated` drop it from state). */
    declare readonly status: pulumi.Output<string>;
    declare readonly invitationUrl: pulumi.Output<string>;
    /** What to send to whom while approval is pending; empty once active. */
    declare readonly pendingAction: pulumi.Output<string>;
    declare readonly displayName: pulumi.Output<string>;
    declare readonly customerTenantId: pulumi.Output<string>;
    declare readonly roleNames: pulumi.Output<string[]>;
    declare readonly roleDefinitionIds: pulumi.Output<string[]>;
    declare readonly duration: pulumi.Output<string>;
    declare readonly autoExtendDuration: pulumi.Output<string>;
    declare readonly onDelete: pulumi.Output<GdapOnDeletePolicy>;
    declare readonly createdDateTime: pulumi.Output<string>;
    /** Empty until the relationship is active. */
    declare readonly activatedDateTime: pulumi.Output<string>;
    /** Empty until the relationship is active (activation + duration). */
    declare readonly endDateTime: pulumi.Output<string>;

    constructor(name: string, args: GdapRelationshipArgs, opts?: pulumi.CustomResourceOptions) {
        super(RELATIONSHIP_DEFINITION, relationshipProviderStub, name, args, opts);
    }
}
