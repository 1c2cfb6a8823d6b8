/**
 * Bulk-onboarding benchmark: the real Pulumi CLI (Automation API) runs examples/bulk-onboarding, whose customers
 * come from a JSON file (so N is not bounded by a command line), against an in-process emulator configured like
 * Partner Center: latency per call and a rate limit per partner tenant (a token bucket with a few seconds' burst).
 *
 *   npm run bench -- [--n 100] [--measures create,preview,refresh,adopt,create-stacks,chain] [--growth 100,1000,3000]
 *                    [--checkpoint-growth 100,200,400]
 *                    [--stacks 3] [--latency-ms 200] [--rpm 500] [--burst N] [--parallel N]
 *                    [--provider-rpm 500] [--provider-concurrency 16] [--naive-rpm 450] [--out bench/results.json]
 *
 * Every `pulumi up` runs in a child process of its own (bench/stack-up.ts), as a CI job would, so the program and
 * the engine's event stream do not share a CPU-bound event loop with the emulator.
 * Every stack runs as the README's bulk recipe says: adaptive pacing (the provider default) and the engine's
 * intermediate checkpoints off (`PULUMI_SKIP_CHECKPOINTS=true`), except `create-checkpointed`.
 *
 * Measures (each against a fresh emulator or stack as noted):
 * - create: one stack creates N customers;
 * - create-checkpointed: the same with the engine's default, a full state write after every step (its cost grows
 *   with N², see README "Bulk runs");
 * - preview / refresh: the same stack, unchanged;
 * - discover / adopt: `discover` lists the N customers of that emulator and writes the bulk file with
 *   `adoptExisting: true`; a new stack adopts them all (no POST, no PUT expected);
 * - create-plugin: the `create` of N customers through the provider plugin (bench/plugin-create.ts: the same customers
 *   as a YAML program, `pulumi up` through the CLI; the time includes the engine's and the plugin's start);
 * - create-stacks: K stacks of N/K customers at once on one partner tenant, each in its own process, adaptive
 *   pacing; create-stacks-naive: the same with each process at a fixed rate (`--naive-rpm`);
 * - growth (`--growth`): create at each N, cost per customer (wall time, state bytes) and the provider host's RSS;
 * - chain: one stack of N entries, each a customer, its CustomerAgreement (the MCA attestation, App-only) and a
 *   GdapRelationship (Graph), against a fresh emulator with every API family's limit (`api/limits.ts`): calls per
 *   API family and per auth flow, and the ratio against the bound of the tightest limit (the family whose calls
 *   need the longest at its rate);
 * - checkpoint cost (`--checkpoint-growth`): create and create-checkpointed at each N, the engine's per-step
 *   state writes' cost over the same create without them, as a share of the bound.
 * Prints a table and merges the measures into bench/results.json (same name and N replaced, others kept).
 */
import { execFileSync, spawn } from "child_process";
import fetch from "node-fetch";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs as parseCommandLine } from "node:util";

import type { EngineEvent, Stack } from "@pulumi/pulumi/automation";
import { discoverCustomers } from "pulumi-partnercenter/cli";
import { createPartnerCenterClient } from "pulumi-partnercenter/client";

import type { ApiFamily } from "pulumi-partnercenter/api";

import { startEmulator, type Emulator, type RequestLogEntry } from "../emulator";
import { familyRateLimit } from "../emulator/settings";
import { ensurePulumiCli, offlinePulumiEnv, openInlineStack, REPO_ROOT } from "../scripts/pulumi-env";
import {
    BULK_PROGRAM_DIR,
    BULK_PROGRAM_MODULE,
    CUSTOMER_TYPE,
    customerArgs,
    OTHER_RESELLER,
    RESELLER,
    type StackPaths,
} from "../tests/e2e/harness";
import { emulatorSettings, emulatorStackConfig } from "../tests/fixtures/emulator-config";
import { pluginBulkProject } from "./plugin-create";

const MEASURES = [
    "create",
    "create-checkpointed",
    "preview",
    "refresh",
    "adopt",
    "create-stacks",
    "chain",
    "create-plugin",
] as const;

/**
 * The README's bulk recipe: the engine writes the whole state after every step by default, which costs O(N²) for
 * one big stack; skipping the intermediate writes is safe here because a crash loses only state entries, which
 * `partnercenter:adoptExisting ifExists` brings back (tests/e2e/trust.test.ts).
 */
const BULK_ENGINE_ENV: Readonly<Record<string, string>> = Object.freeze({ PULUMI_SKIP_CHECKPOINTS: "true" });
type MeasureName = (typeof MEASURES)[number];

interface Options {
    n: number;
    measures: Set<MeasureName>;
    growth: number[];
    /** N of the checkpoint-cost measure (create and create-checkpointed at each). */
    checkpointGrowth: number[];
    stacks: number;
    latencyMs: number;
    rpm: number;
    /** Emulator bucket size; undefined = the emulator's default (5 s of allowance). */
    burst: number | undefined;
    /** `pulumi up --parallel`; default N (every create in flight, as bulk onboarding does). */
    parallel: number | undefined;
    providerRpm: number;
    providerConcurrency: number;
    naiveRpm: number;
    out: string;
}

