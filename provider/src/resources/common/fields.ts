/**
 * The one input-checking engine every resource uses: a resource lists its input properties as {@link FieldRule}s
 * (data) and {@link checkFields} validates and normalises raw inputs against them, as a pure function that never
 * throws, whatever the input (wrong types, null, arrays, odd unicode, the engine's unknown sentinel anywhere).
 *
 * What every resource gets from it, so a new resource cannot forget it:
 * - an unknown (misspelt) property is a failure naming its path, with the closest known name as a hint;
 * - a missing required property is a failure naming its path (never an `undefined` sent back to the engine);
 * - a value of the wrong type is a failure naming the type expected;
 * - strings are trimmed, empty optional strings dropped (`""` and absent compare equal), `null` counts as absent,
 *   defaults applied, and the result is a fixed point: `check(check(x).inputs).inputs` deep-equals
 *   `check(x).inputs`;
 * - the unknown sentinel is accepted for any property, including whole objects and list items, and rules that
 *   depend on an unknown value are skipped.
 *
 * Lengths are counted in UTF-16 code units (`string.length`), like .NET's `string.Length` on Microsoft's side.
 */
import { closestName, isPlainObject, isUnknown, type CheckFailure, type CheckInputsResult } from "./inputs";

/**
 * The kinds of input value. `stringList`: an array of strings (e.g. role names). `objectList`: an array of objects
 * whose members are listed as rules under the list's path (`applicationGrants.scope`); failures name the item
 * (`applicationGrants[1].scope`).
 */
export type FieldKind = "object" | "string" | "boolean" | "stringList" | "objectList";

/**
 * A validation rule for one input property. Containers (`kind: "object"`) list their children by path.
 * `Ctx` is what rules may look at besides their own value (e.g. the customer's country), computed once per check
 * by {@link FieldSchema.contextOf}.
 */
export interface FieldRule<Ctx = undefined> {
    /** Dotted path, e.g. `billingProfile.defaultAddress.postalCode`. */
    readonly path: string;
    readonly kind: FieldKind;
    /** What the property is, for users (schema and docs). */
    readonly description?: string;
    /**
     * `true`: always required. A function: required depending on other inputs; it returns the reason to report
     * when the property is missing, `false` when it is optional, or `undefined` when it can't tell yet (skip).
     */
    readonly required?: true | ((ctx: Ctx) => string | false | undefined);
    /** What to say after "is required" (e.g. where the value usually comes from). */
    readonly requiredHint?: string;
    /** Applied when the property is absent (after dropping empty strings). */
    readonly default?: string | boolean;
    /** For `kind: "boolean"`: string values also accepted (matched case-insensitively, stored as written here). */
    readonly alsoStrings?: readonly string[];
    /** For `kind: "string"`: the only values allowed (after `normalise`). */
    readonly oneOf?: readonly string[];
    /** Checked before `validate` (each item of a `stringList`). */
    readonly maxLength?: number;
    /** Context-free normalisation of the trimmed, non-empty string (casing), each item of a list. Idempotent. */
    readonly normalise?: (s: string) => string;
    /** Returns a reason when the normalised string (or list item) is invalid. */
    readonly validate?: (s: string, ctx: Ctx) => string | undefined;
    /** For `kind: "stringList"`: a rule over the whole (known) list, e.g. duplicates. */
    readonly validateList?: (items: readonly string[], ctx: Ctx) => CheckFailure[];
}

/** A resource's input rules and the context its rules share. */
export interface FieldSchema<Ctx = undefined> {
    readonly fields: readonly FieldRule<Ctx>[];
    /** Computed from the normalised inputs before pass 2; rules that depend on an unusable value skip. */
    readonly contextOf: (inputs: Record<string, unknown>) => Ctx;
    /**
     * Top-level keys the resource derives from other inputs (e.g. `roleDefinitionIds` from `roles`): accepted
     * without a failure when they come back (state, an import's inputs) and dropped, since check derives them anew.
     */
    readonly derived?: readonly string[];
}

/** Top-level key the dynamic-provider SDK adds to every resource's inputs; passed through untouched. */
const PROVIDER_KEY = "__provider";

// C0 controls and DEL: never meaningful in a name or an address line, and they break CSV/console output later.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

const childrenCache = new WeakMap<readonly FieldRule<unknown>[], Map<string, FieldRule<unknown>[]>>();

function childrenOf<Ctx>(fields: readonly FieldRule<Ctx>[]): Map<string, FieldRule<Ctx>[]> {
    const cached = childrenCache.get(fields as readonly FieldRule<unknown>[]);
    if (cached) {
        return cached as unknown as Map<string, FieldRule<Ctx>[]>;
    }
    const children = new Map<string, FieldRule<Ctx>[]>();
    for (const f of fields) {
        const parent = parentPath(f.path);
        children.set(parent, [...(children.get(parent) ?? []), f]);
    }
    childrenCache.set(
        fields as readonly FieldRule<unknown>[],
        children as unknown as Map<string, FieldRule<unknown>[]>,
    );
    return children;
}

