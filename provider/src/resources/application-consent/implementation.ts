/**
 * The implementation of the `ApplicationConsent` dynamic provider (loaded by name from `stub.ts`).
 *
 * - create: `POST .../applicationconsents`; a consent already there for this application (a lost answer, or a run
 *   that crashed before writing state) is taken over when its grants are the declared ones, and refused otherwise;
 * - read: `GET .../applicationconsents/{applicationId}` (not on the published page: see `api/consents.ts`); gone ->
 *   dropped from state;
 * - update: nothing but state (every input change replaces: see `diff.ts`);
 * - delete: `DELETE .../applicationconsents/{applicationId}`; already gone is fine.
 *
 * A refused create because the GDAP prerequisite is missing is rewritten to say what is missing and how to add it.
 */
import type * as pulumi from "@pulumi/pulumi";

import { CONSENT_ROLE_IDS, type ApplicationConsent } from "../../api/consents";
import { isPartnerCenterError } from "../../client/errors";
import { log } from "../../runtime/log";
import { partnerCenter } from "../../runtime/runtime";
import { dynamicProvider } from "../common/dynamic";
import { hasUnknown } from "../common/inputs";
import { checkConsentInputs, grantLines } from "./check";
import { consentReplacementWarning, diffConsent } from "./diff";
import type { ApplicationConsentInputs, ApplicationConsentOutputs } from "./types";

export { configure, resetRuntime } from "../../runtime/runtime";
// The pure parts, for tests and tools.
export { checkConsentInputs, grantLines, scopeProblem } from "./check";
export { CONSENT_RULES, consentReplacementWarning, diffConsent } from "./diff";

/** The resource id: `customerId/applicationId` (what an import would take). */
export const consentIdOf = (customerId: string, applicationId: string): string => `${customerId}/${applicationId}`;

/** `customerId/applicationId` back into its parts; undefined when the id is not of that form. */
export function parseConsentId(id: string): { customerId: string; applicationId: string } | undefined {
    const parts = id.split("/");
    return parts.length === 2 && parts[0] && parts[1]
        ? { customerId: parts[0].toLowerCase(), applicationId: parts[1].toLowerCase() }
        : undefined;
}

function toOutputs(inputs: ApplicationConsentInputs): ApplicationConsentOutputs {
    return {
        ...inputs,
        consentId: consentIdOf(inputs.customerId, inputs.applicationId),
        grantSummary: grantLines(inputs.applicationGrants),
    };
}

/** The service's consent as checked inputs (the same canonical form `check` gives a program's). */
function inputsFromService(customerId: string, consent: ApplicationConsent): ApplicationConsentInputs {
    const raw = {
        customerId,
        applicationId: consent.applicationId,
        applicationGrants: (consent.applicationGrants ?? []).map((g) => ({
            enterpriseApplicationId: g.enterpriseApplicationId,
            scope: g.scope,
        })),
        ...(consent.displayName ? { displayName: consent.displayName } : {}),
    };
    return checkConsentInputs(raw).inputs as unknown as ApplicationConsentInputs;
}

const inputsOf = (o: ApplicationConsentOutputs): ApplicationConsentInputs => ({
    customerId: o.customerId,
    applicationId: o.applicationId,
    applicationGrants: o.applicationGrants,
    ...(o.displayName !== undefined ? { displayName: o.displayName } : {}),
});

const sameGrants = (a: ApplicationConsentInputs, b: ApplicationConsentInputs) =>
    JSON.stringify(a.applicationGrants) === JSON.stringify(b.applicationGrants);

/** The message of a create Partner Center refused because the partner user lacks a consenting GDAP role. */
export function missingPrerequisiteMessage(inputs: ApplicationConsentInputs, serviceText: string): string {
    const roles = Object.values(CONSENT_ROLE_IDS).join(", ");
    return (
        `application consent for application ${inputs.applicationId} in customer ${inputs.customerId}: Partner Center ` +
        `refused it (${serviceText}). Consent needs, in that customer's tenant, one of ${roles} through GDAP: an ` +
        "active GDAP relationship holding the role (GdapRelationship with roles: ['Cloud Application Administrator'], " +
        "approved by the customer) and an access assignment granting it to a security group the signed-in partner " +
        "user is a member of (GdapAccessAssignment); the user must also be in AdminAgents. After the approval run " +
        "`pulumi refresh` and `pulumi up` again."
    );
}

export async function check(
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
): Promise<pulumi.dynamic.CheckResult> {
    const { inputs, failures } = checkConsentInputs(news);
    const isNew = Object.keys(olds).length === 0;
    if (failures.length === 0 && isNew && !hasUnknown(inputs["applicationGrants"])) {
        // Preview shows what a new consent grants, in words, before anything is created.
        const grants = grantLines((inputs as unknown as ApplicationConsentInputs).applicationGrants);
        log.info(`application consent: will grant ${grants.join("; ")}`);
    }
    return { inputs, failures };
}

