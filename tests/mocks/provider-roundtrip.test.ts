/**
 * The provider as Pulumi stores and runs it: serialized with Pulumi's closure serializer (a thin stub captured by
 * reference, `require("pulumi-partnercenter/stub")`), loaded back from text the way the dynamic provider host
 * does, then configured and driven through a full lifecycle against the emulator over real HTTP.
 *
 * By-reference capture needs `--preserve-symlinks` (the package is a workspace symlink): this suite's process has it.
 */
import * as assert from "assert";

import * as impl from "pulumi-partnercenter/implementation";

import { startEmulator, type Emulator, type RequestLogEntry } from "../../emulator";
import { customerArgs } from "../fixtures/customers";

type Props = Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- outputs are asserted field by field
type Outs = Record<string, any>;

interface LoadedProvider {
    configure(req: { config: { get(key: string): string | undefined; require(key: string): string } }): Promise<void>;
    check(olds: Props, news: Props): Promise<{ inputs?: Props; failures?: { property: string; reason: string }[] }>;
    diff(id: string, olds: Props, news: Props): Promise<{ changes?: boolean }>;
    create(inputs: Props): Promise<{ id: string; outs?: Props }>;
    read(id: string, props: Props): Promise<{ id?: string; props?: Props; inputs?: Props }>;
    update(id: string, olds: Props, news: Props): Promise<{ outs?: Props }>;
    delete(id: string, props: Props): Promise<void>;
}

/** The `__provider` text, produced exactly as `pulumi.dynamic.Resource` produces it. */
async function serializeProvider(): Promise<string> {
    /* eslint-disable @typescript-eslint/no-require-imports -- load modules the way Pulumi's SDK does */
    const sc = require("@pulumi/pulumi/runtime/closure/serializeClosure");
    const stub = require("pulumi-partnercenter/stub");
    /* eslint-enable @typescript-eslint/no-require-imports */
    const serialized = (await sc.serializeFunction(() => stub, { allowSecrets: true })) as { text: string };
    return serialized.text;
}

/** Load a serialized provider like the dynamic provider host: evaluate the module text and call `handler()`. */
function loadProvider(text: string): LoadedProvider {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- untyped CommonJS helper, as the host uses it
    const requireFromString = require("require-from-string") as (code: string) => { handler(): LoadedProvider };
    return requireFromString(text).handler();
}

describe("serialized provider round trip", function () {
    this.timeout(30_000);
    let emulator: Emulator;
    let text: string;

    before(async () => {
        emulator = await startEmulator({ port: 0, quiet: true });
        impl.resetRuntime();
        text = await serializeProvider();
    });
    after(async () => {
        impl.resetRuntime();
        await emulator.close();
    });

    it("serializes to a thin by-reference stub under 1 KB without any credential", () => {
        assert.ok(Buffer.byteLength(text) < 1024, `serialized provider is ${Buffer.byteLength(text)} bytes`);
        // By reference: the installed stub is required by package name (the exact subpath follows the package's
        // exports map), never copied by value.
        const specifier = /require\("(pulumi-partnercenter\/[^"]*stub[^"]*)"\)/.exec(text)?.[1];
        assert.ok(specifier, `no by-reference require of the stub in:\n${text}`);
        assert.strictEqual(require.resolve(specifier), require.resolve("pulumi-partnercenter/stub"));
        assert.ok(!text.includes("implementation"), "the implementation must not be captured");
        const { partner } = emulator.seed;
        for (const secret of [partner.clientSecret, partner.refreshToken, "Bearer"]) {
            assert.ok(!text.includes(secret), `serialized provider must not contain ${secret}`);
        }
    });

    it("configures from stack config and runs check, create, read, update and delete against the emulator", async () => {
        const provider = loadProvider(text);
        const { partner } = emulator.seed;
        const config: Record<string, string> = {
            "partnercenter:endpoint": emulator.url,
            "partnercenter:tenantId": partner.tenantId,
            "partnercenter:clientId": partner.clientId,
            "partnercenter:clientSecret": partner.clientSecret,
            "partnercenter:refreshToken": partner.refreshToken,
            "partnercenter:readAfterCreateLagSeconds": "2",
        };
        const requested: string[] = [];
        await provider.configure({
            config: {
                get: (key) => {
                    requested.push(key);
                    return config[key];
                },
                require: (key) => {
                    const value = config[key];
                    if (value === undefined) {
                        throw new Error(`missing required configuration variable '${key}'`);
                    }
                    return value;
                },
            },
        });
        assert.ok(requested.includes("partnercenter:endpoint"), requested.join(", "));
        assert.ok(
            requested.every((k) => k.startsWith("partnercenter:")),
            requested.join(", "),
        );

        const start = emulator.requestLog.length;
        const apiCalls = (): RequestLogEntry[] =>
            emulator.requestLog.slice(start).filter((r) => r.operation !== "token");
        const prefix = `rt${Date.now().toString(36)}`;
        const domain = `${prefix}.onmicrosoft.com`;

        const checked = await provider.check({}, customerArgs(prefix, { onDelete: "delete" }));
        assert.deepStrictEqual(checked.failures, []);
        const inputs = checked.inputs as Props;

        const created = await provider.create(inputs);
        const outs = created.outs as Outs;
        const stored = emulator.store.findByDomain(domain);
        assert.ok(stored, "customer in the store");
        assert.strictEqual(created.id, stored.id);
        assert.strictEqual(outs["customerId"], stored.id);
        assert.ok(outs["userCredentials"].password, "one-time password in outputs");

        const read = await provider.read(created.id, outs);
        assert.strictEqual(read.id, created.id);
        assert.deepStrictEqual(read.props, outs);
        // The program left enableGDAPByDefault unset; the read reports what the create sent (the service's default).
        assert.deepStrictEqual(read.inputs, { ...inputs, enableGDAPByDefault: true });
        assert.strictEqual((await provider.diff(created.id, outs, inputs)).changes, false);

        const news = (
            await provider.check(
                inputs,
                customerArgs(prefix, {
                    onDelete: "delete",
                    billingProfile: {
                        ...(customerArgs(prefix)["billingProfile"] as Props),
                        email: `rt@${prefix}.example`,
                    },
                }),
            )
        ).inputs as Props;
        assert.strictEqual((await provider.diff(created.id, outs, news)).changes, true);
        const updated = (await provider.update(created.id, outs, news)).outs as Outs;
        assert.strictEqual(updated["billingProfile"].email, `rt@${prefix}.example`);
        assert.strictEqual(emulator.store.get(created.id)?.billing.email, `rt@${prefix}.example`);

        await provider.delete(created.id, updated);
        assert.strictEqual(emulator.store.get(created.id), undefined);

        // The address validation is a POST that changes nothing (preflight in check).
        const mutating = apiCalls()
            .filter((e) => e.method !== "GET" && e.method !== "HEAD" && e.operation !== "validateAddress")
            .map((e) => `${e.operation}:${e.status}`);
        assert.deepStrictEqual(mutating, ["createCustomer:201", "updateBillingProfile:200", "deleteCustomer:204"]);

        // The stub loaded the implementation by package name: one module instance, shared with this test.
        const instances = Object.keys(require.cache).filter((file) => /customer[\\/]implementation\.js$/.test(file));
        assert.strictEqual(instances.length, 1, instances.join(", "));
    });
});
