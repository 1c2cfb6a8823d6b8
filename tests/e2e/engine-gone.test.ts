/**
 * When the engine dies, its plugins stop (issue 19, point 9): a `pulumi up` from the shell (our Node language host
 * runs the program, the CLI starts the dynamic-provider host) with creates queued behind emulator latency, and a
 * SIGKILL of the `pulumi` process alone, as an OOM killer or a CI job timeout does it. The provider host and the
 * language host are then orphans nobody will read from: the provider must stop sending writes within a second
 * (creates it finishes are customers the state never records) and every process of the run must exit.
 *
 * Figures (time from the kill to the last create, to each process's exit) are printed at the end.
 */
import * as assert from "assert";
import { spawn, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as path from "path";

import { offlinePulumiEnv } from "../../scripts/pulumi-env";
import { alive, processTree, type Victim } from "./crash/processes";
import { customerArgs, PROGRAM_DIR, setUpE2E, type E2EEnvironment } from "./harness";

/** Customers in the run: far more than fit in the first few seconds with the latency and concurrency below. */
const N = 12;
/** The create after whose commit the CLI is killed. */
const KILL_AFTER = 2;
/** Latency of every createCustomer: creates queue behind each other in the provider. */
const CREATE_LATENCY_MS = 1500;
/** How long after the kill a create may still arrive (one already leaving the provider, a watchdog tick). */
const GRACE_MS = 1000;
/** How long the test watches after the kill: several create latencies, so a provider that goes on is seen. */
const WATCH_MS = 5000;

describe("e2e: SIGKILL of the pulumi CLI stops its provider and language host", function () {
    let e2e: E2EEnvironment | undefined;
    let child: ChildProcess | undefined;
    let tree: Victim[] = [];
    const figures: string[] = [];

    afterEach(async () => {
        // Whatever survived a failed assertion: no orphan may keep writing into the next test's emulator.
        for (const v of tree) {
            try {
                process.kill(v.pid, "SIGKILL");
            } catch {
                // gone
            }
        }
        if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) {
            child.kill("SIGKILL");
        }
        await e2e?.dispose();
        e2e = undefined;
        console.log(`      ${figures.join("; ")}`);
    });

    it(`no create reaches the emulator more than ${GRACE_MS} ms after the kill, and no process of the run survives`, async function () {
        this.timeout(240_000);
        fs.rmSync(path.join(PROGRAM_DIR, `Pulumi.e2e${process.pid}.yaml`), { force: true });
        // Two calls in flight at a time, each create 1.5 s; the bulk recipe's `domainPreflight: create` (no call
        // per customer in check), so the engine hands every create over at once: they wait in the provider's queue.
        e2e = await setUpE2E({
            config: { "partnercenter:maxConcurrency": "2", "partnercenter:domainPreflight": "create" },
        });
        const { emulator } = e2e;
        await e2e.setCustomers(
            Object.fromEntries(Array.from({ length: N }, (_, i) => [`g${i}`, customerArgs(`engonegone${i}`)])),
        );
        emulator.faults.add({ kind: "latency", ms: CREATE_LATENCY_MS, match: { operation: "createCustomer" } });

        // The plain CLI, as from a shell: the engine starts our language host (which runs the TypeScript program)
        // and the dynamic-provider host. Its own process group, so the kill below reaches `pulumi` alone.
        const env = offlinePulumiEnv(e2e.paths);
        if (!(env["NODE_OPTIONS"] ?? "").includes("--preserve-symlinks")) {
            env["NODE_OPTIONS"] = `${env["NODE_OPTIONS"] ?? ""} --preserve-symlinks`.trim();
        }
        const cli = spawn(
            path.join(e2e.paths.binDir, "pulumi"),
            ["up", "--yes", "--skip-preview", "--non-interactive", "--stack", e2e.stack.name],
            { cwd: PROGRAM_DIR, env, detached: true, stdio: ["ignore", "pipe", "pipe"] },
        );
        child = cli;
        let output = "";
        cli.stdout!.on("data", (b: Buffer) => (output += b.toString("utf8")));
        cli.stderr!.on("data", (b: Buffer) => (output += b.toString("utf8")));
        const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
            cli.on("exit", (code, signal) => resolve(signal ?? code)),
        );

        // Kill inside the emulator's handler of the KILL_AFTER-th create, right after its commit: the provider
        // has more creates queued and in flight at that moment. The tree is read first (the CLI's children are
        // reparented once it is gone).
        const store = emulator.store;
        const insert = store.insert;
        let inserts = 0;
        let killedAt: number | undefined;
        store.insert = function (this: typeof store, customer) {
            const stored = insert.call(this, customer);
            if (++inserts === KILL_AFTER && killedAt === undefined) {
                tree = processTree(cli.pid!).filter((v) => v.pid !== cli.pid);
                process.kill(cli.pid!, "SIGKILL");
                killedAt = Date.now();
            }
            return stored;
        };
        try {
            const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 180_000).unref());
            const exit = await Promise.race([exited, timeout]);
            assert.notStrictEqual(exit, "timeout", `the up never reached ${KILL_AFTER} creates:\n${output}`);
            assert.ok(
                killedAt !== undefined,
                `the up ended (${String(exit)}) before ${KILL_AFTER} creates:\n${output}`,
            );
            assert.strictEqual(exit, "SIGKILL");
        } finally {
            store.insert = insert;
        }
        const kill = killedAt!;
        const commands = tree.map((v) => `${v.command}(${v.pid})`).join(", ");
        // The run's plugins: the provider host (node, the CLI's child) and our language host with the program.
        assert.ok(
            tree.some((v) => v.command.startsWith("pulumi-language")) &&
                tree.filter((v) => v.command === "node").length >= 2,
            `the language host, the program and the provider host ran under the CLI: ${commands}`,
        );

        // Watch the processes exit and the emulator's request log for creates.
        const exitedAfter = new Map<number, number>();
        while (Date.now() - kill < WATCH_MS) {
            for (const v of tree) {
                if (!exitedAfter.has(v.pid) && !alive(v.pid)) {
                    exitedAfter.set(v.pid, Date.now() - kill);
                }
            }
            await new Promise((resolve) => setTimeout(resolve, 25));
        }
        const creates = emulator.requestLog.filter((e) => e.operation === "createCustomer");
        const lateMs = creates.map((e) => Date.parse(e.time) - kill);
        const late = lateMs.filter((ms) => ms > GRACE_MS);
        const survivors = tree.filter((v) => alive(v.pid));
        figures.push(
            `${N} customers, SIGKILL of pulumi after create #${KILL_AFTER} committed; creates sent: ${creates.length} ` +
                `(${lateMs.filter((ms) => ms > 0).length} after the kill, the last ${Math.max(...lateMs)} ms ` +
                `after it); customers in the emulator: ${emulator.store.count()}; exits after the kill: ` +
                tree.map((v) => `${v.command}(${v.pid}) ${exitedAfter.get(v.pid) ?? "alive"} ms`).join(", "),
        );
        const timeline = emulator.requestLog
            .filter((e) => e.operation !== "token")
            .map((e) => `${e.operation}@${Date.parse(e.time) - kill}:${e.status}`)
            .join(" ");
        assert.deepStrictEqual(
            late,
            [],
            `createCustomer requests arrived ${late.join(", ")} ms after the engine was killed (requests, ms from the kill: ${timeline})`,
        );
        assert.deepStrictEqual(
            survivors.map((v) => `${v.command}(${v.pid})`),
            [],
            `processes of the run still alive ${WATCH_MS} ms after the kill (of ${commands}; requests, ms from the kill: ${timeline})`,
        );
    });
});
