/**
 * The guardrails as pure functions over a resource's properties (and the pack's config), so each can be tested
 * without the engine; `pack.ts` wires them into the policy SDK.
 *
 * Properties are the engine's checked inputs (the provider's `check` has run: defaults such as `duration: P730D`
 * and `onDelete: "retain"` are filled in, `roleDefinitionIds` derived from `roles`). During preview any of them
 * may be unknown; the caller marks those {@link UNKNOWN}. A rule never treats an unknown value as compliant or as
 * a violation: it reports the property path in {@link Outcome.unknowns} and judges only what is known, so a known
 * violation beside an unknown value is still reported.
 */
import { BUILT_IN_ROLES, durationDays, resolveRole } from "pulumi-partnercenter/graph";

/** A property value that is unknown during preview (it depends on another resource's outputs). */
export const UNKNOWN: unique symbol = Symbol("unknown during preview");

/** A resource's properties, any of them possibly {@link UNKNOWN} at any depth. */
export type Props = Readonly<Record<string, unknown>>;

/** One violation: what is wrong and the fix; `urn` names the resource when a stack rule reports it. */
export interface Violation {
    readonly message: string;
    readonly urn?: string;
}

/** What a rule found: violations, and the property paths it needed but could not see (preview). */
export interface Outcome {
    readonly violations: readonly Violation[];
    readonly unknowns: readonly string[];
}

/** Which resource a rule looks at, for messages: its type name and its name in the program. */
export interface ResourceRef {
    readonly typeName: string;
    readonly name: string;
}

/** The role definition id of Global Administrator (Microsoft Entra built-in roles). */
export const GLOBAL_ADMINISTRATOR_ID = BUILT_IN_ROLES["Global Administrator"]!;

/** The longest GDAP relationship Graph accepts (and the provider's default `duration`): two years. */
export const DEFAULT_MAX_DURATION = "P730D";

/**
 * Roles with which a relationship may not auto-extend. Microsoft does not auto-extend relationships with Global
 * Administrator (learn.microsoft.com/partner-center/customers/expiring-gdap-relationships-and-auto-extend-gdap);
 * a pack's config may add more.
 */
export const DEFAULT_NO_AUTO_EXTEND_ROLES: readonly string[] = ["Global Administrator"];

/**
 * Endpoints against which `onDelete: "delete"` is allowed by default: `loopback`, i.e. an http(s) URL on
 * 127.0.0.0/8, `localhost` or `[::1]`, where the emulator (the offline stand-in for the integration sandbox) runs.
 */
export const DEFAULT_ALLOWED_DELETE_ENDPOINTS: readonly string[] = ["loopback"];

const NOTHING: Outcome = { violations: [], unknowns: [] };

function label(r: ResourceRef): string {
    return `${r.typeName} "${r.name}"`;
}

function outcome(violations: Violation[], unknowns: string[]): Outcome {
    return { violations, unknowns };
}

/** A role given by name or id, with where it was found. */
interface RoleEntry {
    readonly path: string;
    readonly value: string | typeof UNKNOWN;
}

/** The roles a GDAP relationship or access assignment asks for: `roles` (names or ids) and `roleDefinitionIds`. */
function roleEntries(props: Props): RoleEntry[] {
    const entries: RoleEntry[] = [];
    for (const key of ["roles", "roleDefinitionIds"]) {
        const list = props[key];
        if (list === UNKNOWN) {
            entries.push({ path: key, value: UNKNOWN });
        } else if (Array.isArray(list)) {
            list.forEach((item: unknown, i) => {
                if (item === UNKNOWN || typeof item === "string") {
                    entries.push({ path: `${key}[${i}]`, value: item });
                }
            });
        }
    }
    return entries;
}

/** The role definition id a name or id stands for (`undefined` for a name the provider's check refuses anyway). */
function roleId(value: string): string | undefined {
    const resolved = resolveRole(value);
    return resolved.ok ? resolved.role.id : undefined;
}

/** Resolve configured role names or ids to ids; a name that is no built-in role is a configuration error. */
export function roleIdsOf(roles: readonly string[], setting: string): Set<string> {
    const ids = new Set<string>();
    for (const role of roles) {
        const resolved = resolveRole(role);
        if (!resolved.ok) {
            throw new Error(`${setting}: ${resolved.reason}`);
        }
        ids.add(resolved.role.id);
    }
    return ids;
}

/** Entries whose role is one of `ids`, and the paths of the unknown ones. */
function findRoles(props: Props, ids: ReadonlySet<string>): { hits: RoleEntry[]; unknowns: string[] } {
    const hits: RoleEntry[] = [];
    const unknowns: string[] = [];
    for (const entry of roleEntries(props)) {
        if (entry.value === UNKNOWN) {
            unknowns.push(entry.path);
        } else {
            const id = roleId(entry.value);
            if (id !== undefined && ids.has(id)) {
                hits.push(entry);
            }
        }
    }
    // `roleDefinitionIds` is derived from `roles` by the provider's check: name a role once, where the user wrote it.
    const fromRoles = hits.filter((h) => h.path.startsWith("roles"));
    return { hits: fromRoles.length > 0 ? fromRoles : hits, unknowns };
}

