/**
 * The shapes of a resource's inputs and outputs, as io-ts codecs: each resource writes its codecs once (in its
 * `types.ts`), and everything else is derived from them:
 * - the plain TypeScript types the lifecycle sees (`t.TypeOf`);
 * - the resource class's argument type ({@link ArgsOf}: every value may be a `pulumi.Input`) and its output
 *   properties ({@link OutputsOf}: every value a `pulumi.Output`), so a class declares no property by hand;
 * - the definition's output table ({@link describeOutputs}: names and schema types from the codec, with one
 *   description per key that the compiler demands);
 * - the conformance check that the input rules (`fields.ts`) cover exactly the codec's properties, with the same
 *   kind and requiredness ({@link fieldShapeOf}).
 *
 * The TSDoc written on a codec's properties is what an editor shows on the derived types' properties (the
 * mapped types below are homomorphic, so TypeScript keeps each property's declaration).
 */
import type * as pulumi from "@pulumi/pulumi";
import * as t from "io-ts";

import type { FieldKind } from "./fields";

/** A codec for one of a fixed list of strings, e.g. `oneOfLiterals(["retain", "delete"])`. */
export function oneOfLiterals<const V extends readonly [string, ...string[]]>(
    values: V,
): t.KeyofC<Record<V[number], null>> {
    return t.keyof(Object.fromEntries(values.map((v) => [v, null])) as Record<V[number], null>);
}

type Scalar = string | number | boolean;

/** A program's value for a property of type `T`: the value or a `pulumi.Input` of it, at every level. */
export type InputOf<T> = [T] extends [Scalar]
    ? pulumi.Input<T>
    : T extends readonly (infer Item)[]
      ? pulumi.Input<InputOf<Item>[]>
      : pulumi.Input<ArgsOf<T>>;

/** A resource class's arguments for inputs of type `T` (optional properties stay optional). */
export type ArgsOf<T> = { [K in keyof T]: InputOf<Exclude<T[K], undefined>> };

/** A resource class's output properties for state of type `T`: each a `pulumi.Output`. */
export type OutputsOf<T> = { readonly [K in keyof T]-?: pulumi.Output<T[K]> };

/** The top-level properties of an object codec (`t.type`, `t.partial`, or an intersection of them). */
export function propertiesOf(codec: t.Mixed): Record<string, t.Mixed> {
    if (codec instanceof t.InterfaceType || codec instanceof t.PartialType) {
        return codec.props as Record<string, t.Mixed>;
    }
    if (codec instanceof t.IntersectionType) {
        return Object.assign({}, ...(codec.types as t.Mixed[]).map(propertiesOf)) as Record<string, t.Mixed>;
    }
    if (codec instanceof t.ExactType || codec instanceof t.ReadonlyType) {
        return propertiesOf(codec.type as t.Mixed);
    }
    throw new Error(`propertiesOf: ${codec.name} is not an object codec`);
}

/** The names of an object codec's required (not `t.partial`) top-level properties. */
function requiredNamesOf(codec: t.Mixed): string[] {
    if (codec instanceof t.InterfaceType) {
        return Object.keys(codec.props as object);
    }
    if (codec instanceof t.IntersectionType) {
        return (codec.types as t.Mixed[]).flatMap(requiredNamesOf);
    }
    if (codec instanceof t.ExactType || codec instanceof t.ReadonlyType) {
        return requiredNamesOf(codec.type as t.Mixed);
    }
    return [];
}

/**
 * The field kind of a value codec (`stringList` for arrays of strings, `objectList` for arrays of objects, `string`
 * for literal unions).
 */
export function kindOf(codec: t.Mixed): FieldKind {
    if (codec instanceof t.StringType || codec instanceof t.KeyofType || codec instanceof t.LiteralType) {
        return "string";
    }
    if (codec instanceof t.BooleanType) {
        return "boolean";
    }
    if (codec instanceof t.ArrayType && kindOf(codec.type as t.Mixed) === "string") {
        return "stringList";
    }
    if (codec instanceof t.ArrayType && kindOf(codec.type as t.Mixed) === "object") {
        return "objectList";
    }
    if (codec instanceof t.UnionType) {
        // e.g. `adoptExisting: boolean | "ifExists"`: a boolean that also accepts some strings.
        const kinds = new Set((codec.types as t.Mixed[]).map(kindOf));
        return kinds.has("boolean") ? "boolean" : kinds.has("object") ? "object" : "string";
    }
    return "object";
}

/** One property of an object codec, flattened: its dotted path, kind and whether the codec requires it. */
export interface FieldShape {
    readonly path: string;
    readonly kind: FieldKind;
    readonly required: boolean;
}

/** Every property of an object codec, nested objects flattened to dotted paths (outer before inner). */
export function fieldShapeOf(codec: t.Mixed, prefix = ""): FieldShape[] {
    const required = new Set(requiredNamesOf(codec));
    return Object.entries(propertiesOf(codec)).flatMap(([name, value]) => {
        const path = prefix + name;
        const kind = kindOf(value);
        const own: FieldShape = { path, kind, required: required.has(name) };
        // An object list's members are rules under the list's own path (`applicationGrants.scope`).
        const members =
            kind === "object" ? value : kind === "objectList" ? (value as t.ArrayC<t.Mixed>).type : undefined;
        return members ? [own, ...fieldShapeOf(members, `${path}.`)] : [own];
    });
}

/** One output property that is not an input: what the schema, the docs and the resource class list. */
export interface OutputProperty {
    readonly name: string;
    readonly description: string;
    /** The schema type, from the codec. */
    readonly type: FieldKind;
    /** A secret output: the engine encrypts it in state. */
    readonly secret?: boolean;
}

/**
 * The output table of a definition, from the codec of the outputs that are not inputs: a description for every
 * property (the compiler refuses a missing or extra one) and the names of the secret ones.
 */
export function describeOutputs<P extends t.Props>(
    codec: t.TypeC<P>,
    descriptions: { readonly [K in keyof P]: string },
    secret: readonly (keyof P & string)[] = [],
): OutputProperty[] {
    return Object.entries(codec.props).map(([name, value]) => ({
        name,
        description: descriptions[name as keyof P],
        type: kindOf(value),
        ...(secret.includes(name) ? { secret: true } : {}),
    }));
}
