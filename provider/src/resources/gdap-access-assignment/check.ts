/**
 * Checks of `GdapAccessAssignment` inputs: offline (ids, role names through the built-in role table), then — in
 * `implementation.ts` — against the relationship in Graph: it must be `active` and hold every requested role.
 */
import { invitationUrl, type DelegatedAdminRelationship } from "../../graph/contract";
import { isGuid, roleName } from "../../graph/roles";
import { checkRoleList } from "../gdap-relationship/check";
import { isUnknown, type CheckFailure } from "../customer/validate";

export function checkAssignmentInputs(news: Record<string, unknown>): {
    inputs: Record<string, unknown>;
    failures: CheckFailure[];
} {
    const failures: CheckFailure[] = [];
    const inputs: Record<string, unknown> = {};
    const relationshipId =
        typeof news["relationshipId"] === "string" ? news["relationshipId"].trim() : news["relationshipId"];
    if (!isUnknown(relationshipId) && (typeof relationshipId !== "string" || relationshipId === "")) {
        failures.push({
            property: "relationshipId",
            reason: "is required (the relationshipId output of a GdapRelationship)",
        });
    }
    inputs["relationshipId"] = relationshipId;
    const group =
        typeof news["securityGroupId"] === "string"
            ? news["securityGroupId"].trim().toLowerCase()
            : news["securityGroupId"];
    if (!isUnknown(group) && (typeof group !== "string" || !isGuid(group))) {
        failures.push({
            property: "securityGroupId",
            reason: `must be the object id (a GUID) of a security group in your partner tenant, got ${JSON.stringify(group ?? null)}`,
        });
    }
    inputs["securityGroupId"] = group;
    const roles = checkRoleList(news["roles"], "roles", failures);
    inputs["roles"] = roles.given;
    inputs["roleDefinitionIds"] = roles.ids;
    return { inputs, failures };
}

/**
 * Why an assignment with `roleDefinitionIds` cannot be made in `relationship` yet (not active, or roles it does
 * not hold), as check failures; empty when it can.
 */
export function relationshipFailures(
    relationship: DelegatedAdminRelationship,
    roleDefinitionIds: readonly string[],
): CheckFailure[] {
    if (relationship.status !== "active") {
        const customer = relationship.customer?.tenantId ?? "?";
        const waiting =
            relationship.status === "approvalPending"
                ? `the customer has not approved it yet: send ${invitationUrl(relationship.id)} to a Global Administrator of ` +
                  `customer tenant ${customer}, and after their approval run \`pulumi refresh\` and \`pulumi up\` again`
                : `it grants no access in this status; a relationship must be 'active' (approved by the customer) first`;
        return [
            {
                property: "relationshipId",
                reason:
                    `GDAP relationship ${relationship.id} ('${relationship.displayName ?? ""}') is '${relationship.status}', not 'active': ` +
                    `${waiting}. Invitation URL: ${invitationUrl(relationship.id)}`,
            },
        ];
    }
    const held = new Set((relationship.accessDetails?.unifiedRoles ?? []).map((r) => r.roleDefinitionId.toLowerCase()));
    const extra = roleDefinitionIds.filter((id) => !held.has(id));
    if (extra.length === 0) {
        return [];
    }
    return [
        {
            property: "roles",
            reason:
                `${extra.map(roleName).join(", ")} ${extra.length === 1 ? "is" : "are"} not among the roles of GDAP relationship ` +
                `${relationship.id} (${[...held].map(roleName).join(", ")}): an access assignment can only grant roles the ` +
                `customer approved. Add the role to a new relationship, or remove it here.`,
        },
    ];
}
