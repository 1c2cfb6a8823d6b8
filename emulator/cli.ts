#!/usr/bin/env node
/**
 * Command line entry point:
 *
 *   node dist/emulator/cli.js --port 8787 [--data FILE] [--seed FILE] [--production] [--quota N] [--latency-ms N]
 *                             [--rate-limit RPM [--burst N]] [--read-lag-ms N] [--no-dedupe]
 *                             [--client-certificate FILE]... [--device-code-interval N] [--quiet]
 *
 * `--burst` is the rate limit's bucket size (requests allowed at once); by default a few seconds' allowance
 * (`DEFAULT_BURST_SECONDS`, an assumption: Partner Center does not publish its window's shape).
 *
 * When ready it prints `Partner Center emulator listening on http://127.0.0.1:<port>` as one line on stdout;
 * scripts and tests wait for and parse that line. SIGINT/SIGTERM close the server and flush the data file.
 */
import * as fs from "fs";

import { CONTROL_ENDPOINTS } from "./control";
import { defaultSeedPath, EmulatorOptions, startEmulator } from "./index";

const USAGE =
    "usage: cli.js [--port N] [--data FILE] [--seed FILE] [--production] [--quota N] [--latency-ms N]\n" +
    "              [--rate-limit RPM [--burst N]] [--read-lag-ms N] [--no-dedupe]\n" +
    "              [--client-certificate FILE]... [--device-code-interval N] [--quiet]";

/** The options `--help` explains, in the order of {@link USAGE}. */
const OPTIONS: readonly (readonly [string, string])[] = [
    ["--port N", "TCP port on 127.0.0.1 (default 8787; 0 picks a free one)"],
    ["--data FILE", "keep customers in FILE (JSON, atomic writes; MCA data in FILE.agreements.json); default: memory"],
    ["--seed FILE", "the partner, its indirect resellers and credentials (default emulator/seed/default.json)"],
    ["--production", "production mode: DELETE refused, no quota (default: integration sandbox, DELETE allowed)"],
    ["--quota N", "most customers (then 400/800018); 0 = unlimited (default 75 in the sandbox)"],
    ["--latency-ms N", "delay added to every API request"],
    ["--rate-limit RPM", "token bucket per partner tenant: 429 with Retry-After beyond RPM requests a minute"],
    ["--burst N", "the bucket's size, requests allowed at once (default 5 seconds' allowance)"],
    ["--read-lag-ms N", "a new customer answers 404 to get-by-id for this long (read-after-create lag)"],
    ["--no-dedupe", "do not replay the outcome of a write whose MS-RequestId repeats"],
    [
        "--client-certificate FILE",
        "register the certificate in FILE (PEM) on the app: client assertions signed with its key are accepted",
    ],
    ["--device-code-interval N", "polling interval of device-code sign-ins, in seconds (default 5)"],
    ["--quiet", "no access log on stdout"],
    ["--help, -h", "this help"],
];

/** `cli.js --help`: usage, options, every control endpoint (see `control.ts`) and an example. */
export function helpText(): string {
    const pad = (text: string, width: number) => text.padEnd(width);
    const options = OPTIONS.map(([flag, what]) => `  ${pad(flag, 18)} ${what}`);
    const control = CONTROL_ENDPOINTS.map((e) => `  ${pad(e.method, 6)} ${e.path}\n           ${e.effect}`);
    return [
        "Partner Center emulator: the Partner Center customer APIs and Microsoft Graph GDAP (under /graph) on",
        "127.0.0.1, with the fake partner of the seed. Ids are GUIDs; a customer's id is also its tenant id and its",
        "commerce id (see emulator/README.md).",
        "",
        USAGE,
        "",
        "Options:",
        ...options,
        "",
        "Control endpoints (loopback only, no authentication; JSON bodies):",
        ...control,
        "",
        "Example:",
        "  node dist/emulator/cli.js --port 8787 --rate-limit 500",
        "  curl -s http://127.0.0.1:8787/_emulator/health",
        "  curl -s -X POST http://127.0.0.1:8787/_emulator/faults \\",
        '       -d \'{"kind": "throttle", "count": 2, "match": {"operation": "createCustomer"}}\'',
        "  curl -s http://127.0.0.1:8787/_emulator/requests",
        "",
        "When ready it prints 'Partner Center emulator listening on http://127.0.0.1:<port>' on stdout.",
        "SIGINT/SIGTERM close the server and flush the data file.",
    ].join("\n");
}

