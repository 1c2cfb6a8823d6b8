/**
 * Helpers for the emulator's own tests: a tiny HTTP client over node-fetch, fixture loading, unique inputs.
 */
import * as fs from "fs";
import * as http from "http";
import * as path from "path";
import { randomUUID } from "crypto";
import fetch from "node-fetch";

import type { Emulator } from "../../emulator";
import { createGraphClient } from "pulumi-partnercenter/graph";

/** `tests/fixtures/<name>` (tests run from `dist/tests/...`, fixtures stay in the source tree). */
export function fixture<T = Record<string, unknown>>(name: string): T {
    const candidates = [
        path.resolve(__dirname, "..", "fixtures", name),
        path.resolve(__dirname, "..", "..", "..", "tests", "fixtures", name),
    ];
    const file = candidates.find((c) => fs.existsSync(c));
    if (!file) {
        throw new Error(`fixture ${name} not found`);
    }
    return JSON.parse(fs.readFileSync(file, "utf8")) as T;
}

/** The seed document's create request (PascalCase, nulls) and response, verbatim. */
export const seedRequest = () => fixture("seed-create-request.json");
export const seedResponse = () => fixture("seed-create-response.json");

let counter = 0;
/** A domain prefix unique within the test run (<= 27 alphanumerics). */
export function uniquePrefix(stem = "t"): string {
    counter += 1;
    return `${stem}${Date.now().toString(36)}${counter}`.replace(/[^A-Za-z0-9]/g, "").slice(0, 27);
}

export const WINGTIP_RESELLER = "484e548c-f5f3-4528-93a9-c16c6373cb59";

/** A valid camelCase create body; override anything with `patch`. */
export function createBody(opts: { prefix?: string; country?: string; associatedPartnerId?: string | null } = {}) {
    const prefix = opts.prefix ?? uniquePrefix();
    return {
        companyProfile: { domain: `${prefix}.onmicrosoft.com` },
        billingProfile: {
            email: `admin@${prefix}.example`,
            culture: "en-US",
            language: "en",
            companyName: `Company ${prefix}`,
            defaultAddress: {
                country: opts.country ?? "US",
                city: "Redmond",
                state: "WA",
                addressLine1: "One Microsoft Way",
                postalCode: "98052",
                firstName: "Gena",
                lastName: "Soto",
                phoneNumber: "4255550101",
            },
        },
        ...(opts.associatedPartnerId === null
            ? {}
            : { associatedPartnerId: opts.associatedPartnerId ?? WINGTIP_RESELLER }),
    };
}

export interface ApiResponse {
    status: number;
    headers: Record<string, string>;
    text: string;
    /** Parsed JSON body, or undefined when empty / not JSON. */
    json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests index into bodies freely
}

export interface CallOptions {
    body?: unknown;
    /** Raw body (sent as is). */
    raw?: string | Buffer;
    headers?: Record<string, string>;
    /** Bearer token; `null` = no Authorization header. Defaults to the client's token. */
    token?: string | null;
}

/** A client bound to an emulator and a token. */
export function apiClient(emulator: Emulator, token?: string) {
    const defaultToken = token ?? emulator.issueAccessToken();
    return async (method: string, pathAndQuery: string, opts: CallOptions = {}): Promise<ApiResponse> => {
        const tokenValue = opts.token === undefined ? defaultToken : opts.token;
        const headers: Record<string, string> = {
            Accept: "application/json",
            ...(tokenValue !== null ? { Authorization: `Bearer ${tokenValue}` } : {}),
            ...(opts.body !== undefined ? { "Content-Type": "application/json" } : {}),
            ...(opts.headers ?? {}),
        };
        const body = opts.raw ?? (opts.body !== undefined ? JSON.stringify(opts.body) : undefined);
        const res = await fetch(`${emulator.url}${pathAndQuery}`, {
            method,
            headers,
            ...(body !== undefined ? { body } : {}),
        });
        const text = await res.text();
        let json: unknown;
        try {
            json = text === "" ? undefined : JSON.parse(text);
        } catch {
            json = undefined;
        }
        const outHeaders: Record<string, string> = {};
        res.headers.forEach((value, key) => {
            outHeaders[key] = value;
        });
        return { status: res.status, headers: outHeaders, text, json };
    };
}

export type Api = ReturnType<typeof apiClient>;

/** Control API call (no auth). */
export async function control(emulator: Emulator, method: string, p: string, body?: unknown): Promise<ApiResponse> {
    return apiClient(emulator, "unused")(method, p, { token: null, ...(body !== undefined ? { body } : {}) });
}

