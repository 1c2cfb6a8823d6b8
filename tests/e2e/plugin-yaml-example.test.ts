/**
 * `examples/yaml-onboarding` as written (customer → agreement → GDAP relationship), run by the real CLI through the
 * plugin against the emulator: up creates the three, the next preview shows no changes, destroy empties the stack.
 * Only the plugin's path is rewritten (the example names it relative to this repository).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

import { REPO_ROOT } from "../../scripts/pulumi-env";
import {
    AGREEMENT_TOKEN,
    cliProject,
    CUSTOMER_TOKEN,
    PLUGIN_DIR,
    pluginE2E,
    RELATIONSHIP_TOKEN,
    resourcesOf,
    type YamlProject,
} from "./plugin-harness";

describe("e2e: examples/yaml-onboarding through the plugin", function () {
    let env: Awaited<ReturnType<typeof pluginE2E>>;
    let project: YamlProject;

    before(async () => {
        env = await pluginE2E();
        const dir = path.join(env.tmp, "yaml-onboarding");
        fs.mkdirSync(dir);
        const text = fs.readFileSync(path.join(REPO_ROOT, "examples", "yaml-onboarding", "Pulumi.yaml"), "utf8");
        assert.match(text, /path: \.\.\/\.\.\/provider\/bin/);
        fs.writeFileSync(
            path.join(dir, "Pulumi.yaml"),
            text.replace("path: ../../provider/bin", `path: ${PLUGIN_DIR}`),
        );
        project = await cliProject(dir, env.emulator);
    });
    after(async () => {
        await env?.dispose();
    });

    it("up creates customer, agreement (pending acceptance) and relationship; the next preview shows no changes; destroy empties the stack", async () => {
        await project.pulumi(["up", "--yes", "--skip-preview"]);
        const state = await project.exportState();
        for (const type of [CUSTOMER_TOKEN, AGREEMENT_TOKEN, RELATIONSHIP_TOKEN]) {
            assert.strictEqual(resourcesOf(state, type).length, 1, `${type} is in state`);
        }
        const outputs = JSON.parse((await project.pulumi(["stack", "output", "--json"])).stdout) as Record<
            string,
            string
        >;
        assert.strictEqual(outputs["agreementStatus"], "PendingAcceptance");
        assert.strictEqual(outputs["customerId"], resourcesOf(state, CUSTOMER_TOKEN)[0]?.id);
        await project.pulumi(["preview", "--expect-no-changes"]);
        await project.pulumi(["destroy", "--yes", "--skip-preview"]);
        const after = await project.exportState();
        assert.deepStrictEqual(
            [CUSTOMER_TOKEN, AGREEMENT_TOKEN, RELATIONSHIP_TOKEN].flatMap((t) => resourcesOf(after, t)),
            [],
        );
    });
});
