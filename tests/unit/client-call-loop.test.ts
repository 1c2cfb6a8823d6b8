/**
 * The logical-call loop both API clients share (`client/call.ts`), driven through each client over a scripted
 * fetch and a fake clock: the same steps must hold for Partner Center and for Microsoft Graph, each failing with
 * its own error type. Graph lacked the deadline-before-send check, the abort-while-waiting check and the throttle
 * feedback to its pacer before the loop was shared.
 */
import * as assert from "assert";

import {
    createPacer,
    createPartnerCenterClient,
    isPartnerCenterError,
    type ClientEvent,
    type Pacer,
    type PartnerCenterError,
    type PacingPolicy,
    type RetryPolicy,
} from "pulumi-partnercenter/client";
import { createGraphClient, isGraphError } from "pulumi-partnercenter/graph";

import { FakeClock, customerBody, scriptedFetch, type Scripted } from "./client-fakes";

const ACCESS = "fake-access-token-1.for-tests.sig";

interface Setup {
    readonly retry?: Partial<RetryPolicy>;
    readonly pacing?: Partial<PacingPolicy>;
    /** Replaces the clock's sleep (the clock still advances). */
    readonly onSleep?: (ms: number) => void;
}

/** One client under test: how to build it over a fake fetch, one idempotent read, and its error type. */
interface Api {
    readonly name: string;
    /** A success body for {@link Api.read}. */
    readonly ok: Scripted;
    readonly isOwnError: (e: unknown) => boolean;
    make(
        setup: Setup,
        clock: FakeClock,
        fetch: ReturnType<typeof scriptedFetch>["fetch"],
        events: ClientEvent[],
    ): {
        read: (signal?: AbortSignal) => Promise<unknown>;
        pacer: Pacer;
    };
}

function pacerOf(setup: Setup, clock: FakeClock): Pacer {
    return createPacer(setup.pacing ?? {}, { now: clock.now, sleep: sleepOf(setup, clock) });
}

function sleepOf(setup: Setup, clock: FakeClock): (ms: number) => Promise<void> {
    return async (ms) => {
        setup.onSleep?.(ms);
        await clock.sleep(ms);
    };
}

const apis: Api[] = [
    {
        name: "Partner Center",
        ok: { status: 200, body: customerBody() },
        isOwnError: (e) => isPartnerCenterError(e) && !isGraphError(e),
        make(setup, clock, fetch, events) {
            const pacer = pacerOf(setup, clock);
            const client = createPartnerCenterClient({
                apiBase: "https://pc.example",
                credentials: { kind: "accessToken", accessToken: ACCESS },
                fetch,
                now: clock.now,
                sleep: sleepOf(setup, clock),
                random: () => 0.5,
                pacer,
                onEvent: (e) => events.push(e),
                ...(setup.retry ? { retry: setup.retry } : {}),
            });
            return { read: (signal) => client.getCustomer("c1", signal ? { signal } : {}), pacer };
        },
    },
    {
        name: "Microsoft Graph",
        ok: { status: 200, body: { value: [] } },
        isOwnError: isGraphError,
        make(setup, clock, fetch, events) {
            const pacer = pacerOf(setup, clock);
            const client = createGraphClient({
                graphBase: "https://graph.example",
                authority: "https://login.example",
                credentials: { kind: "accessToken", accessToken: ACCESS },
                fetch,
                now: clock.now,
                sleep: sleepOf(setup, clock),
                random: () => 0.5,
                pacer,
                onEvent: (e) => events.push(e),
                ...(setup.retry ? { retry: setup.retry } : {}),
            });
            return { read: (signal) => client.listRelationships({}, signal ? { signal } : {}), pacer };
        },
    },
];

async function failure(p: Promise<unknown>): Promise<PartnerCenterError> {
    return p.then(
        () => assert.fail("expected the call to fail"),
        (e: unknown) => {
            assert.ok(isPartnerCenterError(e), String(e));
            return e;
        },
    );
}

for (const api of apis) {
    describe(`call loop: ${api.name}`, () => {
        it("a deadline passed while waiting for pacing fails without sending (not ambiguous)", async () => {
            const clock = new FakeClock();
            const fake = scriptedFetch({ api: [api.ok, api.ok] });
            // One request a minute, burst 1: the second call waits 60 s for its token, past the 30 s deadline.
            const setup: Setup = {
                pacing: { requestsPerMinute: 1, burst: 1 },
                retry: { deadlineMs: 30_000 },
            };
            const { read } = api.make(setup, clock, fake.fetch, []);
            await read();
            const e = await failure(read());
            assert.ok(api.isOwnError(e), `${e.name}: ${e.message}`);
            assert.strictEqual(e.kind, "timeout");
            assert.match(e.message, /deadline passed before the request could be sent/);
            assert.strictEqual(e.ambiguous, false);
            assert.strictEqual(fake.api().length, 1, "the second call sent nothing");
        });

        it("an abort while waiting to retry stops the call: no further attempt", async () => {
            const clock = new FakeClock();
            const fake = scriptedFetch({ api: [{ status: 503 }, api.ok] });
            const controller = new AbortController();
            const { read } = api.make({ onSleep: () => controller.abort() }, clock, fake.fetch, []);
            const e = await failure(read(controller.signal));
            assert.ok(api.isOwnError(e), `${e.name}: ${e.message}`);
            assert.strictEqual(e.status, 503);
            assert.strictEqual(e.note, "aborted by the caller while waiting to retry");
            assert.strictEqual(fake.api().length, 1, "no attempt after the abort");
        });

        it("an abort while waiting for pacing fails as aborted without sending", async () => {
            const clock = new FakeClock();
            const fake = scriptedFetch({ api: [api.ok, api.ok] });
            const controller = new AbortController();
            const setup: Setup = { pacing: { requestsPerMinute: 1, burst: 1 }, onSleep: () => controller.abort() };
            const { read } = api.make(setup, clock, fake.fetch, []);
            await read();
            const e = await failure(read(controller.signal));
            assert.ok(api.isOwnError(e), `${e.name}: ${e.message}`);
            assert.strictEqual(e.kind, "aborted");
            assert.strictEqual(e.attempts, 0);
            assert.strictEqual(fake.api().length, 1);
        });

        it("a 429 pauses the pacer for Retry-After and cuts its adaptive rate; the retry succeeds", async () => {
            const clock = new FakeClock();
            const fake = scriptedFetch({ api: [{ status: 429, headers: { "Retry-After": "2" } }, api.ok] });
            const events: ClientEvent[] = [];
            const setup: Setup = { pacing: { requestsPerMinute: 500, adaptive: { initialRequestsPerMinute: 500 } } };
            const { read, pacer } = api.make(setup, clock, fake.fetch, events);
            const start = clock.now();
            await read();
            assert.strictEqual(fake.api().length, 2);
            assert.strictEqual(pacer.adaptiveState?.decreases, 1, "the throttle reached the pacer");
            assert.ok(pacer.requestsPerMinute < 500, `rate ${pacer.requestsPerMinute}/min`);
            assert.ok(pacer.pausedUntil >= start + 2_000, "every caller waits out Retry-After");
            assert.ok(events.some((e) => e.kind === "throttled" && e.status === 429));
        });
    });
}
