/**
 * Child process of team-backend.test.ts: `pulumi up` of an existing stack in its own process (Node's Automation
 * API runs one inline program per process at a time), opened from the paths the test gives it: same backend
 * (PostgreSQL), project directory, stack name and program. Prints the engine's output, then one closing line
 * `CHILD-UP-RESULT <result> <json of the change summary>`; exits 1 with the error's message when `up` fails.
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
    console.log(`\nCHILD-UP-RESULT ${up.summary.result} ${JSON.stringify(up.summary.resourceChanges ?? {})}`);
}

main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
});
