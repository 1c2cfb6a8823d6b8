/**
 * The one error type the client throws, modelled on Octokit's `RequestError`: status, Partner Center code,
 * request and correlation ids, and whether the failed request may already have taken effect.
 */
import { inspect } from "util";

import type * as t from "io-ts";

import { redact, redactValue } from "./redact";

/**
 * What went wrong:
 * - `http`: the service answered with a status the operation does not accept;
 * - `network`: no usable response (connection refused/reset, DNS, TLS, body cut off);
 * - `timeout`: no complete response within the attempt timeout;
 * - `aborted`: the caller's `AbortSignal` fired;
 * - `decode`: a success response whose body does not match the operation's io-ts codec (a "DecodeError");
 * - `protocol`: the service broke a rule the client relies on (a paging loop, a next link to another host).
 */
export type PartnerCenterErrorKind = "http" | "network" | "timeout" | "aborted" | "decode" | "protocol";

/** Everything a {@link PartnerCenterError} is built from. */
export interface PartnerCenterErrorInit {
    readonly kind: PartnerCenterErrorKind;
    /** HTTP status; 0 when there was no response. */
    readonly status: number;
    readonly operation: string;
    readonly method: string;
    /** Path without the query string (queries may carry filters or tokens; they are left out). */
    readonly path: string;
    readonly requestId?: string;
    readonly correlationId?: string;
    /** Partner Center error code (`27100`, `600061`; OAuth `invalid_grant`), always as a string. */
    readonly code?: string;
    /** Human-readable reason from the body (`description`, `message` or a text excerpt). */
    readonly description?: string;
    /** `errorName` of the newer fault shape. */
    readonly errorName?: string;
    /** `isRetryable` as the service reported it (informational; the retry policy decides). */
    readonly serviceRetryable?: boolean;
    /** The failure is transient in kind (408, 429, 5xx, network, timeout). */
    readonly retryable: boolean;
    /** The request may have been processed (see {@link PartnerCenterError.ambiguous}). */
    readonly ambiguous: boolean;
    readonly retryAfterMs?: number;
    /** io-ts decode messages (PathReporter style) for `kind: "decode"`. */
    readonly decodeErrors?: readonly string[];
    /** For `kind: "network"`: the system error code (`ECONNREFUSED`, `ENOTFOUND`, `EPROTO`, ...). */
    readonly networkCode?: string;
    /** Attempts made for the logical call (1 when not retried). */
    readonly attempts?: number;
    /** Why the call was not retried (further), appended to the message. */
    readonly note?: string;
    readonly cause?: unknown;
    /** Secret values to scrub from every text the error carries (used once, not kept). */
    readonly secrets?: Iterable<string>;
    /** @internal The cause as printed (already redacted); carried over by {@link PartnerCenterError.with}. */
    readonly causeSummary?: unknown;
}

/** Cross-realm brand: `instanceof` fails when the package is loaded twice (Pulumi serializes closures). */
const BRAND = Symbol.for("pulumi-partnercenter.PartnerCenterError");
const CAUSE_SUMMARY = Symbol("causeSummary");

/**
 * A failed Partner Center call. Every text it carries (message, description, decode messages, the cause's
 * message) has been scrubbed of tokens, secrets and passwords, as have `toJSON()` and `util.inspect` output.
 *
 * Message format: `Partner Center createCustomer POST /v1/customers failed: 409 27100 Domain not available
 * (MS-RequestId …, MS-CorrelationId …)`.
 */
