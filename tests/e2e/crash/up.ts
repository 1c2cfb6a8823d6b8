/**
 * Child process of reliability.test.ts scenario 4: runs `pulumi up` of an existing stack (opened with the paths
 * the test gives it: same file backend, PULUMI_HOME, project directory, stack name and program), streaming the
 * engine's output to stdout. The test SIGKILLs this process, the `pulumi` CLI it starts and the provider host
 * once the emulator has committed the create; reaching the end of `main` means the kill came too late.
 *
 * env: E2E_STACK (JSON of `StackPaths` from ../harness).
 */
import { offlinePulumiEnv, openInlineStack } from "../../../scripts/pulumi-env";
import type { StackPaths } from "../harness";

async function main(): Promise<void> {
    const paths = JSON.parse(process.env["E2E_STACK"] ?? "{}") as StackPaths;
    const env = offlinePulumiEnv(paths);
    const stack = await openInlineStack({
        binDir: paths.binDir,
        env,
        workDir: paths.workDir,
        stackName: paths.stackName,
        programModule: paths.programModule,
    });
    const up = await stack.up({ onOutput: (text) => process.stdout.write(text) });
    console.log(`\nCHILD-UP-RESULT ${up.summary.result}`);
}

main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
});
