/**
 * A resource, defined once as data: what both front doors (the dynamic provider's resource classes and stubs,
 * and the provider plugin) serve, what docs and schema are generated from, and what the conformance suite
 * iterates over, so a new resource is covered by being defined.
 */
import type * as t from "io-ts";

import type { DiffRule } from "./diff";
import type { FieldRule } from "./fields";
import type { ResourceImporter } from "./import";
import type { CheckInputsResult } from "./inputs";
import type { ResourceClassSpec } from "./resource";
import type { OutputProperty } from "./shapes";

export type { OutputProperty } from "./shapes";

/** A resource's inputs: what `check` runs, diff normalises with, the schema and docs list. */
export interface ResourceInputs {
    /** The shape of the inputs a program gives (its TypeScript type is the class's argument type). */
    readonly codec: t.Mixed;
    /** The rules, one per property of the codec (the shapes test holds them to it). */
    readonly fields: readonly FieldRule<never>[];
    /** Inputs that `check` derives from others (e.g. `roleDefinitionIds` from `roles`); not set by users. */
    readonly derived: readonly string[];
    /** The offline check: normalised inputs (derived ones included) and failures with property paths. */
    readonly check: (news: Record<string, unknown>) => CheckInputsResult;
}

/** Everything about one resource except the code of its lifecycle (which the implementation module serves). */
export interface ResourceDefinition extends ResourceClassSpec {
    /** What the resource is, for users (first line: a summary). */
    readonly description: string;
    /** The inputs: their shape, their rules and their check (the resource's check module exports them). */
    readonly inputs: ResourceInputs;
    /**
     * A valid example of the inputs (documentation values only: the `.example` and `.onmicrosoft.com` names of
     * the docs, no real tenant); the docs show it and the conformance suite derives its cases from it.
     */
    readonly example: Readonly<Record<string, unknown>>;
    /** What a change of each input means: one rule per input leaf (or list), by path. */
    readonly diffRules: readonly DiffRule[];
    /** The outputs that are not inputs (their names are `outputKeys`). */
    readonly outputs: readonly OutputProperty[];
    /**
     * The read operations `check` may call while other inputs are still unknown (preview), to fail before anything
     * is written anywhere in the stack (e.g. a GDAP displayName another relationship holds). Nothing else is
     * called for a resource with unknown inputs, and nothing that writes, ever (the conformance suite checks).
     */
    readonly previewReads: readonly string[];
    /** What the resource's id is (e.g. the Partner Center customer id): the id `pulumi import` takes. */
    readonly idDescription: string;
    /**
     * How `pulumi import` and the static `get` (provider plugin) map an import id to what `read` needs. Without it
     * the id is read as it is, with no state.
     */
    readonly importer?: ResourceImporter;
    /**
     * The package subpath whose `provider` export serves the lifecycle (check, diff, create, read, update,
     * delete), e.g. `pulumi-partnercenter/gdap-relationship`; the dynamic stub `require`s it by this name.
     */
    readonly implementationModule: string;
}

/** A definition as written: the output keys and secret outputs follow from `outputs`. */
export type ResourceDefinitionSpec = Omit<ResourceDefinition, "outputKeys" | "secretOutputs">;

/** Completes a definition: `outputKeys` and `secretOutputs` derived from its `outputs` (never listed twice). */
export function defineResource(spec: ResourceDefinitionSpec): ResourceDefinition {
    return {
        ...spec,
        outputKeys: spec.outputs.map((o) => o.name),
        secretOutputs: spec.outputs.filter((o) => o.secret === true).map((o) => o.name),
    };
}
