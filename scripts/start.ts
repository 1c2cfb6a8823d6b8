/**
 * `npm start`: the quick start, fully offline.
 *
 * 1. gets the Pulumi CLI (built from Go modules on first use, reused afterwards);
 * 2. starts the local Partner Center emulator, persisting to `.data/emulator.json`;
 * 3. logs into a local file backend (`.data/pulumi-state`), selects or creates stack `dev`;
 * 4. points the provider at the emulator (`partnercenter:*` config; secrets with `--secret`);
 * 5. runs `pulumi up` on the root program (Pulumi.yaml → examples/quickstart, inline through the Automation API)
 *    and prints `tenantId` and `commerceId`.
 *
 * Run it again: the customer persists in the emulator and Pulumi reports no changes.
 * `PULUMI_CONFIG_PASSPHRASE` protects the local stack's secrets; it defaults to `quickstart` for this demo.
 */
import { spawn, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as path from "path";

import { ensurePulumiCli, offlinePulumiEnv, openInlineStack, REPO_ROOT } from "./pulumi-env";

const DATA_DIR = path.join(REPO_ROOT, ".data");
const STACK = process.env["QUICKSTART_STACK"] ?? "dev";

interface SeedPartner {
    tenantId: string;
    clientId: string;
    clientSecret: string;
    refreshToken: string;
}

function startEmulator(): Promise<{ url: string; child: ChildProcess }> {
    const child = spawn(
        process.execPath,
        [
            path.join(REPO_ROOT, "dist", "emulator", "cli.js"),
            "--port",
            "0",
            "--data",
            path.join(DATA_DIR, "emulator.json"),
        ],
        { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "inherit"] },
    );
    return new Promise((resolve, reject) => {
        let buffered = "";
        child.stdout!.on("data", (chunk: Buffer) => {
            buffered += chunk.toString();
            const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(buffered);
            if (match?.[1]) {
                resolve({ url: match[1], child });
            }
        });
        child.on("exit", (code) => reject(new Error(`the emulator exited early (code ${code})`)));
    });
}

async function main(): Promise<void> {
    fs.mkdirSync(DATA_DIR, { recursive: true });
    const binDir = ensurePulumiCli();
    const env = offlinePulumiEnv({
        binDir,
        pulumiHome: path.join(DATA_DIR, "pulumi-home"),
        backendDir: path.join(DATA_DIR, "pulumi-state"),
        passphrase: process.env["PULUMI_CONFIG_PASSPHRASE"] ?? "quickstart",
    });
    const seed = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "emulator", "seed", "default.json"), "utf8")) as {
        partner: SeedPartner;
    };

    const emulator = await startEmulator();
    console.log(`Partner Center emulator: ${emulator.url}`);
    try {
        // The root Pulumi.yaml's program (examples/quickstart), run inline: see openInlineStack for why.
        const stack = await openInlineStack({
            binDir,
            env,
            workDir: REPO_ROOT,
            stackName: STACK,
            programModule: path.join(REPO_ROOT, "dist", "examples", "quickstart", "index.js"),
        });
        await stack.setAllConfig({
            "partnercenter:endpoint": { value: emulator.url },
            "partnercenter:tenantId": { value: seed.partner.tenantId },
            "partnercenter:clientId": { value: seed.partner.clientId },
            "partnercenter:clientSecret": { value: seed.partner.clientSecret, secret: true },
            "partnercenter:refreshToken": { value: seed.partner.refreshToken, secret: true },
        });
        const result = await stack.up({ onOutput: (out: string) => process.stdout.write(out), color: "never" });
        console.log(`\ntenantId:   ${result.outputs["tenantId"]?.value}`);
        console.log(`commerceId: ${result.outputs["commerceId"]?.value}`);
        console.log(
            `\nRun \`npm start\` again: no changes. State: .data/pulumi-state; emulator data: .data/emulator.json.`,
        );
    } finally {
        emulator.child.kill("SIGTERM");
    }
}

main().catch((e: unknown) => {
    console.error(`npm start failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
});
