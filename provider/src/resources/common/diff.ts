/**
 * The one diff vocabulary of every resource (Terraform's plan modifiers, as data): each input property has one
 * {@link DiffRule} saying what a change to it means, and {@link diffByRules} compares old state with new inputs
 * along the table. A resource's table lists every input property (the conformance suite checks that), each with a
 * named test case.
 */
import { isUnknown, valueAt, type Props } from "./inputs";

/**
 * What a change to a property means:
 * - `replace`: no API changes it in place, so a change needs a new resource (the engine plans a replacement);
 * - `update`: changed in place with an API call;
 * - `stateOnly`: a provider setting, recorded by the update step without any API call.
 */
export type ChangePolicy = "replace" | "update" | "stateOnly";

/**
 * The rule of one input property (a leaf path in the inputs, or a whole list). `policy` may depend on the old
 * state (e.g. a GDAP relationship can be PATCHed only while `created`).
 */
export interface DiffRule {
    readonly path: string;
    readonly policy: ChangePolicy | ((olds: Props) => ChangePolicy);
    /** Why, in words: the API or rule that decides it (shown in docs and messages). */
    readonly why: string;
    /**
     * What an absent value stands for, when `check` keeps the property unset (so previews and policy packs show
     * that the program did not choose) and the lifecycle applies a default: unset and that value never differ.
     */
    readonly absentMeans?: unknown;
}

/** How one input path changed. `unknown`: the new value is not known yet (preview), so it may change. */
export interface PropertyChange {
    readonly kind: "add" | "delete" | "update";
    readonly policy: ChangePolicy;
    readonly unknown: boolean;
}

/** The result of {@link diffByRules}. */
export interface RuleDiff {
    /** Always a definite boolean: `undefined` would make the engine diff by itself, `__provider` included. */
    changes: boolean;
    /**
     * Top-level input keys whose change forces a replacement. The engine treats each entry as one top-level
     * property key (it only marks top-level keys "forces replacement" in the preview), so nested paths are
     * reported here by their top-level key; {@link RuleDiff.replacePaths} has the full paths.
     */
    replaces: string[];
    /** Full dotted paths that force the replacement, e.g. `["companyProfile.domain"]`. */
    replacePaths: string[];
    /** Every changed input path (in table order). */
    detailedDiff: Record<string, PropertyChange>;
}

/** The policy a rule gives in the state `olds`. */
export function policyOf(rule: DiffRule, olds: Props): ChangePolicy {
    return typeof rule.policy === "function" ? rule.policy(olds) : rule.policy;
}

/**
 * Compares normalised old inputs (`before`, from state: the engine gives `diff` old OUTPUTS) with normalised new
 * inputs (`after`) along `rules`. Values are compared as JSON, so lists compare by content. A new value that is
 * unknown, or sits under an unknown object, counts as a change. `olds` (the raw old state) feeds state-dependent
 * policies.
 */
export function diffByRules(rules: readonly DiffRule[], before: Props, after: Props, olds: Props = before): RuleDiff {
    const detailedDiff: Record<string, PropertyChange> = {};
    for (const rule of rules) {
        const [o, n] = [valueAt(before, rule.path), valueAt(after, rule.path)].map((v) => v ?? rule.absentMeans);
        const unknown = isUnknown(n);
        if (unknown || isUnknown(o) || JSON.stringify(o ?? null) !== JSON.stringify(n ?? null)) {
            const kind = o === undefined ? "add" : n === undefined ? "delete" : "update";
            detailedDiff[rule.path] = { kind, policy: policyOf(rule, olds), unknown };
        }
    }
    const replacePaths = Object.keys(detailedDiff).filter((p) => detailedDiff[p]?.policy === "replace");
    return {
        changes: Object.keys(detailedDiff).length > 0,
        replaces: [...new Set(replacePaths.map((p) => p.split(".")[0] ?? p))],
        replacePaths,
        detailedDiff,
    };
}

/** A policy that depends on a status in state: `update` while the status is one of `statuses`, else `replace`. */
export function updatableWhile(
    statuses: readonly string[],
    statusKey = "status",
    assumed = "created",
): (olds: Props) => ChangePolicy {
    return (olds) => {
        const status = typeof olds[statusKey] === "string" ? (olds[statusKey] as string) : assumed;
        return statuses.includes(status) ? "update" : "replace";
    };
}

/** A diff as a dynamic provider's `diff` reports it: the policy per changed path, and the paths that replace. */
export interface PolicyDiff {
    changes: boolean;
    replaces: string[];
    detailed: Record<string, ChangePolicy>;
}

/** {@link diffByRules}, reduced to the policy of each changed path and the paths whose change replaces. */
export function policyDiff(rules: readonly DiffRule[], before: Props, after: Props, olds: Props = before): PolicyDiff {
    const result = diffByRules(rules, before, after, olds);
    const detailed = Object.fromEntries(
        Object.entries(result.detailedDiff).map(([path, change]) => [path, change.policy]),
    );
    return {
        changes: result.changes,
        replaces: Object.keys(detailed).filter((p) => detailed[p] === "replace"),
        detailed,
    };
}
