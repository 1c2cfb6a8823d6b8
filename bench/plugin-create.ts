/**
 * The `create-plugin` measure's run: the bulk create of N customers through the provider plugin
 * (`pulumi-resource-partnercenter`) instead of the dynamic provider. The same customers file as `create`, declared
 * as a YAML program (one `partnercenter:index:IndirectResellerCustomer` per entry; the YAML host that
 * scripts/setup-pulumi.sh builds), run by `pulumi up --skip-preview` through the CLI with its own file backend, the
 * same provider settings and engine settings (`PULUMI_SKIP_CHECKPOINTS`). The time is the whole `pulumi up`,
 * engine, host and plugin start included.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";

import { offlinePulumiEnv, REPO_ROOT } from "../scripts/pulumi-env";

/** Settings (`partnercenter:<key>`) that go in with `--secret`. */
const SECRET_KEYS = new Set([
    "clientSecret",
    "clientCertificate",
    "clientCertificatePassword",
    "refreshToken",
    "accessToken",
]);

interface Entry {
    name: string;
    resellerId: string;
    domain: string;
    billingProfile: unknown;
}

/** `pulumi <args>` asynchronously (the emulator answers from this process's event loop); rejects on failure. */
function pulumi(binDir: string, dir: string, env: NodeJS.ProcessEnv, args: string[], input = ""): Promise<string> {
    return new Promise((resolve, reject) => {
        const child = spawn(path.join(binDir, "pulumi"), args, { cwd: dir, env, stdio: ["pipe", "pipe", "pipe"] });
        let out = "";
        child.stdout.on("data", (d: Buffer) => (out += d.toString()));
        child.stderr.on("data", (d: Buffer) => (out += d.toString()));
        child.stdin.end(input);
        child.on("error", reject);
        child.on("close", (code) =>
            code === 0 ? resolve(out) : reject(new Error(`pulumi ${args[0]} exited ${code}:\n${out.slice(-4000)}`)),
        );
    });
}

/** A YAML project of the customers in `customersFile`, its stack configured; returns how to run `up` on it. */
export async function pluginBulkProject(options: {
    binDir: string;
    root: string;
    customersFile: string;
    /** Provider settings without the namespace (`endpoint`, `pacing`, ...). */
    settings: Readonly<Record<string, string>>;
    engineEnv: Readonly<Record<string, string>>;
}): Promise<{ up(parallel: number): Promise<{ failed: number }> }> {
    const dir = path.join(options.root, "plugin-bulk");
    fs.mkdirSync(dir, { recursive: true });
    const entries = JSON.parse(fs.readFileSync(options.customersFile, "utf8")) as Entry[];
    const resources = Object.fromEntries(
        entries.map((e) => [
            e.name,
            {
                type: "partnercenter:index:IndirectResellerCustomer",
                properties: {
                    associatedPartnerId: e.resellerId,
                    companyProfile: { domain: e.domain },
                    billingProfile: e.billingProfile,
                },
            },
        ]),
    );
    const project = {
        name: "bench-plugin-bulk",
        runtime: "yaml",
        plugins: { providers: [{ name: "partnercenter", path: path.join(REPO_ROOT, "provider", "bin") }] },
        resources,
    };
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), JSON.stringify(project));
    const env = {
        ...offlinePulumiEnv({
            binDir: options.binDir,
            pulumiHome: path.join(dir, ".home"),
            backendDir: path.join(dir, ".state"),
            passphrase: "bench-passphrase",
        }),
        ...options.engineEnv,
    };
    await pulumi(options.binDir, dir, env, ["stack", "init", "bench"]);
    for (const [key, value] of Object.entries(options.settings)) {
        const secret = SECRET_KEYS.has(key) ? ["--secret"] : [];
        await pulumi(options.binDir, dir, env, ["config", "set", ...secret, `partnercenter:${key}`], value);
    }
    return {
        async up(parallel) {
            await pulumi(options.binDir, dir, env, ["up", "--yes", "--skip-preview", "--parallel", String(parallel)]);
            return { failed: 0 };
        },
    };
}