function describeHits(hits: readonly RoleEntry[]): string {
    return hits.map((h) => `${h.path} "${String(h.value)}"`).join(", ");
}

/**
 * Mandatory: a GDAP relationship (or access assignment) must not ask for Global Administrator, by name (any
 * spelling the provider accepts) or by role definition id.
 */
export function checkNoGlobalAdministrator(resource: ResourceRef, props: Props): Outcome {
    const { hits, unknowns } = findRoles(props, new Set([GLOBAL_ADMINISTRATOR_ID]));
    const violations: Violation[] = [];
    if (hits.length > 0) {
        violations.push({
            message:
                `${label(resource)} asks for Global Administrator (${describeHits(hits)}). Fix: remove it and list ` +
                `only the roles the work needs (e.g. Helpdesk Administrator, User Administrator, Global Reader); ` +
                `GDAP is for least privilege, and a relationship with Global Administrator cannot auto-extend.`,
        });
    }
    return outcome(violations, unknowns);
}

/** Parse a configured ISO 8601 duration (a configuration error if it is not one). */
export function durationSetting(value: string, setting: string): number {
    const days = durationDays(value);
    if (days === undefined) {
        throw new Error(`${setting} must be an ISO 8601 duration such as P365D, got '${value}'`);
    }
    return days;
}

/**
 * Mandatory: a GDAP relationship's `duration` is at most `maxDuration` (default {@link DEFAULT_MAX_DURATION}).
 * An unset duration is the provider's default, P730D.
 */
export function checkMaxDuration(resource: ResourceRef, props: Props, config: { maxDuration?: string }): Outcome {
    const max = config.maxDuration ?? DEFAULT_MAX_DURATION;
    const maxDays = durationSetting(max, "gdap-max-duration.maxDuration");
    const raw = props["duration"];
    if (raw === UNKNOWN) {
        return outcome([], ["duration"]);
    }
    const duration = typeof raw === "string" ? raw : DEFAULT_MAX_DURATION;
    const days = durationDays(duration);
    // A duration that is no ISO 8601 duration fails the provider's own check; nothing to add here.
    if (days === undefined || days <= maxDays) {
        return NOTHING;
    }
    const unset = typeof raw === "string" ? "" : " (the default when duration is unset)";
    return outcome(
        [
            {
                message:
                    `${label(resource)} lasts ${duration}${unset}, ${days} days, longer than the ${max} (${maxDays} days) ` +
                    `this policy pack allows. Fix: set duration to ${max} or less, e.g. duration: "${max}".`,
            },
        ],
        [],
    );
}

/**
 * Mandatory: no auto-extend (`autoExtendDuration` other than `PT0S`/`P0D`) with a role Microsoft will not
 * auto-extend (default: Global Administrator; config `roles` replaces the list).
 */
export function checkNoPrivilegedAutoExtend(
    resource: ResourceRef,
    props: Props,
    config: { roles?: readonly string[] },
): Outcome {
    const ids = roleIdsOf(config.roles ?? DEFAULT_NO_AUTO_EXTEND_ROLES, "gdap-no-auto-extend-privileged.roles");
    const extend = props["autoExtendDuration"];
    if (extend === UNKNOWN) {
        // Whether it matters depends on the roles too; only report the unknown if a listed role is asked for or
        // the roles are unknown as well.
        const { hits, unknowns } = findRoles(props, ids);
        return hits.length > 0 || unknowns.length > 0 ? outcome([], ["autoExtendDuration", ...unknowns]) : NOTHING;
    }
    const days = typeof extend === "string" ? durationDays(extend) : 0;
    if (days === undefined || days === 0) {
        return NOTHING;
    }
    const { hits, unknowns } = findRoles(props, ids);
    if (hits.length === 0) {
        return outcome([], unknowns);
    }
    return outcome(
        [
            {
                message:
                    `${label(resource)} auto-extends (autoExtendDuration "${String(extend)}") with ${describeHits(hits)}, ` +
                    `a role Microsoft does not auto-extend. Fix: set autoExtendDuration: "PT0S" and renew the ` +
                    `relationship deliberately, or drop the role.`,
            },
        ],
        unknowns,
    );
}

/** Where a provider sends its calls, as far as the pack can tell. */
export interface ProviderTarget {
    /** `partnercenter:endpoint`: a cloud name or a URL (`undefined`: unset, i.e. `global`). */
    readonly endpoint: string | typeof UNKNOWN | undefined;
    /** `partnercenter:tenantId`: the partner tenant the provider signs in to. */
    readonly tenantId: string | typeof UNKNOWN | undefined;
}

