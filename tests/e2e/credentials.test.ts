/**
 * Credentials through the real Pulumi CLI against the emulator:
 *
 * - certificate: a stack whose app credential is only a certificate (no client secret) runs the MCA attestation
 *   (`CustomerAgreement`, App-only) and the customer calls (App+User), every token request a signed assertion;
 *   the certificate set without `--secret` is refused before anything is sent; no key material in state or in
 *   the stack's config file;
 * - login: `npx pulumi-partnercenter login` (the package's bin, as a user runs it) signs in with the device-code
 *   flow (the test approves the printed code in the emulator, as the human would), stores the refresh token in the
 *   stack's config as a secret (encrypted in Pulumi.<stack>.yaml, not in the command's output), and the next
 *   preview uses it; a sign-in without MFA is refused and changes nothing.
 */
import * as assert from "assert";
import { execFile, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";

import { offlinePulumiEnv, REPO_ROOT } from "../../scripts/pulumi-env";
import { testCertificate, type TestCertificate } from "../fixtures/certificates";
import { customerArgs, secretsOf, setUpE2E, type E2EEnvironment } from "./harness";

const PROGRAM = path.join(REPO_ROOT, "dist", "tests", "e2e", "agreement-program", "index.js");
const signatory = { firstName: "Gena", lastName: "Soto", email: "gena@e2ecert.example", phoneNumber: "4255550101" };

interface Run {
    code: number;
    stdout: string;
    stderr: string;
}

describe("e2e: certificate credentials and `login` through the Pulumi CLI", function () {
    let e2e: E2EEnvironment;
    let cert: TestCertificate;
    let env: NodeJS.ProcessEnv;
    let configFile: string;

    before(async () => {
        cert = testCertificate();
        e2e = await setUpE2E({
            programModule: PROGRAM,
            emulator: { clientCertificates: [cert.certificatePem], deviceCodeIntervalSeconds: 1 },
        });
        await e2e.stack.removeConfig("partnercenter:clientSecret");
        await e2e.setCustomers({ contoso: { ...customerArgs("e2ecertcontoso"), signatory } });
        env = offlinePulumiEnv(e2e.paths);
        configFile = path.join(e2e.paths.workDir, `Pulumi.${e2e.stack.name}.yaml`);
    });
    after(async () => {
        await e2e?.dispose();
    });

    /** `pulumi <args>` for this stack, asynchronously (the emulator answers from this process). */
    const pulumi = (...args: string[]): Promise<Run> =>
        new Promise((resolve) => {
            execFile(
                path.join(e2e.paths.binDir, "pulumi"),
                [...args, "--stack", e2e.stack.name],
                { cwd: e2e.paths.workDir, env, encoding: "utf8" },
                (error, stdout, stderr) =>
                    resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
            );
        });

    /** A distinctive line of the private key: it must appear nowhere but in the encrypted config value. */
    const keyLine = () => cert.keyPem.split("\n")[5] ?? "";

    it("a certificate set without --secret is refused before anything is sent", async () => {
        await e2e.stack.setConfig("partnercenter:clientCertificate", { value: cert.pem, secret: false });
        const since = e2e.mark();
        await assert.rejects(e2e.stack.preview(), (e: Error) =>
            /partnercenter:clientCertificate is set in stack config without --secret/.test(e.message),
        );
        assert.deepStrictEqual(since(), []);
        await e2e.stack.setConfig("partnercenter:clientCertificate", { value: cert.pem, secret: true });
    });

    it("with only a certificate, up creates the customer and the MCA attestation: every token from a signed assertion", async () => {
        e2e.emulator.clearRequestLog();
        const up = await e2e.stack.up();
        assert.strictEqual(up.summary.result, "succeeded");
        assert.strictEqual(e2e.emulator.agreements.listAttestations().length, 1);
        const log = e2e.emulator.requestLog;
        const tokens = log.filter((e) => e.operation === "token");
        assert.ok(tokens.length >= 2, "an App+User and an App-only token");
        assert.ok(
            tokens.every((e) => e.status === 200 && e.clientAuth === "certificate"),
            JSON.stringify(tokens),
        );
        assert.deepStrictEqual(
            log.filter((e) => e.operation === "createEnhancedAttestation").map((e) => `${e.authFlow}:${e.status}`),
            ["appOnly:201"],
        );
        assert.deepStrictEqual(
            log.filter((e) => e.operation === "createCustomer").map((e) => `${e.authFlow}:${e.status}`),
            ["appUser:201"],
        );
        const state = await e2e.exportState();
        const yaml = fs.readFileSync(configFile, "utf8");
        for (const text of [state, yaml]) {
            assert.ok(!text.includes(keyLine()), "no private key material in plaintext");
            assert.ok(!text.includes("BEGIN PRIVATE KEY"));
        }
        assert.match(yaml, /partnercenter:clientCertificate:\n\s+secure: /);
    });

    /**
     * `npx pulumi-partnercenter login --stack <name>` in the stack's project directory; when the code appears on
     * stderr, the "human" answers in the emulator.
     */
    function runLogin(decision: { approve: boolean; mfa?: boolean }): Promise<Run> {
        return new Promise((resolve, reject) => {
            const child = spawn("npx", ["--no-install", "pulumi-partnercenter", "login", "--stack", e2e.stack.name], {
                cwd: e2e.paths.workDir,
                env,
                stdio: ["ignore", "pipe", "pipe"],
            });
            let stdout = "";
            let stderr = "";
            let answered = false;
            child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
            child.stderr.on("data", (chunk: Buffer) => {
                stderr += chunk.toString("utf8");
                const code = /enter the code ([A-Z0-9]+)/.exec(stderr)?.[1];
                if (code && !answered) {
                    answered = true;
                    assert.ok(e2e.emulator.deviceCodes.decide(code, decision), `no pending sign-in for ${code}`);
                }
            });
            child.on("error", reject);
            child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
        });
    }

    it("login stores the refresh token as a secret, nothing in plaintext; the next preview uses it", async () => {
        await e2e.stack.removeConfig("partnercenter:refreshToken");
        const result = await runLogin({ approve: true });
        assert.strictEqual(result.code, 0, result.stderr);
        assert.match(result.stderr, /enter the code [A-Z0-9]{9}/);
        assert.match(result.stderr, /Stored partnercenter:refreshToken in the stack's config as a secret/);
        assert.match(result.stderr, /unused, it expires on \d{4}-\d\d-\d\d/);

        const yaml = fs.readFileSync(configFile, "utf8");
        assert.match(yaml, /partnercenter:refreshToken:\n\s+secure: v1:/);
        const stored = await pulumi("config", "get", "partnercenter:refreshToken");
        const token = stored.stdout.trim();
        assert.strictEqual(stored.code, 0);
        assert.ok(token.length >= 32 && !secretsOf(e2e.emulator).includes(token), "a new refresh token");
        assert.ok(!yaml.includes(token), "encrypted in the config file");
        assert.ok(!`${result.stdout}${result.stderr}`.includes(token), "never printed");
        assert.ok(!`${result.stdout}${result.stderr}`.includes(keyLine()));

        e2e.emulator.clearRequestLog();
        const preview = await e2e.stack.preview();
        assert.strictEqual(preview.changeSummary["same"], 3, JSON.stringify(preview.changeSummary));
        assert.ok(e2e.emulator.requestLog.some((e) => e.operation === "token" && e.status === 200));
        assert.ok(e2e.emulator.requestLog.every((e) => e.operation !== "token" || e.status === 200));
    });

    it("a sign-in without MFA is refused and leaves the stored token as it was", async () => {
        const before = (await pulumi("config", "get", "partnercenter:refreshToken")).stdout;
        const result = await runLogin({ approve: true, mfa: false });
        assert.strictEqual(result.code, 1);
        assert.match(result.stderr, /without MFA .* Nothing was stored/);
        assert.strictEqual((await pulumi("config", "get", "partnercenter:refreshToken")).stdout, before);
    });
});
