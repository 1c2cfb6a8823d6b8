/**
 * One HTTP attempt of one operation: build the URL and headers from the operation spec, send it with a
 * per-attempt timeout, decode a success body with the operation's io-ts codec, and turn anything else into a
 * {@link PartnerCenterError}. No retries, pacing or token handling here (see `client.ts`).
 */
import type { Headers as FetchHeaders, RequestInit, Response } from "node-fetch";

import type { OperationSpec } from "../api/operations";
import { expandPath } from "../api/operations";
import { Headers } from "../api/headers";
import { normaliseKeys } from "../api/wire";
import { PartnerCenterError, decodeMessages, parseErrorBody, type PartnerCenterErrorInit } from "./errors";
import type { SecretSet } from "./redact";
import { isTransientStatus, parseRetryAfter } from "./retry";
import type { FetchLike } from "./types";

/** What every attempt of a client shares. */
export interface TransportContext {
    /** API base URL without a trailing slash. */
    readonly apiBase: string;
    readonly fetch: FetchLike;
    /** `X-Locale`. */
    readonly locale: string;
    /** `MS-PartnerCenter-Application`. */
    readonly application: string;
    readonly now: () => number;
    /** Secret values to scrub from errors. */
    readonly secrets: SecretSet;
}

/** One attempt of any operation, whichever API: what to send and with which token, id and time budget. */
export interface AttemptRequest {
    readonly spec: OperationSpec;
    readonly pathParams?: Readonly<Record<string, string>>;
    readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
    /**
     * Path and query relative to the API base (a paging link), used instead of `spec.path` + `query`. Must
     * already be validated as same-origin by the caller.
     */
    readonly target?: string;
    /** JSON body (sent as is: request codecs type the client methods; the service validates). */
    readonly body?: unknown;
    readonly accessToken: string;
    /** The logical call's request id (`MS-RequestId`, Graph's `client-request-id`). */
    readonly requestId: string;
    readonly timeoutMs: number;
    readonly signal?: AbortSignal;
}

/** One Partner Center attempt. */
export interface AttemptInput extends AttemptRequest {
    /** Extra headers (`If-Match`, `MS-ContinuationToken`). Cannot override the ones set here. */
    readonly headers?: Readonly<Record<string, string>>;
    readonly correlationId: string;
}

/** A successful attempt: the status (one of `spec.success`) and the decoded body (undefined without a codec). */
export interface AttemptResult {
    readonly status: number;
    readonly body: unknown;
    readonly headers: FetchHeaders;
}

/** Build the absolute URL of an attempt. */
export function buildUrl(apiBase: string, input: Pick<AttemptInput, "spec" | "pathParams" | "query" | "target">): URL {
    const relative = input.target ?? expandPath(input.spec.path, input.pathParams);
    const url = new URL(apiBase.replace(/\/+$/, "") + relative);
    if (input.target === undefined) {
        for (const [key, value] of Object.entries(input.query ?? {})) {
            if (value !== undefined) {
                url.searchParams.set(key, String(value));
            }
        }
    }
    return url;
}

/** Headers sent on every call (Partner Center `headers.md`), plus `Content-Type` when there is a body. */
export function buildHeaders(
    ctx: Pick<TransportContext, "locale" | "application">,
    input: AttemptInput,
): Record<string, string> {
    const headers: Record<string, string> = {};
    // Caller extras first, so the mandatory headers below always win.
    for (const [key, value] of Object.entries(input.headers ?? {})) {
        headers[key] = value;
    }
    const set = (name: string, value: string) => {
        for (const key of Object.keys(headers)) {
            if (key.toLowerCase() === name.toLowerCase()) {
                delete headers[key];
            }
        }
        headers[name] = value;
    };
    set(Headers.authorization, `Bearer ${input.accessToken}`);
    set(Headers.accept, "application/json");
    set(Headers.requestId, input.requestId);
    set(Headers.correlationId, input.correlationId);
    set(Headers.locale, ctx.locale);
    set(Headers.application, ctx.application);
    if (input.body !== undefined) {
        set(Headers.contentType, "application/json");
    }
    return headers;
}

