/**
 * `npm start`: the quick start, fully offline.
 *
 * 1. gets the Pulumi CLI (built from Go modules on first use, reused afterwards);
 * 2. starts the local Partner Center emulator, persisting to `.data/emulator.json`;
 * 3. logs into a local file backend (`.data/pulumi-state`), selects or creates stack `dev`;
 * 4. points the provider at the emulator (`partnercenter:*` config; secrets with `--secret`);
 * 5. runs `pulumi up --yes` on the root program (Pulumi.yaml → examples/quickstart) and prints `tenantId` and
 *    `commerceId`.
 *
 * 6. prints the Microsoft Customer Agreement's state: the first run creates the attestation and says what the customer
 *    must do. `npm start -- --accept-agreement` stands in for the customer (the emulator's accept endpoint) and runs
 *    `pulumi up` again, which creates the agreement.
 *
 * Run it again: the customer persists in the emulator and Pulumi reports no changes.
 * `PULUMI_CONFIG_PASSPHRASE` protects the local stack's secrets; it defaults to `quickstart` for this demo.
 */
import { spawn, spawnSync, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as path from "path";
import { parseArgs } from "util";

import { ensurePulumiCli, offlinePulumiEnv, REPO_ROOT } from "./pulumi-env";

/** Everything the quick start keeps (emulator data, state, PULUMI_HOME); `QUICKSTART_DATA_DIR` moves it (tests). */
const DATA_DIR = path.resolve(REPO_ROOT, process.env["QUICKSTART_DATA_DIR"] ?? ".data");
const STACK = process.env["QUICKSTART_STACK"] ?? "dev";
/**
 * The emulator's port: `npm run emulator`'s default (8787), so the stack's `partnercenter:endpoint` is the one a
 * user starts by hand afterwards. When it is taken, another free port, and the printed recipe says which.
 */
const PREFERRED_PORT = Number(process.env["QUICKSTART_EMULATOR_PORT"] ?? 8787);
const DEFAULT_PASSPHRASE = "quickstart";

interface SeedPartner {
    tenantId: string;
    clientId: string;
    clientSecret: string;
    refreshToken: string;
}

/** Whether `port` can be listened on at 127.0.0.1 right now. */
function portIsFree(port: number): Promise<boolean> {
    return new Promise((resolve) => {
        const probe = net.createServer();
        probe.once("error", () => resolve(false));
        probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
    });
}

function startEmulator(port: number): Promise<{ url: string; port: number; child: ChildProcess }> {
    const child = spawn(
        process.execPath,
        [
            path.join(REPO_ROOT, "dist", "emulator", "cli.js"),
            "--port",
            String(port),
            "--data",
            path.join(DATA_DIR, "emulator.json"),
        ],
        { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "inherit"] },
    );
    return new Promise((resolve, reject) => {
        let buffered = "";
        child.stdout!.on("data", (chunk: Buffer) => {
            buffered += chunk.toString();
            const match = /listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(buffered);
            if (match?.[1] && match[2]) {
                resolve({ url: match[1], port: Number(match[2]), child });
            }
        });
        child.on("exit", (code) => reject(new Error(`the emulator exited early (code ${code})`)));
    });
}

/** Run the CLI in the repository root (the root Pulumi.yaml); `input` goes to stdin (config values). */
function pulumi(env: NodeJS.ProcessEnv, args: string[], options: { input?: string; capture?: boolean } = {}): string {
    const result = spawnSync("pulumi", args, {
        cwd: REPO_ROOT,
        env,
        input: options.input ?? "",
        stdio: ["pipe", options.capture ? "pipe" : "inherit", "inherit"],
        encoding: "utf8",
    });
    if (result.status !== 0) {
        throw new Error(`\`pulumi ${args.join(" ")}\` failed (exit ${result.status ?? result.signal})`);
    }
    return result.stdout ?? "";
}

/** Stand in for the customer: accept the attestation in the emulator (its control endpoint). */
async function acceptInEmulator(emulatorUrl: string, attestationId: string): Promise<void> {
    const res = await fetch(`${emulatorUrl}/_emulator/attestations/${encodeURIComponent(attestationId)}/accept`, {
        method: "POST",
    });
    if (!res.ok) {
        throw new Error(`the emulator refused to accept attestation ${attestationId} (HTTP ${res.status})`);
    }
}

/**
 * A path inside a double-quoted word of a shell line run from the repository root: `$PWD/...` inside it, else the
 * absolute path (`"`, `$`, `` ` `` and `\` escaped).
 */
