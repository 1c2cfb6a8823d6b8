/**
 * The emulator's Graph GDAP area driven by the real Graph client over loopback HTTP: the documented create
 * sample, lockForApproval, the status machine and the approve/expire control endpoints, If-Match, access
 * assignments (pending → active, roles a subset), OData errors, the Graph token audience, throttling through the
 * fault injector and the rate limiter, and request-log entries.
 */
import * as assert from "assert";
import fetch from "node-fetch";

import { startEmulator, type Emulator } from "../../emulator";
import { createGraphClient, GRAPH_RESOURCE, isGraphError, type GraphClient } from "pulumi-partnercenter/graph";
import { appOnlyToken, fixture, graphCredentials } from "./emulator-helpers";

const EXCHANGE_ADMIN = "29232cdf-9323-42fd-ade2-1d097af3e4de";
const INTUNE_ADMIN = "3a2c62db-5318-420d-8d74-23affee5d9d5";
const GLOBAL_READER = "f2ef992c-3afb-46b9-b7cf-a126ee74c451";
const GROUP = "869713c9-0b28-4d08-8949-ae07ae1bf528";

describe("emulator + client: Microsoft Graph GDAP", function () {
    this.timeout(30_000);
    let emulator: Emulator;
    let graph: GraphClient;
    let n = 0;

    const clientFor = (e: Emulator, extra: Partial<Parameters<typeof createGraphClient>[0]> = {}) =>
        createGraphClient({
            graphBase: `${e.url}/graph`,
            authority: e.url,
            credentials: graphCredentials(e),
            // Real waits (short): the pacer re-checks the clock after each sleep, so an instant sleep would spin.
            sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 50))),
            ...extra,
        });
    const body = (overrides: Record<string, unknown> = {}) => {
        const { _source: _ignored, ...sample } = fixture("graph-create-relationship-request.json");
        n += 1;
        return { ...sample, displayName: `Contoso admin relationship ${n}`, ...overrides } as never;
    };
    const control = (path: string) => fetch(`${emulator.url}${path}`, { method: "POST" });
    /** An App-only token for the Graph audience, for raw requests. */
    const graphToken = () => appOnlyToken(emulator, GRAPH_RESOURCE);

    before(async () => {
        emulator = await startEmulator({ port: 0 });
        graph = clientFor(emulator);
    });
    after(async () => {
        await emulator?.close();
    });

    it("creates the documented sample (201, status created, @odata.etag), App-only token for the Graph audience", async () => {
        emulator.clearRequestLog();
        const created = await graph.createRelationship(body());
        assert.strictEqual(created.status, "created");
        assert.match(created["@odata.etag"] ?? "", /^W\/".+"$/);
        assert.match(created.id, /^4b827261-d21f-4aa9-b7db-7fa1f56fb163-[0-9a-f-]{36}$/);
        assert.deepStrictEqual(
            created.accessDetails?.unifiedRoles.map((r) => r.roleDefinitionId),
            [EXCHANGE_ADMIN, INTUNE_ADMIN],
        );
        const entry = emulator.requestLog.find((e) => e.operation === "createDelegatedAdminRelationship");
        assert.strictEqual(entry?.status, 201);
        assert.strictEqual(entry?.authFlow, "appOnly");
        assert.match(entry?.requestId ?? "", /^[0-9a-f-]{36}$/, "the log records the client-request-id");
    });

    it("endDateTime at creation is created + duration (not empty); @odata.context only at the top, not on list items", async () => {
        const created = await graph.createRelationship(body({ duration: "P90D" }));
        const days = (Date.parse(created.endDateTime ?? "") - Date.parse(created.createdDateTime ?? "")) / 86_400_000;
        assert.strictEqual(days, 90, `endDateTime ${created.endDateTime}`);
        assert.ok("@odata.context" in created, "an entity answered alone carries @odata.context");
        const listed = await graph.listRelationships({ displayName: created.displayName ?? "" });
        assert.strictEqual(listed.length, 1);
        assert.ok(!("@odata.context" in listed[0]!), "list items carry no @odata.context");
        await graph.requestAction(created.id, "lockForApproval");
        await control(`/_emulator/gdap/relationships/${created.id}/approve`);
        await graph.createAccessAssignment(created.id, {
            accessContainer: { accessContainerId: GROUP, accessContainerType: "securityGroup" },
            accessDetails: { unifiedRoles: [{ roleDefinitionId: EXCHANGE_ADMIN }] },
        });
        const assignments = await graph.listAccessAssignments(created.id);
        assert.strictEqual(assignments.length, 1);
        assert.ok(!("@odata.context" in assignments[0]!), "assignment list items carry no @odata.context");
    });

    it("lockForApproval → approvalPending; approve control endpoint → active with dates; expire → expired", async () => {
        const r = await graph.createRelationship(body());
        await graph.requestAction(r.id, "lockForApproval");
        assert.strictEqual((await graph.getRelationship(r.id)).status, "approvalPending");
        const approved = await control(`/_emulator/gdap/relationships/${r.id}/approve`);
        assert.strictEqual(approved.status, 200);
        const active = await graph.getRelationship(r.id);
        assert.strictEqual(active.status, "active");
        assert.ok(Date.parse(active.activatedDateTime ?? "") > 0);
        const days = (Date.parse(active.endDateTime ?? "") - Date.parse(active.activatedDateTime ?? "")) / 86_400_000;
        assert.strictEqual(Math.round(days), 730);
        assert.strictEqual((await control(`/_emulator/gdap/relationships/${r.id}/expire`)).status, 200);
        assert.strictEqual((await graph.getRelationship(r.id)).status, "expired");
        // Approving twice is refused with an OData error naming the status.
        const again = await control(`/_emulator/gdap/relationships/${r.id}/approve`);
        assert.strictEqual(again.status, 400);
        assert.match(((await again.json()) as { error: { message: string } }).error.message, /'expired'/);
    });

    it("PATCH needs the current etag (412 otherwise) and is allowed only in created (autoExtendDuration also in active)", async () => {
        const r = await graph.createRelationship(body());
        const updated = await graph.updateRelationship(r.id, { duration: "P31D" }, r["@odata.etag"] ?? "");
        assert.strictEqual(updated.duration, "P31D");
        await assert.rejects(
            graph.updateRelationship(r.id, { duration: "P60D" }, r["@odata.etag"] ?? ""),
            (e: unknown) => {
                assert.ok(isGraphError(e));
                assert.strictEqual(e.status, 412);
                assert.strictEqual(e.code, "resourceModified");
                return true;
            },
        );
        await graph.requestAction(r.id, "lockForApproval");
        const pending = await graph.getRelationship(r.id);
        await assert.rejects(
            graph.updateRelationship(r.id, { duration: "P60D" }, pending["@odata.etag"] ?? ""),
            /'approvalPending'/,
        );
        await control(`/_emulator/gdap/relationships/${r.id}/approve`);
        const active = await graph.getRelationship(r.id);
        const extended = await graph.updateRelationship(
            r.id,
            { autoExtendDuration: "PT0S" },
            active["@odata.etag"] ?? "",
        );
        assert.strictEqual(extended.autoExtendDuration, "PT0S");
        await assert.rejects(
            graph.updateRelationship(r.id, { displayName: "renamed" }, extended["@odata.etag"] ?? ""),
            /Changing displayName is not allowed while the relationship is 'active'/,
        );
    });

    it("validates displayName (unique, ≤ 50), duration (P1D–P2Y) and autoExtendDuration with OData 4xx errors", async () => {
        const taken = body();
        await graph.createRelationship(taken);
        await assert.rejects(graph.createRelationship({ ...(taken as object) } as never), (e: unknown) => {
            assert.ok(isGraphError(e));
            assert.strictEqual(e.status, 409);
            assert.match(e.message, /^Microsoft Graph createDelegatedAdminRelationship POST .* 409 nameAlreadyExists/);
            assert.match(e.message, /client-request-id [0-9a-f-]{36}, request-id [0-9a-f-]{36}/);
            return true;
        });
        await assert.rejects(
            graph.createRelationship(body({ duration: "P3Y" })),
            /duration 'P3Y' must be .* between P1D and P2Y/,
        );
        await assert.rejects(
            graph.createRelationship(body({ autoExtendDuration: "P90D" })),
            /autoExtendDuration 'P90D'/,
        );
        await assert.rejects(graph.createRelationship(body({ displayName: "x".repeat(51) })), /at most 50 characters/);
    });

    it("access assignments: refused until active; pending → active; roles a subset; PATCH 202 applies; DELETE needs If-Match", async () => {
        const r = await graph.createRelationship(body());
        await graph.requestAction(r.id, "lockForApproval");
        const assignment = {
            accessContainer: { accessContainerId: GROUP, accessContainerType: "securityGroup" },
            accessDetails: { unifiedRoles: [{ roleDefinitionId: EXCHANGE_ADMIN }] },
        };
        await assert.rejects(
            graph.createAccessAssignment(r.id, assignment),
            /not allowed while the relationship is 'approvalPending'/,
        );
        await control(`/_emulator/gdap/relationships/${r.id}/approve`);
        const created = await graph.createAccessAssignment(r.id, assignment);
        assert.strictEqual(created.status, "pending");
        const read = await graph.getAccessAssignment(r.id, created.id);
        assert.strictEqual(read.status, "active");
        await assert.rejects(
            graph.createAccessAssignment(r.id, {
                ...assignment,
                accessContainer: {
                    ...assignment.accessContainer,
                    accessContainerId: "11111111-2222-3333-4444-555555555555",
                },
                accessDetails: { unifiedRoles: [{ roleDefinitionId: GLOBAL_READER }] },
            }),
            /must be a subset of the relationship's roles; not in relationship .*: f2ef992c/,
        );
        const accepted = await graph.updateAccessAssignment(
            r.id,
            created.id,
            { unifiedRoles: [{ roleDefinitionId: EXCHANGE_ADMIN }, { roleDefinitionId: INTUNE_ADMIN }] },
            read["@odata.etag"] ?? "",
        );
        assert.strictEqual(accepted.kind, "accepted");
        if (accepted.kind === "accepted") await graph.waitForOperation(accepted);
        const changed = await graph.getAccessAssignment(r.id, created.id);
        assert.strictEqual(changed.accessDetails?.unifiedRoles.length, 2);
        await assert.rejects(
            graph.deleteAccessAssignment(r.id, created.id, read["@odata.etag"] ?? ""),
            /412|resourceModified/,
        );
        await graph.deleteAccessAssignment(r.id, created.id, changed["@odata.etag"] ?? "");
        await assert.rejects(graph.getAccessAssignment(r.id, created.id), /404 itemNotFound/);
        assert.deepStrictEqual(await graph.listAccessAssignments(r.id), []);
    });

    it("terminate moves an active relationship to terminationRequested, then terminated; delete only in created", async () => {
        const r = await graph.createRelationship(body());
        await graph.deleteRelationship(r.id, r["@odata.etag"] ?? "");
        await assert.rejects(graph.getRelationship(r.id), /404/);
        const s = await graph.createRelationship(body());
        await graph.requestAction(s.id, "lockForApproval");
        await assert.rejects(
            graph.requestAction(s.id, "terminate"),
            /terminate is not allowed while the relationship is 'approvalPending'/,
        );
        await control(`/_emulator/gdap/relationships/${s.id}/approve`);
        await graph.requestAction(s.id, "terminate");
        assert.strictEqual((await graph.getRelationship(s.id)).status, "terminated");
    });

    it("requests: each lockForApproval/terminate is listed and read back, created → succeeded once it took effect", async () => {
        const r = await graph.createRelationship(body());
        const other = await graph.createRelationship(body());
        const lock = await graph.requestAction(r.id, "lockForApproval");
        assert.strictEqual(lock.status, "created");
        assert.strictEqual(lock["@odata.etag"], undefined, "the create answer has no etag (as its sample)");
        const raw = await fetch(
            `${emulator.url}/graph/v1.0/tenantRelationships/delegatedAdminRelationships/${r.id}/requests`,
            {
                headers: { Authorization: `Bearer ${await graphToken()}` },
            },
        );
        const listed = (await raw.json()) as { "@odata.context"?: string; value: Record<string, unknown>[] };
        assert.match(listed["@odata.context"] ?? "", /\$metadata#requests$/);
        assert.deepStrictEqual(
            listed.value.map((q) => [q["id"], q["action"], q["status"], "@odata.context" in q]),
            [[lock.id, "lockForApproval", "succeeded", false]],
        );
        await control(`/_emulator/gdap/relationships/${r.id}/approve`);
        const end = await graph.requestAction(r.id, "terminate");
        assert.strictEqual((await graph.getRequest(r.id, end.id)).status, "succeeded");
        assert.strictEqual((await graph.getRelationship(r.id)).status, "terminated");
        assert.deepStrictEqual(
            (await graph.listRequests(r.id)).map((q) => `${q.action} ${q.status}`),
            ["lockForApproval succeeded", "terminate succeeded"],
        );
        assert.deepStrictEqual(await graph.listRequests(other.id), []);
        await assert.rejects(graph.getRequest(other.id, lock.id), /404/);
    });

    it("a throttled Graph call gets the published 429 (TooManyRequests, fractional Retry-After) and waits it out in full", async () => {
        const r = await graph.createRelationship(body());
        emulator.faults.add({
            kind: "throttle",
            retryAfterSeconds: 0.2134,
            match: { operation: "getDelegatedAdminRelationship" },
        });
        const token = await graphToken();
        const url = `${emulator.url}/graph/v1.0/tenantRelationships/delegatedAdminRelationships/${r.id}`;
        const res = await fetch(url, { headers: { Authorization: `Bearer ${token}`, "client-request-id": "c-1" } });
        assert.strictEqual(res.status, 429);
        assert.strictEqual(res.headers.get("Retry-After"), "0.214", "rounded up to the millisecond, never down");
        const error = ((await res.json()) as { error: Record<string, unknown> }).error;
        assert.strictEqual(error["code"], "TooManyRequests");
        assert.strictEqual(error["message"], "Please retry again later.");
        const inner = error["innerError"] as Record<string, string>;
        assert.deepStrictEqual(Object.keys(inner).sort(), [
            "client-request-id",
            "code",
            "date",
            "message",
            "request-id",
            "status",
        ]);
        assert.strictEqual(inner["client-request-id"], "c-1");
        assert.match(inner["date"] ?? "", /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);

        emulator.faults.add({
            kind: "throttle",
            retryAfterSeconds: 0.2134,
            match: { operation: "getDelegatedAdminRelationship" },
        });
        const slept: number[] = [];
        const client = clientFor(emulator, {
            // No jitter: the retry waits max(Retry-After, backoff), and a zero backoff leaves the Retry-After alone.
            random: () => 0,
            sleep: (ms) => {
                slept.push(ms);
                return new Promise((resolve) => setTimeout(resolve, ms));
            },
        });
        assert.strictEqual((await client.getRelationship(r.id)).id, r.id);
        assert.ok(slept.includes(214), `waited ${slept.join(",")} ms, not 214 (0.214 s)`);
    });

    it("lists by exact displayName ($filter), the way an ambiguous create is reconciled", async () => {
        const b = body({ displayName: "O'Brien relationship" });
        const r = await graph.createRelationship(b);
        const found = await graph.listRelationships({ displayName: "O'Brien relationship" });
        assert.deepStrictEqual(
            found.map((x) => x.id),
            [r.id],
        );
    });

    it("a Partner Center token is refused on Graph routes (401 invalid audience)", async () => {
        const token = emulator.issueAccessToken();
        const pc = clientFor(emulator, { credentials: { kind: "accessToken", accessToken: token } });
        await assert.rejects(pc.listRelationships(), (e: unknown) => {
            assert.ok(isGraphError(e));
            assert.strictEqual(e.status, 401);
            assert.match(e.message, /Invalid audience.*https:\/\/graph\.microsoft\.com/);
            assert.ok(!e.message.includes(token), "the token never appears in an error");
            return true;
        });
        assert.strictEqual(GRAPH_RESOURCE, "https://graph.microsoft.com");
    });

    it("injected 429s and 5xx on Graph operations are retried with the same client-request-id; nothing duplicated", async () => {
        emulator.faults.add({
            kind: "throttle",
            count: 3,
            retryAfterSeconds: 1,
            match: { operation: "getDelegatedAdminRelationship" },
        });
        emulator.faults.add({
            kind: "status",
            status: 503,
            count: 1,
            match: { operation: "listDelegatedAdminRelationships" },
        });
        const r = await graph.createRelationship(body());
        emulator.clearRequestLog();
        assert.strictEqual((await graph.getRelationship(r.id)).id, r.id);
        await graph.listRelationships();
        const gets = emulator.requestLog.filter((e) => e.operation === "getDelegatedAdminRelationship");
        assert.deepStrictEqual(
            gets.map((e) => e.status),
            [429, 429, 429, 200],
        );
        assert.strictEqual(new Set(gets.map((e) => e.requestId)).size, 1, "one client-request-id per logical call");
        assert.deepStrictEqual(
            emulator.requestLog.filter((e) => e.operation === "listDelegatedAdminRelationships").map((e) => e.status),
            [503, 200],
        );
    });

    it("the emulator's Graph limit applies to Graph calls in a bucket of their own (429 + Retry-After, then success)", async () => {
        const limited = await startEmulator({ port: 0, rateLimits: { graph: { requestsPerMinute: 120, burst: 2 } } });
        try {
            const client = clientFor(limited, {
                sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 600))),
            });
            const results = await Promise.all([1, 2, 3, 4].map(() => client.listRelationships()));
            assert.strictEqual(results.length, 4);
            const statuses = limited.requestLog
                .filter((e) => e.operation === "listDelegatedAdminRelationships")
                .map((e) => e.status);
            assert.ok(statuses.includes(429), `expected a 429 among ${statuses.join(",")}`);
            assert.strictEqual(statuses.filter((s) => s === 200).length, 4);
        } finally {
            await limited.close();
        }
    });
});
