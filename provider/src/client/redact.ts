/**
 * Secret scrubbing for everything the client emits: error messages, `toJSON()`, `util.inspect`, events.
 *
 * Two layers, because either alone leaks: patterns catch secrets in well-known places (a `Bearer` header,
 * `refresh_token=` in a form body, `"password":` in JSON) whatever their value, and exact values registered by
 * the client (its client secret, refresh token and every access token it obtained) catch those secrets
 * wherever a server or a library happens to echo them.
 */

/** What a redacted value is replaced with. */
export const REDACTED = "[REDACTED]";

/** Keys whose values are secrets wherever they appear (JSON keys, form fields, query parameters, headers). */
const SECRET_KEY = /^(authorization|access_?token|refresh_?token|id_?token|client_?secret|password|secret|assertion)$/i;

/** `key=value` in form bodies and query strings. */
const FORM_SECRET = /\b(access_token|refresh_token|id_token|client_secret|password|assertion)=([^&\s"']*)/gi;
/** `"key": "value"` in JSON text. */
const JSON_SECRET =
    /("(?:authorization|access_?token|refresh_?token|id_?token|client_?secret|password|assertion)"\s*:\s*")((?:[^"\\]|\\.)*)(")/gi;
/** The same inside JSON embedded in a JSON string (Partner Center nests JSON in `description`). */
const ESCAPED_JSON_SECRET =
    /(\\"(?:authorization|access_?token|refresh_?token|id_?token|client_?secret|password|assertion)\\"\s*:\s*\\")(.*?)(\\")/gi;
/** `Bearer <token>` / `Basic <credentials>` anywhere (headers, logs, server error echoes). */
const AUTH_SCHEME = /\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*/g;

/** Secrets shorter than this are not redacted by value: replacing "a" everywhere would shred messages. */
const MIN_SECRET_LENGTH = 6;

/** True when `key` names a secret (`password`, `client_secret`, `Authorization`, ...). */
export function isSecretKey(key: string): boolean {
    return SECRET_KEY.test(key);
}

/**
 * Scrub secrets from a string: known secret values (exact matches), `Bearer …`, `refresh_token=…`-style form
 * fields and `"password": "…"`-style JSON members.
 */
export function redact(text: string, secrets: Iterable<string> = []): string {
    let out = text;
    // Longest first so a secret that contains another is replaced whole.
    const values = [...secrets].filter((s) => typeof s === "string" && s.length >= MIN_SECRET_LENGTH);
    values.sort((a, b) => b.length - a.length);
    for (const value of values) {
        out = out.split(value).join(REDACTED);
        // Secrets also travel URL-encoded (form bodies, echoed query strings).
        const encoded = encodeURIComponent(value);
        if (encoded !== value) {
            out = out.split(encoded).join(REDACTED);
        }
    }
    return out
        .replace(AUTH_SCHEME, (_m, scheme: string) => `${scheme} ${REDACTED}`)
        .replace(FORM_SECRET, (_m, key: string) => `${key}=${REDACTED}`)
        .replace(JSON_SECRET, (_m, open: string, _value: string, close: string) => `${open}${REDACTED}${close}`)
        .replace(
            ESCAPED_JSON_SECRET,
            (_m, open: string, _value: string, close: string) => `${open}${REDACTED}${close}`,
        );
}

/**
 * Deep-copy a JSON-like value with secret-named members replaced and every string scrubbed with {@link redact}.
 * Cycles and depth are bounded so a hostile value cannot hang the caller.
 */
export function redactValue(value: unknown, secrets: Iterable<string> = [], depth = 0): unknown {
    const list = [...secrets];
    if (typeof value === "string") {
        return redact(value, list);
    }
    if (value === null || typeof value !== "object") {
        return value;
    }
    if (depth > 8) {
        return "[…]";
    }
    if (Array.isArray(value)) {
        return value.map((item) => redactValue(item, list, depth + 1));
    }
    const out: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value as Record<string, unknown>)) {
        out[key] =
            isSecretKey(key) && member !== null && member !== undefined
                ? REDACTED
                : redactValue(member, list, depth + 1);
    }
    return out;
}

/**
 * A set of secret values known to one client (credentials and tokens obtained at run time). Shared by the
 * client's request, auth and error code; never global, so two clients never learn each other's secrets.
 */
export class SecretSet implements Iterable<string> {
    private readonly values = new Set<string>();

    /** Remember secrets to scrub; empty and short values are ignored. */
    add(...values: ReadonlyArray<string | undefined | null>): void {
        for (const value of values) {
            if (typeof value === "string" && value.length >= MIN_SECRET_LENGTH) {
                this.values.add(value);
            }
        }
    }

    [Symbol.iterator](): Iterator<string> {
        return this.values.values();
    }

    /** {@link redact} with this set's values. */
    redact(text: string): string {
        return redact(text, this.values);
    }
}
