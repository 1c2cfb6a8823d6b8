/**
 * Checks of `GdapAccessAssignment` inputs: offline (ids, role names through the built-in role table), then — in
 * `implementation.ts` — against the relationship in Graph: it must be `active` and hold every requested role.
 */
import { invitationUrl, type DelegatedAdminRelationship } from "../../graph/contract";
import { isGuid, roleName } from "../../graph/roles";
import type { ResourceInputs } from "../common/definition";
import { checkFields, type FieldRule, type FieldSchema } from "../common/fields";
import type { CheckFailure, CheckInputsResult } from "../common/inputs";
import { roleDefinitionIdsOf, rolesField } from "../common/roles";
import { GdapAccessAssignmentArgs } from "./types";

/** The assignment's input rules, as data for the shared engine. */
export const ASSIGNMENT_FIELDS: readonly FieldRule[] = [
    {
        path: "relationshipId",
        kind: "string",
        required: true,
        requiredHint: "the relationshipId output of a GdapRelationship",
        description: "The GDAP relationship (its `relationshipId` output); it must be `active`.",
    },
    {
        path: "securityGroupId",
        kind: "string",
        required: true,
        requiredHint: "the object id of a security group in your partner tenant",
        description: "Object id (GUID) of a security group in your partner tenant: the access container.",
        normalise: (s) => s.toLowerCase(),
        validate: (s) =>
            isGuid(s) ? undefined : "must be the object id (a GUID) of a security group in your partner tenant",
    },
    rolesField("Roles the group gets in the customer's tenant; each must be among the relationship's roles."),
];

/** The assignment's input schema. */
export const ASSIGNMENT_SCHEMA: FieldSchema = {
    fields: ASSIGNMENT_FIELDS,
    contextOf: () => undefined,
    derived: ["roleDefinitionIds"],
};

/** Normalise and validate with the shared engine, then derive `roleDefinitionIds` from `roles`. */
export function checkAssignmentInputs(news: unknown): CheckInputsResult {
    const { inputs, failures } = checkFields(ASSIGNMENT_SCHEMA, news);
    inputs["roleDefinitionIds"] = roleDefinitionIdsOf(inputs["roles"]);
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

/** The inputs of `GdapAccessAssignment`: their shape, rules and check, for its definition. */
export const ASSIGNMENT_INPUTS: ResourceInputs = {
    codec: GdapAccessAssignmentArgs,
    fields: ASSIGNMENT_FIELDS,
    derived: ASSIGNMENT_SCHEMA.derived ?? [],
    check: checkAssignmentInputs,
};
