/**
 * The implementation of the `GdapRelationship` dynamic provider (loaded by name from `stub.ts`, never serialized).
 *
 * create = POST the relationship + `lockForApproval` in one step, so `pulumi up` ends with a relationship waiting
 * for the customer (`approvalPending`) and says what to send to whom; nothing ever waits for the approval.
 */
import type * as pulumi from "@pulumi/pulumi";

import type { DelegatedAdminRelationship, RelationshipUpdateRequest } from "../../graph/contract";
import { isGraphError } from "../../graph/errors";
import { log } from "../../runtime/log";
import { graph, settings } from "../../runtime/runtime";
import { isUnknown } from "../common/inputs";
import { checkRelationshipInputs, GLOBAL_ADMINISTRATOR } from "./check";
import { diffRelationship, relationshipReplacementWarning } from "./diff";
import { pendingActionFor, relationshipInputsOf, toRelationshipOutputs } from "./outputs";
import type { GdapRelationshipInputs, GdapRelationshipOutputs } from "./types";
import { dynamicProvider } from "../common/dynamic";

export { configure, resetRuntime } from "../../runtime/runtime";
// The pure parts, for tests and tools.
export { checkRelationshipInputs } from "./check";

export { diffRelationship, RELATIONSHIP_RULES, relationshipDeleteEffect, relationshipReplacementWarning } from "./diff";
export { pendingActionFor, toRelationshipOutputs } from "./outputs";

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Same customer and roles, still waiting (created or approvalPending): the relationship these inputs describe, to
 * take over after a lost response or a crashed run. A customer not known yet (preview of a new customer) matches
 * on roles and status alone: create checks the customer again before it takes anything over.
 */
function describes(r: DelegatedAdminRelationship, inputs: Partial<GdapRelationshipInputs>): boolean {
    const ids = (r.accessDetails?.unifiedRoles ?? []).map((x) => x.roleDefinitionId.toLowerCase()).sort();
    return (
        (isUnknown(inputs.customerTenantId) ||
            (r.customer?.tenantId ?? "").toLowerCase() === inputs.customerTenantId) &&
        (isUnknown(inputs.roleDefinitionIds) || JSON.stringify(ids) === JSON.stringify(inputs.roleDefinitionIds)) &&
        (r.status === "created" || r.status === "approvalPending")
    );
}

/**
 * Who holds `inputs.displayName` now: the waiting relationship these inputs describe (`ours`, to take over instead of
 * creating one), or another one (`clash`: another customer, other roles, or no longer waiting), or nobody.
 */
async function nameHolder(
    inputs: GdapRelationshipInputs,
): Promise<{ ours?: DelegatedAdminRelationship; clash?: DelegatedAdminRelationship }> {
    const named = await graph().listRelationships({ displayName: inputs.displayName });
    const ours = named.find((r) => describes(r, inputs));
    return ours ? { ours } : named[0] ? { clash: named[0] } : {};
}

/** A create that cannot happen: the name belongs to another relationship (names are unique per partner). */
function nameTaken(inputs: GdapRelationshipInputs, clash: DelegatedAdminRelationship, cause?: unknown): Error {
    return new Error(
        `GdapRelationship '${inputs.displayName}': the name is held by GDAP relationship ${clash.id} (status ` +
            `${clash.status}, customer ${clash.customer?.tenantId ?? "?"}), which is not this one (another customer, ` +
            "other roles, or no longer waiting for approval); displayName must be unique across all your " +
            "relationships. Nothing was created: give this relationship another displayName.",
        cause === undefined ? undefined : { cause },
    );
}

const tookOver = (inputs: GdapRelationshipInputs, r: DelegatedAdminRelationship, why: string) => {
    log.info(`GdapRelationship '${inputs.displayName}': taking over relationship ${r.id} (${r.status}): ${why}`);
    return r;
};

// -------------------------------------------------------------------------------------------------------------
// check

/**
 * Offline rules, then what Graph can tell before anything is written anywhere in the stack: displayName is unique
 * across all of the partner's relationships, so a name another relationship holds fails here, in preview, before
 * the customer or its agreement is created (it only needs the name: the customer's tenant may not exist yet). A
 * change that replaces an existing relationship needs a new name too (the old one keeps its name until it
 * expires), so that fails here as well, instead of after the old one was removed from the stack.
 */