/**
 * A raw request with node's http module, resolving with the outcome even when the server destroys the socket
 * (`error`) or never answers before `timeoutMs` (`timeout`, the request is then aborted client-side).
 */
export function rawRequest(
    url: string,
    opts: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number } = {},
): Promise<{ kind: "response"; status: number; body: string } | { kind: "error"; code: string } | { kind: "timeout" }> {
    return new Promise((resolve) => {
        const req = http.request(url, { method: opts.method ?? "GET", headers: opts.headers ?? {} }, (res) => {
            let data = "";
            res.setEncoding("utf8");
            res.on("data", (chunk: string) => (data += chunk));
            res.on("end", () => resolve({ kind: "response", status: res.statusCode ?? 0, body: data }));
        });
        let timedOut = false;
        const timer = setTimeout(() => {
            timedOut = true;
            req.destroy();
            resolve({ kind: "timeout" });
        }, opts.timeoutMs ?? 10_000);
        req.on("error", (err: NodeJS.ErrnoException) => {
            clearTimeout(timer);
            if (!timedOut) {
                resolve({ kind: "error", code: err.code ?? err.message });
            }
        });
        req.on("close", () => clearTimeout(timer));
        req.end(opts.body);
    });
}

export const newRequestId = (): string => randomUUID();

/** The keys of an object tree (values ignored), to compare response shapes. */
export function shape(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(shape);
    }
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(
            Object.keys(value)
                .sort()
                .map((k) => [k, shape((value as Record<string, unknown>)[k])]),
        );
    }
    return typeof value;
}

/**
 * An App-only access token of the emulator's seeded partner (the client-credentials grant at its token endpoint),
 * for `resource` (Partner Center's by default; Graph routes need `https://graph.microsoft.com`).
 */
export async function appOnlyToken(
    emulator: Emulator,
    resource = "https://api.partnercenter.microsoft.com",
): Promise<string> {
    const { partner } = emulator.seed;
    const res = await fetch(`${emulator.url}/${partner.tenantId}/oauth2/token`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
            grant_type: "client_credentials",
            client_id: partner.clientId,
            client_secret: partner.clientSecret,
            resource,
        }).toString(),
    });
    return ((await res.json()) as { access_token: string }).access_token;
}

/** The client-credentials of the emulator's seeded partner, as the Graph client takes them. */
export function graphCredentials(emulator: Emulator) {
    const { partner } = emulator.seed;
    return {
        kind: "clientCredentials" as const,
        tenantId: partner.tenantId,
        clientId: partner.clientId,
        clientSecret: partner.clientSecret,
    };
}

/** Cloud Application Administrator: a GDAP role that lets the partner consent an application (application consent). */
export const CLOUD_APPLICATION_ADMINISTRATOR = "158c047a-c907-4556-b7ef-446551a6b5f7";

/**
 * The application-consent prerequisite in the emulator, through the real Graph client over loopback: a GDAP
 * relationship with `customerTenantId` holding `roleIds`, locked for approval, approved (the control endpoint stands
 * in for the customer) and, unless `assign` is false, those roles assigned to a security group. Returns the
 * relationship id.
 */
export async function grantGdapRoles(
    emulator: Emulator,
    customerTenantId: string,
    opts: { roleIds?: string[]; approve?: boolean; assign?: boolean } = {},
): Promise<string> {
    const roleIds = opts.roleIds ?? [CLOUD_APPLICATION_ADMINISTRATOR];
    const graph = createGraphClient({
        graphBase: `${emulator.url}/graph`,
        authority: emulator.url,
        credentials: graphCredentials(emulator),
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 50))),
    });
    const created = await graph.createRelationship({
        displayName: uniquePrefix("consent-gdap"),
        duration: "P730D",
        customer: { tenantId: customerTenantId },
        accessDetails: { unifiedRoles: roleIds.map((roleDefinitionId) => ({ roleDefinitionId })) },
    } as never);
    await graph.requestAction(created.id, "lockForApproval");
    if (opts.approve === false) {
        return created.id;
    }
    const approved = await fetch(`${emulator.url}/_emulator/gdap/relationships/${created.id}/approve`, {
        method: "POST",
    });
    if (approved.status !== 200) {
        throw new Error(`approve: ${approved.status}`);
    }
    if (opts.assign !== false) {
        await graph.createAccessAssignment(created.id, {
            accessContainer: { accessContainerId: randomUUID(), accessContainerType: "securityGroup" },
            accessDetails: { unifiedRoles: roleIds.map((roleDefinitionId) => ({ roleDefinitionId })) },
        });
    }
    return created.id;
}
