/**
 * `pulumi import` through the provider plugin: a customer created by one project (YAML, through the plugin) is
 * imported by id into a fresh stack of another, and a program there that declares it as it is previews with no
 * changes (the plugin's `read` returned inputs a program would produce). The engine sends `read` no state on import,
 * which the dynamic provider cannot serve (pulumi/pulumi#3550).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

import {
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
    const customer = customerArgs("pluginimportcontoso");
    const relationship = {
        displayName: "Plugin import Contoso support",
        customerTenantId: "${customer.tenantId}",
        roles: ["Helpdesk Administrator", "Global Reader"],
    };

    before(async () => {
        env = await pluginE2E();
        source = await yamlProject(env.tmp, "plugin-import-source", env.emulator);
        source.writeProgram({
            customer: { type: CUSTOMER_TOKEN, properties: customer },
            relationship: { type: RELATIONSHIP_TOKEN, properties: relationship },
        });
        await source.pulumi(["up", "--yes", "--skip-preview"]);
        const state = await source.exportState();
        const [created] = resourcesOf(state, CUSTOMER_TOKEN);
        const [related] = resourcesOf(state, RELATIONSHIP_TOKEN);
        assert.ok(created && related);
        customerId = created.id;
        relationshipId = related.id;
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
});
