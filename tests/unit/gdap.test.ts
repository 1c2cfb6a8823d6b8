/**
 * GDAP offline logic: the built-in role table, duration rules, the relationship and access-assignment check
 * rules, and the diff tables (named cases per status), all without HTTP.
 */
import * as assert from "assert";

import { BUILT_IN_ROLES, closestRoleName, durationDays, resolveRole } from "pulumi-partnercenter/graph";

import {
    checkRelationshipInputs,
    diffRelationship,
    pendingActionFor,
    RELATIONSHIP_RULES,
} from "pulumi-partnercenter/gdap-relationship";
import {
    checkAssignmentInputs,
    diffAssignment,
    relationshipFailures,
} from "pulumi-partnercenter/gdap-access-assignment";
import { UNKNOWN } from "pulumi-partnercenter/validate";

const TENANT = "4b827261-d21f-4aa9-b7db-7fa1f56fb163";
const HELPDESK = "729827e3-9c14-49f7-bb1b-9608f156bbb8";
const USER_ADMIN = "fe930be7-5e62-47db-91af-98c3a49a38b1";
const GLOBAL_READER = "f2ef992c-3afb-46b9-b7cf-a126ee74c451";

const relationshipArgs = (o: Record<string, unknown> = {}) => ({
    displayName: "Contoso support",
    customerTenantId: TENANT,
    roles: ["Helpdesk Administrator", "User Administrator"],
    ...o,
});
const checked = (o: Record<string, unknown> = {}) => checkRelationshipInputs(relationshipArgs(o)).inputs;

describe("GDAP: built-in role table", () => {
    it("maps documented names to the template ids of the Entra built-in roles page (spot checks)", () => {
        assert.strictEqual(BUILT_IN_ROLES["Global Reader"], GLOBAL_READER);
        assert.strictEqual(BUILT_IN_ROLES["Exchange Administrator"], "29232cdf-9323-42fd-ade2-1d097af3e4de");
        assert.strictEqual(BUILT_IN_ROLES["Intune Administrator"], "3a2c62db-5318-420d-8d74-23affee5d9d5");
        assert.strictEqual(BUILT_IN_ROLES["Global Administrator"], "62e90394-69f5-4237-9190-012177145e10");
        const ids = Object.values(BUILT_IN_ROLES);
        assert.strictEqual(new Set(ids).size, ids.length, "no id listed twice");
        assert.ok(ids.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)));
    });

    it("resolves names case- and space-insensitively, and ids as given", () => {
        for (const spelling of ["Global Reader", "global reader", "GlobalReader", "  GLOBAL READER "]) {
            const r = resolveRole(spelling);
            assert.ok(r.ok && r.role.id === GLOBAL_READER, spelling);
        }
        const byId = resolveRole(GLOBAL_READER.toUpperCase());
        assert.ok(byId.ok && byId.role.name === "Global Reader");
    });

    it("a typo fails with the closest documented name; nonsense gets no suggestion", () => {
        const typo = resolveRole("Helpdesk Adminstrator");
        assert.ok(!typo.ok);
        assert.strictEqual(typo.suggestion, "Helpdesk Administrator");
        assert.match(typo.reason, /did you mean 'Helpdesk Administrator'\?/);
        assert.strictEqual(closestRoleName("Global Reder"), "Global Reader");
        const nonsense = resolveRole("Chief Coffee Officer of Everything");
        assert.ok(!nonsense.ok && nonsense.suggestion === undefined);
    });

    it("durations: P2Y = P730D is the maximum, P1D the minimum", () => {
        assert.strictEqual(durationDays("P730D"), 730);
        assert.strictEqual(durationDays("P2Y"), 730);
        assert.strictEqual(durationDays("P1Y6M"), 545);
        assert.strictEqual(durationDays("PT0S"), 0);
        assert.strictEqual(durationDays("two years"), undefined);
        assert.strictEqual(durationDays("P"), undefined);
    });
});

