/**
 * Bulk-onboarding benchmark: the real Pulumi CLI (Automation API, inline program `tests/e2e/program`) creates N
 * customers against an in-process emulator configured like Partner Center (latency per call, requests per minute
 * per partner tenant), with the provider's pacing on and off, then previews, refreshes and exports the stack.
 *
 *   npm run bench -- --n 100 --latency-ms 200 --rpm 500 [--burst <emulator bucket size>] [--parallel <n>]
 *
 * Defaults model bulk onboarding as the issue describes it: every create in flight at once (`--parallel` = N), a
 * service that throttles bursts (10-request bucket), and the provider in bulk mode (`--domain-preflight create`).
 * Prints a table and writes bench/results.json.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import type { EngineEvent, Stack } from "@pulumi/pulumi/automation";

import { startEmulator, type Emulator, type RequestLogEntry } from "../emulator";
import { ensurePulumiCli, offlinePulumiEnv, openInlineStack, REPO_ROOT } from "../scripts/pulumi-env";
import { CUSTOMER_TYPE, customerArgs, PROGRAM_DIR, PROGRAM_MODULE } from "../tests/e2e/harness";
import { emulatorStackConfig } from "../tests/fixtures/emulator-config";

interface Options {
    n: number;
    latencyMs: number;
    rpm: number;
    /** Emulator bucket size (default 10); undefined (`--burst 0`) = the emulator's default, a minute's allowance. */
    burst: number | undefined;
    /** `pulumi up --parallel` (default N); undefined (`--parallel 0`) = the CLI's default (4 per CPU). */
    parallel: number | undefined;
    /** Provider pacing used for the paced runs (the provider defaults). */
    providerRpm: number;
    providerConcurrency: number;
    skipNaive: boolean;
    /** `partnercenter:domainPreflight` for every run: `check` (the provider default) or `create` (bulk mode). */
    domainPreflight: "check" | "create";
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
    /** Most API requests in flight at once at the emulator (per operation in `peak_in_flight_by_operation`). */
    peak_in_flight: number;
    peak_in_flight_by_operation: Record<string, number>;
    failed: number | null;
    duplicates: number | null;
    host_rss_mb: number | null;
    provider_bytes?: number | null;
    state_bytes_per_resource?: number | null;
    speedup_vs_naive?: number | null;
}

