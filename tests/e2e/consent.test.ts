/**
 * Application consent through the real Pulumi CLI (Automation API) against the emulator: customer → GDAP
 * relationship holding Cloud Application Administrator (approved through the emulator's control endpoint) → its
 * access assignment → `ApplicationConsent`. Up creates the consent after the assignment and preview shows the
 * grants; the same program again previews no change; a grant change is a replace that deletes the old consent
 * before creating the new one; destroy removes the consent (asserted on the request log and the emulator's store).
 */
import * as assert from "assert";
import * as path from "path";

import fetch from "node-fetch";
import type { EngineEvent } from "@pulumi/pulumi/automation";

import { REPO_ROOT } from "../../scripts/pulumi-env";
import { count, customerArgs, secretsOf, setUpE2E, type E2EEnvironment } from "./harness";

const CONSENT_TYPE = "pulumi-nodejs:dynamic/partnercenter:ApplicationConsent";
const GRAPH = "00000003-0000-0000-c000-000000000000";
const CONSENTERS = "2b3c4d5e-6f70-4a81-9b2c-3d4e5f607182";

/** Engine steps of the consent, from the event stream. */
async function consentOps<T>(run: (o: { onEvent: (e: EngineEvent) => void }) => Promise<T>) {
    const ops: string[] = [];
    const result = await run({
        onEvent: (event) => {
            const m = event.resourcePreEvent?.metadata;
            if (m?.type === CONSENT_TYPE) {
                ops.push(m.op);
            }
        },
    });
    return { result, ops };
}