describe("GDAP: GdapRelationship check rules", () => {
    it("valid inputs normalise: defaults applied, role names resolved to sorted ids", () => {
        const { inputs, failures } = checkRelationshipInputs(relationshipArgs());
        assert.deepStrictEqual(failures, []);
        assert.strictEqual(inputs["duration"], "P730D");
        assert.strictEqual(inputs["autoExtendDuration"], "PT0S");
        assert.strictEqual(inputs["onDelete"], "retain");
        assert.deepStrictEqual(inputs["roleDefinitionIds"], [HELPDESK, USER_ADMIN].sort());
    });

    const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
        [
            "role typo names the closest role",
            { roles: ["Helpdesk Admin1strator"] },
            "roles",
            /roles\[0\].*did you mean 'Helpdesk Administrator'/,
        ],
        ["empty role list", { roles: [] }, "roles", /at least one/],
        ["duplicate role (name and id)", { roles: ["Global Reader", GLOBAL_READER] }, "roles", /listed twice/],
        ["displayName over 50 characters", { displayName: "x".repeat(51) }, "displayName", /at most 50/],
        ["duration above P2Y", { duration: "P731D" }, "duration", /between P1D and P2Y/],
        ["duration below P1D", { duration: "PT1H" }, "duration", /between P1D and P2Y/],
        [
            "autoExtendDuration outside P0D/PT0S/P180D",
            { autoExtendDuration: "P90D" },
            "autoExtendDuration",
            /P0D, PT0S, P180D/,
        ],
        ["customer tenant not a GUID", { customerTenantId: "contoso.onmicrosoft.com" }, "customerTenantId", /GUID/],
        ["unknown onDelete policy", { onDelete: "delete" }, "onDelete", /terminate, retain/],
    ];
    for (const [name, override, property, reason] of cases) {
        it(`fails: ${name}`, () => {
            const { failures } = checkRelationshipInputs(relationshipArgs(override));
            assert.strictEqual(failures.length, 1, JSON.stringify(failures));
            assert.strictEqual(failures[0]?.property, property);
            assert.match(failures[0]?.reason ?? "", reason);
        });
    }

    it("unknown values (preview) pass through unchecked", () => {
        const { failures, inputs } = checkRelationshipInputs(
            relationshipArgs({ customerTenantId: UNKNOWN, roles: UNKNOWN }),
        );
        assert.deepStrictEqual(failures, []);
        assert.strictEqual(inputs["roleDefinitionIds"], UNKNOWN);
    });
});

describe("GDAP: GdapRelationship diff table (by status)", () => {
    const olds = (status: string, o: Record<string, unknown> = {}) => ({
        ...checked(),
        status,
        relationshipId: "r1",
        ...o,
    });
    const table: Array<[string, string, Record<string, unknown>, { replaces: string[]; update?: string[] }]> = [
        ["no change in approvalPending is no diff", "approvalPending", {}, { replaces: [] }],
        [
            "role change while created is an update (PATCH)",
            "created",
            { roles: ["Global Reader"] },
            { replaces: [], update: ["roleDefinitionIds"] },
        ],
        [
            "role change while approvalPending replaces",
            "approvalPending",
            { roles: ["Global Reader"] },
            { replaces: ["roleDefinitionIds"] },
        ],
        [
            "role change while active replaces",
            "active",
            { roles: ["Global Reader"] },
            { replaces: ["roleDefinitionIds"] },
        ],
        [
            "displayName change while created is an update",
            "created",
            { displayName: "Renamed" },
            { replaces: [], update: ["displayName"] },
        ],
        [
            "displayName change while active replaces",
            "active",
            { displayName: "Renamed" },
            { replaces: ["displayName"] },
        ],
        ["duration change while active replaces", "active", { duration: "P365D" }, { replaces: ["duration"] }],
        [
            "autoExtendDuration change while active is an update",
            "active",
            { autoExtendDuration: "P180D" },
            { replaces: [], update: ["autoExtendDuration"] },
        ],
        [
            "autoExtendDuration change while approvalPending replaces",
            "approvalPending",
            { autoExtendDuration: "P180D" },
            { replaces: ["autoExtendDuration"] },
        ],
        [
            "customer change while active replaces",
            "active",
            { customerTenantId: "11111111-2222-3333-4444-555555555555" },
            { replaces: ["customerTenantId"] },
        ],
        ["onDelete change is state-only in any status", "active", { onDelete: "terminate" }, { replaces: [] }],
    ];
    for (const [name, status, change, expected] of table) {
        it(name, () => {
            const d = diffRelationship(olds(status), checked(change));
            assert.deepStrictEqual(d.replaces, expected.replaces);
            const updates = Object.keys(d.detailed).filter((p) => d.detailed[p] === "update");
            assert.deepStrictEqual(updates, expected.update ?? []);
            assert.strictEqual(d.changes, Object.keys(change).length > 0);
        });
    }

    it("the same roles spelt differently (name vs id) change no Graph property", () => {
        const d = diffRelationship(olds("active"), checked({ roles: [HELPDESK, "user administrator"] }));
        // Only `roles` itself, as a state-only row: no property Graph holds (roleDefinitionIds) changes.
        assert.deepStrictEqual(d.detailed, { roles: "stateOnly" });
        assert.deepStrictEqual(d.replaces, []);
        assert.strictEqual(d.changes, true);
    });

    it("every rule names a property that check produces", () => {
        const produced = Object.keys(checked({ customerDisplayName: "Contoso" }));
        for (const rule of RELATIONSHIP_RULES) {
            assert.ok(produced.includes(rule.path), rule.path);
        }
    });

    it("pendingAction says what to send to whom while approvalPending, nothing once active", () => {
        const r = {
            relationshipId: "abc",
            displayName: "Contoso support",
            customerTenantId: TENANT,
            roleNames: ["Helpdesk Administrator"],
            duration: "P730D",
        };
        const text = pendingActionFor("approvalPending", r);
        assert.match(
            text,
            /^Send https:\/\/admin\.microsoft\.com\/AdminPortal\/Home#\/partners\/invitation\/granularAdminRelationships\/abc to a Global Administrator of customer tenant 4b827261/,
        );
        assert.match(text, /expires 90 days/);
        assert.strictEqual(pendingActionFor("active", r), "");
    });
});

