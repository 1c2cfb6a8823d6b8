/**
 * What the shared request pipeline (`pipeline.ts`) needs to know about one emulated HTTP API. Partner Center
 * (`PartnerCenterApi.ts`) and Microsoft Graph (`graph/GraphApi.ts`) each supply one of these small objects, so both
 * go through the same ordered steps and differ only where the real services differ: routes, error bodies, ids and
 * headers, token audience (after Azurite, where each storage API plugs its handlers into one server base).
 */
import type { ApiFamily } from "pulumi-partnercenter/api";
import type { IncomingHttpHeaders } from "http";

import type { AuthFlow, ClientAuthKind } from "./auth/TokenService";
import type EmulatorError from "./errors/EmulatorError";
import type { HandlerResult, OperationRequest } from "./handlers/types";
import type { BodyErrors, DecodingCodec } from "./validation/decode";

/** What the pipeline has established about an authenticated request by the time its operation runs. */
export interface OperationCall {
    readonly query: URLSearchParams;
    readonly headers: IncomingHttpHeaders;
    /** The body, decoded by the operation's request codec (`undefined` for bodiless operations). */
    readonly body: unknown;
    readonly partnerTenantId: string;
    readonly authFlow: AuthFlow;
}

/** A request resolved to what the API does with it. `name` is the operation in the request log and fault rules. */
export type ApiRoute =
    | {
          kind: "operation";
          name: string;
          /** Codec of the request body; `undefined` = the body is not read. */
          request: DecodingCodec<unknown> | undefined;
          /** Codec every 2xx body must decode with (the response self-check); `undefined` = not checked. */
          response: DecodingCodec<unknown> | undefined;
          /** Run the operation's handler; synchronous, so requests cannot interleave inside it. */
          invoke(call: OperationCall): HandlerResult;
      }
    /** A credential exchange (the token endpoint): no bearer auth, the raw body, and its query is not logged. */
    | {
          kind: "credentials";
          name: string;
          /** The answer, and how the app authenticated (for the request log) when it did. */
          exchange(body: Buffer): HandlerResult & { clientAuth?: ClientAuthKind };
      }
    /** No such resource or method: answered with `error` once the "before" faults have had their turn. */
    | { kind: "refused"; name: string; error: EmulatorError };

/** The errors the shared steps raise, each in the API's own error shape (body decoding's included). */
export interface ApiErrors extends BodyErrors {
    /** 401: the token check failed; `reason` says why (an API may answer with a fixed text instead). */
    unauthenticated(reason: string): EmulatorError;
    /** 401: a valid token issued for another resource. */
    wrongAudience(tokenAudience: string, audience: string): EmulatorError;
    /** 429 with `Retry-After`. */
    throttled(retryAfterSeconds: number): EmulatorError;
    /** 5xx (injected faults, emulator bugs). */
    internal(status: number, message: string): EmulatorError;
    /** 413: the body exceeds the emulator's `maxBodyBytes`. */
    payloadTooLarge(limitBytes: number): EmulatorError;
}

/** One emulated API, as the shared pipeline sees it. */
export interface EmulatedApi {
    /** True for the paths this API serves; the pipeline asks the APIs in order. */
    owns(pathname: string): boolean;
    /** Lower-case name of the header carrying the client's per-call id; generated when absent. */
    readonly requestIdHeader: string;
    /** Resolve a request; pure, because the request log and the faults need the name before anything is decided. */
    resolve(method: string, pathname: string): ApiRoute;
    readonly errors: ApiErrors;
    /** The `resource` bearer tokens must be issued for; `undefined` = tokens of any resource are accepted. */
    readonly audience: string | undefined;
    /** The API families (limits, `api/limits.ts`) a call counts against: a bucket each per partner tenant. */
    rateLimitFamilies(operation: string, method: string): ApiFamily[];
    /** Whether a mutating request that repeats a client-supplied request id gets the recorded outcome. */
    readonly replaysRepeatedRequests: boolean;
    /** The response as sent: the final body (e.g. with per-response ids filled in) and the API's headers. */
    envelope(
        result: HandlerResult,
        ids: { requestId: string; correlationId: string },
    ): { body: unknown; headers: Record<string, string> };
}

/**
 * The route of a matched operation: the spec's codecs, and its handler run with the request plus what `context`
 * adds (each API's handlers see their own state).
 */
export function operationRoute<Context>(
    match: {
        name: string;
        spec: { request: unknown; response: unknown };
        params: Record<string, string>;
        handler: (ctx: Context) => HandlerResult;
    },
    context: (request: OperationRequest<never> & OperationCall) => Context,
): ApiRoute {
    return {
        kind: "operation",
        name: match.name,
        request: match.spec.request as DecodingCodec<unknown> | undefined,
        response: match.spec.response as DecodingCodec<unknown> | undefined,
        invoke: (call) =>
            match.handler(context({ ...call, operation: match.name, params: match.params, body: call.body as never })),
    };
}
