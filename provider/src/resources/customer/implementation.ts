/**
 * The implementation of the `IndirectResellerCustomer` dynamic provider.
 *
 * This module is never serialized: the stub in `stub.ts` (which is) loads it by package name at call time
 * (`require("pulumi-partnercenter/implementation")`), so state holds a few hundred bytes of stub, no credentials,
 * and refresh/delete always run the installed code.
 *
 * One provider host process serves every resource of a stack, so the module-level runtime (settings, one client
 * with its pacer, the reseller list) is shared by all of them.
 */
import { randomUUID } from "crypto";

import type * as pulumi from "@pulumi/pulumi";

import type { Customer, CustomerBillingProfile } from "../../api/codecs";
import { isPartnerCenterError, type PartnerCenterError } from "../../client/errors";
import { diffCustomer, replacementWarning } from "./diff";
import { log } from "../../runtime/log";
import { configurationCulprit } from "../../runtime/configuration-errors";
import {
    billingProfileFromApi,
    billingProfileMatches,
    billingUpdateRequest,
    createRequest,
    inputsFromOutputs,
    NO_CREDENTIALS,
    toOutputs,
} from "./outputs";
import {
    cachedLookup,
    forgetLookup,
    indirectResellers,
    noteNewCustomer,
    rememberCustomer,
    partnerCenter,
    resellerCustomerIds,
    resellerCustomers,
    settings,
} from "../../runtime/runtime";
import { ADOPT_IF_EXISTS_STEP } from "../../runtime/settings";
import { PROPERTY_POLICIES } from "./diff";
import {
    ENABLE_GDAP_BY_DEFAULT,
    type AdoptMode,
    type BillingProfileArgs,
    type CustomerInputs,
    type CustomerOutputs,
} from "./types";
import { billingProfileApplied, confirmByReadBack, relationshipRemoved } from "./readback";
import { beforeCreate, serviceChecks } from "./service-checks";
import { checkInputs, hasUnknown, isUnknown, valueAt } from "./validate";
import { dynamicProvider } from "../common/dynamic";

type Outputs = CustomerOutputs & { createdAt?: string };
/** What create answers: the customer id and its state. */
type Created = { id: string; outs: Outputs };

export { configure, resetRuntime } from "../../runtime/runtime";
export { ConfigurationError, configurationCulprit } from "../../runtime/configuration-errors";
export { failuresForEngine } from "../common/inputs";

const client = partnerCenter;
const resellers = indirectResellers;

const sameId = (a: string | null | undefined, b: string | null | undefined) =>
    (a ?? "").toLowerCase() === (b ?? "").toLowerCase();

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

// ---------------------------------------------------------------------------------------------------------------
// check

/**
 * The adopt mode of a resource after `check`: the input when set; for a new resource that leaves it unset, the
 * provider config `partnercenter:adoptExisting`; for one already in state, what state has (the mode only matters
 * at creation, so a config switch never shows up as a change on existing resources).
 */
function resolveAdoptMode(raw: Record<string, unknown>, olds: Partial<CustomerInputs>, checked: unknown): AdoptMode {
    const given = raw["adoptExisting"];
    if (given !== undefined && given !== null) {
        return (checked as AdoptMode | undefined) ?? false;
    }
    if (olds.companyProfile) {
        return olds.adoptExisting ?? false;
    }
    return settings().adoptExisting;
}

/**
 * Validate and normalise inputs offline; for a new customer (or a new domain/reseller) also ask Partner Center
 * whether the reseller is ours and the domain is free (or, to adopt, which customer holds it), so the error —
 * or the warning about what adoption will change — comes in preview, before anything is created.
 */
export async function check(
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
): Promise<pulumi.dynamic.CheckResult> {
    const { inputs, failures } = checkInputs(news);
    const previous = olds as Partial<CustomerInputs>;
    if (failures.length === 0 && !isUnknown(inputs["adoptExisting"])) {
        try {
            inputs["adoptExisting"] = resolveAdoptMode(news, previous, inputs["adoptExisting"]);
        } catch (e) {
            failures.push({ property: "", reason: configurationCulprit(e) ?? configProblem(e) });
        }
    }
    if (failures.length > 0 || hasUnknown(inputs)) {
        return { inputs, failures };
    }
    const desired = inputs as unknown as CustomerInputs;
    if (!previous.companyProfile) {
        const checkpointCost = noteNewCustomer();
        if (checkpointCost) {
            log.warn(checkpointCost);
        }
        failures.push(...(await preflight(desired, undefined)));
    } else {
        // An existing resource is checked again only when the change replaces it (a new customer is needed).
        const replacePaths = diffCustomer(previous, desired).replacePaths;
        if (replacePaths.length > 0) {
            failures.push(...(await preflight(desired, { inputs: previous, replacePaths })));
        }
    }
    // A configuration/authentication failure (no property) would only repeat itself on every further call.
    if (!failures.some((f) => f.property === "")) {
        failures.push(...(await serviceChecks(previous, desired)));
    }
    return { inputs, failures };
}

