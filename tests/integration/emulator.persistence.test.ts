/**
 * Persistence across restarts, atomic writes, the CLI (ready line, flags, clean shutdown) and loopback-only binding.
 */
import * as assert from "assert";
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import fetch from "node-fetch";

import { startEmulator } from "../../emulator";
import type { Emulator } from "../../emulator";
import { apiClient, createBody, newRequestId } from "./emulator-helpers";

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "pc-emulator-"));

describe("emulator: persistence", function () {
    this.timeout(20_000);
    let dir: string;
    let dataFile: string;
    let running: Emulator | undefined;

    beforeEach(() => {
        dir = tempDir();
        dataFile = path.join(dir, "state", "emulator.json");
    });

    afterEach(async () => {
        await running?.close();
        running = undefined;
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("a restart with the same data file loses nothing (customers, etags, relationship, replays)", async () => {
        // Production: removing the relationship keeps the customer (in the sandbox it deletes the tenant).
        running = await startEmulator({ port: 0, dataFile, sandbox: false });
        let api = apiClient(running);
        const requestId = newRequestId();
        const first = await api("POST", "/v1/customers", {
            body: createBody(),
            headers: { "MS-RequestId": requestId },
        });
        const second = (await api("POST", "/v1/customers", { body: createBody() })).json;
        await api("PATCH", `/v1/customers/${second.id}`, { body: { relationshipToPartner: "none" } });
        await running.close();
        running = await startEmulator({ port: 0, dataFile, sandbox: false });
        api = apiClient(running);
        assert.strictEqual(running.store.count(), 2);
        const got = await api("GET", `/v1/customers/${first.json.id}`);
        assert.strictEqual(got.status, 200);
        // A read adds links and the billing names (the default address's here), which the create answer omits.
        const { links: _links, firstName: _first, lastName: _last, ...billing } = got.json.billingProfile;
        assert.deepStrictEqual(billing, first.json.billingProfile);
        assert.strictEqual((await api("GET", `/v1/customers/${second.id}`)).json.relationshipToPartner, "none");
        // The idempotency record survived too: the same request id replays the original 201.
        const replay = await api("POST", "/v1/customers", {
            body: createBody(),
            headers: { "MS-RequestId": requestId },
        });
        assert.deepStrictEqual([replay.status, replay.json], [201, first.json]);
        // Paging order continues after the restart.
        const third = (await api("POST", "/v1/customers", { body: createBody() })).json;
        assert.deepStrictEqual(
            running.store.list().map((c) => c.id),
            [first.json.id, second.id, third.id],
        );
    });

    it("writes atomically: after every mutation the file parses and no temp file is left", async () => {
        running = await startEmulator({ port: 0, dataFile });
        const api = apiClient(running);
        for (let i = 0; i < 5; i++) {
            const created = (await api("POST", "/v1/customers", { body: createBody() })).json;
            const parsed = JSON.parse(fs.readFileSync(dataFile, "utf8")) as {
                version: number;
                customers: Array<{ id: string }>;
            };
            assert.strictEqual(parsed.version, 1);
            assert.strictEqual(parsed.customers.length, i + 1);
            assert.strictEqual(parsed.customers[i]?.id, created.id);
            assert.deepStrictEqual(fs.readdirSync(path.dirname(dataFile)), ["emulator.json"]);
        }
        if (process.platform !== "win32") {
            assert.strictEqual(fs.statSync(dataFile).mode & 0o777, 0o600);
        }
    });

    it("removes stale temp files on start and refuses a corrupt data file", async () => {
        fs.mkdirSync(path.dirname(dataFile), { recursive: true });
        const stale = path.join(path.dirname(dataFile), ".emulator.json.123.456.tmp");
        fs.writeFileSync(stale, "{partial");
        running = await startEmulator({ port: 0, dataFile });
        assert.ok(!fs.existsSync(stale));
        await running.close();
        running = undefined;
        fs.writeFileSync(dataFile, "{ not json");
        await assert.rejects(startEmulator({ port: 0, dataFile }));
    });
});

describe("emulator: CLI", function () {
    this.timeout(30_000);
    const cli = path.resolve(__dirname, "..", "..", "emulator", "cli.js");
    let child: ChildProcess | undefined;

    afterEach(() => {
        if (child && child.exitCode === null) {
            child.kill("SIGKILL");
        }
        child = undefined;
    });

    function startCli(args: string[]): Promise<{ url: string; output: () => string }> {
        const proc = spawn(process.execPath, [cli, ...args], { stdio: ["ignore", "pipe", "pipe"] });
        child = proc;
        let out = "";
        return new Promise((resolve, reject) => {
            proc.stdout?.on("data", (chunk: Buffer) => {
                out += chunk.toString();
                const match = /^Partner Center emulator listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
                if (match?.[1]) {
                    resolve({ url: match[1], output: () => out });
                }
            });
            proc.on("exit", (code) => reject(new Error(`cli exited with ${code}: ${out}`)));
        });
    }

    it("prints the ready line and the partner, serves requests, and flushes on SIGTERM", async () => {
        const dir = tempDir();
        const dataFile = path.join(dir, "cli.json");
        try {
            const { url, output } = await startCli([
                "--port",
                "0",
                "--data",
                dataFile,
                "--quiet",
                "--production",
                "--quota",
                "1",
            ]);
            assert.match(output(), /Partner tenant: 6d5c4b3a-2f1e-4d0c-9b8a-7f6e5d4c3b2a/);
            assert.match(output(), /Client id: 0e1d2c3b-4a59-4687-9786-a5b4c3d2e1f0/);
            assert.ok(!output().includes("emulator-client-secret"));
            assert.ok(!output().includes("emulator-refresh-token"));
            const token = (await (await fetchJson(`${url}/_emulator/tokens`, "POST")).json()) as {
                access_token: string;
            };
            const auth = { Authorization: `Bearer ${token.access_token}`, "Content-Type": "application/json" };
            const created = await fetchJson(`${url}/v1/customers`, "POST", auth, createBody());
            assert.strictEqual(created.status, 201);
            const id = ((await created.json()) as { id: string }).id;
            const overQuota = await fetchJson(`${url}/v1/customers`, "POST", auth, createBody());
            assert.strictEqual(overQuota.status, 400);
            assert.strictEqual((await fetchJson(`${url}/v1/customers/${id}`, "DELETE", auth)).status, 403);
            const exited = new Promise<number | null>((resolve) => child?.on("exit", (code) => resolve(code)));
            child?.kill("SIGTERM");
            assert.strictEqual(await exited, 0);
            const saved = JSON.parse(fs.readFileSync(dataFile, "utf8")) as { customers: Array<{ id: string }> };
            assert.deepStrictEqual(
                saved.customers.map((c) => c.id),
                [id],
            );
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("exits with 2 and usage on an unknown flag", async () => {
        const proc = spawn(process.execPath, [cli, "--bogus"], { stdio: ["ignore", "pipe", "pipe"] });
        child = proc;
        let err = "";
        proc.stderr?.on("data", (c: Buffer) => (err += c.toString()));
        const code = await new Promise<number | null>((resolve) => proc.on("exit", resolve));
        assert.strictEqual(code, 2);
        assert.match(err, /unknown argument --bogus/);
    });
});

describe("emulator: binds 127.0.0.1 only", function () {
    this.timeout(10_000);

    it("listens on 127.0.0.1 and refuses connections on other local interfaces", async () => {
        const emulator = await startEmulator({ port: 0 });
        try {
            const address = emulator.server.address() as net.AddressInfo;
            assert.strictEqual(address.address, "127.0.0.1");
            assert.strictEqual(address.family, "IPv4");
            assert.strictEqual(emulator.url, `http://127.0.0.1:${emulator.port}`);
            const external = Object.values(os.networkInterfaces())
                .flat()
                .find((i) => i !== undefined && !i.internal && i.family === "IPv4");
            if (external) {
                const outcome = await new Promise<string>((resolve) => {
                    const socket = net.connect({ host: external.address, port: emulator.port });
                    socket.on("connect", () => {
                        socket.destroy();
                        resolve("connected");
                    });
                    socket.on("error", (err: NodeJS.ErrnoException) => resolve(err.code ?? "error"));
                });
                assert.strictEqual(outcome, "ECONNREFUSED", `connection via ${external.address}`);
            }
        } finally {
            await emulator.close();
        }
    });
});

function fetchJson(url: string, method: string, headers: Record<string, string> = {}, body?: unknown) {
    return fetch(url, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
}
