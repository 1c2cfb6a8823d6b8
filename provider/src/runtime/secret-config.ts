/**
 * Program-side guard: credentials set in stack config without `--secret`.
 *
 * The engine copies stack config into the inputs of the default `pulumi-nodejs` provider, which lands in state:
 * encrypted when the value was set with `pulumi config set --secret`, in plaintext otherwise (and the stack's
 * `Pulumi.<stack>.yaml` holds it in plaintext too). The provider host cannot tell the two apart (the dynamic
 * provider host unwraps secrets before `configure`), but the program can: the language host passes the names of
 * secret config keys (`PULUMI_CONFIG_SECRET_KEYS`). So every resource class of this package calls
 * {@link assertSecretSettings} before it registers anything, and a run with a plaintext credential fails before
 * anything is created, with the command that fixes it. Values are never read into a message.
 */
import * as pulumi from "@pulumi/pulumi";

import { SECRET_SETTING_KEYS, type SettingKey } from "./settings";

type SecretTest = (key: string) => boolean;

/**
 * `@pulumi/pulumi`'s own test of whether a config key holds a secret (`runtime.isConfigSecret`, internal but
 * exported; it reads the secret key list the language host hands the program).
 */
function secretTest(): SecretTest | undefined {
    const candidate = (pulumi.runtime as unknown as { isConfigSecret?: unknown }).isConfigSecret;
    return typeof candidate === "function" ? (candidate as SecretTest) : undefined;
}

/** Secret settings set in this stack's config as plaintext (by key, without the `partnercenter:` namespace). */
export function plaintextSecretSettings(
    getConfig: (key: string) => string | undefined = pulumi.runtime.getConfig,
    isSecret: SecretTest | undefined = secretTest(),
): SettingKey[] {
    if (!isSecret) {
        return []; // an SDK without the test: nothing can be told (the README says to use --secret)
    }
    return SECRET_SETTING_KEYS.filter((key) => {
        const name = `partnercenter:${key}`;
        return getConfig(name) !== undefined && !isSecret(name);
    });
}

/** The error for plaintext credentials in stack config: names each key and the exact command that fixes it. */
export function plaintextSecretMessage(keys: readonly SettingKey[]): string {
    const names = keys.map((k) => `partnercenter:${k}`).join(", ");
    const fixes = keys.map((k) => `pulumi config set --secret partnercenter:${k} <value>`).join("\n  ");
    return (
        `${names} ${keys.length === 1 ? "is" : "are"} set in stack config without --secret: the value would be ` +
        `stored in plaintext in the stack's state (the inputs of the default pulumi-nodejs provider) and is in ` +
        `plaintext in Pulumi.<stack>.yaml. Nothing was created. Set ${keys.length === 1 ? "it" : "them"} again as ` +
        `a secret:\n  ${fixes}\n(or use the ${keys.length === 1 ? "environment variable" : "environment variables"} ` +
        `PARTNERCENTER_* instead, which never enter state).`
    );
}

/** Throws {@link plaintextSecretMessage} when a credential is in stack config in plaintext. */
export function assertSecretSettings(): void {
    const keys = plaintextSecretSettings();
    if (keys.length > 0) {
        throw new Error(plaintextSecretMessage(keys));
    }
}
