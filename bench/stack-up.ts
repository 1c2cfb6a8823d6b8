/**
 * Child process of every `pulumi up` the benchmark times (create, adopt, growth, and each stack of create-stacks):
 * one stack's up in its own process (Node's Automation API runs one inline program per process), as a CI job would. Prints one line
 * `BENCH-STACK {"ok":bool,"failed":n,"wallS":s,"startedAt":ms,"endedAt":ms,"error"?:text}` at the end: the
 * times of the `pulumi up` itself, without this process's start and the workspace's stack selection (a user's
 * `pulumi up` does not pay those either).
 *
 * env: BENCH_STACK (JSON: StackPaths of tests/e2e/harness plus `parallel`).
 */
import type { EngineEvent } from "@pulumi/pulumi/automation";

import { offlinePulumiEnv, openInlineStack } from "../scripts/pulumi-env";
import type { StackPaths } from "../tests/e2e/harness";

async function main(): Promise<void> {
    const paths = JSON.parse(process.env["BENCH_STACK"] ?? "{}") as StackPaths & { parallel?: number };
    const stack = await openInlineStack({
        binDir: paths.binDir,
        env: offlinePulumiEnv(paths),
        workDir: paths.workDir,
        stackName: paths.stackName,
        programModule: paths.programModule,
    });
    let failed = 0;
    const t0 = Date.now();
    let error: string | undefined;
    try {
        await stack.up({
            ...(paths.parallel ? { parallel: paths.parallel } : {}),
            onEvent: (event: EngineEvent) => {
                // Any resource: the chain measure's agreements and GDAP relationships count too.
                if (event.resOpFailedEvent) {
                    failed += 1;
                }
            },
        });
    } catch (e) {
        error = (e instanceof Error ? e.message : String(e)).slice(-2000);
    }
    const endedAt = Date.now();
    const result = {
        ok: error === undefined,
        failed,
        wallS: (endedAt - t0) / 1000,
        startedAt: t0,
        endedAt,
        ...(error ? { error } : {}),
    };
    console.log(`BENCH-STACK ${JSON.stringify(result)}`);
}

main().catch((e: unknown) => {
    console.log(`BENCH-STACK ${JSON.stringify({ ok: false, failed: 0, wallS: 0, error: String(e) })}`);
    process.exit(1);
});