interface Measure {
    name: string;
    n: number;
    wall_s: number;
    bound_s: number | null;
    ratio: number | null;
    calls: number;
    calls_per_resource: number;
    token_calls: number;
    by_status: Record<string, number>;
    by_operation: Record<string, number>;
    http_429: number;
    http_429_pct: number;
    peak_in_flight: number;
    failed: number | null;
    duplicates: number | null;
    host_rss_mb: number | null;
    /** Seconds from the start of the run to the first call the emulator saw (CLI start, program, checks). */
    first_call_s?: number | null;
    /** Seconds from the last call's answer to the end of the run (the engine's final writes, CLI exit). */
    after_last_call_s?: number | null;
    /** POST /v1/customers and PUT billing profile calls (adopt: both must be 0). */
    creates?: number;
    puts?: number;
    stacks?: number;
    wall_per_customer_ms?: number;
    state_bytes_per_resource?: number | null;
    provider_bytes?: number | null;
    speedup_vs_naive?: number | null;
    /** Calls per API family (`api/limits.ts`; a Graph write counts in graphWrite and graph). */
    by_family?: Record<string, number>;
    /** Calls per auth flow: Partner Center App+User, Partner Center App-only, Graph. */
    by_auth_flow?: Record<string, number>;
    /** chain: the family whose limit gives the bound (its calls need the longest at its rate). */
    bound_family?: string;
    /** checkpoint cost: the same create's wall without per-step state writes, and the cost as a share of the bound. */
    skip_checkpoints_wall_s?: number;
    checkpoint_cost_ratio?: number;
}

function parseOptions(argv: string[]): Options {
    const { values } = parseCommandLine({
        args: argv,
        options: {
            n: { type: "string", default: "100" },
            measures: { type: "string", default: MEASURES.join(",") },
            growth: { type: "string", default: "" },
            "checkpoint-growth": { type: "string", default: "" },
            stacks: { type: "string", default: "3" },
            "latency-ms": { type: "string", default: "200" },
            rpm: { type: "string", default: "500" },
            burst: { type: "string" },
            parallel: { type: "string" },
            "provider-rpm": { type: "string", default: "500" },
            "provider-concurrency": { type: "string", default: "16" },
            "naive-rpm": { type: "string", default: "450" },
            out: { type: "string", default: path.join(REPO_ROOT, "bench", "results.json") },
        },
        strict: true,
        allowPositionals: false,
    });
    const num = (flag: string, raw: string | undefined, min = 0): number => {
        const v = Number(raw);
        if (raw === undefined || !Number.isFinite(v) || v < min) {
            throw new Error(`--${flag} needs a number >= ${min}, got '${String(raw)}'`);
        }
        return v;
    };
    const measures = new Set<MeasureName>();
    for (const m of (values.measures ?? "").split(",").filter((x) => x)) {
        if (!(MEASURES as readonly string[]).includes(m)) {
            throw new Error(`--measures: unknown measure '${m}' (known: ${MEASURES.join(", ")})`);
        }
        measures.add(m as MeasureName);
    }
    const n = Math.floor(num("n", values.n, 1));
    return {
        n,
        measures,
        growth: (values.growth ?? "")
            .split(",")
            .filter((x) => x)
            .map((x) => Math.floor(num("growth", x, 1))),
        checkpointGrowth: (values["checkpoint-growth"] ?? "")
            .split(",")
            .filter((x) => x)
            .map((x) => Math.floor(num("checkpoint-growth", x, 1))),
        stacks: Math.floor(num("stacks", values.stacks, 1)),
        latencyMs: num("latency-ms", values["latency-ms"]),
        rpm: num("rpm", values.rpm),
        burst: values.burst === undefined ? undefined : num("burst", values.burst, 1),
        parallel: values.parallel === undefined ? undefined : Math.floor(num("parallel", values.parallel, 1)),
        providerRpm: num("provider-rpm", values["provider-rpm"]),
        providerConcurrency: Math.floor(num("provider-concurrency", values["provider-concurrency"])),
        naiveRpm: num("naive-rpm", values["naive-rpm"]),
        out: path.resolve(values.out ?? ""),
    };
}

/** Peak RSS (MB) of the dynamic-provider host processes, sampled every 200 ms while a run is going. */
function sampleProviderRss(): () => number | null {
    let peakKb = 0;
    let seen = false;
    const timer = setInterval(() => {
        try {
            const out = execFileSync("ps", ["-eo", "pid,rss,args"], { encoding: "utf8" });
            for (const line of out.split("\n").slice(1)) {
                const match = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line);
                if (match && match[3]?.includes("dynamic-provider") && Number(match[1]) !== process.pid) {
                    seen = true;
                    peakKb = Math.max(peakKb, Number(match[2]));
                }
            }
        } catch {
            // ps unavailable: no RSS figure.
        }
    }, 200);
    return () => {
        clearInterval(timer);
        return seen ? Math.round((peakKb / 1024) * 10) / 10 : null;
    };
}