export class PartnerCenterError extends Error {
    override readonly name = "PartnerCenterError";
    readonly kind: PartnerCenterErrorKind;
    /** HTTP status; 0 for network errors, timeouts and aborts. */
    readonly status: number;
    /** Partner Center error code as a string (numbers are converted), if the body had one. */
    readonly code: string | undefined;
    readonly description: string | undefined;
    readonly errorName: string | undefined;
    readonly serviceRetryable: boolean | undefined;
    /** `MS-RequestId` of the call (the service's echo when present, else the one sent). */
    readonly requestId: string | undefined;
    readonly correlationId: string | undefined;
    readonly method: string;
    readonly path: string;
    readonly operation: string;
    /** The failure is transient in kind: 408, 429, 5xx, network error or timeout. */
    readonly retryable: boolean;
    /**
     * The request may have been processed although the call failed: a timeout, a connection reset or a 5xx
     * after the request was sent, or an undecodable success body. Callers of operations that are not safe to
     * replay (`retryAmbiguous: false`, i.e. `createCustomer`) must reconcile before re-sending, and re-send with
     * the same `MS-RequestId`. False for rejections the service answered cleanly (4xx, 429, 503 with
     * `Retry-After`) and for connections that were never established.
     */
    readonly ambiguous: boolean;
    /** The service's `Retry-After`, in ms, when it sent one. */
    readonly retryAfterMs: number | undefined;
    /** io-ts decode messages when `kind === "decode"`. */
    readonly decodeErrors: readonly string[];
    /** Attempts made for the logical call. */
    readonly attempts: number;
    /** For network errors: the system error code (`ECONNREFUSED`, `ENOTFOUND`, `EPROTO`, ...). */
    readonly networkCode: string | undefined;
    /** Why the client stopped retrying, when it did. */
    readonly note: string | undefined;
    declare readonly cause: unknown;

    constructor(init: PartnerCenterErrorInit) {
        const secrets = [...(init.secrets ?? [])];
        const scrub = (s: string | undefined) => (s === undefined ? undefined : redact(s, secrets));
        const description = scrub(init.description);
        const decodeErrors = (init.decodeErrors ?? []).map((m) => redact(m, secrets));
        const note = scrub(init.note);
        super(
            formatMessage({ ...init, description, decodeErrors, note }),
            // The cause is kept for debugging, but never printed raw: see toJSON and inspect below.
            init.cause === undefined ? undefined : { cause: init.cause },
        );
        Object.defineProperty(this, BRAND, { value: true });
        this.kind = init.kind;
        this.status = init.status;
        this.code = init.code;
        this.description = description;
        this.errorName = init.errorName;
        this.serviceRetryable = init.serviceRetryable;
        this.requestId = init.requestId;
        this.correlationId = init.correlationId;
        this.method = init.method;
        this.path = init.path;
        this.operation = init.operation;
        this.retryable = init.retryable;
        this.ambiguous = init.ambiguous;
        this.retryAfterMs = init.retryAfterMs;
        this.decodeErrors = decodeErrors;
        this.attempts = init.attempts ?? 1;
        this.networkCode = init.networkCode;
        this.note = note;
        // The raw cause may quote a secret (a library echoing a request); only this redacted summary is printed.
        // The secrets themselves are not kept on the error.
        const causeSummary =
            init.causeSummary ?? (init.cause === undefined ? undefined : describeCause(init.cause, secrets));
        Object.defineProperty(this, CAUSE_SUMMARY, { value: causeSummary });
    }

    /** Brand check that works across copies of this module (do not rely on `instanceof` alone). */
    static isPartnerCenterError(value: unknown): value is PartnerCenterError {
        return isPartnerCenterError(value);
    }

    /** A copy with some fields changed (used to record attempts, the give-up reason or ambiguity). */
    with(changes: Partial<Omit<PartnerCenterErrorInit, "secrets">>): PartnerCenterError {
        return new PartnerCenterError({ ...this.init(), ...changes });
    }

    /** The fields this error was built from. */
    init(): PartnerCenterErrorInit {
        return {
            kind: this.kind,
            status: this.status,
            operation: this.operation,
            method: this.method,
            path: this.path,
            requestId: this.requestId,
            correlationId: this.correlationId,
            code: this.code,
            description: this.description,
            errorName: this.errorName,
            serviceRetryable: this.serviceRetryable,
            retryable: this.retryable,
            ambiguous: this.ambiguous,
            retryAfterMs: this.retryAfterMs,
            decodeErrors: this.decodeErrors,
            attempts: this.attempts,
            networkCode: this.networkCode,
            note: this.note,
            cause: this.cause,
            causeSummary: (this as unknown as Record<symbol, unknown>)[CAUSE_SUMMARY],
        };
    }

