/**
 * `diff` for `GdapRelationship`: what a change means depends on the relationship's status (Graph's update rules,
 * https://learn.microsoft.com/graph/api/delegatedadminrelationship-update):
 * - a relationship can be updated only while `created`;
 * - `autoExtendDuration` can also change while `active`;
 * - in any other status the change needs a new relationship (a replacement, which the customer must approve again).
 * The rules are the table {@link RELATIONSHIP_RULES}; {@link diffRelationship} is a pure function over it.
 */
import { propsOf } from "../common/inputs";
import { diffByRules, updatableWhile, type ChangePolicy, type DiffRule } from "../common/diff";
import { ROLES_AS_GIVEN } from "../common/roles";
import { checkRelationshipInputs } from "./check";

export type RelationshipChange = ChangePolicy;

const CREATED_ONLY = "set by the partner only while the relationship is 'created'";
const whileCreated = updatableWhile(["created"]);

/** Every input property and what a change means, by the relationship's status in state. */
export const RELATIONSHIP_RULES: readonly DiffRule[] = [
    { path: "displayName", policy: whileCreated, why: CREATED_ONLY },
    { path: "customerTenantId", policy: whileCreated, why: `${CREATED_ONLY}; the customer can't change it` },
    {
        path: "customerDisplayName",
        policy: "stateOnly",
        // Graph: "The display name of the customer tenant as set by Microsoft Entra ID. Read-only"
        // (learn.microsoft.com/graph/api/resources/delegatedadminrelationshipcustomerparticipant).
        why: "read-only in Graph (Microsoft Entra ID sets the customer's name); only sent when the relationship is created",
    },
    { path: "duration", policy: whileCreated, why: CREATED_ONLY },
    { path: "roleDefinitionIds", policy: whileCreated, why: `${CREATED_ONLY}; approved roles are fixed` },
    {
        path: "autoExtendDuration",
        policy: updatableWhile(["created", "active"]),
        why: "changeable while 'created' or 'active'",
    },
    { path: "onDelete", policy: "stateOnly", why: "only read when the resource is deleted" },
    { path: "roles", policy: "stateOnly", why: ROLES_AS_GIVEN },
];

export interface RelationshipDiff {
    changes: boolean;
    replaces: string[];
    /** Property → what its change means in the current status. */
    detailed: Record<string, RelationshipChange>;
    /** The status the decision was made in. */
    status: string;
}

/** Compare old outputs (with `status`) and new inputs along {@link RELATIONSHIP_RULES}. */
export function diffRelationship(state: object, news: object): RelationshipDiff {
    const olds = propsOf(state);
    const status = typeof olds["status"] === "string" ? (olds["status"] as string) : "created";
    const before = checkRelationshipInputs(olds).inputs;
    const after = checkRelationshipInputs(news).inputs;
    const result = diffByRules(RELATIONSHIP_RULES, before, after, olds);
    const detailed = Object.fromEntries(
        Object.entries(result.detailedDiff).map(([path, change]) => [path, change.policy]),
    );
    const replaces = result.replacePaths;
    return { changes: result.changes, replaces, detailed, status };
}

/**
 * What deleting a relationship in this state does (the delete step of a destroy or of a replacement reads the OLD
 * state's `onDelete` and the relationship's status), as the end of a sentence about "the old relationship".
 * Mirrors `remove` in implementation.ts.
 */
export function relationshipDeleteEffect(state: object): string {
    const olds = propsOf(state);
    const status = typeof olds["status"] === "string" ? (olds["status"] as string) : "created";
    if ((olds["onDelete"] ?? "retain") !== "terminate") {
        return `stays in Microsoft Graph as it is ('${status}', onDelete: retain): the partner keeps the access it grants until it expires; it only leaves this stack`;
    }
    switch (status) {
        case "active":
            return "is terminated (onDelete: terminate): the partner's access through it ends";
        case "created":
            return "is deleted (onDelete: terminate; it was never sent for approval)";
        case "approvalPending":
            return "cannot be terminated before the customer approves it (onDelete: terminate): its invitation stays open until it expires (90 days)";
        default:
            return `is '${status}': nothing to terminate (onDelete: terminate)`;
    }
}

/** The warning `diff` logs (in preview, before confirmation) when a change replaces the relationship. */
export function relationshipReplacementWarning(
    id: string,
    state: object,
    result: RelationshipDiff,
): string | undefined {
    if (result.replaces.length === 0) {
        return undefined;
    }
    const olds = propsOf(state);
    const name = String(olds["displayName"] ?? "");
    return (
        `GdapRelationship ${id} ('${name}') is '${result.status}': changing ${result.replaces.join(", ")} needs a NEW ` +
        `relationship, which the customer must approve again; the old one ${relationshipDeleteEffect(olds)}.` +
        (result.detailed["displayName"] === undefined
            ? ` The new relationship needs a new displayName: '${name}' stays taken by the old one.`
            : "")
    );
}