/**
 * Validates and normalises raw inputs against a schema (a provider's `check`, offline part). Never throws.
 *
 * @param news the raw inputs as the engine passes them to `check` (anything JSON-like).
 * @returns the normalised inputs (also when there are failures; never holding `undefined`) and the failures.
 */
export function checkFields<Ctx>(schema: FieldSchema<Ctx>, news: unknown): CheckInputsResult {
    const failures: CheckFailure[] = [];
    const raw = isPlainObject(news) ? news : {};
    const children = childrenOf(schema.fields);
    const inputs = normaliseObject(children, "", withoutKeys(raw, schema.derived ?? []), failures);
    if (Object.hasOwn(raw, PROVIDER_KEY) && raw[PROVIDER_KEY] !== undefined) {
        inputs[PROVIDER_KEY] = raw[PROVIDER_KEY];
    }
    const typeFailures = new Set(failures.map((f) => f.property));
    const ctx = schema.contextOf(inputs);
    for (const field of schema.fields) {
        for (const at of instancesOf(schema.fields, inputs, parentPath(field.path))) {
            const shown = join(at.shown, keyOf(field.path));
            if (!typeFailures.has(shown)) {
                failures.push(...validateField(field, at.parent, shown, ctx));
            }
        }
    }
    return { inputs, failures };
}

function withoutKeys(raw: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
    return keys.some((k) => Object.hasOwn(raw, k))
        ? Object.fromEntries(Object.entries(raw).filter(([k]) => !keys.includes(k)))
        : raw;
}

/** Every top-level input key of a schema. */
export function topLevelKeys<Ctx>(schema: FieldSchema<Ctx>): string[] {
    return schema.fields.filter((f) => !f.path.includes(".")).map((f) => f.path);
}

/** Pass 1: shape, types, trimming, casing, defaults and unknown keys. */
function normaliseObject<Ctx>(
    children: Map<string, FieldRule<Ctx>[]>,
    prefix: string,
    raw: Record<string, unknown>,
    failures: CheckFailure[],
    // The path failures name: `prefix` itself, except inside an object list (`applicationGrants[1]`).
    shownPrefix: string = prefix,
): Record<string, unknown> {
    const fields = children.get(prefix) ?? [];
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(raw)) {
        if (raw[key] === undefined) {
            continue; // an SDK output slot: not a value
        }
        if (!fields.some((f) => keyOf(f.path) === key) && !(prefix === "" && key === PROVIDER_KEY)) {
            const near = closestName(
                key,
                fields.map((f) => keyOf(f.path)),
            );
            const hint = near === undefined ? "" : ` (did you mean ${near}?)`;
            failures.push({ property: join(shownPrefix, key), reason: `is not a known property${hint}` });
        }
    }
    for (const field of fields) {
        const key = keyOf(field.path);
        const value = normaliseValue(
            children,
            field,
            Object.hasOwn(raw, key) ? raw[key] : undefined,
            failures,
            join(shownPrefix, key),
        );
        if (value !== undefined) {
            out[key] = value;
        }
    }
    return out;
}

function normaliseString<Ctx>(field: FieldRule<Ctx>, value: string): string | undefined {
    const trimmed = value.trim();
    return trimmed === "" ? undefined : field.normalise ? field.normalise(trimmed) : trimmed;
}

function normaliseValue<Ctx>(
    children: Map<string, FieldRule<Ctx>[]>,
    field: FieldRule<Ctx>,
    value: unknown,
    failures: CheckFailure[],
    shown: string = field.path,
): unknown {
    if (isUnknown(value)) {
        return value;
    }
    if (typeof value === "string" && field.kind === "string") {
        const normalised = normaliseString(field, value);
        if (normalised !== undefined) {
            return normalised;
        }
    } else if (typeof value === "boolean" && field.kind === "boolean") {
        return value;
    } else if (
        typeof value === "string" &&
        field.kind === "boolean" &&
        field.alsoStrings?.some((s) => s.toLowerCase() === value.trim().toLowerCase())
    ) {
        return field.alsoStrings.find((s) => s.toLowerCase() === value.trim().toLowerCase());
    } else if (isPlainObject(value) && field.kind === "object") {
        return normaliseObject(children, field.path, value, failures, shown);
    } else if (Array.isArray(value) && field.kind === "objectList") {
        return value.map((item, i) => {
            if (isUnknown(item) || isPlainObject(item)) {
                return isUnknown(item) ? item : normaliseObject(children, field.path, item, failures, `${shown}[${i}]`);
            }
            failures.push({ property: `${shown}[${i}]`, reason: `must be an object (got ${typeName(item)})` });
            return {};
        });
    } else if (Array.isArray(value) && field.kind === "stringList") {
        const items: unknown[] = [];
        value.forEach((item, i) => {
            if (isUnknown(item) || typeof item === "string") {
                items.push(isUnknown(item) ? item : (normaliseString(field, item as string) ?? ""));
            } else {
                failures.push({
                    property: shown,
                    reason: `${shown}[${i}] must be a string (got ${typeName(item)})`,
                });
            }
        });
        return items;
    } else if (value !== undefined && value !== null) {
        const expected =
            field.kind === "object"
                ? "an object"
                : field.kind === "stringList"
                  ? "a list of strings"
                  : field.kind === "objectList"
                    ? "a list of objects"
                    : field.alsoStrings
                      ? `true, false or ${field.alsoStrings.map((s) => JSON.stringify(s)).join(" or ")}`
                      : `a ${field.kind}`;
        failures.push({ property: shown, reason: `must be ${expected} (got ${typeName(value)})` });
    }
    return field.default;
}

