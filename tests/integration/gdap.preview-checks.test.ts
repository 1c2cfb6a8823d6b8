/**
 * What a GdapRelationship's check tells in preview, before anything in the stack is written (issue "Trust across
 * the chain", points 3, 5 and 7), through the real provider object against the emulator's Graph:
 * - a displayName another relationship holds fails even while the customer's tenant is not known yet (a new
 *   customer in the same preview), with only reads of the relationship list;
 * - a change that replaces an existing relationship and keeps its displayName fails (the old one keeps the name);
 * - a change that is a PATCH (autoExtendDuration while active) passes;
 * - Global Administrator with auto-extend is refused offline, with the rule's source;
 * - Graph unreachable names partnercenter:graphEndpoint.
 */
import assert from "node:assert/strict";

import fetch from "node-fetch";
import * as relationship from "pulumi-partnercenter/gdap-relationship";
import { setLogSink } from "pulumi-partnercenter/runtime";
import { UNKNOWN } from "pulumi-partnercenter/validate";

import { startEmulator, type Emulator } from "../../emulator";
import { configureImplementation } from "../fixtures/emulator-config";

type Props = Record<string, unknown>;

const TENANT = "4b827261-d21f-4aa9-b7db-7fa1f56fb163";
const OTHER_TENANT = "0e4a1c2b-3d5f-4a6b-9c8d-7e6f5a4b3c2d";

const WRITES = new Set(["POST", "PATCH", "PUT", "DELETE"]);

