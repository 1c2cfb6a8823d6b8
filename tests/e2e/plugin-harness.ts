/**
 * Harness of the provider-plugin e2e tests: YAML programs (the `pulumi-language-yaml` host that
 * scripts/setup-pulumi.sh builds) run by the real Pulumi CLI, which starts the real plugin
 * (`provider/bin/pulumi-resource-partnercenter`, named in each project's `plugins.providers`) against the in-process
 * emulator over loopback. Each project gets its own directory, file backend and PULUMI_HOME under a temp directory.
 *
 * The CLI runs asynchronously (never `execFileSync`): the emulator answers from this process's event loop.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { startEmulator, type Emulator } from "../../emulator";
import { ensurePulumiCli, offlinePulumiEnv, REPO_ROOT } from "../../scripts/pulumi-env";
import { emulatorSettings } from "../fixtures/emulator-config";

/** The directory holding the plugin's executable, as `plugins.providers[].path` names it. */
export const PLUGIN_DIR = path.join(REPO_ROOT, "provider", "bin");
export const CUSTOMER_TOKEN = "partnercenter:index:IndirectResellerCustomer";
export const RELATIONSHIP_TOKEN = "partnercenter:index:GdapRelationship";
export const AGREEMENT_TOKEN = "partnercenter:index:CustomerAgreement";
export const ASSIGNMENT_TOKEN = "partnercenter:index:GdapAccessAssignment";
export const CONSENT_TOKEN = "partnercenter:index:ApplicationConsent";

const SECRET_SETTINGS = new Set(["clientSecret", "refreshToken", "accessToken"]);

export interface CliResult {
    code: number;
    stdout: string;
    stderr: string;
}

/** One YAML project (directory, stack, backend) driven through the CLI. */
export interface YamlProject {
    dir: string;
    env: NodeJS.ProcessEnv;
    /** Runs `pulumi <args>` in the project; rejects on a non-zero exit unless `allowFailure`. */
    pulumi(args: string[], options?: { input?: string; allowFailure?: boolean }): Promise<CliResult>;
    /** Replace the program's `resources` (and `outputs`). */
    writeProgram(resources: Record<string, unknown>, outputs?: Record<string, string>): void;
    /** `pulumi stack export` as JSON text (secrets encrypted). */
    exportState(): Promise<string>;
}

/** A Pulumi.yaml (JSON is YAML) running the plugin from `pluginDir` ({@link PLUGIN_DIR} unless given). */
function projectFile(
    name: string,
    resources: Record<string, unknown>,
    outputs: Record<string, string> = {},
    pluginDir = PLUGIN_DIR,
): string {
    return `${JSON.stringify(
        {
            name,
            runtime: "yaml",
            plugins: { providers: [{ name: "partnercenter", path: pluginDir }] },
            resources,
            outputs,
        },
        null,
        2,
    )}\n`;
}

/**
 * A project with stack `dev` initialised and the provider pointed at the emulator (credentials with `--secret`,
 * given on stdin so they appear in no command line).
 */
export async function yamlProject(
    tmp: string,
    name: string,
    emulator: Emulator,
    extraConfig: Record<string, string> = {},
    pluginDir = PLUGIN_DIR,
): Promise<YamlProject> {
    const binDir = ensurePulumiCli();
    if (!fs.existsSync(path.join(binDir, "pulumi-language-yaml"))) {
        throw new Error(`pulumi-language-yaml is missing from ${binDir}: run scripts/setup-pulumi.sh (needs Go)`);
    }
    const dir = path.join(tmp, name);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), projectFile(name, {}, {}, pluginDir));
    return cliProject(dir, emulator, extraConfig, pluginDir);
}

/**
 * A project of any language in `dir` (its Pulumi.yaml written by the caller) with stack `dev` initialised and the
 * provider pointed at the emulator, as {@link yamlProject} (whose `writeProgram` writes a YAML program there).
 */
