/**
 * Checks of `ApplicationConsent` inputs, offline (no API call): ids are GUIDs, at least one grant, one grant per
 * resource application, and each grant's `scope` a comma-separated list of permission names (no blank item, no
 * URL-form or `.default` scope, none twice, no near-miss of a well-known Microsoft Graph permission name). Whether the
 * resource application really exposes a permission is only known to Microsoft Entra ID: Partner Center answers that
 * at create time.
 */
import { AZURE_AD_GRAPH_APP_ID, MICROSOFT_GRAPH_APP_ID } from "../../api/consents";
import { isGuid } from "../../graph/roles";
import { editDistance } from "../../names";
import type { ResourceInputs } from "../common/definition";
import { checkFields, type FieldRule, type FieldSchema } from "../common/fields";
import { hasUnknown, isPlainObject, type CheckFailure, type CheckInputsResult } from "../common/inputs";
import { ApplicationConsentArgs } from "./types";

/** Resource applications by app id, for messages and the grant summary. */
export const KNOWN_RESOURCE_APPS: Readonly<Record<string, string>> = {
    [MICROSOFT_GRAPH_APP_ID]: "Microsoft Graph",
    [AZURE_AD_GRAPH_APP_ID]: "Azure Active Directory Graph",
    "00000002-0000-0ff1-ce00-000000000000": "Office 365 Exchange Online",
    "00000003-0000-0ff1-ce00-000000000000": "Office 365 SharePoint Online",
    "797f4846-ba00-4fd7-ba43-dac1f8f63013": "Windows Azure Service Management API",
};

/**
 * Well-known delegated permission names of Microsoft Graph (and Azure AD Graph, which shares its directory names),
 * from the Microsoft Graph permissions reference. Not the full list: a name absent here is accepted; one a typo away
 * from a name here is refused with that name as the hint.
 */
export const WELL_KNOWN_SCOPES: readonly string[] = [
    "AppRoleAssignment.ReadWrite.All",
    "Application.Read.All",
    "Application.ReadWrite.All",
    "AuditLog.Read.All",
    "Calendars.Read",
    "Calendars.ReadWrite",
    "Channel.ReadBasic.All",
    "Chat.Read",
    "Chat.ReadWrite",
    "Contacts.Read",
    "Contacts.ReadWrite",
    "DelegatedAdminRelationship.Read.All",
    "DelegatedAdminRelationship.ReadWrite.All",
    "DelegatedPermissionGrant.ReadWrite.All",
    "Device.Read.All",
    "DeviceManagementApps.ReadWrite.All",
    "DeviceManagementConfiguration.ReadWrite.All",
    "DeviceManagementManagedDevices.ReadWrite.All",
    "DeviceManagementRBAC.ReadWrite.All",
    "DeviceManagementServiceConfig.ReadWrite.All",
    "Directory.AccessAsUser.All",
    "Directory.Read.All",
    "Directory.ReadWrite.All",
    "Domain.Read.All",
    "Domain.ReadWrite.All",
    "Files.Read.All",
    "Files.ReadWrite.All",
    "Group.Read.All",
    "Group.ReadWrite.All",
    "GroupMember.Read.All",
    "GroupMember.ReadWrite.All",
    "Mail.Read",
    "Mail.ReadWrite",
    "Mail.Send",
    "Member.Read.Hidden",
    "Organization.Read.All",
    "Organization.ReadWrite.All",
    "Policy.Read.All",
    "Policy.ReadWrite.ConditionalAccess",
    "Reports.Read.All",
    "RoleManagement.Read.Directory",
    "RoleManagement.ReadWrite.Directory",
    "SecurityEvents.Read.All",
    "SecurityEvents.ReadWrite.All",
    "ServiceHealth.Read.All",
    "ServiceMessage.Read.All",
    "Sites.FullControl.All",
    "Sites.Read.All",
    "Sites.ReadWrite.All",
    "User.Read",
    "User.Read.All",
    "User.ReadBasic.All",
    "User.ReadWrite",
    "User.ReadWrite.All",
    "UserAuthenticationMethod.ReadWrite.All",
    "offline_access",
    "openid",
    "profile",
];

const PERMISSION_NAME = /^[A-Za-z][A-Za-z0-9._-]*$/;

/** The scope's items as written (split on commas, trimmed; blanks kept, so that check can refuse them). */
const itemsOf = (scope: string) => scope.split(",").map((s) => s.trim());

/** A well-known permission `item` is probably a typo of (one or two edits away, not just another case). */
function nearMiss(item: string): string | undefined {
    const lowered = item.toLowerCase();
    if (item.length < 8 || WELL_KNOWN_SCOPES.some((k) => k.toLowerCase() === lowered)) {
        return undefined;
    }
    return WELL_KNOWN_SCOPES.find((k) => editDistance(lowered, k.toLowerCase()) <= 2);
}

/** Why a grant's `scope` is refused, or undefined. */
export function scopeProblem(scope: string): string | undefined {
    const items = itemsOf(scope);
    if (items.some((i) => i === "")) {
        return "has a blank item (a comma at the start or end, or two in a row): give permission names separated by single commas, e.g. Directory.Read.All,User.Read";
    }
    const seen = new Set<string>();
    for (const item of items) {
        if (/^https?:\/\//i.test(item) || item.includes("/") || item.toLowerCase().endsWith(".default")) {
            return `'${item}' is not a permission name: Partner Center takes the names alone (Directory.Read.All), not URL-form or .default scopes`;
        }
        if (/\s/.test(item)) {
            return `'${item}' contains a space: separate permission names with commas`;
        }
        if (!PERMISSION_NAME.test(item)) {
            return `'${item}' is not a permission name (letters, digits, '.', '_' and '-', e.g. User.Read.All)`;
        }
        const near = nearMiss(item);
        if (near !== undefined) {
            return `'${item}' is not a known permission (did you mean ${near}?)`;
        }
        if (seen.has(item.toLowerCase())) {
            return `'${item}' is listed twice`;
        }
        seen.add(item.toLowerCase());
    }
    return undefined;
}

