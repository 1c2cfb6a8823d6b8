/**
 * Runs the named diff cases of tests/unit/diff-cases.ts through each definition's diff table: the policy at the
 * rule's path, and nothing else changed that the case did not set (so a case cannot pass by accident).
 */
import assert from "node:assert/strict";

import { RESOURCE_DEFINITIONS } from "pulumi-partnercenter/definitions";
import { diffByRules } from "pulumi-partnercenter/kernel";

import { DIFF_CASES } from "./diff-cases";

type Props = Record<string, unknown>;

function withValues(root: Props, values: Readonly<Record<string, unknown>>): Props {
    const copy = JSON.parse(JSON.stringify(root)) as Props;
    for (const [path, value] of Object.entries(values)) {
        const keys = path.split(".");
        let node = copy;
        for (const key of keys.slice(0, -1)) {
            node = (node[key] ??= {}) as Props;
        }
        node[keys[keys.length - 1]!] = value;
    }
    return copy;
}

describe("diff tables: named cases per rule", () => {
    for (const definition of RESOURCE_DEFINITIONS) {
        describe(definition.typeName, () => {
            const cases = DIFF_CASES[definition.typeName] ?? {};
            for (const [path, list] of Object.entries(cases)) {
                for (const c of list) {
                    it(`${path}: ${c.name} -> ${c.expect}`, () => {
                        const before = definition.inputs.check({ ...definition.example }).inputs;
                        const checked = definition.inputs.check(withValues(definition.example as Props, c.set));
                        assert.deepEqual(checked.failures, [], "the case's new inputs must be valid");
                        const result = diffByRules(definition.diffRules, before, checked.inputs, {
                            ...before,
                            ...c.state,
                        });
                        assert.equal(result.detailedDiff[path]?.policy, c.expect);
                        assert.equal(result.replacePaths.length > 0, c.expect === "replace");
                    });
                }
            }
        });
    }
});
