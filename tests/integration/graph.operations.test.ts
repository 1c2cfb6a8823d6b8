/**
 * Access-assignment updates are long-running operations (issue #22, point 1): Graph answers the PATCH with
 * `202 Accepted`, `Location: …/operations/{id}` and `Retry-After`, and applies the roles later. Against the
 * emulator over loopback HTTP, with the real Graph client and the real provider implementation:
 * - the client returns the operation from the PATCH, and the poll waits what `Retry-After` says;
 * - the emulator keeps the old roles until the operation succeeds, and serves the operation and the list;
 * - the provider's `update` records the new roles (only after success), and a second run sees no diff;
 * - a `failed` operation fails `update` clearly, with nothing applied in Graph.
 */
import assert from "node:assert/strict";

import fetch from "node-fetch";
import * as assignmentImpl from "pulumi-partnercenter/gdap-access-assignment";
import { createGraphClient, GraphOperationError, type GraphClient } from "pulumi-partnercenter/graph";
import type { ClientEvent } from "pulumi-partnercenter/client";
import { setLogSink } from "pulumi-partnercenter/runtime";

import { startEmulator, type Emulator } from "../../emulator";
import { configureImplementation } from "../fixtures/emulator-config";

const EXCHANGE_ADMIN = "29232cdf-9323-42fd-ade2-1d097af3e4de";
const INTUNE_ADMIN = "3a2c62db-5318-420d-8d74-23affee5d9d5";
const TENANT = "4b827261-d21f-4aa9-b7db-7fa1f56fb163";