async function benchEmulator(opts: Options): Promise<Emulator> {
    return startEmulator({
        quiet: true,
        quota: 0,
        latencyMs: opts.latencyMs,
        ...(opts.rpm > 0
            ? { rateLimit: { requestsPerMinute: opts.rpm, ...(opts.burst !== undefined ? { burst: opts.burst } : {}) } }
            : {}),
    });
}

/**
 * Write a bulk-onboarding file of `n` new customers (alternating two resellers); with `chain`, each entry also
 * names an MCA signatory (a CustomerAgreement) and a GDAP relationship. Returns its path.
 */
function writeCustomersFile(dir: string, label: string, n: number, chain = false): string {
    const entries = Array.from({ length: n }, (_, i) => {
        const args = customerArgs(`b${label}${i}`) as { billingProfile: unknown };
        return {
            name: `c${String(i).padStart(5, "0")}`,
            resellerId: i % 2 === 0 ? RESELLER : OTHER_RESELLER,
            domain: `b${label}${i}.onmicrosoft.com`,
            billingProfile: args.billingProfile,
            ...(chain
                ? {
                      signatory: { firstName: "Pat", lastName: `Admin${i}`, email: `pat@b${label}${i}.example` },
                      gdap: {
                          displayName: `Bench ${label} ${i} support`,
                          roles: ["Helpdesk Administrator", "Global Reader"],
                          onDelete: "retain",
                      },
                  }
                : {}),
        };
    });
    const file = path.join(dir, `customers-${label}.json`);
    fs.writeFileSync(file, JSON.stringify(entries));
    return file;
}

interface Session {
    stack: Stack;
    paths: StackPaths;
    /** Engine settings of this stack's runs (passed on to the create-stacks child processes too). */
    engineEnv: Readonly<Record<string, string>>;
    exportState(): string;
    dispose(): void;
}

const PACING_ADAPTIVE = (opts: Options) => ({
    "partnercenter:pacing": "adaptive",
    "partnercenter:requestsPerMinute": String(opts.providerRpm),
    "partnercenter:maxConcurrency": String(opts.providerConcurrency),
});
const PACING_FIXED = (opts: Options) => ({
    "partnercenter:pacing": "fixed",
    "partnercenter:requestsPerMinute": String(opts.naiveRpm),
    "partnercenter:maxConcurrency": String(opts.providerConcurrency),
});

/** A stack of examples/bulk-onboarding with its own file backend, reading `customersFile`. */
async function openSession(
    binDir: string,
    root: string,
    emulator: Emulator,
    label: string,
    customersFile: string,
    providerConfig: Record<string, string>,
    engineEnv: Readonly<Record<string, string>> = BULK_ENGINE_ENV,
): Promise<Session> {
    const paths: StackPaths = {
        binDir,
        pulumiHome: path.join(root, `home-${label}`),
        backendDir: path.join(root, `state-${label}`),
        passphrase: "bench-passphrase",
        workDir: BULK_PROGRAM_DIR,
        stackName: `bench${process.pid}${label.replace(/[^a-z0-9]/gi, "")}`,
        programModule: BULK_PROGRAM_MODULE,
    };
    const env = { ...offlinePulumiEnv(paths), ...engineEnv };
    const stack = await openInlineStack({ ...paths, env });
    await stack.setAllConfig({
        ...emulatorStackConfig(emulator, { domainPreflight: "create" }),
        ...Object.fromEntries(Object.entries(providerConfig).map(([k, v]) => [k, { value: v }])),
        customersFile: { value: customersFile },
    });
    return {
        stack,
        paths,
        engineEnv,
        exportState() {
            return execFileSync(path.join(binDir, "pulumi"), ["stack", "export", "--stack", stack.name], {
                cwd: BULK_PROGRAM_DIR,
                env,
                encoding: "utf8",
                maxBuffer: 1024 * 1024 * 1024,
            });
        },
        dispose() {
            // The workspace writes the stack's settings next to the program's Pulumi.yaml.
            fs.rmSync(path.join(BULK_PROGRAM_DIR, `Pulumi.${paths.stackName}.yaml`), { force: true });
        },
    };
}

interface RunStats {
    wallS: number;
    /** Clock time (ms) the run started and ended. */
    startedAt: number;
    endedAt: number;
    entries: RequestLogEntry[];
    tokenCalls: number;
    failed: number;
    rssMb: number | null;
    error: string | undefined;
}

