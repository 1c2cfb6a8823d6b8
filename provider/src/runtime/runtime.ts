/**
 * The provider host's shared runtime: settings from `configure()`, one Partner Center client (one pacer, one token
 * cache) and per-run caches. One dynamic-provider host process serves every resource of a stack, whatever its
 * type, so every resource implementation takes its client from here and the whole stack shares one rate budget.
 *
 * Nothing here is serialized: the resource stubs load their implementations (and with them this module) by
 * package name at call time.
 */
import nodeFetch from "node-fetch";

import type { Customer, PartnerRelationship } from "../api/codecs";
import { FAMILY_LIMITS, graphFamilies, partnerCenterFamily, type ApiFamily } from "../api/limits";
import { combinePacers, createPacer, type Pacer, type PacerSelector, type PacingPolicy } from "../client/pacing";
import type { ClientEvent, FetchLike, PartnerCenterClient } from "../client/types";
import { createGraphClient, type GraphClient } from "../graph/client";
import { appOnlyClientFromSettings, clientFromSettings } from "./client-factory";
import { checkpointCostLimit, checkpointCostWarning, checkpointsOn } from "./checkpoints";
import { engineAddressOf, gatedFetch, startEngineWatchdog } from "./engine-watchdog";
import { log, NOTABLE_WAIT_MS, summarising } from "./log";
import { missingGraphCredentialsMessage, readSettings, type ConfigReader, type ProviderSettings } from "./settings";

interface Runtime {
    settings: ProviderSettings;
    client?: PartnerCenterClient;
    /** The App-only client (client-credentials grant), created on first use. */
    appOnlyClient?: PartnerCenterClient;
    /**
     * One pacer per API family (`api/limits.ts`), shared by every client of this process: Partner Center's limits
     * are per partner tenant whichever token a call carries (the App-only and App+User clients share them), and
     * Graph's are its own.
     */
    pacers?: Record<ApiFamily, Pacer>;
    graph?: GraphClient;
    resellers?: Promise<PartnerRelationship[]>;
    /** Customer ids per indirect reseller (lower-case tenant id), from the reseller-filtered customer list. */
    resellerCustomers?: Map<string, Promise<ReadonlyMap<string, Customer>>>;
    /** Per-run answers of the service's own rules, by kind and key (country, reseller, address). */
    lookups?: Map<string, Promise<unknown>>;
    /** Customer ids (lower case) this run created, adopted or read: they exist, no need to ask again. */
    knownCustomers?: Set<string>;
    /** New customers checked in this run, and whether the checkpoint-cost warning was given. */
    newCustomers?: number;
    checkpointWarned?: boolean;
}

let runtime: Runtime | undefined;

/**
 * The pacing of one family: the configured pacing (mode, concurrency) with the family's ceiling. Partner Center's
 * families take `partnercenter:requestsPerMinute` (the Customer resource's 500/min by default; the MCA family is
 * assumed to have the same, see `api/limits.ts`); Graph's take their published limits. Pacing off is off for all.
 */
export function familyPacing(pacing: Partial<PacingPolicy>, family: ApiFamily): Partial<PacingPolicy> {
    if (family === "customers" || family === "mca" || !pacing.requestsPerMinute) {
        return pacing;
    }
    const { burst: _burst, ...rest } = pacing;
    return { ...rest, requestsPerMinute: FAMILY_LIMITS[family].requestsPerMinute };
}

function familyPacers(rt: Runtime): Record<ApiFamily, Pacer> {
    const deps = { now: Date.now, sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)) };
    const of = (family: ApiFamily) => createPacer(familyPacing(rt.settings.pacing, family), deps);
    rt.pacers ??= { customers: of("customers"), mca: of("mca"), graphWrite: of("graphWrite"), graph: of("graph") };
    return rt.pacers;
}

/** Partner Center calls: the Customer family's pacer, or the MCA family's. */
function partnerCenterPacer(rt: Runtime): PacerSelector {
    const pacers = familyPacers(rt);
    return (call) => pacers[partnerCenterFamily(call.operation)];
}

/** Graph calls: reads through the any-call pacer; writes through the write pacer, then the any-call pacer. */
function graphPacer(rt: Runtime): PacerSelector {
    const pacers = familyPacers(rt);
    const write = combinePacers([pacers.graphWrite, pacers.graph]);
    return (call) => (graphFamilies(call.method).includes("graphWrite") ? write : pacers.graph);
}
/**
 * Aborted once the engine that started this process is gone (see `engine-watchdog.ts`): from then on the shared
 * clients refuse every request before sending it. Never reset, not even by {@link resetRuntime}: a process whose
 * engine died has nothing left to send.
 */
const writeGate = new AbortController();
/** The transport of every client of this runtime: node-fetch behind the write gate. */
const transport: FetchLike = gatedFetch(nodeFetch as unknown as FetchLike, writeGate.signal);
let engineWatched = false;