describe("Graph long-running operations: access-assignment updates (202 + Location + Retry-After)", function () {
    this.timeout(30_000);
    let emulator: Emulator;
    let n = 0;

    before(async () => {
        emulator = await startEmulator({ port: 0 });
    });
    after(async () => emulator?.close());
    beforeEach(() => {
        emulator.options.gdapOperationDelayMs = 300;
        emulator.options.gdapOperationOutcome = "succeeded";
    });

    const settings = (patch: Record<string, unknown>) =>
        fetch(`${emulator.url}/_emulator/settings`, {
            method: "PATCH",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify(patch),
        });

    function clientWith(sleeps: number[], events: ClientEvent[]): GraphClient {
        const { partner } = emulator.seed;
        return createGraphClient({
            graphBase: `${emulator.url}/graph`,
            authority: emulator.url,
            credentials: {
                kind: "clientCredentials",
                tenantId: partner.tenantId,
                clientId: partner.clientId,
                clientSecret: partner.clientSecret,
            },
            // Real sleeps (the emulator's clock is real), recorded to check what the poll waited.
            sleep: (ms) => {
                sleeps.push(ms);
                return new Promise((resolve) => setTimeout(resolve, ms));
            },
            pacing: { requestsPerMinute: 0 },
            onEvent: (e) => events.push(e),
        });
    }

    /** An active relationship with Exchange and Intune Administrator, and an assignment with Exchange only. */
    async function activeAssignment(graph: GraphClient): Promise<{ relationshipId: string; assignmentId: string }> {
        n += 1;
        const r = await graph.createRelationship({
            displayName: `Operations test ${n} ${Date.now()}`,
            duration: "P730D",
            customer: { tenantId: TENANT },
            accessDetails: {
                unifiedRoles: [{ roleDefinitionId: EXCHANGE_ADMIN }, { roleDefinitionId: INTUNE_ADMIN }],
            },
        });
        await graph.requestAction(r.id, "lockForApproval");
        const approved = await fetch(`${emulator.url}/_emulator/gdap/relationships/${r.id}/approve`, {
            method: "POST",
        });
        assert.equal(approved.status, 200);
        const a = await graph.createAccessAssignment(r.id, {
            accessContainer: {
                accessContainerId: `0000000${n}-0b28-4d08-8949-ae07ae1bf528`,
                accessContainerType: "securityGroup",
            },
            accessDetails: { unifiedRoles: [{ roleDefinitionId: EXCHANGE_ADMIN }] },
        });
        return { relationshipId: r.id, assignmentId: a.id };
    }

    const rolesOf = (a: { accessDetails?: { unifiedRoles: { roleDefinitionId: string }[] } | null }) =>
        (a.accessDetails?.unifiedRoles ?? []).map((r) => r.roleDefinitionId).sort();

    it("the PATCH returns the operation; the roles show only once it succeeds; the poll waits Retry-After (fractional), with progress", async () => {
        const sleeps: number[] = [];
        const events: ClientEvent[] = [];
        const graph = clientWith(sleeps, events);
        const { relationshipId, assignmentId } = await activeAssignment(graph);
        emulator.options.gdapOperationDelayMs = 1500;
        const before = await graph.getAccessAssignment(relationshipId, assignmentId);
        const accepted = await graph.updateAccessAssignment(
            relationshipId,
            assignmentId,
            { unifiedRoles: [{ roleDefinitionId: EXCHANGE_ADMIN }, { roleDefinitionId: INTUNE_ADMIN }] },
            before["@odata.etag"] ?? "",
        );
        assert.equal(accepted.kind, "accepted");
        if (accepted.kind !== "accepted") return;
        assert.equal(accepted.relationshipId, relationshipId);
        assert.match(
            accepted.location,
            new RegExp(`/delegatedAdminRelationships/${relationshipId}/operations/[0-9a-f-]{36}$`),
        );
        assert.equal(accepted.retryAfterMs, 1500, "Retry-After: 1.5 (seconds) is 1500 ms");

        // Not applied yet: the assignment keeps its roles, the operation is not finished.
        assert.deepEqual(rolesOf(await graph.getAccessAssignment(relationshipId, assignmentId)), [EXCHANGE_ADMIN]);
        const pending = await graph.getOperation(relationshipId, accepted.operationId);
        assert.ok(["notStarted", "running"].includes(pending.status), pending.status);
        assert.equal(pending.operationType, "delegatedAdminAccessAssignmentUpdate");

        const done = await graph.waitForOperation(accepted);
        assert.equal(done.status, "succeeded");
        assert.equal(sleeps[0], 1500, `first wait ${sleeps.join(",")}: the 202's Retry-After`);
        assert.equal(sleeps.length, 1, "one poll after Retry-After was enough");
        const progress = events.filter((e) => e.kind === "progress");
        assert.equal(progress.length, 1);
        assert.match(
            progress[0]!.message,
            /operation [0-9a-f-]{36} \(delegatedAdminAccessAssignmentUpdate\).*: succeeded/,
        );

        assert.deepEqual(
            rolesOf(await graph.getAccessAssignment(relationshipId, assignmentId)),
            [EXCHANGE_ADMIN, INTUNE_ADMIN].sort(),
        );
        const listed = await graph.listOperations(relationshipId);
        assert.deepEqual(
            listed.map((o) => [o.id, o.status]),
            [[accepted.operationId, "succeeded"]],
        );
        assert.deepEqual(JSON.parse(listed[0]!.data ?? "{}").accessDetails.unifiedRoles.length, 2);
    });

    it("the operations list has @odata.context at the top only; an unknown operation is 404", async () => {
        const graph = clientWith([], []);
        const { relationshipId } = await activeAssignment(graph);
        const token = await fetch(`${emulator.url}/${emulator.seed.partner.tenantId}/oauth2/token`, {
            method: "POST",
            headers: { "Content-Type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams({
                grant_type: "client_credentials",
                client_id: emulator.seed.partner.clientId,
                client_secret: emulator.seed.partner.clientSecret,
                resource: "https://graph.microsoft.com",
            }).toString(),
        }).then(async (r) => ((await r.json()) as { access_token: string }).access_token);
        const base = `${emulator.url}/graph/v1.0/tenantRelationships/delegatedAdminRelationships/${relationshipId}`;
        const list = await fetch(`${base}/operations`, { headers: { Authorization: `Bearer ${token}` } });
        assert.equal(list.status, 200);
        const body = (await list.json()) as Record<string, unknown>;
        assert.match(String(body["@odata.context"]), /\$metadata#operations$/);
        assert.deepEqual(body["value"], []);
        const missing = await fetch(`${base}/operations/00000000-0000-0000-0000-000000000000`, {
            headers: { Authorization: `Bearer ${token}` },
        });
        assert.equal(missing.status, 404);
    });

    it("a failed operation fails the wait clearly, with nothing applied", async () => {
        const graph = clientWith([], []);
        const { relationshipId, assignmentId } = await activeAssignment(graph);
        assert.equal((await settings({ gdapOperationOutcome: "failed", gdapOperationDelayMs: 0 })).status, 200);
        const before = await graph.getAccessAssignment(relationshipId, assignmentId);
        const accepted = await graph.updateAccessAssignment(
            relationshipId,
            assignmentId,
            { unifiedRoles: [{ roleDefinitionId: INTUNE_ADMIN }] },
            before["@odata.etag"] ?? "",
        );
        assert.equal(accepted.kind, "accepted");
        if (accepted.kind !== "accepted") return;
        await assert.rejects(graph.waitForOperation(accepted), (e: unknown) => {
            assert.ok(e instanceof GraphOperationError);
            assert.equal(e.reason, "failed");
            assert.match(e.message, /operation .* failed; the change was not applied/);
            return true;
        });
        assert.deepEqual(rolesOf(await graph.getAccessAssignment(relationshipId, assignmentId)), [EXCHANGE_ADMIN]);
    });

    describe("through the provider (GdapAccessAssignment update)", () => {
        const logs: string[] = [];
        let previousSink: ReturnType<typeof setLogSink> | undefined;
        before(() => {
            configureImplementation(emulator);
            previousSink = setLogSink((_level, message) => logs.push(message));
        });
        after(() => {
            setLogSink(previousSink);
            assignmentImpl.resetRuntime();
        });

        async function created() {
            const graph = clientWith([], []);
            const { relationshipId } = await activeAssignment(graph);
            const checked = await assignmentImpl.provider.check!(
                {},
                {
                    relationshipId,
                    securityGroupId: `1111111${n}-0b28-4d08-8949-ae07ae1bf528`,
                    roles: ["Exchange Administrator"],
                },
            );
            assert.deepEqual(checked.failures ?? [], []);
            const c = await assignmentImpl.provider.create!(checked.inputs);
            return { graph, relationshipId, id: c.id, outs: c.outs };
        }

        it("records the new roles only after the operation succeeds; a second run has no diff", async () => {
            const { graph, relationshipId, id, outs } = await created();
            emulator.options.gdapOperationDelayMs = 700;
            const news = (
                await assignmentImpl.provider.check!(outs, {
                    relationshipId,
                    securityGroupId: outs.securityGroupId,
                    roles: ["Exchange Administrator", "Intune Administrator"],
                })
            ).inputs;
            const d = await assignmentImpl.provider.diff!(id, outs, news);
            assert.equal(d.changes, true);
            const started = Date.now();
            const updated = await assignmentImpl.provider.update!(id, outs, news);
            assert.ok(Date.now() - started >= 600, "update waited for the operation");
            assert.deepEqual(updated.outs.roleDefinitionIds, [EXCHANGE_ADMIN, INTUNE_ADMIN].sort());
            assert.deepEqual(
                rolesOf(await graph.getAccessAssignment(relationshipId, id)),
                [EXCHANGE_ADMIN, INTUNE_ADMIN].sort(),
            );
            assert.ok(
                logs.some((m) => /waiting for operation [0-9a-f-]{36} to apply them/.test(m)),
                logs.join("\n"),
            );

            // The next run: refresh reads the same roles, and the diff against the same program is empty.
            const refreshed = await assignmentImpl.provider.read!(id, updated.outs);
            const again = await assignmentImpl.provider.diff!(id, refreshed.props, news);
            assert.equal(again.changes, false);
        });

        it("a failed operation fails update clearly; nothing is recorded and Graph keeps the old roles", async () => {
            const { graph, relationshipId, id, outs } = await created();
            emulator.options.gdapOperationDelayMs = 0;
            emulator.options.gdapOperationOutcome = "failed";
            const news = (
                await assignmentImpl.provider.check!(outs, {
                    relationshipId,
                    securityGroupId: outs.securityGroupId,
                    roles: ["Intune Administrator"],
                })
            ).inputs;
            await assert.rejects(
                assignmentImpl.provider.update!(id, outs, news),
                /GDAP access assignment .* \(group .*\): Microsoft Graph operation .* failed; the change was not applied.*Nothing was recorded/,
            );
            assert.deepEqual(rolesOf(await graph.getAccessAssignment(relationshipId, id)), [EXCHANGE_ADMIN]);
        });
    });
});
