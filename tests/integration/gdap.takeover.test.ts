/**
 * Taking over a GDAP relationship instead of creating a second one (issue #22): the provider's create looks the
 * displayName up before it POSTs, and again after any failed or ambiguous POST, so it does not depend on the status
 * the service answers a duplicate name with (no published sample shows that error). Through the real provider object
 * against the emulator's Graph, in both orders:
 * - an earlier run created the relationship and stopped before its state was written: found before creating, no POST;
 * - the lookup missed it (Graph's list lagging behind) and the POST is refused as a duplicate, with 400 or 409: found
 *   after the refusal and taken over;
 * - the POST was committed but its answer lost: found after and taken over (one relationship, not two);
 * and the negative cases: a name another relationship holds fails clearly with no POST, and a create failing for
 * another reason while the name is free fails with the service's own error.
 */
import assert from "node:assert/strict";

import { createGraphClient, type GraphClient } from "pulumi-partnercenter/graph";
import * as relationship from "pulumi-partnercenter/gdap-relationship";
import { setLogSink } from "pulumi-partnercenter/runtime";

import { startEmulator, type Emulator } from "../../emulator";
import { configureImplementation } from "../fixtures/emulator-config";
import { graphCredentials } from "./emulator-helpers";

type Props = Record<string, unknown>;

const TENANT = "4b827261-d21f-4aa9-b7db-7fa1f56fb163";
const OTHER_TENANT = "0e4a1c2b-3d5f-4a6b-9c8d-7e6f5a4b3c2d";

describe("GdapRelationship create takes over a relationship of the same name, whatever the duplicate status", function () {
    this.timeout(30_000);
    let emulator: Emulator;
    let graph: GraphClient;
    let n = 0;
    const messages: string[] = [];
    let restoreLog: ReturnType<typeof setLogSink>;

    const creates = () => emulator.requestLog.filter((e) => e.operation === "createDelegatedAdminRelationship");
    const lookups = () => emulator.requestLog.filter((e) => e.operation === "listDelegatedAdminRelationships");

    before(async () => {
        emulator = await startEmulator({ port: 0 });
        configureImplementation(emulator);
        graph = createGraphClient({
            graphBase: `${emulator.url}/graph`,
            authority: emulator.url,
            credentials: graphCredentials(emulator),
        });
        restoreLog = setLogSink((_level, message) => messages.push(message));
    });
    after(async () => {
        setLogSink(restoreLog);
        await emulator?.close();
    });
    beforeEach(() => {
        emulator.faults.clear();
        emulator.options.gdapDuplicateNameStatus = 409;
        emulator.clearRequestLog();
        messages.length = 0;
    });

    /** Checked inputs for a new relationship, as `up` passes them to create. */
    async function inputs(customerTenantId = TENANT): Promise<Props> {
        n += 1;
        const checked = await relationship.provider.check(
            {},
            { displayName: `Takeover ${n} ${Date.now()}`, customerTenantId, roles: ["Helpdesk Administrator"] },
        );
        assert.deepEqual(checked.failures ?? [], []);
        return checked.inputs as Props;
    }

    /** The relationship an earlier run created from the same inputs (and never recorded). */
    function createdEarlier(props: Props) {
        return graph.createRelationship({
            displayName: props["displayName"] as string,
            duration: props["duration"] as string,
            autoExtendDuration: props["autoExtendDuration"] as string,
            customer: { tenantId: props["customerTenantId"] as string },
            accessDetails: {
                unifiedRoles: (props["roleDefinitionIds"] as string[]).map((roleDefinitionId) => ({
                    roleDefinitionId,
                })),
            },
        });
    }

    const named = async (props: Props) => graph.listRelationships({ displayName: props["displayName"] as string });

    it("an earlier run created it and stopped before writing state: found before creating, locked, no POST", async () => {
        const props = await inputs();
        const earlier = await createdEarlier(props);
        emulator.clearRequestLog();
        const result = await relationship.provider.create(props);
        assert.equal(result.id, earlier.id);
        assert.equal(result.outs["status"], "approvalPending", "taken over and locked for approval");
        assert.deepEqual(creates(), [], "no second create was sent");
        assert.ok(
            messages.some((m) => m.includes(`taking over relationship ${earlier.id}`) && m.includes("earlier run")),
            messages.join("\n"),
        );
        assert.equal((await named(props)).length, 1);
    });

    for (const status of [400, 409] as const) {
        it(`the lookup missed it and the POST is refused as a duplicate with ${status}: found after and taken over`, async () => {
            emulator.options.gdapDuplicateNameStatus = status;
            const props = await inputs();
            const earlier = await createdEarlier(props);
            // Graph's list lags behind: the first lookup does not show the relationship yet.
            emulator.faults.add({
                kind: "body",
                body: { value: [] },
                match: { operation: "listDelegatedAdminRelationships" },
            });
            emulator.clearRequestLog();
            const result = await relationship.provider.create(props);
            assert.equal(result.id, earlier.id);
            assert.equal(result.outs["status"], "approvalPending");
            assert.deepEqual(
                creates().map((e) => e.status),
                [status],
                "one POST, refused",
            );
            assert.equal(lookups().length, 2, "looked up before the POST and again after it failed");
            assert.ok(
                messages.some((m) => m.includes(`taking over relationship ${earlier.id}`) && m.includes(`${status}`)),
            );
            assert.equal((await named(props)).length, 1);
        });
    }

    it("the POST was committed but its answer lost: found after and taken over, one relationship", async () => {
        const props = await inputs();
        emulator.faults.add({
            kind: "reset",
            phase: "after",
            match: { operation: "createDelegatedAdminRelationship" },
        });
        const result = await relationship.provider.create(props);
        const all = await named(props);
        assert.equal(all.length, 1, "not created twice");
        assert.equal(result.id, all[0]?.id);
        assert.equal(result.outs["status"], "approvalPending");
        assert.deepEqual(
            creates().map((e) => e.status),
            ["reset"],
        );
    });

    it("a name another customer's relationship holds fails clearly before any POST", async () => {
        const props = await inputs();
        const foreign = await createdEarlier({ ...props, customerTenantId: OTHER_TENANT });
        emulator.clearRequestLog();
        await assert.rejects(
            relationship.provider.create(props),
            new RegExp(
                `the name is held by GDAP relationship ${foreign.id} .*customer ${OTHER_TENANT}.*Nothing was created`,
            ),
        );
        assert.deepEqual(creates(), []);
    });

    it("a create failing for another reason while the name stays free fails with the service's error", async () => {
        const props = await inputs();
        emulator.faults.add({ kind: "status", status: 503, match: { operation: "createDelegatedAdminRelationship" } });
        emulator.clearRequestLog();
        await assert.rejects(relationship.provider.create(props), /503/);
        assert.equal(lookups().length, 2, "the name was looked up again after the failure");
        assert.deepEqual(await named(props), [], "nothing was created");
    });
});
