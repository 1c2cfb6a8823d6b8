/**
 * The one error type of the Graph client. It is a {@link PartnerCenterError} underneath (same kinds, `retryable`,
 * `ambiguous`, redaction and brand), so the shared retry policy (`client/retry.ts`) applies to Graph calls
 * unchanged, with the OData error body's fields and Graph's own request ids on top:
 *
 * `{"error": {"code": "...", "message": "...", "innerError": {"date", "request-id", "client-request-id"}}}`
 * (https://learn.microsoft.com/graph/errors).
 *
 * Message format: `Microsoft Graph createDelegatedAdminRelationship POST /v1.0/tenantRelationships/... failed:
 * 400 BadRequest <message> (client-request-id …, request-id …)`.
 */
import { PartnerCenterError, type PartnerCenterErrorInit } from "../client/errors";
import { redact } from "../client/redact";

/** Graph-specific fields of a failure. */
export interface GraphErrorDetails {
    /** `request-id` the service assigned (from `innerError` or the response header). */
    readonly serviceRequestId?: string;
    /** `innerError.date`. */
    readonly date?: string;
}

const GRAPH_BRAND = Symbol.for("pulumi-partnercenter.GraphError");

export class GraphError extends PartnerCenterError {
    /** `client-request-id` we sent (also in {@link PartnerCenterError.requestId}). */
    readonly clientRequestId: string | undefined;
    readonly serviceRequestId: string | undefined;
    readonly date: string | undefined;

    constructor(init: PartnerCenterErrorInit, details: GraphErrorDetails = {}) {
        super(init);
        Object.defineProperty(this, "name", { value: "GraphError", enumerable: false });
        Object.defineProperty(this, GRAPH_BRAND, { value: true });
        this.clientRequestId = init.requestId;
        this.serviceRequestId = details.serviceRequestId;
        this.date = details.date;
        const message = formatGraphMessage(this, [...(init.secrets ?? [])]);
        Object.defineProperty(this, "message", { value: message, enumerable: false, writable: true });
        if (this.stack) {
            this.stack = `GraphError: ${message}${this.stack.slice(this.stack.indexOf("\n"))}`;
        }
    }

    /** A Graph error from any client error (a network failure, a timeout, or an already-Graph error). */
    static from(error: PartnerCenterError, changes: Partial<PartnerCenterErrorInit> = {}): GraphError {
        const details = isGraphError(error) ? { serviceRequestId: error.serviceRequestId, date: error.date } : {};
        return new GraphError({ ...error.init(), ...changes }, details);
    }

    override with(changes: Partial<Omit<PartnerCenterErrorInit, "secrets">>): GraphError {
        return GraphError.from(this, changes);
    }

    override toJSON(): Record<string, unknown> {
        return {
            ...super.toJSON(),
            name: "GraphError",
            message: this.message,
            serviceRequestId: this.serviceRequestId,
        };
    }
}

/** True for a {@link GraphError} from any copy of this module. */
export function isGraphError(value: unknown): value is GraphError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[GRAPH_BRAND] === true;
}

function formatGraphMessage(e: GraphError, secrets: string[]): string {
    const ids = [
        e.requestId && `client-request-id ${e.requestId}`,
        e.serviceRequestId && `request-id ${e.serviceRequestId}`,
    ]
        .filter(Boolean)
        .join(", ");
    // The base message is `Partner Center <op> <METHOD> <path> failed...`: keep everything after the path.
    const base = e.message.replace(/^Partner Center /, "").replace(/ \((MS-RequestId|MS-CorrelationId)[^)]*\)/, "");
    return redact(`Microsoft Graph ${base}${ids ? ` (${ids})` : ""}`, secrets);
}
