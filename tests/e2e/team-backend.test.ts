/**
 * Team backend: stack state in PostgreSQL (Pulumi's PostgreSQL DIY backend, `pulumi login postgres://...`), the
 * real CLI, the emulator over loopback. A server must be running (`npm test` and `.ci/run` start one with
 * scripts/test-postgres.sh and export PULUMI_TEST_POSTGRES_URL); without it these tests fail, they never skip.
 *
 * - a bulk `up` keeps its state in PostgreSQL: a second workspace with no local files reads it back;
 * - two stacks updated at the same time (two processes, one partner tenant) both succeed;
 * - a second `up` of a stack while one runs is refused by the backend's lock, with a message saying so, and nothing
 *   is created twice.
 */
import * as assert from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";

import { emulatorStackConfig } from "../fixtures/emulator-config";
import { offlinePulumiEnv, openInlineStack, postgresBackendUrl, redactBackendUrl } from "../../scripts/pulumi-env";
import {
    count,
    customerArgs,
    customerResources,
    setUpE2E,
    withOps,
    type E2EEnvironment,
    type StackPaths,
} from "./harness";

interface ChildResult {
    code: number | null;
    output: string;
}

/** `pulumi up` of a stack in a child process (tests/e2e/team/up.ts); resolves when it exits. */
function upInChild(paths: StackPaths, onOutput?: (text: string) => void): Promise<ChildResult> {
    const child = spawn(process.execPath, [path.join(__dirname, "team", "up.js")], {
        env: { ...process.env, E2E_STACK: JSON.stringify(paths) },
        stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const collect = (b: Buffer) => {
        output += b.toString("utf8");
        onOutput?.(output);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    return new Promise((resolve) => child.on("exit", (code) => resolve({ code, output })));
}

function customersFor(prefix: string, n: number): Record<string, Record<string, unknown>> {
    return Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, customerArgs(`${prefix}${i}`)]));
}

function duplicateDomains(e2e: E2EEnvironment): number {
    const domains = e2e.emulator.store.list().map((c) => c.domain.toLowerCase());
    return domains.length - new Set(domains).size;
}