/**
 * In a dynamic-provider host (the engine's address in argv), watch the engine once per process: when it is gone
 * (`pulumi` killed), close the write gate and exit, so queued creates are never sent for a run nobody records.
 * Elsewhere (the program's process, tests) there is no engine to watch and nothing happens.
 */
function watchEngine(): void {
    if (engineWatched) {
        return;
    }
    engineWatched = true;
    const address = engineAddressOf(process.argv);
    if (!address) {
        return;
    }
    startEngineWatchdog({
        address,
        onGone: (reason) => {
            writeGate.abort(reason);
            try {
                log.error(`${reason}: no further request is sent, the provider host exits`);
            } catch {
                // stderr leads to the dead engine: nothing to report to
            }
            // At once: an exit later would leave time for in-flight answers to queue more work.
            process.exit(1);
        },
    });
}

/** A configuration error, kept: the provider host caches the provider and never calls `configure` again. */
let configError: Error | undefined;

/** Settings from `configure()`, or from the environment alone when the host never called it. */
function current(): Runtime {
    if (configError) {
        throw configError;
    }
    runtime ??= { settings: readSettings(() => undefined) };
    return runtime;
}

/** The current settings (from `configure()`, else the environment). Throws a kept configuration error. */
export function settings(): ProviderSettings {
    return current().settings;
}

/**
 * Apply stack config (`partnercenter:*`). Side-effect free beyond remembering settings (it also runs in preview),
 * except that in a provider host the first call starts the engine watchdog.
 */
export function configure(readConfig: ConfigReader): void {
    watchEngine();
    let next: ProviderSettings;
    try {
        next = readSettings(readConfig);
    } catch (e) {
        configError = e instanceof Error ? e : new Error(String(e));
        throw configError;
    }
    configError = undefined;
    // The same settings again (another serialized provider string in state, or another resource type): keep the
    // one client, its pacer, token and reseller cache, so the whole stack still shares one rate budget.
    if (runtime && JSON.stringify(runtime.settings) === JSON.stringify(next)) {
        return;
    }
    runtime = { settings: next };
}

/** For tests: forget settings, client and caches. */
export function resetRuntime(): void {
    runtime = undefined;
    configError = undefined;
}

/** The one Partner Center client of this process. */
export function partnerCenter(): PartnerCenterClient {
    const rt = current();
    rt.client ??= clientFromSettings(rt.settings, logClientEvent, partnerCenterPacer(rt), transport);
    return rt.client;
}

/**
 * The one App-only (client-credentials) Partner Center client of this process, for operations that only accept
 * App-only tokens (the enhanced MCA attestation). Same app registration as {@link partnerCenter}, no refresh token.
 */
export function partnerCenterAppOnly(): PartnerCenterClient {
    const rt = current();
    rt.appOnlyClient ??= appOnlyClientFromSettings(rt.settings, logClientEvent, partnerCenterPacer(rt), transport);
    return rt.appOnlyClient;
}

/**
 * The one Microsoft Graph client of this process (GDAP resources): its own pacer and its own App-only token for
 * the Graph audience, from the same app registration as the Partner Center client.
 */
export function graph(): GraphClient {
    const rt = current();
    if (!rt.graph) {
        const credentials = rt.settings.graph.credentials;
        if (!credentials) {
            throw new Error(missingGraphCredentialsMessage);
        }
        rt.graph = createGraphClient({
            graphBase: rt.settings.graph.endpoint,
            authority: rt.settings.endpoints.authority,
            credentials,
            pacer: graphPacer(rt),
            retry: rt.settings.retry,
            onEvent: logClientEvent,
            fetch: transport,
        });
    }
    return rt.graph;
}

const burst = summarising();

/**
 * Retries and waits of a second or more are worth showing (a few lines per kind, see `summarising`); shorter
 * waits and plain request/response events (with MS-RequestId, MS-CorrelationId, attempt, status and duration)
 * are debug.
 */
function logClientEvent(event: ClientEvent): void {
    if (event.kind === "progress") {
        // A wait for the service to apply a change (seconds to minutes): the user should see why `up` pauses.
        log.info(event.message);
        return;
    }
    const notable = event.kind === "retry" || (event.kind === "throttled" && (event.waitMs ?? 0) >= NOTABLE_WAIT_MS);
    if (!notable) {
        log.debug(event.message);
        return;
    }
    // The kind of event: its message with numbers and ids blanked out.
    const kind = `${event.kind}:${event.operation}:${event.message.replace(/[0-9a-f]{8}-[0-9a-f-]{27}|\d+(\.\d+)?/gi, "#")}`;
    burst(kind, event.message);
}

/**
 * Count a new customer of this run (`check` of a resource not in state). Returns the checkpoint-cost warning the
 * first time the count passes the limit (`checkpointCostLimit`) while the engine writes a checkpoint after every
 * step; `undefined` otherwise (so it is said once per run, as soon as the run is known to cross it).
 */
