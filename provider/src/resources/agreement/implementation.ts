/**
 * The implementation of the `CustomerAgreement` dynamic provider (loaded by package name from `stub.ts`, never
 * serialized). Lifecycle, honest about the human step:
 *
 * 1. `check` validates offline and warns in preview that the customer must accept the MCA after creation.
 * 2. `create` first looks for an agreement the customer already has for this contact (App+User list) and adopts it
 *    (status `Agreed`, `adopted: true`, nothing created); otherwise it creates the enhanced attestation (App-only)
 *    and returns at once: status `PendingAcceptance`, the acceptance URL and a pending-action text. It never waits.
 *    A 600061 answer (an agreement for this contact already exists) is adopted the same way.
 * 3. The customer accepts outside Pulumi (Microsoft's embeddable component; the emulator's accept endpoint).
 * 4. `diff` of a pending state asks the service (App-only GET) whether the customer accepted; if so it reports an
 *    update, and `update` creates the agreement (App-only POST with the attestation id) exactly once. `refresh`
 *    (`read`) only reflects: pending -> `Accepted` (or `Agreed` if the agreement exists), agreed -> the agreement as
 *    listed (App+User).
 * 5. `delete` cannot revoke an agreement: it removes the resource from state only, with a warning.
 */
import type * as pulumi from "@pulumi/pulumi";

import { AGREEMENT_ALREADY_EXISTS_CODE, AttestationStatus, sameContact } from "../../api/agreements";
import type { Agreement } from "../../api/agreements";
import { Clouds } from "../../api/clouds";
import { isPartnerCenterError } from "../../client/errors";
import { log } from "../../runtime/log";
import { knownCustomer, partnerCenter, partnerCenterAppOnly, settings } from "../../runtime/runtime";
import { missingAppOnlyCredentialsMessage } from "../../runtime/settings";
import { configurationCulprit } from "../../runtime/configuration-errors";
import { hasUnknown, isUnknown } from "../common/inputs";
import { agreementReplacementWarning, diffAgreement, isPending } from "./diff";
import { agreedOutputs, agreementRequest, attestationRequest, contactOf, inputsOf, pendingOutputs } from "./outputs";
import type { AgreementInputs, AgreementOutputs } from "./types";
import { checkAgreementInputs, publicCloudFailure } from "./validate";
import { dynamicProvider } from "../common/dynamic";

export { configure, resetRuntime } from "../../runtime/runtime";
export { setLogSink } from "../../runtime/log";
export type { LogLevel } from "../../runtime/log";

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** 600061 `PartnerConfirmedAgreementAlreadyExists`. */
export function isAgreementAlreadyExists(e: unknown): boolean {
    return isPartnerCenterError(e) && e.code === AGREEMENT_ALREADY_EXISTS_CODE;
}

const describe = (i: Partial<AgreementInputs>) =>
    `${i.signatory?.firstName ?? "?"} ${i.signatory?.lastName ?? "?"} <${i.signatory?.email ?? "?"}> of ${i.companyName ?? "?"}`;

/** The resource id: the customer and the signatory, which together identify an agreement. */
export function agreementId(inputs: AgreementInputs): string {
    return `${inputs.customerId}/${inputs.signatory.email}`;
}

// ---------------------------------------------------------------------------------------------------------------

/**
 * Validate inputs offline; fail on settings that cannot work (a national cloud, no App-only credentials) before
 * anything is created; warn in preview about the human step a new agreement needs.
 */
