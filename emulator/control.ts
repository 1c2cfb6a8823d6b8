/**
 * The control API under `/_emulator/`, for tests and scripts driving the emulator from another process: every
 * endpoint is in {@link CONTROL_ENDPOINTS} (which `cli.js --help` prints and emulator/README.md documents).
 * No authentication: the server only listens on 127.0.0.1, and requests from other addresses are refused anyway.
 */
import type { IncomingMessage, ServerResponse } from "http";

import EmulatorError from "./errors/EmulatorError";
import ErrorFactory from "./errors/ErrorFactory";
import FaultInjector, { parseFaultRule } from "./faults/FaultInjector";
import type GraphApi from "./graph/GraphApi";
import { EmulatorEnvironment } from "./handlers/types";
import TokenBucketRateLimiter from "./ratelimit/TokenBucketRateLimiter";
import { RequestLogEntry } from "./RequestLog";
import { applySettingsPatch } from "./settings";
import { acceptAttestation, attestationView } from "./handlers/agreements";
import TokenService from "./auth/TokenService";

export interface ControlDependencies {
    env: EmulatorEnvironment;
    faults: FaultInjector;
    tokens: TokenService;
    rateLimiter: TokenBucketRateLimiter;
    requestLog: RequestLogEntry[];
    graph: GraphApi;
}

/** One endpoint of the control API. */
export interface ControlEndpoint {
    readonly method: "GET" | "POST" | "PATCH" | "DELETE";
    /** Under the emulator's URL; `{…}` is a path parameter. */
    readonly path: string;
    /** What it does and answers. */
    readonly effect: string;
}

/**
 * Every control endpoint, in the order `--help` and the README list them. The routes themselves are in
 * {@link ControlApi} (and `GraphApi.control` for `/_emulator/gdap`); a unit test keeps the two in step.
 */
export const CONTROL_ENDPOINTS: readonly ControlEndpoint[] = [
    { method: "GET", path: "/_emulator/health", effect: 'liveness: 200 {status: "ok", customers, sandbox, faults}' },
    {
        method: "GET",
        path: "/_emulator/requests",
        effect: "the request log (every API and token request, oldest first)",
    },
    { method: "DELETE", path: "/_emulator/requests", effect: "clear the request log -> 204" },
    {
        method: "POST",
        path: "/_emulator/faults",
        effect: "install a fault rule (JSON FaultRule) -> 201 {id, rule, remaining}",
    },
    { method: "GET", path: "/_emulator/faults", effect: "the installed fault rules" },
    { method: "DELETE", path: "/_emulator/faults", effect: "remove every fault rule -> 204" },
    {
        method: "PATCH",
        path: "/_emulator/settings",
        effect:
            "change settings while running: {latencyMs, rateLimit ({requestsPerMinute, burst?} or null), " +
            "rateLimits (per API family: customers, mca, graphWrite, graph; each a limit or null), " +
            "readAfterCreateLagMs, dedupeRequestIds, sandbox, omitAssociatedPartnerId, cloud, gdapOperationDelayMs, " +
            "gdapOperationOutcome, gdapDuplicateNameStatus, deviceCodeIntervalSeconds, deviceCodeLifetimeSeconds} " +
            "-> 200 settings",
    },
    {
        method: "POST",
        path: "/_emulator/tokens",
        effect: "issue an access token without the OAuth grant: {expiresInSeconds?, tenantId?} -> 201 {access_token}",
    },
    {
        method: "DELETE",
        path: "/_emulator/tokens",
        effect: "revoke every access token (the next call gets 401) -> 204",
    },
    {
        method: "POST",
        path: "/_emulator/certificates",
        effect:
            "register a certificate on the app registration (certificate credentials): {certificate: PEM} -> 201 " +
            "{thumbprint, x5tS256, subject, validFrom, validTo}",
    },
    { method: "GET", path: "/_emulator/certificates", effect: "the registered certificates" },
    { method: "DELETE", path: "/_emulator/certificates", effect: "unregister every certificate -> 204" },
    {
        method: "GET",
        path: "/_emulator/devicelogin",
        effect: "the device-code verification page (stands in for microsoft.com/devicelogin): pending sign-ins",
    },
    {
        method: "POST",
        path: "/_emulator/devicecodes/{userCode}/approve",
        effect: 'the user signs in for a device code: {mfa?: true, user?} ({"mfa": false}: no MFA) -> 200; 404 unknown',
    },
    {
        method: "POST",
        path: "/_emulator/devicecodes/{userCode}/decline",
        effect: "the user declines the sign-in (the poll gets authorization_declined) -> 200; 404 unknown",
    },
    {
        method: "DELETE",
        path: "/_emulator/customers",
        effect: "forget every customer, replay record, attestation and agreement -> 204",
    },
    { method: "GET", path: "/_emulator/attestations", effect: "every MCA attestation (any partner)" },
    {
        method: "GET",
        path: "/_emulator/attestations/{attestationId}",
        effect: "one attestation: where the acceptanceUrl points (stands in for Microsoft's acceptance page)",
    },
    {
        method: "POST",
        path: "/_emulator/attestations/{attestationId}/accept",
        effect: "the customer accepts the MCA -> 200 attestation, status Accepted (idempotent; 404 unknown id)",
    },
    { method: "GET", path: "/_emulator/agreements", effect: "every customer agreement" },
    {
        method: "POST",
        path: "/_emulator/customers/{customerId}/mca-direct-signed",
        effect:
            "the customer accepts the MCA directly (not through a partner): its directSignedMicrosoftCustomerAgreementStatus " +
            "says isSigned: true -> 200 {isSigned} (idempotent; 404 unknown customer)",
    },
    {
        method: "POST",
        path: "/_emulator/gdap/relationships/{id}/approve",
        effect: "the customer's admin approves a GDAP relationship: approvalPending -> active -> 200",
    },
    {
        method: "POST",
        path: "/_emulator/gdap/relationships/{id}/expire",
        effect: "a GDAP relationship expires: active (or approvalPending) -> expired -> 200",
    },
    { method: "GET", path: "/_emulator/gdap", effect: "every GDAP relationship and access assignment" },
    {
        method: "DELETE",
        path: "/_emulator/gdap",
        effect: "forget every GDAP relationship and access assignment -> 204",
    },
];

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

