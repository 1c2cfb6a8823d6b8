/**
 * The App+User bootstrap over real HTTP: the device-code grant against the emulator (pending, approved with and
 * without MFA, declined, expired, slow_down), and the `login` command around it: the prompt a human sees, the MFA
 * check, the proof that the provider's refresh grant takes the token, and where the token goes (the export line
 * on stdout with --print-env; `pulumi config set --secret` with the value on stdin otherwise), never in argv or
 * in the command's messages. The same command through the real Pulumi CLI is in tests/e2e/credentials.test.ts.
 */
import * as assert from "assert";
import { Writable } from "stream";

import fetch from "node-fetch";

import { login, type PulumiRunner } from "pulumi-partnercenter/cli/login";
import {
    DeviceCodeError,
    deviceCodeSignIn,
    SecretSet,
    signInFacts,
    type ClientAuthentication,
    type DeviceCodeSignInOptions,
    type FetchLike,
} from "pulumi-partnercenter/client";

import { startEmulator } from "../../emulator";
import type { Emulator } from "../../emulator";
import { testCertificate } from "../fixtures/certificates";
import { scriptedFetch } from "../unit/client-fakes";

const SCOPE = "https://api.partnercenter.microsoft.com/user_impersonation offline_access openid profile";

/** A stream that keeps what is written, and calls `onText` with everything so far after each write. */
function capture(onText: (text: string) => void = () => undefined): Writable & { text: () => string } {
    let text = "";
    const stream = new Writable({
        write(chunk: Buffer, _encoding, done) {
            text += chunk.toString("utf8");
            onText(text);
            done();
        },
    });
    return Object.assign(stream, { text: () => text });
}

