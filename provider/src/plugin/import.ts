/**
 * `pulumi import` (and the `import` resource option, and the static `get`) through the plugin. The engine imports by
 * calling `read` with the id and NO state (pulumi/pulumi `resource/deploy/step.go`, ImportStep), stores the id
 * `read` answers with, and refuses the import unless `read` returns inputs. The lifecycles' `read` were written for
 * refresh (they carry forward what only state knows, e.g. the domain a customer was created with), so each
 * definition's importer (`resources/common/import.ts`) says which id and seed state its read needs; this module
 * has no per-resource code.
 *
 * Completing is generic: the inputs (returned by the read, or the definition's top-level input keys found in the
 * outputs) go through the definition's own check, which applies the defaults a program would get (so a program
 * that leaves `onDelete` unset matches), and the outputs carry the same input values, so the first preview of a
 * program that declares the resource as it is shows no changes.
 */
import type { ResourceDefinition } from "../resources/definitions";
import { ImportIdError, type ImportTarget } from "../resources/common/import";
import { isPlainObject } from "../resources/common/inputs";
import { deepMerge, type Props } from "./values";

/**
 * The id and state a definition's `read` is called with on import; a malformed id fails with the expected form
 * (as an `ImportIdError`, which the provider answers as an invalid argument).
 */
export function importTarget(definition: ResourceDefinition, id: string): ImportTarget {
    if (!definition.importer) {
        return { id, state: {} };
    }
    return definition.importer.importState(id);
}

export { ImportIdError };

/** Input keys of a definition that a program sets (top level; derived inputs excluded). */
function topLevelInputKeys(definition: ResourceDefinition): string[] {
    return definition.inputs.fields
        .filter((f) => !f.path.includes(".") && !definition.inputs.derived.includes(f.path))
        .map((f) => f.path);
}

/** The inputs and outputs of an imported resource, as a program that declares it as it is would produce them. */
export function completeImport(
    definition: ResourceDefinition,
    outs: Props,
    readInputs: Props,
): { outs: Props; inputs: Props } {
    const fromOutputs = Object.fromEntries(
        topLevelInputKeys(definition)
            .filter((key) => outs[key] !== undefined)
            .map((key) => [key, outs[key]]),
    );
    const raw = deepMerge(
        deepMerge(fromOutputs, definition.importer?.inputsFromOutputs?.(outs) ?? {}),
        Object.keys(readInputs).length > 0 ? readInputs : {},
    );
    // Empty objects from the seed are not values a program sets.
    for (const [key, value] of Object.entries(raw)) {
        if (isPlainObject(value) && Object.keys(value).length === 0) {
            delete raw[key];
        }
    }
    const inputs = definition.inputs.check(raw).inputs;
    return { outs: deepMerge(outs, inputs), inputs };
}