interface Reply {
    status: number;
    body?: unknown;
}

export class ControlApi {
    constructor(private readonly deps: ControlDependencies) {}

    public handle(req: IncomingMessage, res: ServerResponse, pathname: string, body: Buffer | EmulatorError): void {
        let reply: Reply;
        try {
            if (!LOOPBACK.has(req.socket.remoteAddress ?? "")) {
                throw new EmulatorError(403, {
                    code: 403,
                    description: "The control API is loopback only.",
                    data: [],
                    source: "PartnerFD",
                });
            }
            if (body instanceof EmulatorError) {
                throw body;
            }
            reply = this.route((req.method ?? "GET").toUpperCase(), pathname.replace(/\/+$/, ""), body, req);
        } catch (err) {
            const error = err instanceof EmulatorError ? err : ErrorFactory.internal(500, String(err));
            reply = { status: error.status, body: error.body };
        }
        const payload = reply.body === undefined ? "" : JSON.stringify(reply.body);
        res.writeHead(reply.status, {
            ...(reply.body !== undefined ? { "Content-Type": "application/json; charset=utf-8" } : {}),
            "Content-Length": String(Buffer.byteLength(payload)),
        });
        res.end(payload);
    }

    private route(method: string, path: string, raw: Buffer, req: IncomingMessage): Reply {
        const { env, faults, tokens, requestLog } = this.deps;
        const key = `${method} ${path}`;
        const attestation = /^\/_emulator\/attestations\/([^/]+)(\/accept)?$/.exec(path);
        if (attestation) {
            const id = decodeURIComponent(attestation[1] ?? "");
            const url = `http://${req.headers.host ?? "127.0.0.1"}/_emulator/attestations/${id}`;
            const accept = attestation[2] !== undefined;
            if (accept ? method !== "POST" : method !== "GET") {
                throw ErrorFactory.methodNotAllowed(method, [accept ? "POST" : "GET"]);
            }
            const stored = env.agreements.getAttestation(id);
            const view = !stored
                ? undefined
                : accept
                  ? acceptAttestation(env.agreements, id, env.now(), url)
                  : attestationView(stored, url);
            if (!view) {
                throw ErrorFactory.attestationNotFound(id);
            }
            return { status: 200, body: view };
        }
        const directSigned = /^\/_emulator\/customers\/([^/]+)\/mca-direct-signed$/.exec(path);
        if (directSigned) {
            if (method !== "POST") {
                throw ErrorFactory.methodNotAllowed(method, ["POST"]);
            }
            const customer = env.store.get(decodeURIComponent(directSigned[1] ?? ""));
            if (!customer) {
                throw ErrorFactory.customerNotFound(decodeURIComponent(directSigned[1] ?? ""));
            }
            env.agreements.markDirectSigned(customer.id);
            return { status: 200, body: { isSigned: true } };
        }
        const device = /^\/_emulator\/devicecodes\/([^/]+)\/(approve|decline)$/.exec(path);
        if (device) {
            if (method !== "POST") {
                throw ErrorFactory.methodNotAllowed(method, ["POST"]);
            }
            const o = raw.length > 0 ? (this.json(raw) as Record<string, unknown>) : {};
            const approve = device[2] === "approve";
            const decided = tokens.deviceCodes.decide(decodeURIComponent(device[1] ?? ""), {
                approve,
                ...(o["mfa"] === false ? { mfa: false } : {}),
                ...(typeof o["user"] === "string" ? { user: o["user"] } : {}),
            });
            if (!decided) {
                throw ErrorFactory.notFound(path);
            }
            return { status: 200, body: { status: approve ? "approved" : "declined" } };
        }
        if (path === "/_emulator/gdap" || path.startsWith("/_emulator/gdap/")) {
            const reply = this.deps.graph.control(method, path);
            if (reply) {
                return reply;
            }
        }
        switch (key) {
            case "GET /_emulator/health":
                return {
                    status: 200,
                    body: {
                        status: "ok",
                        customers: env.store.count(),
                        sandbox: env.settings.sandbox,
                        faults: faults.list().length,
                    },
                };
            case "POST /_emulator/faults": {
                let rule;
                try {
                    rule = parseFaultRule(this.json(raw));
                } catch (err) {
                    throw err instanceof EmulatorError
                        ? err
                        : ErrorFactory.invalidInput("rule", (err as Error).message);
                }
                return { status: 201, body: faults.add(rule) };
            }
            case "GET /_emulator/faults":
                return { status: 200, body: faults.list() };
            case "DELETE /_emulator/faults":
                faults.clear();
                return { status: 204 };
            case "GET /_emulator/requests":
                return { status: 200, body: requestLog };
            case "DELETE /_emulator/requests":
                requestLog.length = 0;
                return { status: 204 };
            case "PATCH /_emulator/settings":
                applySettingsPatch(env.settings, this.json(raw));
                this.deps.rateLimiter.reset();
                return { status: 200, body: env.settings };
            case "POST /_emulator/tokens": {
                const o = raw.length > 0 ? (this.json(raw) as Record<string, unknown>) : {};
                const expires = o["expiresInSeconds"];
                const tenantId = o["tenantId"];
                const token = tokens.issue({
                    ...(typeof expires === "number" ? { expiresInSeconds: expires } : {}),
                    ...(typeof tenantId === "string" ? { tenantId } : {}),
                });
                return { status: 201, body: { token_type: "Bearer", access_token: token } };
            }
            case "DELETE /_emulator/tokens":
                tokens.revokeAll();
                return { status: 204 };
            case "POST /_emulator/certificates": {
                const pem = (this.json(raw) as Record<string, unknown>)["certificate"];
                if (typeof pem !== "string") {
                    throw ErrorFactory.invalidInput("certificate", "must be the certificate as PEM text");
                }
                try {
                    return { status: 201, body: tokens.certificates.register(pem) };
                } catch (e) {
                    throw ErrorFactory.invalidInput("certificate", (e as Error).message);
                }
            }
            case "GET /_emulator/certificates":
                return { status: 200, body: tokens.certificates.list() };
            case "DELETE /_emulator/certificates":
                tokens.certificates.clear();
                return { status: 204 };
            case "GET /_emulator/devicelogin":
                return {
                    status: 200,
                    body: {
                        about:
                            "The emulator's stand-in for the device-code sign-in page: approve a pending code with " +
                            'POST /_emulator/devicecodes/{userCode}/approve (body {"mfa": false} for a sign-in ' +
                            "without MFA), or decline it with .../decline.",
                        pending: tokens.deviceCodes.list().filter((d) => d.status === "pending"),
                    },
                };
            case "DELETE /_emulator/customers":
                env.store.clear();
                env.agreements.clear();
                env.consents.clear();
                return { status: 204 };
            case "GET /_emulator/attestations":
                return { status: 200, body: env.agreements.listAttestations() };
            case "GET /_emulator/agreements":
                return { status: 200, body: env.agreements.listAgreements() };
            default:
                throw ErrorFactory.notFound(path);
        }
    }

    private json(raw: Buffer): unknown {
        try {
            const value: unknown = JSON.parse(raw.toString("utf8"));
            if (typeof value !== "object" || value === null || Array.isArray(value)) {
                throw new Error("not an object");
            }
            return value;
        } catch {
            throw ErrorFactory.invalidRequestBody("the body must be a JSON object.");
        }
    }
}
