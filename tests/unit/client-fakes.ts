/**
 * Fakes for the client's unit tests: a clock whose sleep advances time, and a scripted fetch that replays a
 * queue of responses and records every request (after Octokit plugin-retry's `test/octokit.ts`).
 */
import { Response } from "node-fetch";
import type { RequestInit } from "node-fetch";

import { DEFAULT_RETRY_POLICY, SecretSet, type FetchLike } from "pulumi-partnercenter/client";

/** A clock that only moves when someone sleeps (or the test advances it). */
export class FakeClock {
    time: number;
    readonly sleeps: number[] = [];

    constructor(start = Date.UTC(2026, 0, 1)) {
        this.time = start;
    }

    readonly now = (): number => this.time;

    readonly sleep = async (ms: number): Promise<void> => {
        this.sleeps.push(ms);
        // Let other pending promise chains run first, as they would while a real timer is pending.
        await new Promise<void>((resolve) => setImmediate(resolve));
        this.time += ms;
    };

    advance(ms: number): void {
        this.time += ms;
    }
}

/** One scripted reply: a response, a thrown network error, or a function of the request. */
export type Scripted =
    | { status: number; body?: unknown; headers?: Record<string, string> }
    | { error: { code?: string; message: string } }
    | ((request: LoggedRequest) => Scripted);

/** What the fake recorded about one request. */
export interface LoggedRequest {
    readonly url: string;
    readonly method: string;
    /** Header names lower-cased. */
    readonly headers: Record<string, string>;
    readonly body: string | undefined;
}

export interface ScriptedFetch {
    readonly fetch: FetchLike;
    /** Every request, API and token endpoint alike, in order. */
    readonly log: LoggedRequest[];
    /** API requests only. */
    readonly api: () => LoggedRequest[];
    /** Token endpoint requests only. */
    readonly token: () => LoggedRequest[];
    /** Replies not consumed yet. */
    readonly pending: () => { api: number; token: number };
}

/** A fresh token endpoint reply. */
export function tokenReply(
    accessToken: string,
    expiresIn: number | string = 3600,
    extra: Record<string, unknown> = {},
): Scripted {
    return {
        status: 200,
        body: {
            token_type: "Bearer",
            expires_in: expiresIn,
            access_token: accessToken,
            resource: "https://api.partnercenter.microsoft.com",
            ...extra,
        },
    };
}

/**
 * A fetch that answers `/oauth2/token` requests from `token` and everything else from `api`, in order. Running
 * out of replies fails the test loudly (a 599 whose body says so).
 */
export function scriptedFetch(script: { api?: Scripted[]; token?: Scripted[] }): ScriptedFetch {
    const api = [...(script.api ?? [])];
    const token = [...(script.token ?? [])];
    const log: LoggedRequest[] = [];
    const isToken = (url: string) => /\/oauth2\/token$/.test(new URL(url).pathname);

    const fetch = (async (input: unknown, init?: RequestInit) => {
        const url = String(input);
        const headers: Record<string, string> = {};
        for (const [key, value] of Object.entries((init?.headers ?? {}) as Record<string, string>)) {
            headers[key.toLowerCase()] = value;
        }
        const request: LoggedRequest = {
            url,
            method: init?.method ?? "GET",
            headers,
            body: typeof init?.body === "string" ? init.body : undefined,
        };
        log.push(request);
        let reply: Scripted | undefined = (isToken(url) ? token : api).shift();
        while (typeof reply === "function") {
            reply = reply(request);
        }
        if (reply === undefined) {
            return new Response(JSON.stringify({ message: `no scripted reply for ${request.method} ${url}` }), {
                status: 599,
            });
        }
        if ("error" in reply) {
            throw Object.assign(new Error(reply.error.message), { code: reply.error.code, type: "system" });
        }
        const body =
            reply.body === undefined ? "" : typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
        return new Response(request.method === "HEAD" ? "" : body, {
            status: reply.status,
            headers: { "Content-Type": "application/json; charset=utf-8", ...(reply.headers ?? {}) },
        });
    }) as unknown as FetchLike;

    return {
        fetch,
        log,
        api: () => log.filter((r) => !isToken(r.url)),
        token: () => log.filter((r) => isToken(r.url)),
        pending: () => ({ api: api.length, token: token.length }),
    };
}

/** A minimal valid Customer body. */
export function customerBody(
    id = "626099fe-17af-4756-9fd0-6a73b7127859",
    extra: Record<string, unknown> = {},
): Record<string, unknown> {
    return {
        id,
        commerceId: id,
        companyProfile: { tenantId: id, domain: "wingtip.onmicrosoft.com", companyName: "Wingtip Toys" },
        relationshipToPartner: "reseller",
        attributes: { objectType: "Customer" },
        ...extra,
    };
}

/** A minimal valid create request. */
export const createBody = {
    companyProfile: { domain: "wingtip.onmicrosoft.com" },
    billingProfile: {
        email: "gena@wingtiptoys.com",
        culture: "en-US",
        language: "en",
        companyName: "Wingtip Toys",
        defaultAddress: {
            country: "US",
            city: "Redmond",
            state: "WA",
            addressLine1: "One Microsoft Way",
            postalCode: "98052",
            firstName: "Gena",
            lastName: "Soto",
        },
    },
    associatedPartnerId: "484e548c-f5f3-4528-93a9-c16c6373cb59",
};

/**
 * The token-endpoint options every token-provider test shares: the scripted transport, the fake clock, no jitter,
 * the default retry policy, fresh secrets and a fixed correlation id.
 */
export function tokenEndpointFixture(fake: ScriptedFetch, clock: FakeClock) {
    return {
        tenantId: "partner-tenant",
        resource: "https://api.partnercenter.microsoft.com",
        fetch: fake.fetch,
        now: clock.now,
        sleep: clock.sleep,
        random: () => 0.5,
        retry: DEFAULT_RETRY_POLICY,
        secrets: new SecretSet(),
        correlationId: "corr",
    };
}
