/**
 * `npm start`'s printed recipe for using the CLI yourself works as printed (issue 9, item 14): the quick start runs
 * (its compiled script, in a data directory of its own), the test takes the printed commands from its output and
 * runs them in a shell from the repository root, with none of the test's Pulumi environment: the emulator command
 * (same port as the stack's endpoint, same data file), then the environment and `pulumi preview`, which must find
 * the customer and its agreement unchanged. Twice: with the preferred port free, and with it taken (the fallback
 * port must be the one printed).
 */
import * as assert from "assert";
import { spawn, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";

import { REPO_ROOT } from "../../scripts/pulumi-env";

interface Run {
    code: number;
    stdout: string;
    stderr: string;
}

/** The environment of a fresh shell: no Pulumi or Node settings of the test run, no quick-start overrides. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(process.env)) {
        if (!/^(PULUMI_|QUICKSTART_|NODE_OPTIONS$|PARTNERCENTER_)/.test(key)) {
            env[key] = value;
        }
    }
    env["PATH"] = (process.env["PATH"] ?? "")
        .split(path.delimiter)
        .filter((dir) => !dir.includes(".tools"))
        .join(path.delimiter);
    return { ...env, ...extra };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
    return new Promise((resolve) => {
        const child = spawn(command, args, { cwd: REPO_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
        child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
        child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
    });
}

/** A port free right now on 127.0.0.1. */
function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const probe = net.createServer();
        probe.once("error", reject);
        probe.listen(0, "127.0.0.1", () => {
            const { port } = probe.address() as net.AddressInfo;
            probe.close(() => resolve(port));
        });
    });
}

/** The recipe's three command lines, from `npm start`'s output. */
function recipeOf(output: string): { emulator: string; exports: string; preview: string } {
    const after = output.slice(output.indexOf("To use the CLI yourself"));
    const line = (re: RegExp) => {
        const match = re.exec(after);
        assert.ok(match, `no line matching ${re} in:\n${after}`);
        return match[1]!;
    };
    return {
        emulator: line(/^ {2}(npm run emulator -- .*)$/m),
        exports: line(/^ {2}(export .*)$/m),
        preview: line(/^ {2}(pulumi stack select .*)$/m),
    };
}

describe("e2e: npm start's printed recipe for using the CLI yourself works as printed", function () {
    const stack = `startrecipe${process.pid}`;
    let dataDir: string;
    const started: ChildProcess[] = [];
    const blockers: net.Server[] = [];

    before(() => {
        dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pc-start-recipe-"));
    });
    after(async () => {
        for (const child of started) {
            if (child.exitCode === null && child.pid) {
                process.kill(-child.pid, "SIGTERM"); // the printed command's process group (npm and the emulator)
            }
        }
        for (const server of blockers) {
            await new Promise((resolve) => server.close(resolve));
        }
        fs.rmSync(path.join(REPO_ROOT, `Pulumi.${stack}.yaml`), { force: true });
        fs.rmSync(dataDir, { recursive: true, force: true });
    });

    /** Run the quick start with the preferred emulator port `port`; returns its output. */
    async function quickStart(port: number): Promise<string> {
        const result = await run(
            process.execPath,
            ["--preserve-symlinks", path.join(REPO_ROOT, "dist", "scripts", "start.js")],
            cleanEnv({ QUICKSTART_DATA_DIR: dataDir, QUICKSTART_STACK: stack, QUICKSTART_EMULATOR_PORT: String(port) }),
        );
        assert.strictEqual(result.code, 0, `npm start failed\n${result.stdout}\n${result.stderr}`);
        return result.stdout;
    }

    /** Start the printed emulator command in a shell; resolves once it listens (its URL). */
    async function startPrintedEmulator(command: string): Promise<string> {
        const child = spawn("bash", ["-c", command], {
            cwd: REPO_ROOT,
            env: cleanEnv(),
            detached: true,
            stdio: ["ignore", "pipe", "pipe"],
        });
        started.push(child);
        let output = "";
        return new Promise((resolve, reject) => {
            child.stdout!.on("data", (chunk: Buffer) => {
                output += chunk.toString();
                const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
                if (match?.[1]) {
                    resolve(match[1]);
                }
            });
            child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
            child.once("exit", (code) => reject(new Error(`\`${command}\` exited (${code}):\n${output}`)));
        });
    }

    async function stopPrintedEmulator(): Promise<void> {
        const child = started.pop();
        if (child?.pid && child.exitCode === null) {
            const exited = new Promise((resolve) => child.once("exit", resolve));
            process.kill(-child.pid, "SIGTERM");
            await exited;
        }
    }

    /** Run the printed recipe as printed; then check, in the same shell, that nothing would change. */
    async function followRecipe(output: string, expectedPort: number): Promise<void> {
        const recipe = recipeOf(output);
        assert.strictEqual(
            recipe.emulator,
            `npm run emulator -- --port ${expectedPort} --data '${path.join(dataDir, "emulator.json")}'`,
        );
        assert.match(output, new RegExp(`Partner Center emulator: http://127\\.0\\.0\\.1:${expectedPort}\\n`));
        assert.strictEqual(
            await startPrintedEmulator(recipe.emulator),
            `http://127.0.0.1:${expectedPort}`,
            "the printed emulator listens where the stack's endpoint points",
        );
        try {
            const shell = `set -e\n${recipe.exports}\n${recipe.preview}\npulumi preview --expect-no-changes --non-interactive\n`;
            const result = await run("bash", ["-c", shell], cleanEnv());
            assert.strictEqual(result.code, 0, `the recipe failed\n${shell}\n${result.stdout}\n${result.stderr}`);
            // The printed `pulumi preview` and the check: the customer and its agreement (and the stack) unchanged.
            const summaries = result.stdout.match(/Resources:\s*\n\s*(\d+) unchanged/g) ?? [];
            assert.strictEqual(summaries.length, 2, result.stdout);
            assert.ok(
                summaries.every((s) => s.endsWith("3 unchanged")),
                result.stdout,
            );
            assert.doesNotMatch(result.stdout, /^\s+[-+~]+ \d+ to (create|update|delete|replace)/m);
            assert.doesNotMatch(`${result.stdout}${result.stderr}`, /error:/);
        } finally {
            await stopPrintedEmulator();
        }
    }

    it("with the preferred port free: the stack's emulator port, the data file and the environment as printed", async () => {
        const port = await freePort();
        const output = await quickStart(port);
        assert.match(output, /tenantId: {3}[0-9a-f-]{36}/);
        await followRecipe(output, port);
    });

    it("with the preferred port taken: npm start falls back, and the recipe names the port it used", async () => {
        const port = await freePort();
        const blocker = net.createServer();
        await new Promise<void>((resolve) => blocker.listen(port, "127.0.0.1", resolve));
        blockers.push(blocker);
        // The second run of the same stack: no changes, the endpoint moves to the fallback port.
        const output = await quickStart(port);
        const used = Number(/Partner Center emulator: http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1]);
        assert.ok(used > 0 && used !== port, output);
        assert.match(output, new RegExp(`port ${port} is in use, so this run's emulator took ${used}`));
        await followRecipe(output, used);
    });
});
