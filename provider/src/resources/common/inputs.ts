/**
 * The vocabulary every resource's inputs share: the engine's unknown sentinel, check failures with property paths,
 * dotted-path look-ups and the closest-name hint for misspelt keys. No resource-specific rule lives here.
 */

/**
 * The value the Pulumi engine sends, during preview, for an input that is not known yet (e.g. another resource's
 * output). It arrives as this string whatever the property's type (pulumi/pulumi#6310), including for objects
 * and booleans.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** True when `v` is the engine's unknown-value sentinel ({@link UNKNOWN}). */
export function isUnknown(v: unknown): boolean {
    return v === UNKNOWN;
}

/** Whether any value in the object tree is the unknown sentinel (preview with computed inputs). */
export function hasUnknown(value: unknown): boolean {
    return (
        isUnknown(value) ||
        (value !== null &&
            typeof value === "object" &&
            Object.values(value as Record<string, unknown>).some(hasUnknown))
    );
}

/** One validation problem, in Pulumi's `CheckFailure` shape. `property` is a dotted path (`""`: the resource). */
export interface CheckFailure {
    property: string;
    reason: string;
}

/** What a check returns: normalised inputs (even when there are failures) and the failures. */
export interface CheckInputsResult {
    inputs: Record<string, unknown>;
    failures: CheckFailure[];
}

/** A resource's inputs or state read by key: what the engine sends is a JSON object. */
export type Props = Readonly<Record<string, unknown>>;

/**
 * Typed inputs or state (an interface) read by key, e.g. by a diff table: the one place a typed value is viewed as
 * the JSON object it is on the wire.
 */
export function propsOf(value: object): Props {
    return value as Props;
}

/** A JSON object (not null, not an array). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * The value at a dotted path of a JSON-like tree: `undefined` when a step is missing or not an object, and
 * {@link UNKNOWN} when a step on the way is unknown (an unknown object has unknown members).
 */
export function valueAt(root: unknown, path: string): unknown {
    let current = root;
    for (const key of path === "" ? [] : path.split(".")) {
        if (isUnknown(current)) {
            return current;
        }
        current = isPlainObject(current) ? current[key] : undefined;
    }
    return current;
}

/**
 * The known name closest to `key`: same letters in another case, or within a small edit distance (about one typo
 * per four letters, at most 3). Undefined when nothing is that close.
 */
export function closestName(key: string, known: readonly string[]): string | undefined {
    const lowered = key.toLowerCase();
    const sameCase = known.find((k) => k.toLowerCase() === lowered);
    if (sameCase !== undefined) {
        return sameCase;
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

/** A JSON value, shortened for a message (never a secret: check inputs hold none). */
export function shortJson(value: unknown): string {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/** A string quoted for a message, cut at 40 characters. */
export function quote(s: string): string {
    return JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);
}

/**
 * Check failures in the form the engine renders well. The engine prints `property <p> with value '<v>' has a
 * problem` by looking `<p>` up as a *top-level* input key, so a nested path renders as `{<nil>}` although the
 * value is set. Nested failures therefore go without a property ("resource '<name>' has a problem: <path>: ...")
 * and every reason carries the value it is about.
 */
export function failuresForEngine(failures: readonly CheckFailure[], news: Record<string, unknown>): CheckFailure[] {
    return failures.map(({ property, reason }) => {
        const value = property === "" ? undefined : valueAt(news, property);
        const shown = value === undefined ? "" : shortJson(value);
        const typeOnly = /\(got (string|number|boolean|array|object)\)$/;
        const withValue =
            shown === "" || reason.includes(`(got ${shown}`) || reason.includes('(got "')
                ? reason
                : typeOnly.test(reason)
                  ? reason.replace(typeOnly, `(got $1 ${shown})`)
                  : `${reason} (got ${shown})`;
        return property.includes(".") || property.includes("[")
            ? { property: "", reason: `${property}: ${withValue}` }
            : { property, reason: withValue };
    });
}

/**
 * A copy of a JSON-like tree without `undefined` anywhere: the engine's wire format cannot carry `undefined`
 * (a check or read result holding one fails with "Unexpected struct type" and names nothing).
 */
export function withoutUndefinedDeep<T>(value: T): T {
    if (Array.isArray(value)) {
        return value.filter((v) => v !== undefined).map(withoutUndefinedDeep) as T;
    }
    if (isPlainObject(value)) {
        return Object.fromEntries(
            Object.entries(value)
                .filter(([, v]) => v !== undefined)
                .map(([k, v]) => [k, withoutUndefinedDeep(v)]),
        ) as T;
    }
    return value;
}
