/**
 * The conformance suite, program side: every resource definition's class (exported by the package under the
 * definition's type name) refuses a plaintext credential in stack config before it registers, answers the
 * `import` option with the documented alternative, registers its secret outputs as secret and serializes a thin
 * `__provider` (at most 1 KB, no credential). A new resource is covered by being defined.
 *
 * setMocks is global state, so this runs in the mocks process (see scripts/run-tests.ts).
 */
import assert from "node:assert/strict";

import * as pulumi from "@pulumi/pulumi";
import { RESOURCE_DEFINITIONS } from "pulumi-partnercenter/definitions";

type ResourceClass = new (name: string, args: object, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

interface Registered {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
    additionalSecretOutputs: string[];
}

const SECRET_VALUE = "conformance-client-secret-value";

async function withMocks(): Promise<Registered[]> {
    const registered: Registered[] = [];
    const secretOutputs = new Map<string, string[]>();
    await pulumi.runtime.setMocks(
        {
            newResource(args) {
                registered.push({
                    type: args.type,
                    name: args.name,
                    inputs: args.inputs as Record<string, unknown>,
                    additionalSecretOutputs: secretOutputs.get(`${args.type}::${args.name}`) ?? [],
                });
                return { id: `${args.name}-id`, state: args.inputs };
            },
            call: (args) => args.inputs,
        },
        "conformance",
        "test",
        false,
    );
    const monitor = pulumi.runtime.getMonitor() as unknown as {
        registerResource(req: RegisterRequest, callback: (...args: unknown[]) => void): unknown;
    };
    const original = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) => {
        secretOutputs.set(`${req.getType()}::${req.getName()}`, req.getAdditionalsecretoutputsList());
        return original(req, callback);
    };
    return registered;
}

interface RegisterRequest {
    getType(): string;
    getName(): string;
    getAdditionalsecretoutputsList(): string[];
}

/** Waits until the resource's registration has reached the mock monitor. */
const registeredId = (resource: pulumi.CustomResource) => new Promise<unknown>((resolve) => resource.id.apply(resolve));

describe("conformance (program side): every resource definition's class", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the package as programs load it
    const pkg = require("pulumi-partnercenter") as Record<string, unknown>;

    afterEach(() => pulumi.runtime.setAllConfig({}, []));

    for (const definition of RESOURCE_DEFINITIONS) {
        const type = `pulumi-nodejs:dynamic/partnercenter:${definition.typeName}`;
        const Class = () => pkg[definition.typeName] as ResourceClass;

        describe(definition.typeName, () => {
            it("refuses a credential in stack config without --secret, before anything is registered", async () => {
                const registered = await withMocks();
                pulumi.runtime.setAllConfig({ "partnercenter:clientSecret": SECRET_VALUE }, []);
                assert.throws(
                    () => new (Class())("plain", { ...definition.example }),
                    (e: Error) =>
                        e.message.includes("partnercenter:clientSecret") &&
                        e.message.includes("pulumi config set --secret partnercenter:clientSecret") &&
                        !e.message.includes(SECRET_VALUE),
                );
                await new Promise((resolve) => setTimeout(resolve, 10));
                assert.deepEqual(
                    registered.filter((r) => r.type === type),
                    [],
                );
            });

            it("refuses a misspelt config key (partnercenter:endpont) before anything is registered", async () => {
                const registered = await withMocks();
                pulumi.runtime.setAllConfig({ "partnercenter:endpont": "http://127.0.0.1:8787" }, []);
                assert.throws(
                    () => new (Class())("typo", { ...definition.example }),
                    /partnercenter:endpont is not a setting of this provider \(did you mean partnercenter:endpoint\?\)/,
                );
                await new Promise((resolve) => setTimeout(resolve, 10));
                assert.deepEqual(
                    registered.filter((r) => r.type === type),
                    [],
                );
            });

            it("registers with the credential set as a secret; secret outputs secret; a thin __provider", async () => {
                const registered = await withMocks();
                pulumi.runtime.setAllConfig({ "partnercenter:clientSecret": SECRET_VALUE }, [
                    "partnercenter:clientSecret",
                ]);
                await registeredId(new (Class())("secret", { ...definition.example }));
                const [registration, ...others] = registered.filter((r) => r.type === type);
                assert.ok(registration, `${type} was not registered`);
                assert.equal(others.length, 0);
                for (const key of definition.secretOutputs) {
                    assert.ok(registration.additionalSecretOutputs.includes(key), `${key} is not a secret output`);
                }
                const provider = registration.inputs["__provider"];
                assert.equal(typeof provider, "string");
                const text = provider as string;
                assert.ok(Buffer.byteLength(text) <= 1024, `__provider is ${Buffer.byteLength(text)} bytes`);
                assert.match(text, /require\("pulumi-partnercenter\/[a-z/-]*stub(\.js)?"\)/);
                assert.ok(!text.includes(SECRET_VALUE), "__provider holds the credential");
            });

            it("answers the import option with the documented alternative, before anything is registered", async () => {
                const registered = await withMocks();
                assert.throws(() => new (Class())("imported", { ...definition.example }, { import: "some-id" }), {
                    message: definition.importNotSupported("imported"),
                });
                await new Promise((resolve) => setTimeout(resolve, 10));
                assert.deepEqual(
                    registered.filter((r) => r.type === type),
                    [],
                );
            });
        });
    }
});
