/**
 * The conformance suite: every resource definition (`RESOURCE_DEFINITIONS`) is held to the same contract, so a new
 * resource is covered by being defined. Each check goes through the REAL provider object its stub loads by
 * package name (`definition.implementationModule`), configured for an in-process emulator whose request log
 * shows whether anything was called, and every result is encoded the way the engine's wire encodes it
 * (google.protobuf.Struct), which is where an `undefined` crashes ("Unexpected struct type").
 *
 * The program side of the contract (plaintext credentials, the import option, secret outputs, the serialized
 * provider) is in tests/mocks/conformance.test.ts.
 */
import assert from "node:assert/strict";

import { RESOURCE_DEFINITIONS, type ResourceDefinition } from "pulumi-partnercenter/definitions";
import { UNKNOWN } from "pulumi-partnercenter/validate";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

import { startEmulator, type Emulator } from "../../emulator";
import { configureImplementation } from "../fixtures/emulator-config";
import { DIFF_CASES } from "../unit/diff-cases";
import { apiClient, createBody } from "./emulator-helpers";

type Props = Record<string, unknown>;

interface DynamicProvider {
    check(olds: Props, news: Props): Promise<{ inputs?: Props; failures?: { property: string; reason: string }[] }>;
    diff(id: string, olds: Props, news: Props): Promise<{ changes?: boolean; replaces?: string[] }>;
}

