/**
 * Reliability and security under faults, through the real Pulumi engine against the emulator (issue "Reliability
 * and security under faults"). Each scenario injects a fault, runs the CLI, and asserts figures: customers in the
 * emulator store, duplicates (store count by domain > 1), retries (request log), waits. The figures are printed
 * at the end; docs/RELIABILITY.md records them.
 */
import * as assert from "assert";
import { spawn, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as path from "path";

import type { RequestLogEntry } from "../../emulator";
import { killProcessTree, waitUntilGone, type Victim } from "./crash/processes";
import {
    count,
    CUSTOMER_TYPE,
    customerArgs,
    customerResources,
    PROGRAM_DIR,
    secretsOf,
    setUpE2E,
    type E2EEnvironment,
} from "./harness";

/** Children started by scenario 4; `after` kills the tree of any still running (a test that failed early). */
const children: ChildProcess[] = [];

/** The `deployment` of an exported state, with its pending operations. */
function deploymentOf(stateJson: string): {
    resources?: unknown[];
    pending_operations?: { type: string; resource: { type: string; urn: string } }[];
} {
    return (JSON.parse(stateJson) as { deployment?: ReturnType<typeof deploymentOf> }).deployment ?? {};
}

/** One row of the figures table. */
interface Figures {
    scenario: string;
    customers: number;
    duplicates: number;
    retries: number;
    maxWaitMs: number;
    note: string;
}

const figures: Figures[] = [];
/** Every byte of CLI output seen in this file, scanned for secrets at the end. */
let cliOutput = "";
/** Every exported state, scanned likewise. */
const states: string[] = [];
/** Secrets issued by any emulator (seed secrets, admin passwords). */
const secrets = new Set<string>();

const capture = (text: string) => {
    cliOutput += text;
};

/** The harness keeps the stack's config file in the shared program directory: start each scenario from a clean one. */
function clearStackConfigFile(): void {
    fs.rmSync(path.join(PROGRAM_DIR, `Pulumi.e2e${process.pid}.yaml`), { force: true });
}

async function environment(options: Parameters<typeof setUpE2E>[0]): Promise<E2EEnvironment> {
    clearStackConfigFile();
    const e2e = await setUpE2E(options);
    for (const s of secretsOf(e2e.emulator)) {
        secrets.add(s);
    }
    return e2e;
}

async function finish(e2e: E2EEnvironment | undefined): Promise<void> {
    if (e2e) {
        states.push(await e2e.exportState().catch(() => ""));
        await e2e.dispose();
    }
    clearStackConfigFile();
}

/** Domains held by more than one customer in the store. */
function duplicates(e2e: E2EEnvironment): number {
    const byDomain = new Map<string, number>();
    for (const c of e2e.emulator.store.list()) {
        const d = c.domain.toLowerCase();
        byDomain.set(d, (byDomain.get(d) ?? 0) + 1);
    }
    return [...byDomain.values()].filter((n) => n > 1).length;
}

/** Requests that repeat an earlier request's MS-RequestId (i.e. retries), and the longest gap before one. */
function retriesOf(entries: RequestLogEntry[]): {
    retries: number;
    maxWaitMs: number;
    gaps: { after: RequestLogEntry; gapMs: number }[];
} {
    const last = new Map<string, RequestLogEntry>();
    const gaps: { after: RequestLogEntry; gapMs: number }[] = [];
    for (const e of entries) {
        const previous = last.get(e.requestId);
        if (previous) {
            gaps.push({ after: previous, gapMs: Date.parse(e.time) - Date.parse(previous.time) });
        }
        last.set(e.requestId, e);
    }
    return { retries: gaps.length, maxWaitMs: Math.max(0, ...gaps.map((g) => g.gapMs)), gaps };
}

function passwordsOf(outputs: Record<string, { value: unknown }>): string[] {
    const credentials = (outputs["credentials"]?.value ?? {}) as Record<string, { password?: string }>;
    return Object.values(credentials)
        .map((c) => c.password ?? "")
        .filter((p) => p.length > 0);
}

/** Customers in the 429 storm: 20 in `npm test`, 50 in `npm run test:reliability:heavy`. */
const STORM_N = Number(process.env["RELIABILITY_STORM_N"] ?? 20);

describe("e2e: reliability and security under faults", function () {
    let e2e: E2EEnvironment | undefined;

    afterEach(async () => {
        e2e?.emulator.faults.clear();
        await finish(e2e);
        e2e = undefined;
        delete process.env["PARTNERCENTER_DEBUG"];
    });

    after(() => {
        for (const child of children) {
            if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
                killProcessTree(child.pid);
            }
        }
        console.log("\n  scenario | customers | duplicates | retries | max wait (ms) | note");
        for (const f of figures) {
            console.log(
                `  ${f.scenario} | ${f.customers} | ${f.duplicates} | ${f.retries} | ${f.maxWaitMs} | ${f.note}`,
            );
        }
    });

    it(`1. 429 storm: ${STORM_N} customers in one up, all created once, Retry-After honoured, waits reported`, async () => {
        e2e = await environment({});
        const specs = Object.fromEntries(
            Array.from({ length: STORM_N }, (_, i) => [`c${i}`, customerArgs(`storm${i}`)]),
        );
        await e2e.setCustomers(specs);
        // 2N+1 API calls are expected (1 reseller list, N domain checks, N concurrent creates): throttle half the
        // creates and, in the heavy variant, half of all first attempts, 10 of them on the (serial) domain checks. (A rule without `match` also
        // throttles the token endpoint; see docs/RELIABILITY.md for the domain checks.)
        // Heavy variant: half of the 2N+1 first attempts get a 429 (N-10 creates, 10 checks).
        const throttledChecks = STORM_N > 20 ? 10 : 0;
        const throttledCreates = STORM_N > 20 ? STORM_N - throttledChecks : Math.floor(STORM_N / 2);
        e2e.emulator.faults.add({
            kind: "throttle",
            count: throttledCreates,
            retryAfterSeconds: 1,
            match: { operation: "createCustomer" },
        });
        if (throttledChecks > 0) {
            e2e.emulator.faults.add({
                kind: "throttle",
                count: throttledChecks,
                retryAfterSeconds: 1,
                match: { operation: "checkDomainAvailability" },
            });
        }
        const since = e2e.mark();
        let output = "";
        const up = await e2e.stack.up({ onOutput: (t) => ((output += t), capture(t)) }).catch((e: unknown) => {
            const log = since().map((x) => `${x.time} ${x.operation} ${x.status} ${x.requestId} ${x.fault ?? ""}`);
            throw new Error(`${String(e)}\n${log.join("\n")}`);
        });
        passwordsOf(up.outputs).forEach((p) => secrets.add(p));

        const log = since();
        assert.strictEqual(e2e.emulator.store.count(), STORM_N);
        assert.strictEqual(duplicates(e2e), 0);
        const throttles = throttledCreates + throttledChecks;
        assert.strictEqual(log.filter((e) => e.fault === "throttle").length, throttles);
        const { retries, maxWaitMs, gaps } = retriesOf(log);
        assert.ok(retries >= throttles, `every throttled request is retried (${retries})`);
        const afterThrottle = gaps.filter((x) => x.after.fault === "throttle");
        for (const g of afterThrottle) {
            // The request log has millisecond arrival times; allow 5 ms of clock granularity.
            assert.ok(g.gapMs >= 995, `${g.after.operation} retried ${g.gapMs} ms after a 429 with Retry-After 1`);
        }
        const minThrottledGap = Math.min(...afterThrottle.map((g) => g.gapMs));
        const infoLines = output.split("\n").filter((l) => l.includes("[partnercenter]") && /throttled/.test(l));
        assert.ok(infoLines.length > 0, `the throttling waits appear in the CLI output:\n${output}`);
        figures.push({
            scenario: "1. 429 storm",
            customers: e2e.emulator.store.count(),
            duplicates: duplicates(e2e),
            retries,
            maxWaitMs,
            note:
                `${throttledCreates} x 429 on createCustomer` +
                (throttledChecks ? `, ${throttledChecks} x 429 on checkDomainAvailability` : "") +
                ` (Retry-After 1 s); shortest retry after a 429: ${minThrottledGap} ms; ${infoLines.length} CLI info lines`,
        });
    });

    it("2. 5xx and connection resets before commit on createCustomer: no duplicate, no failure, same MS-RequestId", async () => {
        process.env["PARTNERCENTER_DEBUG"] = "1"; // one run with debug logs, for the secret scan
        e2e = await environment({});
        await e2e.setCustomers({ a: customerArgs("prefail") });
        e2e.emulator.faults.add({ kind: "status", status: 503, count: 1, match: { operation: "createCustomer" } });
        e2e.emulator.faults.add({ kind: "reset", count: 1, match: { operation: "createCustomer" } });
        e2e.emulator.faults.add({ kind: "status", status: 500, count: 1, match: { operation: "createCustomer" } });
        const since = e2e.mark();
        const up = await e2e.stack.up({ onOutput: capture });
        passwordsOf(up.outputs).forEach((p) => secrets.add(p));

        const creates = since().filter((e) => e.operation === "createCustomer");
        assert.deepStrictEqual(
            creates.slice(0, 3).map((e) => e.status),
            [503, "reset", 500],
        );
        assert.strictEqual(creates.length, 4);
        assert.strictEqual(creates[3]?.status, 201);
        assert.strictEqual(
            new Set(creates.map((e) => e.requestId)).size,
            1,
            "every attempt re-sends the same MS-RequestId",
        );
        assert.strictEqual(e2e.emulator.store.count(), 1);
        assert.strictEqual(duplicates(e2e), 0);
        const { maxWaitMs } = retriesOf(creates);
        figures.push({
            scenario: "2. 5xx/reset before commit",
            customers: e2e.emulator.store.count(),
            duplicates: duplicates(e2e),
            retries: creates.length - 1,
            maxWaitMs,
            note: `createCustomer statuses ${creates.map((e) => e.status).join(", ")}; one MS-RequestId; ${count(since(), "listCustomers")} reconcile lookups`,
        });
    });

    for (const dedupe of [true, false]) {
        it(`3. response lost after commit (dedupeRequestIds ${dedupe ? "on" : "off"}): one customer, its id in state`, async () => {
            e2e = await environment({ emulator: { dedupeRequestIds: dedupe } });
            await e2e.setCustomers({ a: customerArgs(`lost${dedupe ? "d" : "n"}`) });
            e2e.emulator.faults.add({
                kind: "reset",
                phase: "after",
                count: 1,
                match: { operation: "createCustomer" },
            });
            const since = e2e.mark();
            await e2e.stack.up({ onOutput: capture });

            assert.strictEqual(e2e.emulator.store.count(), 1);
            const stored = e2e.emulator.store.list()[0]!;
            const [resource] = customerResources(await e2e.exportState());
            assert.strictEqual(resource?.id, stored.id);
            assert.strictEqual(resource?.outputs["tenantId"], stored.id);
            const log = since();
            figures.push({
                scenario: `3. response lost after commit, dedupe ${dedupe ? "on" : "off"}`,
                customers: e2e.emulator.store.count(),
                duplicates: duplicates(e2e),
                retries: count(log, "createCustomer") - 1,
                maxWaitMs: retriesOf(log).maxWaitMs,
                note: `${count(log, "createCustomer")} POST; reconciled by domain (${count(log, "listCustomers")} list)`,
            });
        });
    }

    it("4. CLI killed (SIGKILL) right after the POST committed: no duplicate; the next up names the customer and adoptExisting; adopting completes", async function () {
        this.timeout(120_000);
        e2e = await environment({});
        const args = customerArgs("killed");
        await e2e.setCustomers({ a: args });
        const emulator = e2e.emulator;
        const since = e2e.mark();

        // `pulumi up` of this very stack in another process (the Automation API's node, the CLI it starts and the
        // provider host the CLI starts). The emulator answers it from this process: only asynchronous APIs here.
        const spawnedAt = Date.now();
        const child = spawn(process.execPath, [path.join(__dirname, "crash", "up.js")], {
            detached: true,
            env: { ...process.env, E2E_STACK: JSON.stringify(e2e.paths) },
            stdio: ["ignore", "pipe", "pipe"],
        });
        children.push(child);
        let childOutput = "";
        child.stdout.on("data", (b: Buffer) => (childOutput += b.toString("utf8")));
        child.stderr.on("data", (b: Buffer) => (childOutput += b.toString("utf8")));
        const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
            child.on("exit", (code, signal) => resolve({ code, signal })),
        );
        // The kill happens inside the emulator's createCustomer handler, synchronously, right after the store
        // insert (the commit) and before the 201 is written: the crash window between the committed POST and the
        // engine's state write, hit every time.
        const store = emulator.store;
        const insert = store.insert;
        let kill: { victims: Victim[]; entryStatus: RequestLogEntry["status"] | undefined; at: number } | undefined;
        store.insert = function (this: typeof store, customer) {
            const stored = insert.call(this, customer);
            if (!kill) {
                const victims = killProcessTree(child.pid!);
                const entry = emulator.requestLog.filter((e) => e.operation === "createCustomer").pop();
                kill = { victims, entryStatus: entry?.status, at: Date.now() };
            }
            return stored;
        };
        let exit: { code: number | null; signal: NodeJS.Signals | null };
        try {
            const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 60_000).unref());
            const first = await Promise.race([exited, timeout]);
            if (first === "timeout") {
                killProcessTree(child.pid!);
                throw new Error(`the child's up never reached createCustomer:\n${childOutput}`);
            }
            exit = first;
        } finally {
            store.insert = insert;
        }
        capture(childOutput);
        assert.ok(kill, `the child's up ended (${JSON.stringify(exit)}) without creating:\n${childOutput}`);
        assert.strictEqual(exit.signal, "SIGKILL");
        assert.strictEqual(kill.entryStatus, "pending", "killed before the emulator answered the POST");
        assert.ok(!childOutput.includes("CHILD-UP-RESULT"));
        // The tree: the child's node -> `pulumi` -> the provider host (a node process started by the CLI).
        const cli = kill.victims.find((v) => v.ppid === child.pid && v.command === "pulumi");
        const host = kill.victims.find((v) => v.ppid === cli?.pid);
        assert.ok(cli && host, `the CLI and the provider host were killed too: ${JSON.stringify(kill.victims)}`);
        await waitUntilGone(kill.victims.map((v) => v.pid));
        const orphan = emulator.store.list()[0]!;
        assert.strictEqual(emulator.store.count(), 1);
        const createsBeforeKill = since().filter((e) => e.operation === "createCustomer").length;
        assert.strictEqual(createsBeforeKill, 1);
        const killedState = deploymentOf(await e2e.exportState());
        assert.strictEqual(customerResources(JSON.stringify({ deployment: killedState })).length, 0);
        assert.deepStrictEqual(
            killedState.pending_operations?.map((o) => [o.type, o.resource.type]),
            [["creating", CUSTOMER_TYPE]],
            "the dead CLI left one pending create in the state, no customer resource",
        );

        // The next `up` of the same stack, from this process. The dead CLI left its lock in the file backend: the
        // CLI refuses to run until `pulumi cancel` removes it.
        const again = e2e.mark();
        const locked = await e2e.stack.up({ onOutput: capture }).then(
            () => undefined,
            (e: unknown) => e,
        );
        assert.ok(locked instanceof Error, "the dead CLI's stack lock must stop the next up");
        assert.match(locked.message, /the stack is currently locked by 1 lock\(s\)/);
        assert.match(locked.message, /pulumi cancel/);
        assert.deepStrictEqual(again(), [], "refused before the provider made any call");
        await e2e.stack.cancel();

        let output = "";
        const outcome = await e2e.stack.up({ onOutput: (t) => ((output += t), capture(t)) }).then(
            (r) => ({ ok: true as const, outputs: r.outputs }),
            (e: unknown) => ({ ok: false as const, error: e }),
        );
        assert.strictEqual(emulator.store.count(), 1, "no duplicate customer");
        assert.strictEqual(count(again(), "createCustomer"), 0);
        assert.match(output, /1 pending operations from previous deployment/);
        assert.match(output, /IndirectResellerCustomer::a, interrupted while creating/);
        let recovery: string;
        if (outcome.ok) {
            const ids = outcome.outputs["ids"]?.value as Record<string, { tenantId: string }>;
            assert.strictEqual(ids["a"]?.tenantId, orphan.id);
            recovery = "recovered automatically";
        } else {
            assert.ok(outcome.error instanceof Error);
            assert.match(outcome.error.message, new RegExp(orphan.id));
            assert.match(outcome.error.message, /adoptExisting/);
            const problem = /has a problem: ([^\n]*adoptExisting[^\n]*)/.exec(outcome.error.message)?.[1] ?? "";
            recovery = `failed in check, no POST: "${problem.replace(orphan.id, "<id>").trim()}"`;
        }
        const pendingAfterRetry = deploymentOf(await e2e.exportState()).pending_operations?.length ?? 0;

        await e2e.setCustomers({ a: { ...args, adoptExisting: true } });
        const up = await e2e.stack.up({ onOutput: capture });
        const ids = up.outputs["ids"]?.value as Record<string, { tenantId: string; adopted: boolean }>;
        assert.strictEqual(ids["a"]?.tenantId, orphan.id);
        assert.strictEqual(ids["a"]?.adopted, true);
        // A successful up does not drop the pending create (every later run would warn again): refresh clears it.
        assert.strictEqual(deploymentOf(await e2e.exportState()).pending_operations?.length, 1);
        const refresh = await e2e.stack.refresh({ clearPendingCreates: true, onOutput: capture });
        assert.strictEqual(refresh.summary.resourceChanges?.["delete"], undefined);
        const finalState = await e2e.exportState();
        const [resource] = customerResources(finalState);
        assert.strictEqual(resource?.id, orphan.id);
        assert.strictEqual(resource?.outputs["tenantId"], orphan.id);
        assert.strictEqual(deploymentOf(finalState).pending_operations?.length ?? 0, 0, "no pending operation left");
        assert.strictEqual(emulator.store.count(), 1);
        assert.strictEqual(duplicates(e2e), 0);
        assert.strictEqual(count(again(), "createCustomer"), 0);
        const tree = [child.pid, cli.pid, host.pid].join(" -> ");
        const groups = [...new Set(kill.victims.map((v) => v.pgid))].length;
        figures.push({
            scenario: "4. CLI killed after commit (SIGKILL)",
            customers: emulator.store.count(),
            duplicates: duplicates(e2e),
            retries: 0,
            maxWaitMs: 0,
            note:
                `SIGKILL of ${kill.victims.length} processes (${tree}, ${groups} process groups) ${kill.at - spawnedAt} ms ` +
                `after spawn, in the createCustomer handler after the insert, before the 201; state: 0 resources, ` +
                `1 pending create; next up: stack locked -> pulumi cancel -> pending-operations warning, ${recovery} ` +
                `(pending ops left: ${pendingAfterRetry}); adoptExisting: adopted, no POST; ` +
                `refresh --clear-pending-creates: 0 pending ops`,
        });
    });

    it("5a. access token revoked mid-run: one refresh, no failure", async () => {
        e2e = await environment({});
        await e2e.setCustomers({ a: customerArgs("tok1"), b: customerArgs("tok2"), c: customerArgs("tok3") });
        const emulator = e2e.emulator;
        const start = emulator.requestLog.length;
        // Slow the creates so the run outlives the revocation; revoke once the first API call was answered.
        emulator.faults.add({ kind: "latency", ms: 300, match: { operation: "createCustomer" } });
        let revoked = false;
        const timer = setInterval(() => {
            const seen = emulator.requestLog.slice(start);
            if (!revoked && seen.some((e) => e.operation === "listIndirectResellers" && typeof e.status === "number")) {
                emulator.revokeAccessTokens();
                revoked = true;
            }
        }, 5);
        try {
            const up = await e2e.stack.up({ onOutput: capture });
            passwordsOf(up.outputs).forEach((p) => secrets.add(p));
        } finally {
            clearInterval(timer);
        }
        const log = emulator.requestLog.slice(start);
        assert.ok(revoked);
        const tokens = log.filter((e) => e.operation === "token");
        const unauthorized = log.filter((e) => e.status === 401);
        assert.strictEqual(tokens.length, 2, `one initial token and one refresh (${tokens.length})`);
        assert.ok(unauthorized.length >= 1);
        assert.strictEqual(emulator.store.count(), 3);
        figures.push({
            scenario: "5a. token revoked mid-run",
            customers: emulator.store.count(),
            duplicates: duplicates(e2e),
            retries: unauthorized.length,
            maxWaitMs: 0,
            note: `${tokens.length} token requests (1 refresh); ${unauthorized.length} x 401 re-sent once each`,
        });
    });

    it("5b. refresh token rejected: one clear error, exactly one token request", async () => {
        e2e = await environment({ config: {} });
        await e2e.stack.setConfig("partnercenter:refreshToken", { value: "not-the-refresh-token", secret: true });
        await e2e.setCustomers({ a: customerArgs("badrt") });
        const start = e2e.emulator.requestLog.length;
        const started = Date.now();
        const error = await e2e.stack.up({ onOutput: capture }).then(
            () => undefined,
            (e: unknown) => e,
        );
        const elapsed = Date.now() - started;
        assert.ok(error instanceof Error);
        assert.match(error.message, /invalid_grant|refresh token/i);
        const tokens = e2e.emulator.requestLog.slice(start).filter((e) => e.operation === "token");
        assert.strictEqual(tokens.length, 1, `no retry storm (${tokens.length} token requests)`);
        assert.strictEqual(e2e.emulator.store.count(), 0);
        const line = /could not be verified[^\n]*/.exec(error.message)?.[0] ?? error.message.split("\n")[0];
        figures.push({
            scenario: "5b. refresh token rejected",
            customers: 0,
            duplicates: 0,
            retries: 0,
            maxWaitMs: 0,
            note: `1 token request; failed in ${elapsed} ms: ${line?.slice(0, 160)}`,
        });
    });

    it("6. read-after-create lag: refresh right after up keeps the resource", async () => {
        e2e = await environment({
            // Long enough that the refresh starts inside the lag even on a loaded 2-core machine (the CLI's start
            // alone can take seconds), short enough to keep the test quick.
            emulator: { readAfterCreateLagMs: 8000 },
            config: { "partnercenter:readAfterCreateLagSeconds": "30" },
        });
        await e2e.setCustomers({ a: customerArgs("lagged") });
        await e2e.stack.up({ onOutput: capture });
        const since = e2e.mark();
        const refresh = await e2e.stack.refresh({ onOutput: capture });
        assert.strictEqual(refresh.summary.resourceChanges?.["delete"], undefined);
        assert.strictEqual(customerResources(await e2e.exportState()).length, 1);
        const reads = since().filter((e) => e.operation === "getCustomer");
        const notFound = reads.filter((e) => e.status === 404).length;
        assert.ok(notFound >= 1, "the refresh met the lag (a 404) and waited it out");
        figures.push({
            scenario: "6. read-after-create lag 8 s",
            customers: e2e.emulator.store.count(),
            duplicates: duplicates(e2e),
            retries: notFound,
            maxWaitMs: retriesOf(reads).maxWaitMs,
            note: `refresh: ${notFound} x 404 then 200; resource kept`,
        });
    });

    it("7. hung API during refresh: fails within the deadline with a clear message", async function () {
        this.timeout(120_000);
        // Refresh configures the provider with the config recorded by the last `up`: set the timeouts before it.
        e2e = await environment({
            config: { "partnercenter:attemptTimeoutSeconds": "2", "partnercenter:deadlineSeconds": "5" },
        });
        await e2e.setCustomers({ a: customerArgs("hung") });
        await e2e.stack.up({ onOutput: capture });
        // Refresh reads each customer's billing profile by id (the customers come from the reseller's list).
        e2e.emulator.faults.add({ kind: "hang", match: { operation: "getBillingProfile" } });
        const since = e2e.mark();
        const started = Date.now();
        const error = await e2e.stack.refresh({ onOutput: capture }).then(
            () => undefined,
            (e: unknown) => e,
        );
        const elapsed = Date.now() - started;
        assert.ok(error instanceof Error, "refresh must fail");
        assert.ok(elapsed < 30_000, `refresh took ${elapsed} ms`);
        assert.match(error.message, /timed out|timeout|deadline/i);
        const hung = since().filter((e) => e.operation === "getBillingProfile");
        const line = /[^\n]*(timed out|deadline)[^\n]*/i.exec(error.message)?.[0]?.trim() ?? "";
        figures.push({
            scenario: "7. hung getBillingProfile during refresh",
            customers: e2e.emulator.store.count(),
            duplicates: duplicates(e2e),
            retries: hung.length - 1,
            maxWaitMs: retriesOf(hung).maxWaitMs,
            note: `refresh failed after ${elapsed} ms: ${line.slice(0, 200)}`,
        });
    });

    it("security: no secret, admin password or bearer token in any exported state or CLI output", () => {
        assert.ok(cliOutput.length > 0 && states.length > 0);
        assert.ok(secrets.size >= 3);
        for (const secret of secrets) {
            assert.ok(!cliOutput.includes(secret), "a secret appears in plaintext in the CLI output");
            for (const state of states) {
                assert.ok(!state.includes(secret), "a secret appears in plaintext in an exported state");
            }
        }
        assert.ok(!/Bearer\s/i.test(cliOutput), "a bearer token appears in the CLI output");
        for (const state of states) {
            assert.ok(!/Bearer\s/i.test(state), "a bearer token appears in an exported state");
        }
        figures.push({
            scenario: "security scan",
            customers: 0,
            duplicates: 0,
            retries: 0,
            maxWaitMs: 0,
            note: `${secrets.size} secrets checked against ${cliOutput.length} bytes of CLI output (one run with PARTNERCENTER_DEBUG=1) and ${states.length} exported states`,
        });
    });
});
