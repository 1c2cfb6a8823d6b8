/**
 * examples/gdap-onboarding under setMocks: customer → relationship (tenant id wired from the customer, roles by
 * documented name, onDelete terminate) → two access assignments once `assignAccess` is set; thin stubs only.
 */
import * as assert from "assert";
import * as path from "path";

import { loadProgram, REPO_ROOT, type Registration } from "./harness";

const RELATIONSHIP_TYPE = "pulumi-nodejs:dynamic/partnercenter:GdapRelationship";
const ASSIGNMENT_TYPE = "pulumi-nodejs:dynamic/partnercenter:GdapAccessAssignment";
const RESELLER = "484e548c-f5f3-4528-93a9-c16c6373cb59";

const ofType = (rs: Registration[], type: string) => rs.filter((r) => r.type === type);

function assertThinStub(r: Registration, subpath: string): void {
    const provider = r.inputs["__provider"];
    assert.strictEqual(typeof provider, "string");
    assert.ok(
        Buffer.byteLength(provider as string) < 1024,
        `__provider is ${Buffer.byteLength(provider as string)} bytes`,
    );
    // By export subpath, or by file path when the serializer resolves the module's file (as for the customer stub).
    const [resource] = subpath.split("/");
    assert.ok(
        (provider as string).includes(`require("pulumi-partnercenter/${subpath}")`) ||
            (provider as string).includes(`require("pulumi-partnercenter/dist/resources/${resource}/stub.js")`),
        provider as string,
    );
    assert.ok(!/emulator-client-secret|Bearer/.test(provider as string));
}

describe("examples/gdap-onboarding under setMocks", () => {
    const config = { resellerId: RESELLER, domain: "fabrikammocks.onmicrosoft.com" };

    it("before approval: a customer and a relationship for its tenant, no assignments", async () => {
        const run = await loadProgram("examples/gdap-onboarding", "partnercenter-example-gdap-onboarding", config);
        const [relationship, ...more] = ofType(run.registrations, RELATIONSHIP_TYPE);
        assert.ok(relationship);
        assert.strictEqual(more.length, 0);
        assert.strictEqual(relationship.inputs["customerTenantId"], "tenant-fabrikam");
        assert.strictEqual(relationship.inputs["displayName"], "Fabrikam managed services");
        assert.deepStrictEqual(relationship.inputs["roles"], [
            "Helpdesk Administrator",
            "User Administrator",
            "License Administrator",
            "Global Reader",
        ]);
        assert.strictEqual(relationship.inputs["onDelete"], "terminate");
        assert.deepStrictEqual(ofType(run.registrations, ASSIGNMENT_TYPE), []);
        assertThinStub(relationship, "gdap-relationship/stub");
    });

    it("after approval (assignAccess): one assignment per security group, roles a subset of the relationship's", async () => {
        const run = await loadProgram("examples/gdap-onboarding", "partnercenter-example-gdap-onboarding", {
            ...config,
            // Pulumi.yaml defaults do not apply under mocks.
            helpdeskGroupId: "0f0e0d0c-0b0a-4909-8807-060504030201",
            adminGroupId: "1a1b1c1d-1e1f-4a2b-8c3d-4e5f60718293",
            assignAccess: "true",
        });
        const relationshipRoles = ofType(run.registrations, RELATIONSHIP_TYPE)[0]?.inputs["roles"] as string[];
        const assignments = ofType(run.registrations, ASSIGNMENT_TYPE);
        assert.deepStrictEqual(assignments.map((a) => a.name).sort(), ["helpdesk-agents", "tenant-admins"]);
        assert.deepStrictEqual(assignments.map((a) => a.inputs["securityGroupId"]).sort(), [
            "0f0e0d0c-0b0a-4909-8807-060504030201",
            "1a1b1c1d-1e1f-4a2b-8c3d-4e5f60718293",
        ]);
        for (const a of assignments) {
            for (const role of a.inputs["roles"] as string[]) {
                assert.ok(relationshipRoles.includes(role), `${a.name}: ${role} is not a relationship role`);
            }
            assertThinStub(a, "gdap-access-assignment/stub");
        }
    });

    it("examples/bulk-onboarding: an entry's gdap block declares a relationship for that customer only", async () => {
        const run = await loadProgram("examples/bulk-onboarding", "partnercenter-example-bulk-onboarding", {
            customersFile: path.join(REPO_ROOT, "examples", "bulk-onboarding", "customers.json"),
        });
        const relationships = ofType(run.registrations, RELATIONSHIP_TYPE);
        assert.deepStrictEqual(
            relationships.map((r) => r.name),
            ["adatum-gdap"],
        );
        assert.strictEqual(relationships[0]?.inputs["customerTenantId"], "tenant-adatum");
        assert.strictEqual(relationships[0]?.inputs["onDelete"], "terminate");
    });
});
