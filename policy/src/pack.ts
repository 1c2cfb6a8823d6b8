/**
 * The policies of the pack: the pure rules of `rules.ts` wired into `@pulumi/policy`. `index.ts` makes them a
 * `PolicyPack`; tests call these policies' validate functions with the same arguments the SDK passes.
 *
 * Unknown values (preview): the SDK hands validations a proxy that throws `UnknownValueError` on reading an
 * unknown property, which ends the policy for that resource with an advisory "can't run ... during preview"
 * note. We read all properties first ({@link reveal}), let the rule judge every known value, report its
 * violations at the policy's level, and only then, if the rule needed an unknown value and found no violation,
 * rethrow the SDK's error with our message: an advisory note in the preview saying what could not be checked.
 * During `pulumi up` the engine analyses each resource again, with the values known, before the resource is
 * created or updated, so a mandatory rule still blocks there.
 */
import * as pulumi from "@pulumi/pulumi";
import {
    UnknownValueError,
    type EnforcementLevel,
    type PolicyResource,
    type ReportViolation,
    type ResourceValidationArgs,
    type ResourceValidationPolicy,
    type StackValidationPolicy,
} from "@pulumi/policy";

import { matchType } from "./match";
import {
    checkApprovedReseller,
    checkCustomersHaveAgreements,
    checkDeleteOnlyInSandbox,
    checkDomainPrefix,
    checkGdapDefaultExplicit,
    checkMaxDuration,
    checkNoGlobalAdministrator,
    checkNoPrivilegedAutoExtend,
    DEFAULT_ALLOWED_DELETE_ENDPOINTS,
    DEFAULT_MAX_DURATION,
    DEFAULT_NO_AUTO_EXTEND_ROLES,
    UNKNOWN,
    type Outcome,
    type ProviderTarget,
    type Props,
    type ResourceRef,
    type StackResource,
} from "./rules";

/** The pack's name, as violations name it (`partnercenter-guardrails@v<version>`). */
export const PACK_NAME = "partnercenter-guardrails";

/**
 * The SDK's `UnknownValueError`, as the `Error` it is: the SDK's type declarations drop the class (its `proxy.d.ts`
 * exports nothing), so the import types as `any`; the value is the real class.
 */
export type UnknownError = Error;

/** A copy of SDK-proxied properties with unknown values replaced by {@link UNKNOWN}, and the SDK's errors by path. */
export interface Revealed {
    readonly value: Props;
    readonly unknownErrors: ReadonlyMap<string, UnknownError>;
}

/**
 * Read every property of the SDK's unknown-checking proxy, so a rule can look at all known values (the proxy
 * throws on the first unknown one it is asked for).
 */
export function reveal(props: Record<string, unknown>): Revealed {
    const errors = new Map<string, UnknownError>();
    const walk = (value: unknown, path: string): unknown => {
        if (typeof value !== "object" || value === null) {
            return value;
        }
        const read = (key: string, childPath: string): unknown => {
            try {
                return walk((value as Record<string, unknown>)[key], childPath);
            } catch (e) {
                if (e instanceof UnknownValueError) {
                    errors.set(childPath, e as UnknownError);
                    return UNKNOWN;
                }
                throw e;
            }
        };
        if (Array.isArray(value)) {
            return Array.from({ length: value.length }, (_, i) => read(String(i), `${path}[${i}]`));
        }
        return Object.fromEntries(Object.keys(value).map((k) => [k, read(k, path ? `${path}.${k}` : k)]));
    };
    return { value: walk(props, "") as Props, unknownErrors: errors };
}

/**
 * Report an outcome: each violation at the policy's level; if there is none and the rule needed unknown values,
 * the SDK's own unknown-value error, reworded, which it reports as an advisory note.
 */
export function report(
    outcome: Outcome,
    reportViolation: ReportViolation,
    unknownErrors: ReadonlyMap<string, UnknownError>,
    resource: string,
): void {
    for (const v of outcome.violations) {
        reportViolation(v.message, v.urn);
    }
    if (outcome.violations.length > 0 || outcome.unknowns.length === 0) {
        return;
    }
    const error = outcome.unknowns.map((p) => unknownErrors.get(p)).find((e) => e) ?? [...unknownErrors.values()][0];
    const message =
        `${resource}: ${outcome.unknowns.join(", ")} ${outcome.unknowns.length === 1 ? "is" : "are"} not known yet ` +
        "(from other resources' outputs); `pulumi up` checks this rule with the values before it changes the resource";
    if (error) {
        error.message = message;
        throw error;
    }
    // Only reachable when a caller passes values marked UNKNOWN itself (tests); say it the same way.
    throw Object.assign(Object.create(UnknownValueError.prototype) as UnknownError, { message });
}