export async function cliProject(
    dir: string,
    emulator: Emulator,
    extraConfig: Record<string, string> = {},
    pluginDir = PLUGIN_DIR,
): Promise<YamlProject> {
    const binDir = ensurePulumiCli();
    const name = path.basename(dir);
    const env = offlinePulumiEnv({
        binDir,
        pulumiHome: path.join(dir, ".home"),
        backendDir: path.join(dir, ".state"),
        passphrase: "e2e-plugin-passphrase",
    });
    const project: YamlProject = {
        dir,
        env,
        pulumi: (args, options = {}) => runCli(path.join(binDir, "pulumi"), args, dir, env, options),
        writeProgram: (resources, outputs) =>
            fs.writeFileSync(path.join(dir, "Pulumi.yaml"), projectFile(name, resources, outputs, pluginDir)),
        exportState: async () => (await project.pulumi(["stack", "export"])).stdout,
    };
    await project.pulumi(["stack", "init", "dev"]);
    const settings = emulatorSettings(emulator, {
        // Out-of-band changes in these tests come seconds after creation: keep the lag window short.
        readAfterCreateLagSeconds: "2",
        graphEndpoint: `${emulator.url}/graph`,
        ...extraConfig,
    });
    for (const [key, value] of Object.entries(settings)) {
        const secret = SECRET_SETTINGS.has(key);
        await project.pulumi(["config", "set", ...(secret ? ["--secret"] : []), `partnercenter:${key}`], {
            input: value,
        });
    }
    return project;
}

function runCli(
    cli: string,
    args: string[],
    cwd: string,
    env: NodeJS.ProcessEnv,
    options: { input?: string; allowFailure?: boolean },
): Promise<CliResult> {
    return new Promise((resolve, reject) => {
        const child = spawn(cli, args, { cwd, env, stdio: ["pipe", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.stdin.end(options.input ?? "");
        child.on("error", reject);
        child.on("close", (code) => {
            const result = { code: code ?? -1, stdout, stderr };
            if (result.code !== 0 && !options.allowFailure) {
                reject(new Error(`pulumi ${args.join(" ")} exited ${result.code}:\n${stdout}\n${stderr}`));
            } else {
                resolve(result);
            }
        });
    });
}

/** A temp directory and an emulator for one test file. */
export async function pluginE2E(): Promise<{ tmp: string; emulator: Emulator; dispose(): Promise<void> }> {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pc-plugin-e2e-"));
    const emulator = await startEmulator({ quiet: true });
    return {
        tmp,
        emulator,
        async dispose() {
            await emulator.close();
            fs.rmSync(tmp, { recursive: true, force: true });
        },
    };
}

/** One step of `pulumi preview --json`. */
export interface PreviewStep {
    op: string;
    urn: string;
    type?: string;
    diffReasons?: string[];
    replaceReasons?: string[];
    detailedDiff?: Record<string, { kind: string; inputDiff?: boolean }>;
    newState?: { type?: string; outputs?: Record<string, unknown>; inputs?: Record<string, unknown> };
}

/** The plan of `pulumi preview --json`, steps by resource type (the stack itself left out). */
export async function previewPlan(project: YamlProject, extra: string[] = []): Promise<PreviewStep[]> {
    const { stdout } = await project.pulumi(["preview", "--json", ...extra]);
    const plan = JSON.parse(stdout) as { steps?: PreviewStep[] };
    return (plan.steps ?? []).filter((s) => !s.urn.includes("pulumi:pulumi:Stack"));
}

/** Resources of a type in exported state. */
export function resourcesOf(
    stateJson: string,
    type: string,
): { id: string; urn: string; outputs: Record<string, unknown>; inputs: Record<string, unknown> }[] {
    const state = JSON.parse(stateJson) as {
        deployment?: {
            resources?: {
                type: string;
                id: string;
                urn: string;
                outputs: Record<string, unknown>;
                inputs: Record<string, unknown>;
            }[];
        };
    };
    return (state.deployment?.resources ?? []).filter((r) => r.type === type);
}

/** Valid customer properties for a YAML program (the same as the dynamic provider's fixtures). */
export { customerArgs } from "../fixtures/customers";
