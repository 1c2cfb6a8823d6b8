/**
 * Locating the Pulumi CLI and the environment it runs in, offline: shared by `npm start`, the e2e tests and the
 * benchmark.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/**
 * Make sure a usable `pulumi` (and the Node language host and dynamic-provider plugin) exists, building it from
 * Go modules on first use (`scripts/setup-pulumi.sh`), and return the directory that holds them.
 */
export function ensurePulumiCli(): string {
    const out = execFileSync("bash", [path.join(REPO_ROOT, "scripts", "setup-pulumi.sh")], {
        cwd: REPO_ROOT,
        stdio: ["ignore", "pipe", "inherit"],
        encoding: "utf8",
    });
    const binDir = out.trim().split("\n").pop()?.trim() ?? "";
    if (!binDir || !fs.existsSync(path.join(binDir, "pulumi"))) {
        throw new Error(`scripts/setup-pulumi.sh did not report a directory holding 'pulumi' (got '${binDir}')`);
    }
    return binDir;
}

/**
 * Environment for running the CLI with no network: no update check, no plugin downloads, a local file backend and
 * a private PULUMI_HOME.
 */
export function offlinePulumiEnv(options: {
    binDir: string;
    pulumiHome: string;
    backendDir: string;
    passphrase: string;
}): NodeJS.ProcessEnv {
    fs.mkdirSync(options.pulumiHome, { recursive: true });
    fs.mkdirSync(options.backendDir, { recursive: true });
    return {
        ...process.env,
        PATH: `${options.binDir}${path.delimiter}${process.env["PATH"] ?? ""}`,
        PULUMI_HOME: options.pulumiHome,
        PULUMI_BACKEND_URL: `file://${options.backendDir}`,
        PULUMI_CONFIG_PASSPHRASE: options.passphrase,
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
        PULUMI_SKIP_CONFIRMATIONS: "true",
        PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
    };
}

/**
 * Open (select or create) a stack whose program runs inline, in this process, through the Automation API.
 *
 * Why inline: tests and the benchmark count engine events and change config between operations, which the
 * Automation API makes easy; an inline program serves the language runtime itself (the shell path goes through
 * our language host instead, see tools/pulumi/languagehost). The program is the compiled module of a real program
 * directory (e.g. `dist/tests/e2e/program/index.js`), loaded fresh for every operation so each preview/up
 * registers its resources again.
 *
 * `workDir` holds the project's Pulumi.yaml; the engine starts the dynamic-provider plugin there, so it must
 * resolve `node_modules` (with `@pulumi/pulumi` and `pulumi-partnercenter`).
 */
export async function openInlineStack(options: {
    binDir: string;
    env: NodeJS.ProcessEnv;
    workDir: string;
    stackName: string;
    programModule: string;
    /** `require` used to load the program (default: this package's). */
    requireFn?: NodeJS.Require;
}) {
    const pulumiCommand = await PulumiCommand.get({ root: path.dirname(options.binDir), skipVersionCheck: true });
    const load = options.requireFn ?? require;
    const program = async () => {
        const resolved = load.resolve(options.programModule);
        delete load.cache[resolved];
        return load(resolved) as Record<string, unknown>;
    };
    const envVars = Object.fromEntries(
        Object.entries(options.env).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
    );
    const projectName = readProjectName(options.workDir);
    return LocalWorkspace.createOrSelectStack(
        { stackName: options.stackName, projectName, program },
        { workDir: options.workDir, envVars, pulumiCommand },
    );
}

/** The `name:` of the Pulumi.yaml in a directory. */
export function readProjectName(dir: string): string {
    const text = fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8");
    const match = /^name:\s*(\S+)/m.exec(text);
    if (!match?.[1]) {
        throw new Error(`no project name in ${path.join(dir, "Pulumi.yaml")}`);
    }
    return match[1];
}