/** Run something, timing it and collecting the emulator's requests, failed steps and the provider host's RSS. */
async function timed(
    emulator: Emulator,
    run: (onEvent: (e: EngineEvent) => void) => Promise<RunReport | unknown>,
): Promise<RunStats> {
    const start = emulator.requestLog.length;
    let failed = 0;
    const stopRss = sampleProviderRss();
    const startedAt = Date.now();
    const t0 = process.hrtime.bigint();
    let error: string | undefined;
    let reported: RunReport | undefined;
    try {
        const result = await run((event) => {
            if (event.resOpFailedEvent) {
                failed += 1;
            }
        });
        if (result && typeof result === "object" && typeof (result as { failed?: unknown }).failed === "number") {
            reported = result as RunReport;
            failed += reported.failed;
        }
    } catch (e) {
        error = e instanceof Error ? e.message : String(e);
    }
    const ownWallS = Number(process.hrtime.bigint() - t0) / 1e9;
    const ownEndedAt = Date.now();
    const rssMb = stopRss();
    const all = emulator.requestLog.slice(start);
    // A child process's `pulumi up` reports its own times: its process start and stack selection are not the up's.
    const childTimes = reported?.startedAt !== undefined && reported.endedAt !== undefined;
    return {
        wallS: childTimes ? (reported!.endedAt! - reported!.startedAt!) / 1000 : ownWallS,
        startedAt: childTimes ? reported!.startedAt! : startedAt,
        endedAt: childTimes ? reported!.endedAt! : ownEndedAt,
        entries: all.filter((r) => r.operation !== "token"),
        tokenCalls: all.filter((r) => r.operation === "token").length,
        failed,
        rssMb,
        error,
    };
}

/** Agreements' attestations and GDAP relationships made twice for one entry (same signatory email, same name). */
async function chainDuplicatesOf(emulator: Emulator): Promise<number> {
    const get = async (p: string) => (await (await fetch(`${emulator.url}${p}`)).json()) as unknown;
    const attestations = (await get("/_emulator/attestations")) as {
        signatoryLastName?: string;
        companyName?: string;
    }[];
    const gdap = (await get("/_emulator/gdap")) as { relationships: { displayName: string }[] };
    const repeated = (keys: string[]) => keys.length - new Set(keys).size;
    return (
        repeated(attestations.map((a) => `${a.companyName ?? ""}|${a.signatoryLastName ?? ""}`)) +
        repeated(gdap.relationships.map((r) => r.displayName))
    );
}

/** Entries of the chain whose attestation or GDAP relationship is missing (a failure the engine may not report). */
async function chainShortfall(emulator: Emulator, n: number): Promise<number> {
    const get = async (p: string) => (await (await fetch(`${emulator.url}${p}`)).json()) as unknown;
    const attestations = ((await get("/_emulator/attestations")) as unknown[]).length;
    const relationships = ((await get("/_emulator/gdap")) as { relationships: unknown[] }).relationships.length;
    const customers = emulator.store.list().filter((c) => c.domain.startsWith("bchain")).length;
    return Math.max(0, n - customers) + Math.max(0, n - attestations) + Math.max(0, n - relationships);
}

function duplicatesOf(emulator: Emulator): number {
    const domains = emulator.store.list().map((c) => c.domain.toLowerCase());
    return domains.length - new Set(domains).size;
}

function tally(entries: RequestLogEntry[], key: (e: RequestLogEntry) => string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const e of entries) {
        out[key(e)] = (out[key(e)] ?? 0) + 1;
    }
    return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