/**
 * The objects that hold the rules under `path` in the normalised tree, with the path failures name: one for a plain
 * object path, one per item below an object list (`applicationGrants[0]`, ...). An absent, unknown or wrongly typed
 * step yields none: that is reported (or accepted) on the step itself.
 */
function instancesOf<Ctx>(
    fields: readonly FieldRule<Ctx>[],
    inputs: Record<string, unknown>,
    path: string,
): { shown: string; parent: Record<string, unknown> }[] {
    if (path === "") {
        return [{ shown: "", parent: inputs }];
    }
    const key = keyOf(path);
    const list = fields.find((f) => f.path === path)?.kind === "objectList";
    return instancesOf(fields, inputs, parentPath(path)).flatMap(({ shown, parent }) => {
        const value = parent[key];
        if (list && Array.isArray(value)) {
            return value.flatMap((item, i) =>
                isPlainObject(item) ? [{ shown: `${join(shown, key)}[${i}]`, parent: item }] : [],
            );
        }
        return isPlainObject(value) ? [{ shown: join(shown, key), parent: value }] : [];
    });
}

/** Pass 2: presence (possibly conditional) and value rules, on the normalised tree (`shown`: the path to name). */
function validateField<Ctx>(
    field: FieldRule<Ctx>,
    parent: Record<string, unknown>,
    shown: string,
    ctx: Ctx,
): CheckFailure[] {
    const value = parent[keyOf(field.path)];
    const fail = (reason: string | undefined): CheckFailure[] =>
        reason === undefined ? [] : [{ property: shown, reason }];
    const emptyList = (field.kind === "stringList" || field.kind === "objectList") && Array.isArray(value);
    if (value === undefined || (emptyList && value.length === 0)) {
        const required = typeof field.required === "function" ? field.required(ctx) : field.required;
        if (required === true) {
            const what = field.kind === "stringList" || field.kind === "objectList" ? "at least one item" : "";
            return fail(
                `is required${what ? ` (${what})` : ""}${field.requiredHint ? ` (${field.requiredHint})` : ""}`,
            );
        }
        return fail(required || undefined);
    }
    if (field.kind === "stringList" && Array.isArray(value)) {
        const failures: CheckFailure[] = [];
        value.forEach((item, i) => {
            if (typeof item === "string" && !isUnknown(item)) {
                const reason = validateString(field, item, ctx);
                if (reason !== undefined) {
                    failures.push({ property: shown, reason: `${shown}[${i}]: ${reason}` });
                }
            }
        });
        if (failures.length === 0 && field.validateList && !value.some(isUnknown)) {
            failures.push(...field.validateList(value as string[], ctx));
        }
        return failures;
    }
    if (typeof value !== "string" || isUnknown(value)) {
        return [];
    }
    return fail(validateString(field, value, ctx));
}

function validateString<Ctx>(field: FieldRule<Ctx>, value: string, ctx: Ctx): string | undefined {
    if (value === "") {
        return "must not be empty";
    }
    if (field.maxLength !== undefined && value.length > field.maxLength) {
        return `must be at most ${field.maxLength} characters (got ${value.length})`;
    }
    if (CONTROL_CHARS.test(value)) {
        return "must not contain control characters (tabs, line breaks, ...)";
    }
    if (field.oneOf !== undefined && !field.oneOf.includes(value)) {
        return `must be one of ${field.oneOf.join(", ")} (got ${JSON.stringify(value)})`;
    }
    return field.validate?.(value, ctx);
}

function typeName(v: unknown): string {
    return Array.isArray(v) ? "array" : typeof v;
}

function parentPath(path: string): string {
    const dot = path.lastIndexOf(".");
    return dot < 0 ? "" : path.slice(0, dot);
}

function keyOf(path: string): string {
    return path.slice(path.lastIndexOf(".") + 1);
}

function join(prefix: string, key: string): string {
    return prefix === "" ? key : `${prefix}.${key}`;
}
