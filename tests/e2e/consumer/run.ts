/**
 * Child process of consumer.test.ts: runs `up` then `destroy` of a consumer project (a directory outside this
 * repository whose node_modules holds the *packed* pulumi-partnercenter) and prints one JSON line of results.
 *
 * It runs without `--preserve-symlinks`, like a user's program: the package is a real directory under the
 * consumer's node_modules, so the stub is captured as `require("pulumi-partnercenter/stub")` on its own.
 *
 * argv: <consumerDir> <binDir> ; env: E2E_CONFIG (JSON of stack config; secrets under "secret" keys).
 */
import { createRequire } from "module";
import * as path from "path";

import { offlinePulumiEnv, openInlineStack } from "../../../scripts/pulumi-env";

async function main(): Promise<void> {
    const [consumerDir, binDir] = process.argv.slice(2) as [string, string];
    const config = JSON.parse(process.env["E2E_CONFIG"] ?? "{}") as Record<string, { value: string; secret?: boolean }>;
    const env = offlinePulumiEnv({
        binDir,
        pulumiHome: path.join(consumerDir, ".pulumi-home"),
        backendDir: path.join(consumerDir, ".pulumi-state"),
        passphrase: "consumer-test",
    });
    const stack = await openInlineStack({
        binDir,
        env,
        workDir: consumerDir,
        stackName: "consumer",
        programModule: path.join(consumerDir, "index.js"),
        requireFn: createRequire(path.join(consumerDir, "index.js")),
    });
    await stack.setAllConfig(config);
    const up = await stack.up();
    const exported = JSON.stringify(await stack.exportStack());
    const destroy = await stack.destroy();
    console.log(
        JSON.stringify({
            upResult: up.summary.result,
            tenantId: up.outputs["tenantId"]?.value,
            providerTexts: [...exported.matchAll(/"__provider":"((?:[^"\\]|\\.)*)"/g)].map(
                (m) => JSON.parse(`"${m[1]}"`) as string,
            ),
            destroyResult: destroy.summary.result,
        }),
    );
}

main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
});