const guidRule = (what: string) => (s: string) => (isGuid(s) ? undefined : `must be ${what} (a GUID)`);

/** The consent's input rules, as data for the shared engine. */
export const CONSENT_FIELDS: readonly FieldRule[] = [
    {
        path: "customerId",
        kind: "string",
        required: true,
        requiredHint: "the customer's tenant id, e.g. customer.tenantId",
        description: "The customer's tenant id (its Partner Center customer id), e.g. `customer.tenantId`.",
        normalise: (s) => s.toLowerCase(),
        validate: guidRule("the customer's tenant id"),
    },
    {
        path: "applicationId",
        kind: "string",
        required: true,
        requiredHint: "your multi-tenant application's id, the clientId the provider signs in with",
        description:
            "Your multi-tenant application's (client) id: the app registration the provider signs in with (Partner " +
            "Center requires the token's app id to be this one).",
        normalise: (s) => s.toLowerCase(),
        validate: guidRule("an application (client) id"),
    },
    {
        path: "applicationGrants",
        kind: "objectList",
        required: true,
        requiredHint: "each a resource application (enterpriseApplicationId) and its scope",
        description: "What the application is consented to: one grant per resource application, at least one.",
    },
    {
        path: "applicationGrants.enterpriseApplicationId",
        kind: "string",
        required: true,
        requiredHint: "the resource application's app id, e.g. 00000003-0000-0000-c000-000000000000 (Microsoft Graph)",
        description:
            "The resource application's app id (GUID), e.g. `00000003-0000-0000-c000-000000000000` for Microsoft Graph.",
        normalise: (s) => s.toLowerCase(),
        validate: guidRule("a resource application's app id"),
    },
    {
        path: "applicationGrants.scope",
        kind: "string",
        required: true,
        requiredHint: "comma-separated permission names, e.g. Directory.Read.All,User.Read",
        description: "The permissions on that resource, comma-separated (e.g. `Directory.Read.All,User.Read`).",
        normalise: (s) => itemsOf(s).join(","),
        validate: scopeProblem,
    },
    {
        path: "displayName",
        kind: "string",
        maxLength: 256,
        description: "A name for the consent (the SDKs' `displayName`), e.g. your application's name.",
    },
];

/** The consent's input schema. */
export const CONSENT_SCHEMA: FieldSchema = { fields: CONSENT_FIELDS, contextOf: () => undefined };

/** A second grant for the same resource application: Partner Center takes one grant per resource. */
function duplicateGrants(grants: unknown): CheckFailure[] {
    if (!Array.isArray(grants)) {
        return [];
    }
    const seen = new Map<string, number>();
    const failures: CheckFailure[] = [];
    grants.forEach((g, i) => {
        const id = isPlainObject(g) ? g["enterpriseApplicationId"] : undefined;
        if (typeof id !== "string" || hasUnknown(id)) {
            return;
        }
        const first = seen.get(id);
        if (first !== undefined) {
            failures.push({
                property: `applicationGrants[${i}].enterpriseApplicationId`,
                reason: `${id} already has a grant (applicationGrants[${first}]): put all its permissions in that grant's scope`,
            });
        } else {
            seen.set(id, i);
        }
    });
    return failures;
}

/**
 * The canonical form state and diff compare: grants sorted by resource app id, each scope's items sorted
 * (case-insensitively), so that reordering either changes nothing.
 */
function canonicalGrants(grants: unknown): unknown {
    if (!Array.isArray(grants) || hasUnknown(grants)) {
        return grants;
    }
    const byName = (a: string, b: string) => a.toLowerCase().localeCompare(b.toLowerCase()) || a.localeCompare(b);
    return (grants as Record<string, unknown>[])
        .map((g): Record<string, unknown> => {
            const scope = g["scope"];
            return typeof scope === "string" ? { ...g, scope: itemsOf(scope).sort(byName).join(",") } : g;
        })
        .sort((a, b) => String(a["enterpriseApplicationId"]).localeCompare(String(b["enterpriseApplicationId"])));
}

/** Normalise and validate with the shared engine; then one grant per resource app, and the canonical order. */
export function checkConsentInputs(news: unknown): CheckInputsResult {
    const { inputs, failures } = checkFields(CONSENT_SCHEMA, news);
    failures.push(...duplicateGrants(inputs["applicationGrants"]));
    if (failures.length === 0 && inputs["applicationGrants"] !== undefined) {
        inputs["applicationGrants"] = canonicalGrants(inputs["applicationGrants"]);
    }
    return { inputs, failures };
}

/** The inputs of `ApplicationConsent`: their shape, rules and check, for its definition. */
export const CONSENT_INPUTS: ResourceInputs = {
    codec: ApplicationConsentArgs,
    fields: CONSENT_FIELDS,
    derived: [],
    check: checkConsentInputs,
};

/** How a resource application is named in messages: its name when well known, else its id. */
export function resourceAppName(enterpriseApplicationId: string): string {
    const name = KNOWN_RESOURCE_APPS[enterpriseApplicationId.toLowerCase()];
    return name === undefined ? enterpriseApplicationId : `${name} (${enterpriseApplicationId})`;
}

/** One line per grant: `<resource app>: <scopes>` (what preview and the `grantSummary` output show). */
export function grantLines(grants: readonly { enterpriseApplicationId: string; scope: string }[]): string[] {
    return grants.map((g) => `${resourceAppName(g.enterpriseApplicationId)}: ${itemsOf(g.scope).join(", ")}`);
}