export async function check(
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
): Promise<pulumi.dynamic.CheckResult> {
    const { inputs, failures } = checkAgreementInputs(news);
    // Settings problems are not about an input: reported without a property (the engine renders them per resource).
    try {
        const current = settings();
        const cloud = publicCloudFailure(current.endpoints, Clouds);
        if (cloud) {
            failures.push({ property: "", reason: cloud.reason });
        }
        if (!current.appOnlyCredentials) {
            failures.push({ property: "", reason: missingAppOnlyCredentialsMessage });
        }
    } catch (e) {
        failures.push({ property: "", reason: configurationCulprit(e) ?? errorText(e) });
    }
    if (failures.length > 0) {
        return { inputs, failures };
    }
    const desired = inputs as unknown as AgreementInputs;
    const customer = isUnknown(desired.customerId) ? "the new customer" : `customer ${desired.customerId}`;
    if (!isUnknown(desired.customerId) && olds["customerId"] !== desired.customerId) {
        // The attestation names a customer: one read says it exists (and that the credentials work) in preview,
        // instead of a 404 (60003) or a token error in `up`.
        const failure = await customerFailure(desired.customerId);
        if (failure) {
            return { inputs, failures: [failure] };
        }
    }
    if (olds["customerId"] === undefined) {
        log.warn(
            `CustomerAgreement for ${customer}: creating it makes an MCA attestation, not the agreement. ` +
                `${hasUnknown(desired.signatory) ? "The signatory" : describe(desired)} must then accept the Microsoft ` +
                "Customer Agreement (the link is in the acceptanceUrl and pendingAction outputs); run `pulumi up` " +
                "again afterwards to create the agreement. An agreement cannot be revoked: deleting this resource " +
                "later only removes it from state.",
        );
    } else {
        const replaced = diffAgreement(olds, inputs).replacePaths;
        if (replaced.length > 0) {
            log.warn(
                `CustomerAgreement for ${customer}: ${replaced.join(", ")} changed, which needs a new attestation. ` +
                    `The agreement for ${describe(olds as Partial<AgreementInputs>)} stays in Partner Center (it cannot ` +
                    "be revoked); the new signatory must accept again unless Partner Center already has an agreement for them.",
            );
        }
    }
    return { inputs, failures };
}

/** Why an agreement cannot be made for `customerId`, as a check failure, or undefined when the customer exists. */
async function customerFailure(customerId: string): Promise<pulumi.dynamic.CheckFailure | undefined> {
    if (knownCustomer(customerId)) {
        // Created (or adopted) by this run, in this provider host: it exists, and the credentials work. No call in
        // the engine's serial `check` (a bulk chain would wait for one per agreement).
        return undefined;
    }
    try {
        await partnerCenter().getCustomer(customerId);
        return undefined;
    } catch (e) {
        if (isPartnerCenterError(e) && e.status === 404) {
            return {
                property: "customerId",
                reason:
                    `no Partner Center customer has id ${customerId}: an agreement is attested for one of your ` +
                    "customers (use customerId: customer.customerId of an IndirectResellerCustomer). Nothing was created.",
            };
        }
        const culprit = configurationCulprit(e);
        return culprit
            ? { property: "", reason: culprit }
            : {
                  property: "customerId",
                  reason: `could not be verified with Partner Center before creating anything: ${errorText(e)}`,
              };
    }
}

/** Old outputs vs new inputs; a pending state asks the service (App-only) whether the customer accepted. */
export async function diff(
    _id: string,
    olds: AgreementState,
    news: AgreementInputs,
): Promise<pulumi.dynamic.DiffResult> {
    let accepted = false;
    if (diffAgreement(olds, news).replacePaths.length === 0 && isPending(olds)) {
        const attestationId = String(olds.attestationId ?? "");
        try {
            const attestation = await partnerCenterAppOnly().getEnhancedAttestation(attestationId);
            accepted = attestation.status.toLowerCase() === AttestationStatus.accepted.toLowerCase();
        } catch (e) {
            log.warn(`could not read MCA attestation ${attestationId}: ${errorText(e)}`);
        }
        if (!accepted) {
            log.warn(`MCA still pending: ${String(olds.pendingAction ?? "")}`);
        }
    }
    const result = diffAgreement(olds, news, accepted);
    // Preview runs diff: what replacing does to the old agreement is said before anyone confirms.
    const warning = agreementReplacementWarning(olds, result);
    if (warning) {
        log.warn(warning);
    }
    if (result.completes) {
        log.info(
            `the customer accepted MCA attestation ${String(olds.attestationId ?? "")}: the next \`pulumi up\` creates the agreement`,
        );
    }
    return { changes: result.changes, replaces: result.replaces, deleteBeforeReplace: false };
}

/** The agreement Partner Center lists for this contact (App+User), if any. */
async function findAgreement(inputs: AgreementInputs): Promise<Agreement | undefined> {
    const agreements = await partnerCenter().listCustomerAgreements(inputs.customerId);
    const contact = contactOf(inputs);
    return agreements.find((a) => sameContact(a.primaryContact, contact));
}

/**
 * The agreement exists already (listed for the customer before an attestation, or met as 600061). Adopt it (never
 * an error, never a second agreement).
 */
