/**
 * Key case on the wire. Partner Center's documentation shows both casings: most response samples are camelCase,
 * but some are PascalCase (`remove-a-reseller-relationship-with-a-customer`: `"Id": null, "RelationshipToPartner":
 * "none"`), and request samples send PascalCase. The codecs are camelCase; every decoded body — responses in the
 * client (`client/request.ts`), requests in the emulator — goes through {@link normaliseKeys} first, once.
 */

/**
 * Recursively lower-case the first letter of every object key: `DefaultAddress` -> `defaultAddress`,
 * `ObjectType` -> `objectType`. Values are untouched. Arrays keep their order. When both casings of a key are
 * present (`Id` and `id`), the camelCase one wins, whatever the order in the body.
 */
export function normaliseKeys(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(normaliseKeys);
    }
    if (typeof value === "object" && value !== null) {
        const out: Record<string, unknown> = {};
        for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
            const folded = key.charAt(0).toLowerCase() + key.slice(1);
            if (folded !== key && Object.hasOwn(value, folded)) {
                continue; // the camelCase spelling is present too: it is the one the service means
            }
            out[folded] = normaliseKeys(inner);
        }
        return out;
    }
    return value;
}