/** Like {@link tally}, for entries that count under several keys (a Graph write: graphWrite and graph). */
function tallyMany(entries: RequestLogEntry[], keys: (e: RequestLogEntry) => string[]): Record<string, number> {
    const out: Record<string, number> = {};
    for (const e of entries) {
        for (const k of keys(e)) {
            out[k] = (out[k] ?? 0) + 1;
        }
    }
    return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

/** The auth flow of a call: Graph (App-only token for the Graph audience), or Partner Center's App+User / App-only. */
function authFlowOf(e: RequestLogEntry): string {
    if (e.path.startsWith("/graph")) {
        return "Graph";
    }
    return e.authFlow === "appOnly" ? "Partner Center App-only" : "Partner Center App+User";
}

/**
 * The bound of the tightest limit: for each API family, its calls at its rate (the emulator's, i.e. the published
 * or assumed limit); the longest of them, and the family it is.
 */
function tightestBound(entries: RequestLogEntry[], emulator: Emulator): { bound_s: number; bound_family: string } {
    let best = { bound_s: 0, bound_family: "-" };
    for (const [family, calls] of Object.entries(tallyMany(entries, (e) => e.families ?? []))) {
        const rpm = familyRateLimit(emulator.options, family as ApiFamily)?.requestsPerMinute ?? 0;
        const seconds = rpm > 0 ? (60 * calls) / rpm : 0;
        if (seconds > best.bound_s) {
            best = { bound_s: seconds, bound_family: family };
        }
    }
    return best;
}

/** Most requests overlapping in time (arrival to response), from the emulator's log. */
function peakInFlight(entries: RequestLogEntry[]): number {
    const events: [number, number][] = [];
    for (const e of entries) {
        const start = Date.parse(e.time);
        events.push([start, 1], [start + (e.durationMs ?? 0), -1]);
    }
    events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let now = 0;
    let peak = 0;
    for (const [, delta] of events) {
        now += delta;
        peak = Math.max(peak, now);
    }
    return peak;
}

const round = (v: number, digits = 2): number => Math.round(v * 10 ** digits) / 10 ** digits;

/** The best any client can do: every call at the service's rate (the issue's bound: calls / 500 per min). */
function boundS(calls: number, opts: Options): number | null {
    return opts.rpm > 0 ? calls / (opts.rpm / 60) : null;
}

function measure(name: string, n: number, opts: Options, stats: RunStats, extra: Partial<Measure> = {}): Measure {
    const calls = stats.entries.length;
    const http429 = stats.entries.filter((e) => e.status === 429).length;
    const bound = extra.bound_s !== undefined ? extra.bound_s : boundS(calls, opts);
    if (stats.error) {
        console.error(`${name} failed: ${stats.error.slice(-2000)}`);
    }
    return {
        name,
        n,
        wall_s: round(stats.wallS),
        bound_s: bound === null ? null : round(bound),
        ratio: bound === null || bound === 0 ? null : round(stats.wallS / bound, 3),
        calls,
        calls_per_resource: round(calls / n),
        token_calls: stats.tokenCalls,
        by_status: tally(stats.entries, (e) => String(e.status)),
        by_operation: tally(stats.entries, (e) => e.operation),
        http_429: http429,
        http_429_pct: calls > 0 ? round((100 * http429) / calls) : 0,
        peak_in_flight: peakInFlight(stats.entries),
        failed: stats.failed + (stats.error !== undefined && stats.failed === 0 ? 1 : 0),
        duplicates: null,
        host_rss_mb: stats.rssMb,
        ...callWindow(stats),
        creates: stats.entries.filter((e) => e.operation === "createCustomer").length,
        puts: stats.entries.filter((e) => e.operation === "updateBillingProfile").length,
        by_family: tallyMany(stats.entries, (e) => e.families ?? []),
        by_auth_flow: tally(stats.entries, authFlowOf),
        ...extra,
    };
}

/** Where the calls sat in the run: time before the first and after the last (both null without calls). */
function callWindow(stats: RunStats): { first_call_s: number | null; after_last_call_s: number | null } {
    if (stats.entries.length === 0) {
        return { first_call_s: null, after_last_call_s: null };
    }
    const starts = stats.entries.map((e) => Date.parse(e.time));
    const ends = stats.entries.map((e) => Date.parse(e.time) + (e.durationMs ?? 0));
    return {
        first_call_s: round((Math.min(...starts) - stats.startedAt) / 1000),
        after_last_call_s: round((stats.endedAt - Math.max(...ends)) / 1000),
    };
}

function stateSizes(stateJson: string): { providerBytes: number | null; stateBytesPerResource: number | null } {
    const state = JSON.parse(stateJson) as {
        deployment?: {
            resources?: { type: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> }[];
        };
    };
    const customers = (state.deployment?.resources ?? []).filter((r) => r.type === CUSTOMER_TYPE);
    if (customers.length === 0) {
        return { providerBytes: null, stateBytesPerResource: null };
    }
    const providerBytes = Math.max(
        ...customers.map((r) =>
            Buffer.byteLength(JSON.stringify(r.outputs?.["__provider"] ?? r.inputs?.["__provider"] ?? "")),
        ),
    );
    return { providerBytes, stateBytesPerResource: Math.round(Buffer.byteLength(stateJson) / customers.length) };
}

/** What a run reports about itself; `timed` prefers its clock times to its own. */
interface RunReport {
    failed: number;
    /** Clock times (ms) of the `pulumi up` calls: the first start and the last end. */
    startedAt?: number;
    endedAt?: number;
}

/** `pulumi up` of several stacks at once, each in its own process (bench/stack-up.ts). */
async function upInProcesses(sessions: Session[], parallel: number | undefined): Promise<RunReport> {
    type ChildResult = { ok: boolean; failed: number; startedAt?: number; endedAt?: number; error?: string };
    const results = await Promise.all(
        sessions.map(
            (s) =>
                new Promise<ChildResult>((resolve) => {
                    const child = spawn(process.execPath, [...process.execArgv, path.join(__dirname, "stack-up.js")], {
                        env: {
                            ...process.env,
                            ...s.engineEnv,
                            BENCH_STACK: JSON.stringify({ ...s.paths, ...(parallel ? { parallel } : {}) }),
                        },
                        stdio: ["ignore", "pipe", "inherit"],
                    });
                    let out = "";
                    child.stdout.on("data", (b: Buffer) => (out += b.toString()));
                    child.on("exit", () => {
                        const line = out.split("\n").find((l) => l.startsWith("BENCH-STACK "));
                        resolve(
                            line
                                ? (JSON.parse(line.slice("BENCH-STACK ".length)) as ChildResult)
                                : { ok: false, failed: 0, error: "no result line" },
                        );
                    });
                }),
        ),
    );
    for (const r of results.filter((x) => !x.ok)) {
        console.error(`a stack failed: ${r.error ?? "?"}`);
    }
    const starts = results.flatMap((r) => (r.startedAt ? [r.startedAt] : []));
    const ends = results.flatMap((r) => (r.endedAt ? [r.endedAt] : []));
    return {
        failed: results.reduce((sum, r) => sum + r.failed + (r.ok || r.failed > 0 ? 0 : 1), 0),
        ...(starts.length === results.length && ends.length === results.length
            ? { startedAt: Math.min(...starts), endedAt: Math.max(...ends) }
            : {}),
    };
}

function printTable(measures: Measure[]): void {
    const cols: [string, (m: Measure) => unknown][] = [
        ["measure", (m) => m.name],
        ["N", (m) => m.n],
        ["wall s", (m) => m.wall_s],
        ["bound s", (m) => m.bound_s ?? "-"],
        ["ratio", (m) => m.ratio ?? "-"],
        ["calls", (m) => m.calls],
        ["calls/cust", (m) => m.calls_per_resource],
        ["429", (m) => `${m.http_429} (${m.http_429_pct}%)`],
        ["POST/PUT", (m) => `${m.creates ?? 0}/${m.puts ?? 0}`],
        ["failed", (m) => m.failed ?? "-"],
        ["dups", (m) => m.duplicates ?? "-"],
        ["host RSS MB", (m) => m.host_rss_mb ?? "-"],
        ["1st call s", (m) => m.first_call_s ?? "-"],
        ["after last s", (m) => m.after_last_call_s ?? "-"],
    ];
    const rows = measures.map((m) => cols.map(([, f]) => String(f(m))));
    const header = cols.map(([h]) => h);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
    const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
    console.log(line(header));
    console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
    for (const r of rows) {
        console.log(line(r));
    }
}

async function main(): Promise<void> {
    const opts = parseOptions(process.argv.slice(2));
    const binDir = ensurePulumiCli();
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "pc-bench-"));
    const parallel = opts.parallel ?? opts.n;
    const measures: Measure[] = [];
    const sessions: Session[] = [];
    const emulators: Emulator[] = [];
    const open = async (...args: Parameters<typeof openSession> extends [unknown, unknown, ...infer R] ? R : never) => {
        const s = await openSession(binDir, root, ...args);
        sessions.push(s);
        return s;
    };
    const emulator = async () => {
        const e = await benchEmulator(opts);
        emulators.push(e);
        return e;
    };
    console.log(
        `bench: N=${opts.n}, emulator ${opts.latencyMs} ms/call, ${opts.rpm} requests/min per tenant ` +
            `(burst ${opts.burst ?? "default: 5 s of allowance"}), pulumi up --parallel ${parallel}, provider: adaptive ` +
            `pacing up to ${opts.providerRpm}/min x ${opts.providerConcurrency}; measures ${[...opts.measures].join(",")}` +
            `${opts.growth.length ? `; growth at N=${opts.growth.join(",")}` : ""}`,
    );
    try {
        // 1. create, preview, refresh on one stack; discover + adopt on the same emulator.
        const wantsMain = ["create", "preview", "refresh", "adopt"].some((m) => opts.measures.has(m as MeasureName));
        if (wantsMain) {
            const e1 = await emulator();
            const s = await open(e1, "main", writeCustomersFile(root, "main", opts.n), PACING_ADAPTIVE(opts));
            console.log(`create: ${opts.n} customers, one stack...`);
            const create = await timed(e1, () => upInProcesses([s], parallel));
            const sizes = stateSizes(s.exportState());
            if (opts.measures.has("create")) {
                measures.push(
                    measure("create", opts.n, opts, create, {
                        duplicates: duplicatesOf(e1),
                        wall_per_customer_ms: round((1000 * create.wallS) / opts.n, 1),
                        state_bytes_per_resource: sizes.stateBytesPerResource,
                        provider_bytes: sizes.providerBytes,
                    }),
                );
            }
            if (opts.measures.has("preview")) {
                console.log("preview (no change)...");
                const preview = await timed(e1, (onEvent) => s.stack.preview({ parallel, onEvent }));
                measures.push(measure("preview", opts.n, opts, preview, { bound_s: null }));
            }
            if (opts.measures.has("refresh")) {
                console.log("refresh...");
                const refresh = await timed(e1, (onEvent) => s.stack.refresh({ parallel, onEvent }));
                measures.push(measure("refresh", opts.n, opts, refresh, { duplicates: duplicatesOf(e1) }));
            }
            if (opts.measures.has("adopt")) {
                console.log("discover (both resellers)...");
                const file = path.join(root, "discovered.json");
                const { partner } = e1.seed;
                const client = createPartnerCenterClient({
                    apiBase: e1.url,
                    credentials: { kind: "refreshToken", ...partner },
                    pacing: {
                        requestsPerMinute: opts.providerRpm,
                        maxConcurrency: opts.providerConcurrency,
                        adaptive: {},
                    },
                });
                let discovered = 0;
                const discover = await timed(e1, async () => {
                    const result = await discoverCustomers(client, { resellers: [RESELLER, OTHER_RESELLER] });
                    discovered = result.entries.length;
                    fs.writeFileSync(file, JSON.stringify(result.entries));
                });
                measures.push(measure("discover", opts.n, opts, discover));
                if (discovered !== opts.n) {
                    console.error(`discover found ${discovered} customers, expected ${opts.n}`);
                }
                console.log("adopt: a new stack adopts every discovered customer...");
                const before = e1.store.count();
                const a = await open(e1, "adopt", file, PACING_ADAPTIVE(opts));
                const adopt = await timed(e1, () => upInProcesses([a], parallel));
                const adopted = JSON.parse(a.exportState()) as {
                    deployment?: { resources?: { type: string; outputs?: { adopted?: boolean } }[] };
                };
                const adoptedCount = (adopted.deployment?.resources ?? []).filter(
                    (r) => r.type === CUSTOMER_TYPE && r.outputs?.adopted === true,
                ).length;
                if (adoptedCount !== opts.n || e1.store.count() !== before) {
                    console.error(`adopt: ${adoptedCount} adopted, ${e1.store.count() - before} tenants created`);
                }
                measures.push(
                    measure("adopt", opts.n, opts, adopt, {
                        duplicates: duplicatesOf(e1),
                        failed: adopt.failed + (adoptedCount === opts.n ? 0 : opts.n - adoptedCount),
                    }),
                );
            }
        }

        // 1b. The same create with the engine's default checkpoints (a full state write after every step).
        if (opts.measures.has("create-checkpointed")) {
            const e = await emulator();
            const s = await open(e, "ckpt", writeCustomersFile(root, "ckpt", opts.n), PACING_ADAPTIVE(opts), {});
            console.log(`create-checkpointed: ${opts.n} customers, one stack, the engine's default checkpoints...`);
            const create = await timed(e, () => upInProcesses([s], parallel));
            measures.push(
                measure("create-checkpointed", opts.n, opts, create, {
                    duplicates: duplicatesOf(e),
                    wall_per_customer_ms: round((1000 * create.wallS) / opts.n, 1),
                }),
            );
        }

        // 1c. The same create through the provider plugin (a YAML program of the same customers).
        if (opts.measures.has("create-plugin")) {
            const e = await emulator();
            const project = await pluginBulkProject({
                binDir,
                root,
                customersFile: writeCustomersFile(root, "plugin", opts.n),
                settings: {
                    ...emulatorSettings(e, { domainPreflight: "create" }),
                    ...Object.fromEntries(
                        Object.entries(PACING_ADAPTIVE(opts)).map(([k, v]) => [k.replace(/^partnercenter:/, ""), v]),
                    ),
                },
                engineEnv: BULK_ENGINE_ENV,
            });
            console.log(`create-plugin: ${opts.n} customers, one stack, through pulumi-resource-partnercenter...`);
            const create = await timed(e, () => project.up(parallel));
            measures.push(
                measure("create-plugin", opts.n, opts, create, {
                    duplicates: duplicatesOf(e),
                    wall_per_customer_ms: round((1000 * create.wallS) / opts.n, 1),
                }),
            );
        }

        // 2. K stacks of N/K at once on one partner tenant: adaptive, then the naive fixed rate.
        if (opts.measures.has("create-stacks")) {
            const per = Math.ceil(opts.n / opts.stacks);
            for (const [name, pacing] of [
                ["create-stacks", PACING_ADAPTIVE(opts)],
                ["create-stacks-naive", PACING_FIXED(opts)],
            ] as const) {
                const e = await emulator();
                const stacks: Session[] = [];
                for (let k = 0; k < opts.stacks; k++) {
                    const label = `${name === "create-stacks" ? "ks" : "kn"}${k}`;
                    stacks.push(await open(e, label, writeCustomersFile(root, label, per), pacing));
                }
                console.log(`${name}: ${opts.stacks} stacks x ${per} customers at once, one partner tenant...`);
                const run = await timed(e, () => upInProcesses(stacks, Math.ceil(parallel / opts.stacks)));
                measures.push(
                    measure(name, per * opts.stacks, opts, run, { duplicates: duplicatesOf(e), stacks: opts.stacks }),
                );
            }
            const adaptive = measures.find((m) => m.name === "create-stacks");
            const naive = measures.find((m) => m.name === "create-stacks-naive");
            if (adaptive && naive && adaptive.wall_s > 0) {
                adaptive.speedup_vs_naive = round(naive.wall_s / adaptive.wall_s);
            }
        }

        // 2b. The whole chain in bulk: customer + CustomerAgreement + GdapRelationship per entry, one stack.
        if (opts.measures.has("chain")) {
            const e = await emulator();
            const s = await open(e, "chain", writeCustomersFile(root, "chain", opts.n, true), PACING_ADAPTIVE(opts));
            console.log(`chain: ${opts.n} x (customer + CustomerAgreement + GdapRelationship), one stack...`);
            const run = await timed(e, () => upInProcesses([s], parallel * 3));
            const tightest = tightestBound(run.entries, e);
            const chainDuplicates = duplicatesOf(e) + (await chainDuplicatesOf(e));
            measures.push(
                measure("chain", opts.n, opts, run, {
                    bound_s: round(tightest.bound_s),
                    ratio: tightest.bound_s > 0 ? round(run.wallS / tightest.bound_s, 3) : null,
                    bound_family: tightest.bound_family,
                    duplicates: chainDuplicates,
                    failed: run.failed + (await chainShortfall(e, opts.n)),
                }),
            );
        }

        // 2c. Checkpoint cost: create with and without the engine's per-step state writes at each N.
        for (const n of opts.checkpointGrowth) {
            const walls: Record<string, RunStats> = {};
            for (const [label, engineEnv] of [
                ["skip", BULK_ENGINE_ENV],
                ["ckpt", {}],
            ] as const) {
                const e = await emulator();
                const s = await open(
                    e,
                    `cg${label}${n}`,
                    writeCustomersFile(root, `cg${label}${n}`, n),
                    PACING_ADAPTIVE(opts),
                    engineEnv,
                );
                console.log(
                    `checkpoint cost: create ${n} (${label === "skip" ? "PULUMI_SKIP_CHECKPOINTS" : "checkpoints"})...`,
                );
                walls[label] = await timed(e, () => upInProcesses([s], opts.parallel ?? n));
            }
            const [skip, ckpt] = [walls["skip"]!, walls["ckpt"]!];
            const m = measure("checkpoint-cost", n, opts, ckpt, {
                wall_per_customer_ms: round((1000 * ckpt.wallS) / n, 1),
            });
            m.skip_checkpoints_wall_s = round(skip.wallS);
            if (m.bound_s) {
                m.checkpoint_cost_ratio = round((ckpt.wallS - skip.wallS) / m.bound_s, 3);
            }
            measures.push(m);
        }

        // 3. Cost growth: create at each N (the main create is reused at its N).
        for (const n of opts.growth) {
            const known = measures.find((m) => m.name === "create" && m.n === n);
            if (known) {
                measures.push({ ...known, name: "growth" });
                continue;
            }
            const e = await emulator();
            const s = await open(e, `g${n}`, writeCustomersFile(root, `g${n}`, n), PACING_ADAPTIVE(opts));
            console.log(`growth: create ${n}...`);
            const create = await timed(e, () => upInProcesses([s], opts.parallel ?? n));
            const sizes = stateSizes(s.exportState());
            measures.push(
                measure("growth", n, opts, create, {
                    duplicates: duplicatesOf(e),
                    wall_per_customer_ms: round((1000 * create.wallS) / n, 1),
                    state_bytes_per_resource: sizes.stateBytesPerResource,
                    provider_bytes: sizes.providerBytes,
                }),
            );
        }
    } finally {
        for (const s of sessions) {
            s.dispose();
        }
        await Promise.all(emulators.map((e) => e.close()));
        fs.rmSync(root, { recursive: true, force: true });
    }

    printTable(measures);
    for (const m of measures.filter((x) => ["growth", "create", "create-checkpointed"].includes(x.name))) {
        console.log(
            `${m.name} N=${m.n}: ${m.wall_per_customer_ms ?? "-"} ms/customer, ${m.state_bytes_per_resource ?? "-"} ` +
                `state bytes/customer (__provider ${m.provider_bytes ?? "-"} B), provider host peak RSS ${m.host_rss_mb ?? "-"} MB`,
        );
    }
    for (const m of measures) {
        console.log(
            `${m.name}: by status ${JSON.stringify(m.by_status)}, by operation ${JSON.stringify(m.by_operation)}, ` +
                `by family ${JSON.stringify(m.by_family ?? {})}, by auth flow ${JSON.stringify(m.by_auth_flow ?? {})}` +
                (m.bound_family ? `; bound by ${m.bound_family}` : ""),
        );
    }
    for (const m of measures.filter((x) => x.name === "checkpoint-cost")) {
        console.log(
            `checkpoint cost N=${m.n}: ${m.wall_s} s with per-step state writes, ${m.skip_checkpoints_wall_s ?? "-"} s ` +
                `without; the writes cost ${m.checkpoint_cost_ratio ?? "-"} x the bound (${m.bound_s ?? "-"} s)`,
        );
    }
    // Merge: a measure replaces the one of the same name and N; the others stay.
    let kept: Measure[];
    try {
        const previous = JSON.parse(fs.readFileSync(opts.out, "utf8")) as unknown;
        kept = Array.isArray(previous)
            ? (previous as Measure[]).filter((p) => !measures.some((m) => m.name === p.name && m.n === p.n))
            : [];
    } catch {
        kept = [];
    }
    fs.mkdirSync(path.dirname(opts.out), { recursive: true });
    const tmp = `${opts.out}.tmp`;
    fs.writeFileSync(tmp, `${JSON.stringify([...kept, ...measures], null, 2)}\n`);
    fs.renameSync(tmp, opts.out);
    console.log(`wrote ${path.relative(process.cwd(), opts.out) || opts.out}`);
}

main().catch((e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exit(1);
});