async function adopt(
    inputs: AgreementInputs,
    previous: Partial<AgreementOutputs>,
    listed?: Agreement,
): Promise<AgreementOutputs> {
    const found = listed ?? (await findAgreement(inputs));
    log.info(
        `Partner Center already has an MCA agreement for ${describe(inputs)} (${listed ? "listed for the customer" : "600061 PartnerConfirmedAgreementAlreadyExists"}): ` +
            `adopted${found?.dateAgreed ? ` (agreed ${found.dateAgreed})` : ""}; nothing was created.`,
    );
    return agreedOutputs(inputs, previous, found, true);
}

/**
 * Create the attestation and return at once: the customer's acceptance is not waited for. An agreement Partner
 * Center already lists for this contact is adopted first: the documented attestation body carries no customer id
 * (`api/agreements.ts`), so the service cannot be counted on to answer 600061 to the attestation itself.
 */
export async function create(inputs: AgreementInputs): Promise<{ id: string; outs: AgreementOutputs }> {
    const existing = await findAgreement(inputs);
    if (existing) {
        return { id: agreementId(inputs), outs: await adopt(inputs, {}, existing) };
    }
    let outs: AgreementOutputs;
    try {
        const attestation = await partnerCenterAppOnly().createEnhancedAttestation(attestationRequest(inputs));
        outs = pendingOutputs(inputs, attestation);
        log.warn(`MCA pending for customer ${inputs.customerId}: ${outs.pendingAction}`);
    } catch (e) {
        if (!isAgreementAlreadyExists(e)) {
            throw e;
        }
        outs = await adopt(inputs, {});
    }
    return { id: agreementId(inputs), outs };
}

/**
 * Complete a pending agreement once the customer accepted (App-only POST with the attestation id; 600061 adopted),
 * or record state-only changes.
 */
export async function update(
    _id: string,
    previous: AgreementState,
    inputs: AgreementInputs,
): Promise<{ outs: AgreementOutputs }> {
    if (previous.status === "Agreed") {
        return {
            outs: { ...agreedOutputs(inputs, previous, undefined, previous.adopted === true), ...kept(previous) },
        };
    }
    const attestationId = String(previous.attestationId ?? "");
    const attestation = await partnerCenterAppOnly().getEnhancedAttestation(attestationId);
    if (attestation.status.toLowerCase() !== AttestationStatus.accepted.toLowerCase()) {
        // Only state-only inputs changed (or acceptance was withdrawn between diff and update): still pending.
        return { outs: pendingOutputs(inputs, attestation) };
    }
    const pending = pendingOutputs(inputs, attestation);
    try {
        const agreement = await partnerCenterAppOnly().createCustomerAgreement(
            inputs.customerId,
            agreementRequest(inputs, attestationId),
        );
        log.info(`created the MCA agreement for customer ${inputs.customerId} (${describe(inputs)})`);
        return { outs: agreedOutputs(inputs, pending, agreement, false) };
    } catch (e) {
        if (!isAgreementAlreadyExists(e)) {
            throw e;
        }
        return { outs: await adopt(inputs, pending) };
    }
}

/** The agreement facts an update of an agreed resource keeps from state. */
function kept(previous: Partial<AgreementOutputs>): Partial<AgreementOutputs> {
    return {
        dateAgreed: previous.dateAgreed ?? "",
        templateId: previous.templateId ?? "",
        acceptedAt: previous.acceptedAt ?? "",
    };
}

/**
 * Import (the plugin's `read` with the seed of the definition's importer: the customer id and perhaps the
 * signatory's email, no status): the agreement Partner Center lists for the customer, with the country, language
 * and company name of its attestation (the customer's profile when it has none). Only listed agreements can be
 * imported: no API lists a customer's pending attestations.
 */
