/**
 * Offline checks of `GdapRelationship` inputs (no API call): the documented rules of the create call
 * (displayName ≤ 50, duration P1D–P2Y, autoExtendDuration P0D/PT0S/P180D, roles) and role names resolved through
 * the built-in role table, so a typo fails in preview with the closest documented name.
 */
import { AUTO_EXTEND_DURATIONS, MAX_DURATION_DAYS, MIN_DURATION_DAYS, durationDays } from "../../graph/contract";
import { isGuid, resolveRole } from "../../graph/roles";
import { isUnknown, type CheckFailure } from "../customer/validate";
import { GDAP_ON_DELETE_POLICIES, type GdapRelationshipInputs } from "./types";

export const DEFAULT_DURATION = "P730D";
export const DEFAULT_AUTO_EXTEND = "PT0S";

export interface RelationshipCheckResult {
    inputs: Record<string, unknown>;
    failures: CheckFailure[];
}

const str = (v: unknown) => (typeof v === "string" ? v.trim() : v);

/**
 * Normalise and validate. Unknown values (preview) pass through unchecked; everything else is checked and every
 * failure names its top-level property (the engine looks the value up by that key).
 */
export function checkRelationshipInputs(news: Record<string, unknown>): RelationshipCheckResult {
    const failures: CheckFailure[] = [];
    const fail = (property: string, reason: string) => failures.push({ property, reason });
    const inputs: Record<string, unknown> = {};

    const displayName = str(news["displayName"]);
    if (!isUnknown(displayName) && (typeof displayName !== "string" || displayName === "" || displayName.length > 50)) {
        fail(
            "displayName",
            "is required and must be at most 50 characters (unique across all your GDAP relationships)",
        );
    }
    inputs["displayName"] = displayName;

    const tenantId = str(news["customerTenantId"]);
    if (!isUnknown(tenantId) && (typeof tenantId !== "string" || !isGuid(tenantId))) {
        fail("customerTenantId", `must be the customer's tenant id (a GUID), got ${JSON.stringify(tenantId ?? null)}`);
    }
    inputs["customerTenantId"] =
        typeof tenantId === "string" && !isUnknown(tenantId) ? tenantId.toLowerCase() : tenantId;

    const customerDisplayName = str(news["customerDisplayName"]);
    if (customerDisplayName !== undefined && customerDisplayName !== "") {
        inputs["customerDisplayName"] = customerDisplayName;
    }

    const duration = str(news["duration"] ?? DEFAULT_DURATION);
    if (!isUnknown(duration)) {
        const days = typeof duration === "string" ? durationDays(duration) : undefined;
        if (days === undefined || days < MIN_DURATION_DAYS || days > MAX_DURATION_DAYS) {
            fail(
                "duration",
                `must be an ISO 8601 duration between P1D and P2Y inclusive (e.g. P730D), got ${JSON.stringify(duration)}`,
            );
        }
    }
    inputs["duration"] = typeof duration === "string" ? duration.toUpperCase() : duration;

    const autoExtend = str(news["autoExtendDuration"] ?? DEFAULT_AUTO_EXTEND);
    if (!isUnknown(autoExtend) && !(AUTO_EXTEND_DURATIONS as readonly unknown[]).includes(autoExtend)) {
        fail(
            "autoExtendDuration",
            `must be one of ${AUTO_EXTEND_DURATIONS.join(", ")}, got ${JSON.stringify(autoExtend)}`,
        );
    }
    inputs["autoExtendDuration"] = autoExtend;

    const onDelete = str(news["onDelete"] ?? "retain");
    if (!isUnknown(onDelete) && !(GDAP_ON_DELETE_POLICIES as readonly unknown[]).includes(onDelete)) {
        fail("onDelete", `must be one of ${GDAP_ON_DELETE_POLICIES.join(", ")}, got ${JSON.stringify(onDelete)}`);
    }
    inputs["onDelete"] = onDelete;

    const roles = checkRoleList(news["roles"], "roles", failures);
    inputs["roles"] = roles.given;
    inputs["roleDefinitionIds"] = roles.ids;
    return { inputs, failures };
}

/**
 * Validate a role list (names or ids): non-empty, each resolvable, no duplicates. Returns the list as given and
 * the sorted definition ids (or the unknown sentinel when the list is not known yet).
 */
export function checkRoleList(
    value: unknown,
    property: string,
    failures: CheckFailure[],
): { given: unknown; ids: unknown } {
    if (isUnknown(value)) {
        return { given: value, ids: value };
    }
    if (!Array.isArray(value) || value.length === 0) {
        failures.push({
            property,
            reason: "must list at least one Microsoft Entra built-in role (name or role definition id)",
        });
        return { given: value, ids: [] };
    }
    const ids = new Set<string>();
    const given: unknown[] = [];
    value.forEach((item, i) => {
        given.push(typeof item === "string" ? item.trim() : item);
        if (isUnknown(item)) {
            return;
        }
        if (typeof item !== "string") {
            failures.push({
                property,
                reason: `${property}[${i}] must be a role name or id, got ${JSON.stringify(item)}`,
            });
            return;
        }
        const resolved = resolveRole(item);
        if (!resolved.ok) {
            failures.push({ property, reason: `${property}[${i}]: ${resolved.reason}` });
            return;
        }
        if (ids.has(resolved.role.id)) {
            failures.push({ property, reason: `${property}[${i}]: '${item}' (${resolved.role.name}) is listed twice` });
        }
        ids.add(resolved.role.id);
    });
    if (value.some(isUnknown)) {
        return { given, ids: value.find(isUnknown) };
    }
    return { given, ids: [...ids].sort() };
}

/** The inputs a check result describes, once it has no failures and no unknowns. */
export type CheckedRelationship = GdapRelationshipInputs;
