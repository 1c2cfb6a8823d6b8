/**
 * End-to-end harness: the real Pulumi CLI (built from Go modules by scripts/setup-pulumi.sh) drives the provider
 * against an in-process emulator over loopback. Programs run inline through the Automation API (shell-cli.test.ts
 * covers the shell path through our language host); each stack gets its own file backend and PULUMI_HOME under a
 * temp directory.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import type { EngineEvent, Stack } from "@pulumi/pulumi/automation";

import { startEmulator, type Emulator, type EmulatorOptions, type RequestLogEntry } from "../../emulator";
import { ensurePulumiCli, offlinePulumiEnv, openInlineStack, REPO_ROOT } from "../../scripts/pulumi-env";

export { customerArgs, OTHER_RESELLER, RESELLER } from "../fixtures/customers";
import { emulatorStackConfig } from "../fixtures/emulator-config";
export const PROGRAM_DIR = path.join(REPO_ROOT, "tests", "e2e", "program");
export const PROGRAM_MODULE = path.join(REPO_ROOT, "dist", "tests", "e2e", "program", "index.js");
/** The bulk-onboarding example (customers from a JSON file, config `customersFile`), as the benchmark runs it. */
export const BULK_PROGRAM_DIR = path.join(REPO_ROOT, "examples", "bulk-onboarding");
export const BULK_PROGRAM_MODULE = path.join(REPO_ROOT, "dist", "examples", "bulk-onboarding", "index.js");
export const CUSTOMER_TYPE = "pulumi-nodejs:dynamic/partnercenter:IndirectResellerCustomer";

export interface E2EEnvironment {
    emulator: Emulator;
    stack: Stack;
    tmp: string;
    /** Everything another process needs to run the same stack (same backend, PULUMI_HOME, project and config). */
    paths: StackPaths;
    /** Set the program's customers (config `customers`). */
    setCustomers(specs: Record<string, Record<string, unknown>>): Promise<void>;
    /** Requests the emulator saw after `mark()` (API calls only, not the token endpoint unless asked). */
    mark(): () => RequestLogEntry[];
    /** The stack's state as JSON text, as `pulumi stack export` prints it (secrets encrypted). */
    exportState(): Promise<string>;
    dispose(): Promise<void>;
}

/** Where a stack lives: enough for another process to open it again with `openInlineStack`. */
export interface StackPaths {
    binDir: string;
    pulumiHome: string;
    backendDir: string;
    /** DIY backend URL (e.g. PostgreSQL) used instead of the file backend in `backendDir`. */
    backendUrl?: string;
    passphrase: string;
    workDir: string;
    stackName: string;
    programModule: string;
}

/** Everything the emulator issued or knows that must never appear in plaintext in state or logs. */
export function secretsOf(emulator: Emulator): string[] {
    return [emulator.seed.partner.clientSecret, emulator.seed.partner.refreshToken];
}

export async function setUpE2E(
    options: {
        emulator?: EmulatorOptions;
        workDir?: string;
        programModule?: string;
        requireFn?: NodeJS.Require;
        config?: Record<string, string>;
        /** DIY backend URL instead of a file backend (e.g. `postgresBackendUrl(...)`). */
        backendUrl?: string;
        /** Stack name (default `e2e<pid>`). */
        stackName?: string;
    } = {},
): Promise<E2EEnvironment> {
    const binDir = ensurePulumiCli();
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pc-e2e-"));
    const emulator = await startEmulator({ quiet: true, ...options.emulator });
    const paths: StackPaths = {
        binDir,
        pulumiHome: path.join(tmp, "home"),
        backendDir: path.join(tmp, "state"),
        ...(options.backendUrl ? { backendUrl: options.backendUrl } : {}),
        passphrase: "e2e-test-passphrase",
        workDir: options.workDir ?? PROGRAM_DIR,
        stackName: options.stackName ?? `e2e${process.pid}`,
        programModule: options.programModule ?? PROGRAM_MODULE,
    };
    const env = offlinePulumiEnv(paths);
    const stack = await openInlineStack({
        binDir,
        env,
        workDir: paths.workDir,
        stackName: paths.stackName,
        programModule: paths.programModule,
        ...(options.requireFn ? { requireFn: options.requireFn } : {}),
    });
    await stack.setAllConfig({
        // Out-of-band deletes in these tests come seconds after creation: keep the lag window short.
        ...emulatorStackConfig(emulator, { readAfterCreateLagSeconds: "2" }),
        ...Object.fromEntries(Object.entries(options.config ?? {}).map(([k, v]) => [k, { value: v }])),
    });
    return {
        emulator,
        stack,
        tmp,
        paths,
        async setCustomers(specs) {
            await stack.setConfig("customers", { value: JSON.stringify(specs) });
        },
        mark() {
            const start = emulator.requestLog.length;
            return () => emulator.requestLog.slice(start).filter((r) => !r.path.includes("/oauth2/"));
        },
        async exportState() {
            // The CLI's own `pulumi stack export` (the Automation API's exportStack decrypts secrets).
            return execFileSync(path.join(binDir, "pulumi"), ["stack", "export", "--stack", stack.name], {
                cwd: options.workDir ?? PROGRAM_DIR,
                env,
                encoding: "utf8",
            });
        },
        async dispose() {
            await emulator.close();
            // The stack's config file lives beside the program's Pulumi.yaml.
            fs.rmSync(path.join(options.workDir ?? PROGRAM_DIR, `Pulumi.${stack.name}.yaml`), { force: true });
            fs.rmSync(tmp, { recursive: true, force: true });
        },
    };
}

/** Resources of our type in an exported deployment. */
export function customerResources(
    stateJson: string,
): { id: string; outputs: Record<string, unknown>; inputs: Record<string, unknown> }[] {
    const state = JSON.parse(stateJson) as {
        deployment?: {
            resources?: {
                type: string;
                id: string;
                outputs: Record<string, unknown>;
                inputs: Record<string, unknown>;
            }[];
        };
    };
    return (state.deployment?.resources ?? []).filter((r) => r.type === CUSTOMER_TYPE);
}

/** Engine operations (`create`, `update`, `replace`, `same`, `delete`, `refresh`...) on customers, from engine events. */
export type CustomerOps = Record<string, number>;

/**
 * Run a stack operation and count, from the engine's event stream, the steps it took on our resources (the
 * change summary also counts the stack resource itself).
 */
export async function withOps<T>(
    run: (opts: { onEvent: (event: EngineEvent) => void }) => Promise<T>,
): Promise<{ result: T; ops: CustomerOps }> {
    const ops: CustomerOps = {};
    const result = await run({
        onEvent: (event) => {
            const metadata = event.resourcePreEvent?.metadata;
            if (metadata?.type === CUSTOMER_TYPE) {
                ops[metadata.op] = (ops[metadata.op] ?? 0) + 1;
            }
        },
    });
    return { result, ops };
}

/** Count of emulator requests for an operation name. */
export function count(entries: RequestLogEntry[], operation: string): number {
    return entries.filter((e) => e.operation === operation).length;
}