function parseArgs(argv: string[]): Options {
    const opts: Options = {
        n: 100,
        latencyMs: 200,
        rpm: 500,
        burst: 10,
        parallel: -1, // N, once --n is known
        providerRpm: 450,
        providerConcurrency: 16,
        skipNaive: false,
        domainPreflight: "create",
        out: path.join(REPO_ROOT, "bench", "results.json"),
    };
    for (let i = 0; i < argv.length; i++) {
        const flag = argv[i];
        const value = (): number => {
            const raw = argv[++i];
            const v = Number(raw);
            if (raw === undefined || !Number.isFinite(v) || v < 0) {
                throw new Error(`${flag} needs a non-negative number, got '${String(raw)}'`);
            }
            return v;
        };
        switch (flag) {
            case "--n":
                opts.n = Math.floor(value());
                break;
            case "--latency-ms":
                opts.latencyMs = value();
                break;
            case "--rpm":
                opts.rpm = value();
                break;
            case "--burst": {
                const burst = value();
                opts.burst = burst > 0 ? burst : undefined;
                break;
            }
            case "--parallel": {
                const parallel = Math.floor(value());
                opts.parallel = parallel > 0 ? parallel : undefined;
                break;
            }
            case "--provider-rpm":
                opts.providerRpm = value();
                break;
            case "--provider-concurrency":
                opts.providerConcurrency = Math.floor(value());
                break;
            case "--skip-naive":
                opts.skipNaive = true;
                break;
            case "--domain-preflight": {
                const mode = argv[++i];
                if (mode !== "check" && mode !== "create") {
                    throw new Error(`--domain-preflight must be check or create, got '${String(mode)}'`);
                }
                opts.domainPreflight = mode;
                break;
            }
            case "--out":
                opts.out = path.resolve(argv[++i] ?? "");
                break;
            default:
                throw new Error(
                    `unknown argument '${String(flag)}' (flags: --n --latency-ms --rpm --burst --parallel ` +
                        `--provider-rpm --provider-concurrency --skip-naive --domain-preflight --out)`,
                );
        }
    }
    if (opts.n < 1) {
        throw new Error("--n must be at least 1");
    }
    if (opts.parallel === -1) {
        opts.parallel = opts.n;
    }
    return opts;
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

interface Session {
    emulator: Emulator;
    stack: Stack;
    exportState(): string;
    dispose(): Promise<void>;
}

async function openSession(
    binDir: string,
    opts: Options,
    label: string,
    providerConfig: Record<string, string>,
): Promise<Session> {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `pc-bench-${label}-`));
    const emulator = await startEmulator({
        quiet: true,
        quota: 0,
        latencyMs: opts.latencyMs,
        ...(opts.rpm > 0
            ? { rateLimit: { requestsPerMinute: opts.rpm, ...(opts.burst !== undefined ? { burst: opts.burst } : {}) } }
            : {}),
    });
    const env = offlinePulumiEnv({
        binDir,
        pulumiHome: path.join(tmp, "home"),
        backendDir: path.join(tmp, "state"),
        passphrase: "bench-passphrase",
    });
    const stackName = `bench${process.pid}${label.replace(/[^a-z0-9]/gi, "")}`;
    const stack = await openInlineStack({
        binDir,
        env,
        workDir: PROGRAM_DIR,
        stackName,
        programModule: PROGRAM_MODULE,
    });
    await stack.setAllConfig({
        ...emulatorStackConfig(emulator, { domainPreflight: opts.domainPreflight }),
        ...Object.fromEntries(Object.entries(providerConfig).map(([k, v]) => [k, { value: v }])),
    });
    const specs = Object.fromEntries(
        Array.from({ length: opts.n }, (_, i) => {
            const name = `c${String(i).padStart(4, "0")}`;
            return [name, customerArgs(`bench${label.replace(/[^a-z0-9]/gi, "")}${i}`)];
        }),
    );
    await stack.setConfig("customers", { value: JSON.stringify(specs) });
    return {
        emulator,
        stack,
        exportState() {
            return execFileSync(path.join(binDir, "pulumi"), ["stack", "export", "--stack", stack.name], {
                cwd: PROGRAM_DIR,
                env,
                encoding: "utf8",
                maxBuffer: 256 * 1024 * 1024,
            });
        },
        async dispose() {
            await emulator.close();
            fs.rmSync(tmp, { recursive: true, force: true });
            // The workspace writes the stack's settings next to the program's Pulumi.yaml.
            fs.rmSync(path.join(PROGRAM_DIR, `Pulumi.${stackName}.yaml`), { force: true });
        },
    };
}

interface RunStats {
    wallS: number;
    entries: RequestLogEntry[];
    tokenCalls: number;
    failed: number;
    rssMb: number | null;
    error: string | undefined;
}

/** Run one stack operation, timing it and collecting the emulator requests, failed steps and provider RSS. */
async function timed(
    emulator: Emulator,
    run: (onEvent: (e: EngineEvent) => void) => Promise<unknown>,
): Promise<RunStats> {
    const start = emulator.requestLog.length > 0 ? (emulator.requestLog[emulator.requestLog.length - 1]?.seq ?? 0) : 0;
    let failed = 0;
    const stopRss = sampleProviderRss();
    const t0 = process.hrtime.bigint();
    let error: string | undefined;
    try {
        await run((event) => {
            if (event.resOpFailedEvent?.metadata.type === CUSTOMER_TYPE) {
                failed += 1;
            }
        });
    } catch (e) {
        error = e instanceof Error ? e.message : String(e);
    }
    const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
    const rssMb = stopRss();
    const all = emulator.requestLog.filter((r) => r.seq > start);
    return {
        wallS,
        entries: all.filter((r) => r.operation !== "token"),
        tokenCalls: all.filter((r) => r.operation === "token").length,
        failed,
        rssMb,
        error,
    };
}

