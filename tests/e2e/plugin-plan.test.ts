/**
 * Previews that predict, through the provider plugin: with a GDAP relationship that takes the customer's tenant id
 * and company name, editing the customer's billing email plans exactly one in-place update of the customer, with
 * the detailed diff naming the property, and nothing else (the relationship is not replaced: the update preview
 * keeps the customer's outputs known). `up` then sends one billing-profile PUT and nothing to Graph.
 */
import * as assert from "assert";

import {
    CUSTOMER_TOKEN,
    customerArgs,
    pluginE2E,
    previewPlan,
    RELATIONSHIP_TOKEN,
    yamlProject,
    type YamlProject,
} from "./plugin-harness";

describe("e2e: the exact plan of a billing email edit through the provider plugin", function () {
    let env: Awaited<ReturnType<typeof pluginE2E>>;
    let project: YamlProject;
    const customer = customerArgs("pluginplancontoso");
    const program = (email: string) => ({
        customer: {
            type: CUSTOMER_TOKEN,
            properties: { ...customer, billingProfile: { ...(customer["billingProfile"] as object), email } },
        },
        relationship: {
            type: RELATIONSHIP_TOKEN,
            properties: {
                displayName: "Plugin plan Contoso support",
                customerTenantId: "${customer.tenantId}",
                customerDisplayName: "${customer.companyName}",
                roles: ["Helpdesk Administrator", "Global Reader"],
                onDelete: "terminate",
            },
        },
    });

    before(async () => {
        env = await pluginE2E();
        project = await yamlProject(env.tmp, "plugin-plan", env.emulator);
        project.writeProgram(program("billing@pluginplancontoso.example"));
        await project.pulumi(["up", "--yes", "--skip-preview"]);
    });
    after(async () => {
        await project?.pulumi(["destroy", "--yes", "--skip-preview"], { allowFailure: true });
        await env?.dispose();
    });

    it("plans one update of the customer, no replacement, nothing for the relationship", async () => {
        project.writeProgram(program("finance@pluginplancontoso.example"));
        const plan = await previewPlan(project);
        const changes = plan.filter((s) => s.op !== "same");
        assert.deepStrictEqual(
            changes.map((s) => [s.op, s.urn.split("::").pop()]),
            [["update", "customer"]],
        );
        const [update] = changes;
        assert.deepStrictEqual(update?.diffReasons, ["billingProfile"]);
        assert.deepStrictEqual(update?.detailedDiff, { "billingProfile.email": { kind: "update", inputDiff: true } });
        assert.deepStrictEqual(update?.replaceReasons ?? [], []);
        // The relationship reads the customer's tenantId and companyName: were they unknown in the update's
        // predicted outputs (as the engine makes them for a provider without previews), it would be planned too.
        const relationship = plan.find((s) => s.urn.endsWith("::relationship"));
        assert.ok(!relationship || relationship.op === "same", `relationship step: ${relationship?.op}`);
    });

    it("up applies it with one billing-profile PUT and no Graph call", async () => {
        const start = env.emulator.requestLog.length;
        await project.pulumi(["up", "--yes", "--skip-preview"]);
        const calls = env.emulator.requestLog.slice(start).filter((r) => !r.path.includes("/oauth2/"));
        assert.strictEqual(calls.filter((r) => r.operation === "updateBillingProfile").length, 1);
        assert.deepStrictEqual(
            calls.filter((r) => r.path.includes("/graph/") && r.method !== "GET").map((r) => r.operation),
            [],
        );
        await project.pulumi(["preview", "--expect-no-changes"]);
    });
});
