/**
 * Fault injection, programmatic and through the control API, each asserted on the wire and in the request log.
 */
import * as assert from "assert";

import { startEmulator } from "../../emulator";
import type { Emulator } from "../../emulator";
import { Api, apiClient, control, createBody, newRequestId, rawRequest } from "./emulator-helpers";

const RELATIONSHIPS = "/v1/relationships?relationship_type=IsIndirectCloudSolutionProviderOf";

describe("emulator: fault injection", function () {
    this.timeout(20_000);
    let emulator: Emulator;
    let api: Api;
    let token: string;

    before(async () => {
        emulator = await startEmulator({ port: 0 });
        token = emulator.issueAccessToken();
        api = apiClient(emulator, token);
    });

    after(async () => {
        await emulator?.close();
    });

    beforeEach(() => {
        emulator.faults.clear();
        emulator.clearRequestLog();
        emulator.options.latencyMs = 0;
    });

    const lastEntry = () => emulator.requestLog[emulator.requestLog.length - 1];

    const createRaw = (body: unknown, requestId = newRequestId(), timeoutMs = 10_000) =>
        rawRequest(`${emulator.url}/v1/customers`, {
            method: "POST",
            headers: {
                Authorization: `Bearer ${token}`,
                "Content-Type": "application/json",
                "MS-RequestId": requestId,
            },
            body: JSON.stringify(body),
            timeoutMs,
        });

    it("throttle: 429 with Retry-After and {statusCode, message} for the next N calls only", async () => {
        emulator.faults.add({ kind: "throttle", count: 2, retryAfterSeconds: 7 });
        for (let i = 0; i < 2; i++) {
            const res = await api("GET", RELATIONSHIPS);
            assert.strictEqual(res.status, 429);
            assert.strictEqual(res.headers["retry-after"], "7");
            assert.deepStrictEqual(res.json, {
                statusCode: 429,
                message: "Rate limit is exceeded. Try again in 7 seconds.",
            });
        }
        assert.strictEqual((await api("GET", RELATIONSHIPS)).status, 200);
        assert.deepStrictEqual(
            emulator.requestLog.map((e) => [e.status, e.fault]),
            [
                [429, "throttle"],
                [429, "throttle"],
                [200, undefined],
            ],
        );
        assert.deepStrictEqual(emulator.faults.list(), []);
    });

    it("match: only the named operation and method are affected", async () => {
        emulator.faults.add({ kind: "status", status: 503, count: 1, match: { operation: "createCustomer" } });
        assert.strictEqual((await api("GET", RELATIONSHIPS)).status, 200);
        emulator.faults.add({ kind: "status", status: 502, count: 1, match: { method: "head" } });
        assert.strictEqual((await api("GET", RELATIONSHIPS)).status, 200);
        assert.strictEqual((await api("HEAD", "/v1/domains/x.onmicrosoft.com")).status, 502);
        assert.strictEqual((await api("POST", "/v1/customers", { body: createBody() })).status, 503);
        assert.strictEqual(emulator.faults.list().length, 0);
    });

    it("5xx before: the error, and no customer created", async () => {
        for (const status of [500, 502, 503, 504, 408] as const) {
            emulator.faults.add({ kind: "status", status, phase: "before", match: { operation: "createCustomer" } });
            const body = createBody();
            const before = emulator.store.count();
            const res = await api("POST", "/v1/customers", { body });
            assert.strictEqual(res.status, status);
            assert.strictEqual(res.json.code, status);
            assert.strictEqual(res.json.source, "PartnerFD");
            assert.strictEqual(emulator.store.count(), before);
            assert.strictEqual(emulator.store.findByDomain(body.companyProfile.domain), undefined);
            assert.strictEqual(lastEntry()?.fault, `status:${status}:before`);
        }
    });

    it("5xx after: the error, but the customer was created; a retry with the same MS-RequestId gets the 201", async () => {
        emulator.faults.add({ kind: "status", status: 500, phase: "after", match: { operation: "createCustomer" } });
        const body = createBody();
        const requestId = newRequestId();
        const first = await api("POST", "/v1/customers", { body, headers: { "MS-RequestId": requestId } });
        assert.strictEqual(first.status, 500);
        const stored = emulator.store.findByDomain(body.companyProfile.domain);
        assert.ok(stored, "customer committed before the 500");
        assert.strictEqual(lastEntry()?.fault, "status:500:after");
        const retry = await api("POST", "/v1/customers", { body, headers: { "MS-RequestId": requestId } });
        assert.strictEqual(retry.status, 201);
        assert.strictEqual(retry.json.id, stored.id);
        assert.ok(retry.json.userCredentials.password);
        assert.strictEqual(lastEntry()?.replayed, true);
    });

    it("reset before: the socket is destroyed, nothing is created", async () => {
        emulator.faults.add({ kind: "reset", phase: "before", match: { operation: "createCustomer" } });
        const body = createBody();
        const outcome = await createRaw(body);
        assert.strictEqual(outcome.kind, "error");
        assert.strictEqual(outcome.kind === "error" && outcome.code, "ECONNRESET");
        assert.strictEqual(emulator.store.findByDomain(body.companyProfile.domain), undefined);
        assert.strictEqual(lastEntry()?.status, "reset");
        assert.strictEqual(lastEntry()?.fault, "reset:before");
    });

    it("reset after: the response is lost but the customer exists; without the same request id a retry gets 409", async () => {
        emulator.faults.add({ kind: "reset", phase: "after", match: { operation: "createCustomer" } });
        const body = createBody();
        const outcome = await createRaw(body);
        assert.strictEqual(outcome.kind, "error");
        assert.ok(emulator.store.findByDomain(body.companyProfile.domain));
        assert.strictEqual(lastEntry()?.status, "reset");
        assert.strictEqual(lastEntry()?.fault, "reset:after");
        const retry = await api("POST", "/v1/customers", { body });
        assert.strictEqual(retry.status, 409);
        assert.strictEqual(retry.json.code, 27100);
    });

    it("latency: the matching requests are delayed", async () => {
        emulator.faults.add({ kind: "latency", ms: 300, count: 1 });
        const start = Date.now();
        assert.strictEqual((await api("GET", RELATIONSHIPS)).status, 200);
        assert.ok(Date.now() - start >= 280, `took ${Date.now() - start} ms`);
        assert.strictEqual(lastEntry()?.fault, "latency:300");
        assert.strictEqual(emulator.faults.list().length, 0);
    });

    it("global latencyMs setting delays every request", async () => {
        emulator.options.latencyMs = 200;
        const start = Date.now();
        await api("GET", RELATIONSHIPS);
        assert.ok(Date.now() - start >= 180);
    });

    it("hang: never answered; the client gives up; the next request is served", async () => {
        emulator.faults.add({ kind: "hang", count: 1 });
        const outcome = await rawRequest(`${emulator.url}${RELATIONSHIPS}`, {
            headers: { Authorization: `Bearer ${token}` },
            timeoutMs: 300,
        });
        assert.strictEqual(outcome.kind, "timeout");
        assert.strictEqual(emulator.requestLog[0]?.status, "hang");
        assert.strictEqual((await api("GET", RELATIONSHIPS)).status, 200);
    });

    it("hang: close() ends hanging requests instead of waiting for them", async () => {
        const other = await startEmulator({ port: 0 });
        other.faults.add({ kind: "hang" });
        const pending = rawRequest(`${other.url}${RELATIONSHIPS}`, { timeoutMs: 15_000 });
        await new Promise((r) => setTimeout(r, 100));
        const start = Date.now();
        await other.close();
        const outcome = await pending;
        assert.strictEqual(outcome.kind, "error");
        assert.ok(Date.now() - start < 5000);
    });

    describe("control API", () => {
        it("POST /_emulator/faults installs a rule; GET lists it; DELETE clears", async () => {
            const added = await control(emulator, "POST", "/_emulator/faults", {
                kind: "throttle",
                count: 1,
                retryAfterSeconds: 3,
                match: { operation: "listIndirectResellers" },
            });
            assert.strictEqual(added.status, 201);
            assert.strictEqual(added.json.remaining, 1);
            assert.strictEqual((await control(emulator, "GET", "/_emulator/faults")).json.length, 1);
            const res = await api("GET", RELATIONSHIPS);
            assert.strictEqual(res.status, 429);
            assert.strictEqual(res.headers["retry-after"], "3");
            await control(emulator, "POST", "/_emulator/faults", { kind: "hang" });
            assert.strictEqual((await control(emulator, "DELETE", "/_emulator/faults")).status, 204);
            assert.deepStrictEqual(emulator.faults.list(), []);
        });

        it("400 for an invalid rule, naming the problem", async () => {
            const res = await control(emulator, "POST", "/_emulator/faults", { kind: "status", status: 418 });
            assert.strictEqual(res.status, 400);
            assert.ok(res.json.description.includes("status must be one of"));
            assert.strictEqual((await control(emulator, "POST", "/_emulator/faults", { kind: "explode" })).status, 400);
        });

        it("GET/DELETE /_emulator/requests: the log, without control calls or secrets", async () => {
            await api("GET", RELATIONSHIPS, { headers: { "MS-RequestId": "req-1", "MS-CorrelationId": "corr-1" } });
            await api("GET", "/v1/customers?size=2");
            const log = await control(emulator, "GET", "/_emulator/requests");
            assert.strictEqual(log.status, 200);
            assert.deepStrictEqual(
                log.json.map((e: { method: string; path: string; operation: string; status: number }) => [
                    e.method,
                    e.path,
                    e.operation,
                    e.status,
                ]),
                [
                    ["GET", "/v1/relationships", "listIndirectResellers", 200],
                    ["GET", "/v1/customers", "listCustomers", 200],
                ],
            );
            assert.strictEqual(log.json[0].requestId, "req-1");
            assert.strictEqual(log.json[0].correlationId, "corr-1");
            assert.deepStrictEqual(log.json[1].query, { size: "2" });
            assert.ok(log.json[1].seq > log.json[0].seq);
            assert.ok(!log.text.includes(token));
            assert.strictEqual((await control(emulator, "DELETE", "/_emulator/requests")).status, 204);
            assert.strictEqual(emulator.requestLog.length, 0);
        });

        it("PATCH /_emulator/settings changes runtime settings; invalid values are refused", async () => {
            const res = await control(emulator, "PATCH", "/_emulator/settings", {
                readAfterCreateLagMs: 5000,
                dedupeRequestIds: false,
                rateLimit: { requestsPerMinute: 1000 },
            });
            assert.strictEqual(res.status, 200);
            assert.strictEqual(emulator.options.readAfterCreateLagMs, 5000);
            assert.strictEqual(emulator.options.dedupeRequestIds, false);
            assert.deepStrictEqual(emulator.options.rateLimit, { requestsPerMinute: 1000 });
            const bad = await control(emulator, "PATCH", "/_emulator/settings", {
                latencyMs: -5,
                readAfterCreateLagMs: 0,
            });
            assert.strictEqual(bad.status, 400);
            assert.strictEqual(emulator.options.readAfterCreateLagMs, 5000, "nothing applied from a bad patch");
            await control(emulator, "PATCH", "/_emulator/settings", {
                readAfterCreateLagMs: 0,
                dedupeRequestIds: true,
                rateLimit: null,
            });
            assert.strictEqual(emulator.options.rateLimit, undefined);
        });

        it("GET /_emulator/health; POST /_emulator/tokens issues a usable token; unknown control path 404", async () => {
            const health = await control(emulator, "GET", "/_emulator/health");
            assert.strictEqual(health.status, 200);
            assert.strictEqual(health.json.status, "ok");
            assert.strictEqual(health.json.customers, emulator.store.count());
            const issued = await control(emulator, "POST", "/_emulator/tokens", {});
            assert.strictEqual(issued.status, 201);
            assert.strictEqual((await apiClient(emulator, issued.json.access_token)("GET", RELATIONSHIPS)).status, 200);
            assert.strictEqual((await control(emulator, "GET", "/_emulator/nope")).status, 404);
            assert.strictEqual(emulator.requestLog.length, 1, "control calls are not logged");
        });
    });
});
