/**
 * The provider host's shared runtime: settings from `configure()`, one Partner Center client (one pacer, one token
 * cache) and per-run caches. One dynamic-provider host process serves every resource of a stack, whatever its
 * type, so every resource implementation takes its client from here and the whole stack shares one rate budget.
 *
 * Nothing here is serialized: the resource stubs load their implementations (and with them this module) by
 * package name at call time.
 */
import type { PartnerRelationship } from "../api/codecs";
import type { ClientEvent, PartnerCenterClient } from "../client/types";
import { clientFromSettings } from "./client-factory";
import { log } from "./log";
import { readSettings, type ConfigReader, type ProviderSettings } from "./settings";

interface Runtime {
    settings: ProviderSettings;
    client?: PartnerCenterClient;
    resellers?: Promise<PartnerRelationship[]>;
    /** Per-run answers of the service's own rules, by kind and key (country, reseller, address). */
    lookups?: Map<string, Promise<unknown>>;
}

let runtime: Runtime | undefined;
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

/** Apply stack config (`partnercenter:*`). Side-effect free beyond remembering settings: it also runs in preview. */
export function configure(readConfig: ConfigReader): void {
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
    rt.client ??= clientFromSettings(rt.settings, logClientEvent);
    return rt.client;
}

/** Retries and throttling waits are worth showing to the user; plain request/response events are debug. */
function logClientEvent(event: ClientEvent): void {
    if (event.kind === "throttled" || event.kind === "retry") {
        log.info(event.message);
    } else {
        log.debug(event.message);
    }
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
