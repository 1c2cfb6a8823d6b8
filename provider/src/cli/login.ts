/**
 * `npx pulumi-partnercenter login`: bootstrap App+User authentication. A partner admin signs in with the
 * device-code flow (any browser, with MFA); the command checks that the sign-in used MFA, checks that the
 * provider's own refresh-token grant accepts the new refresh token, and stores it in the current stack's config as
 * a secret (`pulumi config set --secret partnercenter:refreshToken`, the value on stdin, never in argv), or with
 * `--print-env` prints the `export PARTNERCENTER_REFRESH_TOKEN=...` line for the environment instead.
 *
 * The app's identity (tenant, client id, client secret or certificate, authority) comes from the stack's config
 * (`pulumi config --json --show-secrets`, read into this process only) and the `PARTNERCENTER_*` environment, as
 * the provider reads them; with `--print-env` from the environment only. Nothing secret is printed except the
 * one export line `--print-env` asks for (on stdout; everything else goes to stderr).
 */
import { spawn } from "child_process";

import nodeFetch from "node-fetch";

import { refreshTokenProvider } from "../client/auth";
import { DEFAULT_RETRY_POLICY } from "../client/retry";
import { deviceCodeSignIn, DeviceCodeError, signInFacts } from "../client/device-code";
import { SecretSet } from "../client/redact";
import type { FetchLike } from "../client/types";
import { readSettings, SETTING_KEYS, type SettingKey } from "../runtime/settings";
import { parseCommandArgs } from "./args";

export const LOGIN_USAGE = `usage: pulumi-partnercenter login [--stack NAME] [--cwd DIR] [--print-env]
                               [--tenant-id ID] [--client-id ID] [--authority URL]

Signs a partner admin in with the device-code flow (open the printed page in any browser, enter the code, sign in
with MFA), then stores the App+User refresh token in the current stack's config as a secret
(partnercenter:refreshToken), or with --print-env prints "export PARTNERCENTER_REFRESH_TOKEN=..." on stdout instead.
The app registration (partnercenter:tenantId, clientId, clientSecret or clientCertificate, endpoint/authority) is
read from the stack's config and the PARTNERCENTER_* environment variables (--print-env: the environment only).
Refresh tokens expire after 90 days without use: run login again when the provider reports invalid_grant.`;

/** Entra ID revokes a refresh token that was not used for this long ("inactive for 90.00:00:00", AADSTS700082). */
export const REFRESH_TOKEN_INACTIVITY_DAYS = 90;
/** Since this date Partner Center refuses App+User calls whose token was obtained without MFA. */
export const MFA_ENFORCED_SINCE = "2026-04-01";

/** Result of one `pulumi` command. */
export interface PulumiResult {
    readonly code: number;
    readonly stdout: string;
    readonly stderr: string;
}

/** Runs `pulumi <args>` in `cwd` with `input` on stdin (the CLI's own config commands). */
export type PulumiRunner = (args: readonly string[], options: { cwd: string; input?: string }) => Promise<PulumiResult>;

export interface LoginIo {
    readonly stdout: NodeJS.WritableStream;
    readonly stderr: NodeJS.WritableStream;
    readonly env: NodeJS.ProcessEnv;
    readonly cwd: string;
    readonly fetch?: FetchLike;
    readonly pulumi?: PulumiRunner;
    readonly now?: () => number;
    readonly sleep?: (ms: number) => Promise<void>;
}

/** `pulumi` from PATH, stdin from `input` (closed at once when there is none), output collected. */
export function pulumiRunner(env: NodeJS.ProcessEnv): PulumiRunner {
    return (args, { cwd, input }) =>
        new Promise((resolve) => {
            const child = spawn("pulumi", [...args], { cwd, env, stdio: ["pipe", "pipe", "pipe"] });
            let stdout = "";
            let stderr = "";
            child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
            child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
            child.on("error", (e) => resolve({ code: 127, stdout, stderr: `${stderr}${e.message}` }));
            child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
            child.stdin.end(input ?? "");
        });
}