describe("GdapRelationship check in preview: failures before anything is written", function () {
    let emulator: Emulator;
    const calls = () => emulator.requestLog.filter((r) => !r.path.includes("/oauth2/"));

    before(async () => {
        emulator = await startEmulator({ port: 0 });
        configureImplementation(emulator); // Graph at <endpoint>/graph: no graphEndpoint key needed offline
    });
    after(async () => emulator.close());

    /** Create a relationship through the provider, as `up` would; optionally approve it. */
    async function existing(name: string, approve: boolean): Promise<{ id: string; inputs: Props }> {
        const checked = await relationship.provider.check(
            {},
            { displayName: name, customerTenantId: TENANT, roles: ["Helpdesk Administrator"] },
        );
        assert.deepEqual(checked.failures, []);
        const created = await relationship.provider.create(checked.inputs as Props);
        if (approve) {
            const res = await fetch(`${emulator.url}/_emulator/gdap/relationships/${created.id}/approve`, {
                method: "POST",
            });
            assert.equal(res.status, 200);
        }
        return { id: created.id, inputs: checked.inputs as Props };
    }

    it("a taken displayName fails while the customer is still unknown (a new customer), with reads only", async () => {
        await existing("Taken by another", false);
        emulator.requestLog.length = 0;
        const result = await relationship.provider.check(
            {},
            { displayName: "Taken by another", customerTenantId: UNKNOWN, roles: ["Global Reader"] },
        );
        const reasons = (result.failures ?? []).map((f) => `${f.property}: ${f.reason}`);
        assert.equal(reasons.length, 1, JSON.stringify(reasons));
        assert.match(
            reasons[0]!,
            /^displayName: 'Taken by another' is already the name of GDAP relationship .* Nothing was created/,
        );
        assert.ok(calls().length > 0, "the name was looked up");
        assert.deepEqual(
            calls().filter((r) => WRITES.has(r.method)),
            [],
        );
    });

    it("a free displayName with an unknown customer passes, reading the list once", async () => {
        emulator.requestLog.length = 0;
        const result = await relationship.provider.check(
            {},
            { displayName: "A free name", customerTenantId: UNKNOWN, roles: ["Global Reader"] },
        );
        assert.deepEqual(result.failures, []);
        assert.deepEqual(
            calls().map((r) => r.operation),
            ["listDelegatedAdminRelationships"],
        );
    });

    it("a role added to an approved relationship with the same displayName fails: the replacement needs a new name", async () => {
        const { inputs } = await existing("Contoso helpdesk", true);
        emulator.requestLog.length = 0;
        const result = await relationship.provider.check(inputs, {
            displayName: "Contoso helpdesk",
            customerTenantId: TENANT,
            roles: ["Helpdesk Administrator", "User Administrator"],
        });
        const [failure, ...more] = result.failures ?? [];
        assert.equal(more.length, 0);
        assert.equal(failure?.property, "displayName");
        assert.match(
            failure?.reason ?? "",
            /changing roleDefinitionIds replaces GDAP relationship .* \('active'\).*needs a new displayName: 'Contoso helpdesk' stays taken/,
        );
        assert.deepEqual(
            calls().filter((r) => WRITES.has(r.method)),
            [],
        );
    });

    it("the same change with a new displayName passes (the customer approves the new relationship)", async () => {
        const { inputs } = await existing("Contoso helpdesk 2026", true);
        const result = await relationship.provider.check(inputs, {
            displayName: "Contoso helpdesk 2027",
            customerTenantId: TENANT,
            roles: ["Helpdesk Administrator", "User Administrator"],
        });
        assert.deepEqual(result.failures, []);
    });

    it("a customer being replaced (tenant unknown) with the same displayName fails in preview", async () => {
        const { inputs } = await existing("Fabrikam support", true);
        const result = await relationship.provider.check(inputs, {
            displayName: "Fabrikam support",
            customerTenantId: UNKNOWN,
            roles: ["Helpdesk Administrator"],
        });
        assert.match(
            (result.failures ?? []).map((f) => f.reason).join("\n"),
            /changing customerTenantId \(not known yet: its customer is being replaced\) replaces GDAP relationship/,
        );
    });

    it("auto-extend on an active relationship is a PATCH: no failure; one read tells the status", async () => {
        const { inputs } = await existing("Northwind support", true);
        emulator.requestLog.length = 0;
        const result = await relationship.provider.check(inputs, { ...inputs, autoExtendDuration: "P180D" });
        assert.deepEqual(result.failures, []);
        assert.deepEqual(
            calls().map((r) => `${r.method} ${r.operation}`),
            ["GET listDelegatedAdminRelationships"],
        );
    });

    it("an unchanged relationship (or an onDelete change) calls nothing", async () => {
        const { inputs } = await existing("Litware support", true);
        emulator.requestLog.length = 0;
        assert.deepEqual((await relationship.provider.check(inputs, { ...inputs })).failures, []);
        assert.deepEqual(
            (await relationship.provider.check(inputs, { ...inputs, onDelete: "terminate" })).failures,
            [],
        );
        assert.deepEqual(calls(), []);
    });

    it("Global Administrator with autoExtendDuration P180D is refused offline, with the rule's source", async () => {
        emulator.requestLog.length = 0;
        const result = await relationship.provider.check(
            {},
            {
                displayName: "Too much",
                customerTenantId: OTHER_TENANT,
                roles: ["Global Administrator"],
                autoExtendDuration: "P180D",
            },
        );
        const reasons = (result.failures ?? []).map((f) => `${f.property}: ${f.reason}`);
        assert.equal(reasons.length, 1);
        assert.match(
            reasons[0]!,
            /^autoExtendDuration: must be PT0S or P0D when roles include Global Administrator.*expiring-gdap-relationships-and-auto-extend-gdap/,
        );
        assert.deepEqual(calls(), []);
    });

    it("Graph unreachable fails the check naming partnercenter:graphEndpoint", async () => {
        const closed = await startEmulator({ port: 0 });
        const url = closed.url;
        await closed.close();
        configureImplementation(emulator, { graphEndpoint: `${url}/graph` });
        try {
            const result = await relationship.provider.check(
                {},
                { displayName: "Anything", customerTenantId: TENANT, roles: ["Global Reader"] },
            );
            assert.match(
                (result.failures ?? []).map((f) => f.reason).join("\n"),
                /Microsoft Graph cannot be reached at http:\/\/127\.0\.0\.1:\d+\/graph \(partnercenter:graphEndpoint\)/,
            );
        } finally {
            configureImplementation(emulator);
        }
    });

    it("a relationship pending in state but approved since: diff says so (information), not 'still waiting'", async () => {
        const messages: Array<[string, string]> = [];
        const previous = setLogSink((level, message) => messages.push([level, message]));
        try {
            const checked = await relationship.provider.check(
                {},
                { displayName: "Approved since", customerTenantId: TENANT, roles: ["Helpdesk Administrator"] },
            );
            const created = await relationship.provider.create(checked.inputs as Props);
            assert.equal(created.outs?.["status"], "approvalPending");
            await relationship.provider.diff(created.id, created.outs as Props, checked.inputs as Props);
            assert.ok(messages.some(([l, m]) => l === "warning" && /is still waiting for the customer/.test(m)));
            messages.length = 0;
            await fetch(`${emulator.url}/_emulator/gdap/relationships/${created.id}/approve`, { method: "POST" });
            await relationship.provider.diff(created.id, created.outs as Props, checked.inputs as Props);
            assert.ok(!messages.some(([, m]) => /still waiting/.test(m)), JSON.stringify(messages));
            assert.ok(messages.some(([l, m]) => l === "info" && /was approved since the last refresh/.test(m)));
            messages.length = 0;
            const read = await relationship.provider.read(created.id, created.outs as Props);
            assert.equal(read.props?.["status"], "active");
            assert.ok(
                messages.some(([l, m]) => l === "info" && /approvalPending → active/.test(m)),
                JSON.stringify(messages),
            );
        } finally {
            setLogSink(previous);
        }
    });
});
