/**
 * `diff` for `ApplicationConsent` as a table. Partner Center documents create and delete only
 * (control-panel-vendor-apis: `POST .../applicationconsents`, `DELETE .../applicationconsents/{application_id}`):
 * there is no update, so every change is a replace, and Microsoft's own sample changes grants by deleting the
 * consent and creating it again. The consent is keyed by customer and application, so the old one must go first
 * (`deleteBeforeReplace`): created first, the new one would be refused ("Permission entry already exists.") or, once
 * created, removed by the old one's delete.
 */
import { policyDiff, type DiffRule, type PolicyDiff } from "../common/diff";
import { propsOf } from "../common/inputs";
import { checkConsentInputs, grantLines } from "./check";

/** Every input property and what a change means. */
export const CONSENT_RULES: readonly DiffRule[] = [
    { path: "customerId", policy: "replace", why: "a consent lives in one customer's tenant" },
    { path: "applicationId", policy: "replace", why: "the consent is keyed by the application id" },
    {
        path: "applicationGrants",
        policy: "replace",
        why: "Partner Center has no update for consents: the consent is deleted, then created with the new grants",
    },
    { path: "displayName", policy: "replace", why: "Partner Center has no update for consents" },
];

/** The diff along {@link CONSENT_RULES}, on checked (canonical) inputs: grant and scope order never count. */
export function diffConsent(olds: object, news: object): PolicyDiff {
    const before = checkConsentInputs(olds).inputs;
    const after = checkConsentInputs(news).inputs;
    return policyDiff(CONSENT_RULES, before, after, propsOf(olds));
}

type Grants = readonly { enterpriseApplicationId: string; scope: string }[];

const grantsOf = (props: Record<string, unknown>): Grants =>
    Array.isArray(props["applicationGrants"]) ? (props["applicationGrants"] as Grants) : [];

/**
 * The warning `diff` logs (in preview, before confirmation) when a change replaces the consent: the grants before
 * and after, and that the application has no consent in between.
 */
export function consentReplacementWarning(
    id: string,
    state: object,
    news: object,
    replaces: readonly string[],
): string | undefined {
    if (replaces.length === 0) {
        return undefined;
    }
    const before = grantLines(grantsOf(checkConsentInputs(state).inputs));
    const checked = checkConsentInputs(news).inputs;
    const after = Array.isArray(checked["applicationGrants"]) ? grantLines(grantsOf(checked)) : ["(known after apply)"];
    return (
        `application consent ${id} will be replaced (changing ${replaces.join(", ")}): Partner Center has no update, ` +
        `so it is deleted, then created again; the application has no consent in that tenant in between. ` +
        `Grants now: ${before.join("; ") || "none"}. Grants after: ${after.join("; ")}.`
    );
}
