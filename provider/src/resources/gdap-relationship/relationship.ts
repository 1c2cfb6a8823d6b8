/**
 * `GdapRelationship`: a granular delegated admin relationship (GDAP) between you and a customer, in Microsoft
 * Graph (`tenantRelationships/delegatedAdminRelationships`), created and locked for the customer's approval.
 */
import * as pulumi from "@pulumi/pulumi";

import { PartnerCenterResource } from "../common/resource";
import type { ArgsOf, OutputsOf } from "../common/shapes";
import { RELATIONSHIP_DEFINITION } from "./definition";
import * as relationshipProviderStub from "./stub";
import type { GdapRelationshipArgs as RelationshipArgs, GdapRelationshipOutputs } from "./types";

/** Arguments of {@link GdapRelationship}. */
export type GdapRelationshipArgs = ArgsOf<RelationshipArgs>;

// The output properties, derived from the codecs: declaration merging adds them to the class; the engine sets them.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface GdapRelationship extends OutputsOf<GdapRelationshipOutputs> {}

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
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class GdapRelationship extends PartnerCenterResource {
    constructor(name: string, args: GdapRelationshipArgs, opts?: pulumi.CustomResourceOptions) {
        super(RELATIONSHIP_DEFINITION, relationshipProviderStub, name, args, opts);
    }
}
