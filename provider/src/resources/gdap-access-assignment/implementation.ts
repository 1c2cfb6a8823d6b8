/**
 * The implementation of the `GdapAccessAssignment` dynamic provider (loaded by name from `stub.ts`).
 *
 * `check` asks Graph for the relationship whenever the assignment is new or its relationship/roles change, so an
 * assignment declared before the customer approved fails in preview with the relationship's status and invitation
 * URL instead of an API error at create time.
 */
import type * as pulumi from "@pulumi/pulumi";

import type { DelegatedAdminAccessAssignment } from "../../graph/contract";
import { GraphOperationError } from "../../graph/client";
import { isGraphError } from "../../graph/errors";
import { roleName } from "../../graph/roles";
import { log } from "../../runtime/log";
import { graph } from "../../runtime/runtime";
import { hasUnknown, isUnknown } from "../common/inputs";
import { checkAssignmentInputs, relationshipFailures } from "./check";
import { assignmentReplacementWarning, diffAssignment } from "./diff";
import type { GdapAccessAssignmentInputs, GdapAccessAssignmentOutputs } from "./types";
import { dynamicProvider } from "../common/dynamic";

export { configure, resetRuntime } from "../../runtime/runtime";
// The pure parts, for tests and tools.
export { checkAssignmentInputs, relationshipFailures } from "./check";
export { assignmentReplacementWarning, diffAssignment, ASSIGNMENT_RULES } from "./diff";

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

function toOutputs(a: DelegatedAdminAccessAssignment, inputs: GdapAccessAssignmentInputs): GdapAccessAssignmentOutputs {
    const ids = (a.accessDetails?.unifiedRoles ?? []).map((r) => r.roleDefinitionId.toLowerCase()).sort();
    const roleDefinitionIds = ids.length > 0 ? ids : inputs.roleDefinitionIds;
    return {
        relationshipId: inputs.relationshipId,
        securityGroupId: (a.accessContainer?.accessContainerId ?? inputs.securityGroupId).toLowerCase(),
        // Kept as the program spelt them; an import (no state) gets the documented names of the roles Graph holds.
        roles: inputs.roles ?? roleDefinitionIds.map(roleName),
        roleDefinitionIds,
        assignmentId: a.id,
        status: a.status,
        roleNames: roleDefinitionIds.map(roleName),
        createdDateTime: a.createdDateTime ?? "",
        etag: a["@odata.etag"] ?? "",
    };
}

const inputsOf = (o: GdapAccessAssignmentOutputs): GdapAccessAssignmentInputs => ({
    relationshipId: o.relationshipId,
    securityGroupId: o.securityGroupId,
    roles: o.roles,
    roleDefinitionIds: o.roleDefinitionIds,
});

const body = (inputs: GdapAccessAssignmentInputs) => ({
    accessContainer: { accessContainerId: inputs.securityGroupId, accessContainerType: "securityGroup" },
    accessDetails: { unifiedRoles: inputs.roleDefinitionIds.map((roleDefinitionId) => ({ roleDefinitionId })) },
});

export async function check(
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
): Promise<pulumi.dynamic.CheckResult> {
    const { inputs, failures } = checkAssignmentInputs(news);
    if (failures.length > 0 || hasUnknown(inputs)) {
        return { inputs, failures };
    }
    const desired = inputs as unknown as GdapAccessAssignmentInputs;
    const unchanged =
        olds["relationshipId"] === desired.relationshipId &&
        JSON.stringify(checkAssignmentInputs(olds).inputs["roleDefinitionIds"]) ===
            JSON.stringify(desired.roleDefinitionIds);
    if (unchanged) {
        return { inputs, failures };
    }
    try {
        const relationship = await graph().getRelationship(desired.relationshipId);
        failures.push(...relationshipFailures(relationship, desired.roleDefinitionIds));
    } catch (e) {
        failures.push({
            property: "relationshipId",
            reason:
                isGraphError(e) && e.status === 404
                    ? `there is no GDAP relationship ${desired.relationshipId}`
                    : `could not be checked with Microsoft Graph before creating anything: ${errorText(e)}`,
        });
    }
    return { inputs, failures };
}

export async function diff(
    id: string,
    olds: GdapAccessAssignmentOutputs,
    news: GdapAccessAssignmentInputs,
): Promise<pulumi.dynamic.DiffResult> {
    const d = diffAssignment(olds, news);
    // Preview runs diff: what replacing does to the old assignment is said before anyone confirms.
    const warning = assignmentReplacementWarning(id, olds, d.replaces);
    if (warning) {
        log.warn(warning);
    }
    if (isUnknown(news.relationshipId)) {
        // Its relationship is being replaced: the new one waits for the customer, and Graph refuses assignments
        // until it is active. Say so now, with the way through, rather than only as an error at the end of `up`.
        log.warn(
            `GDAP access assignment ${id} (group ${olds.securityGroupId}) belongs to a relationship that this update ` +
                "replaces: the new relationship must be approved by the customer before the assignment can be " +
                "recreated on it, so this `pulumi up` stops at the assignment (the old one stays until then). After " +
                "the approval, `pulumi refresh` and `pulumi up` recreate it.",
        );
    }
    return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: false };
}