/** A configuration error in words, for a check failure. */
function configProblem(e: unknown): string {
    return `cannot be resolved: the provider configuration is invalid: ${errorText(e)}`;
}

/** The resource being replaced, when a change replaces an existing customer. */
interface Replacing {
    inputs: Partial<CustomerInputs>;
    /** Input paths whose change forces the replacement. */
    replacePaths: string[];
}

async function preflight(
    inputs: CustomerInputs,
    replacing: Replacing | undefined,
): Promise<pulumi.dynamic.CheckFailure[]> {
    const failures: pulumi.dynamic.CheckFailure[] = [];
    const domain = inputs.companyProfile.domain;
    const reseller = inputs.associatedPartnerId;
    const mode = inputs.adoptExisting ?? false;
    let stage = "reseller";
    try {
        const known = await resellers();
        const relationship = known.find((r) => sameId(r.id, reseller));
        if (!relationship) {
            const names = known
                .slice(0, 10)
                .map((r) => `${r.name ?? "?"} (${r.id})`)
                .join(", ");
            failures.push({
                property: "associatedPartnerId",
                reason:
                    `${reseller} is not one of your indirect resellers (no IsIndirectCloudSolutionProviderOf ` +
                    `relationship with your partner tenant). Your indirect resellers: ${names || "none"}.`,
            });
            return failures;
        } else if (relationship.state && relationship.state.toLowerCase() !== "active") {
            failures.push({
                property: "associatedPartnerId",
                reason: `the relationship with indirect reseller ${relationship.name ?? relationship.id} is ${relationship.state}, not Active.`,
            });
        }
        stage = "domain";

        const keepsDomain = replacing !== undefined && sameId(replacing.inputs.companyProfile?.domain, domain);
        if (keepsDomain) {
            // The domain belongs to the customer being replaced. Unless the old customer is deleted first
            // (onDelete "delete": the diff asks for delete-before-replace), the new one cannot get the domain.
            const onDelete = replacing.inputs.onDelete ?? "retain";
            if (onDelete !== "delete") {
                failures.push({
                    property: replacing.replacePaths[0] ?? "companyProfile.domain",
                    reason:
                        `changing ${replacing.replacePaths.join(", ")} replaces the customer, and the replacement needs ` +
                        `${domain}, which the current customer keeps (onDelete: ${onDelete}). Partner Center cannot ` +
                        `move a customer to another reseller or country. Either choose a new domain, or first set ` +
                        `onDelete: "delete" and run \`pulumi up\` (integration sandbox only: the old customer is then ` +
                        `deleted before the new one is created).`,
                });
            }
            return failures;
        }
        if (mode === true) {
            // Adopt only: whatever the domain preflight mode, preview must know which customer will be adopted.
            const found = await lookUp(domain, reseller, { cached: true });
            if (!found?.ours) {
                failures.push({ property: "adoptExisting", reason: cannotAdoptMessage(domain, reseller, found) });
            } else {
                await warnAdoption(found.customer, inputs);
            }
            return failures;
        }
        if (settings().domainPreflight !== "check") {
            // Bulk mode: no per-customer call here; create's POST tells a taken domain (and ifExists adopts then).
            return failures;
        }
        if (await client().isDomainTaken(domain)) {
            const found = await lookUp(domain, reseller);
            if (!found) {
                failures.push({ property: "companyProfile.domain", reason: takenByStrangerMessage(domain) });
            } else if (!found.ours) {
                failures.push({
                    property: mode === "ifExists" ? "adoptExisting" : "companyProfile.domain",
                    reason: cannotAdoptMessage(domain, reseller, found),
                });
            } else if (mode === false) {
                failures.push({
                    property: "companyProfile.domain",
                    reason: domainTakenMessage(domain, found.customer),
                });
            } else {
                await warnAdoption(found.customer, inputs);
            }
        }
    } catch (e) {
        failures.push(preflightFailure(e, stage));
    }
    return failures;
}

/**
 * A preflight call that failed, reported against the real culprit: provider configuration and authentication
 * problems name the config keys (not an input property); anything else names what could not be verified.
 */
