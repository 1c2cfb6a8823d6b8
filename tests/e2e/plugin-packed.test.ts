/**
 * Acceptance of the provider plugin from the packed package, in projects outside the repository: the tarball of
 * `npm pack --workspace provider` installed as npm would install it (offline), then through the real CLI, with the
 * plugin named by its installed path (`node_modules/pulumi-partnercenter/bin`):
 * - `pulumi package get-schema` lists the four resources;
 * - a YAML program creates a customer against the emulator and previews with no changes after;
 * - `pulumi import` brings that customer into another stack by id (no changes in a program declaring it).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

import { install, packProvider } from "./pack-install";
import {
    CUSTOMER_TOKEN,
    customerArgs,
    pluginE2E,
    previewPlan,
    resourcesOf,
    yamlProject,
    type YamlProject,
} from "./plugin-harness";

describe("e2e: the provider plugin from the packed package, outside the repository", function () {
    let env: Awaited<ReturnType<typeof pluginE2E>>;
    let pluginDir: string;
    let source: YamlProject;
    let customerId: string;
    const customer = customerArgs("pluginpackedcontoso");

    /** A YAML project using the installed plugin, run as a user's shell would (no --preserve-symlinks). */
    const project = async (name: string) => {
        const p = await yamlProject(env.tmp, name, env.emulator, {}, pluginDir);
        delete p.env["NODE_OPTIONS"];
        return p;
    };

    before(async function () {
        this.timeout(300_000);
        env = await pluginE2E();
        const installed = path.join(env.tmp, "installed");
        fs.mkdirSync(installed);
        install(installed, packProvider(env.tmp));
        pluginDir = path.join(installed, "node_modules", "pulumi-partnercenter", "bin");
        assert.ok(fs.existsSync(path.join(pluginDir, "pulumi-resource-partnercenter")), "the tarball ships the plugin");
        assert.ok(!fs.realpathSync(pluginDir).startsWith(path.resolve(__dirname, "..", "..", "..")));
        source = await project("packed-source");
    });
    after(async () => {
        await env?.dispose();
    });

    it("pulumi package get-schema on the installed executable lists the four resources", async () => {
        const { stdout } = await source.pulumi([
            "package",
            "get-schema",
            path.join(pluginDir, "pulumi-resource-partnercenter"),
        ]);
        const schema = JSON.parse(stdout) as { resources: Record<string, unknown> };
        for (const type of [
            "IndirectResellerCustomer",
            "CustomerAgreement",
            "GdapRelationship",
            "GdapAccessAssignment",
        ]) {
            assert.ok(`partnercenter:index:${type}` in schema.resources, `${type} is in the schema`);
        }
    });

    it("a YAML program creates a customer against the emulator; the preview after shows no changes", async () => {
        source.writeProgram({ customer: { type: CUSTOMER_TOKEN, properties: customer } });
        await source.pulumi(["up", "--yes", "--skip-preview"]);
        const [created] = resourcesOf(await source.exportState(), CUSTOMER_TOKEN);
        assert.ok(created, "the customer is in state");
        customerId = created.id;
        assert.ok(
            env.emulator.requestLog.some((r) => r.operation === "createCustomer"),
            "the emulator saw the creation",
        );
        await source.pulumi(["preview", "--expect-no-changes"]);
    });

    it("pulumi import brings that customer into another stack by id; declaring it previews no changes", async () => {
        assert.ok(customerId, "the previous test created the customer");
        const target = await project("packed-target");
        await target.pulumi(["import", CUSTOMER_TOKEN, "imported", customerId, "--yes", "--protect=false"]);
        const [imported] = resourcesOf(await target.exportState(), CUSTOMER_TOKEN);
        assert.strictEqual(imported?.id, customerId);
        target.writeProgram({ imported: { type: CUSTOMER_TOKEN, properties: customer } });
        const plan = await previewPlan(target);
        assert.deepStrictEqual(
            plan.filter((s) => s.op !== "same").map((s) => s.op),
            [],
        );
        await target.pulumi(["preview", "--expect-no-changes"]);
    });
});
