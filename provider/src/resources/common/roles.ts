/**
 * GDAP role lists, shared by the relationship and the access assignment: Microsoft Entra built-in roles by
 * documented name or role definition id, resolved through the built-in role table (`graph/roles.ts`), as one
 * field rule of the shared engine plus the derived, sorted role definition ids.
 */
import { resolveRole } from "../../graph/roles";
import type { FieldRule } from "./fields";
import { isUnknown, type CheckFailure } from "./inputs";

/** The `roles` input: a non-empty list of built-in role names or ids, each resolvable, none twice. */
export function rolesField<Ctx = undefined>(description: string): FieldRule<Ctx> {
    return {
        path: "roles",
        kind: "stringList",
        required: true,
        requiredHint: "Microsoft Entra built-in roles, by name or role definition id",
        description,
        validate: (item) => {
            const resolved = resolveRole(item);
            return resolved.ok ? undefined : resolved.reason;
        },
        validateList: (items) => {
            const failures: CheckFailure[] = [];
            const seen = new Set<string>();
            items.forEach((item, i) => {
                const resolved = resolveRole(item);
                if (resolved.ok && seen.has(resolved.role.id)) {
                    failures.push({
                        property: "roles",
                        reason: `roles[${i}]: '${item}' (${resolved.role.name}) is listed twice`,
                    });
                }
                if (resolved.ok) {
                    seen.add(resolved.role.id);
                }
            });
            return failures;
        },
    };
}

/**
 * The sorted role definition ids of a checked role list; the unknown sentinel when the list (or an item) is not
 * known yet; `[]` when the list is absent or holds an unresolvable name (check reports it).
 */
export function roleDefinitionIdsOf(roles: unknown): unknown {
    if (isUnknown(roles)) {
        return roles;
    }
    if (!Array.isArray(roles)) {
        return [];
    }
    const unknownItem = roles.find(isUnknown);
    if (unknownItem !== undefined) {
        return unknownItem;
    }
    const ids = new Set<string>();
    for (const item of roles) {
        const resolved = typeof item === "string" ? resolveRole(item) : undefined;
        if (resolved?.ok) {
            ids.add(resolved.role.id);
        }
    }
    return [...ids].sort();
}

/**
 * Why the `roles` input is a state-only diff row: the role definition ids it resolves to (`roleDefinitionIds`)
 * decide what the API sees; another spelling of the same roles (names vs ids, order) only updates state.
 */
export const ROLES_AS_GIVEN =
    "kept in state as given; the role definition ids it resolves to (roleDefinitionIds) decide what changes";
