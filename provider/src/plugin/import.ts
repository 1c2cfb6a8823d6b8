/**
 * `pulumi import` (and the `import` resource option) through the plugin. The engine imports by calling `read` with
 * the id and NO state (pulumi/pulumi `resource/deploy/step.go`, ImportStep), and refuses the import unless `read`
 * returns inputs. The lifecycles' `read` were written for refresh (they carry forward what only state knows, e.g.
 * the domain a customer was created with), so the plugin seeds the state a read needs and completes the inputs
 * from what was read.
 *
 * Completing is generic: the inputs (returned by the read, or the definition's top-level input keys found in the
 * outputs) go through the definition's own check, which applies the defaults a program would get (so a program
 * that leaves `onDelete` unset matches), and the outputs carry the same input values, so the first preview of a
 * program that declares the resource as it is shows no changes.
 *
 * What only a resource knows (which seed its read needs, and where an input lives in its outputs) is the table
 * {@link IMPORT_ADAPTERS}; a definition without an entry is imported with the generic path alone.
 */
import type { ResourceDefinition } from "../resources/definitions";
import { isPlainObject } from "../resources/common/inputs";
import { deepMerge, type Props } from "./values";

interface ImportAdapter {
    /** The state `read` is called with on import. */
    readonly seed: Props;
    /** Inputs that the read's outputs hold elsewhere (laid under the read's inputs). */
    readonly inputsFromOutputs: (outs: Props) => Props;
}

/**
 * Per type: `IndirectResellerCustomer`'s read keeps the company profile from state (Partner Center's customer
 * answer has the domain, its company profile update API does not exist); on import it comes from the `domain`
 * output, which the read takes from Partner Center.
 */
const IMPORT_ADAPTERS: Readonly<Record<string, ImportAdapter>> = {
    IndirectResellerCustomer: {
        seed: { companyProfile: {}, billingProfile: {} },
        inputsFromOutputs: (outs) =>
            typeof outs["domain"] === "string" && outs["domain"] !== ""
                ? { companyProfile: { domain: outs["domain"] } }
                : {},
    },
};

/** The state a definition's `read` is called with on import. */
export function importSeed(definition: ResourceDefinition): Props {
    return IMPORT_ADAPTERS[definition.typeName]?.seed ?? {};
}

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
    const adapter = IMPORT_ADAPTERS[definition.typeName];
    const raw = deepMerge(
        deepMerge(fromOutputs, adapter?.inputsFromOutputs(outs) ?? {}),
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
