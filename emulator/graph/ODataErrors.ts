/**
 * Every error the emulated Graph GDAP routes answer with, in Graph's OData error shape
 * (https://learn.microsoft.com/graph/errors):
 * `{"error": {"code", "message", "innerError": {"date", "request-id", "client-request-id"}}}`.
 *
 * Codes are the generic ones the errors page lists (`invalidRequest`, `itemNotFound`, `resourceModified`,
 * `nameAlreadyExists`, `generalException`, `unauthenticated`) and the throttling page's `TooManyRequests`; the GDAP
 * pages document no
 * service-specific codes, so the messages (not the codes) carry the rule that was broken.
 */
import EmulatorError from "../errors/EmulatorError";

export interface ODataErrorBody {
    error: {
        code: string;
        message: string;
        /**
         * `date`, `request-id` and `client-request-id` are filled per response by the Graph envelope; an error may
         * carry more (the throttling sample's `code`, `message`, `status`).
         */
        innerError: { date: string; "request-id": string; "client-request-id": string; [key: string]: string };
    };
}

/** The body before the per-request ids are filled in by the Graph pipeline. */
const body = (code: string, message: string): ODataErrorBody => ({
    error: { code, message, innerError: { date: "", "request-id": "", "client-request-id": "" } },
});

export default class ODataErrors {
    /** 400: the request breaks a documented rule (the message names the property and the rule). */
    public static invalidRequest(message: string): EmulatorError {
        return new EmulatorError(400, body("invalidRequest", message));
    }

    /** 400: the relationship's status does not allow this (updates only in `created`, assignments only when `active`). */
    public static wrongStatus(what: string, status: string, allowed: readonly string[]): EmulatorError {
        return new EmulatorError(
            400,
            body(
                "invalidRequest",
                `${what} is not allowed while the relationship is '${status}' (allowed in: ${allowed.join(", ")}).`,
            ),
        );
    }

    public static notFound(what: string): EmulatorError {
        return new EmulatorError(404, body("itemNotFound", `${what} was not found.`));
    }

    /** 409: `displayName` must be unique across all the partner's relationships; one assignment per security group. */
    public static nameAlreadyExists(message: string): EmulatorError {
        return new EmulatorError(409, body("nameAlreadyExists", message));
    }

    /** 412: `If-Match` does not carry the current etag. */
    public static preconditionFailed(): EmulatorError {
        return new EmulatorError(
            412,
            body("resourceModified", "The If-Match etag does not match the current version of the resource."),
        );
    }

    /** 401: no token, an unknown or expired one, or one issued for another audience. */
    public static unauthenticated(message: string): EmulatorError {
        return new EmulatorError(401, body("InvalidAuthenticationToken", message), {
            "WWW-Authenticate": 'Bearer realm="", error="invalid_token"',
        });
    }

    /**
     * 429 as the throttling page's sample (https://learn.microsoft.com/graph/throttling): code `TooManyRequests`,
     * message "Please retry again later.", `innerError` with `code` "429", `message` "Please retry after" and
     * `status` "429" (plus the ids every Graph error carries), and `Retry-After` in seconds with up to three
     * decimals (the sample: `2.128`), never rounded down to a wait shorter than asked, never 0.
     */
    public static throttled(retryAfterSeconds: number): EmulatorError {
        const seconds = Math.max(0.001, Math.ceil(retryAfterSeconds * 1000 - 1e-6) / 1000);
        const error = body("TooManyRequests", "Please retry again later.");
        error.error.innerError = {
            code: "429",
            message: "Please retry after",
            status: "429",
            ...error.error.innerError,
        };
        return new EmulatorError(429, error, { "Retry-After": String(seconds) });
    }

    public static internal(status: number, message: string): EmulatorError {
        return new EmulatorError(status, body("generalException", message));
    }

    /** 413: the body exceeds the emulator's `maxBodyBytes`. */
    public static payloadTooLarge(limitBytes: number): EmulatorError {
        return new EmulatorError(413, body("invalidRequest", `The request body exceeds ${limitBytes} bytes.`));
    }

    public static methodNotAllowed(method: string): EmulatorError {
        return new EmulatorError(405, body("invalidRequest", `The method ${method} is not allowed on this resource.`));
    }
}
