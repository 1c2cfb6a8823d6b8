/**
 * Partner Center request and response header names (Partner Center REST headers, `headers.md`).
 */
export const Headers = {
    authorization: "Authorization",
    accept: "Accept",
    contentType: "Content-Type",
    /** One GUID per logical call, reused on every retry of it: the service's idempotency key. */
    requestId: "MS-RequestId",
    /** One GUID per provider operation (create, read, ...), for logs and support cases. */
    correlationId: "MS-CorrelationId",
    locale: "X-Locale",
    application: "MS-PartnerCenter-Application",
    ifMatch: "If-Match",
    continuationToken: "MS-ContinuationToken",
    retryAfter: "Retry-After",
    cv: "MS-CV",
    serverId: "MS-ServerId",
} as const;

/** An etag as sent in `If-Match` or a body (`"-88"`, `W/"12"`, `12`) → its bare value. */
export function unquoteEtag(value: string): string {
    return value
        .trim()
        .replace(/^W\//, "")
        .replace(/^"(.*)"$/, "$1");
}

/** Value sent in `MS-PartnerCenter-Application`. */
export const APPLICATION_NAME = "pulumi-partnercenter";