function preflightFailure(e: unknown, stage: string): pulumi.dynamic.CheckFailure {
    const culprit = configurationCulprit(e);
    if (culprit) {
        // Not a problem of an input: no property, so the engine prints "resource '<name>' has a problem: ...".
        return { property: "", reason: culprit };
    }
    const what = stage === "reseller" ? "the indirect reseller" : "the domain";
    return {
        property: stage === "reseller" ? "associatedPartnerId" : "companyProfile.domain",
        reason: `${what} could not be verified with Partner Center before creating anything: ${errorText(e)}`,
    };
}

/** A customer found by domain, and whether it is verified as a customer of the reseller looked for. */
interface Found {
    customer: Customer;
    /** In the customer list filtered by the reseller (documented), not from `associatedPartnerId`. */
    ours: boolean;
}

/**
 * Find the customer that holds `domain` among this partner's customers, and verify it belongs to `reseller`
 * through the customer list filtered by `IndirectReseller` (get-by-id need not carry `associatedPartnerId`).
 * `waitMs`: how long to wait for a just-created customer to become visible (read-after-create lag).
 */
async function lookUp(
    domain: string,
    reseller: string,
    options: { correlationId?: string; waitMs?: number; cached?: boolean; prefetch?: boolean } = {},
): Promise<Found | undefined> {
    if (options.cached) {
        // Adoption looks the customer up in `check` (preview must name it) and again in `create` of the same run:
        // the answer is shared, so adopting costs its calls once. Recovery after an ambiguous create never uses
        // this (it must see the service as it is now).
        // Only a verified customer is kept: a miss is asked again (the customer may appear later in the run).
        const { cached: _cached, ...fresh } = options;
        const key = `${domain.toLowerCase()}|${reseller.toLowerCase()}`;
        const found = await cachedLookup("adopt", key, () => lookUp(domain, reseller, { ...fresh, prefetch: true }));
        if (!found?.ours) {
            forgetLookup("adopt", key);
        }
        return found;
    }
    if (!options.waitMs) {
        // The reseller's customer list (fetched once per run) holds the domain: the customer is the reseller's,
        // and one get-by-id gives its full record. No per-customer list call (bulk adoption costs ~2 calls each).
        const listed = await resellerCustomers(reseller);
        const member = listedByDomain(listed).get(domain.toLowerCase());
        if (member) {
            const callOptions = options.correlationId ? { correlationId: options.correlationId } : {};
            const full = options.prefetch
                ? await prefetchedCustomer(listed, member.id)
                : await client()
                      .getCustomer(member.id, callOptions)
                      .catch((e: unknown) =>
                          isPartnerCenterError(e) && e.status === 404 ? undefined : Promise.reject(e),
                      );
            if (full) {
                return { customer: full, ours: true };
            }
            // Listed earlier in the run but gone now: look again the long way.
        }
    }
    const find = () => findCustomerByDomain(domain, options.correlationId);
    const customer = options.waitMs ? await untilVisible(find, options.waitMs) : await find();
    if (!customer) {
        return undefined;
    }
    const isMember = async () =>
        (await resellerCustomerIds(reseller)).has(customer.id.toLowerCase()) ||
        (await resellerCustomerIds(reseller, { refresh: true })).has(customer.id.toLowerCase()) ||
        undefined;
    const ours = options.waitMs ? await untilVisible(isMember, options.waitMs) : await isMember();
    return { customer, ours: ours === true };
}

/** A reseller's listed customers by domain (lower case) and their positions in the list, computed once per listing. */
const listingIndexes = new WeakMap<
    ReadonlyMap<string, Customer>,
    { byDomain: Map<string, Customer>; ids: string[]; position: Map<string, number> }
>();

function listingIndex(listed: ReadonlyMap<string, Customer>) {
    let index = listingIndexes.get(listed);
    if (!index) {
        const ids = [...listed.keys()];
        index = {
            byDomain: new Map([...listed.values()].map((c) => [(c.companyProfile?.domain ?? "").toLowerCase(), c])),
            ids,
            position: new Map(ids.map((id, i) => [id, i])),
        };
        listingIndexes.set(listed, index);
    }
    return index;
}

const listedByDomain = (listed: ReadonlyMap<string, Customer>) => listingIndex(listed).byDomain;

/**
 * How many customers after the one asked for are read ahead: the engine calls `check` one resource at a time, and
 * bulk adoption declares customers in the order `discover` listed them, so while `check` waits for one customer
 * the next ones are already on their way, at the pacer's rate, and their checks find them in the cache.
 */
const ADOPTION_READ_AHEAD = 32;

/**
 * The full record of a listed customer (get by id: the customer and its billing profile, with etag, in one call),
 * once per run; the customers listed after it are read ahead (see {@link ADOPTION_READ_AHEAD}). `undefined` when
 * it is gone (404).
 */
