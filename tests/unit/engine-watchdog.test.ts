/**
 * The provider host's engine watchdog (issue 19, point 9): which processes watch an engine, what a probe of the
 * engine's address says, that a dead engine is noticed within a second, and that the write gate refuses every
 * request once closed. The whole chain through the real CLI is tests/e2e/engine-gone.test.ts.
 */
import assert from "node:assert/strict";
import * as net from "net";

import type { FetchLike } from "pulumi-partnercenter/client";
import {
    engineAddressOf,
    gatedFetch,
    probeEngine,
    startEngineWatchdog,
    WriteGateClosedError,
    type EngineAddress,
} from "pulumi-partnercenter/runtime";

const HOST_SCRIPT = "/p/node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js";

/** A TCP server on loopback standing in for the engine's gRPC server. */
async function listening(): Promise<{ server: net.Server; address: EngineAddress }> {
    const server = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return { server, address: { host: "127.0.0.1", port: (server.address() as net.AddressInfo).port } };
}

function close(server: net.Server): Promise<void> {
    return new Promise((resolve) => server.close(() => resolve()));
}

describe("engine watchdog", () => {
    it("finds the engine address in a dynamic-provider host's argv, after the flags the engine may add", () => {
        assert.deepEqual(engineAddressOf(["node", HOST_SCRIPT, "127.0.0.1:41234"]), { host: "127.0.0.1", port: 41234 });
        assert.deepEqual(engineAddressOf(["node", HOST_SCRIPT, "--logtostderr", "-v=9", "127.0.0.1:5"]), {
            host: "127.0.0.1",
            port: 5,
        });
        assert.deepEqual(engineAddressOf(["node", HOST_SCRIPT.replace("/index.js", ""), "[::1]:7000"]), {
            host: "::1",
            port: 7000,
        });
    });

    it("watches nothing outside a provider host (the program, tests) or without an address", () => {
        assert.equal(
            engineAddressOf(["node", "/p/node_modules/@pulumi/pulumi/cmd/run/index.js", "127.0.0.1:1"]),
            undefined,
        );
        assert.equal(engineAddressOf(["node", "/p/node_modules/.bin/mocha", "127.0.0.1:1"]), undefined);
        assert.equal(engineAddressOf(["node", HOST_SCRIPT]), undefined);
        assert.equal(engineAddressOf(["node", HOST_SCRIPT, "--logtostderr"]), undefined);
        assert.equal(engineAddressOf(["node", HOST_SCRIPT, "127.0.0.1:0"]), undefined);
    });

    it("a probe says alive while the engine listens and gone once its port refuses", async () => {
        const { server, address } = await listening();
        assert.equal(await probeEngine(address), "alive");
        await close(server);
        assert.equal(await probeEngine(address), "gone");
    });

    it("notices a dead engine within a second, says so once, and stops probing", async () => {
        const { server, address } = await listening();
        const reasons: string[] = [];
        let probes = 0;
        const watchdog = startEngineWatchdog({
            address,
            probe: (a) => (probes++, probeEngine(a)),
            onGone: (reason) => reasons.push(reason),
        });
        try {
            await new Promise((resolve) => setTimeout(resolve, 600));
            assert.deepEqual(reasons, [], "no alarm while the engine listens");
            assert.ok(probes >= 2, `probed every 250 ms (${probes} probes in 600 ms)`);
            const closedAt = Date.now();
            await close(server);
            while (reasons.length === 0 && Date.now() - closedAt < 2000) {
                await new Promise((resolve) => setTimeout(resolve, 10));
            }
            const noticedMs = Date.now() - closedAt;
            assert.equal(reasons.length, 1);
            assert.ok(noticedMs < 1000, `noticed ${noticedMs} ms after the engine went away`);
            assert.match(reasons[0]!, new RegExp(`the Pulumi engine \\(127\\.0\\.0\\.1:${address.port}\\) is gone`));
            const after = probes;
            await new Promise((resolve) => setTimeout(resolve, 600));
            assert.equal(probes, after, "no probe after the alarm");
            assert.equal(reasons.length, 1);
        } finally {
            watchdog.stop();
        }
    });

    it("an unclear probe (timeout, other error) is no alarm", async () => {
        const reasons: string[] = [];
        let probes = 0;
        const watchdog = startEngineWatchdog({
            address: { host: "127.0.0.1", port: 1 },
            intervalMs: 10,
            probe: async () => (++probes % 2 === 0 ? "unknown" : Promise.reject(new Error("EMFILE"))),
            onGone: (reason) => reasons.push(reason),
        });
        await new Promise((resolve) => setTimeout(resolve, 150));
        watchdog.stop();
        assert.ok(probes >= 4);
        assert.deepEqual(reasons, []);
    });

    it("the write gate passes requests until closed, then refuses each one before it reaches the transport", async () => {
        const sent: string[] = [];
        const transport = (async (url: string) => {
            sent.push(url);
            return { status: 200 };
        }) as unknown as FetchLike;
        const gate = new AbortController();
        const fetch = gatedFetch(transport, gate.signal);
        await fetch("http://127.0.0.1/v1/customers");
        gate.abort("the Pulumi engine (127.0.0.1:1) is gone");
        const refused = await fetch("http://127.0.0.1/v1/customers", { method: "POST" }).then(
            () => undefined,
            (e: unknown) => e,
        );
        assert.ok(refused instanceof WriteGateClosedError);
        assert.equal(refused.code, "ERR_PARTNERCENTER_ENGINE_GONE");
        assert.match(refused.message, /not sent: the Pulumi engine \(127\.0\.0\.1:1\) is gone/);
        assert.deepEqual(sent, ["http://127.0.0.1/v1/customers"], "the POST never reached the transport");
    });
});