function duplicatesOf(emulator: Emulator): number {
    const perDomain = new Map<string, number>();
    for (const c of emulator.store.list()) {
        const key = c.domain.toLowerCase();
        perDomain.set(key, (perDomain.get(key) ?? 0) + 1);
    }
    return [...perDomain.values()].filter((count) => count > 1).reduce((sum, count) => sum + count - 1, 0);
}

function tally(entries: RequestLogEntry[], key: (e: RequestLogEntry) => string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const e of entries) {
        out[key(e)] = (out[key(e)] ?? 0) + 1;
    }
    return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
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

/** max(calls / rate, N × latency / parallelism): the best a client can do under the rate limit and the latency. */
function boundS(calls: number, n: number, opts: Options, parallelism: number): number {
    const rateBound = opts.rpm > 0 ? calls / (opts.rpm / 60) : 0;
    const latencyBound = (n * opts.latencyMs) / 1000 / Math.max(1, parallelism);
    return Math.max(rateBound, latencyBound);
}

function measure(
    name: string,
    opts: Options,
    stats: RunStats,
    bound: number | null,
    extra: Partial<Measure> = {},
): Measure {
    const calls = stats.entries.length;
    const http429 = stats.entries.filter((e) => e.status === 429).length;
    return {
        name,
        n: opts.n,
        wall_s: round(stats.wallS),
        bound_s: bound === null ? null : round(bound),
        ratio: bound === null || bound === 0 ? null : round(stats.wallS / bound),
        calls,
        calls_per_resource: round(calls / opts.n),
        token_calls: stats.tokenCalls,
        by_status: tally(stats.entries, (e) => String(e.status)),
        by_operation: tally(stats.entries, (e) => e.operation),
        http_429: http429,
        http_429_pct: calls > 0 ? round((100 * http429) / calls) : 0,
        peak_in_flight: peakInFlight(stats.entries),
        peak_in_flight_by_operation: Object.fromEntries(
            Object.keys(tally(stats.entries, (e) => e.operation)).map((op) => [
                op,
                peakInFlight(stats.entries.filter((e) => e.operation === op)),
            ]),
        ),
        failed: stats.failed + (stats.error !== undefined && stats.failed === 0 ? 1 : 0),
        duplicates: null,
        host_rss_mb: stats.rssMb,
        ...extra,
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

function printTable(measures: Measure[]): void {
    const cols: [string, (m: Measure) => unknown][] = [
        ["measure", (m) => m.name],
        ["N", (m) => m.n],
        ["wall s", (m) => m.wall_s],
        ["bound s", (m) => m.bound_s ?? "-"],
        ["ratio", (m) => m.ratio ?? "-"],
        ["calls", (m) => m.calls],
        ["calls/res", (m) => m.calls_per_resource],
        ["429", (m) => `${m.http_429} (${m.http_429_pct}%)`],
        ["peak in flight", (m) => m.peak_in_flight],
        ["failed", (m) => m.failed ?? "-"],
        ["dups", (m) => m.duplicates ?? "-"],
        ["host RSS MB", (m) => m.host_rss_mb ?? "-"],
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
    const opts = parseArgs(process.argv.slice(2));
    const binDir = ensurePulumiCli();
    const upOptions = opts.parallel !== undefined ? { parallel: opts.parallel } : {};
    const measures: Measure[] = [];
    const sizes: { providerBytes: number | null; stateBytesPerResource: number | null } = {
        providerBytes: null,
        stateBytesPerResource: null,
    };
    console.log(
        `bench: N=${opts.n}, emulator latency ${opts.latencyMs} ms, ${opts.rpm} requests/min` +
            `${opts.burst !== undefined ? ` (burst ${opts.burst})` : " (burst = 1 minute's allowance)"}, ` +
            `pulumi up --parallel ${opts.parallel ?? "unbounded"}, provider pacing ${opts.providerRpm}/min × ${opts.providerConcurrency}, domainPreflight ${opts.domainPreflight}`,
    );

    // 1. create (paced), then preview, refresh and export on the same stack.
    const paced = await openSession(binDir, opts, "paced", {
        "partnercenter:requestsPerMinute": String(opts.providerRpm),
        "partnercenter:maxConcurrency": String(opts.providerConcurrency),
    });
    try {
        console.log("create (pacing on)...");
        const create = await timed(paced.emulator, (onEvent) => paced.stack.up({ ...upOptions, onEvent }));
        if (create.error) {
            console.error(`create failed: ${create.error.slice(0, 2000)}`);
        }
        measures.push(
            measure(
                "create",
                opts,
                create,
                boundS(create.entries.length, opts.n, opts, opts.providerConcurrency || opts.n),
                {
                    duplicates: duplicatesOf(paced.emulator),
                },
            ),
        );

        console.log("preview (no changes)...");
        const preview = await timed(paced.emulator, (onEvent) => paced.stack.preview({ ...upOptions, onEvent }));
        measures.push(measure("preview", opts, preview, null));

        console.log("refresh...");
        const refresh = await timed(paced.emulator, (onEvent) => paced.stack.refresh({ ...upOptions, onEvent }));
        measures.push(
            measure(
                "refresh",
                opts,
                refresh,
                boundS(refresh.entries.length, opts.n, opts, opts.providerConcurrency || opts.n),
                {
                    duplicates: duplicatesOf(paced.emulator),
                },
            ),
        );

        Object.assign(sizes, stateSizes(paced.exportState()));
    } finally {
        await paced.dispose();
    }

    // 2. create with pacing off: the client only waits when a 429 says Retry-After.
    if (!opts.skipNaive) {
        const naive = await openSession(binDir, opts, "naive", {
            "partnercenter:requestsPerMinute": "0",
            "partnercenter:maxConcurrency": "0",
        });
        try {
            console.log("create-naive (pacing off)...");
            const create = await timed(naive.emulator, (onEvent) => naive.stack.up({ ...upOptions, onEvent }));
            if (create.error) {
                console.error(`create-naive failed: ${create.error.slice(0, 2000)}`);
            }
            // Without a concurrency limit, the parallelism is pulumi's (--parallel) or, unbounded, N.
            const parallelism = opts.parallel ?? opts.n;
            const m = measure("create-naive", opts, create, boundS(create.entries.length, opts.n, opts, parallelism), {
                duplicates: duplicatesOf(naive.emulator),
            });
            const pacedCreate = measures.find((x) => x.name === "create");
            if (pacedCreate) {
                // > 1: the paced run was faster.
                m.speedup_vs_naive = pacedCreate.wall_s > 0 ? round(m.wall_s / pacedCreate.wall_s) : null;
                pacedCreate.speedup_vs_naive = m.speedup_vs_naive;
            }
            measures.push(m);
        } finally {
            await naive.dispose();
        }
    }

    const { providerBytes, stateBytesPerResource } = sizes;
    for (const m of measures) {
        m.provider_bytes = providerBytes;
        m.state_bytes_per_resource = stateBytesPerResource;
    }
    printTable(measures);
    console.log(
        `__provider: ${providerBytes ?? "-"} bytes/resource; state: ${stateBytesPerResource ?? "-"} bytes/resource; ` +
            `naive/paced wall time: ${measures.find((m) => m.name === "create")?.speedup_vs_naive ?? "-"}`,
    );
    for (const m of measures) {
        console.log(
            `${m.name}: by status ${JSON.stringify(m.by_status)}, by operation ${JSON.stringify(m.by_operation)}, ` +
                `peak in flight by operation ${JSON.stringify(m.peak_in_flight_by_operation)}`,
        );
    }
    fs.mkdirSync(path.dirname(opts.out), { recursive: true });
    fs.writeFileSync(opts.out, `${JSON.stringify(measures, null, 2)}\n`);
    console.log(`wrote ${path.relative(process.cwd(), opts.out) || opts.out}`);
}

main().catch((e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exit(1);
});