export async function check(
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
): Promise<pulumi.dynamic.CheckResult> {
    const { inputs, failures } = checkRelationshipInputs(news);
    const desired = inputs as Partial<GdapRelationshipInputs>;
    if (failures.length > 0 || isUnknown(desired.displayName)) {
        return { inputs, failures };
    }
    const name = desired.displayName as string;
    const previous = olds as Partial<GdapRelationshipInputs>;
    const existing = previous.displayName !== undefined;
    // Nothing about the name can change unless it is new, or the relationship may be replaced: the most
    // restrictive status (approvalPending: every change but onDelete replaces) says whether any change could.
    const mayReplace =
        existing && diffRelationship({ ...previous, status: "approvalPending" }, inputs).replaces.length > 0;
    if (existing && previous.displayName === name && !mayReplace) {
        return { inputs, failures };
    }
    let named: DelegatedAdminRelationship[];
    try {
        named = await graph().listRelationships({ displayName: name });
    } catch (e) {
        failures.push(graphUnreachable(e));
        return { inputs, failures };
    }
    if (existing && previous.displayName === name) {
        // Which one is ours, and in what status: that decides whether this change is a PATCH or a replacement.
        const ours = named.find((r) => (r.customer?.tenantId ?? "").toLowerCase() === previous.customerTenantId);
        const replaces = diffRelationship({ ...previous, status: ours?.status ?? "approvalPending" }, inputs).replaces;
        if (replaces.length > 0) {
            failures.push({
                property: "displayName",
                reason:
                    `changing ${replaces.join(", ")}${replaces.some((p) => isUnknown(inputs[p])) ? " (not known yet: its customer is being replaced)" : ""} ` +
                    `replaces GDAP relationship ${ours?.id ?? ""} ('${ours?.status ?? "?"}'), and the new relationship needs a new ` +
                    `displayName: '${name}' stays taken by the old one (names are unique across all your relationships). ` +
                    "Nothing was changed. Give it a new displayName in the same change.",
            });
        }
        return { inputs, failures };
    }
    const clash = named.find((r) => !describes(r, desired));
    if (clash) {
        failures.push({
            property: "displayName",
            reason:
                `'${name}' is already the name of GDAP relationship ${clash.id} (status ${clash.status}, customer ` +
                `${clash.customer?.tenantId ?? "?"}); displayName must be unique across all your relationships. Nothing was created.`,
        });
        return { inputs, failures };
    }
    if (named.length > 0) {
        log.info(
            `GdapRelationship '${name}': relationship ${named[0]?.id} with this name and roles is waiting already ` +
                `(status ${named[0]?.status}); create takes it over instead of creating another.`,
        );
    }
    if (
        (desired.roleDefinitionIds as unknown) !== undefined &&
        Array.isArray(desired.roleDefinitionIds) &&
        desired.roleDefinitionIds.includes(GLOBAL_ADMINISTRATOR)
    ) {
        log.warn(
            `GdapRelationship '${name}' asks for Global Administrator, the most privileged role: GDAP exists to avoid it; ` +
                "ask for the least-privileged roles the work needs (learn.microsoft.com/partner-center/customers/gdap-least-privileged-roles-by-task).",
        );
    }
    if (!existing) {
        log.info(
            `GdapRelationship '${name}' needs the customer's approval: \`pulumi up\` creates it and locks it for approval; then a ` +
                `Global Administrator of the customer tenant approves it at output invitationUrl (what to send is in output ` +
                `pendingAction). Nothing waits for them. On destroy it is ${desired.onDelete === "terminate" ? "terminated" : "kept"} (onDelete: ${desired.onDelete}).`,
        );
    }
    return { inputs, failures };
}

/**
 * A Graph call that could not be made: a setting's problem (no property; the engine names the resource) when Graph
 * is unreachable at the configured endpoint, else the displayName that could not be checked.
 */
function graphUnreachable(e: unknown): pulumi.dynamic.CheckFailure {
    const text = errorText(e);
    return /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|network error/i.test(text)
        ? {
              property: "",
              reason:
                  `Microsoft Graph cannot be reached at ${settings().graph.endpoint} (partnercenter:graphEndpoint), so ` +
                  `the GDAP relationship's displayName could not be checked before creating anything: ${text}`,
          }
        : {
              property: "displayName",
              reason: `could not be checked with Microsoft Graph before creating anything: ${text}`,
          };
}

// -------------------------------------------------------------------------------------------------------------
// diff