const LOOPBACK_HOSTS = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** Normalise an endpoint setting for comparison: a cloud name lower-cased, a URL without a trailing slash. */
export function normaliseEndpoint(endpoint: string): string {
    const value = endpoint.trim();
    try {
        const url = new URL(value);
        return `${url.protocol}//${url.host}${url.pathname}`.replace(/\/+$/, "").toLowerCase();
    } catch {
        return value.toLowerCase();
    }
}

/** Whether an endpoint matches one `allowedDeleteEndpoints` entry (`loopback`, a cloud name or a URL). */
export function endpointAllowed(endpoint: string, entry: string): boolean {
    if (entry.trim().toLowerCase() === "loopback") {
        try {
            const url = new URL(endpoint.trim());
            return (url.protocol === "http:" || url.protocol === "https:") && LOOPBACK_HOSTS.test(url.hostname);
        } catch {
            return false;
        }
    }
    return normaliseEndpoint(endpoint) === normaliseEndpoint(entry);
}

/**
 * Mandatory: `onDelete: "delete"` (the customer's tenant is deleted on destroy or replacement; Partner Center
 * allows it in the integration sandbox only) only where the provider's endpoint is in `allowedDeleteEndpoints`
 * (default: loopback, the emulator) or its partner tenant is in `sandboxTenantIds` (an integration sandbox account
 * uses the production endpoint, so only its tenant tells it apart).
 */
export function checkDeleteOnlyInSandbox(
    resource: ResourceRef,
    props: Props,
    config: { allowedDeleteEndpoints?: readonly string[]; sandboxTenantIds?: readonly string[] },
    target: ProviderTarget,
): Outcome {
    const onDelete = props["onDelete"];
    if (onDelete === UNKNOWN) {
        return outcome([], ["onDelete"]);
    }
    if (onDelete !== "delete") {
        return NOTHING;
    }
    const allowed = config.allowedDeleteEndpoints ?? DEFAULT_ALLOWED_DELETE_ENDPOINTS;
    const sandboxTenants = (config.sandboxTenantIds ?? []).map((t) => t.trim().toLowerCase());
    const unknowns: string[] = [];
    if (target.tenantId === UNKNOWN) {
        unknowns.push("provider tenantId");
    } else if (target.tenantId !== undefined && sandboxTenants.includes(target.tenantId.trim().toLowerCase())) {
        return NOTHING;
    }
    if (target.endpoint === UNKNOWN) {
        return outcome([], [...unknowns, "provider endpoint"]);
    }
    const endpoint = target.endpoint ?? "global";
    if (allowed.some((entry) => endpointAllowed(endpoint, entry))) {
        return NOTHING;
    }
    if (unknowns.length > 0) {
        return outcome([], unknowns);
    }
    return outcome(
        [
            {
                message:
                    `${label(resource)} has onDelete: "delete" against partnercenter:endpoint ${endpoint}` +
                    `${typeof target.tenantId === "string" ? ` (partner tenant ${target.tenantId})` : ""}, which is not an integration ` +
                    `sandbox this policy pack knows. Fix: use onDelete: "retain" (or "removeRelationship"); if this ` +
                    `stack does sign in to an integration sandbox account, add its partner tenant id to ` +
                    `customer-delete-sandbox-only.sandboxTenantIds in the policy config.`,
            },
        ],
        [],
    );
}

/**
 * Configurable: the customer's `associatedPartnerId` (its indirect reseller) is one of `approvedResellers`.
 * `undefined` when no list is configured (the rule does not apply).
 */
export function checkApprovedReseller(
    resource: ResourceRef,
    props: Props,
    config: { approvedResellers?: readonly string[] },
): Outcome | undefined {
    if (config.approvedResellers === undefined) {
        return undefined;
    }
    const approved = config.approvedResellers.map((id) => id.trim().toLowerCase());
    const reseller = props["associatedPartnerId"];
    if (reseller === UNKNOWN) {
        return outcome([], ["associatedPartnerId"]);
    }
    if (typeof reseller !== "string" || approved.includes(reseller.trim().toLowerCase())) {
        return NOTHING;
    }
    return outcome(
        [
            {
                message:
                    `${label(resource)} is for reseller ${reseller} (associatedPartnerId), which is not an approved ` +
                    `reseller. Fix: use one of ${approved.length > 0 ? approved.join(", ") : "(none approved yet)"}, or ` +
                    `add the reseller to customer-approved-resellers.approvedResellers once it is approved.`,
            },
        ],
        [],
    );
}

/** The `<prefix>` of a `<prefix>.onmicrosoft.com` domain (the part before the first dot). */
export function domainPrefix(domain: string): string {
    return domain.trim().toLowerCase().split(".")[0] ?? "";
}

