/**
 * Partner Center endpoints per cloud (`partner-center-rest-urls.md`). The emulator is a cloud like any other:
 * its API base and token authority are both its own URL.
 */
export interface CloudEndpoints {
    /** API base URL, without a trailing slash; operation paths (`/v1/...`) are appended to it. */
    readonly apiBase: string;
    /** OAuth authority; the token URL is `{authority}/{tenant}/oauth2/token`. */
    readonly authority: string;
    /** The `resource` requested for Partner Center tokens. */
    readonly resource: string;
}

export const Clouds = {
    global: {
        apiBase: "https://api.partnercenter.microsoft.com",
        authority: "https://login.microsoftonline.com",
        resource: "https://api.partnercenter.microsoft.com",
    },
    usgov: {
        apiBase: "https://api.partnercenter.microsoft.com",
        authority: "https://login.microsoftonline.us",
        resource: "https://api.partnercenter.microsoft.com",
    },
    china: {
        apiBase: "https://partner.partnercenterapi.microsoftonline.cn",
        authority: "https://login.chinacloudapi.cn",
        resource: "https://partner.partnercenterapi.microsoftonline.cn",
    },
} as const satisfies Record<string, CloudEndpoints>;

export type CloudName = keyof typeof Clouds;

/**
 * Resolve an endpoint setting: a cloud name (`global`, `usgov`, `china`) or a URL. A URL (for example the
 * emulator's `http://127.0.0.1:8787`) serves as both API base and authority unless an authority is given.
 */
export function resolveEndpoints(endpoint: string | undefined, authority?: string): CloudEndpoints {
    const value = (endpoint ?? "global").trim();
    const named = (Clouds as Record<string, CloudEndpoints>)[value.toLowerCase()];
    if (named) {
        return authority ? { ...named, authority: stripSlash(authority) } : named;
    }
    let url: URL;
    try {
        url = new URL(value);
    } catch {
        throw new Error(
            `partnercenter:endpoint must be one of ${Object.keys(Clouds).join(", ")} or an http(s) URL, got '${value}'`,
        );
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") {
        throw new Error(`partnercenter:endpoint must be an http(s) URL, got '${value}'`);
    }
    const base = stripSlash(url.toString());
    return { apiBase: base, authority: stripSlash(authority ?? base), resource: Clouds.global.resource };
}

function stripSlash(s: string): string {
    return s.replace(/\/+$/, "");
}
