/**
 * The policy pack on the dynamic provider, as users type it: `pulumi preview --policy-pack <repo>/policy` from the
 * shell on a TypeScript program (`pulumi-nodejs:dynamic/partnercenter:*` types, tests/e2e/policy-program) with the
 * repository's CLI, a file (DIY) backend and the emulator over loopback; both the program and the pack run through
 * our Node language host (Run and RunPlugin). A relationship asking for Global Administrator is blocked as
 * mandatory with nothing written to Partner Center; a least-privilege stack passes silently (its customer's
 * `onDelete: "delete"` is allowed because the stack's `partnercenter:endpoint`, which reaches the pack through the
 * host's policy proxy, is the emulator's loopback URL); policy config turns the rule advisory.
 *
 * The emulator runs in this process, so every CLI call is asynchronous.
 */
import * as assert from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { startEmulator, type Emulator } from "../../emulator";
import { ensurePulumiCli, offlinePulumiEnv, REPO_ROOT } from "../../scripts/pulumi-env";
import { emulatorSettings } from "../fixtures/emulator-config";
import {
    AGREEMENT,
    compliantCustomer,
    LEAST_PRIVILEGE,
    POLICY_DIR,
    policyConfigFile,
    printedViolations,
    relationship,
    WITH_GLOBAL_ADMIN,
} from "./policy-harness";

const PROGRAM_DIR = path.join(REPO_ROOT, "tests", "e2e", "policy-program");
const RELATIONSHIP_TYPE = "pulumi-nodejs:dynamic/partnercenter:GdapRelationship";
const CUSTOMER_TYPE = "pulumi-nodejs:dynamic/partnercenter:IndirectResellerCustomer";
const SECRET_SETTINGS = new Set(["clientSecret", "refreshToken", "accessToken"]);

interface CliResult {
    code: number;
    output: string;
}

describe("e2e: the policy pack on the dynamic provider (TypeScript program from the shell)", function () {
    let emulator: Emulator;
    let tmp: string;
    let env: NodeJS.ProcessEnv;
    let pulumiBin: string;
    const stackName = `policy${process.pid}`;

    /** Run `pulumi <args>` in the program's directory; resolves with the exit code and stdout+stderr. */
    function pulumi(args: string[], input?: string): Promise<CliResult> {
        return new Promise((resolve) => {
            const child = execFile(
                pulumiBin,
                [...args, "--stack", stackName, "--non-interactive"],
                { cwd: PROGRAM_DIR, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
                (error, stdout, stderr) => {
                    const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
                    resolve({ code, output: stdout + stderr });
                },
            );
            child.stdin?.end(input ?? "");
        });
    }

    async function setSpec(roles: string[], customer = compliantCustomer("policydynamic", { onDelete: "delete" })) {
        const spec = {
            customer,
            agreement: AGREEMENT,
            relationship: relationship("Policy dynamic support", roles),
        };
        const result = await pulumi(["config", "set", "policy", JSON.stringify(spec)]);
        assert.strictEqual(result.code, 0, result.output);
    }

    before(async () => {
        // Synchronous, but before the emulator starts in this process.
        pulumiBin = path.join(ensurePulumiCli(), "pulumi");
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pc-policy-e2e-"));
        env = offlinePulumiEnv({
            binDir: path.dirname(pulumiBin),
            pulumiHome: path.join(tmp, "home"),
            backendDir: path.join(tmp, "state"),
            passphrase: "policy-e2e-passphrase",
        });
        // The program declares resources: run it as `npm start` does (see scripts/run-tests.ts).
        const nodeOptions = env["NODE_OPTIONS"] ?? "";
        if (!nodeOptions.includes("--preserve-symlinks")) {
            env["NODE_OPTIONS"] = `${nodeOptions} --preserve-symlinks`.trim();
        }
        emulator = await startEmulator({ quiet: true });
        const init = await pulumi(["stack", "init"]);
        assert.strictEqual(init.code, 0, init.output);
        const settings = emulatorSettings(emulator, { graphEndpoint: `${emulator.url}/graph` });
        for (const [key, value] of Object.entries(settings)) {
            const secret = SECRET_SETTINGS.has(key) ? ["--secret"] : [];
            const set = await pulumi(["config", "set", ...secret, `partnercenter:${key}`], value);
            assert.strictEqual(set.code, 0, set.output);
        }
    });

    after(async () => {
        await emulator?.close();
        fs.rmSync(path.join(PROGRAM_DIR, `Pulumi.${stackName}.yaml`), { force: true });
        if (tmp) {
            fs.rmSync(tmp, { recursive: true, force: true });
        }
    });

    it("Global Administrator: preview blocked as mandatory, naming resource, rule and fix; nothing written", async () => {
        await setSpec(WITH_GLOBAL_ADMIN);
        const before = emulator.requestLog.length;
        const preview = await pulumi(["preview", "--policy-pack", POLICY_DIR]);
        assert.notStrictEqual(preview.code, 0, preview.output);
        assert.deepStrictEqual(printedViolations(preview.output), [
            {
                level: "mandatory",
                policy: "gdap-no-global-administrator",
                resource: `${RELATIONSHIP_TYPE}: relationship`,
            },
        ]);
        assert.match(preview.output, /GdapRelationship "relationship" asks for Global Administrator/);
        assert.match(preview.output, /Fix: remove it/);
        const writes = emulator.requestLog.slice(before).filter((r) => /^(create|update|delete)/.test(r.operation));
        assert.deepStrictEqual(writes, [], "nothing was written to Partner Center");
        assert.strictEqual(emulator.store.count(), 0);
    });

    it("least privilege (and onDelete: delete against the emulator's endpoint from stack config): passes silently", async () => {
        await setSpec(LEAST_PRIVILEGE);
        const preview = await pulumi(["preview", "--policy-pack", POLICY_DIR]);
        assert.strictEqual(preview.code, 0, preview.output);
        assert.deepStrictEqual(printedViolations(preview.output), [], preview.output);
        assert.doesNotMatch(preview.output, /can't run policy/);
    });

    it("policy config turns the rule advisory: the preview passes and shows the violation", async () => {
        await setSpec(WITH_GLOBAL_ADMIN);
        const config = policyConfigFile(tmp, "advisory", { "gdap-no-global-administrator": "advisory" });
        const preview = await pulumi(["preview", "--policy-pack", POLICY_DIR, "--policy-pack-config", config]);
        assert.strictEqual(preview.code, 0, preview.output);
        assert.deepStrictEqual(printedViolations(preview.output), [
            {
                level: "advisory",
                policy: "gdap-no-global-administrator",
                resource: `${RELATIONSHIP_TYPE}: relationship`,
            },
        ]);
    });

    it("a customer that leaves enableGDAPByDefault unset: the advisory rule says so, the preview passes", async () => {
        const { enableGDAPByDefault: _unset, ...customer } = compliantCustomer("policydynamic", { onDelete: "delete" });
        await setSpec(LEAST_PRIVILEGE, customer);
        const preview = await pulumi(["preview", "--policy-pack", POLICY_DIR]);
        assert.strictEqual(preview.code, 0, preview.output);
        assert.deepStrictEqual(printedViolations(preview.output), [
            { level: "advisory", policy: "customer-gdap-default-explicit", resource: `${CUSTOMER_TYPE}: customer` },
        ]);
        assert.match(preview.output, /leaves enableGDAPByDefault unset\. Fix: set it explicitly/);
    });
});
