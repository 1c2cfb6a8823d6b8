/**
 * Previews that tell the truth across the onboarding chain (customer → MCA agreement → GDAP relationship → access
 * assignment), through the real Pulumi CLI against the emulator, with no `partnercenter:graphEndpoint` (the
 * emulator's Graph is found from the endpoint). Each everyday edit's preview is asserted as an exact plan per
 * resource, and the emulator's log shows what was written:
 * - a billing email edit previews as exactly one update (the customer) and no replacement; `up` makes one PUT;
 * - a role added to an approved relationship while keeping its displayName fails in preview, naming displayName,
 *   with nothing written; with a new displayName the preview plans the relationship and its assignment replaced;
 * - a domain change (a new customer) that keeps the relationship's displayName fails in preview, before the new
 *   tenant is created.
 */
import * as assert from "assert";
import * as path from "path";

import fetch from "node-fetch";
import type { EngineEvent } from "@pulumi/pulumi/automation";

import { REPO_ROOT } from "../../scripts/pulumi-env";
import { customerArgs, setUpE2E, type E2EEnvironment } from "./harness";

const TYPE = (name: string) => `pulumi-nodejs:dynamic/partnercenter:${name}`;
const CUSTOMER = TYPE("IndirectResellerCustomer");
const AGREEMENT = TYPE("CustomerAgreement");
const RELATIONSHIP = TYPE("GdapRelationship");
const ASSIGNMENT = TYPE("GdapAccessAssignment");
const HELPDESK_AGENTS = "0f0e0d0c-0b0a-4909-8807-060504030201";
const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** POSTs that change nothing (Partner Center's address validation answers a question). */
const QUESTIONS = new Set(["validateAddress"]);

/** Engine steps per resource type (`{type: {op: n}}`), from the event stream of one operation. */
async function planOf<T>(run: (o: { onEvent: (e: EngineEvent) => void }) => Promise<T>) {
    const plan: Record<string, Record<string, number>> = {};
    const result = await run({
        onEvent: (event) => {
            const m = event.resourcePreEvent?.metadata;
            if (m && m.type.startsWith("pulumi-nodejs:dynamic/")) {
                const byType = (plan[m.type] ??= {});
                byType[m.op] = (byType[m.op] ?? 0) + 1;
            }
        },
    });
    return { result, plan };
}

describe("e2e: previews that tell the truth across the chain", function () {
    let e2e: E2EEnvironment;
    const customer = customerArgs("e2echaincontoso") as { billingProfile: Record<string, unknown> };
    const base = {
        customer,
        signatory: { firstName: "Tania", lastName: "Carr", email: "tania@e2echaincontoso.example" },
        relationship: { displayName: "E2E chain support", roles: ["Helpdesk Administrator"], onDelete: "retain" },
        assignments: { helpdesk: { securityGroupId: HELPDESK_AGENTS, roles: ["Helpdesk Administrator"] } },
    };
    const setSpec = (s: unknown) => e2e.stack.setConfig("chain", { value: JSON.stringify(s) });
    const writesSince = (since: () => { method: string; operation: string }[]) =>
        since()
            .filter((r) => WRITES.has(r.method) && !QUESTIONS.has(r.operation))
            .map((r) => r.operation);

    before(async () => {
        e2e = await setUpE2E({
            workDir: path.join(REPO_ROOT, "tests", "e2e", "chain-program"),
            programModule: path.join(REPO_ROOT, "dist", "tests", "e2e", "chain-program", "index.js"),
        });
        // The chain as onboarding leaves it: customer, agreement pending, relationship approved, one assignment.
        await setSpec({ ...base, assignments: undefined });
        await e2e.stack.up();
        const id = (await e2e.stack.outputs())["relationshipId"]?.value as string;
        const approved = await fetch(`${e2e.emulator.url}/_emulator/gdap/relationships/${id}/approve`, {
            method: "POST",
        });
        assert.strictEqual(approved.status, 200);
        await e2e.stack.refresh();
        await setSpec(base);
        await e2e.stack.up();
        assert.strictEqual((await e2e.stack.outputs())["relationshipStatus"]?.value, "active");
    });
    after(async () => {
        await e2e?.dispose();
    });

    it("an email edit previews as exactly one update and no replacement; up makes one billing PUT", async () => {
        await setSpec({
            ...base,
            customer: {
                ...customer,
                billingProfile: { ...customer.billingProfile, email: "finance@e2echaincontoso.example" },
            },
        });
        const since = e2e.mark();
        const { plan } = await planOf((o) => e2e.stack.preview(o));
        assert.deepStrictEqual(plan, {
            [CUSTOMER]: { update: 1 },
            [AGREEMENT]: { same: 1 },
            [RELATIONSHIP]: { same: 1 },
            [ASSIGNMENT]: { same: 1 },
        });
        assert.deepStrictEqual(writesSince(since), [], "preview wrote something");
        const up = await planOf((o) => e2e.stack.up(o));
        assert.deepStrictEqual(up.plan[CUSTOMER], { update: 1 });
        assert.deepStrictEqual(up.result.summary.resourceChanges, { same: 4, update: 1 });
        assert.deepStrictEqual(writesSince(since), ["updateBillingProfile"]);
    });

    it("a role added under the same displayName fails in preview, naming displayName; nothing is written", async () => {
        const current = JSON.parse((await e2e.stack.getConfig("chain")).value) as typeof base;
        await setSpec({
            ...current,
            relationship: { ...current.relationship, roles: ["Helpdesk Administrator", "User Administrator"] },
        });
        const since = e2e.mark();
        await assert.rejects(e2e.stack.preview(), (e: Error) => {
            assert.match(e.message, /displayName/);
            assert.match(
                e.message,
                /replaces GDAP relationship .*needs a new displayName: 'E2E chain support' stays taken/,
            );
            return true;
        });
        assert.deepStrictEqual(writesSince(since), []);
        await setSpec(current);
    });

    it("the same role addition with a new displayName previews the relationship and its assignment replaced", async () => {
        const current = JSON.parse((await e2e.stack.getConfig("chain")).value) as typeof base;
        await setSpec({
            ...current,
            relationship: {
                ...current.relationship,
                displayName: "E2E chain support 2",
                roles: ["Helpdesk Administrator", "User Administrator"],
            },
        });
        const since = e2e.mark();
        const { plan, result } = await planOf((o) => e2e.stack.preview(o));
        assert.deepStrictEqual(plan[CUSTOMER], { same: 1 });
        assert.deepStrictEqual(plan[AGREEMENT], { same: 1 });
        assert.strictEqual(plan[RELATIONSHIP]?.["replace"], 1, JSON.stringify(plan));
        assert.strictEqual(plan[ASSIGNMENT]?.["replace"], 1, JSON.stringify(plan));
        assert.match(result.stdout + result.stderr, /customer must approve again/);
        assert.match(
            result.stdout + result.stderr,
            /the new relationship must be approved by the customer before the assignment can be recreated/,
        );
        assert.deepStrictEqual(writesSince(since), []);
    });

    it("up then stops at the assignment; after the customer's approval, refresh and up complete the chain", async () => {
        await assert.rejects(e2e.stack.up(), /is 'approvalPending', not 'active'/);
        const replacement = [...e2e.emulator.graph.store.relationships.values()].find(
            (r) => r.displayName === "E2E chain support 2",
        );
        assert.ok(replacement, "the new relationship was created");
        const approved = await fetch(`${e2e.emulator.url}/_emulator/gdap/relationships/${replacement.id}/approve`, {
            method: "POST",
        });
        assert.strictEqual(approved.status, 200);
        await e2e.stack.refresh();
        const up = await planOf((o) => e2e.stack.up(o));
        assert.strictEqual((await e2e.stack.outputs())["relationshipId"]?.value, replacement.id);
        assert.strictEqual(e2e.emulator.graph.store.assignmentsOf(replacement.id).length, 1);
        assert.deepStrictEqual(up.plan[CUSTOMER], { same: 1 });
    });

    it("a missing or misspelt property fails the preview naming it (not 'Unexpected struct type')", async () => {
        const current = JSON.parse((await e2e.stack.getConfig("chain")).value) as typeof base;
        const { displayName: _dropped, ...withoutName } = current.relationship;
        await setSpec({ ...current, relationship: { ...withoutName, autoExtend: "P180D" } });
        const since = e2e.mark();
        try {
            await assert.rejects(e2e.stack.preview(), (e: Error) => {
                assert.doesNotMatch(e.message, /Unexpected struct type/);
                assert.match(e.message, /property displayName .*has a problem: is required/);
                assert.match(e.message, /autoExtend.*is not a known property \(did you mean autoExtendDuration\?\)/);
                return true;
            });
            assert.deepStrictEqual(writesSince(since), []);
        } finally {
            await setSpec(current);
        }
    });

    it("a domain change that keeps the relationship's displayName fails in preview, before a tenant is created", async () => {
        const current = JSON.parse((await e2e.stack.getConfig("chain")).value) as typeof base;
        await setSpec({
            ...current,
            customer: { ...current.customer, companyProfile: { domain: "e2echainfabrikam.onmicrosoft.com" } },
        });
        const since = e2e.mark();
        await assert.rejects(e2e.stack.preview(), (e: Error) => {
            assert.match(e.message, /customerTenantId \(not known yet: its customer is being replaced\)/);
            assert.match(e.message, /needs a new displayName/);
            return true;
        });
        // `pulumi up` runs this preview first (unless --skip-preview), so it stops here too.
        assert.deepStrictEqual(
            writesSince(since),
            [],
            `written before the predictable failure: ${writesSince(since).join(", ")}`,
        );
        await setSpec(current);
    });
});
