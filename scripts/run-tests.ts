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
 *   runs, and `.ci/run` forces `required`).
 *
 * Pass mocha arguments after `--`, e.g. `npm test -- --grep billing`.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";

import { ensurePulumiCli } from "./pulumi-env";

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

async function main(): Promise<void> {
    const dashdash = process.argv.indexOf("--");
    const extraArgs = dashdash >= 0 ? process.argv.slice(dashdash + 1) : process.argv.slice(2);
    if (!fs.existsSync(dist)) {
        console.error("dist/tests is missing: run `npm run build` first (npm test does it through pretest).");
        process.exit(2);
    }
    const total: Tally = { passed: 0, failed: 0, skipped: 0 };
    const problems: string[] = [];
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
        const result = await runSuite(suite, extraArgs);
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