/**
 * Network error codes that mean the request never left this machine or never reached a server, so it cannot
 * have been processed. Anything else (`ECONNRESET`, "socket hang up", a body cut off) may come after the
 * server received the request.
 */
const NOT_SENT_CODES: ReadonlySet<string> = new Set([
    "ECONNREFUSED",
    "ENOTFOUND",
    "EAI_AGAIN",
    "EHOSTUNREACH",
    "ENETUNREACH",
    "EADDRNOTAVAIL",
    "ERR_INVALID_URL",
    "CERT_HAS_EXPIRED",
    "DEPTH_ZERO_SELF_SIGNED_CERT",
    "SELF_SIGNED_CERT_IN_CHAIN",
    "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
    "ERR_TLS_CERT_ALTNAME_INVALID",
    // The TLS handshake failed (https:// against a plain-HTTP server): no HTTP request was written.
    "EPROTO",
]);

/** Identity of an attempt, for errors. */
export interface AttemptIdentity {
    readonly operation: string;
    readonly method: string;
    readonly path: string;
    readonly requestId: string;
    readonly correlationId: string;
}

/**
 * `fetch` with a timeout that covers the whole exchange (headers and body), and the caller's signal.
 * Resolves with the response and its body text, or rejects with a {@link PartnerCenterError}.
 */
export async function fetchText(
    fetch: FetchLike,
    url: string,
    init: RequestInit,
    timeoutMs: number,
    id: AttemptIdentity,
    secrets: SecretSet,
    signal?: AbortSignal,
): Promise<{ response: Response; text: string }> {
    if (signal?.aborted) {
        // Nothing was sent, so nothing can have been processed.
        throw new PartnerCenterError({
            ...id,
            kind: "aborted",
            status: 0,
            description: "aborted by the caller before sending",
            retryable: false,
            ambiguous: false,
            secrets,
        });
    }
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
    }, timeoutMs);
    const onAbort = () => controller.abort();
    signal?.addEventListener("abort", onAbort, { once: true });
    let response: Response | undefined;
    try {
        // node-fetch 2 accepts a WHATWG AbortSignal; its own typings predate them.
        response = await fetch(url, { ...init, signal: controller.signal as RequestInit["signal"] });
        const text = await response.text();
        return { response, text };
    } catch (cause) {
        const base = { ...id, cause, secrets, status: 0 };
        if (signal?.aborted) {
            throw new PartnerCenterError({
                ...base,
                kind: "aborted",
                description: "aborted by the caller",
                retryable: false,
                ambiguous: true,
            });
        }
        if (timedOut) {
            throw new PartnerCenterError({
                ...base,
                kind: "timeout",
                description: `no complete response within ${timeoutMs} ms`,
                retryable: true,
                // The server may be processing it right now.
                ambiguous: true,
            });
        }
        const code = errorCode(cause);
        const message = cause instanceof Error ? cause.message : String(cause);
        const bodyCutOff = response !== undefined;
        throw new PartnerCenterError({
            ...base,
            kind: "network",
            ...(code !== undefined ? { networkCode: code } : {}),
            description: bodyCutOff
                ? `${response?.status ?? 0} response body cut off: ${message}`
                : `network error${code ? ` ${code}` : ""}: ${message}`,
            retryable: true,
            ambiguous: bodyCutOff || code === undefined || !(NOT_SENT_CODES.has(code) || code.startsWith("ERR_SSL_")),
        });
    } finally {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
    }
}