export function noteNewCustomer(env: NodeJS.ProcessEnv = process.env): string | undefined {
    const rt = current();
    rt.newCustomers = (rt.newCustomers ?? 0) + 1;
    const limit = checkpointCostLimit(env);
    if (rt.checkpointWarned || rt.newCustomers <= limit || !checkpointsOn(env)) {
        return undefined;
    }
    rt.checkpointWarned = true;
    return checkpointCostWarning(limit);
}

/**
 * Remember a customer this run created, adopted or read, so another resource of the stack that names it (an
 * agreement's `customerId`) need not ask Partner Center whether it exists: a cache lookup instead of a call in the
 * engine's serial `check`.
 */
export function rememberCustomer(customerId: string): void {
    (current().knownCustomers ??= new Set()).add(customerId.toLowerCase());
}

/** Whether this run created, adopted or read the customer (see {@link rememberCustomer}). */
export function knownCustomer(customerId: string): boolean {
    return current().knownCustomers?.has(customerId.toLowerCase()) ?? false;
}

/** The provider's indirect resellers, fetched once per process (i.e. once per `pulumi` run). */
export function indirectResellers(): Promise<PartnerRelationship[]> {
    const rt = current();
    if (!rt.resellers) {
        rt.resellers = partnerCenter()
            .listIndirectResellers()
            .catch((e: unknown) => {
                rt.resellers = undefined; // do not cache a failure
                throw e;
            });
    }
    return rt.resellers;
}

/**
 * The customers of one indirect reseller by id (lower case), from the customer list filtered by
 * `IndirectReseller` — the documented way to tell which reseller a customer belongs to (a get-by-id answer need
 * not carry `associatedPartnerId`). Listed once per process and reseller; `refresh` lists again (a customer
 * created meanwhile), sharing a listing already under way that started after the call.
 */
export function resellerCustomers(
    resellerId: string,
    options: { refresh?: boolean } = {},
): Promise<ReadonlyMap<string, Customer>> {
    const rt = current();
    const cache = (rt.resellerCustomers ??= new Map());
    const key = resellerId.toLowerCase();
    const cached = cache.get(key);
    if (cached && !options.refresh) {
        return cached;
    }
    const listing = partnerCenter()
        .listCustomers({ indirectReseller: key })
        .then((customers) => new Map(customers.map((c) => [c.id.toLowerCase(), c])) as ReadonlyMap<string, Customer>)
        .catch((e: unknown) => {
            if (cache.get(key) === listing) {
                cache.delete(key); // do not cache a failure
            }
            throw e;
        });
    cache.set(key, listing);
    return listing;
}

/** The ids (lower case) of the customers of one indirect reseller: see {@link resellerCustomers}. */
export async function resellerCustomerIds(
    resellerId: string,
    options: { refresh?: boolean } = {},
): Promise<ReadonlySet<string>> {
    return new Set((await resellerCustomers(resellerId, options)).keys());
}

export {
    engineAddressOf,
    gatedFetch,
    probeEngine,
    startEngineWatchdog,
    WriteGateClosedError,
    type EngineAddress,
    type EngineWatchdog,
    type EngineWatchdogOptions,
    type ProbeResult,
} from "./engine-watchdog";
export { setLogSink, summarising, type LogLevel, type LogSink } from "./log";
export { CHECKPOINT_COST_CUSTOMERS, checkpointCostLimit, checkpointCostWarning, checkpointsOn } from "./checkpoints";
export { assertSecretSettings, plaintextSecretMessage, plaintextSecretSettings } from "./secret-config";
export { assertKnownSettingKeys, unknownSettingKeys } from "./config-keys";
export { defaultGraphEndpoint } from "./settings";
export {
    ADOPT_IF_EXISTS_STEP,
    clientAuthenticationFrom,
    credentialsProblem,
    readSettings,
    SECRET_SETTING_KEYS,
    SETTING_KEYS,
    type SettingKey,
} from "./settings";

/**
 * A per-run cache of read-only lookups (country validation rules per country, a reseller's agreement status, an
 * address's validation): `load` runs once per `kind`+`key` per provider process, i.e. once per `pulumi` run, and
 * every resource shares the answer. A failure is not cached.
 */
export function cachedLookup<T>(kind: string, key: string, load: () => Promise<T>): Promise<T> {
    const rt = current();
    rt.lookups ??= new Map();
    const id = `${kind}\u0000${key}`;
    let pending = rt.lookups.get(id) as Promise<T> | undefined;
    if (!pending) {
        pending = load().catch((e: unknown) => {
            rt.lookups?.delete(id);
            throw e;
        });
        rt.lookups.set(id, pending);
    }
    return pending;
}

/** Drop one answer of {@link cachedLookup} (e.g. a negative one that must be asked again later in the run). */
export function forgetLookup(kind: string, key: string): void {
    runtime?.lookups?.delete(`${kind}\u0000${key}`);
}