export async function diff(
    id: string,
    olds: ApplicationConsentOutputs,
    news: ApplicationConsentInputs,
): Promise<pulumi.dynamic.DiffResult> {
    const d = diffConsent(olds, news);
    const warning = consentReplacementWarning(id, olds, news, d.replaces);
    if (warning) {
        log.warn(warning);
    }
    // Keyed by customer and application: the old consent must be gone before the new one is created.
    return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: d.replaces.length > 0 };
}

export async function create(
    inputs: ApplicationConsentInputs,
): Promise<{ id: string; outs: ApplicationConsentOutputs }> {
    const client = partnerCenter();
    const body = {
        applicationId: inputs.applicationId,
        applicationGrants: inputs.applicationGrants.map((g) => ({
            enterpriseApplicationId: g.enterpriseApplicationId,
            scope: g.scope,
        })),
        ...(inputs.displayName !== undefined ? { displayName: inputs.displayName } : {}),
    };
    try {
        await client.createApplicationConsent(inputs.customerId, body);
    } catch (e) {
        if (!isPartnerCenterError(e)) {
            throw e;
        }
        if (e.status === 400 && /insufficient privileges/i.test(e.description ?? e.message)) {
            throw new Error(missingPrerequisiteMessage(inputs, e.description ?? e.message), { cause: e });
        }
        if (!(e.ambiguous || e.status === 409)) {
            throw e;
        }
        // A lost answer, or an earlier run that crashed before writing state: take the consent over when it is
        // the declared one; a different one is somebody else's to change.
        const found = await client
            .getApplicationConsent(inputs.customerId, inputs.applicationId)
            .catch(() => undefined);
        if (found === undefined) {
            throw e;
        }
        const existing = inputsFromService(inputs.customerId, found);
        if (!sameGrants(existing, inputs)) {
            throw new Error(
                `application ${inputs.applicationId} already has a consent in customer ${inputs.customerId} with other ` +
                    `grants (${grantLines(existing.applicationGrants).join("; ")}). Partner Center has no update: ` +
                    "declare those grants, or remove that consent first (DELETE .../applicationconsents/" +
                    `${inputs.applicationId}), then run \`pulumi up\` again.`,
                { cause: e },
            );
        }
        log.info(
            `application consent ${consentIdOf(inputs.customerId, inputs.applicationId)}: taking over the existing consent`,
        );
    }
    return { id: consentIdOf(inputs.customerId, inputs.applicationId), outs: toOutputs(inputs) };
}

export async function read(
    id: string,
    olds: ApplicationConsentOutputs,
): Promise<{
    id: string;
    props: ApplicationConsentOutputs | Record<string, never>;
    inputs?: ApplicationConsentInputs;
}> {
    // State after create, or only the id (`customerId/applicationId`) when nothing is in state yet.
    const key = olds.customerId && olds.applicationId ? olds : parseConsentId(id);
    if (key === undefined) {
        throw new Error(`application consent id '${id}' is not of the form <customerId>/<applicationId>`);
    }
    try {
        const found = await partnerCenter().getApplicationConsent(key.customerId, key.applicationId);
        const current = inputsFromService(key.customerId, found);
        // The service may not echo displayName (it is not on the REST page): keep the one in state then.
        const merged = {
            ...current,
            ...(current.displayName === undefined && olds.displayName !== undefined
                ? { displayName: olds.displayName }
                : {}),
        };
        const outs = toOutputs(merged);
        return { id: outs.consentId, props: outs, inputs: inputsOf(outs) };
    } catch (e) {
        if (isPartnerCenterError(e) && e.status === 404) {
            log.info(`application consent ${id} no longer exists; removing it from state`);
            return { id: "", props: {} };
        }
        throw e;
    }
}

export async function update(
    _id: string,
    _previous: ApplicationConsentOutputs,
    inputs: ApplicationConsentInputs,
): Promise<{ outs: ApplicationConsentOutputs }> {
    // Every input is a replace (no update API): an update only records another spelling of the same inputs.
    return { outs: toOutputs(inputs) };
}

export async function remove(id: string, outs: ApplicationConsentOutputs): Promise<void> {
    try {
        await partnerCenter().deleteApplicationConsent(outs.customerId, outs.applicationId);
        log.info(`removed application consent ${id}`);
    } catch (e) {
        if (isPartnerCenterError(e) && e.status === 404) {
            log.info(`application consent ${id} was already gone`);
            return;
        }
        throw e;
    }
}

export const provider = dynamicProvider({ check, diff, create, read, update, delete: remove });
