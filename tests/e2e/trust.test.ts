/**
 * Trust through the real Pulumi CLI (issue 9, and issue 10 item 2): adoption never creates, preview tells what
 * adoption changes, a crashed bulk `up` recovers with one config switch, no credential in plaintext in state or
 * output, errors name the real culprit. Figures are printed at the end; docs/RELIABILITY.md records them.
 */
import * as assert from "assert";
import { execFile, spawn, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as path from "path";

import { offlinePulumiEnv } from "../../scripts/pulumi-env";
import { killProcessTree, waitUntilGone, type Victim } from "./crash/processes";
import {
    count,
    customerArgs,
    customerResources,
    PROGRAM_DIR,
    RESELLER,
    secretsOf,
    setUpE2E,
    withOps,
    type E2EEnvironment,
} from "./harness";

const STEP = "`pulumi config set partnercenter:adoptExisting ifExists`, then `pulumi up`";

/** One row of the figures table. */
const figures: { scenario: string; figure: string }[] = [];
const children: ChildProcess[] = [];

function clearStackConfigFile(): void {
    fs.rmSync(path.join(PROGRAM_DIR, `Pulumi.e2e${process.pid}.yaml`), { force: true });
}

async function environment(options: Parameters<typeof setUpE2E>[0] = {}): Promise<E2EEnvironment> {
    clearStackConfigFile();
    return setUpE2E(options);
}

/** A stack operation's error, or fail when it succeeds. */
async function failureOf(run: Promise<unknown>): Promise<Error> {
    const outcome = await run.then(
        () => undefined,
        (e: unknown) => e,
    );
    assert.ok(outcome instanceof Error, "the operation must fail");
    return outcome;
}

/** Domains held by more than one customer in the store. */
function duplicates(e2e: E2EEnvironment): number {
    const byDomain = new Map<string, number>();
    for (const c of e2e.emulator.store.list()) {
        byDomain.set(c.domain.toLowerCase(), (byDomain.get(c.domain.toLowerCase()) ?? 0) + 1);
    }
    return [...byDomain.values()].filter((n) => n > 1).length;
}

/** The `deployment` of an exported state. */
function deploymentOf(stateJson: string): {
    pending_operations?: { type: string; resource: { type: string; urn: string; inputs?: Record<string, unknown> } }[];
} {
    return (JSON.parse(stateJson) as { deployment?: ReturnType<typeof deploymentOf> }).deployment ?? {};
}

/**
 * Run the real CLI binary on the stack (for flags the Automation API does not offer). Asynchronous: the emulator
 * answering the CLI lives in this process's event loop.
 */
function cli(e2e: E2EEnvironment, args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<string> {
    return new Promise((resolve, reject) => {
        execFile(
            path.join(e2e.paths.binDir, "pulumi"),
            [...args, "--stack", e2e.stack.name],
            { cwd: PROGRAM_DIR, env: { ...offlinePulumiEnv(e2e.paths), ...extraEnv }, timeout: 120_000 },
            (error, stdout, stderr) =>
                error ? reject(Object.assign(error, { stdout, stderr })) : resolve(`${stdout}${stderr}`),
        );
    });
}

describe("e2e: trust (adoption, crash recovery, credentials, culprits)", function () {
    let e2e: E2EEnvironment | undefined;

    afterEach(async () => {
        if (e2e) {
            e2e.emulator.faults.clear();
            await e2e.dispose();
        }
        e2e = undefined;
        clearStackConfigFile();
        delete process.env["PARTNERCENTER_DEBUG"];
    });
    after(() => {
        for (const child of children) {
            if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
                killProcessTree(child.pid);
            }
        }
        console.log("\n  scenario | figure");
        for (const f of figures) {
            console.log(`  ${f.scenario} | ${f.figure}`);
        }
    });

    /** A customer that already exists in Partner Center (made outside this stack), with `email` as billing email. */
    function plant(target: E2EEnvironment, prefix: string, email: string, reseller = RESELLER): string {
        const args = customerArgs(prefix);
        const billing = args["billingProfile"] as { culture: string; language: string; companyName: string };
        const address = (args["billingProfile"] as { defaultAddress: Record<string, string> }).defaultAddress;
        const id = `00000000-0000-4000-8000-${String(target.emulator.store.count() + 1).padStart(12, "0")}`;
        target.emulator.store.insert({
            id,
            commerceId: id,
            createdAtMs: Date.now() - 3_600_000,
            domain: `${prefix}.onmicrosoft.com`,
            companyName: billing.companyName,
            relationshipToPartner: "reseller",
            associatedPartnerId: reseller,
            billing: {
                id: `b-${id}`,
                email,
                culture: billing.culture,
                language: billing.language,
                companyName: billing.companyName,
                defaultAddress: { ...address, country: "US" },
                etag: "1",
            },
        });
        return id;
    }

    it("adoptExisting: true never creates; preview names the customer and each overwritten field (no associatedPartnerId on get-by-id)", async () => {
        e2e = await environment({ emulator: { omitAssociatedPartnerId: true } });
        const domain = "adoptme.onmicrosoft.com";
        await e2e.setCustomers({ a: customerArgs("adoptme", { adoptExisting: true }) });
        const since = e2e.mark();
        const previewError = await failureOf(e2e.stack.preview());
        assert.match(previewError.message, /adoptExisting: true adopts only/);
        assert.match(previewError.message, new RegExp(`domain ${domain}`));
        assert.match(previewError.message, new RegExp(`indirect reseller ${RESELLER}`));
        const upStarted = Date.now();
        const upError = await failureOf(e2e.stack.up());
        const upMs = Date.now() - upStarted;
        assert.match(upError.message, /Nothing will be created/);
        assert.strictEqual(count(since(), "createCustomer"), 0);
        assert.strictEqual(e2e.emulator.store.count(), 0);

        // The customer exists (made elsewhere) with another billing email: preview says what adoption changes.
        const id = plant(e2e, "adoptme", "old@adoptme.example");
        let output = "";
        const preview = await withOps((o) => e2e!.stack.preview({ ...o, onOutput: (t) => (output += t) }));
        assert.deepStrictEqual(preview.ops, { create: 1 });
        assert.match(output, new RegExp(`will adopt existing customer ${id}`));
        assert.match(output, /billingProfile\.email: "old@adoptme\.example" → "billing@adoptme\.example"/);
        assert.match(output, /warning/);
        const up = await e2e.stack.up();
        const ids = up.outputs["ids"]?.value as Record<string, { customerId: string; adopted: boolean }>;
        assert.strictEqual(ids["a"]?.customerId, id);
        assert.strictEqual(ids["a"]?.adopted, true);
        assert.strictEqual(count(since(), "createCustomer"), 0, "adoption never POSTs");
        assert.strictEqual(e2e.emulator.store.count(), 1);
        assert.strictEqual(e2e.emulator.store.get(id)?.billing.email, "billing@adoptme.example");
        figures.push({
            scenario: "adoption never creates",
            figure:
                `adoptExisting: true with an unknown domain: preview and up fail (up in ${upMs} ms), 0 POST, 0 customers; ` +
                `existing customer: preview warns id + 1 field old → new, up adopts with 0 POST (get-by-id without associatedPartnerId)`,
        });
    });

    it("ambiguous create recovery works when get-by-id omits associatedPartnerId", async () => {
        e2e = await environment({ emulator: { omitAssociatedPartnerId: true } });
        await e2e.setCustomers({ a: customerArgs("ambomit") });
        e2e.emulator.faults.add({ kind: "reset", phase: "after", count: 1, match: { operation: "createCustomer" } });
        const since = e2e.mark();
        await e2e.stack.up();
        assert.strictEqual(e2e.emulator.store.count(), 1);
        const [resource] = customerResources(await e2e.exportState());
        assert.strictEqual(resource?.id, e2e.emulator.store.list()[0]?.id);
        assert.strictEqual(count(since(), "createCustomer"), 1);
        assert.strictEqual(resource?.outputs["associatedPartnerId"], RESELLER);
    });

    /**
     * SIGKILL a bulk up of 10 inside the 4th create, then recover with the one config switch. `engineEnv` is the
     * killed run's engine settings: the default (a checkpoint after every step: some customers in state, pending
     * creates left) or the README's bulk recipe, `PULUMI_SKIP_CHECKPOINTS=true` (nothing of the run in state).
     */
    async function crashAndRecover(variant: string, engineEnv: Record<string, string>): Promise<void> {
        const skipCheckpoints = engineEnv["PULUMI_SKIP_CHECKPOINTS"] === "true";
        e2e = await environment({});
        const env = e2e;
        const N = 10;
        const KILL_AT = 4;
        const specs = Object.fromEntries(Array.from({ length: N }, (_, i) => [`c${i}`, customerArgs(`bulk${i}`)]));
        await env.setCustomers(specs);
        const emulator = env.emulator;
        const since = env.mark();
        const spawnedAt = Date.now();
        const child = spawn(process.execPath, [path.join(__dirname, "crash", "up.js")], {
            detached: true,
            env: { ...process.env, ...engineEnv, E2E_STACK: JSON.stringify(env.paths) },
            stdio: ["ignore", "pipe", "pipe"],
        });
        children.push(child);
        let childOutput = "";
        child.stdout.on("data", (b: Buffer) => (childOutput += b.toString("utf8")));
        child.stderr.on("data", (b: Buffer) => (childOutput += b.toString("utf8")));
        const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
        // SIGKILL the child's tree inside the emulator's handler of the KILL_AT-th create, right after the insert
        // (the commit) and before the 201: earlier creates may be in state, this one is committed and not.
        const store = emulator.store;
        const insert = store.insert;
        let inserts = 0;
        let kill: { victims: Victim[]; at: number } | undefined;
        store.insert = function (this: typeof store, customer) {
            const stored = insert.call(this, customer);
            if (++inserts === KILL_AT && !kill) {
                kill = { victims: killProcessTree(child.pid!), at: Date.now() };
            }
            return stored;
        };
        try {
            const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 120_000).unref());
            if ((await Promise.race([exited, timeout])) === "timeout") {
                killProcessTree(child.pid!);
                throw new Error(`the child's up never reached ${KILL_AT} creates:\n${childOutput}`);
            }
        } finally {
            store.insert = insert;
        }
        assert.ok(kill, `the child's up ended without ${KILL_AT} creates:\n${childOutput}`);
        await waitUntilGone(kill.victims.map((v) => v.pid));
        // Requests already received may still commit after the kill.
        await new Promise((resolve) => setTimeout(resolve, 500));
        const committed = emulator.store.count();
        const killedState = await env.exportState();
        const inState = customerResources(killedState).length;
        const pending = deploymentOf(killedState).pending_operations ?? [];
        assert.ok(committed >= KILL_AT && committed < N, `committed before the kill: ${committed}`);
        assert.ok(inState < committed, `some committed customers are not in state (${inState} of ${committed})`);
        if (skipCheckpoints) {
            assert.strictEqual(inState, 0, "without checkpoints nothing of the killed run is in state");
            assert.strictEqual(pending.length, 0, "without checkpoints no pending create is recorded");
        } else {
            assert.ok(pending.length >= 1, "the dead CLI left pending creates");
        }

        // The dead CLI's lock (file backend): Pulumi's own message says `pulumi cancel`.
        await env.stack.cancel();
        const before = env.mark();
        const error = await failureOf(env.stack.preview());
        assert.ok(error.message.includes(STEP), `the error names the one step:\n${error.message}`);
        assert.match(error.message, /already belongs to your customer/);
        assert.strictEqual(count(before(), "createCustomer"), 0);

        // `pulumi refresh --import-pending-creates <urn> <id>` for one pending create whose customer was committed.
        const orphan = pending
            .map((p) => ({ urn: p.resource.urn, name: p.resource.urn.split("::").pop() ?? "" }))
            .map((p) => ({ ...p, customer: emulator.store.findByDomain(`bulk${p.name.slice(1)}.onmicrosoft.com`) }))
            .find((p) => p.customer !== undefined);
        let importNote = "no committed pending create to import";
        if (orphan?.customer) {
            try {
                const text = await cli(env, [
                    "refresh",
                    "--yes",
                    "--non-interactive",
                    "--import-pending-creates",
                    orphan.urn,
                    "--import-pending-creates",
                    orphan.customer.id,
                ]);
                const imported = customerResources(await env.exportState()).find((r) => r.id === orphan.customer!.id);
                importNote = imported
                    ? `refresh --import-pending-creates <urn> <id>: imported ${orphan.name} (the user must find each id)`
                    : `refresh --import-pending-creates ran but did not bring the customer into state: ${text
                          .split("\n")
                          .filter((l) => /warning|error|import|pending|\[partnercenter\]/i.test(l))
                          .join(" | ")
                          .slice(0, 400)}`;
            } catch (e) {
                const text = `${(e as { stdout?: string }).stdout ?? ""}${(e as { stderr?: string }).stderr ?? ""}`;
                importNote = `refresh --import-pending-creates failed: ${/error: [^\n]*/.exec(text)?.[0] ?? String(e).slice(0, 160)}`;
            }
        }

        // The one step.
        await env.stack.setConfig("partnercenter:adoptExisting", { value: "ifExists" });
        const recovery = env.mark();
        let output = "";
        const { result: up, ops } = await withOps((o) => env.stack.up({ ...o, onOutput: (t) => (output += t) }));
        const ids = up.outputs["ids"]?.value as Record<string, { customerId: string; adopted: boolean }>;
        assert.strictEqual(Object.keys(ids).length, N);
        assert.strictEqual(emulator.store.count(), N, "every customer exists once");
        assert.strictEqual(duplicates(env), 0);
        const created = recovery().filter((e) => e.operation === "createCustomer" && e.status === 201).length;
        assert.strictEqual(created, N - committed, "only the missing customers were created");
        const adopted = Object.values(ids).filter((c) => c.adopted).length;
        assert.strictEqual(adopted, committed - inState, "exactly the committed customers not in state were adopted");
        for (const [name, c] of Object.entries(ids)) {
            assert.strictEqual(emulator.store.findByDomain(`bulk${name.slice(1)}.onmicrosoft.com`)?.id, c.customerId);
        }
        // Leave the switch off again: no diff on any resource.
        await env.stack.removeConfig("partnercenter:adoptExisting");
        await env.stack.refresh({ clearPendingCreates: true });
        const after = await withOps((o) => env.stack.preview(o));
        assert.deepStrictEqual(after.ops, { same: N });
        assert.strictEqual(deploymentOf(await env.exportState()).pending_operations?.length ?? 0, 0);
        assert.strictEqual(emulator.store.count(), N);
        figures.push({
            scenario: `crash recovery of a bulk run (${variant})`,
            figure:
                `SIGKILL ${kill.at - spawnedAt} ms after spawn at create #${KILL_AT} of ${N}: ${committed} committed, ` +
                `${inState} in state, ${pending.length} pending creates; preview without the switch fails naming it (0 POST); ` +
                `${importNote}; with partnercenter:adoptExisting=ifExists one up: ${adopted} adopted, ${created} created ` +
                `(${JSON.stringify(ops)}), ${emulator.store.count()} customers, ${duplicates(env)} duplicates; ` +
                `${count(since(), "createCustomer")} POSTs in all`,
        });
        assert.ok(output.length > 0);
    }

    it("a SIGKILLed bulk up of 10 recovers with one config switch: committed customers adopted, the rest created, 0 duplicates", async function () {
        this.timeout(300_000);
        await crashAndRecover("engine checkpoints", {});
    });

    it("the same with the bulk recipe's PULUMI_SKIP_CHECKPOINTS=true: nothing of the killed run in state, the switch recovers it all", async function () {
        this.timeout(300_000);
        await crashAndRecover("PULUMI_SKIP_CHECKPOINTS=true", { PULUMI_SKIP_CHECKPOINTS: "true" });
    });

    it("credentials: plaintext in stack config fails before anything; as secrets, no credential in state or any output (debug, -v=9)", async function () {
        this.timeout(240_000);
        process.env["PARTNERCENTER_DEBUG"] = "1";
        e2e = await environment({});
        const env = e2e;
        const planted = `planted-access-token-${process.pid}-${Date.now()}`;
        const values = [...secretsOf(env.emulator), planted];
        await env.setCustomers({ a: customerArgs("secrets") });
        // Both ways: plaintext first.
        await env.stack.setConfig("partnercenter:clientSecret", { value: values[0]!, secret: false });
        await env.stack.setConfig("partnercenter:accessToken", { value: planted, secret: false });
        const since = env.mark();
        const all = env.emulator.requestLog.length;
        let output = "";
        const capture = (t: string) => (output += t);
        const previewError = await failureOf(env.stack.preview({ onOutput: capture, onError: capture }));
        const upError = await failureOf(env.stack.up({ onOutput: capture, onError: capture }));
        for (const e of [previewError, upError]) {
            assert.ok(e.message.includes("pulumi config set --secret partnercenter:clientSecret <value>"), e.message);
            assert.ok(e.message.includes("pulumi config set --secret partnercenter:accessToken <value>"));
            output += e.message;
        }
        assert.strictEqual(env.emulator.requestLog.length, all, "no request at all, token included");
        assert.deepStrictEqual(since(), []);
        assert.strictEqual(env.emulator.store.count(), 0);
        const plaintextState = await env.exportState();
        assert.strictEqual(customerResources(plaintextState).length, 0);

        // Then as secrets, with debug logs and the engine's verbose log on stderr.
        await env.stack.setConfig("partnercenter:clientSecret", { value: values[0]!, secret: true });
        await env.stack.setConfig("partnercenter:accessToken", { value: planted, secret: true });
        const up = await env.stack.up({ onOutput: capture, onError: capture });
        output += up.stdout + up.stderr;
        const password = (up.outputs["credentials"]?.value as Record<string, { password: string }>)["a"]?.password;
        assert.ok(password);
        values.push(password);
        // The engine's own verbose log (-v=9 --logtostderr) on a refresh: our lines in it are scanned too.
        let verbose = "";
        const refresh = await env.stack.refresh({
            onOutput: (t) => (verbose += t),
            onError: (t) => (verbose += t),
            logVerbosity: 9,
            logToStdErr: true,
        });
        verbose += refresh.stdout + refresh.stderr;
        const state = await env.exportState();
        const ours = `${output}\n${verbose}`.split("\n").filter((l) => l.includes("[partnercenter]"));
        assert.ok(ours.some((l) => /MS-RequestId/.test(l) && /MS-CorrelationId/.test(l) && / in \d+ ms/.test(l)));
        for (const value of values) {
            assert.ok(!state.includes(value), "a credential appears in plaintext in the exported state");
            assert.ok(!plaintextState.includes(value), "a credential appears in the state of the refused run");
            assert.ok(!output.includes(value), "a credential appears in the CLI output (PARTNERCENTER_DEBUG=1)");
            assert.ok(!ours.some((l) => l.includes(value)), "a credential appears in our log lines");
        }
        assert.ok(!/Bearer\s+[A-Za-z0-9]/.test(ours.join("\n")), "a bearer token in our log lines");
        assert.match(state, /ciphertext/);
        // Not ours: the engine's -v=9 log prints gRPC payloads (provider config, secret outputs) in plaintext.
        const engineLeaks = values.filter((v) => verbose.includes(v)).length;
        figures.push({
            scenario: "credential scan",
            figure:
                `${values.length} planted/issued values (clientSecret, refreshToken, accessToken, admin password): plaintext ` +
                `config refused before any request (0 requests, 0 resources); as secrets: 0 in state, 0 in ` +
                `${output.length} bytes of CLI output with PARTNERCENTER_DEBUG=1, 0 in ${ours.length} [partnercenter] ` +
                `lines; the engine's own -v=9 log (${verbose.length} bytes) shows ${engineLeaks} of them`,
        });
    });

    it("errors name the culprit: a wrong client secret names the config key; https against http and a closed port fail fast", async function () {
        this.timeout(240_000);
        e2e = await environment({});
        const env = e2e;
        await env.setCustomers({ a: customerArgs("culprit") });
        await env.stack.setConfig("partnercenter:clientSecret", { value: "not-the-secret", secret: true });
        const wrong = await failureOf(env.stack.preview());
        assert.match(wrong.message, /partnercenter:clientSecret/);
        assert.match(wrong.message, /authentication failed/);
        assert.ok(!/associatedPartnerId/.test(wrong.message), wrong.message);
        await env.stack.setConfig("partnercenter:clientSecret", { value: secretsOf(env.emulator)[0]!, secret: true });

        const https = env.emulator.url.replace("http://", "https://");
        await env.stack.setConfig("partnercenter:endpoint", { value: https });
        let started = Date.now();
        const tls = await failureOf(env.stack.preview());
        const tlsMs = Date.now() - started;
        assert.match(tls.message, /TLS\/protocol mismatch/);
        assert.ok(tls.message.includes(https), "names the endpoint");
        assert.match(tls.message, /http:\/\//);

        const closed = `http://127.0.0.1:${await freePort()}`;
        await env.stack.setConfig("partnercenter:endpoint", { value: closed });
        started = Date.now();
        const refused = await failureOf(env.stack.preview());
        const refusedMs = Date.now() - started;
        assert.match(refused.message, /emulator/);
        assert.ok(refused.message.includes(closed));
        assert.strictEqual(env.emulator.store.count(), 0);
        figures.push({
            scenario: "culprits",
            figure: `wrong clientSecret: names partnercenter:clientSecret, not associatedPartnerId; https vs http: preview failed in ${tlsMs} ms; closed port: ${refusedMs} ms`,
        });
    });
});

/** A TCP port nothing listens on (bound, then released). */
async function freePort(): Promise<number> {
    const net = await import("net");
    return new Promise((resolve) => {
        const server = net.createServer().listen(0, "127.0.0.1", () => {
            const port = (server.address() as { port: number }).port;
            server.close(() => resolve(port));
        });
    });
}
