/**
 * Each resource's shapes are its io-ts codecs (`types.ts`); the input rules (`fields.ts`), the output table and
 * the classes' types are derived from them or held to them here, for every definition, so a property added to one
 * and not the other fails a test instead of drifting.
 */
import assert from "node:assert/strict";

import * as t from "io-ts";
import { describeOutputs, fieldShapeOf, kindOf, oneOfLiterals, propertiesOf } from "pulumi-partnercenter/kernel";
import { RESOURCE_DEFINITIONS } from "pulumi-partnercenter/definitions";

describe("resource shapes (io-ts codecs)", () => {
    describe("kindOf: the field kind of a codec", () => {
        const cases: [string, t.Mixed, string][] = [
            ["string", t.string, "string"],
            ["literal union (oneOfLiterals)", oneOfLiterals(["a", "b"]), "string"],
            ["boolean", t.boolean, "boolean"],
            ["boolean or a literal (adoptExisting)", t.union([t.boolean, t.literal("ifExists")]), "boolean"],
            ["array of strings", t.array(t.string), "stringList"],
            ["array of literals", t.array(oneOfLiterals(["x"])), "stringList"],
            ["array of objects (application grants)", t.array(t.type({ a: t.string })), "objectList"],
            ["object", t.type({ a: t.string }), "object"],
            [
                "object with optional parts",
                t.intersection([t.type({ a: t.string }), t.partial({ b: t.string })]),
                "object",
            ],
        ];
        for (const [name, codec, kind] of cases) {
            it(name, () => assert.equal(kindOf(codec), kind));
        }
    });

    it("fieldShapeOf flattens nested objects, outer first, with requiredness from t.type vs t.partial", () => {
        const codec = t.intersection([
            t.type({ a: t.string, nested: t.type({ b: t.boolean }) }),
            t.partial({ c: t.array(t.string) }),
        ]);
        assert.deepEqual(fieldShapeOf(codec), [
            { path: "a", kind: "string", required: true },
            { path: "nested", kind: "object", required: true },
            { path: "nested.b", kind: "boolean", required: true },
            { path: "c", kind: "stringList", required: false },
        ]);
    });

    it("fieldShapeOf lists an object list's members under the list's own path", () => {
        const codec = t.type({ grants: t.array(t.type({ id: t.string, scope: t.string })) });
        assert.deepEqual(fieldShapeOf(codec), [
            { path: "grants", kind: "objectList", required: true },
            { path: "grants.id", kind: "string", required: true },
            { path: "grants.scope", kind: "string", required: true },
        ]);
    });

    it("propertiesOf refuses a codec that is not an object", () => {
        assert.throws(() => propertiesOf(t.string), /not an object codec/);
    });

    it("describeOutputs takes the schema type from the codec and marks the secret ones", () => {
        const outputs = describeOutputs(
            t.type({ id: t.string, names: t.array(t.string), ok: t.boolean, creds: t.type({ p: t.string }) }),
            { id: "The id.", names: "Names.", ok: "Whether.", creds: "Credentials." },
            ["creds"],
        );
        assert.deepEqual(outputs, [
            { name: "id", description: "The id.", type: "string" },
            { name: "names", description: "Names.", type: "stringList" },
            { name: "ok", description: "Whether.", type: "boolean" },
            { name: "creds", description: "Credentials.", type: "object", secret: true },
        ]);
    });

    for (const definition of RESOURCE_DEFINITIONS) {
        describe(definition.typeName, () => {
            const shape = fieldShapeOf(definition.inputs.codec);
            const rules = new Map(definition.inputs.fields.map((f) => [f.path, f]));

            it("every input property of the codec has a rule, and every rule a property of the codec", () => {
                assert.deepEqual(
                    shape.map((s) => s.path).sort(),
                    [...rules.keys()].sort(),
                    "codec properties (left) vs field rules (right)",
                );
            });

            it("each rule's kind is the codec's", () => {
                for (const s of shape) {
                    assert.equal(rules.get(s.path)?.kind, s.kind, `${s.path}: rule kind vs codec kind`);
                }
            });

            it("a property the codec requires is a required rule without a default, and only those", () => {
                for (const s of shape) {
                    const rule = rules.get(s.path);
                    const ruleRequires = rule?.required === true && rule.default === undefined;
                    assert.equal(ruleRequires, s.required, `${s.path}: required by the rule vs by the codec`);
                }
            });

            it("the documented example is a valid value of the codec, before and after check", () => {
                assert.ok(definition.inputs.codec.is(definition.example), "the example as written");
                const { inputs, failures } = definition.inputs.check({ ...definition.example });
                assert.deepEqual(failures, []);
                const checked = Object.fromEntries(
                    Object.entries(inputs).filter(([k]) => !definition.inputs.derived.includes(k)),
                );
                assert.ok(definition.inputs.codec.is(checked), "the checked example");
            });

            it("every output is described, none is also an input, and the types are the schema's", () => {
                const inputNames = Object.keys(propertiesOf(definition.inputs.codec));
                for (const o of definition.outputs) {
                    assert.ok(o.description.trim().length > 0, `${o.name} has a description`);
                    assert.ok(!inputNames.includes(o.name), `${o.name} is not an input`);
                    assert.ok(["string", "boolean", "stringList", "object"].includes(o.type), o.name);
                }
            });
        });
    }
});
