/**
 * `diff` for `IndirectResellerCustomer`: which input changes replace the customer, which update it in place and
 * which only touch Pulumi state. The rules are a table ({@link PROPERTY_POLICIES}); {@link diffCustomer} is a pure
 * function over it.
 */
import { ENABLE_GDAP_BY_DEFAULT, type CustomerInputs, type CustomerOutputs, type OnDeletePolicy } from "./types";
import { diffByRules, type ChangePolicy, type DiffRule, type PropertyChange } from "../common/diff";
import { valueAt } from "../common/inputs";
import { checkInputs } from "./validate";

export type { ChangePolicy, PropertyChange } from "../common/diff";

/** The rule of one input property (a leaf path in the inputs); the shared vocabulary of `common/diff.ts`. */
export type PropertyPolicy = DiffRule & { readonly policy: ChangePolicy };

const BILLING_PUT = "billing profile PUT /v1/customers/{id}/profiles/billing";

/**
 * Every input leaf path and what a change to it means. `__provider` (the serialized provider code) is absent on
 * purpose: a provider upgrade alone is never a diff. Output-only keys (customerId, tenantId, userCredentials, ...)
 * are absent too: they are not inputs.
 */
export const PROPERTY_POLICIES: readonly PropertyPolicy[] = [
    { path: "associatedPartnerId", policy: "replace", why: "a customer can't be moved to another indirect reseller" },
    {
        path: "companyProfile.domain",
        policy: "replace",
        why: "a tenant's initial onmicrosoft.com domain never changes",
    },
    {
        path: "companyProfile.organizationRegistrationNumber",
        policy: "replace",
        why: "the company profile has no update API",
    },
    { path: "billingProfile.email", policy: "update", why: BILLING_PUT },
    { path: "billingProfile.culture", policy: "update", why: BILLING_PUT },
    { path: "billingProfile.language", policy: "update", why: BILLING_PUT },
    { path: "billingProfile.companyName", policy: "update", why: BILLING_PUT },
    { path: "billingProfile.defaultAddress.firstName", policy: "update", why: BILLING_PUT },
    { path: "billingProfile.defaultAddress.lastName", policy: "update", why: BILLING_PUT },
    { path: "billingProfile.defaultAddress.addressLine1", policy: "update", why: BILLING_PUT },
    { path: "billingProfile.defaultAddress.addressLine2", policy: "update", why: BILLING_PUT },
    { path: "billingProfile.defaultAddress.city", policy: "update", why: BILLING_PUT },
    { path: "billingProfile.defaultAddress.state", policy: "update", why: BILLING_PUT },
    { path: "billingProfile.defaultAddress.postalCode", policy: "update", why: BILLING_PUT },
    {
        path: "billingProfile.defaultAddress.country",
        policy: "replace",
        why: "the customer's country (currency, tax, data location) is fixed at creation",
    },
    { path: "billingProfile.defaultAddress.phoneNumber", policy: "update", why: BILLING_PUT },
    { path: "billingProfile.defaultAddress.region", policy: "update", why: BILLING_PUT },
    { path: "onDelete", policy: "stateOnly", why: "only read when the resource is deleted" },
    { path: "adoptExisting", policy: "stateOnly", why: "only read when the customer is created" },
    {
        path: "enableGDAPByDefault",
        policy: "stateOnly",
        absentMeans: ENABLE_GDAP_BY_DEFAULT,
        why: "only sent at creation; check refuses a change on an existing customer (no API changes it)",
    },
];

/**
 * The result of {@link diffCustomer}. `changes`, `replaces` and `deleteBeforeReplace` are what the dynamic
 * provider host passes to the engine (it ignores the rest, including `stables`).
 */
export interface CustomerDiff {
    /** Always a definite boolean: `undefined` would make the engine diff by itself, `__provider` included. */
    changes: boolean;
    /**
     * Top-level input keys whose change forces a replacement, e.g. `["companyProfile"]`. The engine treats each
     * entry as one top-level property key (it only marks top-level keys "forces replacement" in the preview), so
     * nested paths are reported here by their top-level key; {@link CustomerDiff.replacePaths} has the full paths.
     */
    replaces: string[];
    /** Full dotted paths that force the replacement, e.g. `["companyProfile.domain"]`. */
    replacePaths: string[];
    /** True only when the replacement must reuse the old customer's domain and the old one will be deleted. */
    deleteBeforeReplace: boolean;
    /** Output keys that keep their value (no replacement); informational, the Node host ignores it. */
    stables: string[];
    /** Every changed input path (in table order). */
    detailedDiff: Record<string, PropertyChange>;
}

/** Old outputs as stored in state; only the input-shaped keys are read. */
export type DiffOlds = Partial<CustomerOutputs> | Record<string, unknown>;
/** New inputs, normally already normalised by `check` (they are normalised again; it is idempotent). */
export type DiffNews = Partial<CustomerInputs> | Record<string, unknown>;

const STABLE_OUTPUTS = ["customerId", "tenantId", "commerceId"];

/**
 * Compares old outputs with new inputs (the engine gives `diff` old OUTPUTS, not old inputs) along
 * {@link PROPERTY_POLICIES}.
 *
 * Both sides go through the same normalisation as `check`, so casing/whitespace differences, `""` vs absent and
 * defaults (`onDelete`, `adoptExisting`) never show up as changes, and a value Partner Center echoed back in
 * another casing doesn't either. Only the paths in the table are compared: output-only keys, the billing profile
 * `id` and `__provider` are ignored. A new value equal to the unknown sentinel counts as a change.
 *
 * `deleteBeforeReplace` is true only when a replacement keeps the same domain (so old and new customer can't
 * coexist) and the OLD state's `onDelete` is `"delete"` (the delete step reads the old state), which frees the
 * domain (integration sandbox). In every other same-domain case the create will fail; see
 * {@link explainReplacement}.
 */