/**
 * PATCH the roles and, when Graph accepts the change as a long-running operation (202), wait for it to succeed:
 * reading the assignment before that would record the old roles as the new ones (a spurious diff and a second
 * PATCH on the next run). A `failed` operation (or one still running at the deadline) throws, so nothing is
 * recorded and the next `up` tries again.
 */
async function applyRoles(inputs: GdapAccessAssignmentInputs, id: string, etag: string): Promise<void> {
    const client = graph();
    const answer = await client.updateAccessAssignment(inputs.relationshipId, id, body(inputs).accessDetails, etag);
    if (answer.kind === "unchanged") {
        return;
    }
    log.info(
        `GDAP access assignment ${id}: Microsoft Graph accepted the roles ${inputs.roleDefinitionIds.map(roleName).join(", ")}; ` +
            `waiting for operation ${answer.operationId} to apply them`,
    );
    try {
        await client.waitForOperation(answer);
    } catch (e) {
        if (e instanceof GraphOperationError) {
            throw new Error(`GDAP access assignment ${id} (group ${inputs.securityGroupId}): ${e.message}`, {
                cause: e,
            });
        }
        throw e;
    }
}

export async function create(
    inputs: GdapAccessAssignmentInputs,
): Promise<{ id: string; outs: GdapAccessAssignmentOutputs }> {
    const client = graph();
    let created: DelegatedAdminAccessAssignment;
    try {
        created = await client.createAccessAssignment(inputs.relationshipId, body(inputs));
    } catch (e) {
        // A lost response, or an earlier run that crashed before writing state: one assignment per group and
        // relationship, so look it up by group and take it over.
        if (!isGraphError(e) || !(e.ambiguous || e.status === 409)) {
            throw e;
        }
        const found = (await client.listAccessAssignments(inputs.relationshipId)).find(
            (a) => a.accessContainer?.accessContainerId.toLowerCase() === inputs.securityGroupId,
        );
        if (!found) {
            throw e;
        }
        log.info(`access assignment for group ${inputs.securityGroupId}: taking over ${found.id} after: ${e.message}`);
        created = found;
        const ids = (found.accessDetails?.unifiedRoles ?? []).map((r) => r.roleDefinitionId.toLowerCase()).sort();
        if (JSON.stringify(ids) !== JSON.stringify(inputs.roleDefinitionIds)) {
            await applyRoles(inputs, found.id, found["@odata.etag"] ?? "");
        }
    }
    const current = await client.getAccessAssignment(inputs.relationshipId, created.id);
    return { id: current.id, outs: toOutputs(current, inputs) };
}

export async function read(
    id: string,
    olds: GdapAccessAssignmentOutputs,
): Promise<{
    id: string;
    props: GdapAccessAssignmentOutputs | Record<string, never>;
    inputs?: GdapAccessAssignmentInputs;
}> {
    try {
        const current = await graph().getAccessAssignment(olds.relationshipId, id);
        const outs = toOutputs(current, inputsOf(olds));
        return { id, props: outs, inputs: inputsOf(outs) };
    } catch (e) {
        if (isGraphError(e) && e.status === 404) {
            log.info(`GDAP access assignment ${id} no longer exists; removing it from state`);
            return { id: "", props: {} };
        }
        throw e;
    }
}

export async function update(
    id: string,
    previous: GdapAccessAssignmentOutputs,
    inputs: GdapAccessAssignmentInputs,
): Promise<{ outs: GdapAccessAssignmentOutputs }> {
    if (!("roleDefinitionIds" in diffAssignment(previous, inputs).detailed)) {
        return { outs: { ...previous, roles: inputs.roles } };
    }
    const client = graph();
    const fresh = await client.getAccessAssignment(inputs.relationshipId, id);
    await applyRoles(inputs, id, fresh["@odata.etag"] ?? "");
    const current = await client.getAccessAssignment(inputs.relationshipId, id);
    return { outs: toOutputs(current, inputs) };
}

export async function remove(id: string, outs: GdapAccessAssignmentOutputs): Promise<void> {
    const client = graph();
    try {
        const fresh = await client.getAccessAssignment(outs.relationshipId, id);
        await client.deleteAccessAssignment(outs.relationshipId, id, fresh["@odata.etag"] ?? "");
        log.info(
            `removed GDAP access assignment ${id} (group ${outs.securityGroupId}) from relationship ${outs.relationshipId}`,
        );
    } catch (e) {
        if (isGraphError(e) && e.status === 404) {
            log.info(`GDAP access assignment ${id} was already gone`);
            return;
        }
        throw e;
    }
}

export const provider = dynamicProvider({ check, diff, create, read, update, delete: remove });