/** Stack config (`partnercenter:<key>`, which the language host passes to the pack) or the provider's env fallback. */
export type SettingLookup = (key: "endpoint" | "tenantId") => string | undefined;

const ENV_FALLBACKS = { endpoint: "PARTNERCENTER_ENDPOINT", tenantId: "PARTNERCENTER_TENANT_ID" } as const;

/** The provider settings the pack reads: stack config first, then the environment, as the provider does. */
export const stackSettings: SettingLookup = (key) =>
    new pulumi.Config("partnercenter").get(key) ?? process.env[ENV_FALLBACKS[key]] ?? undefined;

/**
 * Where the resource's provider sends calls. The plugin's provider resource carries its settings as inputs (the
 * default provider's are the stack's `partnercenter:*` config); the dynamic provider reads stack config at run
 * time, which the pack reads the same way.
 */
export function providerTarget(
    args: Pick<ResourceValidationArgs, "provider">,
    settings: SettingLookup,
): {
    target: ProviderTarget;
    unknownErrors: ReadonlyMap<string, UnknownError>;
} {
    const provider = args.provider;
    if (provider?.type === "pulumi:providers:partnercenter") {
        const { value, unknownErrors } = reveal(provider.props);
        const pick = (key: "endpoint" | "tenantId") => {
            const v = value[key];
            return v === UNKNOWN ? UNKNOWN : typeof v === "string" ? v : settings(key);
        };
        const errors = new Map<string, UnknownError>();
        for (const [path, e] of unknownErrors) {
            errors.set(`provider ${path}`, e);
        }
        return { target: { endpoint: pick("endpoint"), tenantId: pick("tenantId") }, unknownErrors: errors };
    }
    return { target: { endpoint: settings("endpoint"), tenantId: settings("tenantId") }, unknownErrors: new Map() };
}

/** A resource rule: which type names it looks at and how it judges one resource. */
interface ResourceRule<C> {
    readonly name: string;
    readonly description: string;
    readonly enforcementLevel: EnforcementLevel;
    readonly configSchema?: ResourceValidationPolicy["configSchema"];
    readonly typeNames: readonly string[];
    /** `undefined`: the rule does not apply (not configured). */
    readonly check: (
        resource: ResourceRef,
        props: Props,
        config: C,
        args: ResourceValidationArgs,
    ) => { outcome: Outcome; unknownErrors?: ReadonlyMap<string, UnknownError> } | undefined;
}

function resourcePolicy<C extends object>(rule: ResourceRule<C>): ResourceValidationPolicy {
    return {
        name: rule.name,
        description: rule.description,
        enforcementLevel: rule.enforcementLevel,
        ...(rule.configSchema ? { configSchema: rule.configSchema } : {}),
        validateResource: (args, reportViolation) => {
            const matched = matchType(args.type);
            if (!matched || !rule.typeNames.includes(matched.typeName)) {
                return;
            }
            const resource = { typeName: matched.typeName, name: args.name };
            const { value, unknownErrors } = reveal(args.props);
            const result = rule.check(resource, value, args.getConfig<C>(), args);
            if (result === undefined) {
                return args.notApplicable("not configured in the policy pack config");
            }
            const errors = new Map([...unknownErrors, ...(result.unknownErrors ?? [])]);
            report(result.outcome, reportViolation, errors, `${resource.typeName} "${resource.name}"`);
        },
    };
}

const GDAP_TYPES = ["GdapRelationship", "GdapAccessAssignment"];
const RELATIONSHIP = ["GdapRelationship"];
const CUSTOMER = ["IndirectResellerCustomer"];
const stringList = { type: "array", items: { type: "string" } } as const;

/**
 * Build the pack's policies. `settings` reads the provider settings the dynamic provider takes from stack config
 * (tests pass their own).
 */
