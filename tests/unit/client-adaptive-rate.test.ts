/**
 * The adaptive rate (AIMD) as data: named cases of `nextRateState`, the rate-header reading, the pacer wired to it
 * on a fake clock, and a deterministic model of K independent clients sharing one partner tenant's token bucket
 * (the emulator's rule: 500/min, a few seconds' burst, 429 with Retry-After = time to the next token).
 */
import * as assert from "assert";

import {
    createPacer,
    DEFAULT_ADAPTIVE_RATE_POLICY,
    initialRateState,
    nextRateState,
    rateHeadersSignal,
    resolveAdaptiveRatePolicy,
    type AdaptiveRatePolicy,
    type AdaptiveRateState,
    type RateSignal,
} from "pulumi-partnercenter/client";

import { FakeClock } from "./client-fakes";

const policy = resolveAdaptiveRatePolicy();

interface Case {
    name: string;
    state: Partial<AdaptiveRateState>;
    signal: RateSignal;
    expect: Partial<AdaptiveRateState>;
}

const base: AdaptiveRateState = {
    requestsPerMinute: 300,
    updatedAt: 10_000,
    lastDecreaseAt: Number.NEGATIVE_INFINITY,
    holdMs: 0,
    decreases: 0,
    slowStart: false,
};

const cases: Case[] = [
    {
        name: "additive increase: 4/min per second without a throttle",
        state: {},
        signal: { kind: "accepted", at: 15_000 },
        expect: { requestsPerMinute: 320, updatedAt: 15_000 },
    },
    {
        name: "the increase stops at the ceiling (the documented 500/min)",
        state: { requestsPerMinute: 499 },
        signal: { kind: "accepted", at: 20_000 },
        expect: { requestsPerMinute: 500 },
    },
    {
        name: "slow start doubles per second until the first throttle",
        state: { requestsPerMinute: 100, slowStart: true },
        signal: { kind: "accepted", at: 12_000 },
        expect: { requestsPerMinute: 400, slowStart: true },
    },
    {
        name: "multiplicative decrease: a throttle cuts to 60 %",
        state: {},
        signal: { kind: "throttled", at: 11_000 },
        expect: { requestsPerMinute: 180, lastDecreaseAt: 11_000, holdMs: 2000, decreases: 1 },
    },
    {
        name: "the first throttle halves the rate and ends the slow start",
        state: { requestsPerMinute: 400, slowStart: true },
        signal: { kind: "throttled", at: 11_000 },
        expect: { requestsPerMinute: 200, slowStart: false, decreases: 1 },
    },
    {
        name: "throttles within the hold are the same congestion event: no second cut",
        state: { lastDecreaseAt: 9_500, holdMs: 2000, decreases: 1 },
        signal: { kind: "throttled", at: 11_000 },
        expect: { requestsPerMinute: 300, decreases: 1 },
    },
    {
        name: "a Retry-After longer than the hold lengthens it",
        state: {},
        signal: { kind: "throttled", at: 11_000, retryAfterMs: 57_000 },
        expect: { holdMs: 57_000 },
    },
    {
        name: "never below the floor",
        state: { requestsPerMinute: 12 },
        signal: { kind: "throttled", at: 11_000 },
        expect: { requestsPerMinute: 10 },
    },
    {
        name: "a signal older than the state (out-of-order response) gains nothing",
        state: {},
        signal: { kind: "accepted", at: 5_000 },
        expect: { requestsPerMinute: 300, updatedAt: 10_000 },
    },
];

