/**
 * The public contracts of the emulator: the options it starts with and the running instance. They live apart from
 * `index.ts` so that `EmulatorServer` can implement them without importing the entry point that imports it.
 */
import type * as http from "http";

import type FaultInjector from "./faults/FaultInjector";
import type GraphApi from "./graph/GraphApi";
import type { ApiFamily } from "pulumi-partnercenter/api";

import type { RateLimit } from "./ratelimit/TokenBucketRateLimiter";
import type { RequestLogEntry } from "./RequestLog";
import type { Seed } from "./seed/Seed";
import type { EmulatedCloud, RuntimeSettings } from "./settings";
import type AgreementStore from "./store/AgreementStore";
import type { ICustomerStore } from "./store/ICustomerStore";

export interface EmulatorOptions {
    /** TCP port on 127.0.0.1; 0 (default) picks a free one (read it from `Emulator.port`). */
    port?: number;
    /** Integration sandbox (default true): DELETE works, 75-customer quota. False: production, DELETE refused. */
    sandbox?: boolean;
    /** Seed object or path to a seed JSON file; default `emulator/seed/default.json`. */
    seed?: Seed | string;
    /** Persist customers to this JSON file (atomic writes); loaded on start. Default: memory only. */
    dataFile?: string;
    /** Maximum customers (`sandboxLimit` 400/800018 beyond it); 0 = unlimited. Default 75 in sandbox, else 0. */
    quota?: number;
    /** Delay added to every API request, in ms. Default 0. */
    latencyMs?: number;
    /**
     * The Customer resource's token bucket per partner tenant; 429 + `Retry-After` when empty. Default: none. Set, it
     * also turns on the other API families' limits (README "Rate limits").
     */
    rateLimit?: RateLimit;
    /** Per-API-family overrides (`customers`, `mca`, `graphWrite`, `graph`; `null` = unlimited). Default: none. */
    rateLimits?: Partial<Record<ApiFamily, RateLimit | null>>;
    /** A just-created customer answers 404 to GETs by id for this long, in ms. Default 0. */
    readAfterCreateLagMs?: number;
    /** Leave `associatedPartnerId` out of get-by-id answers and list items (see `RuntimeSettings`). Default false. */
    omitAssociatedPartnerId?: boolean;
    /** Replay the recorded outcome of a mutating request whose `MS-RequestId` repeats. Default true. */
    dedupeRequestIds?: boolean;
    /** Lifetime of access tokens from the token endpoint. Default 3600. */
    tokenLifetimeSeconds?: number;
    /**
     * Certificates (PEM; a private key in the text is ignored) registered on the emulated app registration: the
     * token endpoints accept client assertions signed with their keys. More via `POST /_emulator/certificates`.
     */
    clientCertificates?: string[];
    /** `interval` of device-code sign-ins, in seconds. Default 5 (Entra's). */
    deviceCodeIntervalSeconds?: number;
    /** Request body limit (413 beyond). Default 1 MiB. */
    maxBodyBytes?: number;
    /** How long a Graph long-running operation (access-assignment update) takes, in ms. Default 1000. */
    gdapOperationDelayMs?: number;
    /** The status of a GDAP create whose displayName is taken: 409 (default) or 400 (no sample shows it). */
    gdapDuplicateNameStatus?: 400 | 409;
    /** The cloud the emulator stands in for (default `global`); MCA operations are public-cloud only. */
    cloud?: EmulatedCloud;
    /** No access log on stdout. Default true for `startEmulator` (the CLI logs unless `--quiet`). */
    quiet?: boolean;
}

/** A running emulator. */
export interface Emulator {
    /** `http://127.0.0.1:<port>`: both the API base URL and the token authority. */
    readonly url: string;
    readonly port: number;
    /** The underlying server (e.g. to check `server.address()`). */
    readonly server: http.Server;
    /** Stop the server, drop open connections (hanging ones too) and flush persistence. */
    close(): Promise<void>;
    /** Programmatic fault injection (same rules as `POST /_emulator/faults`). */
    readonly faults: FaultInjector;
    /** Every API/token request, in order (live array). */
    readonly requestLog: RequestLogEntry[];
    readonly store: ICustomerStore;
    /** Attestations and agreements (MCA). */
    readonly agreements: AgreementStore;
    readonly seed: Seed;
    /** An access token for the seeded partner (or `tenantId`), valid `expiresInSeconds` (negative = expired). */
    issueAccessToken(opts?: { expiresInSeconds?: number; tenantId?: string }): string;
    /** Invalidate every access token issued so far. */
    revokeAccessTokens(): void;
    /** Register a certificate (PEM) for client assertions; returns its thumbprints. */
    registerClientCertificate(pem: string): { thumbprint: string; x5tS256: string };
    /** The app's pending device-code sign-ins, and the human's answer (approve with or without MFA, or decline). */
    readonly deviceCodes: {
        list(): { userCode: string; status: string }[];
        decide(userCode: string, decision: { approve: boolean; mfa?: boolean; user?: string }): boolean;
    };
    clearRequestLog(): void;
    /** The Microsoft Graph area (GDAP), served under `${url}/graph`; `graph.store` holds its state. */
    readonly graph: GraphApi;
    /** Runtime settings; changes apply to the next request. */
    readonly options: RuntimeSettings;
}