export function buildPolicies(
    settings: SettingLookup = stackSettings,
): (ResourceValidationPolicy | StackValidationPolicy)[] {
    return [
        resourcePolicy<object>({
            name: "gdap-no-global-administrator",
            description: "GDAP relationships and access assignments must not ask for Global Administrator.",
            enforcementLevel: "mandatory",
            typeNames: GDAP_TYPES,
            check: (r, props) => ({ outcome: checkNoGlobalAdministrator(r, props) }),
        }),
        resourcePolicy<{ maxDuration?: string }>({
            name: "gdap-max-duration",
            description: `A GDAP relationship lasts at most maxDuration (default ${DEFAULT_MAX_DURATION}).`,
            enforcementLevel: "mandatory",
            configSchema: {
                properties: { maxDuration: { type: "string", default: DEFAULT_MAX_DURATION, pattern: "^P" } },
            },
            typeNames: RELATIONSHIP,
            check: (r, props, config) => ({ outcome: checkMaxDuration(r, props, config) }),
        }),
        resourcePolicy<{ roles?: string[] }>({
            name: "gdap-no-auto-extend-privileged",
            description: `No GDAP auto-extend with roles Microsoft does not auto-extend (default: ${DEFAULT_NO_AUTO_EXTEND_ROLES.join(", ")}).`,
            enforcementLevel: "mandatory",
            configSchema: { properties: { roles: { ...stringList, default: [...DEFAULT_NO_AUTO_EXTEND_ROLES] } } },
            typeNames: RELATIONSHIP,
            check: (r, props, config) => ({ outcome: checkNoPrivilegedAutoExtend(r, props, config) }),
        }),
        resourcePolicy<{ allowedDeleteEndpoints?: string[]; sandboxTenantIds?: string[] }>({
            name: "customer-delete-sandbox-only",
            description:
                'onDelete: "delete" only against the integration sandbox: an endpoint in allowedDeleteEndpoints ' +
                "(default: loopback, the emulator) or a partner tenant in sandboxTenantIds.",
            enforcementLevel: "mandatory",
            configSchema: {
                properties: {
                    allowedDeleteEndpoints: { ...stringList, default: [...DEFAULT_ALLOWED_DELETE_ENDPOINTS] },
                    sandboxTenantIds: { ...stringList, default: [] },
                },
            },
            typeNames: CUSTOMER,
            check: (r, props, config, args) => {
                const { target, unknownErrors } = providerTarget(args, settings);
                return { outcome: checkDeleteOnlyInSandbox(r, props, config, target), unknownErrors };
            },
        }),
        resourcePolicy<{ approvedResellers?: string[] }>({
            name: "customer-approved-resellers",
            description: "Customers only for approved indirect resellers (associatedPartnerId in approvedResellers).",
            enforcementLevel: "mandatory",
            configSchema: { properties: { approvedResellers: stringList } },
            typeNames: CUSTOMER,
            check: (r, props, config) => {
                const outcome = checkApprovedReseller(r, props, config);
                return outcome && { outcome };
            },
        }),
        resourcePolicy<{ pattern?: string }>({
            name: "customer-domain-prefix",
            description: "A customer's domain prefix (<prefix>.onmicrosoft.com) matches the naming pattern.",
            enforcementLevel: "mandatory",
            configSchema: { properties: { pattern: { type: "string" } } },
            typeNames: CUSTOMER,
            check: (r, props, config) => {
                const outcome = checkDomainPrefix(r, props, config);
                return outcome && { outcome };
            },
        }),
        resourcePolicy<object>({
            name: "customer-gdap-default-explicit",
            description: "A customer sets enableGDAPByDefault explicitly.",
            enforcementLevel: "advisory",
            typeNames: CUSTOMER,
            check: (r, props) => ({ outcome: checkGdapDefaultExplicit(r, props) }),
        }),
        {
            name: "customer-has-agreement",
            description: "Every customer has a CustomerAgreement in the same stack.",
            enforcementLevel: "advisory",
            validateStack: (args, reportViolation) => {
                const resources: StackResource[] = [];
                const errors = new Map<string, UnknownError>();
                for (const r of args.resources) {
                    const matched = matchType(r.type);
                    if (matched) {
                        const { value, unknownErrors } = reveal(r.props);
                        for (const [path, e] of unknownErrors) {
                            errors.set(`${r.name}: ${path}`, e);
                        }
                        resources.push({
                            typeName: matched.typeName,
                            name: r.name,
                            urn: r.urn,
                            props: value,
                            propertyDependencies: urnsByProperty(r),
                        });
                    }
                }
                report(checkCustomersHaveAgreements(resources), reportViolation, errors, "the stack");
            },
        },
    ];
}

function urnsByProperty(r: PolicyResource): Record<string, string[]> {
    return Object.fromEntries(
        Object.entries(r.propertyDependencies ?? {}).map(([k, deps]) => [k, deps.map((d) => d.urn)]),
    );
}