describe("client: adaptive rate (AIMD)", () => {
    for (const c of cases) {
        it(c.name, () => {
            const next = nextRateState(policy, { ...base, ...c.state }, c.signal);
            for (const [key, value] of Object.entries(c.expect)) {
                const actual = next[key as keyof AdaptiveRateState];
                if (typeof value === "number") {
                    assert.ok(Math.abs((actual as number) - value) < 1e-9, `${key}: ${String(actual)} != ${value}`);
                } else {
                    assert.strictEqual(actual, value, key);
                }
            }
        });
    }

    it("defaults and knobs: ceiling 500/min, start 100/min in slow start; bad knobs are named", () => {
        assert.strictEqual(DEFAULT_ADAPTIVE_RATE_POLICY.maxRequestsPerMinute, 500);
        const first = initialRateState(policy, 0);
        assert.deepStrictEqual([first.requestsPerMinute, first.slowStart], [100, true]);
        assert.strictEqual(resolveAdaptiveRatePolicy({ maxRequestsPerMinute: 50 }).initialRequestsPerMinute, 50);
        assert.throws(() => resolveAdaptiveRatePolicy({ decreaseFactor: 1 }), /decreaseFactor must be between 0/);
        assert.throws(() => resolveAdaptiveRatePolicy({ increasePerSecond: -1 }), /increasePerSecond/);
        assert.throws(() => resolveAdaptiveRatePolicy({ maxRequestsPerMinute: 0 }), /maxRequestsPerMinute/);
    });

    it("rate headers at 0 remaining count as a throttle; anything else says nothing", () => {
        const headers = (h: Record<string, string>) => (name: string) => h[name];
        assert.deepStrictEqual(rateHeadersSignal(headers({ "ratelimit-remaining": "0" }), 5), {
            kind: "throttled",
            at: 5,
        });
        assert.strictEqual(rateHeadersSignal(headers({ "x-ratelimit-remaining": "0" }), 5)?.kind, "throttled");
        assert.strictEqual(rateHeadersSignal(headers({ "x-ratelimit-remaining": "12" }), 5), undefined);
        assert.strictEqual(rateHeadersSignal(headers({}), 5), undefined);
    });

    it("the pacer follows the adaptive rate: slow start, a cut on a throttle, no burst after the pause", async () => {
        const clock = new FakeClock();
        const pacer = createPacer({ requestsPerMinute: 500, adaptive: {} }, clock);
        assert.strictEqual(pacer.requestsPerMinute, 100);
        for (let i = 0; i < 9; i++) {
            (await pacer.acquire())(); // the burst: one second of the ceiling, at once
        }
        assert.deepStrictEqual(clock.sleeps, []);
        clock.advance(2_000);
        pacer.record({ kind: "accepted", at: clock.now() });
        assert.strictEqual(pacer.requestsPerMinute, 400);
        pacer.pauseUntil(clock.now() + 1_000);
        pacer.record({ kind: "throttled", at: clock.now(), retryAfterMs: 1_000 });
        assert.strictEqual(pacer.requestsPerMinute, 200);
        assert.strictEqual(pacer.adaptiveState?.slowStart, false);
        // Nothing saved up before or during the 1 s pause: one request when it ends, the next 300 ms later (200/min).
        const start = clock.now();
        (await pacer.acquire())();
        assert.strictEqual(clock.now() - start, 1_000);
        (await pacer.acquire())();
        assert.strictEqual(clock.now() - start, 1_300);
    });

    it("a fixed rate ignores the signals", () => {
        const pacer = createPacer({ requestsPerMinute: 450 }, new FakeClock());
        pacer.record({ kind: "throttled", at: 0 });
        assert.strictEqual(pacer.requestsPerMinute, 450);
        assert.strictEqual(pacer.adaptiveState, undefined);
    });
});

// ---- A model of K independent clients on one tenant --------------------------------------------------------

/** Jain's fairness index: 1 = equal shares, 1/K = one client takes everything. */
const jain = (xs: number[]) => xs.reduce((a, b) => a + b, 0) ** 2 / (xs.length * xs.reduce((a, b) => a + b * b, 0));
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

interface ModelResult {
    /** Requests accepted per client. */
    accepted: number[];
    /** Requests accepted per client in the second half of the run (after convergence). */
    acceptedLate: number[];
    throttled: number;
    sent: number;
    /** Time (ms) the last client's last request was accepted (finite demand), or the run's end. */
    doneAt: number;
}

/**
 * K clients, each with unlimited demand, its own token bucket (1 s of the ceiling, refilled at its rate), a 16-request concurrency limit
 * and the client's reaction to a 429 (pause every caller for Retry-After, empty bucket, `nextRateState`), against
 * one server bucket. Discrete time, 5 ms steps, responses after `latencyMs`; deterministic.
 */