function prefetchedCustomer(listed: ReadonlyMap<string, Customer>, customerId: string): Promise<Customer | undefined> {
    const { ids, position } = listingIndex(listed);
    const at = position.get(customerId.toLowerCase()) ?? -1;
    for (const next of ids.slice(at + 1, at + 1 + ADOPTION_READ_AHEAD)) {
        customerRecord(next).catch(() => undefined); // a failed read-ahead is not cached: its own check asks again
    }
    return customerRecord(customerId);
}

function customerRecord(customerId: string): Promise<Customer | undefined> {
    return cachedLookup("customerRecord", customerId.toLowerCase(), () =>
        client()
            .getCustomer(customerId)
            .catch((e: unknown) => (isPartnerCenterError(e) && e.status === 404 ? undefined : Promise.reject(e))),
    );
}

/** Why a customer cannot be adopted for these inputs (none found, or not the reseller's). */
function cannotAdoptMessage(domain: string, reseller: string, found: Found | undefined): string {
    if (!found) {
        return (
            `adoptExisting: true adopts only, and none of your customers has the domain ${domain} (looked for: ` +
            `domain ${domain}, indirect reseller ${reseller}). Nothing will be created. Check the domain for a typo; ` +
            `to create the customer when it does not exist, set adoptExisting: "ifExists" (or leave it unset).`
        );
    }
    const owner = found.customer.associatedPartnerId
        ? `it belongs to indirect reseller ${found.customer.associatedPartnerId}`
        : "it is not among the customers of that reseller";
    return (
        `cannot adopt customer ${found.customer.id} (domain ${domain}) for indirect reseller ${reseller}: ${owner} ` +
        `(checked in your customer list filtered by IndirectReseller ${reseller}). A customer cannot be moved to ` +
        `another reseller; use another domain or the right associatedPartnerId.`
    );
}

function takenByStrangerMessage(domain: string): string {
    return `${domain} is already taken by a tenant that is not one of your customers; choose another domain.`;
}

/**
 * Preview tells the truth about adoption: which customer will be adopted, and every billing-profile field the
 * adoption overwrites (old → new).
 */
async function warnAdoption(existing: Customer, inputs: CustomerInputs): Promise<void> {
    const current = await adoptedBillingProfile(existing);
    const changes = current ? billingProfileChanges(billingProfileFromApi(current), inputs.billingProfile) : [];
    const overwrite =
        current === undefined
            ? "its billing profile could not be read; adoption sets it to the inputs"
            : changes.length === 0
              ? "its billing profile already matches the inputs: nothing in Partner Center changes"
              : `adoption overwrites its billing profile: ${changes.join("; ")}`;
    log.warn(
        `${inputs.companyProfile.domain}: will adopt existing customer ${existing.id} of indirect reseller ` +
            `${inputs.associatedPartnerId} (adoptExisting: ${JSON.stringify(inputs.adoptExisting)}); no tenant is ` +
            `created; ${overwrite}.`,
    );
}

/**
 * The billing profile of a customer to adopt, read once per run: preview's warning and create's comparison share
 * it (a PUT still carries its etag, and a 412 re-reads).
 */
function adoptedBillingProfile(customer: Customer) {
    // Get by id carries the whole billing profile with its etag (get-a-customer-by-id's sample): no second call.
    const embedded = customer.billingProfile;
    return cachedLookup("adoptBilling", customer.id.toLowerCase(), async () =>
        embedded?.defaultAddress && embedded.attributes?.etag
            ? embedded
            : untilVisible(() => client().getBillingProfile(customer.id), settings().readAfterCreateLagMs),
    );
}

/** Billing-profile leaves that differ, as `path: "old" → "new"`, in the diff table's order. */
export function billingProfileChanges(actual: BillingProfileArgs, desired: BillingProfileArgs): string[] {
    const changes: string[] = [];
    for (const { path } of PROPERTY_POLICIES) {
        if (!path.startsWith("billingProfile.")) {
            continue;
        }
        const rel = path.slice("billingProfile.".length);
        const [o, n] = [valueAt(actual, rel), valueAt(desired, rel)];
        if ((o ?? "") !== (n ?? "")) {
            changes.push(`${path}: ${JSON.stringify(o ?? "")} → ${JSON.stringify(n ?? "")}`);
        }
    }
    return changes;
}

function domainTakenMessage(domain: string, existing: Customer): string {
    return (
        `${domain} already belongs to your customer ${existing.id}. To manage that customer with this resource ` +
        `instead of creating a new tenant, set adoptExisting: true on the resource (adopt only: verified by ` +
        `domain and reseller, no tenant is created). If a crashed or interrupted run created it (the customer is ` +
        `in Partner Center but not in the stack), recover with one step: ${ADOPT_IF_EXISTS_STEP} (adopts the ` +
        `customers that exist, creates the rest; remove the setting afterwards).`
    );
}