/** Parse argv into options; throws with a message naming the bad flag. */
export function parseArgs(argv: readonly string[]): EmulatorOptions {
    const options: EmulatorOptions = { port: 8787, quiet: false };
    const args = [...argv];
    let burst: number | undefined;
    const value = (flag: string): string => {
        const next = args.shift();
        if (next === undefined || next.startsWith("--")) {
            throw new Error(`${flag} needs a value`);
        }
        return next;
    };
    const number = (flag: string): number => {
        const parsed = Number(value(flag));
        if (!Number.isFinite(parsed) || parsed < 0) {
            throw new Error(`${flag} needs a non-negative number`);
        }
        return parsed;
    };
    while (args.length > 0) {
        const arg = args.shift() as string;
        switch (arg) {
            case "--port":
                options.port = number(arg);
                break;
            case "--data":
                options.dataFile = value(arg);
                break;
            case "--seed":
                options.seed = value(arg);
                break;
            case "--production":
                options.sandbox = false;
                break;
            case "--quota":
                options.quota = number(arg);
                break;
            case "--latency-ms":
                options.latencyMs = number(arg);
                break;
            case "--rate-limit":
                options.rateLimit = { requestsPerMinute: number(arg) };
                break;
            case "--burst":
                burst = number(arg);
                if (burst < 1) {
                    throw new Error("--burst needs a number of requests, at least 1");
                }
                break;
            case "--read-lag-ms":
                options.readAfterCreateLagMs = number(arg);
                break;
            case "--no-dedupe":
                options.dedupeRequestIds = false;
                break;
            case "--client-certificate": {
                const file = value(arg);
                let pem: string;
                try {
                    pem = fs.readFileSync(file, "utf8");
                } catch (e) {
                    throw new Error(`--client-certificate: cannot read ${file}: ${(e as Error).message}`, { cause: e });
                }
                options.clientCertificates = [...(options.clientCertificates ?? []), pem];
                break;
            }
            case "--device-code-interval":
                options.deviceCodeIntervalSeconds = number(arg);
                break;
            case "--quiet":
                options.quiet = true;
                break;
            case "--help":
            case "-h":
                process.stdout.write(`${helpText()}\n`);
                process.exit(0);
                break;
            default:
                throw new Error(`unknown argument ${arg}`);
        }
    }
    if (burst !== undefined) {
        if (!options.rateLimit) {
            throw new Error("--burst needs --rate-limit (the bucket size of which rate?)");
        }
        options.rateLimit = { ...options.rateLimit, burst };
    }
    return options;
}

async function main(): Promise<void> {
    let options: EmulatorOptions;
    try {
        options = parseArgs(process.argv.slice(2));
    } catch (err) {
        process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
        process.exit(2);
    }
    const emulator = await startEmulator(options);
    const partner = emulator.seed.partner;
    const seedFile = typeof options.seed === "string" ? options.seed : defaultSeedPath();
    const out = (line: string) => process.stdout.write(`${line}\n`);
    out(`Mode: ${emulator.options.sandbox ? "integration sandbox (DELETE allowed)" : "production (DELETE refused)"}`);
    out(`Partner tenant: ${partner.tenantId} (${partner.name})`);
    out(`Client id: ${partner.clientId}`);
    // The secret values are fake demo values, but they still are secrets in shape: name them, don't print them.
    out(`Credentials: partner.clientSecret and partner.refreshToken in ${seedFile}`);
    out(`Token endpoint: ${emulator.url}/${partner.tenantId}/oauth2/token`);
    out(
        `Device-code sign-in: ${emulator.url}/${partner.tenantId}/oauth2/v2.0/devicecode (approve: POST /_emulator/devicecodes/{code}/approve)`,
    );
    out(`Data file: ${options.dataFile ?? "(none, memory only)"}`);
    out(`Partner Center emulator listening on ${emulator.url}`);

    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
        if (stopping) {
            return;
        }
        stopping = true;
        out(`Received ${signal}, shutting down`);
        emulator.close().then(
            () => process.exit(0),
            (err: unknown) => {
                process.stderr.write(`shutdown failed: ${String(err)}\n`);
                process.exit(1);
            },
        );
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
}

if (require.main === module) {
    main().catch((err: unknown) => {
        process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
        process.exit(1);
    });
}
