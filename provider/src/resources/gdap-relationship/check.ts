/**
 * Offline checks of `GdapRelationship` inputs (no API call): the documented rules of the create call
 * (displayName ≤ 50, duration P1D–P2Y, autoExtendDuration P0D/PT0S/P180D, roles) and role names resolved through
 * the built-in role table, so a typo fails in preview with the closest documented name.
 */
import { AUTO_EXTEND_DURATIONS, MAX_DURATION_DAYS, MIN_DURATION_DAYS, durationDays } from "../../graph/contract";
import { BUILT_IN_ROLES, isGuid } from "../../graph/roles";
import type { ResourceInputs } from "../common/definition";
import { checkFields, type FieldRule, type FieldSchema } from "../common/fields";
import type { CheckInputsResult } from "../common/inputs";
import { roleDefinitionIdsOf, rolesField } from "../common/roles";
import { GDAP_ON_DELETE_POLICIES, type GdapRelationshipInputs, GdapRelationshipArgs } from "./types";

export const DEFAULT_DURATION = "P730D";
export const DEFAULT_AUTO_EXTEND = "PT0S";

export type RelationshipCheckResult = CheckInputsResult;

/** The relationship's input rules (Graph's documented create rules), as data for the shared engine. */
export const RELATIONSHIP_FIELDS: readonly FieldRule[] = [
    {
        path: "displayName",
        kind: "string",
        required: true,
        maxLength: 50,
        requiredHint: "unique across all your GDAP relationships, at most 50 characters",
        description: "Unique across all your GDAP relationships, at most 50 characters.",
    },
    {
        path: "customerTenantId",
        kind: "string",
        required: true,
        requiredHint: "the customer's tenant id, e.g. customer.tenantId",
        description: "The customer's tenant id (GUID), e.g. `customer.tenantId` of an `IndirectResellerCustomer`.",
        normalise: (s) => s.toLowerCase(),
        validate: (s) => (isGuid(s) ? undefined : "must be the customer's tenant id (a GUID)"),
    },
    { path: "customerDisplayName", kind: "string", description: "The customer's name as shown in the relationship." },
    {
        path: "duration",
        kind: "string",
        default: DEFAULT_DURATION,
        description: "ISO 8601 duration, `P1D`–`P2Y`; default `P730D` (two years, the maximum).",
        normalise: (s) => s.toUpperCase(),
        validate: (s) => {
            const days = durationDays(s);
            return days === undefined || days < MIN_DURATION_DAYS || days > MAX_DURATION_DAYS
                ? "must be an ISO 8601 duration between P1D and P2Y inclusive (e.g. P730D)"
                : undefined;
        },
    },
    {
        path: "autoExtendDuration",
        kind: "string",
        default: DEFAULT_AUTO_EXTEND,
        oneOf: AUTO_EXTEND_DURATIONS,
        description: "`PT0S` (default: expires at the end), `P0D`, or `P180D` (extends by 180 days).",
    },
    {
        path: "onDelete",
        kind: "string",
        default: "retain",
        oneOf: GDAP_ON_DELETE_POLICIES,
        description: "What destroy does: `retain` (default) or `terminate`.",
    },
    rolesField("Microsoft Entra built-in roles, by documented name or role definition id."),
];

/** The relationship's input schema. */
export const RELATIONSHIP_SCHEMA: FieldSchema = {
    fields: RELATIONSHIP_FIELDS,
    contextOf: () => undefined,
    derived: ["roleDefinitionIds"],
};

/**
 * Normalise and validate with the shared engine (unknown values in preview pass through unchecked; misspelt keys
 * are named with the closest name), then derive `roleDefinitionIds` from `roles`.
 */
export function checkRelationshipInputs(news: unknown): RelationshipCheckResult {
    const { inputs, failures } = checkFields(RELATIONSHIP_SCHEMA, news);
    const ids = roleDefinitionIdsOf(inputs["roles"]);
    inputs["roleDefinitionIds"] = ids;
    if (
        failures.length === 0 &&
        inputs["autoExtendDuration"] === "P180D" &&
        Array.isArray(ids) &&
        ids.includes(GLOBAL_ADMINISTRATOR)
    ) {
        failures.push({
            property: "autoExtendDuration",
            reason:
                "must be PT0S or P0D when roles include Global Administrator: Microsoft does not auto-extend relationships " +
                "with that role (learn.microsoft.com/partner-center/customers/expiring-gdap-relationships-and-auto-extend-gdap, " +
                '"Don\'t autoextend GDAP with Global Administrator")',
        });
    }
    return { inputs, failures };
}

/** The role definition id of Global Administrator (Microsoft Entra built-in roles). */
export const GLOBAL_ADMINISTRATOR = BUILT_IN_ROLES["Global Administrator"]!;

/** The inputs a check result describes, once it has no failures and no unknowns. */
export type CheckedRelationship = GdapRelationshipInputs;

/** The inputs of `GdapRelationship`: their shape, rules and check, for its definition. */
export const RELATIONSHIP_INPUTS: ResourceInputs = {
    codec: GdapRelationshipArgs,
    fields: RELATIONSHIP_FIELDS,
    derived: RELATIONSHIP_SCHEMA.derived ?? [],
    check: checkRelationshipInputs,
};