/**
 * Configurable: the customer's domain prefix (`<prefix>.onmicrosoft.com`) matches `pattern`, a regular
 * expression that must match the whole prefix. `undefined` when no pattern is configured.
 */
export function checkDomainPrefix(
    resource: ResourceRef,
    props: Props,
    config: { pattern?: string },
): Outcome | undefined {
    if (config.pattern === undefined) {
        return undefined;
    }
    let pattern: RegExp;
    try {
        pattern = new RegExp(`^(?:${config.pattern})$`);
    } catch (e) {
        throw new Error(`customer-domain-prefix.pattern is not a regular expression: ${(e as Error).message}`, {
            cause: e,
        });
    }
    const profile = props["companyProfile"];
    if (profile === UNKNOWN) {
        return outcome([], ["companyProfile"]);
    }
    const domain = typeof profile === "object" && profile !== null ? (profile as Props)["domain"] : undefined;
    if (domain === UNKNOWN) {
        return outcome([], ["companyProfile.domain"]);
    }
    if (typeof domain !== "string" || pattern.test(domainPrefix(domain))) {
        return NOTHING;
    }
    return outcome(
        [
            {
                message:
                    `${label(resource)} has domain ${domain}, whose prefix "${domainPrefix(domain)}" does not match ` +
                    `the naming pattern /${config.pattern}/. Fix: choose a companyProfile.domain whose prefix matches ` +
                    `it (a domain cannot be changed later without replacing the customer).`,
            },
        ],
        [],
    );
}

/**
 * Advisory: `enableGDAPByDefault` is set explicitly, so whether Microsoft's default GDAP roles are granted does
 * not depend on the service's date- and environment-dependent default.
 *
 * The engine gives policy packs the checked inputs; the provider's `check` keeps an unset flag unset (the create
 * sends `true` then), so this rule sees what the program said.
 */
export function checkGdapDefaultExplicit(resource: ResourceRef, props: Props): Outcome {
    const flag = props["enableGDAPByDefault"];
    if (flag === UNKNOWN) {
        return outcome([], ["enableGDAPByDefault"]);
    }
    if (typeof flag === "boolean") {
        return NOTHING;
    }
    return outcome(
        [
            {
                message:
                    `${label(resource)} leaves enableGDAPByDefault unset. Fix: set it explicitly: true grants ` +
                    `Microsoft's default GDAP roles in the new tenant, false grants no delegated admin access.`,
            },
        ],
        [],
    );
}

/** One resource of the stack as a stack rule sees it. */
export interface StackResource extends ResourceRef {
    readonly urn: string;
    /** Outputs (preview: the checked inputs, outputs not yet known being {@link UNKNOWN}). */
    readonly props: Props;
    /** URNs of the resources each property depends on (the program's `customer.customerId`, for example). */
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
}

/**
 * Advisory (stack): every `IndirectResellerCustomer` has a `CustomerAgreement` in the same stack, linked by the
 * agreement's `customerId` (its value, or its dependency on the customer when the id is not known yet).
 */
export function checkCustomersHaveAgreements(resources: readonly StackResource[]): Outcome {
    const customers = resources.filter((r) => r.typeName === "IndirectResellerCustomer");
    const agreements = resources.filter((r) => r.typeName === "CustomerAgreement");
    const violations: Violation[] = [];
    const unknowns: string[] = [];
    const customerUrns = new Set(customers.map((c) => c.urn));
    for (const customer of customers) {
        const customerId = customer.props["customerId"];
        let covered = false;
        let undecided = false;
        for (const agreement of agreements) {
            const agreementCustomerId = agreement.props["customerId"];
            const dependsOn = (agreement.propertyDependencies["customerId"] ?? []).filter((u) => customerUrns.has(u));
            if (dependsOn.length > 0) {
                // The program passed a customer's output: that agreement is for that customer, whatever the values.
                covered ||= dependsOn.includes(customer.urn);
            } else if (typeof agreementCustomerId === "string" && typeof customerId === "string") {
                covered ||= agreementCustomerId.toLowerCase() === customerId.toLowerCase();
            } else if (agreementCustomerId === UNKNOWN || customerId === UNKNOWN) {
                undecided = true;
            }
        }
        if (covered) {
            continue;
        }
        if (undecided) {
            unknowns.push(`${customer.name}: customerId`);
            continue;
        }
        violations.push({
            urn: customer.urn,
            message:
                `${label(customer)} has no CustomerAgreement in this stack: without an attested Microsoft Customer ` +
                `Agreement the customer cannot buy. Fix: declare a CustomerAgreement with customerId: ` +
                `<customer>.customerId (the signatory, country and language of the customer's own acceptance).`,
        });
    }
    return outcome(violations, unknowns);
}