describe("e2e: ApplicationConsent after GDAP, through the Pulumi CLI", function () {
    let e2e: E2EEnvironment;
    let clientId: string;
    const base = {
        customer: customerArgs("e2econsentcontoso"),
        relationship: { displayName: "E2E Contoso consent", roles: ["Cloud Application Administrator"] },
    };
    const withConsent = (scope: string) => ({
        ...base,
        assignment: { securityGroupId: CONSENTERS, roles: ["Cloud Application Administrator"] },
        consent: {
            applicationId: clientId,
            displayName: "Contoso automation",
            applicationGrants: [{ enterpriseApplicationId: GRAPH, scope }],
        },
    });
    const setSpec = (s: unknown) => e2e.stack.setConfig("consent", { value: JSON.stringify(s) });

    before(async () => {
        e2e = await setUpE2E({
            workDir: path.join(REPO_ROOT, "tests", "e2e", "consent-program"),
            programModule: path.join(REPO_ROOT, "dist", "tests", "e2e", "consent-program", "index.js"),
        });
        clientId = e2e.emulator.seed.partner.clientId;
        await e2e.stack.setConfig("partnercenter:graphEndpoint", { value: `${e2e.emulator.url}/graph` });
        await setSpec(base);
    });
    after(async () => {
        await e2e?.dispose();
    });

    it("1. up creates the customer and the relationship; the customer approves it (emulator); refresh: active", async () => {
        const up = await e2e.stack.up();
        assert.strictEqual(up.outputs["status"]?.value, "approvalPending");
        const id = up.outputs["relationshipId"]?.value as string;
        const approved = await fetch(`${e2e.emulator.url}/_emulator/gdap/relationships/${id}/approve`, {
            method: "POST",
        });
        assert.strictEqual(approved.status, 200);
        await e2e.stack.refresh();
        assert.strictEqual(e2e.emulator.graph.store.relationships.get(id)?.status, "active");
    });

    it("2. preview shows the grants; up creates the assignment, then the consent with them", async () => {
        await setSpec(withConsent("Directory.Read.All,User.Read"));
        const preview = await consentOps((o) => e2e.stack.preview(o));
        assert.deepStrictEqual(preview.ops, ["create"]);
        assert.match(
            preview.result.stdout,
            /will grant Microsoft Graph \(00000003-0000-0000-c000-000000000000\): Directory\.Read\.All, User\.Read/,
        );
        const since = e2e.mark();
        const { result, ops } = await consentOps((o) => e2e.stack.up(o));
        assert.deepStrictEqual(ops, ["create"]);
        const log = since();
        const assignment = log.findIndex((e) => e.operation === "createDelegatedAdminAccessAssignment");
        const consent = log.findIndex((e) => e.operation === "createApplicationConsent");
        assert.ok(assignment >= 0 && consent > assignment, "the consent is created after the assignment");
        assert.strictEqual(log[consent]?.status, 201);
        const customerId = log.find((e) => e.operation === "createApplicationConsent")?.path.split("/")[3] ?? "";
        assert.strictEqual(result.outputs["consentId"]?.value, `${customerId}/${clientId}`);
        assert.deepStrictEqual(result.outputs["grantSummary"]?.value, [
            "Microsoft Graph (00000003-0000-0000-c000-000000000000): Directory.Read.All, User.Read",
        ]);
        assert.deepStrictEqual(
            (await consentsOf(customerId)).map((c) => c.applicationGrants),
            [[{ enterpriseApplicationId: GRAPH, scope: "Directory.Read.All,User.Read" }]],
        );
    });

    it("3. the same program (scopes reordered) previews no change and calls no write", async () => {
        await setSpec(withConsent("User.Read, Directory.Read.All"));
        const since = e2e.mark();
        const preview = await consentOps((o) => e2e.stack.preview(o));
        assert.deepStrictEqual(preview.ops, ["same"]);
        assert.strictEqual(preview.result.changeSummary["update"] ?? 0, 0);
        assert.strictEqual(preview.result.changeSummary["replace"] ?? 0, 0);
        assert.strictEqual(preview.result.changeSummary["create"] ?? 0, 0);
        assert.deepStrictEqual(
            since().filter((e) => e.method !== "GET" && e.method !== "HEAD"),
            [],
            "a no-change preview writes nothing",
        );
    });

    it("3b. a malformed grant fails preview naming its property path and the rule, before anything is written", async () => {
        await setSpec({
            ...withConsent("Directory.Read.All"),
            consent: {
                ...withConsent("Directory.Read.All").consent,
                applicationGrants: [
                    { enterpriseApplicationId: GRAPH, scope: "Directory.Read.All" },
                    {
                        enterpriseApplicationId: "00000002-0000-0000-c000-000000000000",
                        scope: "Directory.ReadWrite.Al,",
                    },
                ],
            },
        });
        const since = e2e.mark();
        await assert.rejects(e2e.stack.preview(), (e: Error) => {
            assert.match(e.message, /applicationGrants\[1\]\.scope: has a blank item/);
            return true;
        });
        assert.deepStrictEqual(
            since().filter((e) => e.method !== "GET" && e.method !== "HEAD"),
            [],
            "nothing is written",
        );
    });

    it("4. a grant change is a replace: the old consent is deleted before the new one is created", async () => {
        await setSpec(withConsent("Directory.Read.All,User.Read,Group.Read.All"));
        const preview = await consentOps((o) => e2e.stack.preview(o));
        assert.ok(preview.ops.includes("replace") || preview.ops.includes("delete-replaced"), preview.ops.join(","));
        assert.match(preview.result.stdout, /deleted, then created again/);
        const since = e2e.mark();
        await e2e.stack.up();
        const writes = since()
            .filter((e) => e.operation === "deleteApplicationConsent" || e.operation === "createApplicationConsent")
            .map((e) => `${e.operation} ${String(e.status)}`);
        assert.deepStrictEqual(writes, ["deleteApplicationConsent 200", "createApplicationConsent 201"]);
    });

    it("5. stack export holds no plaintext secret", async () => {
        const state = await e2e.exportState();
        for (const secret of secretsOf(e2e.emulator)) {
            assert.ok(!state.includes(secret), "a credential appears in plaintext in the exported state");
        }
        assert.ok(state.includes(CONSENT_TYPE));
    });

    it("6. destroy removes the consent (and the assignment, and terminates the relationship)", async () => {
        const customerId = String((await e2e.stack.outputs())["consentId"]?.value ?? "").split("/")[0] ?? "";
        const since = e2e.mark();
        await e2e.stack.destroy();
        const log = since();
        assert.strictEqual(count(log, "deleteApplicationConsent"), 1);
        assert.strictEqual(count(log, "deleteDelegatedAdminAccessAssignment"), 1);
        assert.deepStrictEqual(await consentsOf(customerId), []);
    });

    /** The customer's consents as the emulator stores them (through its API, App+User token). */
    async function consentsOf(customerId: string): Promise<{ applicationGrants: unknown }[]> {
        const res = await fetch(`${e2e.emulator.url}/v1/customers/${customerId}/applicationconsents`, {
            headers: { Authorization: `Bearer ${e2e.emulator.issueAccessToken()}` },
        });
        assert.strictEqual(res.status, 200);
        return ((await res.json()) as { items: { applicationGrants: unknown }[] }).items;
    }
});