/** Look a customer up by its exact domain among this partner's customers (list filter is a prefix match). */
async function findCustomerByDomain(domain: string, correlationId?: string): Promise<Customer | undefined> {
    const options = correlationId ? { correlationId } : {};
    const candidates = await client().listCustomers({ domain }, options);
    const match = candidates.find((c) => sameId(c.companyProfile?.domain, domain));
    if (!match) {
        return undefined;
    }
    // List items are slim; the full customer carries the billing profile link (and, maybe, associatedPartnerId).
    return (
        (await untilVisible(() => client().getCustomer(match.id, options), settings().readAfterCreateLagMs)) ?? match
    );
}

/**
 * Partner Center's read-after-create lag: a customer created moments ago may answer 404 to reads, writes and
 * list filters for a while. Repeat `attempt` while what it looks for is not visible yet — it returns `undefined`
 * or fails with 404 — for at most `windowMs`; then give `undefined` (not found). Other errors propagate.
 */
async function untilVisible<T>(
    attempt: () => Promise<T | undefined>,
    windowMs: number,
    onWait: (delayMs: number, leftMs: number) => void = (delay) =>
        log.debug(`not visible yet (read-after-create lag); retrying in ${delay} ms`),
): Promise<T | undefined> {
    const deadline = Date.now() + windowMs;
    let delay = 1000;
    for (;;) {
        try {
            const result = await attempt();
            if (result !== undefined) {
                return result;
            }
        } catch (e) {
            if (!isPartnerCenterError(e) || e.status !== 404) {
                throw e;
            }
        }
        if (Date.now() + delay > deadline) {
            return undefined;
        }
        onWait(delay, deadline - Date.now());
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, 10_000);
    }
}

/** What is left of the read-after-create lag window of a resource created at `createdAt` (ISO 8601). */
function lagLeft(createdAt: string | undefined): number {
    const created = Date.parse(createdAt ?? "") || 0;
    return Math.max(0, created + settings().readAfterCreateLagMs - Date.now());
}

// ---------------------------------------------------------------------------------------------------------------
// diff

export async function diff(id: string, olds: Outputs, news: CustomerInputs): Promise<pulumi.dynamic.DiffResult> {
    const result = diffCustomer(olds, news);
    // Preview runs diff: what replacing does to the old tenant is said here, before anyone confirms. (A destroy
    // preview calls no provider code at all; delete itself warns when it runs, see README "What preview tells".)
    const warning = replacementWarning(id, olds, news);
    if (warning) {
        log.warn(warning);
    }
    return { changes: result.changes, replaces: result.replaces, deleteBeforeReplace: result.deleteBeforeReplace };
}

// ---------------------------------------------------------------------------------------------------------------
// create

/** Attempts of one logical create; each re-send reuses the same MS-RequestId. */
const MAX_CREATE_ATTEMPTS = 4;

export async function create(checked: CustomerInputs): Promise<Created> {
    // What the create sends and state records: check keeps an unset enableGDAPByDefault unset (see validate.ts).
    const inputs = { ...checked, enableGDAPByDefault: checked.enableGDAPByDefault ?? ENABLE_GDAP_BY_DEFAULT };
    const correlationId = randomUUID();
    const domain = inputs.companyProfile.domain;
    const reseller = inputs.associatedPartnerId;
    const mode: AdoptMode = inputs.adoptExisting ?? false;

    if (mode === true) {
        // Adopt only: never POST, even when check's lookup was skipped (unknown inputs in preview).
        const found = await lookUp(domain, reseller, { correlationId, cached: true });
        if (!found?.ours) {
            throw new Error(cannotAdoptMessage(domain, reseller, found));
        }
        return takeOver(found.customer, inputs, "adopt", correlationId);
    }

    await beforeCreate(inputs);
    // One request id for the whole logical create: Partner Center treats MS-RequestId as its idempotency key.
    const requestId = randomUUID();
    let ambiguous = false;
    for (let attempt = 1; ; attempt++) {
        try {
            const customer = await client().createCustomer(createRequest(inputs), { requestId, correlationId });
            log.debug(`created customer ${customer.id} (${domain}) with MS-RequestId ${requestId}`);
            rememberCustomer(customer.id);
            return {
                id: customer.id,
                outs: toOutputs(customer, {
                    inputs,
                    adopted: false,
                    userCredentials: customer.userCredentials ?? NO_CREDENTIALS,
                    billingProfile: customer.billingProfile,
                    createdAt: new Date().toISOString(),
                }),
            };
        } catch (e) {
            if (!isPartnerCenterError(e)) {
                throw e;
            }
            if (e.ambiguous && attempt < MAX_CREATE_ATTEMPTS) {
                // The POST may have been committed. Creation is not atomic and MS-RequestId de-duplication is not
                // documented, so reconcile by domain before sending again.
                ambiguous = true;
                log.info(
                    `create of ${domain} had an ambiguous outcome (${e.message}); looking the customer up by domain`,
                );
                const found = await lookUp(domain, reseller, { correlationId });
                if (found?.ours) {
                    return takeOver(found.customer, inputs, "recover", correlationId);
                }
                continue;
            }
            if (isDomainTakenError(e)) {
                // After an ambiguous attempt, "taken" most likely means our own earlier POST went through and the
                // customer is not listed yet (read-after-create lag): wait for it to appear.
                const found = await lookUp(domain, reseller, {
                    correlationId,
                    ...(ambiguous ? { waitMs: settings().readAfterCreateLagMs } : {}),
                });
                if (found?.ours && ambiguous) {
                    return takeOver(found.customer, inputs, "recover", correlationId);
                }
                if (found?.ours && mode === "ifExists") {
                    return takeOver(found.customer, inputs, "adopt", correlationId);
                }
                throw new Error(
                    !found
                        ? `${takenByStrangerMessage(domain)} (${e.message})`
                        : !found.ours
                          ? cannotAdoptMessage(domain, reseller, found)
                          : domainTakenMessage(domain, found.customer),
                    { cause: e },
                );
            }
            throw e;
        }
    }
}

