/**
 * `ApplicationConsent` through the real provider object (the one its stub loads by package name) against the
 * emulator over loopback HTTP: create, read (refresh and import-style by id), a grant change as the engine runs a
 * delete-before-replace, delete, the missing GDAP prerequisite (no relationship, pending, no assignment) failing with
 * what to do, and the take-over of a consent whose create answer was lost.
 */
import assert from "node:assert/strict";

import * as consent from "pulumi-partnercenter/application-consent";
import { setLogSink } from "pulumi-partnercenter/runtime";

import { startEmulator, type Emulator } from "../../emulator";
import { configureImplementation } from "../fixtures/emulator-config";
import { apiClient, createBody, grantGdapRoles } from "./emulator-helpers";

type Props = Record<string, unknown>;

const GRAPH = "00000003-0000-0000-c000-000000000000";
const AAD_GRAPH = "00000002-0000-0000-c000-000000000000";
const GLOBAL_READER = "f2ef992c-3afb-46b9-b7cf-a126ee74c451";

describe("ApplicationConsent against the emulator", function () {
    this.timeout(30_000);
    let emulator: Emulator;
    const messages: [string, string][] = [];
    let restoreLog: ReturnType<typeof setLogSink>;

    before(async () => {
        emulator = await startEmulator({ port: 0 });
        configureImplementation(emulator);
        restoreLog = setLogSink((level, message) => messages.push([level, message]));
    });
    after(async () => {
        setLogSink(restoreLog);
        await emulator?.close();
    });
    beforeEach(() => {
        emulator.faults.clear();
        emulator.clearRequestLog();
        messages.length = 0;
    });

    const newCustomer = async (): Promise<string> => {
        const res = await apiClient(emulator)("POST", "/v1/customers", { body: createBody() });
        assert.equal(res.status, 201, res.text);
        return (res.json as { id: string }).id;
    };
    /** Checked inputs, as `up` passes them to create. */
    const inputsFor = async (customerId: string, scope = "Directory.Read.All,User.Read"): Promise<Props> => {
        const checked = await consent.provider.check(
            {},
            {
                customerId,
                applicationId: emulator.seed.partner.clientId,
                applicationGrants: [{ enterpriseApplicationId: GRAPH, scope }],
                displayName: "Contoso automation",
            },
        );
        assert.deepEqual(checked.failures, []);
        return checked.inputs as Props;
    };
    const stored = (customerId: string) =>
        apiClient(emulator)("GET", `/v1/customers/${customerId}/applicationconsents`);

    it("create POSTs the grants, read refreshes them (also from the id alone), delete removes the consent", async () => {
        const customerId = await newCustomer();
        await grantGdapRoles(emulator, customerId);
        const inputs = await inputsFor(customerId);
        assert.ok(
            messages.some(
                ([l, m]) => l === "info" && /will grant Microsoft Graph .*: Directory\.Read\.All, User\.Read/.test(m),
            ),
        );

        const created = await consent.provider.create(inputs);
        const clientId = emulator.seed.partner.clientId.toLowerCase();
        assert.equal(created.id, `${customerId}/${clientId}`);
        assert.deepEqual(created.outs["grantSummary"], [
            "Microsoft Graph (00000003-0000-0000-c000-000000000000): Directory.Read.All, User.Read",
        ]);
        const listed = (await stored(customerId)).json as {
            items: { applicationGrants: unknown[]; displayName: string }[];
        };
        assert.deepEqual(listed.items[0]?.applicationGrants, [
            { enterpriseApplicationId: GRAPH, scope: "Directory.Read.All,User.Read" },
        ]);
        assert.equal(listed.items[0]?.displayName, "Contoso automation");

        const refreshed = await consent.provider.read(created.id, created.outs);
        assert.deepEqual(refreshed.props, created.outs);
        const byId = await consent.provider.read(created.id, {});
        assert.deepEqual(byId.props, created.outs, "read from the id alone (import) gives the same state");

        // The same program again: no change.
        const again = await consent.provider.diff(
            created.id,
            created.outs,
            await inputsFor(customerId, "User.Read, Directory.Read.All"),
        );
        assert.equal(again.changes, false);

        await consent.provider.delete(created.id, created.outs);
        assert.deepEqual(((await stored(customerId)).json as { items: unknown[] }).items, []);
        const gone = await consent.provider.read(created.id, created.outs);
        assert.equal(gone.id, "", "a consent removed elsewhere is dropped from state by refresh");
        await consent.provider.delete(created.id, created.outs); // already gone: fine
    });

    it("a grant change is a replace, old consent deleted first; the engine's delete-then-create leaves the new grants", async () => {
        const customerId = await newCustomer();
        await grantGdapRoles(emulator, customerId);
        const created = await consent.provider.create(await inputsFor(customerId));
        const news = await consent.provider.check(created.outs, {
            customerId,
            applicationId: emulator.seed.partner.clientId,
            applicationGrants: [
                { enterpriseApplicationId: GRAPH, scope: "Directory.Read.All,User.Read" },
                { enterpriseApplicationId: AAD_GRAPH, scope: "Directory.Read.All" },
            ],
            displayName: "Contoso automation",
        });
        const d = await consent.provider.diff(created.id, created.outs, news.inputs as Props);
        assert.deepEqual(d.replaces, ["applicationGrants"]);
        assert.equal(d.deleteBeforeReplace, true);
        assert.ok(
            messages.some(([l, m]) => l === "warning" && /will be replaced .* deleted, then created again/.test(m)),
        );

        // Created first, the new consent would be refused: the consent is keyed by customer and application.
        await assert.rejects(
            consent.provider.create(news.inputs as Props),
            /already has a consent .* with other grants/,
        );

        await consent.provider.delete(created.id, created.outs);
        const replaced = await consent.provider.create(news.inputs as Props);
        assert.equal(replaced.id, created.id);
        const items = ((await stored(customerId)).json as { items: { applicationGrants: unknown[] }[] }).items;
        assert.equal(items.length, 1);
        assert.equal(items[0]?.applicationGrants.length, 2);
    });

    for (const [name, setUp, missing] of [
        ["no GDAP relationship", async () => undefined, /no GDAP relationship with this customer/],
        [
            "a relationship still waiting for approval",
            async (c: string) => grantGdapRoles(emulator, c, { approve: false }),
            /no active GDAP relationship/,
        ],
        [
            "an active relationship without a consenting role",
            async (c: string) => grantGdapRoles(emulator, c, { roleIds: [GLOBAL_READER] }),
            /holds Global Administrator, Application Administrator, Cloud Application Administrator/,
        ],
        [
            "the role not assigned to a security group",
            async (c: string) => grantGdapRoles(emulator, c, { assign: false }),
            /no access assignment/,
        ],
    ] as const) {
        it(`missing prerequisite (${name}): the service's 400 becomes what to declare, and nothing is stored`, async () => {
            const customerId = await newCustomer();
            await setUp(customerId);
            const inputs = await inputsFor(customerId);
            const error = await consent.provider.create(inputs).then(
                () => assert.fail("create succeeded without the GDAP prerequisite"),
                (e: unknown) => e as Error & { cause?: { description?: string; data?: unknown } },
            );
            assert.match(error.message, /Insufficient privileges to complete the operation/);
            assert.match(error.message, /Cloud Application Administrator/);
            assert.match(error.message, /GdapAccessAssignment/);
            const log = emulator.requestLog.find((e) => e.operation === "createApplicationConsent");
            assert.equal(log?.status, 400);
            const body = (
                await apiClient(emulator)("POST", `/v1/customers/${customerId}/applicationconsents`, {
                    body: {
                        applicationId: emulator.seed.partner.clientId,
                        applicationGrants: [{ enterpriseApplicationId: GRAPH, scope: "User.Read" }],
                    },
                })
            ).json as { data: string[] };
            assert.match(body.data.join(" "), missing);
            assert.deepEqual(((await stored(customerId)).json as { items: unknown[] }).items, []);
        });
    }

    it("a create whose answer was lost is taken over (one consent, not an error)", async () => {
        const customerId = await newCustomer();
        await grantGdapRoles(emulator, customerId);
        emulator.faults.add({ kind: "reset", phase: "after", match: { operation: "createApplicationConsent" } });
        const result = await consent.provider.create(await inputsFor(customerId));
        assert.equal(result.id, `${customerId}/${emulator.seed.partner.clientId.toLowerCase()}`);
        assert.ok(
            messages.some(([, m]) => /taking over the existing consent/.test(m)),
            JSON.stringify(messages),
        );
        assert.equal(((await stored(customerId)).json as { items: unknown[] }).items.length, 1);
    });

    it("a resource app without a service principal in the tenant fails with the service's text", async () => {
        const customerId = await newCustomer();
        await grantGdapRoles(emulator, customerId);
        const checked = await consent.provider.check(
            {},
            {
                customerId,
                applicationId: emulator.seed.partner.clientId,
                applicationGrants: [
                    { enterpriseApplicationId: "c5393580-f805-4401-95e8-94b7a6ef2fc2", scope: "ActivityFeed.Read" },
                ],
            },
        );
        await assert.rejects(consent.provider.create(checked.inputs as Props), /lacks a service principal/);
    });
});
