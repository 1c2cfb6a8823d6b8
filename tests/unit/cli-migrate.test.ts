/**
 * `pulumi-partnercenter migrate`'s plan, from exported state (the command itself runs once, through the real CLI,
 * in tests/e2e/plugin-migrate.test.ts): each dynamic resource maps to the plugin's type under its own name and the
 * import id its definition names (an access assignment by `relationshipId/assignmentId`), parents other than the
 * stack go through the import file's name table, what an earlier run imported is not imported twice, and a dynamic
 * type this package does not define stops the plan.
 */
import * as assert from "assert";

import { importFile, planMigration } from "pulumi-partnercenter/cli/migrate";

const STACK = "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev";
const urn = (type: string, name: string, parent = "") => `urn:pulumi:dev::p::${parent}${type}::${name}`;
const DYN = (t: string) => `pulumi-nodejs:dynamic/partnercenter:${t}`;

describe("migrate: the plan from exported state", () => {
    const resources = [
        { urn: STACK, type: "pulumi:pulumi:Stack" },
        { urn: urn("my:Onboarding", "acme"), type: "my:Onboarding", parent: STACK },
        {
            urn: urn(DYN("IndirectResellerCustomer"), "contoso"),
            type: DYN("IndirectResellerCustomer"),
            id: "c1",
            parent: STACK,
        },
        {
            urn: urn(DYN("GdapAccessAssignment"), "helpdesk", "my:Onboarding$"),
            type: DYN("GdapAccessAssignment"),
            id: "a1",
            parent: urn("my:Onboarding", "acme"),
            outputs: { relationshipId: "r1" },
        },
        {
            urn: urn("partnercenter:index:IndirectResellerCustomer", "contoso"),
            type: "partnercenter:index:IndirectResellerCustomer",
            id: "c1",
            parent: STACK,
        },
    ];

    it("maps types, names and import ids; parents by URN; what is imported already is only deleted", () => {
        const steps = planMigration(resources);
        assert.deepStrictEqual(
            steps.map((s) => [s.type, s.name, s.importId, s.imported]),
            [
                ["partnercenter:index:IndirectResellerCustomer", "contoso", "c1", true],
                ["partnercenter:index:GdapAccessAssignment", "helpdesk", "r1/a1", false],
            ],
        );
        assert.deepStrictEqual(importFile(steps), {
            nameTable: { "parent-acme": urn("my:Onboarding", "acme") },
            resources: [
                {
                    type: "partnercenter:index:GdapAccessAssignment",
                    name: "helpdesk",
                    id: "r1/a1",
                    parent: "parent-acme",
                },
            ],
        });
    });

    it("refuses a dynamic type this package does not define", () => {
        assert.throws(
            () => planMigration([{ urn: urn(DYN("Nope"), "x"), type: DYN("Nope"), id: "1" }]),
            /no resource Nope in this version/,
        );
    });
});
