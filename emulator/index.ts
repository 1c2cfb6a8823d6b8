/**
 * A local Partner Center emulator: the customer operations of `pulumi-partnercenter/api` served over HTTP on
 * 127.0.0.1, with an AAD-style token endpoint, fault injection, rate limiting and optional persistence.
 *
 * ```ts
 * const emulator = await startEmulator({ port: 0 });
 * const token = emulator.issueAccessToken();
 * // ... drive `${emulator.url}/v1/customers` ...
 * await emulator.close();
 * ```
 */
import type { Emulator, EmulatorOptions } from "./Emulator";
import EmulatorServer from "./EmulatorServer";
import FaultInjector from "./faults/FaultInjector";
import { RateLimit } from "./ratelimit/TokenBucketRateLimiter";
import { RequestLogEntry } from "./RequestLog";
import { Seed } from "./seed/Seed";
import { RuntimeSettings } from "./settings";
import { ICustomerStore } from "./store/ICustomerStore";

/** Start an emulator; resolves once it is listening. */
export function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
    return EmulatorServer.start(options);
}

export { FaultInjector };
export type { Emulator, EmulatorOptions };
export type { RequestLogEntry, RuntimeSettings, RateLimit, Seed, ICustomerStore };
export type { FaultRule, FaultMatch, ActiveFault } from "./faults/FaultInjector";
export type { SeedPartner, SeedReseller, SeedKnownTenant } from "./seed/Seed";
export type { StoredAttestation, StoredAgreement } from "./store/AgreementStore";
export type { EmulatedCloud } from "./settings";
export type { StoredCustomer, StoredBillingProfile, StoredAddress, ReplayRecord } from "./store/ICustomerStore";
export { loadSeed, defaultSeedPath } from "./seed/Seed";
export { default as ErrorFactory } from "./errors/ErrorFactory";
export { default as MemoryCustomerStore } from "./store/MemoryCustomerStore";
export { default as FileCustomerStore } from "./store/FileCustomerStore";
