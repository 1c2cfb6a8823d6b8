/**
 * TypeScript on the generated Node.js SDK: `examples/ts-sdk-onboarding` run by the real CLI (our Node language
 * host, ts-node) with the plugin against the emulator. The SDK is built as `npm run build:sdk-nodejs` builds it and
 * put in the project's node_modules beside `@pulumi/pulumi` (linked from this repository's, as npm would install
 * them, offline). `tsc --noEmit` type-checks the program against the SDK; up creates the customer and its GDAP
 * relationship under the plugin's type tokens (and calls a function of the plugin); the next preview shows no
 * changes; destroy empties the stack and leaves the customer in Partner Center.
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

import { buildNodejsSdk } from "../../scripts/build-nodejs-sdk";
import { REPO_ROOT } from "../../scripts/pulumi-env";
import {
    cliProject,
    CUSTOMER_TOKEN,
    PLUGIN_DIR,
    pluginE2E,
    previewPlan,
    RELATIONSHIP_TOKEN,
    resourcesOf,
    type YamlProject,
} from "./plugin-harness";

const EXAMPLE = path.join(REPO_ROOT, "examples", "ts-sdk-onboarding");

describe("e2e: TypeScript on the generated Node.js SDK, through the plugin", function () {
    let env: Awaited<ReturnType<typeof pluginE2E>>;
    let project: YamlProject;

    before(async function () {
        this.timeout(300_000);
        env = await pluginE2E();
        const dir = path.join(env.tmp, "ts-sdk-onboarding");
        fs.mkdirSync(path.join(dir, "node_modules", "@pulumi-partnercenter"), { recursive: true });
        for (const file of ["index.ts", "tsconfig.json", "package.json"]) {
            fs.copyFileSync(path.join(EXAMPLE, file), path.join(dir, file));
        }
        // The example names the plugin relative to this repository; from the copy, by its absolute path.
        const projectFile = fs.readFileSync(path.join(EXAMPLE, "Pulumi.yaml"), "utf8");
        assert.match(projectFile, /path: \.\.\/\.\.\/provider\/bin/);
        fs.writeFileSync(
            path.join(dir, "Pulumi.yaml"),
            projectFile.replace("path: ../../provider/bin", `path: ${PLUGIN_DIR}`),
        );
        buildNodejsSdk(path.join(dir, "node_modules", "@pulumi-partnercenter", "sdk"));
        for (const name of ["@pulumi/pulumi", "typescript", "@types/node"]) {
            fs.mkdirSync(path.dirname(path.join(dir, "node_modules", name)), { recursive: true });
            fs.symlinkSync(path.join(REPO_ROOT, "node_modules", name), path.join(dir, "node_modules", name));
        }
        project = await cliProject(dir, env.emulator);
        // Node resolves the linked packages by their real paths, as it does for an npm install: one @pulumi/pulumi
        // for the language host's runner, the program and the SDK (under --preserve-symlinks, which this
        // repository's tests set, the program would load a second copy, without its dependencies beside it).
        delete project.env["NODE_OPTIONS"];
        await project.pulumi(["config", "set", "domain", "pluginsdkfabrikam.onmicrosoft.com"]);
    });
    after(async () => {
        await env?.dispose();
    });

    it("the program type-checks against the SDK (tsc --noEmit with its tsconfig)", () => {
        execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "--noEmit", "-p", project.dir], {
            stdio: ["ignore", "pipe", "pipe"],
        });
    });

    it("up creates the customer and its relationship through the plugin; the next preview shows no changes", async () => {
        const plan = await previewPlan(project);
        assert.deepStrictEqual(plan.map((s) => `${s.op} ${s.newState?.type ?? ""}`).sort(), [
            `create ${RELATIONSHIP_TOKEN}`,
            `create ${CUSTOMER_TOKEN}`,
        ]);
        await project.pulumi(["up", "--yes", "--skip-preview"]);
        const state = await project.exportState();
        const [customer] = resourcesOf(state, CUSTOMER_TOKEN);
        const [relationship] = resourcesOf(state, RELATIONSHIP_TOKEN);
        assert.ok(customer && relationship, "both are in state under the plugin's type tokens");
        assert.strictEqual(customer.outputs["domain"], "pluginsdkfabrikam.onmicrosoft.com");
        assert.strictEqual(relationship.inputs["customerTenantId"], customer.outputs["tenantId"]);
        const outputs = JSON.parse((await project.pulumi(["stack", "output", "--json"])).stdout) as Record<
            string,
            unknown
        >;
        assert.strictEqual(outputs["customerId"], customer.id);
        assert.strictEqual(outputs["relationshipId"], relationship.id);
        assert.notStrictEqual(outputs["resellerName"], "(not one of your resellers)", "the invoke found the reseller");

        await project.pulumi(["preview", "--expect-no-changes"]);
    });

    it("destroy empties the stack; the customer stays in Partner Center (onDelete retain)", async () => {
        const since = env.emulator.requestLog.length;
        const before = await project.exportState();
        assert.strictEqual(resourcesOf(before, CUSTOMER_TOKEN).length, 1, "up left the customer in state");
        await project.pulumi(["destroy", "--yes", "--skip-preview"]);
        const state = await project.exportState();
        assert.deepStrictEqual([...resourcesOf(state, CUSTOMER_TOKEN), ...resourcesOf(state, RELATIONSHIP_TOKEN)], []);
        assert.ok(
            !env.emulator.requestLog.slice(since).some((r) => r.operation === "deleteCustomer"),
            "the customer was not deleted",
        );
    });
});