function isDomainTakenError(e: PartnerCenterError): boolean {
    return e.code === "27100" || (e.status === 409 && /domain/i.test(e.description ?? e.message));
}

/**
 * Take an existing customer into state: after verifying it is the customer these inputs describe (domain and,
 * through the reseller-filtered customer list, reseller), and bringing its billing profile to the desired values.
 */
async function takeOver(
    found: Customer,
    inputs: CustomerInputs,
    reason: "adopt" | "recover",
    correlationId: string,
): Promise<Created> {
    const domain = inputs.companyProfile.domain;
    if (!sameId(found.companyProfile?.domain, domain)) {
        throw new Error(
            `customer ${found.id} has domain ${found.companyProfile?.domain ?? "?"}; it does not match ${domain}, ` +
                `so it was not ${reason === "adopt" ? "adopted" : "taken into state"}.`,
        );
    }
    const billing = await syncBillingProfile(
        found.id,
        inputs.billingProfile,
        correlationId,
        reason === "adopt" ? await adoptedBillingProfile(found) : undefined,
    );
    forgetLookup("adoptBilling", found.id.toLowerCase()); // it may have been written just now
    rememberCustomer(found.id);
    if (reason === "recover") {
        log.warn(
            `customer ${found.id} (${domain}) was created, but Partner Center's response was lost, and with it the ` +
                `one-time admin password: userCredentials is empty. Reset the admin password in Partner Center.`,
        );
    } else {
        log.info(`adopted existing customer ${found.id} (${domain}); no tenant was created`);
    }
    return {
        id: found.id,
        outs: toOutputs(found, {
            inputs,
            adopted: reason === "adopt",
            userCredentials: NO_CREDENTIALS,
            billingProfile: billing,
            createdAt: new Date().toISOString(),
        }),
    };
}

/**
 * Bring the billing profile to the desired values: GET (fresh etag) → PUT. On 412 (someone changed it meanwhile)
 * re-read and apply once more; a second 412 is reported as a concurrent change.
 */