describe("GDAP: GdapAccessAssignment check and diff table", () => {
    const base = {
        relationshipId: "r1",
        securityGroupId: "869713C9-0B28-4D08-8949-AE07AE1BF528",
        roles: ["Helpdesk Administrator"],
    };
    const relationship = (status: string, roles = [HELPDESK, USER_ADMIN]) => ({
        id: "r1",
        status,
        displayName: "Contoso support",
        customer: { tenantId: TENANT },
        accessDetails: { unifiedRoles: roles.map((roleDefinitionId) => ({ roleDefinitionId })) },
    });

    it("normalises the group id and resolves role names; a bad group id names the property", () => {
        const ok = checkAssignmentInputs(base);
        assert.deepStrictEqual(ok.failures, []);
        assert.strictEqual(ok.inputs["securityGroupId"], "869713c9-0b28-4d08-8949-ae07ae1bf528");
        const bad = checkAssignmentInputs({ ...base, securityGroupId: "Helpdesk Agents" });
        assert.strictEqual(bad.failures[0]?.property, "securityGroupId");
    });

    it("a relationship awaiting approval fails with its status and invitation URL", () => {
        const [failure, ...rest] = relationshipFailures(relationship("approvalPending"), [HELPDESK]);
        assert.deepStrictEqual(rest, []);
        assert.strictEqual(failure?.property, "relationshipId");
        assert.match(failure?.reason ?? "", /is 'approvalPending', not 'active'/);
        assert.match(failure?.reason ?? "", /granularAdminRelationships\/r1/);
    });

    it("roles outside the relationship's roles fail by name; a subset passes", () => {
        assert.deepStrictEqual(relationshipFailures(relationship("active"), [HELPDESK]), []);
        const [failure] = relationshipFailures(relationship("active"), [HELPDESK, GLOBAL_READER]);
        assert.strictEqual(failure?.property, "roles");
        assert.match(failure?.reason ?? "", /^Global Reader is not among the roles/);
    });

    const table: Array<[string, Record<string, unknown>, string[], string[]]> = [
        [
            "role change is an update",
            { roles: ["Helpdesk Administrator", "User Administrator"] },
            [],
            ["roleDefinitionIds"],
        ],
        [
            "security group change replaces",
            { securityGroupId: "11111111-2222-3333-4444-555555555555" },
            ["securityGroupId"],
            [],
        ],
        ["relationship change replaces", { relationshipId: "r2" }, ["relationshipId"], []],
        ["same role by id is no change", { roles: [HELPDESK] }, [], []],
    ];
    for (const [name, change, replaces, updates] of table) {
        it(name, () => {
            const olds = checkAssignmentInputs(base).inputs;
            const d = diffAssignment(olds, checkAssignmentInputs({ ...base, ...change }).inputs);
            assert.deepStrictEqual(d.replaces, replaces);
            assert.deepStrictEqual(
                Object.keys(d.detailed).filter((p) => d.detailed[p] === "update"),
                updates,
            );
        });
    }
});
