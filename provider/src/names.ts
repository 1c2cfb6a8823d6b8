/**
 * Closest-name hints for misspelt keys (input properties, config keys, role names): one definition of "close".
 */

/**
 * The known name closest to `key`: same letters in another case, the one known name `key` shortens, or within a
 * small edit distance (about one typo per four letters, at most 3). Undefined when nothing is that close.
 */
export function closestName(key: string, known: readonly string[]): string | undefined {
    const lowered = key.toLowerCase();
    const sameCase = known.find((k) => k.toLowerCase() === lowered);
    if (sameCase !== undefined) {
        return sameCase;
    }
    // A shortened name (`autoExtend` for `autoExtendDuration`, `securityGroup` for `securityGroupId`): the one
    // known name it starts, when only one does.
    const extended = lowered.length >= 4 ? known.filter((k) => k.toLowerCase().startsWith(lowered)) : [];
    if (extended.length === 1) {
        return extended[0];
    }
    const limit = Math.min(3, Math.max(1, Math.floor(key.length / 4)));
    let best: { name: string; distance: number } | undefined;
    for (const name of known) {
        const distance = editDistance(lowered, name.toLowerCase());
        if (distance <= limit && (best === undefined || distance < best.distance)) {
            best = { name, distance };
        }
    }
    return best?.name;
}

/** Levenshtein distance with adjacent transpositions (optimal string alignment). Inputs are short keys. */
export function editDistance(a: string, b: string): number {
    if (a.length > 100 || b.length > 100) {
        return Math.abs(a.length - b.length) + 100; // pasted junk is never "close"; keeps the cost bounded
    }
    const d: number[][] = Array.from({ length: a.length + 1 }, (_row, i) =>
        Array.from({ length: b.length + 1 }, (_cell, j) => (i === 0 ? j : j === 0 ? i : 0)),
    );
    for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
                v = Math.min(v, d[i - 2]![j - 2]! + 1);
            }
            d[i]![j] = v;
        }
    }
    return d[a.length]![b.length]!;
}
