/**
 * GDAP through the real Pulumi CLI (Automation API) against the emulator's Partner Center and Graph areas:
 * customer + relationship (approvalPending, invitation URL), an assignment declared before approval fails in
 * preview, approval through the emulator's control endpoint, refresh → active, assignments created, a role change
 * is an update, a 429 storm on Graph calls ends with no failure, no secret in `pulumi stack export`, and destroy
 * terminates per onDelete (asserted on the request log).
 */
import * as assert from "assert";
import * as path from "path";

import fetch from "node-fetch";
import type { EngineEvent } from "@pulumi/pulumi/automation";

import { REPO_ROOT } from "../../scripts/pulumi-env";
import { count, customerArgs, secretsOf, setUpE2E, type E2EEnvironment } from "./harness";

const RELATIONSHIP_TYPE = "pulumi-nodejs:dynamic/partnercenter:GdapRelationship";
const ASSIGNMENT_TYPE = "pulumi-nodejs:dynamic/partnercenter:GdapAccessAssignment";
const HELPDESK_AGENTS = "0f0e0d0c-0b0a-4909-8807-060504030201";
const USER_ADMINS = "1a1b1c1d-1e1f-4a2b-8c3d-4e5f60718293";
const GRAPH_OPERATIONS = [
    "getDelegatedAdminRelationship",
    "listDelegatedAdminRelationships",
    "getDelegatedAdminAccessAssignment",
    "updateDelegatedAdminAccessAssignment",
];

/** The relationship's outputs in an exported deployment. */
function relationshipState(stateJson: string): Record<string, unknown> | undefined {
    const state = JSON.parse(stateJson) as {
        deployment?: { resources?: { type: string; outputs: Record<string, unknown> }[] };
    };
    return state.deployment?.resources?.find((r) => r.type === RELATIONSHIP_TYPE)?.outputs;
}

/** Engine steps per resource type, from the event stream. */
async function opsOf<T>(run: (o: { onEvent: (e: EngineEvent) => void }) => Promise<T>) {
    const ops: Record<string, Record<string, number>> = {};
    const result = await run({
        onEvent: (event) => {
            const m = event.resourcePreEvent?.metadata;
            if (m) {
                const byType = (ops[m.type] ??= {});
                byType[m.op] = (byType[m.op] ?? 0) + 1;
            }
        },
    });
    return { result, ops };
}