/** A failure the user fixes: exit code 1 with the message (never a stack trace). */
class LoginError extends Error {}

/** The stack's `partnercenter:*` config values (secrets decrypted, kept in this process), by key. */
async function stackSettings(
    pulumi: PulumiRunner,
    cwd: string,
    stack: string | undefined,
): Promise<Record<string, string>> {
    const result = await pulumi(["config", "--json", "--show-secrets", ...(stack ? ["--stack", stack] : [])], { cwd });
    if (result.code !== 0) {
        throw new LoginError(
            `cannot read the stack's config (\`pulumi config\` exited with ${result.code}: ${result.stderr.trim().split("\n").pop() ?? ""}). ` +
                "Run login in the stack's project directory (or pass --cwd DIR and --stack NAME), or use --print-env " +
                "to take the settings from PARTNERCENTER_* environment variables and print the export line.",
        );
    }
    const parsed = JSON.parse(result.stdout) as Record<string, { value?: unknown }>;
    return Object.fromEntries(
        Object.entries(parsed)
            .filter(([k, v]) => k.startsWith("partnercenter:") && typeof v.value === "string")
            .map(([k, v]) => [k.slice("partnercenter:".length), v.value as string]),
    );
}

/** Single-quote a value for a POSIX shell. */
function shellQuote(value: string): string {
    return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Run `login`; returns the exit code (0 stored/printed, 1 failure, 2 usage). */
export async function login(argv: readonly string[], io: LoginIo): Promise<number> {
    const values = parseCommandArgs(
        argv,
        {
            stack: { type: "string", short: "s" },
            cwd: { type: "string", short: "C" },
            "print-env": { type: "boolean" },
            "tenant-id": { type: "string" },
            "client-id": { type: "string" },
            authority: { type: "string" },
        },
        LOGIN_USAGE,
        io,
    );
    if (typeof values === "number") {
        return values;
    }
    const say = (line: string) => io.stderr.write(`${line}\n`);
    const now = io.now ?? Date.now;
    const sleep = io.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    const fetch = io.fetch ?? (nodeFetch as unknown as FetchLike);
    const pulumi = io.pulumi ?? pulumiRunner(io.env);
    const cwd = values.cwd ?? io.cwd;
    const printEnv = values["print-env"] === true;
    const stack = values.stack;
    const secrets = new SecretSet();
    try {
        const config = printEnv ? {} : await stackSettings(pulumi, cwd, stack);
        secrets.add(config["clientSecret"], config["clientCertificate"], config["clientCertificatePassword"]);
        const flags: Partial<Record<SettingKey, string>> = {
            ...(values["tenant-id"] ? { tenantId: values["tenant-id"] } : {}),
            ...(values["client-id"] ? { clientId: values["client-id"] } : {}),
            ...(values.authority ? { authority: values.authority } : {}),
        };
        let settings;
        try {
            settings = readSettings((key) => flags[key] ?? config[key], io.env);
        } catch (e) {
            throw new LoginError((e as Error).message);
        }
        const app = settings.appOnlyCredentials;
        if (!app) {
            const where = printEnv
                ? `the environment (${["tenantId", "clientId", "clientSecret"].map((k) => SETTING_KEYS[k as SettingKey]).join(", ")} or PARTNERCENTER_CLIENT_CERTIFICATE)`
                : "the stack's config or the PARTNERCENTER_* environment variables";
            throw new LoginError(
                "login needs the app registration: partnercenter:tenantId, partnercenter:clientId and " +
                    `partnercenter:clientSecret or partnercenter:clientCertificate, from ${where}. Set them first ` +
                    "(secrets with `pulumi config set --secret`), then run login again.",
            );
        }
        const { endpoints } = settings;
        const scope = `${endpoints.resource}/user_impersonation offline_access openid profile`;
        const tokens = await deviceCodeSignIn({
            authority: endpoints.authority,
            tenantId: app.tenantId,
            clientId: app.clientId,
            scope,
            clientAuth: app,
            fetch,
            now,
            sleep,
            secrets,
            attemptTimeoutMs: DEFAULT_RETRY_POLICY.attemptTimeoutMs,
            onPrompt: (prompt) => {
                say(prompt.message);
                say(
                    `(Sign in as a partner admin of tenant ${app.tenantId} (Admin Agent), completing the MFA prompt. ` +
                        `The code is valid for ${Math.round(prompt.expiresInSeconds / 60)} minutes; waiting...)`,
                );
            },
        });
        const facts = signInFacts(tokens);
        const who = facts.user ? ` as ${facts.user}` : "";
        if (facts.amr !== undefined && !facts.amr.includes("mfa")) {
            throw new LoginError(
                `signed in${who} without MFA (amr: ${facts.amr.join(", ") || "none"}). Since ${MFA_ENFORCED_SINCE} ` +
                    "Partner Center refuses App+User calls whose token was obtained without multi-factor " +
                    "authentication, so this refresh token would fail every call. Nothing was stored. Fix: require MFA " +
                    "for this account (security defaults, a Conditional Access policy for the Partner Center API, or " +
                    "per-user MFA), then run login again and complete the MFA prompt.",
            );
        }
        say(
            facts.amr === undefined
                ? `Signed in${who}. The tokens do not say how (no amr claim): make sure the account signs in with MFA.`
                : `Signed in${who} with MFA (amr: ${facts.amr.join(", ")}).`,
        );
        // The provider redeems the refresh token with its own grant (v1, `resource`): prove that works now, not at
        // the next `pulumi up` (e.g. AADSTS700025 when the app allows public client flows).
        await refreshTokenProvider({
            tenantId: app.tenantId,
            clientId: app.clientId,
            ...(app.clientCertificate
                ? { clientCertificate: app.clientCertificate }
                : { clientSecret: app.clientSecret }),
            refreshToken: tokens.refreshToken,
            authority: endpoints.authority,
            resource: endpoints.resource,
            fetch,
            now,
            sleep,
            random: Math.random,
            retry: DEFAULT_RETRY_POLICY,
            secrets,
            correlationId: "login",
        }).getToken();
        say("Checked: the provider's refresh-token grant accepts the new refresh token.");
        const renewBy = new Date(now() + REFRESH_TOKEN_INACTIVITY_DAYS * 86_400_000).toISOString().slice(0, 10);
        const renewal =
            `It stays valid while it is used at least once every ${REFRESH_TOKEN_INACTIVITY_DAYS} days (every ` +
            `\`pulumi preview\`/\`up\` that calls Partner Center uses it): unused, it expires on ${renewBy}. When the ` +
            "provider reports invalid_grant, run `npx pulumi-partnercenter login` again.";
        if (printEnv) {
            io.stdout.write(`export ${SETTING_KEYS.refreshToken}=${shellQuote(tokens.refreshToken)}\n`);
            say(`Printed the export line for ${SETTING_KEYS.refreshToken} on stdout. ${renewal}`);
            return 0;
        }
        const stored = await pulumi(
            ["config", "set", "--secret", "partnercenter:refreshToken", ...(stack ? ["--stack", stack] : [])],
            { cwd, input: tokens.refreshToken },
        );
        if (stored.code !== 0) {
            throw new LoginError(
                `\`pulumi config set --secret partnercenter:refreshToken\` failed (${stored.code}): ${secrets.redact(stored.stderr.trim())}`,
            );
        }
        say(
            `Stored partnercenter:refreshToken in the stack's config as a secret${stack ? ` (stack ${stack})` : ""}. ${renewal}`,
        );
        return 0;
    } catch (e) {
        const message =
            e instanceof LoginError || e instanceof DeviceCodeError
                ? e.message
                : e instanceof Error
                  ? e.message
                  : String(e);
        say(`login failed: ${secrets.redact(message)}`);
        return 1;
    }
}
