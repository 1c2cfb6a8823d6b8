/**
 * An error that the pipeline turns into an HTTP response as is: status, JSON body and extra headers.
 *
 * Only `ErrorFactory` creates these (Azurite's `StorageErrorFactory` pattern), so every status/code pair the
 * emulator can answer with is listed in one place.
 */
export default class EmulatorError extends Error {
    public readonly status: number;
    /** JSON body; `undefined` for bodiless responses (e.g. HEAD). */
    public readonly body: unknown;
    public readonly headers: Readonly<Record<string, string>>;

    constructor(status: number, body: unknown, headers: Record<string, string> = {}, message?: string) {
        super(message ?? `HTTP ${status}`);
        this.name = "EmulatorError";
        this.status = status;
        this.body = body;
        this.headers = headers;
    }
}
