/**
 * The provider host outlives a killed engine: when `pulumi` dies of SIGKILL (OOM killer, CI timeout, `kill -9`),
 * nothing tells the dynamic-provider host, which goes on working through the creates already queued in its pacer
 * — customers made in Partner Center that no state will ever record. This watchdog notices the engine is gone
 * and then closes the write gate (every Partner Center and Graph request this process would send is refused) and
 * ends the process.
 *
 * How it knows: the engine starts each plugin with the address of its gRPC server (`127.0.0.1:<port>`) as the
 * last argument, and that server lives exactly as long as the `pulumi` process (the engine closes its plugins
 * before it stops serving). A TCP connect to it that is refused means nobody listens there any more. The parent
 * process is not a reliable sign: our launcher `exec`s node (parent: the CLI), but Pulumi's own
 * `pulumi-resource-pulumi-nodejs` script runs node under a shell, which outlives the CLI.
 */
import * as net from "net";

import type { FetchLike } from "../client/types";

/** Where the engine's gRPC server listens. */
export interface EngineAddress {
    readonly host: string;
    readonly port: number;
}

/** The answer of one probe: `gone` only when the connection was refused; anything unclear is `unknown`. */
export type ProbeResult = "alive" | "gone" | "unknown";

/**
 * The engine address of a dynamic-provider host process: its script is `@pulumi/pulumi/cmd/dynamic-provider`, and
 * the engine passes its address last (after optional flags such as `--logtostderr -v=9`). `undefined` in any other
 * process (the Pulumi program, tests), where there is no engine to watch.
 */
export function engineAddressOf(argv: readonly string[]): EngineAddress | undefined {
    const script = (argv[1] ?? "").replace(/\\/g, "/");
    if (!/\/cmd\/dynamic-provider(\/index(\.js)?)?$/.test(script)) {
        return undefined;
    }
    const last = argv.length > 2 ? argv[argv.length - 1]! : "";
    const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]\s]+)):(\d{1,5})$/.exec(last);
    if (!match) {
        return undefined;
    }
    const port = Number(match[3]);
    return port > 0 && port < 65536 ? { host: match[1] ?? match[2]!, port } : undefined;
}

/**
 * One TCP connect to the engine, closed at once (the engine's gRPC server drops a connection that sends no
 * preface without a word). Refused: gone. A timeout or any other error says nothing for sure: `unknown`.
 */
export function probeEngine(address: EngineAddress, timeoutMs = 1000): Promise<ProbeResult> {
    return new Promise((resolve) => {
        const socket = net.connect({ host: address.host, port: address.port });
        const done = (result: ProbeResult) => {
            socket.destroy();
            resolve(result);
        };
        socket.setTimeout(timeoutMs, () => done("unknown"));
        socket.once("connect", () => done("alive"));
        socket.once("error", (e: NodeJS.ErrnoException) => done(e.code === "ECONNREFUSED" ? "gone" : "unknown"));
    });
}

/** What {@link startEngineWatchdog} needs. */
export interface EngineWatchdogOptions {
    readonly address: EngineAddress;
    /** Between two probes; default 250 ms, so a dead engine is noticed well within a second. */
    readonly intervalMs?: number;
    /** For tests; default {@link probeEngine}. */
    readonly probe?: (address: EngineAddress) => Promise<ProbeResult>;
    /** Called once, on the first `gone`, with a sentence saying why. */
    readonly onGone: (reason: string) => void;
}

/** A running watchdog. */
export interface EngineWatchdog {
    stop(): void;
}

/**
 * Probe the engine every `intervalMs` (one probe at a time) until it is gone, then call `onGone` once and stop.
 * The timer is unref'd: the watchdog never keeps a process alive on its own.
 */
export function startEngineWatchdog(options: EngineWatchdogOptions): EngineWatchdog {
    const probe = options.probe ?? ((address: EngineAddress) => probeEngine(address));
    const { host, port } = options.address;
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    const schedule = () => {
        if (!stopped) {
            timer = setTimeout(tick, options.intervalMs ?? 250);
            timer.unref();
        }
    };
    const tick = () => {
        probe(options.address).then(
            (result) => {
                if (stopped) {
                    return;
                }
                if (result === "gone") {
                    stopped = true;
                    options.onGone(`the Pulumi engine (${host}:${port}) is gone: its connection is refused`);
                    return;
                }
                schedule();
            },
            () => schedule(),
        );
    };
    schedule();
    return {
        stop() {
            stopped = true;
            clearTimeout(timer);
        },
    };
}

/** The error of a request the write gate refused: nothing was sent. */
export class WriteGateClosedError extends Error {
    readonly code = "ERR_PARTNERCENTER_ENGINE_GONE";
    constructor(reason: string) {
        super(`not sent: ${reason}`);
        this.name = "WriteGateClosedError";
    }
}

/**
 * Gates a client's `fetch`: once `gate` is aborted, every request is refused before it is sent (with
 * {@link WriteGateClosedError}); until then, requests go through `fetch` unchanged. All requests, reads included:
 * with the engine gone no answer is of use, and a token request only leads to a write.
 */
export function gatedFetch(fetch: FetchLike, gate: AbortSignal): FetchLike {
    return (url, init) => {
        if (gate.aborted) {
            return Promise.reject(new WriteGateClosedError(String(gate.reason ?? "the write gate is closed")));
        }
        return fetch(url, init);
    };
}