    /** Plain, secret-free representation (what `JSON.stringify` and loggers see). */
    toJSON(): Record<string, unknown> {
        const out: Record<string, unknown> = {
            name: this.name,
            message: this.message,
            kind: this.kind,
            status: this.status,
            code: this.code,
            description: this.description,
            errorName: this.errorName,
            operation: this.operation,
            method: this.method,
            path: this.path,
            requestId: this.requestId,
            correlationId: this.correlationId,
            retryable: this.retryable,
            ambiguous: this.ambiguous,
            retryAfterMs: this.retryAfterMs,
            attempts: this.attempts,
        };
        if (this.networkCode !== undefined) {
            out.networkCode = this.networkCode;
        }
        if (this.decodeErrors.length > 0) {
            out.decodeErrors = this.decodeErrors;
        }
        const cause = (this as unknown as Record<symbol, unknown>)[CAUSE_SUMMARY];
        if (cause !== undefined) {
            out.cause = cause;
        }
        return out;
    }

    /** `util.inspect` (console.log, mocha, Pulumi's logger): the stack plus the redacted fields, never the raw cause. */
    [inspect.custom](_depth: number, options: object): string {
        const { name: _name, message: _message, ...fields } = this.toJSON();
        return `${this.stack ?? `${this.name}: ${this.message}`} ${inspect(fields, { ...options, depth: 3 })}`;
    }
}

/** Duck/brand check: true for a {@link PartnerCenterError} from any copy of this module. */
export function isPartnerCenterError(value: unknown): value is PartnerCenterError {
    if (typeof value !== "object" || value === null) {
        return false;
    }
    const v = value as Record<string | symbol, unknown>;
    return (
        v[BRAND] === true ||
        (v.name === "PartnerCenterError" && typeof v.status === "number" && typeof v.kind === "string")
    );
}

/** True for a {@link PartnerCenterError} of kind `decode` (a success body that does not match its codec). */
export function isDecodeError(value: unknown): value is PartnerCenterError & { kind: "decode" } {
    return isPartnerCenterError(value) && value.kind === "decode";
}

function formatMessage(e: PartnerCenterErrorInit): string {
    const ids = [e.requestId && `MS-RequestId ${e.requestId}`, e.correlationId && `MS-CorrelationId ${e.correlationId}`]
        .filter(Boolean)
        .join(", ");
    let reason: string;
    switch (e.kind) {
        case "http":
            reason = [String(e.status), e.code, e.description ?? statusText(e.status)].filter(Boolean).join(" ");
            break;
        case "decode":
            reason = `${e.status} response body does not match the expected shape: ${summarize(e.decodeErrors ?? [])}`;
            break;
        default:
            reason = e.status > 0 ? `${e.status} ${e.description ?? e.kind}` : (e.description ?? e.kind);
    }
    const attempts = e.attempts !== undefined && e.attempts > 1 ? ` after ${e.attempts} attempts` : "";
    const note = e.note ? `; ${e.note}` : "";
    return `Partner Center ${e.operation} ${e.method} ${e.path} failed${attempts}: ${reason}${ids ? ` (${ids})` : ""}${note}`;
}

function summarize(messages: readonly string[]): string {
    const shown = messages.slice(0, 3).join("; ");
    return messages.length > 3 ? `${shown}; and ${messages.length - 3} more` : shown || "invalid body";
}

function describeCause(cause: unknown, secrets: readonly string[]): unknown {
    if (isPartnerCenterError(cause)) {
        return cause.toJSON();
    }
    if (cause instanceof Error) {
        const code = (cause as { code?: unknown }).code;
        return {
            name: cause.name,
            message: redact(cause.message, secrets),
            ...(typeof code === "string" ? { code } : {}),
        };
    }
    return redactValue(cause, secrets);
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    408: "Request Timeout",
    409: "Conflict",
    412: "Precondition Failed",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
};

/** Reason phrase for a status (bodies are often empty, and node's `statusText` may be too). */
export function statusText(status: number): string {
    return STATUS_TEXT[status] ?? `HTTP ${status}`;
}