export async function diff(
    id: string,
    olds: GdapRelationshipOutputs,
    news: GdapRelationshipInputs,
): Promise<pulumi.dynamic.DiffResult> {
    const result = diffRelationship(olds, news);
    if (olds.status === "approvalPending") {
        await sayWhetherStillWaiting(id, olds);
    }
    // Preview runs diff: what replacing does to the old relationship is said before anyone confirms.
    const warning = relationshipReplacementWarning(id, olds, result);
    if (warning) {
        log.warn(warning);
    }
    return { changes: result.changes, replaces: result.replaces, deleteBeforeReplace: false };
}

/**
 * State says the customer has not approved yet, but state is as old as the last refresh: ask Graph (one read) so
 * the message is true today, either the human step still to do or that the approval has come.
 */
async function sayWhetherStillWaiting(id: string, olds: GdapRelationshipOutputs): Promise<void> {
    let status = olds.status;
    try {
        status = (await graph().getRelationship(id)).status;
    } catch {
        // The read is for the message only; the state's status stands.
    }
    if (status === "approvalPending") {
        log.warn(`GdapRelationship ${id} is still waiting for the customer: ${olds.pendingAction}`);
    } else if (status === "active") {
        log.info(
            `GdapRelationship ${id} ('${olds.displayName}') was approved since the last refresh: run \`pulumi refresh\` ` +
                "to record it (its access assignments can be created once state says active).",
        );
    }
}

// -------------------------------------------------------------------------------------------------------------
// create

export async function create(inputs: GdapRelationshipInputs): Promise<{ id: string; outs: GdapRelationshipOutputs }> {
    const client = graph();
    const request = {
        displayName: inputs.displayName,
        duration: inputs.duration,
        autoExtendDuration: inputs.autoExtendDuration,
        customer: {
            tenantId: inputs.customerTenantId,
            ...(inputs.customerDisplayName ? { displayName: inputs.customerDisplayName } : {}),
        },
        accessDetails: { unifiedRoles: inputs.roleDefinitionIds.map((roleDefinitionId) => ({ roleDefinitionId })) },
    };
    // An earlier run may have created it and stopped before its state was written: displayName is unique, so look
    // it up first and take it over (no POST) if it is the relationship these inputs describe.
    const before = await nameHolder(inputs);
    if (before.clash) {
        throw nameTaken(inputs, before.clash);
    }
    let relationship: DelegatedAdminRelationship;
    if (before.ours) {
        relationship = tookOver(inputs, before.ours, "an earlier run created it, and no state was written");
    } else {
        try {
            relationship = await client.createRelationship(request);
        } catch (e) {
            // A lost response (the POST may have been committed), or the name taken since the lookup: whatever the
            // service answered (409, 400, a 5xx, nothing), the name decides. No published sample shows the
            // duplicate-name error, so its status is not relied on.
            if (!isGraphError(e)) {
                throw e;
            }
            let after: Awaited<ReturnType<typeof nameHolder>>;
            try {
                after = await nameHolder(inputs);
            } catch {
                throw e;
            }
            if (after.clash) {
                throw nameTaken(inputs, after.clash, e);
            }
            if (!after.ours) {
                throw e;
            }
            relationship = tookOver(inputs, after.ours, `the create failed: ${e.message}`);
        }
    }
    if (relationship.status === "created") {
        try {
            await client.requestAction(relationship.id, "lockForApproval");
        } catch (e) {
            // A lost response to lockForApproval: the status tells whether it took effect.
            if (!isGraphError(e) || !e.ambiguous) {
                throw new Error(
                    `GDAP relationship ${relationship.id} ('${inputs.displayName}') was created but could not be locked for approval: ` +
                        `${errorText(e)}. Run \`pulumi up\` again: the relationship is taken over and locked.`,
                    { cause: e },
                );
            }
        }
    }
    const current = await client.getRelationship(relationship.id);
    const outs = toRelationshipOutputs(current, inputs);
    if (outs.pendingAction) {
        log.warn(
            `GdapRelationship '${inputs.displayName}' (${outs.relationshipId}) is ${outs.status}. ${outs.pendingAction}`,
        );
    }
    return { id: current.id, outs };
}

// -------------------------------------------------------------------------------------------------------------
// read

/** Statuses after which a relationship grants nothing and never comes back. */
const ENDED = new Set(["terminated", "expired"]);

