/**
 * `pulumi import` through the provider plugin: a customer, its agreement (accepted, then created), a GDAP
 * relationship (approved) and an access assignment created by one project (YAML, through the plugin) are imported
 * by id into fresh stacks of others, and a program there that declares them as they are previews with no changes
 * (the plugin's `read` returned inputs a program would produce). The engine sends `read` no state on import, which
 * the dynamic provider cannot serve (pulumi/pulumi#3550). The ids: the customer id, `customerId` (or
 * `customerId/signatoryEmail`) for the agreement, the relationship id, `relationshipId/assignmentId`, and
 * `customerId/applicationId` for an application consent.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

import fetch from "node-fetch";

import { grantGdapRoles } from "../integration/emulator-helpers";

import {
    AGREEMENT_TOKEN,
    ASSIGNMENT_TOKEN,
    CONSENT_TOKEN,
    CUSTOMER_TOKEN,
    RELATIONSHIP_TOKEN,
    customerArgs,
    pluginE2E,
    previewPlan,
    resourcesOf,
    yamlProject,
    type YamlProject,
} from "./plugin-harness";

describe("e2e: pulumi import through the provider plugin", function () {
    let env: Awaited<ReturnType<typeof pluginE2E>>;
    let source: YamlProject;
    let customerId: string;
    let relationshipId: string;
    let assignmentId: string;
    let agreementId: string;
    const customer = customerArgs("pluginimportcontoso");
    const relationship = {
        displayName: "Plugin import Contoso support",
        customerTenantId: "${customer.tenantId}",
        roles: ["Helpdesk Administrator", "Global Reader"],
    };
    const agreement = {
        customerId: "${customer.customerId}",
        companyName: "Plugin import Contoso",
        country: "US",
        language: "en-US",
        signatory: { firstName: "Gena", lastName: "Soto", email: "gena@pluginimportcontoso.example" },
    };
    const assignment = {
        relationshipId: "${relationship.relationshipId}",
        securityGroupId: "0f0e0d0c-0b0a-4909-8807-060504030201",
        roles: ["Helpdesk Administrator"],
    };
    /** The four resources as a program that names the imported ones by literal ids declares them. */
    const declared = () => ({
        customer: { type: CUSTOMER_TOKEN, properties: customer },
        agreement: { type: AGREEMENT_TOKEN, properties: { ...agreement, customerId } },
        relationship: {
            type: RELATIONSHIP_TOKEN,
            properties: { ...relationship, customerTenantId: customerId },
        },
        assignment: { type: ASSIGNMENT_TOKEN, properties: { ...assignment, relationshipId } },
    });

    before(async () => {
        env = await pluginE2E();
        source = await yamlProject(env.tmp, "plugin-import-source", env.emulator);
        const program = {
            customer: { type: CUSTOMER_TOKEN, properties: customer },
            agreement: { type: AGREEMENT_TOKEN, properties: agreement },
            relationship: { type: RELATIONSHIP_TOKEN, properties: relationship },
        };
        source.writeProgram(program);
        await source.pulumi(["up", "--yes", "--skip-preview"]);
        let state = await source.exportState();
        const [created] = resourcesOf(state, CUSTOMER_TOKEN);
        const [related] = resourcesOf(state, RELATIONSHIP_TOKEN);
        const [attested] = resourcesOf(state, AGREEMENT_TOKEN);
        assert.ok(created && related && attested);
        customerId = created.id;
        relationshipId = related.id;
        // The human steps, through the emulator: the signatory accepts the MCA, the customer approves the GDAP
        // relationship. The next up creates the agreement and the access assignment.
        const post = async (url: string) => assert.strictEqual((await fetch(url, { method: "POST" })).status, 200);
        await post(`${env.emulator.url}/_emulator/attestations/${String(attested.outputs["attestationId"])}/accept`);
        await post(`${env.emulator.url}/_emulator/gdap/relationships/${relationshipId}/approve`);
        source.writeProgram({ ...program, assignment: { type: ASSIGNMENT_TOKEN, properties: assignment } });
        await source.pulumi(["up", "--yes", "--skip-preview", "--refresh"]);
        state = await source.exportState();
        const [agreed] = resourcesOf(state, AGREEMENT_TOKEN);
        const [assigned] = resourcesOf(state, ASSIGNMENT_TOKEN);
        assert.ok(agreed && assigned);
        assert.strictEqual(agreed.outputs["status"], "Agreed");
        agreementId = agreed.id;
        assignmentId = assigned.id;
    });
    after(async () => {
        await env?.dispose();
    });

    it("imports an IndirectResellerCustomer by id into a fresh stack; declaring it as it is previews no changes", async () => {
        const target = await yamlProject(env.tmp, "plugin-import-target", env.emulator);
        const code = path.join(target.dir, "imported.yaml");
        await target.pulumi([
            "import",
            CUSTOMER_TOKEN,
            "imported",
            customerId,
            "--yes",
            "--protect=false",
            "--out",
            code,
        ]);
        const [imported] = resourcesOf(await target.exportState(), CUSTOMER_TOKEN);
        assert.ok(imported, "the customer is in the new stack's state");
        assert.strictEqual(imported.id, customerId);
        assert.strictEqual(
            (imported.inputs["companyProfile"] as Record<string, unknown>)["domain"],
            "pluginimportcontoso.onmicrosoft.com",
        );
        assert.strictEqual(imported.inputs["associatedPartnerId"], customer["associatedPartnerId"]);
        // The YAML host wrote the program for it, from the inputs the plugin's read returned.
        assert.match(fs.readFileSync(code, "utf8"), /billing@pluginimportcontoso\.example/);

        target.writeProgram({ imported: { type: CUSTOMER_TOKEN, properties: customer } });
        const plan = await previewPlan(target);
        assert.deepStrictEqual(
            plan.filter((s) => s.op !== "same").map((s) => `${s.op} ${s.urn.split("::").pop()}`),
            [],
        );
        await target.pulumi(["preview", "--expect-no-changes"]);
    });

    it("imports a GdapRelationship by its id; declaring it as it is (roles by name, in role-id order) previews no changes", async () => {
        const target = await yamlProject(env.tmp, "plugin-import-gdap", env.emulator);
        await target.pulumi(["import", RELATIONSHIP_TOKEN, "imported", relationshipId, "--yes", "--protect=false"]);
        const [imported] = resourcesOf(await target.exportState(), RELATIONSHIP_TOKEN);
        assert.ok(imported, "the relationship is in the new stack's state");
        assert.strictEqual(imported.id, relationshipId);
        assert.deepStrictEqual(imported.inputs["roles"], ["Helpdesk Administrator", "Global Reader"]);
        target.writeProgram({
            imported: {
                type: RELATIONSHIP_TOKEN,
                properties: {
                    ...relationship,
                    customerTenantId: customerId,
                    roles: ["Helpdesk Administrator", "Global Reader"],
                },
            },
        });
        await target.pulumi(["preview", "--expect-no-changes"]);
    });

    it("imports all four types into one fresh stack by their documented ids; the program declaring them previews no changes", async () => {
        const target = await yamlProject(env.tmp, "plugin-import-all", env.emulator);
        const file = path.join(target.dir, "import.json");
        fs.writeFileSync(
            file,
            JSON.stringify({
                resources: [
                    { type: CUSTOMER_TOKEN, name: "customer", id: customerId },
                    // The customer has one agreement: its id alone picks it.
                    { type: AGREEMENT_TOKEN, name: "agreement", id: customerId },
                    { type: RELATIONSHIP_TOKEN, name: "relationship", id: relationshipId },
                    { type: ASSIGNMENT_TOKEN, name: "assignment", id: `${relationshipId}/${assignmentId}` },
                ],
            }),
        );
        await target.pulumi(["import", "--file", file, "--yes", "--protect=false", "--generate-code=false"]);
        const state = await target.exportState();
        const ids = [CUSTOMER_TOKEN, AGREEMENT_TOKEN, RELATIONSHIP_TOKEN, ASSIGNMENT_TOKEN].map(
            (type) => resourcesOf(state, type).map((r) => r.id)[0],
        );
        // State keeps each resource's own id (what refresh and delete use), whatever form the import took.
        assert.deepStrictEqual(ids, [customerId, agreementId, relationshipId, assignmentId]);
        assert.strictEqual(agreementId, `${customerId}/gena@pluginimportcontoso.example`);
        const [importedAgreement] = resourcesOf(state, AGREEMENT_TOKEN);
        assert.deepStrictEqual(importedAgreement?.inputs["signatory"], agreement.signatory);
        assert.strictEqual(importedAgreement?.outputs["status"], "Agreed");

        target.writeProgram(declared());
        const plan = await previewPlan(target);
        assert.deepStrictEqual(
            plan.filter((s) => s.op !== "same").map((s) => `${s.op} ${s.urn.split("::").pop()}`),
            [],
        );
        await target.pulumi(["preview", "--expect-no-changes"]);
        await target.pulumi(["refresh", "--yes", "--skip-preview", "--expect-no-changes"]);
    });

    it("imports an ApplicationConsent by customerId/applicationId; declaring it as it is previews no changes", async () => {
        // The consent API's prerequisite, through the emulator's Graph: an approved relationship holding Cloud
        // Application Administrator, assigned. The source project then creates the consent through the plugin.
        const state = await source.exportState();
        const tenantId = String(resourcesOf(state, CUSTOMER_TOKEN)[0]?.outputs["tenantId"]);
        await grantGdapRoles(env.emulator, tenantId);
        const applicationId = env.emulator.seed.partner.clientId;
        const consent = {
            customerId: tenantId,
            applicationId,
            applicationGrants: [
                { enterpriseApplicationId: "00000003-0000-0000-c000-000000000000", scope: "Directory.Read.All" },
            ],
        };
        source.writeProgram({
            customer: { type: CUSTOMER_TOKEN, properties: customer },
            agreement: { type: AGREEMENT_TOKEN, properties: agreement },
            relationship: { type: RELATIONSHIP_TOKEN, properties: relationship },
            assignment: { type: ASSIGNMENT_TOKEN, properties: assignment },
            consent: { type: CONSENT_TOKEN, properties: consent },
        });
        await source.pulumi(["up", "--yes", "--skip-preview"]);
        const [created] = resourcesOf(await source.exportState(), CONSENT_TOKEN);
        assert.strictEqual(created?.id, `${tenantId}/${applicationId}`);

        const target = await yamlProject(env.tmp, "plugin-import-consent", env.emulator);
        await target.pulumi([
            "import",
            CONSENT_TOKEN,
            "consent",
            `${tenantId}/${applicationId}`,
            "--yes",
            "--protect=false",
            "--generate-code=false",
        ]);
        const [imported] = resourcesOf(await target.exportState(), CONSENT_TOKEN);
        assert.ok(imported, "the consent is in the new stack's state");
        assert.strictEqual(imported.id, `${tenantId}/${applicationId}`);
        assert.deepStrictEqual(imported.inputs["applicationGrants"], consent.applicationGrants);
        target.writeProgram({ consent: { type: CONSENT_TOKEN, properties: consent } });
        await target.pulumi(["preview", "--expect-no-changes"]);

        const malformed = await target.pulumi(
            ["import", CONSENT_TOKEN, "bad", tenantId, "--yes", "--protect=false", "--generate-code=false"],
            { allowFailure: true },
        );
        assert.notStrictEqual(malformed.code, 0);
        assert.match(malformed.stdout + malformed.stderr, /expected <customerId>\/<applicationId>/);
    });

    it("imports an agreement by customerId/signatoryEmail too; a malformed or unknown id fails naming the expected form", async () => {
        const target = await yamlProject(env.tmp, "plugin-import-ids", env.emulator);
        await target.pulumi([
            "import",
            AGREEMENT_TOKEN,
            "agreement",
            `${customerId}/GENA@pluginimportcontoso.example`,
            "--yes",
            "--protect=false",
            "--generate-code=false",
        ]);
        assert.deepStrictEqual(
            resourcesOf(await target.exportState(), AGREEMENT_TOKEN).map((r) => r.id),
            [agreementId],
        );
        const failures: [string, string, RegExp][] = [
            [ASSIGNMENT_TOKEN, assignmentId, /expected <relationshipId>\/<assignmentId>/],
            [CUSTOMER_TOKEN, "contoso", /expected <customerId>/],
            [AGREEMENT_TOKEN, `${customerId}/nobody@pluginimportcontoso.example`, /lists no MCA agreement/],
        ];
        for (const [type, id, message] of failures) {
            const result = await target.pulumi(
                ["import", type, "bad", id, "--yes", "--protect=false", "--generate-code=false"],
                { allowFailure: true },
            );
            assert.notStrictEqual(result.code, 0, `${type} ${id} is refused`);
            assert.match(result.stdout + result.stderr, message);
        }
    });
});
