/**
 * Program-side guard: misspelt configuration keys. `pulumi config set partnercenter:endpont ...` (or a namespace
 * such as `partnercentre:`) would otherwise be ignored silently, and the provider would run with its default —
 * the public cloud instead of the emulator, or no credentials. Every resource class calls
 * {@link assertKnownSettingKeys} before it registers anything, so the run fails first, naming the key and the
 * closest known one. Values are never read into a message.
 */
import * as pulumi from "@pulumi/pulumi";

import { closestName, editDistance } from "../names";
import { SETTING_KEYS } from "./settings";

const NAMESPACE = "partnercenter";

/** One problem per misspelt key of the stack's config (keys as `namespace:key`); empty when all are known. */
export function unknownSettingKeys(configKeys: readonly string[]): string[] {
    const known = Object.keys(SETTING_KEYS);
    const problems: string[] = [];
    for (const full of configKeys) {
        const colon = full.indexOf(":");
        if (colon < 0) {
            continue;
        }
        const [namespace, key] = [full.slice(0, colon), full.slice(colon + 1)];
        if (namespace === NAMESPACE) {
            if (!known.includes(key)) {
                const near = closestName(key, known);
                problems.push(
                    `${full} is not a setting of this provider${near ? ` (did you mean ${NAMESPACE}:${near}?)` : ""}`,
                );
            }
        } else if (looksLikeOurNamespace(namespace)) {
            const near = closestName(key, known) ?? key;
            problems.push(`${full}: the namespace is '${NAMESPACE}' (did you mean ${NAMESPACE}:${near}?)`);
        }
    }
    return problems;
}

/** `partnercentre`, `partner-center`, `PartnerCenter`: our namespace misspelt, not another provider's. */
function looksLikeOurNamespace(namespace: string): boolean {
    const folded = namespace.toLowerCase().replace(/[-_]/g, "");
    return editDistance(folded, NAMESPACE) <= 2;
}

/** Throws, naming every misspelt key, when the stack's config has one; the fix is in the message. */
export function assertKnownSettingKeys(configKeys: readonly string[] = Object.keys(pulumi.runtime.allConfig())): void {
    const problems = unknownSettingKeys(configKeys);
    if (problems.length > 0) {
        throw new Error(
            `${problems.join("; ")}. Nothing was created. Rename the key (pulumi config rm <key>, then pulumi ` +
                `config set [--secret] ${NAMESPACE}:<setting> <value>); the settings are listed in the README ` +
                `("Configuration").`,
        );
    }
}
