/**
 * Locating the Pulumi CLI and the environment it runs in, offline: shared by `npm start`, the e2e tests and the
 * benchmark.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation";

import { programOutputs } from "./program-module";

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
 * Environment for running the CLI with no network: no update check, no plugin downloads, a private PULUMI_HOME and
 * a local file backend in `backendDir`, or the DIY backend at `backendUrl` when given (e.g. `postgres://...`, the
 * team backend; see `postgresBackendUrl`).
 */
export function offlinePulumiEnv(options: {
    binDir: string;
    pulumiHome: string;
    backendDir: string;
    backendUrl?: string | undefined;
    passphrase: string;
}): NodeJS.ProcessEnv {
    fs.mkdirSync(options.pulumiHome, { recursive: true });
    if (!options.backendUrl) {
        fs.mkdirSync(options.backendDir, { recursive: true });
    }
    return {
        ...process.env,
        PATH: `${options.binDir}${path.delimiter}${process.env["PATH"] ?? ""}`,
        PULUMI_HOME: options.pulumiHome,
        PULUMI_BACKEND_URL: options.backendUrl ?? `file://${options.backendDir}`,
        PULUMI_CONFIG_PASSPHRASE: options.passphrase,
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
        PULUMI_SKIP_CONFIRMATIONS: "true",
        PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
    };
}

/** Environment variable holding the URL of the PostgreSQL server the team-backend tests use. */
export const TEST_POSTGRES_URL_ENV = "PULUMI_TEST_POSTGRES_URL";

/**
 * The Pulumi PostgreSQL DIY backend URL for the test server (`scripts/test-postgres.sh`, started by `.ci/run` and
 * by `npm test`), with the state in its own `table` so runs never see each other's stacks. Throws a message saying
 * how to get a server when there is none: these tests never skip.
 */
export function postgresBackendUrl(table: string): string {
    const base = process.env[TEST_POSTGRES_URL_ENV];
    if (!base) {
        throw new Error(
            `${TEST_POSTGRES_URL_ENV} is not set: the PostgreSQL backend tests need a server. \`npm test\` and ` +
                "`.ci/run` start one (Debian's postgresql package: apt-get update && apt-get install -y postgresql); " +
                `to run one test file: export ${TEST_POSTGRES_URL_ENV}=$(bash scripts/test-postgres.sh start /tmp/pc-pg)`,
        );
    }
    if (!/^[a-z_][a-z0-9_]*$/.test(table)) {
        throw new Error(`table must be a plain SQL identifier, got '${table}'`);
    }
    const url = new URL(base);
    url.searchParams.set("table", table);
    return url.toString();
}

/** A backend URL without its password, for messages (the test server's URL has none; a user's might). */
export function redactBackendUrl(backendUrl: string): string {
    try {
        const url = new URL(backendUrl);
        if (url.password) {
            url.password = "****";
        }
        return url.toString();
    } catch {
        return backendUrl.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:****@");
    }
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
        return programOutputs(load(resolved));
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