async function importAgreement(state: AgreementState): Promise<{ id: string; props: AgreementState }> {
    const customerId = String(state.customerId ?? "");
    const email = state.signatory?.email?.trim().toLowerCase();
    const listed = await partnerCenter().listCustomerAgreements(customerId);
    const matching = listed.filter(
        (a) => email === undefined || a.primaryContact.email?.trim().toLowerCase() === email,
    );
    const emails = listed.map((a) => a.primaryContact.email ?? "?").join(", ");
    if (matching.length !== 1) {
        throw new Error(
            matching.length === 0
                ? `CustomerAgreement: Partner Center lists no MCA agreement for customer ${customerId}` +
                      `${email ? ` and signatory ${email}${listed.length > 0 ? ` (it lists ${emails})` : ""}` : ""}. ` +
                      "Only an agreement can be imported (no API lists pending attestations): declare the resource " +
                      "instead, its create adopts an agreement that appears for the same signatory."
                : `CustomerAgreement: customer ${customerId} has ${matching.length} MCA agreements (${emails}): ` +
                      `import one by \`${customerId}/<signatoryEmail>\`.`,
        );
    }
    const found = matching[0] as Agreement;
    type Terms = { companyName?: string | null; country?: string | null; language?: string | null };
    const terms: Terms = found.attestationId
        ? await partnerCenterAppOnly().getEnhancedAttestation(found.attestationId)
        : await customerTerms(customerId);
    const contact = found.primaryContact;
    const inputs: AgreementInputs = {
        customerId,
        companyName: terms.companyName ?? "",
        country: terms.country ?? "",
        language: terms.language ?? "",
        signatory: {
            firstName: contact.firstName ?? "",
            lastName: contact.lastName ?? "",
            email: contact.email ?? "",
            ...(contact.phoneNumber ? { phoneNumber: contact.phoneNumber } : {}),
        },
    };
    return { id: agreementId(inputs), props: agreedOutputs(inputs, {}, found, false) };
}

/** An agreement without an attestation (legacy): its terms as the customer's profile has them. */
async function customerTerms(customerId: string) {
    const customer = await partnerCenter().getCustomer(customerId);
    return {
        companyName: customer.companyProfile?.companyName ?? customer.billingProfile?.companyName,
        country: customer.billingProfile?.defaultAddress?.country,
        language: customer.billingProfile?.culture,
    };
}

/** Refresh: reflect the service's view (acceptance, the agreement), never create anything. */
export async function read(id: string, state: AgreementState): Promise<{ id: string; props: AgreementState }> {
    if (state.status === undefined && !state.attestationId) {
        return importAgreement(state);
    }
    const inputs = inputsOf(state);
    if (state.status === "Agreed") {
        const found = await findAgreement(inputs);
        if (!found) {
            log.warn(
                `Partner Center lists no MCA agreement for ${describe(inputs)} on customer ${inputs.customerId}; ` +
                    "keeping the state as it is (an agreement cannot be revoked, so this is likely a listing delay).",
            );
            return { id, props: state };
        }
        return { id, props: { ...agreedOutputs(inputs, state, found, state.adopted === true) } };
    }
    const attestationId = String(state.attestationId ?? "");
    let attestation;
    try {
        attestation = await partnerCenterAppOnly().getEnhancedAttestation(attestationId);
    } catch (e) {
        if (isPartnerCenterError(e) && e.status === 404) {
            log.warn(
                `MCA attestation ${attestationId} is no longer known to Partner Center; keeping the state as it is`,
            );
            return { id, props: state };
        }
        throw e;
    }
    const pending = pendingOutputs(inputs, attestation);
    if (pending.status === "Accepted") {
        // A crash between the agreement POST and the state write leaves an agreement the state does not know yet.
        const found = await findAgreement(inputs);
        if (found) {
            return { id, props: { ...agreedOutputs(inputs, pending, found, false) } };
        }
    }
    return { id, props: { ...pending } };
}

/** An agreement cannot be revoked: state-only removal, said out loud. */
export async function remove(_id: string, state: AgreementState): Promise<void> {
    const inputs = inputsOf(state);
    log.warn(
        state.status === "Agreed"
            ? `the MCA agreement of customer ${inputs.customerId} (${describe(inputs)}) cannot be revoked: it stays in ` +
                  "Partner Center; the resource was removed from Pulumi state only."
            : `MCA attestation ${String(state.attestationId ?? "")} for customer ${inputs.customerId} was removed from ` +
                  "Pulumi state only; Partner Center keeps it, and the customer can still accept it.",
    );
}

/**
 * The state as stored: older state may lack newer outputs, so every output is read as optional. Typed as the
 * outputs for the lifecycle (see `common/dynamic.ts`).
 */
type AgreementState = Partial<AgreementOutputs>;

/** The provider object the stub delegates to. */
export const provider = dynamicProvider<AgreementInputs, AgreementState>({
    check,
    diff,
    create,
    read,
    update,
    delete: remove,
});