function model(
    k: number,
    options: {
        seconds: number;
        fixed?: number;
        policy?: AdaptiveRatePolicy;
        burst?: number;
        latencyMs?: number;
        /** Requests each client has to make (default: unlimited); a client that has made them all stops. */
        demand?: number;
        /** When each client starts (ms; default all at 0). */
        startsMs?: number[];
    },
): ModelResult {
    const limit = 500;
    const burst = options.burst ?? 42;
    const latency = options.latencyMs ?? 200;
    const dt = 5;
    const p = options.policy ?? policy;
    let serverTokens = burst;
    const clients = Array.from({ length: k }, (_, i) => ({
        startAt: options.startsMs?.[i] ?? 0,
        started: false,
        state: initialRateState(p, 0),
        tokens: 0,
        pausedUntil: 0,
        inFlight: [] as { at: number; ok: boolean; retryAfterS: number }[],
    }));
    const accepted = clients.map(() => 0);
    const acceptedLate = clients.map(() => 0);
    let throttled = 0;
    let sent = 0;
    let doneAt = 0;
    const demand = options.demand ?? Number.POSITIVE_INFINITY;
    const end = options.seconds * 1000;
    for (let t = 0; t < end; t += dt) {
        if (sum(accepted) >= k * demand) {
            break;
        }
        serverTokens = Math.min(burst, serverTokens + (dt * limit) / 60_000);
        clients.forEach((c, i) => {
            c.inFlight = c.inFlight.filter((r) => {
                if (r.at > t) {
                    return true;
                }
                if (r.ok) {
                    accepted[i]! += 1;
                    doneAt = t;
                    if (t >= end / 2) {
                        acceptedLate[i]! += 1;
                    }
                    c.state = nextRateState(p, c.state, { kind: "accepted", at: t });
                } else {
                    c.pausedUntil = Math.max(c.pausedUntil, t + r.retryAfterS * 1000);
                    c.tokens = Math.min(c.tokens, 1);
                    if (options.fixed === undefined) {
                        c.state = nextRateState(p, c.state, {
                            kind: "throttled",
                            at: t,
                            retryAfterMs: r.retryAfterS * 1000,
                        });
                    }
                }
                return false;
            });
            if (t < c.startAt) {
                return;
            }
            if (!c.started) {
                c.started = true;
                c.state = initialRateState(p, t);
            }
            const rpm = options.fixed ?? c.state.requestsPerMinute;
            if (t >= c.pausedUntil) {
                // The pacer's bucket: one second of the ceiling (500/60), refilled at the current rate.
                c.tokens = Math.min(Math.ceil(500 / 60), c.tokens + (dt * rpm) / 60_000);
            }
            const owed = () => demand - accepted[i]! - c.inFlight.filter((r) => r.ok).length;
            while (c.tokens >= 1 && t >= c.pausedUntil && c.inFlight.length < 16 && owed() > 0) {
                c.tokens -= 1;
                sent += 1;
                const ok = serverTokens >= 1;
                if (ok) {
                    serverTokens -= 1;
                } else {
                    throttled += 1;
                }
                const retryAfterS = ok ? 0 : Math.max(1, Math.ceil((1 - serverTokens) / (limit / 60_000) / 1000));
                c.inFlight.push({ at: t + latency, ok, retryAfterS });
            }
        });
    }
    return { accepted, acceptedLate, throttled, sent, doneAt: Number.isFinite(demand) ? doneAt : end };
}

describe("client: adaptive rate, K clients on one tenant (model)", () => {
    const seconds = 240;
    const bound = (500 / 60) * seconds;

    it("one client runs at the limit (≥ 98 % of 500/min) and is never throttled", () => {
        const r = model(1, { seconds });
        assert.strictEqual(r.throttled, 0);
        assert.ok(sum(r.accepted) >= 0.98 * bound, `${sum(r.accepted)} of ${bound}`);
    });

    for (const [k, max429] of [
        [2, 0.03],
        [3, 0.03],
        [5, 0.06],
    ] as const) {
        it(`${k} clients: ≥ 90 % of the limit together, a fair share each (Jain ≥ 0.95), 429s < ${max429 * 100} %`, () => {
            const r = model(k, { seconds });
            assert.ok(sum(r.accepted) >= 0.9 * bound, `${sum(r.accepted)} of ${bound}`);
            assert.ok(jain(r.acceptedLate) >= 0.95, `late shares ${r.acceptedLate.join(", ")}`);
            assert.ok(r.throttled / r.sent < max429, `${r.throttled} of ${r.sent} throttled`);
        });
    }

    // Stacks of a team rarely start together: each CI job starts its own `pulumi up` when it gets a runner. The
    // tail after the first stack finishes is what a slow additive increase or a slow convergence to fair shares
    // costs (with 2/min per second and a cut to 70 %, the worst of these was 1.21 × the bound).
    const staggers = [
        [0, 0, 0],
        [0, 500, 1000],
        [0, 1500, 3000],
        [0, 2000, 4000],
        [0, 2500, 5000],
        [0, 3500, 7000],
        [0, 4000, 8000],
        [0, 6000, 12000],
        [0, 1000, 6000],
        [0, 3000, 10000],
        [0, 5000, 6000],
        [0, 0, 5000],
    ];
    for (const starts of staggers) {
        it(`3 stacks of 334 starting at ${starts.join("/")} ms: all done within 1.10 × the bound, 429s < 3 %`, () => {
            const r = model(3, { seconds: 400, demand: 334, startsMs: starts });
            const boundMs = ((3 * 334) / 500) * 60_000;
            assert.strictEqual(sum(r.accepted), 3 * 334);
            assert.ok(
                r.doneAt <= 1.1 * boundMs,
                `done at ${r.doneAt} ms, ${(r.doneAt / boundMs).toFixed(3)} × the bound`,
            );
            assert.ok(r.throttled / r.sent < 0.03, `${r.throttled} of ${r.sent} throttled`);
        });
    }

    it("the naive baseline (each client fixed at 450/min) is throttled on more than 10 % of its requests", () => {
        const r = model(3, { seconds, fixed: 450 });
        assert.ok(r.throttled / r.sent > 0.1, `${r.throttled} of ${r.sent}`);
    });
});