function providerOf(definition: ResourceDefinition): DynamicProvider {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded by name, as the stub does
    return require(definition.implementationModule).provider as DynamicProvider;
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** The node at `key`, stepping into a list's first item (rules under an object list apply to each item). */
const step = (node: unknown, key: string): unknown => {
    const next = (node as Props | undefined)?.[key];
    return Array.isArray(next) ? next[0] : next;
};

/** A copy of `root` with the value at a dotted path replaced (`undefined`: removed); lists: their first item. */
function withValueAt(root: Props, path: string, value: unknown): Props {
    const copy = clone(root);
    const keys = path.split(".");
    let node = copy as Record<string, unknown>;
    for (const key of keys.slice(0, -1)) {
        node = step(node, key) as Record<string, unknown>;
    }
    const last = keys[keys.length - 1]!;
    if (value === undefined) {
        delete node[last];
    } else {
        node[last] = value;
    }
    return copy;
}

/** The same key, misspelt: the last two different adjacent letters swapped (a typo the hint must catch). */
function misspelt(key: string): string {
    for (let i = key.length - 2; i >= 0; i--) {
        if (key[i] !== key[i + 1]) {
            return `${key.slice(0, i)}${key[i + 1]}${key[i]}${key.slice(i + 2)}`;
        }
    }
    return `${key}x`;
}

/** Encodes like the engine's gRPC wire does; throws on `undefined` anywhere. */
function assertWireSafe(value: unknown, what: string): void {
    assert.doesNotThrow(
        () => Struct.fromJavaScript(value as Record<string, never>),
        `${what} cannot be sent to the engine`,
    );
}

const inputPaths = (d: ResourceDefinition) => d.inputs.fields.map((f) => f.path);
/** Paths under an object list: one diff rule covers the whole list. */
const listPaths = (d: ResourceDefinition) => d.inputs.fields.filter((f) => f.kind === "objectList").map((f) => f.path);
const inList = (d: ResourceDefinition, path: string) => listPaths(d).some((l) => path.startsWith(`${l}.`));
const leafPaths = (d: ResourceDefinition) =>
    d.inputs.fields.filter((f) => f.kind !== "object" && !inList(d, f.path)).map((f) => f.path);
/** The path a failure names for the example's value at `path`: under an object list, its first item's. */
const shownPath = (d: ResourceDefinition, path: string) =>
    listPaths(d).reduce((p, l) => (p.startsWith(`${l}.`) ? `${l}[0]${p.slice(l.length)}` : p), path);

describe("conformance: every resource definition", () => {
    let emulator: Emulator;
    before(async () => {
        emulator = await startEmulator({ port: 0 });
        configureImplementation(emulator); // Graph at <endpoint>/graph by default for a non-Microsoft endpoint
    });
    after(async () => emulator.close());
    beforeEach(() => {
        emulator.requestLog.length = 0;
    });

    /**
     * The example a definition's cases start from, with the references check verifies in the emulator's world: an
     * agreement's customerId must name an existing customer (its check reads it), so one is created for it.
     */
    const examples = new Map<string, Props>();
    before(async () => {
        const created = await apiClient(emulator)("POST", "/v1/customers", { body: createBody() });
        const customerId = (created.json as { id: string }).id;
        for (const d of RESOURCE_DEFINITIONS) {
            const example = clone(d.example) as Props;
            examples.set(d.typeName, d.typeName === "CustomerAgreement" ? { ...example, customerId } : example);
        }
    });
    const exampleOf = (d: ResourceDefinition): Props => clone(examples.get(d.typeName)!);

    it("lists the five resources, each with a unique type name and an exported class", () => {
        const names = RESOURCE_DEFINITIONS.map((d) => d.typeName);
        assert.deepEqual(names, [
            "IndirectResellerCustomer",
            "CustomerAgreement",
            "GdapRelationship",
            "GdapAccessAssignment",
            "ApplicationConsent",
        ]);
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const pkg = require("pulumi-partnercenter") as Record<string, unknown>;
        for (const name of names) {
            assert.equal(typeof pkg[name], "function", `pulumi-partnercenter exports no class ${name}`);
        }
    });

    for (const definition of RESOURCE_DEFINITIONS) {
        describe(definition.typeName, () => {
            const required = definition.inputs.fields.filter((f) => f.required === true);

            it("its example passes the offline check, normalised to a fixed point", () => {
                const first = definition.inputs.check(clone(definition.example) as Props);
                assert.deepEqual(first.failures, []);
                assert.deepEqual(definition.inputs.check(clone(first.inputs)).inputs, first.inputs);
            });

            for (const field of required) {
                it(`a missing ${field.path} fails check naming it, before any call, and nothing undefined goes back`, async () => {
                    const news = withValueAt(exampleOf(definition), field.path, undefined);
                    const result = await providerOf(definition).check({}, news);
                    assertWireSafe(result.inputs, "check's inputs");
                    const reasons = (result.failures ?? []).map((f) => `${f.property}|${f.reason}`);
                    const shown = shownPath(definition, field.path);
                    assert.ok(
                        reasons.some(
                            (r) => r.startsWith(`${shown}|is required`) || r.startsWith(`|${shown}: is required`),
                        ),
                        `no failure names ${shown}: ${JSON.stringify(reasons)}`,
                    );
                    assert.deepEqual(emulator.requestLog, [], "check called the service for a missing property");
                });
            }

            for (const path of inputPaths(definition)) {
                const key = path.slice(path.lastIndexOf(".") + 1);
                const wrong = misspelt(key);
                const parent = path.includes(".") ? path.slice(0, path.lastIndexOf(".")) : "";
                const wrongPath = parent === "" ? wrong : `${parent}.${wrong}`;
                const shownWrong = shownPath(definition, wrongPath);
                it(`a misspelt ${path} (${wrongPath}) fails check with the closest name, before any call`, async () => {
                    const original = withValueAt(exampleOf(definition), path, undefined);
                    const value = path.split(".").reduce<unknown>(step, exampleOf(definition));
                    const news = withValueAt(original, wrongPath, value ?? "x");
                    const result = await providerOf(definition).check({}, news);
                    assertWireSafe(result.inputs, "check's inputs");
                    const reasons = (result.failures ?? []).map((f) =>
                        f.property === "" ? f.reason : `${f.property}: ${f.reason}`,
                    );
                    assert.ok(
                        reasons.some((r) =>
                            r.startsWith(`${shownWrong}: is not a known property (did you mean ${key}?)`),
                        ),
                        `no failure names ${shownWrong} with the hint ${key}: ${JSON.stringify(reasons)}`,
                    );
                    assert.deepEqual(emulator.requestLog, []);
                });
            }

            for (const path of inputPaths(definition)) {
                it(`an unknown ${path} in preview fails nothing and calls nothing but its declared reads`, async () => {
                    const news = withValueAt(exampleOf(definition), path, UNKNOWN);
                    const result = await providerOf(definition).check({}, news);
                    assert.deepEqual(result.failures ?? [], []);
                    assertWireSafe(result.inputs, "check's inputs");
                    const calls = emulator.requestLog.filter((r) => !r.path.includes("/oauth2/"));
                    assert.deepEqual(
                        calls.filter(
                            (r) =>
                                !definition.previewReads.includes(r.operation) || !["GET", "HEAD"].includes(r.method),
                        ),
                        [],
                        "check called the service although an input is not known yet",
                    );
                });
            }

            it("every input property has a diff rule (or is represented by a derived input)", () => {
                const ruled = new Set(definition.diffRules.map((r) => r.path));
                for (const path of leafPaths(definition)) {
                    assert.ok(ruled.has(path), `${definition.typeName}.${path} has no diff rule`);
                }
                for (const rule of definition.diffRules) {
                    const known =
                        leafPaths(definition).includes(rule.path) || definition.inputs.derived.includes(rule.path);
                    assert.ok(known, `diff rule ${rule.path} names no input`);
                }
            });

            it("every diff rule has a named test case (tests/unit/diff-cases.ts)", () => {
                const cases = DIFF_CASES[definition.typeName] ?? {};
                for (const rule of definition.diffRules) {
                    assert.ok(
                        (cases[rule.path] ?? []).length > 0,
                        `no named diff case for ${definition.typeName}.${rule.path}`,
                    );
                }
            });

            it("its output keys are not inputs, and its secret outputs are outputs", () => {
                for (const key of definition.outputKeys) {
                    assert.ok(!inputPaths(definition).includes(key) || definition.inputs.derived.includes(key), key);
                }
                for (const key of definition.secretOutputs) {
                    assert.ok(definition.outputKeys.includes(key), key);
                }
            });

            it("documents its id and explains the import option", () => {
                assert.ok(definition.idDescription.length > 0);
                assert.match(
                    definition.importNotSupported("r1"),
                    new RegExp(`^${definition.typeName} r1: .*pulumi/pulumi#3550`),
                );
            });

            it("is importable through the plugin: a malformed id fails naming the expected form", () => {
                const importer = definition.importer;
                assert.ok(importer, `${definition.typeName} has no importer: pulumi import cannot reach it`);
                assert.throws(
                    () => importer.importState("not/a/well-formed/id/at/all"),
                    (e: Error) =>
                        e.message.includes(definition.typeName) &&
                        e.message.includes(importer.idForm) &&
                        e.message.includes("not/a/well-formed/id/at/all"),
                );
            });
        });
    }
});
