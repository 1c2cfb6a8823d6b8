/**
 * One HTTP attempt of one Graph operation: URL and headers from the operation spec, the shared `fetchText`
 * (timeout, abort, network-error classification), the operation's io-ts codec on success, a {@link GraphError}
 * otherwise. No retries, pacing or tokens here (see `client.ts`).
 */
import type { RequestInit } from "node-fetch";

import { isPartnerCenterError } from "../client/errors";
import {
    buildUrl,
    fetchText,
    readAnswer,
    type AttemptIdentity,
    type AttemptRequest,
    type AttemptResult,
    type TransportContext,
} from "../client/request";
import { GraphError } from "./errors";

/** Graph request/response header names (https://learn.microsoft.com/graph/best-practices-concept). */
export const GraphHeaders = {
    /** A GUID per logical call, chosen by the client and echoed back; reused on every retry of the call. */
    clientRequestId: "client-request-id",
    returnClientRequestId: "return-client-request-id",
    /** The id the service assigned. */
    requestId: "request-id",
    ifMatch: "If-Match",
    retryAfter: "Retry-After",
} as const;

/** What every Graph attempt of a client shares. */
export interface GraphTransport extends Pick<TransportContext, "fetch" | "now" | "secrets"> {
    /** Graph base URL without a trailing slash (`https://graph.microsoft.com`, or `<emulator>/graph`). */
    readonly graphBase: string;
}

/** One Graph attempt (`target` is a `@odata.nextLink` path+query relative to the base, already checked). */
export interface GraphAttempt extends AttemptRequest {
    readonly ifMatch?: string;
}

/** A successful Graph attempt. */
export type GraphAttemptResult = AttemptResult;

export async function sendGraphAttempt(ctx: GraphTransport, input: GraphAttempt): Promise<GraphAttemptResult> {
    const { spec } = input;
    const url = buildUrl(ctx.graphBase, input);
    const id: AttemptIdentity = {
        operation: spec.name,
        method: spec.method,
        path: url.pathname,
        requestId: input.requestId,
        correlationId: "",
    };
    const headers: Record<string, string> = {
        Authorization: `Bearer ${input.accessToken}`,
        Accept: "application/json",
        [GraphHeaders.clientRequestId]: input.requestId,
        [GraphHeaders.returnClientRequestId]: "true",
    };
    if (input.ifMatch !== undefined) {
        headers[GraphHeaders.ifMatch] = input.ifMatch;
    }
    const init: RequestInit = { method: spec.method, headers, redirect: "manual" };
    if (input.body !== undefined) {
        headers["Content-Type"] = "application/json";
        init.body = JSON.stringify(input.body);
    }
    let exchange;
    try {
        exchange = await fetchText(ctx.fetch, url.toString(), init, input.timeoutMs, id, ctx.secrets, input.signal);
    } catch (e) {
        throw isPartnerCenterError(e) ? GraphError.from(e, { correlationId: undefined }) : e;
    }
    const serviceRequestId = exchange.response.headers.get(GraphHeaders.requestId) ?? undefined;
    return readAnswer(spec, exchange, { ...id, correlationId: undefined }, ctx, {
        error: (fields) => {
            if (fields.kind !== "http") {
                return new GraphError(fields, serviceRequestId ? { serviceRequestId } : {});
            }
            const inner = innerErrorOf(exchange.text);
            return new GraphError(fields, {
                serviceRequestId: inner["request-id"] ?? serviceRequestId,
                date: inner.date,
            });
        },
    });
}

/** `error.innerError` of an OData error body, if the text is one. */
function innerErrorOf(text: string): { "request-id"?: string; date?: string } {
    try {
        const body = JSON.parse(text) as { error?: { innerError?: Record<string, unknown> } };
        const inner = body.error?.innerError ?? {};
        const str = (v: unknown) => (typeof v === "string" ? v : undefined);
        const out: { "request-id"?: string; date?: string } = {};
        const requestId = str(inner["request-id"]);
        const date = str(inner["date"]);
        if (requestId) out["request-id"] = requestId;
        if (date) out.date = date;
        return out;
    } catch {
        return {};
    }
}
