/**
 * `diff` for `CustomerAgreement`: which input changes replace the agreement, which update it and which only touch
 * state, as a table ({@link AGREEMENT_POLICIES}) with a pure function over it ({@link diffAgreement}).
 *
 * Besides input changes there is one service-driven change, {@link COMPLETION}: the customer accepted the MCA
 * outside Pulumi, so the next `pulumi up` shows an update that creates the agreement (exactly once; afterwards the
 * state says `Agreed` and nothing is pending).
 */
import type { AgreementStatus } from "./types";
import { diffByRules, type ChangePolicy, type DiffRule, type PropertyChange } from "../common/diff";
import { propsOf } from "../common/inputs";
import { checkAgreementInputs } from "./validate";

/**
 * Policies in the shared vocabulary (`common/diff.ts`). For an agreement, `replace` means a different attestation
 * is needed (another customer, signatory or MCA variant); the old agreement cannot be revoked, so it leaves state
 * only. `update` (an API call) is only {@link COMPLETION}; `stateOnly` is recorded without an API call.
 */
export type { ChangePolicy, PropertyChange } from "../common/diff";

export type PropertyPolicy = DiffRule & { readonly policy: ChangePolicy };

const NEW_ATTESTATION = "the attestation object carries it; a change needs a new attestation the customer accepts";
const SAME_PERSON =
    "Partner Center keys an agreement by first name, last name, email and phone: another value is another agreement";

/** Every input leaf path and what a change to it means. `__provider` is absent on purpose. */
export const AGREEMENT_POLICIES: readonly PropertyPolicy[] = [
    { path: "customerId", policy: "replace", why: "an agreement belongs to one customer" },
    { path: "companyName", policy: "replace", why: NEW_ATTESTATION },
    { path: "country", policy: "replace", why: "the MCA shown is specific to the customer's geography" },
    { path: "language", policy: "replace", why: "the MCA is shown in this language" },
    { path: "signatory.firstName", policy: "replace", why: SAME_PERSON },
    { path: "signatory.lastName", policy: "replace", why: SAME_PERSON },
    { path: "signatory.email", policy: "replace", why: SAME_PERSON },
    { path: "signatory.phoneNumber", policy: "replace", why: SAME_PERSON },
    { path: "acceptancePage", policy: "stateOnly", why: "only used to compute acceptanceUrl" },
];

/** The service-driven update: the customer accepted, so `update` creates the agreement. */
export const COMPLETION: PropertyPolicy = {
    path: "status",
    policy: "update",
    why: "the customer accepted the MCA: create the agreement (POST /v1/customers/{id}/agreements)",
};

export interface AgreementDiff {
    /** Definite boolean: `undefined` would make the engine diff by itself, `__provider` included. */
    changes: boolean;
    /** Top-level input keys forcing a replacement (the engine only marks top-level keys). */
    replaces: string[];
    /** Full dotted paths forcing the replacement. */
    replacePaths: string[];
    /** Never: the old agreement is removed from state only, so old and new can coexist. */
    deleteBeforeReplace: false;
    /** Every changed path (inputs in table order, then `status` when completing). */
    detailedDiff: Record<string, PropertyChange>;
    /** True when the update completes a pending agreement (the customer accepted). */
    completes: boolean;
}

/**
 * Compare old state (outputs) with new inputs along {@link AGREEMENT_POLICIES}; both sides are normalised like
 * `check`, so casing and whitespace never show as changes. `accepted` says whether the customer has accepted the
 * attestation by now (the caller asks the service only while the state is pending): with no replacement, a
 * pending or accepted state plus `accepted` is a {@link COMPLETION} update.
 */
export function diffAgreement(state: object, news: object, accepted = false): AgreementDiff {
    const before = checkAgreementInputs(pickInputs(state)).inputs;
    const after = checkAgreementInputs(news).inputs;
    const { replaces, replacePaths, detailedDiff } = diffByRules(AGREEMENT_POLICIES, before, after);
    const completes = replacePaths.length === 0 && needsCompletion(statusOf(state), accepted);
    if (completes) {
        detailedDiff[COMPLETION.path] = { kind: "update", policy: "update", unknown: false };
    }
    return {
        changes: Object.keys(detailedDiff).length > 0,
        replaces,
        replacePaths,
        deleteBeforeReplace: false,
        detailedDiff,
        completes,
    };
}

/** Whether a state in `status` is completed by an update, given whether the customer accepted. */
export function needsCompletion(status: AgreementStatus | undefined, accepted: boolean): boolean {
    return status === "Accepted" || (status === "PendingAcceptance" && accepted);
}

/** Whether the service must be asked for acceptance to decide the diff (pending and nothing else replaces). */
export function isPending(olds: object): boolean {
    return statusOf(olds) === "PendingAcceptance";
}

function statusOf(olds: object): AgreementStatus | undefined {
    const s = propsOf(olds)["status"];
    return s === "PendingAcceptance" || s === "Accepted" || s === "Agreed" ? s : undefined;
}

const INPUT_KEYS = ["customerId", "companyName", "country", "language", "signatory", "acceptancePage"];

function pickInputs(state: object): Record<string, unknown> {
    const olds = propsOf(state);
    return Object.fromEntries(INPUT_KEYS.filter((k) => olds[k] !== undefined).map((k) => [k, olds[k]]));
}

/**
 * The warning `diff` logs (in preview, before confirmation) when a change replaces the agreement: delete cannot
 * revoke anything, so the old agreement or attestation stays in Partner Center.
 */
export function agreementReplacementWarning(state: object, result: AgreementDiff): string | undefined {
    const olds = propsOf(state);
    if (result.replacePaths.length === 0) {
        return undefined;
    }
    const customer = String(olds["customerId"] ?? "?");
    const changed = result.replacePaths
        .map((path) => (result.detailedDiff[path]?.unknown ? `${path} (not known yet)` : path))
        .join(", ");
    const old =
        statusOf(olds) === "Agreed"
            ? "the old MCA agreement stays in Partner Center (an agreement cannot be revoked)"
            : `the old attestation ${String(olds["attestationId"] ?? "")} stays in Partner Center (the customer can still accept it)`;
    return (
        `CustomerAgreement of customer ${customer} ${result.replacePaths.some((p) => !result.detailedDiff[p]?.unknown) ? "will" : "may"} be replaced: ` +
        `changing ${changed} needs a new attestation, which the signatory must accept (unless Partner Center already ` +
        `has an agreement for that contact, which is then adopted); ${old}; the resource only leaves this stack.`
    );
}