async function syncBillingProfile(
    customerId: string,
    desired: BillingProfileArgs,
    correlationId: string,
    /** A profile read moments ago in this run (adoption), used instead of the first GET. */
    known?: CustomerBillingProfile,
) {
    const options = { correlationId };
    for (let attempt = 1; ; attempt++) {
        const currentProfile =
            attempt === 1 && known
                ? known
                : await untilVisible(
                      () => client().getBillingProfile(customerId, options),
                      settings().readAfterCreateLagMs,
                  );
        if (!currentProfile) {
            throw new Error(`the billing profile of customer ${customerId} was not found in Partner Center`);
        }
        if (billingProfileMatches(billingProfileFromApi(currentProfile), desired)) {
            return currentProfile;
        }
        const etag = currentProfile.attributes?.etag ?? "";
        try {
            return await confirmByReadBack(
                `updating the billing profile of ${customerId}`,
                () =>
                    client().updateBillingProfile(
                        customerId,
                        billingUpdateRequest(currentProfile, desired, etag),
                        etag,
                        options,
                    ),
                () => billingProfileApplied(customerId, desired),
            );
        } catch (e) {
            if (isPartnerCenterError(e) && e.status === 412) {
                if (attempt < 2) {
                    log.info(
                        `billing profile of ${customerId} changed meanwhile (412); re-reading and applying once more`,
                    );
                    continue;
                }
                throw new Error(
                    `the billing profile of customer ${customerId} was changed concurrently in Partner Center while this ` +
                        `update was applied (412 Precondition Failed twice). Run \`pulumi refresh\` to see the current ` +
                        `values, then \`pulumi up\` again.`,
                    { cause: e },
                );
            }
            throw e;
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// read

export async function read(
    id: string,
    olds: Outputs,
): Promise<{ id: string; props: Outputs | Record<string, never>; inputs?: CustomerInputs }> {
    const listed = await readFromResellerList(id, olds);
    if (listed) {
        return listed;
    }
    // A 404 shortly after creation is Partner Center's read-after-create lag, not a deletion.
    const window = lagLeft(olds.createdAt);
    // Refresh shows each wait of the read-after-create window, with the time left, instead of sitting silent.
    const progress = (delayMs: number, leftMs: number) =>
        log.info(
            `customer ${id} (${olds.domain ?? "?"}) is not visible yet (Partner Center's read-after-create lag): ` +
                `retrying in ${Math.round(delayMs / 1000)} s; ${Math.round(leftMs / 1000)} s left before it counts as deleted`,
        );
    const customer = await untilVisible(() => client().getCustomer(id), window, progress);
    const billing = customer && (await untilVisible(() => client().getBillingProfile(id), window, progress));
    if (!customer || !billing) {
        log.warn(
            `customer ${id} (${olds.domain ?? "?"}) no longer exists in Partner Center; removing it from state ` +
                `(the resource will be created again by the next \`pulumi up\` unless removed from the program)`,
        );
        return { id: "", props: {} };
    }
    const desired = inputsFromOutputs(olds);
    // get-by-id need not say which reseller the customer belongs to (no published sample shows
    // `associatedPartnerId`): on import, when state does not know it either, ask the customer's relationships.
    const reseller =
        customer.associatedPartnerId || olds.associatedPartnerId ? undefined : await indirectResellerOf(id);
    const outs = toOutputs(reseller ? { ...customer, associatedPartnerId: reseller } : customer, {
        inputs: desired,
        adopted: olds.adopted === true,
        // The API returns the admin password only once, at creation: keep what state has.
        userCredentials: olds.userCredentials ?? NO_CREDENTIALS,
        billingProfile: billing,
        createdAt: olds.createdAt ?? new Date(0).toISOString(),
    });
    return { id, props: outs, inputs: inputsFromOutputs(outs) };
}

/**
 * Refresh at one call a customer: the customer itself from its reseller's customer list (walked once per run and
 * reseller, a page per call, shared by every read: `resellerCustomers`), its billing profile by id, both at once.
 * Listed there, it still belongs to the reseller state names; its billing profile read says it still exists.
 *
 * `undefined` sends the read the long way (get by id, then the billing profile, as before): state does not know
 * the reseller (an import), the customer is not in that reseller's list (deleted, moved out of band, or created
 * too recently to be listed: the long way tells these apart and reports them as it always did), its billing read
 * answers 404, or the list walk failed. Any other failure of the billing read fails the read, as it always did.
 * List items carry neither `commerceId` nor `allowDelegatedAccess`: both are kept from state (fixed at creation).
 */
async function readFromResellerList(
    id: string,
    olds: Outputs,
): Promise<{ id: string; props: Outputs; inputs: CustomerInputs } | undefined> {
    const reseller = olds.associatedPartnerId;
    if (!reseller || !olds.companyProfile) {
        return undefined;
    }
    // Both at once; the billing read's outcome is always taken (a failure must not go unhandled).
    const billingRead = client()
        .getBillingProfile(id)
        .then(
            (billing) => ({ billing }),
            (error: unknown) => ({ error }),
        );
    let member: Customer | undefined;
    try {
        member = (await resellerCustomers(reseller)).get(id.toLowerCase());
    } catch {
        return undefined; // the list walk failed: the long way reports what is wrong
    }
    const outcome = await billingRead;
    if (!member) {
        return undefined;
    }
    if ("error" in outcome) {
        if (isPartnerCenterError(outcome.error) && outcome.error.status === 404) {
            return undefined; // gone since the list was walked, or not visible yet: the long way tells which
        }
        throw outcome.error;
    }
    const billing = outcome.billing;
    rememberCustomer(id);
    const desired = inputsFromOutputs(olds);
    const customer: Customer = {
        ...member,
        ...(olds.commerceId ? { commerceId: olds.commerceId } : {}),
        allowDelegatedAccess: olds.allowDelegatedAccess === true,
        associatedPartnerId: reseller,
    };
    const outs = toOutputs(customer, {
        inputs: desired,
        adopted: olds.adopted === true,
        userCredentials: olds.userCredentials ?? NO_CREDENTIALS,
        billingProfile: billing,
        createdAt: olds.createdAt ?? new Date(0).toISOString(),
    });
    return { id, props: outs, inputs: inputsFromOutputs(outs) };
}

/**
 * The indirect reseller of a customer from `GET /v1/customers/{id}/relationships`, when it names exactly one;
 * `undefined` otherwise, or when the call fails (the read goes on without it, and says so).
 */
async function indirectResellerOf(customerId: string): Promise<string | undefined> {
    try {
        const related = await client().listCustomerIndirectResellers(customerId);
        return related.length === 1 ? related[0]?.id.toLowerCase() : undefined;
    } catch (e) {
        log.warn(
            `customer ${customerId}: its indirect reseller could not be read (GET /v1/customers/${customerId}/relationships): ` +
                `${e instanceof Error ? e.message : String(e)}; associatedPartnerId stays unknown`,
        );
        return undefined;
    }
}

// ---------------------------------------------------------------------------------------------------------------
// update

export async function update(id: string, previous: Outputs, inputs: CustomerInputs): Promise<{ outs: Outputs }> {
    const correlationId = randomUUID();
    const billing = billingProfileMatches(previous.billingProfile, inputs.billingProfile)
        ? previous.billingProfile // only state-only properties (onDelete, adoptExisting) changed: no API call
        : await syncBillingProfile(id, inputs.billingProfile, correlationId);
    const customer: Customer = {
        id,
        commerceId: previous.commerceId,
        companyProfile: { tenantId: previous.tenantId, domain: previous.domain, companyName: previous.companyName },
        relationshipToPartner: previous.relationshipToPartner,
        allowDelegatedAccess: previous.allowDelegatedAccess,
        associatedPartnerId: previous.associatedPartnerId,
    };
    return {
        outs: toOutputs(customer, {
            inputs: {
                ...inputs,
                companyProfile: previous.companyProfile,
                // Fixed at creation (check refuses a change): unset in the program means what was sent then.
                enableGDAPByDefault: inputs.enableGDAPByDefault ?? previous.enableGDAPByDefault,
            },
            adopted: previous.adopted === true,
            userCredentials: previous.userCredentials ?? NO_CREDENTIALS,
            billingProfile: billing,
            createdAt: previous.createdAt ?? new Date(0).toISOString(),
        }),
    };
}

// ---------------------------------------------------------------------------------------------------------------
// delete

export async function remove(id: string, outs: Outputs): Promise<void> {
    const policy = outs.onDelete ?? "retain";
    const label = `customer ${id} (${outs.domain ?? "?"})`;
    switch (policy) {
        case "retain":
            log.warn(
                `${label} stays in Partner Center (onDelete: retain): its tenant, reseller relationship and ` +
                    `subscriptions are unchanged; it is only removed from this stack.`,
            );
            return;
        case "delete":
            try {
                // Within the read-after-create lag a 404 means "not visible yet", not "gone".
                const deleted = await untilVisible(async () => {
                    await client().deleteCustomer(id);
                    return true;
                }, lagLeft(outs.createdAt));
                log.info(deleted ? `deleted ${label} from the integration sandbox` : `${label} was already gone`);
            } catch (e) {
                if (isPartnerCenterError(e) && (e.status === 403 || e.status === 405 || e.status === 400)) {
                    throw new Error(
                        `Partner Center refused to delete ${label}: ${e.description ?? e.message}. Deleting customers ` +
                            `works only in the integration sandbox; in production use onDelete: "removeRelationship" ` +
                            `or "retain" (set it, run \`pulumi up\`, then destroy again).`,
                        { cause: e },
                    );
                }
                throw e;
            }
            return;
        case "removeRelationship":
            {
                const removed = await untilVisible(
                    () =>
                        confirmByReadBack(
                            `removing the reseller relationship of ${label}`,
                            () => client().removeResellerRelationship(id),
                            () => relationshipRemoved(id),
                        ),
                    lagLeft(outs.createdAt),
                );
                log.info(
                    removed
                        ? `removed the reseller relationship with ${label}; the tenant itself remains`
                        : `${label} was already gone`,
                );
            }
            return;
        default:
            throw new Error(`unknown onDelete policy '${String(policy)}'`);
    }
}

/** The provider object the stub delegates to. */
export const provider = dynamicProvider({ check, diff, create, read, update, delete: remove });