export async function read(
    id: string,
    olds: GdapRelationshipOutputs,
): Promise<{ id: string; props: GdapRelationshipOutputs | Record<string, never>; inputs?: GdapRelationshipInputs }> {
    let current: DelegatedAdminRelationship;
    try {
        current = await graph().getRelationship(id);
    } catch (e) {
        if (isGraphError(e) && e.status === 404) {
            log.info(`GDAP relationship ${id} no longer exists; removing it from state`);
            return { id: "", props: {} };
        }
        throw e;
    }
    if (ENDED.has(current.status)) {
        log.warn(
            `GDAP relationship ${id} ('${olds.displayName}') is ${current.status}: it grants no access any more; removing it ` +
                `from state (the next \`pulumi up\` proposes a new relationship, which the customer must approve).`,
        );
        return { id: "", props: {} };
    }
    const outs = toRelationshipOutputs(current, relationshipInputsOf(olds));
    if (olds.status !== undefined && olds.status !== outs.status) {
        // Approval is the good news the stack waited for: information, not a warning.
        (outs.status === "active" ? log.info : log.warn)(
            `GDAP relationship ${id} ('${olds.displayName}'): ${olds.status} → ${outs.status}`,
        );
    }
    if (outs.pendingAction) {
        log.warn(`GdapRelationship ${id}: ${outs.status}. ${outs.pendingAction}`);
    }
    return { id, props: outs, inputs: relationshipInputsOf(outs) };
}

// -------------------------------------------------------------------------------------------------------------
// update

export async function update(
    id: string,
    previous: GdapRelationshipOutputs,
    inputs: GdapRelationshipInputs,
): Promise<{ outs: GdapRelationshipOutputs }> {
    const d = diffRelationship(previous, inputs);
    const patched = Object.keys(d.detailed).filter((p) => d.detailed[p] === "update");
    if (patched.length === 0) {
        // Only state-only properties (onDelete, the spelling of role names) changed.
        const outs: GdapRelationshipOutputs = { ...previous, ...inputs };
        return { outs: { ...outs, pendingAction: pendingActionFor(outs.status, outs) } };
    }
    const body: RelationshipUpdateRequest = {};
    for (const property of patched) {
        if (property === "displayName") body.displayName = inputs.displayName;
        if (property === "duration") body.duration = inputs.duration;
        if (property === "autoExtendDuration") body.autoExtendDuration = inputs.autoExtendDuration;
        if (property === "customerTenantId" || property === "customerDisplayName") {
            body.customer = {
                tenantId: inputs.customerTenantId,
                ...(inputs.customerDisplayName ? { displayName: inputs.customerDisplayName } : {}),
            };
        }
        if (property === "roleDefinitionIds") {
            body.accessDetails = {
                unifiedRoles: inputs.roleDefinitionIds.map((roleDefinitionId) => ({ roleDefinitionId })),
            };
        }
    }
    const client = graph();
    const fresh = await client.getRelationship(id);
    const updated = await client.updateRelationship(id, body, fresh["@odata.etag"] ?? "");
    return { outs: toRelationshipOutputs(updated, inputs) };
}

// -------------------------------------------------------------------------------------------------------------
// delete

export async function remove(id: string, outs: GdapRelationshipOutputs): Promise<void> {
    const label = `GDAP relationship ${id} ('${outs.displayName}')`;
    if ((outs.onDelete ?? "retain") === "retain") {
        log.warn(`${label} stays in Microsoft Graph (onDelete: retain); it is only removed from this stack.`);
        return;
    }
    const client = graph();
    let current: DelegatedAdminRelationship;
    try {
        current = await client.getRelationship(id);
    } catch (e) {
        if (isGraphError(e) && e.status === 404) {
            log.info(`${label} was already gone`);
            return;
        }
        throw e;
    }
    switch (current.status) {
        case "active":
            await client.requestAction(id, "terminate");
            log.info(
                `${label}: termination requested (onDelete: terminate); the partner's access ends once it is terminated`,
            );
            return;
        case "created":
            await client.deleteRelationship(id, current["@odata.etag"] ?? "");
            log.info(`${label} deleted (it was never sent for approval)`);
            return;
        case "approvalPending":
            log.warn(
                `${label} is still waiting for the customer's approval and cannot be terminated before it is active: the ` +
                    `invitation stays open until it expires (${"90"} days after it was sent). Tell the customer to ignore it; ` +
                    `if they approve it anyway, terminate it in Partner Center.`,
            );
            return;
        default:
            log.info(`${label} is ${current.status}; nothing to terminate`);
    }
}

/** The provider object the stub delegates to. */
export const provider = dynamicProvider({ check, diff, create, read, update, delete: remove });