describe("integration: device-code sign-in and `login` vs the emulator", function () {
    this.timeout(30_000);
    let emulator: Emulator;

    before(async () => {
        emulator = await startEmulator({ port: 0, deviceCodeIntervalSeconds: 1 });
    });
    beforeEach(() => {
        emulator.options.deviceCodeLifetimeSeconds = 900;
        emulator.clearRequestLog();
    });
    after(async () => {
        await emulator?.close();
    });

    /** Approve (or decline) the first pending sign-in after `delayMs`, as the human in the browser. */
    function answerLater(decision: { approve: boolean; mfa?: boolean }, delayMs = 1200): void {
        setTimeout(() => {
            const pending = emulator.deviceCodes.list().find((d) => d.status === "pending");
            if (pending) {
                emulator.deviceCodes.decide(pending.userCode, decision);
            }
        }, delayMs);
    }

    const signIn = (overrides: Partial<DeviceCodeSignInOptions> = {}, clientAuth?: ClientAuthentication) =>
        deviceCodeSignIn({
            authority: emulator.url,
            tenantId: emulator.seed.partner.tenantId,
            clientId: emulator.seed.partner.clientId,
            scope: SCOPE,
            clientAuth: clientAuth ?? { clientSecret: emulator.seed.partner.clientSecret },
            fetch: fetch as unknown as FetchLike,
            now: Date.now,
            sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
            secrets: new SecretSet(),
            attemptTimeoutMs: 5000,
            onPrompt: () => undefined,
            ...overrides,
        });

    /** The emulator's v1 refresh grant (the provider's) with `refreshToken`: its status. */
    async function redeem(refreshToken: string): Promise<number> {
        const res = await fetch(`${emulator.url}/${emulator.seed.partner.tenantId}/oauth2/token`, {
            method: "POST",
            body: new URLSearchParams({
                grant_type: "refresh_token",
                client_id: emulator.seed.partner.clientId,
                client_secret: emulator.seed.partner.clientSecret,
                refresh_token: refreshToken,
                resource: "https://api.partnercenter.microsoft.com",
            }),
        });
        return res.status;
    }

    it("prompts with the page and the code, polls while pending, and returns tokens that carry MFA", async () => {
        let prompt: { verificationUri: string; userCode: string; message: string } | undefined;
        answerLater({ approve: true });
        const tokens = await signIn({ onPrompt: (p) => (prompt = p) });
        assert.ok(prompt);
        assert.strictEqual(prompt.verificationUri, `${emulator.url}/_emulator/devicelogin`);
        assert.match(prompt.userCode, /^[A-Z2-9]{9}$/);
        assert.ok(prompt.message.includes(prompt.userCode) && prompt.message.includes(prompt.verificationUri));
        assert.deepStrictEqual(signInFacts(tokens).amr, ["pwd", "mfa"]);
        assert.strictEqual(await redeem(tokens.refreshToken), 200);
        const log = emulator.requestLog.map((e) => `${e.operation}:${e.status}`);
        assert.strictEqual(log[0], "devicecode:200");
        assert.ok(log.includes("token:400"), "at least one authorization_pending poll");
        assert.strictEqual(log[log.length - 2], "token:200"); // the device-code redemption, then the redeem above
        assert.ok(!JSON.stringify(emulator.requestLog).includes(tokens.refreshToken));
    });

    it("a certificate authenticates the redemption as well", async () => {
        const cert = testCertificate();
        emulator.registerClientCertificate(cert.certificatePem);
        answerLater({ approve: true }, 300);
        const tokens = await signIn({}, { clientCertificate: { pem: cert.pem } });
        assert.ok(tokens.refreshToken);
        const redemption = emulator.requestLog.filter((e) => e.operation === "token" && e.status === 200);
        assert.deepStrictEqual(
            redemption.map((e) => e.clientAuth),
            ["certificate"],
        );
    });

    it("a sign-in without MFA says so (amr pwd)", async () => {
        answerLater({ approve: true, mfa: false }, 300);
        assert.deepStrictEqual(signInFacts(await signIn()).amr, ["pwd"]);
    });

    it("declined, and expired, end the sign-in with what to do", async () => {
        answerLater({ approve: false }, 300);
        await assert.rejects(
            signIn(),
            (e: unknown) =>
                e instanceof DeviceCodeError &&
                e.code === "authorization_declined" &&
                /Run the command again/.test(e.message),
        );
        emulator.options.deviceCodeLifetimeSeconds = 1;
        await assert.rejects(
            signIn(),
            (e: unknown) =>
                e instanceof DeviceCodeError && e.code === "expired_token" && /for a new code/.test(e.message),
        );
    });

    it("slow_down adds 5 s to the interval (RFC 8628 §3.5)", async () => {
        const sleeps: number[] = [];
        let approved = false;
        const tokens = await signIn({
            // The first waits are skipped (the emulator sees polls too fast); longer ones take 600 ms, more than
            // half the emulator's 1 s interval.
            sleep: async (ms) => {
                sleeps.push(ms);
                if (ms > 1000) {
                    if (!approved) {
                        approved = emulator.deviceCodes.decide(emulator.deviceCodes.list()[0]?.userCode ?? "", {
                            approve: true,
                        });
                    }
                    await new Promise((resolve) => setTimeout(resolve, 600));
                }
            },
        });
        assert.ok(tokens.refreshToken);
        assert.deepStrictEqual(sleeps.slice(0, 3), [1000, 1000, 6000]);
    });

    it("AADSTS700025 (an app that allows public client flows) says which setting to turn off", async () => {
        // Both v2 endpoints are "api" requests to the fake (its token route is v1's path).
        const fake = scriptedFetch({
            api: [
                {
                    status: 200,
                    body: {
                        device_code: "dc-1234567890",
                        user_code: "ABCDEFGHJ",
                        verification_uri: "https://x",
                        expires_in: 900,
                        interval: 1,
                    },
                },
                {
                    status: 401,
                    body: {
                        error: "invalid_client",
                        error_description:
                            "AADSTS700025: Client is public so neither 'client_assertion' nor 'client_secret' should be presented.",
                    },
                },
            ],
        });
        await assert.rejects(
            signIn({ fetch: fake.fetch, sleep: () => Promise.resolve() }),
            /Turn off 'Allow public client flows'/,
        );
    });

    describe("the login command", () => {
        const env = () => ({
            PARTNERCENTER_ENDPOINT: emulator.url,
            PARTNERCENTER_TENANT_ID: emulator.seed.partner.tenantId,
            PARTNERCENTER_CLIENT_ID: emulator.seed.partner.clientId,
            PARTNERCENTER_CLIENT_SECRET: emulator.seed.partner.clientSecret,
        });

        /** Run `login` and answer the sign-in when the code is on stderr (as the human reading it would). */
        async function runLogin(argv: string[], decision: { approve: boolean; mfa?: boolean }, pulumi?: PulumiRunner) {
            let answered = false;
            const stdout = capture();
            const stderr = capture((text) => {
                const code = /enter the code ([A-Z0-9]+)/.exec(text)?.[1];
                if (code && !answered) {
                    answered = true;
                    setTimeout(() => emulator.deviceCodes.decide(code, decision), 200);
                }
            });
            const code = await login(argv, {
                stdout,
                stderr,
                env: pulumi ? {} : env(),
                cwd: "/nowhere",
                ...(pulumi ? { pulumi } : {}),
            });
            return { code, stdout: stdout.text(), stderr: stderr.text() };
        }

        it("--print-env: the export line alone on stdout, the steps and the renewal date on stderr", async () => {
            const { code, stdout, stderr } = await runLogin(["--print-env"], { approve: true });
            assert.strictEqual(code, 0, stderr);
            const match = /^export PARTNERCENTER_REFRESH_TOKEN='([A-Za-z0-9_-]+)'\n$/.exec(stdout);
            assert.ok(match?.[1], stdout);
            assert.strictEqual(await redeem(match[1]), 200);
            assert.match(stderr, new RegExp(`open the page ${emulator.url}/_emulator/devicelogin and enter the code`));
            assert.match(stderr, /with MFA \(amr: pwd, mfa\)/);
            assert.match(stderr, /Checked: the provider's refresh-token grant accepts the new refresh token/);
            assert.match(stderr, /at least once every 90 days .* unused, it expires on \d{4}-\d\d-\d\d/);
            assert.ok(!stderr.includes(match[1]));
            assert.ok(!stderr.includes(emulator.seed.partner.clientSecret));
        });

        it("a sign-in without MFA is refused: nothing printed, nothing stored, and what to do", async () => {
            const { code, stdout, stderr } = await runLogin(["--print-env"], { approve: true, mfa: false });
            assert.strictEqual(code, 1);
            assert.strictEqual(stdout, "");
            assert.match(stderr, /without MFA \(amr: pwd\)\. Since 2026-04-01 Partner Center refuses App\+User calls/);
            assert.match(stderr, /Nothing was stored\. Fix: require MFA/);
        });

        it("stores the token with `pulumi config set --secret`, the value on stdin and never in argv", async () => {
            const calls: { args: readonly string[]; input: string | undefined }[] = [];
            const config = Object.fromEntries(
                Object.entries({
                    endpoint: emulator.url,
                    tenantId: emulator.seed.partner.tenantId,
                    clientId: emulator.seed.partner.clientId,
                    clientSecret: emulator.seed.partner.clientSecret,
                }).map(([k, v]) => [`partnercenter:${k}`, { value: v, secret: k === "clientSecret" }]),
            );
            const pulumi: PulumiRunner = (args, options) => {
                calls.push({ args, input: options.input });
                assert.strictEqual(options.cwd, "/work/dir");
                return Promise.resolve(
                    args[1] === "--json"
                        ? { code: 0, stdout: JSON.stringify(config), stderr: "" }
                        : { code: 0, stdout: "", stderr: "" },
                );
            };
            const { code, stdout, stderr } = await runLogin(
                ["--stack", "dev", "--cwd", "/work/dir"],
                { approve: true },
                pulumi,
            );
            assert.strictEqual(code, 0, stderr);
            assert.strictEqual(stdout, "");
            assert.deepStrictEqual(
                calls.map((c) => c.args.join(" ")),
                [
                    "config --json --show-secrets --stack dev",
                    "config set --secret partnercenter:refreshToken --stack dev",
                ],
            );
            const token = calls[1]?.input ?? "";
            assert.strictEqual(await redeem(token), 200);
            assert.match(stderr, /Stored partnercenter:refreshToken in the stack's config as a secret \(stack dev\)/);
            assert.ok(!stderr.includes(token));
        });

        it("without the app registration it names the keys to set, before any sign-in", async () => {
            const stderr = capture();
            const code = await login(["--print-env"], { stdout: capture(), stderr, env: {}, cwd: "/" });
            assert.strictEqual(code, 1);
            assert.match(
                stderr.text(),
                /login needs the app registration: partnercenter:tenantId, partnercenter:clientId and partnercenter:clientSecret or partnercenter:clientCertificate/,
            );
            assert.strictEqual(emulator.requestLog.length, 0);
        });

        it("a stack whose config cannot be read: says where to run it, or --print-env", async () => {
            const stderr = capture();
            const code = await login([], {
                stdout: capture(),
                stderr,
                env: {},
                cwd: "/",
                pulumi: () =>
                    Promise.resolve({ code: 255, stdout: "", stderr: "error: no Pulumi.yaml project file found" }),
            });
            assert.strictEqual(code, 1);
            assert.match(stderr.text(), /Run login in the stack's project directory .* or use --print-env/);
        });
    });
});
