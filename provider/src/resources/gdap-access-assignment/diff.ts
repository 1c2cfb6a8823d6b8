/**
 * `diff` for `GdapAccessAssignment` as a table: the access container and the relationship identify an assignment
 * (no API moves it: replace); its roles are PATCHed in place (https://learn.microsoft.com/graph/api/delegatedadminaccessassignment-update).
 */
import { isUnknown } from "../customer/validate";
import { checkAssignmentInputs } from "./check";

export interface AssignmentRule {
    readonly property: string;
    readonly change: "update" | "replace";
    readonly why: string;
}

export const ASSIGNMENT_RULES: readonly AssignmentRule[] = [
    { property: "relationshipId", change: "replace", why: "an assignment belongs to one relationship" },
    {
        property: "securityGroupId",
        change: "replace",
        why: "the access container can't be changed (accessDetails only)",
    },
    {
        property: "roleDefinitionIds",
        change: "update",
        why: "PATCH accessDetails (202 Accepted, applied asynchronously)",
    },
];

export function diffAssignment(
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
): { changes: boolean; replaces: string[]; detailed: Record<string, "update" | "replace"> } {
    const before = checkAssignmentInputs(olds).inputs;
    const after = checkAssignmentInputs(news).inputs;
    const detailed: Record<string, "update" | "replace"> = {};
    for (const rule of ASSIGNMENT_RULES) {
        const [o, n] = [before[rule.property], after[rule.property]];
        if (isUnknown(n) || JSON.stringify(o ?? null) !== JSON.stringify(n ?? null)) {
            detailed[rule.property] = rule.change;
        }
    }
    const respelled =
        !isUnknown(news["roles"]) && JSON.stringify(olds["roles"] ?? null) !== JSON.stringify(news["roles"] ?? null);
    return {
        changes: Object.keys(detailed).length > 0 || respelled,
        replaces: Object.keys(detailed).filter((p) => detailed[p] === "replace"),
        detailed,
    };
}

/**
 * The warning `diff` logs (in preview, before confirmation) when a change replaces the assignment: delete always
 * removes an assignment (there is no "retain"), after the new one is created.
 */
export function assignmentReplacementWarning(
    id: string,
    olds: Record<string, unknown>,
    replaces: readonly string[],
): string | undefined {
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