describe("e2e: team backend (state in PostgreSQL)", function () {
    let e2e: E2EEnvironment | undefined;
    const extraConfigFiles: string[] = [];
    // One table per run: stacks of other runs (and other engineers' runs on this server) stay invisible.
    const table = `pc_e2e_${process.pid}_${Date.now().toString(36)}`;

    afterEach(async () => {
        await e2e?.dispose();
        e2e = undefined;
        for (const file of extraConfigFiles.splice(0)) {
            fs.rmSync(file, { force: true });
        }
    });

    async function environment(stackName: string, latencyMs = 0): Promise<E2EEnvironment> {
        e2e = await setUpE2E({
            backendUrl: postgresBackendUrl(table),
            stackName,
            emulator: { latencyMs },
            config: { "partnercenter:domainPreflight": "create" },
        });
        return e2e;
    }

    it("a bulk up keeps its state in PostgreSQL: another workspace with no local state reads all customers back", async function () {
        const env = await environment(`bulk${process.pid}`);
        const n = 25;
        await env.setCustomers(customersFor("pgbulk", n));
        const { result, ops } = await withOps((o) => env.stack.up({ ...o, parallel: n }));
        assert.strictEqual(result.summary.result, "succeeded");
        assert.strictEqual(ops["create"], n);
        assert.strictEqual(env.emulator.store.count(), n);

        // A fresh PULUMI_HOME and no file backend: the only copy of the state is the one in PostgreSQL.
        const paths = env.paths;
        assert.ok(paths.backendUrl?.startsWith("postgres://"));
        assert.strictEqual(fs.existsSync(paths.backendDir), false, "no file backend was created");
        const elsewhere = await openInlineStack({
            binDir: paths.binDir,
            env: offlinePulumiEnv({ ...paths, pulumiHome: path.join(env.tmp, "other-home") }),
            workDir: paths.workDir,
            stackName: paths.stackName,
            programModule: paths.programModule,
        });
        const exported = await elsewhere.exportStack();
        assert.strictEqual(customerResources(JSON.stringify(exported)).length, n);
        const info = await elsewhere.workspace.whoAmI();
        assert.ok(info.url?.startsWith("postgres://"), `backend ${redactBackendUrl(info.url ?? "")}`);
    });

    it("two stacks on one partner tenant updated at the same time both succeed, each with its own customers", async function () {
        const env = await environment(`east${process.pid}`, 50);
        const n = 10;
        await env.setCustomers(customersFor("pgeast", n));

        // Stack B: same project, backend and emulator, its own name and customers, run from another process.
        const west: StackPaths = { ...env.paths, stackName: `west${process.pid}` };
        const westStack = await openInlineStack({
            binDir: west.binDir,
            env: offlinePulumiEnv(west),
            workDir: west.workDir,
            stackName: west.stackName,
            programModule: west.programModule,
        });
        extraConfigFiles.push(path.join(west.workDir, `Pulumi.${west.stackName}.yaml`));
        await westStack.setAllConfig({
            ...emulatorStackConfig(env.emulator, { domainPreflight: "create" }),
            customers: { value: JSON.stringify(customersFor("pgwest", n)) },
        });

        const [eastUp, westUp] = await Promise.all([env.stack.up({ parallel: n }), upInChild(west)]);
        assert.strictEqual(eastUp.summary.result, "succeeded");
        assert.strictEqual(westUp.code, 0, westUp.output.slice(-3000));
        // The change summary counts the stack resource too.
        assert.match(westUp.output, new RegExp(`CHILD-UP-RESULT succeeded .*"create":${n + 1}\\b`));
        assert.strictEqual(env.emulator.store.count(), 2 * n);
        assert.strictEqual(duplicateDomains(env), 0);
        const westState = await westStack.exportStack();
        const westDomains = customerResources(JSON.stringify(westState)).map(
            (r) => (r.outputs["companyProfile"] as { domain: string }).domain,
        );
        assert.strictEqual(westDomains.length, n);
        assert.ok(westDomains.every((d) => d.startsWith("pgwest")));
    });

    it("a second up of a stack while one runs is refused by the lock, with a clear message; nothing is duplicated", async function () {
        // 1 s per call, one create at a time: the first up holds the lock for well over ten seconds, longer than the
        // second CLI needs to start even on a loaded machine (at 300 ms and 2 at a time it could finish first).
        const env = await environment(`lock${process.pid}`, 1000);
        const n = 12;
        await env.setCustomers(customersFor("pglock", n));
        const since = env.mark();
        const first = env.stack.up({ parallel: 1 });

        // Once the first up is creating customers (its lock is taken), start the same stack's up elsewhere.
        const deadline = Date.now() + 60_000;
        while (count(since(), "createCustomer") === 0) {
            assert.ok(Date.now() < deadline, "the first up never reached createCustomer");
            await new Promise((r) => setTimeout(r, 50));
        }
        const second = await upInChild(env.paths);
        const firstUp = await first;

        assert.strictEqual(firstUp.summary.result, "succeeded");
        assert.notStrictEqual(second.code, 0, "the second up must fail while the first holds the lock");
        assert.match(second.output, /the stack is currently locked by 1 lock\(s\)/);
        assert.match(second.output, /pulumi cancel/);
        assert.doesNotMatch(second.output, /CHILD-UP-RESULT/);
        // Nothing created twice: every customer once in the service, once in state, one POST each.
        assert.strictEqual(env.emulator.store.count(), n);
        assert.strictEqual(duplicateDomains(env), 0);
        assert.strictEqual(count(since(), "createCustomer"), n);
        assert.strictEqual(customerResources(await env.exportState()).length, n);

        // The lock is released with the first up: the same stack updates again from the other process (no change).
        const third = await upInChild(env.paths);
        assert.strictEqual(third.code, 0, third.output.slice(-3000));
        // `same` counts the stack resource too.
        assert.match(third.output, new RegExp(`CHILD-UP-RESULT succeeded .*"same":${n + 1}\\b`));
        assert.strictEqual(count(since(), "createCustomer"), n);
    });
});
