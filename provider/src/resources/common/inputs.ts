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
 * {@link UNKNOWN} when a step on the way is unknown (an unknown object has unknown members). A step may name a
 * list item, as check failures do: `applicationGrants[1].scope`.
 */
export function valueAt(root: unknown, path: string): unknown {
    let current = root;
    for (const step of path === "" ? [] : path.split(".")) {
        const item = /^(.*)\[(\d+)\]$/.exec(step);
        for (const key of item ? [item[1] ?? "", Number(item[2])] : [step]) {
            if (isUnknown(current)) {
                return current;
            }
            current =
                typeof key === "number"
                    ? Array.isArray(current)
                        ? (current[key] as unknown)
                        : undefined
                    : isPlainObject(current)
                      ? current[key]
                      : undefined;
        }
    }
    return current;
}

export { closestName, editDistance } from "../../names";

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
