/**
 * Outputs of `GdapRelationship` from a Graph relationship, and the human step (what to send to whom).
 */
import { invitationUrl, type DelegatedAdminRelationship } from "../../graph/contract";
import { roleName } from "../../graph/roles";
import type { GdapRelationshipInputs, GdapRelationshipOutputs } from "./types";

/** The request behind `lockForApproval` stays open this long (GDAP FAQ: requests expire after 90 days). */
export const INVITATION_DAYS = 90;

/** What to do next, in words, for a relationship in `status`; empty when nothing is pending. */
export function pendingActionFor(
    status: string,
    r: {
        relationshipId: string;
        displayName: string;
        customerTenantId: string;
        customerDisplayName?: string;
        roleNames: string[];
        duration: string;
    },
): string {
    const customer = `customer tenant ${r.customerTenantId}${r.customerDisplayName ? ` (${r.customerDisplayName})` : ""}`;
    switch (status) {
        case "approvalPending":
            return (
                `Send ${invitationUrl(r.relationshipId)} to a Global Administrator of ${customer}: they sign in to the ` +
                `Microsoft 365 admin center and approve the GDAP relationship '${r.displayName}' ` +
                `(${r.roleNames.length} role${r.roleNames.length === 1 ? "" : "s"}: ${r.roleNames.join(", ")}; duration ${r.duration}). ` +
                `The invitation expires ${INVITATION_DAYS} days after it was sent. After approval run \`pulumi refresh\`; ` +
                `access assignments can be created once the status is 'active'.`
            );
        case "created":
            return `The relationship is 'created' but not locked for approval yet; run \`pulumi up\` again to send it for approval.`;
        case "approved":
        case "activating":
            return `${customer} approved the relationship; Microsoft is activating it. Run \`pulumi refresh\` in a few minutes.`;
        case "active":
            return "";
        default:
            return `The relationship is '${status}': it grants no access. A new relationship (new displayName) needs the customer's approval again.`;
    }
}

/** Outputs for a relationship read from Graph and the (checked) inputs that describe it. */
export function toRelationshipOutputs(
    r: DelegatedAdminRelationship,
    inputs: GdapRelationshipInputs,
): GdapRelationshipOutputs {
    const roleDefinitionIds = (r.accessDetails?.unifiedRoles ?? []).map((x) => x.roleDefinitionId.toLowerCase()).sort();
    const ids = roleDefinitionIds.length > 0 ? roleDefinitionIds : inputs.roleDefinitionIds;
    const base = {
        displayName: r.displayName ?? inputs.displayName,
        customerTenantId: (r.customer?.tenantId ?? inputs.customerTenantId).toLowerCase(),
        ...(inputs.customerDisplayName !== undefined ? { customerDisplayName: inputs.customerDisplayName } : {}),
        // Kept as the program spelt them; an import (no state) gets the documented names of the roles Graph holds.
        roles: inputs.roles ?? ids.map(roleName),
        roleDefinitionIds: ids,
        duration: r.duration ?? inputs.duration,
        autoExtendDuration: r.autoExtendDuration ?? inputs.autoExtendDuration,
        onDelete: inputs.onDelete,
    };
    const roleNames = base.roleDefinitionIds.map(roleName);
    return {
        ...base,
        relationshipId: r.id,
        status: r.status,
        invitationUrl: invitationUrl(r.id),
        pendingAction: pendingActionFor(r.status, { ...base, relationshipId: r.id, roleNames }),
        roleNames,
        createdDateTime: r.createdDateTime ?? "",
        activatedDateTime: r.activatedDateTime ?? "",
        endDateTime: r.endDateTime ?? "",
        etag: r["@odata.etag"] ?? "",
    };
}

/** The inputs stored outputs describe (what `read` reports, so a refresh shows no spurious diff). */
export function relationshipInputsOf(outs: GdapRelationshipOutputs): GdapRelationshipInputs {
    return {
        displayName: outs.displayName,
        customerTenantId: outs.customerTenantId,
        ...(outs.customerDisplayName !== undefined ? { customerDisplayName: outs.customerDisplayName } : {}),
        roles: outs.roles,
        roleDefinitionIds: outs.roleDefinitionIds,
        duration: outs.duration,
        autoExtendDuration: outs.autoExtendDuration,
        onDelete: outs.onDelete,
    };
}
