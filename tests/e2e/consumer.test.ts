/**
 * The package as a user consumes it, following the README section "Install in your own project" as written: the
 * program (`index.ts`), the `tsconfig.json` and the shell commands are read from the README, so the section and the
 * test cannot drift apart.
 *
 * 1. `npm pack --workspace provider` in this repository;
 * 2. "npm install @pulumi/pulumi <tarball>" and the dev dependencies, offline: the tarball is unpacked into the
 *    project's node_modules (a real directory, as npm installs it) and exactly the packages npm would add — the
 *    tarball's `dependencies`, `@pulumi/pulumi`, `typescript`, `@types/node` — are linked from this repository's
 *    node_modules. Nothing else: a public `.d.ts` that needs one of our devDependencies fails `tsc`;
 * 3. `npx tsc --noEmit` with Pulumi's default tsconfig (the README's, checked against `pulumi new typescript`'s) and
 *    with the pre-2026 variant (`module: commonjs`, `moduleResolution: node`);
 * 4. the README's `pulumi` commands through the shell CLI (our Node language host runs the TypeScript program),
 *    against the emulator: stack init, config set (secrets with --secret), preview, up, destroy; outcomes asserted.
 */
import * as assert from "assert";
import { execFile, execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { startEmulator, type Emulator } from "../../emulator";
import { ensurePulumiCli, offlinePulumiEnv, REPO_ROOT } from "../../scripts/pulumi-env";
import { count, customerResources, RESELLER } from "./harness";
import { install } from "./pack-install";

/**
 * `typescript/tsconfig.json` of github.com/pulumi/templates (commit 81e65225, 2026-03-25, "Use moduleResolution:
 * nodenext"): what `pulumi new typescript` writes. The README must show exactly this.
 */
const PULUMI_TEMPLATE_TSCONFIG = {
    compilerOptions: {
        strict: true,
        outDir: "bin",
        target: "es2020",
        module: "nodenext",
        moduleResolution: "nodenext",
        sourceMap: true,
        experimentalDecorators: true,
        pretty: true,
        noFallthroughCasesInSwitch: true,
        noImplicitReturns: true,
        forceConsistentCasingInFileNames: true,
    },
    files: ["index.ts"],
};
/** The same template before that commit (2024-04 to 2026-03): projects made then still have it. */
const PULUMI_TEMPLATE_TSCONFIG_2024 = {
    ...PULUMI_TEMPLATE_TSCONFIG,
    compilerOptions: { ...PULUMI_TEMPLATE_TSCONFIG.compilerOptions, module: "commonjs", moduleResolution: "node" },
};

/** The README section "Install in your own project": its fenced blocks by language, in order. */
function readmeSection(): { json: string[]; ts: string[]; sh: string[] } {
    const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
    const start = readme.indexOf("\n## Install in your own project\n");
    assert.ok(start >= 0, "README.md has a section 'Install in your own project'");
    const end = readme.indexOf("\n## ", start + 1);
    const section = readme.slice(start, end < 0 ? undefined : end);
    const blocks = { json: [] as string[], ts: [] as string[], sh: [] as string[] };
    for (const match of section.matchAll(/```(json|ts|sh)\n([\s\S]*?)```/g)) {
        blocks[match[1] as keyof typeof blocks].push(match[2]!);
    }
    return blocks;
}

/** The commands of a `sh` block (comments dropped). */
function commandsOf(block: string): string[] {
    return block
        .split("\n")
        .map((line) => line.replace(/\s+#.*$/, "").trim())
        .filter((line) => line !== "" && !line.startsWith("#"));
}

/** Split a command line into argv (the README's commands use no quoting). */
function argv(line: string): string[] {
    assert.doesNotMatch(line, /["'`$|&;]/, `a plain command line: ${line}`);
    return line.split(/\s+/);
}

describe("e2e: 'Install in your own project' (README) followed as written, with the packed package", function () {
    let emulator: Emulator;
    let tmp: string;
    let project: string;
    let env: NodeJS.ProcessEnv;
    let section: ReturnType<typeof readmeSection>;
    const figures: string[] = [];

    /** Run a command in the project; resolves with the exit code and output, never rejects. */
    function run(file: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
        return new Promise((resolve) => {
            // Asynchronously: the emulator answering the provider lives in this process's event loop.
            execFile(
                file,
                args,
                { cwd: project, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
                (error, stdout, stderr) =>
                    resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
            );
        });
    }

    async function ok(line: string): Promise<string> {
        const [command, ...args] = argv(line);
        const result = await run(
            command === "npx" ? path.join(project, "node_modules", ".bin", args.shift()!) : command!,
            args,
        );
        assert.strictEqual(result.code, 0, `\`${line}\` exited ${result.code}\n${result.stdout}\n${result.stderr}`);
        return result.stdout;
    }

    before(async () => {
        const binDir = ensurePulumiCli();
        section = readmeSection();
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pc-consumer-"));
        project = path.join(tmp, "project");
        fs.mkdirSync(project);

        // The README's repository step: `npm pack --workspace provider`.
        const [, packLine, installLine, devInstallLine] = commandsOf(section.sh[0] ?? "");
        assert.strictEqual(packLine, "npm pack --workspace provider");
        const packed = execFileSync("npm", [...argv(packLine!).slice(1), "--silent", "--pack-destination", tmp], {
            cwd: REPO_ROOT,
            encoding: "utf8",
        });
        const tarball = path.join(tmp, packed.trim().split("\n").pop()!);
        const listing = execFileSync("tar", ["tzf", tarball], { encoding: "utf8" });
        assert.match(listing, /^package\/README\.md$/m, "the tarball has its own README");
        assert.doesNotMatch(listing, /\.test\.|\/tests?\//, "no tests in the tarball");
        figures.push(`tarball ${path.basename(tarball)}: ${Math.round(fs.statSync(tarball).size / 1024)} KB`);
        // What install() does offline is what these two lines do online.
        assert.strictEqual(installLine, `npm install @pulumi/pulumi /path/to/${path.basename(tarball)}`);
        assert.strictEqual(devInstallLine, "npm install --save-dev typescript @types/node");
        install(project, tarball);

        fs.writeFileSync(path.join(project, "Pulumi.yaml"), "name: partnercenter-consumer\nruntime: nodejs\n");
        fs.writeFileSync(path.join(project, "tsconfig.json"), section.json[0] ?? "");
        fs.writeFileSync(path.join(project, "index.ts"), section.ts[0] ?? "");
        // A user's shell: no --preserve-symlinks (the package is a real directory under node_modules).
        env = {
            ...offlinePulumiEnv({
                binDir,
                pulumiHome: path.join(tmp, "home"),
                backendDir: path.join(tmp, "state"),
                passphrase: "consumer-test",
            }),
            NODE_OPTIONS: "",
        };
        emulator = await startEmulator({ quiet: true });
    });
    after(async () => {
        await emulator?.close();
        if (tmp) {
            fs.rmSync(tmp, { recursive: true, force: true });
        }
        console.log(`      ${figures.join("; ")}`);
    });

    it("the README shows Pulumi's default tsconfig, and a program that uses the package", () => {
        assert.deepStrictEqual(JSON.parse(section.json[0] ?? "null"), PULUMI_TEMPLATE_TSCONFIG);
        assert.match(section.ts[0] ?? "", /from "pulumi-partnercenter"/);
        assert.ok(!fs.lstatSync(path.join(project, "node_modules", "pulumi-partnercenter")).isSymbolicLink());
        assert.ok(
            !fs.existsSync(path.join(project, "node_modules", "@types", "cli-progress")),
            "only what npm would install: none of the package's devDependencies",
        );
    });

    it("tsc --noEmit passes with the default tsconfig and with the pre-2026 one (no devDependency needed)", async () => {
        await ok("npx tsc --noEmit");
        fs.writeFileSync(path.join(project, "tsconfig.2024.json"), JSON.stringify(PULUMI_TEMPLATE_TSCONFIG_2024));
        await ok("npx tsc --noEmit -p tsconfig.2024.json");
        fs.rmSync(path.join(project, "tsconfig.2024.json"));
    });

    it("the README's commands: config (secrets encrypted), preview, up, destroy against the emulator", async () => {
        const { partner } = emulator.seed;
        const values: Record<string, string> = {
            "<partner-tenant-id>": partner.tenantId,
            "<app-id>": partner.clientId,
            "<app-secret>": partner.clientSecret,
            "<refresh-token>": partner.refreshToken,
            "<indirect-reseller-tenant-id>": RESELLER,
            "<prefix>": "consumercontoso",
        };
        const lines = commandsOf(section.sh[1] ?? "").map((line) =>
            line.replace(/<[a-z-]+>/g, (placeholder) => {
                assert.ok(values[placeholder], `a value for ${placeholder}`);
                return values[placeholder]!;
            }),
        );
        assert.deepStrictEqual(
            lines.map((l) => l.split(" ").slice(0, 2).join(" ")),
            [
                "pulumi stack",
                ...Array<string>(6).fill("pulumi config"),
                "npx tsc",
                "pulumi preview",
                "pulumi up",
                "pulumi destroy",
            ],
        );
        const outputs: Record<string, string> = {};
        for (const line of lines) {
            if (line === "pulumi preview") {
                // The offline step the README adds before running: the emulator's endpoint.
                await ok(`pulumi config set partnercenter:endpoint ${emulator.url}`);
                const stackFile = fs.readFileSync(path.join(project, "Pulumi.dev.yaml"), "utf8");
                assert.ok(!stackFile.includes(partner.clientSecret) && !stackFile.includes(partner.refreshToken));
            }
            const started = Date.now();
            outputs[line.split(" ").slice(0, 2).join(" ")] = await ok(line);
            if (!line.startsWith("pulumi config")) {
                figures.push(
                    `${line.split(" ").slice(0, 2).join(" ")} ${((Date.now() - started) / 1000).toFixed(1)} s`,
                );
            }
            if (line === "pulumi preview") {
                assert.match(outputs["pulumi preview"]!, /\+ 2 to create/);
                assert.strictEqual(count(emulator.requestLog, "createCustomer"), 0, "preview creates nothing");
            }
            if (line === "pulumi up") {
                assert.strictEqual(count(emulator.requestLog, "createCustomer"), 1);
                const stack = JSON.parse(await ok("pulumi stack output --json")) as Record<string, string>;
                assert.match(stack["tenantId"] ?? "", /^[0-9a-f-]{36}$/);
                assert.strictEqual(emulator.store.get(stack["customerId"]!)?.domain, "consumercontoso.onmicrosoft.com");
                const state = await ok("pulumi stack export");
                assert.strictEqual(customerResources(state).length, 1, "the customer is in state");
                const stubs = [...state.matchAll(/"__provider":\s*"((?:[^"\\]|\\.)*)"/g)].map(
                    (m) => JSON.parse(`"${m[1]}"`) as string,
                );
                assert.ok(stubs.length > 0, "__provider in state");
                for (const stub of stubs) {
                    assert.match(stub, /require\("pulumi-partnercenter\/(stub|dist\/resources\/customer\/stub\.js)"\)/);
                    assert.ok(Buffer.byteLength(stub) < 1024, `a thin stub (${Buffer.byteLength(stub)} bytes)`);
                }
                assert.ok(!state.includes(partner.clientSecret) && !state.includes(partner.refreshToken));
            }
        }
        // destroy with onDelete: retain: out of the stack, still in Partner Center, and it said so.
        assert.match(outputs["pulumi destroy"]!, /stays in Partner Center \(onDelete: retain\)/);
        assert.deepStrictEqual(customerResources(await ok("pulumi stack export")), []);
        assert.strictEqual(count(emulator.requestLog, "deleteCustomer"), 0);
        assert.strictEqual(emulator.store.count(), 1);
    });
});
