/**
 * The provider plugin through the real CLI and a YAML program: `pulumi up` creates a customer through
 * `pulumi-resource-partnercenter` against the emulator, then a preview shows no changes, refresh keeps it, destroy
 * removes it from state; no secret in state; a credential set without `--secret` is refused before anything is
 * called. Also `pulumi package get-schema` on the executable lists the five resources.
 */
import * as assert from "assert";
import * as path from "path";

import { secretsOf } from "./harness";
import {
    CUSTOMER_TOKEN,
    customerArgs,
    PLUGIN_DIR,
    pluginE2E,
    previewPlan,
    resourcesOf,
    yamlProject,
    type YamlProject,
} from "./plugin-harness";

describe("e2e: provider plugin with a YAML program", function () {
    let env: Awaited<ReturnType<typeof pluginE2E>>;
    let project: YamlProject;
    const customer = customerArgs("pluginyamlcontoso");

    before(async () => {
        env = await pluginE2E();
        project = await yamlProject(env.tmp, "plugin-yaml", env.emulator);
    });
    after(async () => {
        await env?.dispose();
    });

    it("pulumi package get-schema on the executable lists the five resources", async () => {
        const { stdout } = await project.pulumi([
            "package",
            "get-schema",
            path.join(PLUGIN_DIR, "pulumi-resource-partnercenter"),
        ]);
        const schema = JSON.parse(stdout) as { name: string; resources: Record<string, unknown> };
        assert.strictEqual(schema.name, "partnercenter");
        assert.deepStrictEqual(Object.keys(schema.resources).sort(), [
            "partnercenter:index:ApplicationConsent",
            "partnercenter:index:CustomerAgreement",
            "partnercenter:index:GdapAccessAssignment",
            "partnercenter:index:GdapRelationship",
            "partnercenter:index:IndirectResellerCustomer",
        ]);
    });

    it("up creates the customer; the preview after it shows no changes", async () => {
        project.writeProgram(
            { customer: { type: CUSTOMER_TOKEN, properties: customer } },
            { customerId: "${customer.customerId}", tenantId: "${customer.tenantId}" },
        );
        const plan = await previewPlan(project);
        assert.deepStrictEqual(
            plan.map((s) => s.op),
            ["create"],
        );
        await project.pulumi(["up", "--yes", "--skip-preview"]);
        const state = await project.exportState();
        const [created] = resourcesOf(state, CUSTOMER_TOKEN);
        assert.ok(created, "the customer is in state under its plugin type token");
        assert.match(created.id, /^[0-9a-f-]{36}$/);
        assert.strictEqual(created.outputs["domain"], "pluginyamlcontoso.onmicrosoft.com");
        assert.ok(
            env.emulator.requestLog.some((r) => r.operation === "createCustomer"),
            "the emulator saw the customer's creation",
        );
        // The admin credentials are a secret output, encrypted in state; no credential of the partner anywhere.
        const credentials = created.outputs["userCredentials"] as Record<string, unknown>;
        assert.ok(credentials && "ciphertext" in credentials, "userCredentials is encrypted in state");
        for (const secret of secretsOf(env.emulator)) {
            assert.ok(!state.includes(secret), "no partner credential in state");
        }

        const again = await previewPlan(project);
        assert.deepStrictEqual(
            again.filter((s) => s.op !== "same").map((s) => s.op),
            [],
        );
        await project.pulumi(["preview", "--expect-no-changes"]);
    });

    it("refresh reads the customer and changes nothing", async () => {
        const { stdout } = await project.pulumi(["refresh", "--yes", "--skip-preview", "--expect-no-changes"]);
        assert.doesNotMatch(stdout, /error/i);
        await project.pulumi(["preview", "--expect-no-changes"]);
    });

    it("destroy removes the customer from state (onDelete retain: it stays in Partner Center)", async () => {
        const before = env.emulator.requestLog.length;
        const { stdout } = await project.pulumi(["destroy", "--yes", "--skip-preview"]);
        assert.match(stdout, /stays in Partner Center/, "the retain warning reaches the user through the engine");
        assert.deepStrictEqual(resourcesOf(await project.exportState(), CUSTOMER_TOKEN), []);
        assert.ok(
            !env.emulator.requestLog.slice(before).some((r) => r.operation === "deleteCustomer"),
            "nothing deleted in Partner Center",
        );
    });

    it("refuses a credential set in stack config without --secret, as the dynamic provider does", async () => {
        const plain = await yamlProject(env.tmp, "plugin-yaml-plaintext", env.emulator);
        plain.writeProgram({ customer: { type: CUSTOMER_TOKEN, properties: customerArgs("pluginplaintext") } });
        // `--plaintext`: the CLI itself warns about a value that looks like a secret; users can still insist.
        await plain.pulumi(["config", "set", "--plaintext", "partnercenter:clientSecret"], {
            input: env.emulator.seed.partner.clientSecret,
        });
        const before = env.emulator.requestLog.length;
        const result = await plain.pulumi(["preview"], { allowFailure: true });
        assert.notStrictEqual(result.code, 0);
        assert.match(
            result.stdout + result.stderr,
            /partnercenter:clientSecret is set in stack config without --secret/,
        );
        assert.match(result.stdout + result.stderr, /pulumi config set --secret partnercenter:clientSecret <value>/);
        assert.strictEqual(env.emulator.requestLog.length, before, "no call reached Partner Center");
    });
});