/** Send one attempt. Resolves on a status in `spec.success`; rejects with a {@link PartnerCenterError} otherwise. */
export async function sendAttempt(ctx: TransportContext, input: AttemptInput): Promise<AttemptResult> {
    const { spec } = input;
    const url = buildUrl(ctx.apiBase, input);
    const id: AttemptIdentity = {
        operation: spec.name,
        method: spec.method,
        path: url.pathname,
        requestId: input.requestId,
        correlationId: input.correlationId,
    };
    const init: RequestInit = {
        method: spec.method,
        headers: buildHeaders(ctx, input),
        // Partner Center does not redirect; following one could carry the bearer token elsewhere.
        redirect: "manual",
    };
    if (input.body !== undefined) {
        init.body = JSON.stringify(input.body);
    }
    const { response, text } = await fetchText(
        ctx.fetch,
        url.toString(),
        init,
        input.timeoutMs,
        id,
        ctx.secrets,
        input.signal,
    );
    // Prefer the ids the service echoes: those are what Microsoft support can look up.
    const echoed = {
        ...id,
        requestId: response.headers.get(Headers.requestId) ?? id.requestId,
        correlationId: response.headers.get(Headers.correlationId) ?? id.correlationId,
    };
    return readAnswer(
        spec,
        { response, text },
        echoed,
        ctx,
        // The one place response key case is normalised (PascalCase samples exist; the codecs are camelCase).
        { error: (fields) => new PartnerCenterError(fields), normalise: normaliseKeys },
    );
}

/** What differs between the APIs when reading an answer. */
export interface AnswerReader {
    /** The API's error from the shared fields (`kind`, `status`, ids, the parsed error body...). */
    error(init: PartnerCenterErrorInit): PartnerCenterError;
    /** Applied to a success body before decoding. */
    normalise?(json: unknown): unknown;
}

/**
 * The fields of an `http` error for an answer outside the expected statuses, shared by operation calls and token
 * requests: the service's error body (redacted), the status, its `Retry-After` and whether a retry may help.
 * Whether the request may have been acted on (`ambiguous`) is the caller's to say.
 */
export function httpErrorFields(
    response: Pick<Response, "status" | "headers">,
    text: string,
    nowMs: number,
    secrets: SecretSet,
): Omit<PartnerCenterErrorInit, keyof AttemptIdentity | "ambiguous"> & { retryAfterMs: number | undefined } {
    const status = response.status;
    return {
        ...parseErrorBody(text, secrets),
        kind: "http",
        status,
        retryAfterMs: parseRetryAfter(response.headers.get(Headers.retryAfter), nowMs),
        retryable: isTransientStatus(status),
        secrets,
    };
}

/**
 * Read one answer: a status outside `spec.success` is an `http` error, a success body is decoded with the
 * operation's codec (undefined without one, for HEAD and for 204).
 */
export function readAnswer(
    spec: OperationSpec,
    { response, text }: { response: Response; text: string },
    id: Omit<AttemptIdentity, "correlationId"> & { readonly correlationId: string | undefined },
    ctx: Pick<TransportContext, "now" | "secrets">,
    reader: AnswerReader,
): AttemptResult {
    const status = response.status;
    const { secrets } = ctx;
    if (!spec.success.includes(status)) {
        const fields = httpErrorFields(response, text, ctx.now(), secrets);
        throw reader.error({
            ...id,
            ...fields,
            // A 5xx came after the service received the request: it may have acted on it. A 503 with
            // Retry-After is a load-shedding rejection (the request was turned away, like a 429).
            ambiguous: status >= 500 && !(status === 503 && fields.retryAfterMs !== undefined),
        });
    }
    if (spec.response === undefined || spec.method === "HEAD" || status === 204) {
        return { status, body: undefined, headers: response.headers };
    }
    // The service succeeded: whatever the request did, it did. Callers must look before re-sending.
    const decodeError = (decodeErrors: string[]) =>
        reader.error({ ...id, kind: "decode", status, decodeErrors, retryable: false, ambiguous: true, secrets });
    let json: unknown;
    try {
        json = text.trim() === "" ? undefined : JSON.parse(text);
    } catch {
        throw decodeError([`body is not JSON: ${text.slice(0, 120)}`]);
    }
    const decoded = spec.response.decode(reader.normalise ? reader.normalise(json) : json);
    if (decoded._tag === "Left") {
        throw decodeError(decodeMessages(decoded.left, secrets));
    }
    return { status, body: decoded.right, headers: response.headers };
}

function errorCode(cause: unknown): string | undefined {
    if (typeof cause !== "object" || cause === null) {
        return undefined;
    }
    const code = (cause as { code?: unknown }).code ?? (cause as { errno?: unknown }).errno;
    return typeof code === "string" ? code : undefined;
}
