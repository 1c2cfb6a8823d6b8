/**
 * The plain `pulumi` CLI from the shell, no Automation API: `pulumi stack init`, `config set`, `preview`, `up`,
 * `up` again, `refresh`, `destroy` on the repository's root program (Pulumi.yaml → examples/quickstart/index.ts,
 * TypeScript). The engine runs the program through our own Node language host (tools/pulumi/languagehost, built
 * by scripts/setup-pulumi.sh as `pulumi-language-nodejs`), which starts `@pulumi/pulumi/cmd/run` under node.
 *
 * The emulator runs in this process, so every CLI call is asynchronous (`execFile`): a synchronous call would block
 * the event loop that answers the provider's HTTP requests.
 */
import * as assert from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { startEmulator, type Emulator } from "../../emulator";
import { ensurePulumiCli, offlinePulumiEnv, REPO_ROOT } from "../../scripts/pulumi-env";
import { count, CUSTOMER_TYPE, customerResources } from "./harness";

interface CliResult {
    code: number;
    stdout: string;
    stderr: string;
}

/** `pulumi preview --json` output (one JSON document). */
interface PreviewJson {
    steps: { op: string; newState?: { type: string }; oldState?: { type: string } }[];
    changeSummary: Record<string, number>;
}

describe("e2e: the pulumi CLI from the shell runs the TypeScript root program (own Node language host)", function () {
    let emulator: Emulator;
    let tmp: string;
    let env: NodeJS.ProcessEnv;
    let pulumiBin: string;
    const stackName = `shellcli${process.pid}`;
    const stackConfigFile = path.join(REPO_ROOT, `Pulumi.${stackName}.yaml`);

    /** Run `pulumi <args>` in the repository root; resolves with the exit code, never rejects. */
    function pulumi(...args: string[]): Promise<CliResult> {
        return pulumiIn(REPO_ROOT, ...args);
    }

    /** Run `pulumi <args>` in a project directory; resolves with the exit code, never rejects. */
    function pulumiIn(cwd: string, ...args: string[]): Promise<CliResult> {
        return new Promise((resolve) => {
            execFile(
                pulumiBin,
                [...args, "--stack", stackName, "--non-interactive"],
                { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
                (error, stdout, stderr) => {
                    const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
                    resolve({ code, stdout, stderr });
                },
            );
        });
    }

    /** Like `pulumi()`, but fails the test (with the CLI's output) unless the exit code is 0. */
    async function pulumiOk(...args: string[]): Promise<string> {
        const result = await pulumi(...args);
        assert.strictEqual(
            result.code,
            0,
            `pulumi ${args.join(" ")} exited ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`,
        );
        return result.stdout;
    }

    function customerOps(preview: PreviewJson): string[] {
        return preview.steps.filter((s) => (s.newState ?? s.oldState)?.type === CUSTOMER_TYPE).map((s) => s.op);
    }

    before(async () => {
        // Synchronous, but before the emulator starts in this process.
        const binDir = ensurePulumiCli();
        pulumiBin = path.join(binDir, "pulumi");
        assert.ok(
            fs.existsSync(path.join(binDir, "pulumi-language-nodejs")),
            `no pulumi-language-nodejs in ${binDir}: scripts/setup-pulumi.sh builds it from tools/pulumi/languagehost`,
        );
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pc-shell-cli-"));
        env = offlinePulumiEnv({
            binDir,
            pulumiHome: path.join(tmp, "home"),
            backendDir: path.join(tmp, "state"),
            passphrase: "shell-cli-passphrase",
        });
        // The program declares resources: run it as `npm start` does (see scripts/run-tests.ts).
        const nodeOptions = env["NODE_OPTIONS"] ?? "";
        if (!nodeOptions.includes("--preserve-symlinks")) {
            env["NODE_OPTIONS"] = `${nodeOptions} --preserve-symlinks`.trim();
        }
        emulator = await startEmulator({ quiet: true });
    });

    after(async () => {
        await emulator?.close();
        fs.rmSync(stackConfigFile, { force: true });
        if (tmp) {
            fs.rmSync(tmp, { recursive: true, force: true });
        }
    });

    it("stack init and config set (secrets with --secret)", async () => {
        const init = await pulumi("stack", "init");
        assert.strictEqual(init.code, 0, init.stderr);
        const { partner } = emulator.seed;
        await pulumiOk("config", "set", "partnercenter:endpoint", emulator.url);
        await pulumiOk("config", "set", "partnercenter:tenantId", partner.tenantId);
        await pulumiOk("config", "set", "partnercenter:clientId", partner.clientId);
        await pulumiOk("config", "set", "--secret", "partnercenter:clientSecret", partner.clientSecret);
        await pulumiOk("config", "set", "--secret", "partnercenter:refreshToken", partner.refreshToken);
        const file = fs.readFileSync(stackConfigFile, "utf8");
        assert.ok(!file.includes(partner.clientSecret) && !file.includes(partner.refreshToken));
    });

    it("pulumi preview shows one create and makes no POST", async () => {
        const preview = JSON.parse(await pulumiOk("preview", "--json")) as PreviewJson;
        assert.deepStrictEqual(customerOps(preview), ["create"]);
        assert.deepStrictEqual(preview.changeSummary, { create: 3 }); // the customer, its MCA attestation, the stack
        assert.strictEqual(count(emulator.requestLog, "createCustomer"), 0);
        assert.strictEqual(emulator.store.count(), 0);
    });

    it("pulumi up creates exactly one customer", async () => {
        await pulumiOk("up", "--yes", "--skip-preview");
        assert.strictEqual(count(emulator.requestLog, "createCustomer"), 1);
        assert.strictEqual(emulator.store.count(), 1);
        const outputs = JSON.parse(await pulumiOk("stack", "output", "--json")) as Record<string, string>;
        assert.strictEqual(outputs["tenantId"], emulator.store.list()[0]?.id);
    });

    it("a second pulumi up has no changes", async () => {
        await pulumiOk("up", "--yes", "--skip-preview", "--expect-no-changes");
        const preview = JSON.parse(await pulumiOk("preview", "--json", "--expect-no-changes")) as PreviewJson;
        // Unchanged resources other than the stack are not listed as steps, only counted.
        assert.deepStrictEqual(customerOps(preview), []);
        assert.deepStrictEqual(preview.changeSummary, { same: 3 });
        assert.strictEqual(count(emulator.requestLog, "createCustomer"), 1);
        assert.strictEqual(emulator.store.count(), 1);
    });

    it("pulumi refresh finds no drift", async () => {
        await pulumiOk("refresh", "--yes", "--skip-preview", "--expect-no-changes");
    });

    it("pulumi destroy succeeds and leaves no customer in state", async () => {
        await pulumiOk("destroy", "--yes", "--skip-preview");
        const state = await pulumiOk("stack", "export");
        assert.deepStrictEqual(customerResources(state), []);
        // onDelete defaults to retain in the quickstart: the customer stays in Partner Center.
        assert.strictEqual(count(emulator.requestLog, "deleteCustomer"), 0);
        assert.strictEqual(emulator.store.count(), 1);
        await pulumiOk("stack", "rm", "--yes");
    });

    it("a TypeScript program runs without `options` in Pulumi.yaml (TypeScript is the default, as with Pulumi's host); `typescript: false` turns it off", async () => {
        // A project of its own, as `pulumi new typescript` leaves it minus the tsconfig: Pulumi.yaml names only the
        // runtime, and the program has a type annotation (plain JavaScript would stop at it with a SyntaxError).
        const project = path.join(tmp, "typescript-default");
        fs.mkdirSync(project);
        fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(project, "node_modules"));
        fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "ts-default", main: "index.ts" }));
        fs.writeFileSync(
            path.join(project, "index.ts"),
            [
                'import * as pulumi from "@pulumi/pulumi";',
                'const greeting: string = "typed";',
                "export const out: pulumi.Output<string> = pulumi.output(greeting);",
                "",
            ].join("\n"),
        );
        const yaml = path.join(project, "Pulumi.yaml");
        fs.writeFileSync(yaml, "name: ts-default\nruntime: nodejs\n");
        assert.strictEqual((await pulumiIn(project, "stack", "init")).code, 0);

        const preview = await pulumiIn(project, "preview");
        assert.strictEqual(preview.code, 0, `preview without options failed\n${preview.stdout}\n${preview.stderr}`);
        assert.doesNotMatch(preview.stdout + preview.stderr, /SyntaxError/);
        assert.match(preview.stdout, /Outputs:\s+out\s*: "typed"/, "the program ran, as TypeScript");

        fs.writeFileSync(yaml, "name: ts-default\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n");
        const off = await pulumiIn(project, "preview");
        assert.notStrictEqual(off.code, 0, "typescript: false runs index.ts as JavaScript, which fails");
        assert.match(off.stdout + off.stderr, /SyntaxError/);
    });
});
