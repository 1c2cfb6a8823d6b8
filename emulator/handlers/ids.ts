import { randomBytes, randomInt, randomUUID } from "crypto";

/** A new customer / billing profile id. */
export const newId = (): string => randomUUID();

/** An etag shaped like Partner Center's (`"-8799889149591823008"`): a signed 64-bit decimal. */
export const newEtag = (): string => randomBytes(8).readBigInt64BE().toString();

/**
 * A one-time admin password like the seed's `0Krha*Io`: 10 characters with at least one upper-case letter,
 * lower-case letter, digit and symbol (AAD's complexity rule).
 */
export function newPassword(): string {
    const classes = ["ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnopqrstuvwxyz", "23456789", "*!@#$%-+"];
    const all = classes.join("");
    const chars = classes.map((set) => set.charAt(randomInt(set.length)));
    while (chars.length < 10) {
        chars.push(all.charAt(randomInt(all.length)));
    }
    for (let i = chars.length - 1; i > 0; i--) {
        const j = randomInt(i + 1);
        [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
    }
    return chars.join("");
}
