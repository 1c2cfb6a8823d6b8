/**
 * `npm test`: runs every test suite in its own mocha process and prints one closing line,
 * `tests: N passed, N failed, N skipped`. Exits non-zero on any failure, on zero tests, or when a suite that
 * must run did not.
 *
 * Suites (compiled to dist/ by `npm run build`, which `pretest` runs):
 * - unit + integration: pure logic, the client/emulator/provider over real HTTP on loopback, and the contract
 *   suite (`tests/contract/`: the documentation's samples through the codecs, the client and the emulator);
 * - mocks: program wiring under `pulumi.runtime.setMocks` (global state: its own process, as Pulumi's SDK does);
 * - e2e: the real Pulumi CLI against the emulator (`PULUMI_E2E=required` by default; `skip` only for quick local
 *   runs, and `.ci/run` forces `required`). The team-backend tests keep state in PostgreSQL: the server at
 *   `PULUMI_TEST_POSTGRES_URL` (`.ci/run` starts one), or else a throwaway one this script starts and stops
 *   (scripts/test-postgres.sh; needs Debian's `postgresql` package). Without a server those tests fail, never skip.
 *
 * Pass mocha arguments after `--`, e.g. `npm test -- --grep billing`.
 */
import { execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { ensurePulumiCli, TEST_POSTGRES_URL_ENV } from "./pulumi-env";
import { ensureSdkGenerator } from "./sdkgen";

interface Suite {
    name: string;
    globs: string[];
    timeoutMs: number;
    /** `NODE_OPTIONS` for the suite's processes (mocha runs the tests in a child process of its own). */
    nodeOptions?: string;
}

/**
 * Programs that declare resources run with `--preserve-symlinks`, as `npm start` does: this repository's
 * `node_modules/pulumi-partnercenter` is an npm-workspace symlink, and the thin provider stub is captured by
 * reference (`require("pulumi-partnercenter/stub")`) only when its path is seen under node_modules.
 */
const PROGRAM_NODE_OPTIONS = "--preserve-symlinks";

const root = path.resolve(__dirname, "..", "..");
const dist = path.join(root, "dist", "tests");
const e2eMode = (process.env["PULUMI_E2E"] ?? "required").toLowerCase();

const suites: Suite[] = [
    {
        name: "unit+integration",
        globs: [
            "dist/tests/unit/**/*.test.js",
            "dist/tests/integration/**/*.test.js",
            "dist/tests/contract/**/*.test.js",
        ],
        timeoutMs: 30_000,
    },
    { name: "mocks", globs: ["dist/tests/mocks/**/*.test.js"], timeoutMs: 30_000, nodeOptions: PROGRAM_NODE_OPTIONS },
];
if (e2eMode !== "skip") {
    suites.push({
        name: "e2e",
        globs: ["dist/tests/e2e/**/*.test.js"],
        timeoutMs: 600_000,
        nodeOptions: PROGRAM_NODE_OPTIONS,
    });
}

interface Tally {
    passed: number;
    failed: number;
    skipped: number;
}

function runSuite(suite: Suite, extraArgs: string[]): Promise<Tally & { exitCode: number }> {
    const mocha = require.resolve("mocha/bin/mocha.js");
    const args = [
        "--enable-source-maps",
        mocha,
        "--reporter",
        "spec",
        "--timeout",
        String(suite.timeoutMs),
        "--forbid-only",
        ...suite.globs,
        ...extraArgs,
    ];
    return new Promise((resolve) => {
        const env = suite.nodeOptions
            ? { ...process.env, NODE_OPTIONS: `${process.env["NODE_OPTIONS"] ?? ""} ${suite.nodeOptions}`.trim() }
            : process.env;
        const child = spawn(process.execPath, args, { cwd: root, stdio: ["ignore", "pipe", "inherit"], env });
        let output = "";
        child.stdout.on("data", (chunk: Buffer) => {
            process.stdout.write(chunk);
            output += chunk.toString();
        });
        child.on("close", (code) => {
            const count = (re: RegExp) => Number(re.exec(output)?.[1] ?? 0);
            resolve({
                passed: count(/^\s*(\d+) passing/m),
                failed: count(/^\s*(\d+) failing/m),
                skipped: count(/^\s*(\d+) pending/m),
                exitCode: code ?? 1,
            });
        });
    });
}

/**
 * Start a throwaway PostgreSQL server for the team-backend e2e tests unless one is given; returns how to stop it.
 * A failure is reported, and the e2e run goes on: the team-backend tests then fail naming the missing server.
 */
function ensureTestPostgres(problems: string[]): () => void {
    if (process.env[TEST_POSTGRES_URL_ENV]) {
        return () => undefined;
    }
    const script = path.join(root, "scripts", "test-postgres.sh");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pc-test-pg-"));
    try {
        const url = execFileSync("bash", [script, "start", dir], {
            encoding: "utf8",
            stdio: ["ignore", "pipe", "pipe"],
        });
        process.env[TEST_POSTGRES_URL_ENV] = url.trim();
        console.log(`PostgreSQL for the team-backend tests: throwaway server in ${dir}`);
    } catch (e) {
        const stderr = (e as { stderr?: string }).stderr?.trim();
        problems.push(`e2e: could not start PostgreSQL for the team-backend tests: ${stderr || String(e)}`);
    }
    return () => {
        execFileSync("bash", [script, "stop", dir], { stdio: "ignore" });
        fs.rmSync(dir, { recursive: true, force: true });
    };
}

async function main(): Promise<void> {
    const dashdash = process.argv.indexOf("--");
    const extraArgs = dashdash >= 0 ? process.argv.slice(dashdash + 1) : process.argv.slice(2);
    if (!fs.existsSync(dist)) {
        console.error("dist/tests is missing: run `npm run build` first (npm test does it through pretest).");
        process.exit(2);
    }
    const total: Tally = { passed: 0, failed: 0, skipped: 0 };
    const problems: string[] = [];
    // Setup, like the Pulumi CLI's: build (or reuse) the SDK generator that the drift test runs offline; a fresh
    // machine may fetch its Go modules here. A failure shows up as that test's failure.
    try {
        ensureSdkGenerator({ offline: false });
    } catch (e) {
        console.error(`SDK generator not built: ${e instanceof Error ? e.message : String(e)}`);
    }
    for (const suite of suites) {
        console.log(`\n=== ${suite.name} ===`);
        if (suite.name === "e2e") {
            // Build or reuse the Pulumi CLI up front, with its progress visible (a cold build takes minutes).
            try {
                ensurePulumiCli();
            } catch (e) {
                problems.push(`e2e: the Pulumi CLI is not available: ${e instanceof Error ? e.message : String(e)}`);
                continue;
            }
        }
        const stopPostgres = suite.name === "e2e" ? ensureTestPostgres(problems) : () => undefined;
        const result = await runSuite(suite, extraArgs).finally(stopPostgres);
        total.passed += result.passed;
        total.failed += result.failed;
        total.skipped += result.skipped;
        if (result.exitCode !== 0) {
            problems.push(`${suite.name}: mocha exited with ${result.exitCode}`);
        }
        if (result.passed === 0 && extraArgs.length === 0) {
            problems.push(`${suite.name}: no test passed`);
        }
        if (suite.name === "e2e" && result.skipped > 0 && e2eMode === "required") {
            problems.push(`e2e: ${result.skipped} test(s) skipped while PULUMI_E2E=required`);
        }
    }
    if (e2eMode === "skip") {
        console.log("\nNOTE: the e2e suite was skipped (PULUMI_E2E=skip); CI runs it.");
    }
    for (const problem of problems) {
        console.error(`FAILED ${problem}`);
    }
    console.log(`\ntests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
    process.exit(problems.length > 0 || total.failed > 0 || total.passed === 0 ? 1 : 0);
}

void main();
