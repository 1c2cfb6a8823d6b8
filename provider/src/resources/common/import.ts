/**
 * How `pulumi import` (and the static `get`) reach a resource through the provider plugin: the engine calls `read`
 * with the id the user typed and no state (pulumi/pulumi `resource/deploy/step.go`, ImportStep). The lifecycles'
 * `read` were written for refresh, with state; each definition says, as data, how an import id maps to the id and
 * the state its `read` needs. The plugin (`plugin/import.ts`) has no per-resource code.
 */
import { isGuid } from "../../graph/roles";

/** What `read` is called with on import. */
export interface ImportTarget {
    /** The resource's id as state keeps it (the engine stores the id `read` answers with). */
    readonly id: string;
    /** The state `read` is seeded with: what the lifecycle cannot find from the id alone. */
    readonly state: Readonly<Record<string, unknown>>;
}

/** A definition's import hook. */
export interface ResourceImporter {
    /** The form of the import id, as users type it (docs and errors), e.g. `relationshipId/assignmentId`. */
    readonly idForm: string;
    /** The id and seed state `read` is called with; throws {@link ImportIdError} for an id not of the form. */
    readonly importState: (id: string) => ImportTarget;
    /**
     * The import id of a resource some state already holds, from its id and outputs (`pulumi-partnercenter migrate`
     * imports the dynamic provider's resources by it). Without it, the id itself.
     */
    readonly idOfState?: (id: string, outputs: Readonly<Record<string, unknown>>) => string;
    /** Inputs the read's outputs hold under another name (laid under the inputs the read returns). */
    readonly inputsFromOutputs?: (outs: Readonly<Record<string, unknown>>) => Record<string, unknown>;
}

/** An import id that does not have the form the resource expects. */
export class ImportIdError extends Error {}

/**
 * Splits an import id into `count` parts at `/`, each non-empty; the GUID parts (by index) must be GUIDs. Fails
 * with a message naming the type, the id given and the expected form.
 */
export function importIdParts(
    typeName: string,
    id: string,
    form: string,
    shape: { readonly count: number | readonly number[]; readonly guids?: readonly number[] },
): string[] {
    const parts = id.trim().split("/");
    const counts = typeof shape.count === "number" ? [shape.count] : shape.count;
    const wellFormed =
        counts.includes(parts.length) &&
        parts.every((p) => p !== "") &&
        (shape.guids ?? []).every((i) => i >= parts.length || isGuid(parts[i] ?? ""));
    if (!wellFormed) {
        throw new ImportIdError(
            `${typeName}: cannot import id '${id}': expected ${form}, e.g. \`pulumi import ` +
                `partnercenter:index:${typeName} <name> ${form}\``,
        );
    }
    return parts;
}