function shellPath(p: string): string {
    const rel = path.relative(REPO_ROOT, p);
    return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? `$PWD/${rel}` : p.replace(/["$`\\]/g, "\\$&");
}

/** A path as an argument of `npm run` (which runs in the repository root): relative inside it, else absolute. */
function argPath(p: string): string {
    const rel = path.relative(REPO_ROOT, p);
    return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : `'${p.replace(/'/g, "'\\''")}'`;
}

/**
 * The commands that use the CLI on this stack afterwards, exactly as they work: the emulator on the port the
 * stack's endpoint names, loading the data this run wrote; the environment of this run (offline: no update check,
 * no plugin downloads). One command per line, copy-pasteable from the repository root. The passphrase is printed
 * only when it is the demo default.
 */
function cliRecipe(options: { port: number; binDir: string; ownPassphrase: boolean }): string[] {
    const exports = [
        `PATH="${shellPath(options.binDir)}:$PATH"`,
        `PULUMI_HOME="${shellPath(path.join(DATA_DIR, "pulumi-home"))}"`,
        `PULUMI_BACKEND_URL="file://${shellPath(path.join(DATA_DIR, "pulumi-state"))}"`,
        ...(options.ownPassphrase ? [] : [`PULUMI_CONFIG_PASSPHRASE=${DEFAULT_PASSPHRASE}`]),
        "PULUMI_SKIP_UPDATE_CHECK=true",
        "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true",
        "NODE_OPTIONS=--preserve-symlinks",
    ];
    return [
        `  npm run emulator -- --port ${options.port} --data ${argPath(path.join(DATA_DIR, "emulator.json"))}`,
        `  export ${exports.join(" ")}`,
        `  pulumi stack select ${STACK} && pulumi preview`,
    ];
}

function printAgreement(outputs: Record<string, string>): void {
    console.log(`
Microsoft Customer Agreement: ${outputs["agreementStatus"]}`);
    if (outputs["pendingAction"]) {
        console.log(`Pending: ${outputs["pendingAction"]}`);
        console.log(
            "In the emulator, stand in for the customer with `npm start -- --accept-agreement` (accepts the " +
                "attestation, then runs `pulumi up` again to create the agreement).",
        );
    }
}

async function main(): Promise<void> {
    const { values: flags } = parseArgs({ options: { "accept-agreement": { type: "boolean", default: false } } });
    fs.mkdirSync(DATA_DIR, { recursive: true });
    const binDir = ensurePulumiCli();
    const env = {
        ...offlinePulumiEnv({
            binDir,
            pulumiHome: path.join(DATA_DIR, "pulumi-home"),
            backendDir: path.join(DATA_DIR, "pulumi-state"),
            passphrase: process.env["PULUMI_CONFIG_PASSPHRASE"] ?? DEFAULT_PASSPHRASE,
        }),
        // The thin provider stub is recorded as `require("pulumi-partnercenter/…")` only when the package is seen
        // under node_modules; here it is an npm-workspace symlink (see README, "Why the provider is a stub").
        NODE_OPTIONS: `${process.env["NODE_OPTIONS"] ?? ""} --preserve-symlinks`.trim(),
    };
    const seed = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "emulator", "seed", "default.json"), "utf8")) as {
        partner: SeedPartner;
    };

    const preferredFree = PREFERRED_PORT === 0 || (await portIsFree(PREFERRED_PORT));
    const emulator = await startEmulator(preferredFree ? PREFERRED_PORT : 0);
    console.log(`Partner Center emulator: ${emulator.url}`);
    if (!preferredFree) {
        console.log(
            `(port ${PREFERRED_PORT} is in use, so this run's emulator took ${emulator.port}; if that is an emulator ` +
                `on ${argPath(path.join(DATA_DIR, "emulator.json"))}, stop it: two would overwrite each other's data)`,
        );
    }
    try {
        pulumi(env, ["stack", "select", STACK, "--create"]);
        const set = (key: string, value: string, secret = false) =>
            // Values go through stdin, never through the process list.
            pulumi(env, ["config", "set", key, ...(secret ? ["--secret"] : [])], { input: value });
        set("partnercenter:endpoint", emulator.url);
        set("partnercenter:tenantId", seed.partner.tenantId);
        set("partnercenter:clientId", seed.partner.clientId);
        set("partnercenter:clientSecret", seed.partner.clientSecret, true);
        set("partnercenter:refreshToken", seed.partner.refreshToken, true);

        pulumi(env, ["up", "--yes", "--color", "never"]);
        const stackOutputs = () =>
            JSON.parse(pulumi(env, ["stack", "output", "--json"], { capture: true })) as Record<string, string>;
        let outputs = stackOutputs();
        if (flags["accept-agreement"] && outputs["agreementStatus"] !== "Agreed" && outputs["attestationId"]) {
            await acceptInEmulator(emulator.url, outputs["attestationId"]);
            console.log(
                `\nThe customer accepted attestation ${outputs["attestationId"]} (emulator); running pulumi up again.`,
            );
            pulumi(env, ["up", "--yes", "--color", "never"]);
            outputs = stackOutputs();
        }
        console.log(`\ntenantId:   ${outputs["tenantId"]}`);
        console.log(`commerceId: ${outputs["commerceId"]}`);
        printAgreement(outputs);
        const data = argPath(DATA_DIR);
        console.log(
            `\nRun \`npm start\` again: no changes. State: ${data}/pulumi-state; emulator data: ${data}/emulator.json.`,
        );
        console.log(
            "To use the CLI yourself, from the repository root: start the emulator the stack points at (it loads this\n" +
                "run's data; leave it running), then, in another terminal, set the environment and preview:",
        );
        const ownPassphrase = process.env["PULUMI_CONFIG_PASSPHRASE"] !== undefined;
        for (const line of cliRecipe({ port: emulator.port, binDir, ownPassphrase })) {
            console.log(line);
        }
        if (ownPassphrase) {
            console.log("  (with PULUMI_CONFIG_PASSPHRASE set to the passphrase you gave npm start)");
        }
    } finally {
        // Wait for the emulator to flush its data file: the recipe's emulator loads it.
        const exited = new Promise((resolve) => emulator.child.once("exit", resolve));
        emulator.child.kill("SIGTERM");
        await exited;
    }
}

main().catch((e: unknown) => {
    console.error(`npm start failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
});
