/**
 * What an operation spec is (method, path template, codecs, success statuses, replay safety, OAuth flow) and the
 * path-template helpers both the client and the emulator use. A leaf module: `operations.ts` and `agreements.ts`
 * both define operations with it, so neither has to import the other for the type.
 */
import type * as t from "io-ts";

/** Which OAuth flow an operation accepts: App+User (refresh-token grant) or App-only (client credentials). */
export type AuthFlow = "appUser" | "appOnly";

export type HttpMethod = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";

/** One REST operation: method, path template, request body codec and response body codec. */
export interface OperationSpec<
    Req extends t.Mixed | undefined = t.Mixed | undefined,
    Res extends t.Mixed | undefined = t.Mixed | undefined,
> {
    /** Stable name, used in logs, errors and the emulator's request log. */
    readonly name: string;
    readonly method: HttpMethod;
    /** Path template relative to the API base URL; `{param}` segments are URL-encoded values. */
    readonly path: string;
    /** Codec of the JSON request body, if the operation sends one. */
    readonly request: Req;
    /** Codec of the JSON response body on success, if the operation returns one. */
    readonly response: Res;
    /** Statuses that mean success. */
    readonly success: readonly number[];
    /**
     * Whether a request whose outcome is unknown (timeout, reset or 5xx after it was sent) may be re-sent
     * blindly. False for creation: Partner Center's create is not atomic, so the caller reconciles first.
     */
    readonly retryAmbiguous: boolean;
    /**
     * The OAuth flow the service accepts for this operation; absent = App+User. The client refuses to send an
     * operation with a token of the other flow, and the emulator answers such a call with 403.
     */
    readonly auth?: AuthFlow;
}

/** Declare an operation, keeping its codec types. */
export const op = <Req extends t.Mixed | undefined, Res extends t.Mixed | undefined>(spec: OperationSpec<Req, Res>) =>
    spec;

/** Fill a path template: `expandPath("/v1/customers/{customerId}", {customerId: "x"})`. Values are URL-encoded. */
export function expandPath(template: string, params: Readonly<Record<string, string>> = {}): string {
    return template.replace(/\{(\w+)\}/g, (_whole, name: string) => {
        const value = params[name];
        if (value === undefined) {
            throw new Error(`missing path parameter '${name}' for ${template}`);
        }
        return encodeURIComponent(value);
    });
}

/** Compiled path templates: the emulator matches every request against every operation. */
const compiledTemplates = new Map<string, { pattern: RegExp; names: string[] }>();

function compileTemplate(template: string): { pattern: RegExp; names: string[] } {
    let compiled = compiledTemplates.get(template);
    if (!compiled) {
        const names: string[] = [];
        const source = template
            .replace(/[.*+?^$()|[\]\\]/g, "\\$&")
            .replace(/\\?\{(\w+)\\?\}/g, (_whole, name: string) => {
                names.push(name);
                return "([^/]+)";
            });
        compiled = { pattern: new RegExp(`^${source}/?$`, "i"), names };
        compiledTemplates.set(template, compiled);
    }
    return compiled;
}

/** Match a request path against a template; returns the decoded parameters, or undefined if it does not match. */
export function matchPath(template: string, pathname: string): Record<string, string> | undefined {
    const { pattern, names } = compileTemplate(template);
    const match = pattern.exec(pathname);
    if (!match) {
        return undefined;
    }
    const params: Record<string, string> = {};
    names.forEach((name, i) => {
        params[name] = decodeURIComponent(match[i + 1] ?? "");
    });
    return params;
}
