/**
 * A Go program through the Automation API against the emulator: `examples/go-onboarding` (the generated Go SDK in
 * an inline program; the real Pulumi CLI runs the real plugin) creates one customer and imports another that already
 * exists in Partner Center (`pulumi.Import`), then its own preview shows no changes; a second run changes nothing;
 * `-destroy` leaves both customers in Partner Center. The example is built from this repository's `sdk/go` with the
 * Go module cache only (`GOPROXY=off`; scripts/setup-pulumi.sh fills the cache when it builds the CLI).
 */
import * as assert from "assert";
import { execFile, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { promisify } from "util";

import { SETTING_KEYS } from "pulumi-partnercenter/runtime";
import { ensurePulumiCli, offlinePulumiEnv, REPO_ROOT } from "../../scripts/pulumi-env";
import { emulatorSettings } from "../fixtures/emulator-config";
import { apiClient, createBody, WINGTIP_RESELLER } from "../integration/emulator-helpers";
import { PLUGIN_DIR, pluginE2E } from "./plugin-harness";

const EXAMPLE = path.join(REPO_ROOT, "examples", "go-onboarding");

/** The example's customers file entry for a create body of the emulator helpers. */
function entry(name: string, body: ReturnType<typeof createBody>, importId?: string) {
    return {
        name,
        domain: body.companyProfile.domain,
        companyName: body.billingProfile.companyName,
        email: body.billingProfile.email,
        culture: body.billingProfile.culture,
        language: body.billingProfile.language,
        address: body.billingProfile.defaultAddress,
        ...(importId ? { import: importId } : {}),
    };
}

describe("e2e: a Go program (Automation API inline, generated Go SDK) through the plugin", function () {
    let env: Awaited<ReturnType<typeof pluginE2E>>;
    let binary: string;
    let runEnv: NodeJS.ProcessEnv;
    let existingId: string;
    let customersFile: string;

    /** Runs the example; resolves with its exit code, its last stdout line (the outputs) and everything printed. */
    const runExample = (args: string[]) =>
        new Promise<{ code: number; outputs: Record<string, string>; text: string }>((resolve, reject) => {
            const child = spawn(binary, ["-customers", customersFile, "-plugin-dir", PLUGIN_DIR, ...args], {
                cwd: env.tmp,
                env: runEnv,
            });
            let stdout = "";
            let stderr = "";
            child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
            child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
            child.on("error", reject);
            child.on("close", (code) => {
                const last = stdout.trim().split("\n").pop() ?? "";
                let outputs: Record<string, string> = {};
                try {
                    outputs = JSON.parse(last) as Record<string, string>;
                } catch {
                    // not JSON: a failed run; the caller asserts on the code and shows the text
                }
                resolve({ code: code ?? -1, outputs, text: `${stdout}\n${stderr}` });
            });
        });

    before(async function () {
        this.timeout(600_000);
        env = await pluginE2E();
        binary = path.join(env.tmp, "go-onboarding");
        await promisify(execFile)("go", ["build", "-o", binary, "."], {
            cwd: EXAMPLE,
            env: { ...process.env, GOPROXY: "off", GOFLAGS: "-mod=readonly" },
        });
        // A customer that exists in Partner Center before any stack: the program imports it.
        const existing = createBody({ prefix: "plugingoexisting", associatedPartnerId: WINGTIP_RESELLER });
        const created = await apiClient(env.emulator)("POST", "/v1/customers", { body: existing });
        assert.strictEqual(created.status, 201, created.text);
        existingId = created.json.id;
        customersFile = path.join(env.tmp, "customers.json");
        fs.writeFileSync(
            customersFile,
            JSON.stringify({
                resellerId: WINGTIP_RESELLER,
                customers: [
                    entry("fresh", createBody({ prefix: "plugingofresh" })),
                    entry("existing", existing, existingId),
                ],
            }),
        );
        // The provider's settings as PARTNERCENTER_* environment variables (they never enter state).
        const settings = emulatorSettings(env.emulator, { readAfterCreateLagSeconds: "2" });
        runEnv = {
            ...offlinePulumiEnv({
                binDir: ensurePulumiCli(),
                pulumiHome: path.join(env.tmp, ".home"),
                backendDir: path.join(env.tmp, ".state"),
                passphrase: "e2e-plugin-go",
            }),
            ...Object.fromEntries(
                Object.entries(settings).map(([key, value]) => [SETTING_KEYS[key as keyof typeof SETTING_KEYS], value]),
            ),
        };
    });
    after(async () => {
        await env?.dispose();
    });

    it("creates one customer, imports the existing one by id, and previews no changes after", async () => {
        const since = env.emulator.requestLog.length;
        const { code, outputs, text } = await runExample([]);
        assert.strictEqual(code, 0, text);
        assert.strictEqual(outputs["existingCustomerId"], existingId, "the existing customer was imported by id");
        assert.match(outputs["freshCustomerId"] ?? "", /^[0-9a-f-]{36}$/);
        assert.notStrictEqual(outputs["freshCustomerId"], existingId);
        const creates = env.emulator.requestLog.slice(since).filter((r) => r.operation === "createCustomer");
        assert.strictEqual(creates.length, 1, "only the new customer was created");
    });

    it("a second run changes nothing; -destroy leaves both customers in Partner Center", async () => {
        const since = env.emulator.requestLog.length;
        const again = await runExample([]);
        assert.strictEqual(again.code, 0, again.text);
        assert.strictEqual(again.outputs["existingCustomerId"], existingId);
        const destroyed = await runExample(["-destroy"]);
        assert.strictEqual(destroyed.code, 0, destroyed.text);
        assert.match(destroyed.text, /stays in Partner Center/);
        const writes = env.emulator.requestLog.slice(since).filter((r) => /^(create|delete|update)/.test(r.operation));
        assert.deepStrictEqual(
            writes.map((r) => r.operation),
            [],
            "no write reached Partner Center",
        );
    });
});