/** What {@link parseErrorBody} extracts from a failure body. */
export interface ParsedErrorBody {
    readonly code?: string;
    readonly description?: string;
    readonly errorName?: string;
    readonly serviceRetryable?: boolean;
}

/** Longest excerpt of a non-JSON body kept in an error. */
const EXCERPT_LENGTH = 200;

/**
 * Read a Partner Center failure body of any shape:
 * - ApiFault `{code, description, data, source}` (`code` a string or a number);
 * - the newer `{code, message, errorName, isRetryable, ...}`;
 * - throttling `{statusCode, message}`;
 * - OAuth `{error, error_description}` and Azure-style `{error: {code, message}}`;
 * - anything else: a short, whitespace-collapsed, redacted excerpt of the text.
 */
export function parseErrorBody(text: string, secrets: Iterable<string> = []): ParsedErrorBody {
    const trimmed = text.trim();
    if (trimmed === "") {
        return {};
    }
    let json: unknown;
    try {
        json = JSON.parse(trimmed);
    } catch {
        return { description: excerpt(trimmed, secrets) };
    }
    if (typeof json !== "object" || json === null || Array.isArray(json)) {
        return { description: excerpt(trimmed, secrets) };
    }
    const body = json as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? redact(v.trim(), secrets) : undefined);
    const code = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : undefined);

    // Azure-style `{error: {code, message}}`.
    if (typeof body.error === "object" && body.error !== null) {
        const inner = body.error as Record<string, unknown>;
        return withoutUndefined({ code: code(inner.code), description: str(inner.message) ?? str(inner.description) });
    }
    // OAuth `{error, error_description}`.
    if (typeof body.error === "string") {
        return withoutUndefined({ code: body.error, description: str(body.error_description) });
    }
    // ApiFault (old and new shapes) and the 429 `{statusCode, message}` (which has no Partner Center code).
    const description = str(body.description) ?? str(body.message) ?? str(body.Message) ?? str(body.Description);
    return withoutUndefined({
        code: code(body.code ?? body.Code),
        description: description ?? (code(body.code) === undefined ? excerpt(trimmed, secrets) : undefined),
        errorName: str(body.errorName),
        serviceRetryable: typeof body.isRetryable === "boolean" ? body.isRetryable : undefined,
    });
}

function excerpt(text: string, secrets: Iterable<string>): string {
    const flat = redact(text.replace(/\s+/g, " "), secrets);
    return flat.length > EXCERPT_LENGTH ? `${flat.slice(0, EXCERPT_LENGTH)}…` : flat;
}

/** A copy of `o` without its `undefined` properties. */
export function withoutUndefined<T extends object>(o: T): T {
    return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Longest rendering of one invalid value in a decode message. */
const VALUE_LENGTH = 120;

/**
 * io-ts errors as PathReporter-style messages (`Invalid value "x" supplied to : Customer/id: string`), except that
 * values under secret-named keys (`password`, tokens) are replaced and long values are cut: a decode failure of a
 * create response must not print the new customer's admin password.
 */
export function decodeMessages(errors: t.Errors, secrets: Iterable<string> = []): string[] {
    const list = [...secrets];
    return errors.map((error) => {
        if (error.message !== undefined) {
            return redact(error.message, list);
        }
        const path = error.context.map(({ key, type }) => `${key}: ${type.name}`).join("/");
        const secretPath = error.context.some(({ key }) => /password|secret|token/i.test(key));
        const value = secretPath && error.value !== undefined ? "[REDACTED]" : renderValue(error.value, list);
        return `Invalid value ${value} supplied to ${path}`;
    });
}

function renderValue(value: unknown, secrets: readonly string[]): string {
    if (value === undefined) {
        return "undefined";
    }
    let text: string;
    try {
        text = JSON.stringify(redactValue(value, secrets)) ?? String(value);
    } catch {
        text = String(value);
    }
    text = redact(text, secrets);
    return text.length > VALUE_LENGTH ? `${text.slice(0, VALUE_LENGTH)}…` : text;
}
