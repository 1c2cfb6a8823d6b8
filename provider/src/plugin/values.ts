/**
 * Property values at the plugin's gRPC boundary: `google.protobuf.Struct` to plain JSON and back, with the engine's
 * two sentinels (unknown values in preview, secret wrappers) and the merges the plugin's previews are built from.
 *
 * The plugin answers `acceptSecrets: false`, so resource properties arrive without secret wrappers; only
 * `configure`'s `args` carry them (that is how a credential set with `--secret` is told from one set in plaintext).
 */
import * as structproto from "google-protobuf/google/protobuf/struct_pb";

import { isPlainObject, UNKNOWN, withoutUndefinedDeep } from "../resources/common/inputs";

export { UNKNOWN };

/** The key and value that mark a secret wrapper `{[SECRET_SIG]: SECRET_VALUE_SIG, value}` on the wire. */
export const SECRET_SIG = "4dabf18193072939515e22adb298388d";
export const SECRET_VALUE_SIG = "1b47061264138c4ac30d75fd1eb44270";

export type Props = Record<string, unknown>;

/** A request's Struct as a plain object (`{}` when the engine sent none, as it does on import). */
export function fromStruct(struct: structproto.Struct | undefined): Props {
    return struct ? (struct.toJavaScript() as Props) : {};
}

/** A plain object as a Struct. `undefined` values are dropped (the Struct encoder rejects them). */
export function toStruct(props: Props): structproto.Struct {
    return structproto.Struct.fromJavaScript(
        withoutUndefinedDeep(props) as Parameters<typeof structproto.Struct.fromJavaScript>[0],
    );
}

/** Whether `v` is a secret wrapper as the engine sends it. */
export function isSecretWrapper(v: unknown): v is { value: unknown } {
    return isPlainObject(v) && v[SECRET_SIG] === SECRET_VALUE_SIG;
}

/** Wraps a value as a secret for the engine. */
export function secretWrap(value: unknown): Props {
    return { [SECRET_SIG]: SECRET_VALUE_SIG, value };
}

/** Marks `keys` of `props` secret (unknowns stay bare: the engine knows nothing to hide yet). */
export function withSecrets(props: Props, keys: readonly string[]): Props {
    const out: Props = { ...props };
    for (const key of keys) {
        if (out[key] !== undefined && out[key] !== UNKNOWN && !isSecretWrapper(out[key])) {
            out[key] = secretWrap(out[key]);
        }
    }
    return out;
}

/**
 * `base` with `patch` laid over it, objects merged key by key (lists and scalars replaced). An in-place update's
 * predicted outputs are the old outputs under the new inputs: outputs that are not inputs (ids, and values
 * nested beside inputs such as a billing profile's id) stay as they are.
 */
export function deepMerge(base: Props, patch: Props): Props {
    const out: Props = { ...base };
    for (const [key, value] of Object.entries(patch)) {
        const old = out[key];
        out[key] = isPlainObject(old) && isPlainObject(value) ? deepMerge(old, value) : value;
    }
    return out;
}

/** The string a config value arrives as, whatever the engine typed it as (config values are strings to users). */
export function configString(value: unknown): string | undefined {
    if (value === undefined || value === null) {
        return undefined;
    }
    return typeof value === "string" ? value : JSON.stringify(value);
}
