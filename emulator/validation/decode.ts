/**
 * Request body decoding with the shared operation codecs (`pulumi-partnercenter/api`).
 *
 * Partner Center accepts PascalCase keys (the .NET SDK and the docs' request samples send them) and answers in
 * camelCase; the codecs are camelCase, so keys are folded first. Decoding failures become 400/3000 naming the
 * first offending property as a dotted path.
 */
import { normaliseKeys } from "pulumi-partnercenter/api";

import type EmulatorError from "../errors/EmulatorError";
import ErrorFactory from "../errors/ErrorFactory";

/** Recursively lower-case the first letter of every object key (the contract's one key-case rule). */
export const foldKeys = normaliseKeys;

/** The parts of an io-ts codec the emulator uses (kept structural: the root package does not depend on io-ts). */
export interface DecodingCodec<A> {
    readonly name: string;
    decode(input: unknown): { _tag: "Left"; left: ValidationError[] } | { _tag: "Right"; right: A };
}

interface ContextEntry {
    readonly key: string;
    readonly type: { readonly name: string; readonly _tag?: string };
    readonly actual?: unknown;
}

interface ValidationError {
    readonly value: unknown;
    readonly context: readonly ContextEntry[];
    readonly message?: string;
}

/**
 * The dotted property path of an io-ts error. Context entries for the branches of intersections and unions carry
 * the branch index as key, which is not a property: they are skipped.
 */
export function errorPath(error: ValidationError): string {
    const parts: string[] = [];
    error.context.forEach((entry, i) => {
        if (i === 0) {
            return;
        }
        const parentTag = error.context[i - 1]?.type._tag;
        if (parentTag === "IntersectionType" || parentTag === "UnionType") {
            return;
        }
        parts.push(entry.key);
    });
    return parts.join(".") || "(body)";
}

function describe(value: unknown): string {
    if (value === undefined) {
        return "the property is required";
    }
    return `unexpected value ${JSON.stringify(value)?.slice(0, 60) ?? String(value)}`;
}

/** The errors {@link decodeBody} raises, in the shape of the API the body was sent to. */
export interface BodyErrors {
    /** 400: the body is empty, not JSON, or not an object. */
    invalidBody(reason: string): EmulatorError;
    /** 400 naming the offending property as a dotted camelCase path. */
    invalidProperty(property: string, reason: string): EmulatorError;
}

const partnerCenterBodyErrors: BodyErrors = {
    invalidBody: ErrorFactory.invalidRequestBody,
    invalidProperty: ErrorFactory.invalidInput,
};

/** Fold keys and decode; throws `EmulatorError` 400 naming the property on failure (Partner Center's by default). */
export function decodeBody<A>(codec: DecodingCodec<A>, body: unknown, errors = partnerCenterBodyErrors): A {
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
        throw errors.invalidBody("the body must be a JSON object.");
    }
    const result = codec.decode(foldKeys(body));
    if (result._tag === "Right") {
        return result.right;
    }
    const first = result.left[0];
    if (!first) {
        throw errors.invalidBody(`the body is not a valid ${codec.name}.`);
    }
    throw errors.invalidProperty(errorPath(first), describe(first.value));
}