export function diffCustomer(olds: DiffOlds, news: DiffNews): CustomerDiff {
    const before = normaliseOlds(olds);
    const after = checkInputs(news).inputs;
    const { replaces, replacePaths, detailedDiff } = diffByRules(PROPERTY_POLICIES, before, after);
    const domainKept = replacePaths.length > 0 && !("companyProfile.domain" in detailedDiff);
    return {
        changes: Object.keys(detailedDiff).length > 0,
        replaces,
        replacePaths,
        deleteBeforeReplace: domainKept && onDeleteOf(before) === "delete",
        stables: replaces.length === 0 ? [...STABLE_OUTPUTS] : [],
        detailedDiff,
    };
}

/** What deleting the old customer does, per `onDelete` (the delete step reads the OLD state's policy). */
const ON_DELETE_EFFECT: Record<OnDeletePolicy, string> = {
    retain: "kept in Partner Center (onDelete: retain): its tenant, reseller relationship and subscriptions stay, it only leaves this stack",
    delete: "deleted (onDelete: delete; integration sandbox only): its tenant is removed from Partner Center",
    removeRelationship:
        "kept, with the reseller relationship removed (onDelete: removeRelationship): the tenant stays in Partner Center (in the integration sandbox Partner Center deletes it)",
};

/**
 * Human notes on what a replacement computed by {@link diffCustomer} means and, when it can't succeed as planned,
 * what to do. Empty when nothing is replaced. Meant for log messages and error text.
 */
export function explainReplacement(olds: DiffOlds, news: DiffNews): string[] {
    const result = diffCustomer(olds, news);
    if (result.replacePaths.length === 0) {
        return [];
    }
    const before = normaliseOlds(olds);
    const after = checkInputs(news).inputs;
    const onDelete = onDeleteOf(before);
    const domain = String(valueAt(before, "companyProfile.domain") ?? "");
    const notes = result.replacePaths.map((path) => {
        const policy = PROPERTY_POLICIES.find((p) => p.path === path);
        const change = result.detailedDiff[path]?.unknown
            ? "is not known yet and may change"
            : `changes from ${show(valueAt(before, path))} to ${show(valueAt(after, path))}`;
        return `${path} ${change}: this creates a NEW Partner Center customer tenant (${policy?.why ?? "replace-only"}); the old customer is ${ON_DELETE_EFFECT[onDelete]}.`;
    });
    if (result.replacePaths.includes("companyProfile.domain")) {
        notes.push(
            onDelete === "delete"
                ? `The new customer is created first; deleting the old one afterwards frees ${domain}.`
                : `The old tenant keeps ${domain}: a domain can't be reused until its tenant is deleted, so changing back later needs onDelete: "delete" (sandbox) or another domain.`,
        );
    } else if (result.deleteBeforeReplace) {
        notes.push(
            `The replacement reuses ${domain}, so the old customer is deleted first (deleteBeforeReplace) to free the domain.`,
        );
    } else {
        notes.push(
            `The replacement reuses ${domain}, which the old tenant keeps (${ON_DELETE_EFFECT[onDelete]}), so creating it will fail. ` +
                `Choose a new companyProfile.domain, or (integration sandbox only) apply onDelete: "delete" on its own first and then make this change.`,
        );
        if (valueAt(after, "onDelete") === "delete") {
            notes.push(`onDelete: "delete" set in this same update does not apply yet: deletion reads the old state.`);
        }
    }
    return notes;
}

/**
 * The warning `diff` logs when a change replaces the customer, naming the customer (id and domain) and what happens
 * to its tenant: `diff` runs in preview, so this comes before anything is confirmed. Undefined when nothing is
 * replaced.
 */
export function replacementWarning(id: string, olds: DiffOlds, news: DiffNews): string | undefined {
    const notes = explainReplacement(olds, news);
    if (notes.length === 0) {
        return undefined;
    }
    const result = diffCustomer(olds, news);
    const certain = result.replacePaths.some((path) => result.detailedDiff[path]?.unknown === false);
    const domain = String(valueAt(normaliseOlds(olds), "companyProfile.domain") ?? "?");
    return `customer ${id} (${domain}) ${certain ? "will be replaced" : "may be replaced"}: ${notes.join(" ")}`;
}

/** The input-shaped part of old outputs, normalised like `check` output. */
function normaliseOlds(olds: DiffOlds): Record<string, unknown> {
    const o = (olds ?? {}) as Record<string, unknown>;
    // Older state may lack `companyProfile`; the flat output keys carry the same values.
    const companyProfile = o["companyProfile"] ?? {
        domain: o["domain"],
        organizationRegistrationNumber: o["organizationRegistrationNumber"],
    };
    const picked = {
        ...pick(o, ["associatedPartnerId", "billingProfile", "onDelete", "adoptExisting", "enableGDAPByDefault"]),
        companyProfile,
    };
    return checkInputs(picked).inputs;
}

function pick(o: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
    return Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
}

function onDeleteOf(inputs: Record<string, unknown>): OnDeletePolicy {
    const v = inputs["onDelete"];
    return v === "delete" || v === "removeRelationship" ? v : "retain";
}

function show(v: unknown): string {
    return v === undefined ? "(none)" : JSON.stringify(v);
}
