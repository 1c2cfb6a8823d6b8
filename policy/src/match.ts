/**
 * Which of our resources a Pulumi type token names, whichever front door declared it: the dynamic provider
 * registers `pulumi-nodejs:dynamic/partnercenter:<typeName>`, the provider plugin `partnercenter:index:<typeName>`.
 * Rules name resources by `typeName` (from the provider's definitions) and never see either prefix.
 */
import { RESOURCE_DEFINITIONS } from "pulumi-partnercenter/definitions";

/** The type-token prefixes of the two front doors. */
export const TYPE_PREFIXES = {
    dynamic: "pulumi-nodejs:dynamic/partnercenter:",
    plugin: "partnercenter:index:",
} as const;

/** Which front door declared a resource. */
export type FrontDoor = keyof typeof TYPE_PREFIXES;

/** The type names of this package's resources (`IndirectResellerCustomer`, `GdapRelationship`, ...). */
export const TYPE_NAMES: readonly string[] = RESOURCE_DEFINITIONS.map((d) => d.typeName);

/** A type token recognised as one of our resources. */
export interface MatchedType {
    readonly typeName: string;
    readonly frontDoor: FrontDoor;
}

/**
 * The resource a type token names, or `undefined` for anything else (other packages, providers, a type name this
 * package does not define).
 */
export function matchType(type: string): MatchedType | undefined {
    for (const [frontDoor, prefix] of Object.entries(TYPE_PREFIXES) as [FrontDoor, string][]) {
        if (type.startsWith(prefix)) {
            const typeName = type.slice(prefix.length);
            return TYPE_NAMES.includes(typeName) ? { typeName, frontDoor } : undefined;
        }
    }
    return undefined;
}