describe("e2e: GDAP relationship and access assignments through the Pulumi CLI", function () {
    let e2e: E2EEnvironment;
    const relationship = {
        displayName: "E2E Contoso support",
        roles: ["Helpdesk Administrator", "User Administrator", "Global Reader"],
        onDelete: "terminate",
    };
    const spec = (assignments?: Record<string, { securityGroupId: string; roles: string[] }>) => ({
        customer: customerArgs("e2egdapcontoso"),
        relationship,
        ...(assignments ? { assignments } : {}),
    });
    const setSpec = (s: unknown) => e2e.stack.setConfig("gdap", { value: JSON.stringify(s) });
    const twoGroups = {
        helpdesk: { securityGroupId: HELPDESK_AGENTS, roles: ["Helpdesk Administrator"] },
        users: { securityGroupId: USER_ADMINS, roles: ["User Administrator"] },
    };

    before(async () => {
        e2e = await setUpE2E({
            workDir: path.join(REPO_ROOT, "tests", "e2e", "gdap-program"),
            programModule: path.join(REPO_ROOT, "dist", "tests", "e2e", "gdap-program", "index.js"),
        });
        await e2e.stack.setConfig("partnercenter:graphEndpoint", { value: `${e2e.emulator.url}/graph` });
        await setSpec(spec());
    });
    after(async () => {
        await e2e?.dispose();
    });

    it("1. up creates the customer and the relationship, locked for approval; outputs carry the invitation URL", async () => {
        const since = e2e.mark();
        const { result, ops } = await opsOf((o) => e2e.stack.up(o));
        assert.deepStrictEqual(ops[RELATIONSHIP_TYPE], { create: 1 });
        assert.strictEqual(result.outputs["status"]?.value, "approvalPending");
        const id = result.outputs["relationshipId"]?.value as string;
        assert.strictEqual(
            result.outputs["invitationUrl"]?.value,
            `https://admin.microsoft.com/AdminPortal/Home#/partners/invitation/granularAdminRelationships/${id}`,
        );
        assert.match(
            String(result.outputs["pendingAction"]?.value),
            /^Send https:\/\/admin\.microsoft\.com\/.* to a Global Administrator of customer tenant/,
        );
        assert.match(result.stdout + result.stderr, /needs the customer's approval/, "preview/up shows the human step");
        const log = since();
        assert.strictEqual(count(log, "createCustomer"), 1);
        assert.strictEqual(count(log, "createDelegatedAdminRelationship"), 1);
        assert.strictEqual(count(log, "createDelegatedAdminRelationshipRequest"), 1);
        assert.ok(log.filter((e) => e.operation.includes("DelegatedAdmin")).every((e) => e.authFlow === "appOnly"));
        assert.strictEqual(e2e.emulator.graph.store.relationships.get(id)?.status, "approvalPending");
    });

    it("2. an access assignment declared before approval fails in preview with the status and the invitation URL", async () => {
        await setSpec(spec(twoGroups));
        const since = e2e.mark();
        await assert.rejects(e2e.stack.preview(), (e: Error) => {
            assert.match(e.message, /is 'approvalPending', not 'active'/);
            assert.match(e.message, /granularAdminRelationships\//);
            return true;
        });
        assert.strictEqual(count(since(), "createDelegatedAdminAccessAssignment"), 0);
    });

    it("3. after the emulator's approve endpoint, refresh shows active and up creates both assignments", async () => {
        const id = (await e2e.stack.outputs())["relationshipId"]?.value as string;
        const approved = await fetch(`${e2e.emulator.url}/_emulator/gdap/relationships/${id}/approve`, {
            method: "POST",
        });
        assert.strictEqual(approved.status, 200);
        await setSpec(spec());
        const refresh = await e2e.stack.refresh();
        assert.ok(refresh.summary.resourceChanges, "refresh ran");
        // Stack outputs come from the program (not re-run by refresh); the resource's state has the status.
        assert.strictEqual(relationshipState(await e2e.exportState())?.["status"], "active");
        await setSpec(spec(twoGroups));
        const since = e2e.mark();
        const { result, ops } = await opsOf((o) => e2e.stack.up(o));
        assert.deepStrictEqual(ops[ASSIGNMENT_TYPE], { create: 2 });
        assert.strictEqual(count(since(), "createDelegatedAdminAccessAssignment"), 2);
        assert.strictEqual(result.outputs["status"]?.value, "active");
        assert.strictEqual(result.outputs["pendingAction"]?.value, "");
        assert.strictEqual(e2e.emulator.graph.store.assignmentsOf(id).length, 2);
    });

    it("4. a role change on an assignment is an update (one PATCH), not a replacement", async () => {
        await setSpec(
            spec({
                ...twoGroups,
                helpdesk: { securityGroupId: HELPDESK_AGENTS, roles: ["Helpdesk Administrator", "Global Reader"] },
            }),
        );
        const preview = await opsOf((o) => e2e.stack.preview(o));
        assert.strictEqual(preview.ops[ASSIGNMENT_TYPE]?.["update"], 1);
        assert.strictEqual(preview.ops[ASSIGNMENT_TYPE]?.["replace"], undefined);
        const since = e2e.mark();
        const { result } = await opsOf((o) => e2e.stack.up(o));
        assert.strictEqual(count(since(), "updateDelegatedAdminAccessAssignment"), 1);
        assert.strictEqual(count(since(), "deleteDelegatedAdminAccessAssignment"), 0);
        const statuses = result.outputs["assignmentStatuses"]?.value as Record<string, { roles: string[] }>;
        assert.deepStrictEqual(statuses["helpdesk"]?.roles.sort(), ["Global Reader", "Helpdesk Administrator"]);
    });

    it("5. a 429 storm on Graph calls (refresh and an update) ends with 0 failures", async () => {
        for (const operation of GRAPH_OPERATIONS) {
            e2e.emulator.faults.add({ kind: "throttle", count: 4, retryAfterSeconds: 1, match: { operation } });
        }
        const since = e2e.mark();
        await e2e.stack.refresh();
        await setSpec(spec(twoGroups));
        await e2e.stack.up();
        const log = since();
        const throttled = log.filter((e) => e.status === 429 && GRAPH_OPERATIONS.includes(e.operation)).length;
        assert.ok(throttled >= 8, `expected the storm to throttle Graph calls, saw ${throttled}`);
        const updates = log.filter((e) => e.operation === "updateDelegatedAdminAccessAssignment");
        assert.deepStrictEqual(
            updates.map((e) => e.status),
            [429, 429, 429, 429, 202],
            "the PATCH is re-sent after each 429 and applied once",
        );
        assert.strictEqual(
            new Set(updates.map((e) => e.requestId)).size,
            1,
            "one client-request-id for the logical call",
        );
        const failed = log.filter((e) => typeof e.status === "number" && e.status >= 400 && e.status !== 429);
        assert.deepStrictEqual(failed, [], "no Graph or Partner Center call failed other than the throttled attempts");
        e2e.emulator.faults.clear();
    });

    it("6. stack export holds no plaintext secret", async () => {
        const state = await e2e.exportState();
        for (const secret of secretsOf(e2e.emulator)) {
            assert.ok(!state.includes(secret), "a credential appears in plaintext in the exported state");
        }
        assert.ok(!/Bearer\s/i.test(state));
        assert.ok(state.includes(RELATIONSHIP_TYPE) && state.includes(ASSIGNMENT_TYPE));
    });

    it("7. destroy removes the assignments and terminates the relationship (onDelete: terminate)", async () => {
        const id = (await e2e.stack.outputs())["relationshipId"]?.value as string;
        const since = e2e.mark();
        await e2e.stack.destroy();
        const log = since();
        assert.strictEqual(count(log, "deleteDelegatedAdminAccessAssignment"), 2);
        assert.strictEqual(count(log, "createDelegatedAdminRelationshipRequest"), 1, "one terminate request");
        const stored = e2e.emulator.graph.store.relationships.get(id);
        assert.ok(stored && ["terminationRequested", "terminated"].includes(stored.status), stored?.status);
    });
});
