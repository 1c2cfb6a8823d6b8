/**
 * The request pipeline both emulated APIs share (Partner Center under `/v1`, Microsoft Graph under `/graph`): the
 * steps that are not about any one operation, run against each API with that API's error conventions.
 *
 * - response self-check: a 2xx body that its operation's response codec refuses is an emulator bug, answered 500
 *   instead of being sent to a client that would then blame itself;
 * - body limit: a body over `maxBodyBytes` is answered 413 once drained, and a body that keeps coming past the
 *   drain cap drops the connection instead of being read forever.
 */
import * as assert from "assert";
import * as http from "http";
import fetch from "node-fetch";

import { startEmulator, type Emulator } from "../../emulator";
import { graphHandlers } from "../../emulator/graph/handlers";
import { MAX_DRAIN_BYTES } from "../../emulator/pipeline";
import { handlers } from "../../emulator/routes";
import { GRAPH_RESOURCE } from "pulumi-partnercenter/graph";

interface ApiUnderTest {
    name: string;
    /** The handler table the emulator routes this API's operations to. */
    handlers: Record<string, unknown>;
    /** A GET operation whose handler the self-check test replaces, and its path. */
    read: { operation: string; path: string };
    /** A 2xx body that the read operation's response codec refuses. */
    drifted: unknown;
    /** A POST operation with a request body, to send oversized bodies to. */
    createPath: string;
    token(emulator: Emulator): Promise<string>;
    /** The error's code and message, wherever this API's error shape keeps them. */
    error(json: any): { code: unknown; message: string }; // eslint-disable-line @typescript-eslint/no-explicit-any -- error bodies are read freely
}

/** A token from the emulator's token endpoint (client credentials) for `resource`. */
async function clientCredentialsToken(emulator: Emulator, resource: string): Promise<string> {
    const { tenantId, clientId, clientSecret } = emulator.seed.partner;
    const res = await fetch(`${emulator.url}/${tenantId}/oauth2/token`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
            grant_type: "client_credentials",
            client_id: clientId,
            client_secret: clientSecret,
            resource,
        }).toString(),
    });
    return ((await res.json()) as { access_token: string }).access_token;
}

const apis: ApiUnderTest[] = [
    {
        name: "Partner Center",
        handlers: handlers as Record<string, unknown>,
        read: { operation: "getCountryValidationRules", path: "/v1/countryvalidationrules/US" },
        drifted: { iso2Code: 42 },
        createPath: "/v1/customers",
        token: (emulator) => Promise.resolve(emulator.issueAccessToken()),
        error: (json) => ({ code: json?.code, message: String(json?.description) }),
    },
    {
        name: "Microsoft Graph",
        handlers: graphHandlers as Record<string, unknown>,
        read: {
            operation: "listDelegatedAdminRelationships",
            path: "/graph/v1.0/tenantRelationships/delegatedAdminRelationships",
        },
        drifted: { value: [{ id: 42 }] },
        createPath: "/graph/v1.0/tenantRelationships/delegatedAdminRelationships",
        token: (emulator) => clientCredentialsToken(emulator, GRAPH_RESOURCE),
        error: (json) => ({ code: json?.error?.code, message: String(json?.error?.message) }),
    },
];

/**
 * POST `totalBytes` of body in 1 MiB chunks, honouring back-pressure (so the body is never held in memory), and
 * report whether the server answered or dropped the connection.
 */
function streamBody(
    url: string,
    headers: Record<string, string>,
    totalBytes: number,
): Promise<{ kind: "response"; status: number } | { kind: "error"; code: string }> {
    return new Promise((resolve) => {
        const req = http.request(
            url,
            {
                method: "POST",
                headers: { ...headers, "Content-Type": "application/json", "Content-Length": String(totalBytes) },
            },
            (res) => {
                res.resume();
                res.on("end", () => resolve({ kind: "response", status: res.statusCode ?? 0 }));
            },
        );
        req.on("error", (err: NodeJS.ErrnoException) => resolve({ kind: "error", code: err.code ?? err.message }));
        const chunk = Buffer.alloc(1024 * 1024, 0x20);
        let sent = 0;
        const pump = (): void => {
            while (sent < totalBytes && !req.destroyed) {
                const part = chunk.subarray(0, Math.min(chunk.length, totalBytes - sent));
                sent += part.length;
                if (!req.write(part)) {
                    req.once("drain", pump);
                    return;
                }
            }
            req.end();
        };
        pump();
    });
}

for (const api of apis) {
    describe(`emulator pipeline: ${api.name}`, function () {
        this.timeout(60_000);
        const limit = 1024;
        let emulator: Emulator;
        let token: string;

        before(async () => {
            emulator = await startEmulator({ port: 0, maxBodyBytes: limit });
            token = await api.token(emulator);
        });
        after(async () => {
            await emulator?.close();
        });

        it("answers 500 instead of a 2xx body that its operation's response codec refuses (self-check)", async () => {
            const original = api.handlers[api.read.operation];
            assert.ok(original, `no handler ${api.read.operation}`);
            api.handlers[api.read.operation] = () => ({ status: 200, body: api.drifted });
            try {
                const res = await fetch(`${emulator.url}${api.read.path}`, {
                    headers: { Authorization: `Bearer ${token}` },
                });
                assert.strictEqual(res.status, 500);
                const error = api.error(await res.json());
                assert.match(error.message, /Emulator bug: the response does not match/);
            } finally {
                api.handlers[api.read.operation] = original;
            }
            const healthy = await fetch(`${emulator.url}${api.read.path}`, {
                headers: { Authorization: `Bearer ${token}` },
            });
            assert.strictEqual(healthy.status, 200, "the real handler's answer passes the self-check");
        });

        it("answers 413 in the API's error shape for a body over the limit", async () => {
            const res = await fetch(`${emulator.url}${api.createPath}`, {
                method: "POST",
                headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
                body: JSON.stringify({ padding: "x".repeat(limit * 2) }),
            });
            assert.strictEqual(res.status, 413);
            const error = api.error(await res.json());
            assert.ok(error.code !== undefined, "the error carries the API's code");
            assert.match(error.message, new RegExp(`exceeds .*${limit} bytes`));
        });

        it("drops the connection once a body runs past the drain cap, and logs the request as reset", async () => {
            emulator.clearRequestLog();
            const outcome = await streamBody(
                `${emulator.url}${api.createPath}`,
                { Authorization: `Bearer ${token}` },
                limit + MAX_DRAIN_BYTES + 4 * 1024 * 1024,
            );
            assert.strictEqual(outcome.kind, "error", `expected a dropped connection, got ${JSON.stringify(outcome)}`);
            const entry = emulator.requestLog.find((e) => e.method === "POST");
            assert.strictEqual(entry?.status, "reset");
            const next = await fetch(`${emulator.url}${api.read.path}`, {
                headers: { Authorization: `Bearer ${token}` },
            });
            assert.strictEqual(next.status, 200, "the emulator serves the next request");
        });
    });
}
