/**
 * `diff` for `GdapAccessAssignment` as a table: the access container and the relationship identify an assignment
 * (no API moves it: replace); its roles are PATCHed in place (https://learn.microsoft.com/graph/api/delegatedadminaccessassignment-update).
 */
import { propsOf } from "../common/inputs";
import { policyDiff, type DiffRule, type PolicyDiff } from "../common/diff";
import { ROLES_AS_GIVEN } from "../common/roles";
import { checkAssignmentInputs } from "./check";

/** Every input property and what a change means. */
export const ASSIGNMENT_RULES: readonly DiffRule[] = [
    { path: "relationshipId", policy: "replace", why: "an assignment belongs to one relationship" },
    {
        path: "securityGroupId",
        policy: "replace",
        why: "the access container can't be changed (accessDetails only)",
    },
    {
        path: "roleDefinitionIds",
        policy: "update",
        why: "PATCH accessDetails (202 Accepted, applied asynchronously)",
    },
    { path: "roles", policy: "stateOnly", why: ROLES_AS_GIVEN },
];

export function diffAssignment(olds: object, news: object): PolicyDiff {
    const before = checkAssignmentInputs(olds).inputs;
    const after = checkAssignmentInputs(news).inputs;
    return policyDiff(ASSIGNMENT_RULES, before, after, propsOf(olds));
}

/**
 * The warning `diff` logs (in preview, before confirmation) when a change replaces the assignment: delete always
 * removes an assignment (there is no "retain"), after the new one is created.
 */
export function assignmentReplacementWarning(
    id: string,
    state: object,
    replaces: readonly string[],
): string | undefined {
    const olds = propsOf(state);
    if (replaces.length === 0) {
        return undefined;
    }
    const group = String(olds["securityGroupId"] ?? "?");
    const relationship = String(olds["relationshipId"] ?? "?");
    return (
        `GDAP access assignment ${id} (security group ${group}, relationship ${relationship}) will be replaced: ` +
        `changing ${replaces.join(", ")} needs a new assignment; the old one is deleted from relationship ` +
        `${relationship} once the new one is created, and group ${group} loses the roles it granted there.`
    );
}
