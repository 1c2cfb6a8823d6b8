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

import type { Customer } from "../../api/codecs";
import { isPartnerCenterError, type PartnerCenterError } from "../../client/errors";
import { diffCustomer } from "./diff";
import { log } from "../../runtime/log";
import {
    billingProfileFromApi,
    billingProfileMatches,
    billingUpdateRequest,
    createRequest,
    inputsFromOutputs,
    NO_CREDENTIALS,
    toOutputs,
} from "./outputs";
import { configure, indirectResellers, partnerCenter, settings } from "../../runtime/runtime";
import type { BillingProfileArgs, CustomerInputs, CustomerOutputs } from "./types";
import { billingProfileApplied, confirmByReadBack, relationshipRemoved } from "./readback";
import { beforeCreate, serviceChecks } from "./service-checks";
import { checkInputs, isUnknown } from "./validate";

type Outputs = CustomerOutputs & { createdAt?: string };

export { configure, resetRuntime } from "../../runtime/runtime";

const client = partnerCenter;
const resellers = indirectResellers;

const sameId = (a: string | null | undefined, b: string | null | undefined) =>
    (a ?? "").toLowerCase() === (b ?? "").toLowerCase();

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

// ---------------------------------------------------------------------------------------------------------------
// check

/** Whether any value in the object tree is Pulumi's unknown sentinel (preview with computed inputs). */
function hasUnknown(value: unknown): boolean {
    if (isUnknown(value)) {
        return true;
    }
    if (value !== null && typeof value === "object") {
        return Object.values(value as Record<string, unknown>).some(hasUnknown);
    }
    return false;
}

/**
 * Validate and normalise inputs offline; for a new customer (or a new domain/reseller) also ask Partner Center
 * whether the reseller is ours and the domain is free, so the error comes in preview, before anything is created.
 */
export async function check(
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
): Promise<pulumi.dynamic.CheckResult> {
    const { inputs, failures } = checkInputs(news);
    if (failures.length > 0 || hasUnknown(inputs)) {
        return { inputs, failures };
    }
    const desired = inputs as unknown as CustomerInputs;
    const previous = olds as Partial<CustomerInputs>;
    if (!previous.companyProfile) {
        failures.push(...(await preflight(desired, undefined)));
    } else {
        // An existing resource is checked again only when the change replaces it (a new customer is needed).
        const replacePaths = diffCustomer(previous, desired).replacePaths;
        if (replacePaths.length > 0) {
            failures.push(...(await preflight(desired, { inputs: previous, replacePaths })));
        }
    }
    failures.push(...(await serviceChecks(previous, desired)));
    return { inputs, failures };
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
    try {
        const known = await resellers();
        const reseller = known.find((r) => sameId(r.id, inputs.associatedPartnerId));
        if (!reseller) {
            const names = known
                .slice(0, 10)
                .map((r) => `${r.name ?? "?"} (${r.id})`)
                .join(", ");
            failures.push({
                property: "associatedPartnerId",
                reason:
                    `${inputs.associatedPartnerId} is not one of your indirect resellers (no IsIndirectCloudSolutionProviderOf ` +
                    `relationship with your partner tenant). Your indirect resellers: ${names || "none"}.`,
            });
        } else if (reseller.state && reseller.state.toLowerCase() !== "active") {
            failures.push({
                property: "associatedPartnerId",
                reason: `the relationship with indirect reseller ${reseller.name ?? reseller.id} is ${reseller.state}, not Active.`,
            });
        }

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
        } else if (settings().domainPreflight === "check" && (await client().isDomainTaken(domain))) {
            const existing = await findCustomerByDomain(domain);
            if (!existing) {
                failures.push({
                    property: "companyProfile.domain",
                    reason: `${domain} is already taken by a tenant that is not one of your customers; choose another domain.`,
                });
            } else if (!inputs.adoptExisting) {
                failures.push({ property: "companyProfile.domain", reason: domainTakenMessage(domain, existing) });
            } else if (!sameId(existing.associatedPartnerId, inputs.associatedPartnerId)) {
                failures.push({
                    property: "adoptExisting",
                    reason:
                        `cannot adopt customer ${existing.id}: it belongs to indirect reseller ` +
                        `${existing.associatedPartnerId || "(none: a direct customer)"}, not ${inputs.associatedPartnerId}.`,
                });
            }
        }
    } catch (e) {
        failures.push({
            property: "associatedPartnerId",
            reason: `could not be verified with Partner Center before creating anything: ${errorText(e)}`,
        });
    }
    return failures;
}

function domainTakenMessage(domain: string, existing: Customer): string {
    const reseller = existing.associatedPartnerId ? ` of indirect reseller ${existing.associatedPartnerId}` : "";
    return (
        `${domain} already belongs to your customer ${existing.id}${reseller}. ` +
        `To manage that customer with this resource instead of creating a new tenant, set adoptExisting: true ` +
        `(the customer is verified by domain and reseller, then adopted; no tenant is created).`
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
    // List items are slim; the full customer carries associatedPartnerId and the billing profile link.
    return untilVisible(() => client().getCustomer(match.id, options), settings().readAfterCreateLagMs);
}

/**
 * Partner Center's read-after-create lag: a customer created moments ago may answer 404 to reads, writes and
 * list filters for a while. Repeat `attempt` while what it looks for is not visible yet — it returns `undefined`
 * or fails with 404 — for at most `windowMs`; then give `undefined` (not found). Other errors propagate.
 */
async function untilVisible<T>(attempt: () => Promise<T | undefined>, windowMs: number): Promise<T | undefined> {
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
        log.debug(`not visible yet (read-after-create lag); retrying in ${delay} ms`);
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

export async function diff(
    _id: string,
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
): Promise<pulumi.dynamic.DiffResult> {
    const result = diffCustomer(olds as unknown as CustomerOutputs, news as unknown as CustomerInputs);
    return { changes: result.changes, replaces: result.replaces, deleteBeforeReplace: result.deleteBeforeReplace };
}

// ---------------------------------------------------------------------------------------------------------------
// create

/** Attempts of one logical create; each re-send reuses the same MS-RequestId. */
const MAX_CREATE_ATTEMPTS = 4;

export async function create(news: Record<string, unknown>): Promise<pulumi.dynamic.CreateResult> {
    const inputs = news as unknown as CustomerInputs;
    const correlationId = randomUUID();
    const domain = inputs.companyProfile.domain;

    if (inputs.adoptExisting) {
        const existing = await findCustomerByDomain(domain, correlationId);
        if (existing) {
            return takeOver(existing, inputs, "adopt", correlationId);
        }
    }

    await beforeCreate(inputs);
    // One request id for the whole logical create: Partner Center treats MS-RequestId as its idempotency key.
    const requestId = randomUUID();
    let ambiguous = false;
    for (let attempt = 1; ; attempt++) {
        try {
            const customer = await client().createCustomer(createRequest(inputs), { requestId, correlationId });
            log.debug(`created customer ${customer.id} (${domain}) with MS-RequestId ${requestId}`);
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
                const found = await findCustomerByDomain(domain, correlationId);
                if (found) {
                    return takeOver(found, inputs, "recover", correlationId);
                }
                continue;
            }
            if (isDomainTakenError(e)) {
                // After an ambiguous attempt, "taken" most likely means our own earlier POST went through and the
                // customer is not listed yet (read-after-create lag): wait for it to appear.
                const found = ambiguous
                    ? await untilVisible(
                          () => findCustomerByDomain(domain, correlationId),
                          settings().readAfterCreateLagMs,
                      )
                    : await findCustomerByDomain(domain, correlationId);
                if (found && ambiguous) {
                    return takeOver(found, inputs, "recover", correlationId);
                }
                throw new Error(
                    found
                        ? domainTakenMessage(domain, found)
                        : `${domain} is already taken by a tenant that is not one of your customers; choose another domain. (${e.message})`,
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
 * Take an existing customer into state: after verifying it is the customer these inputs describe (domain and
 * reseller), and — for adoption — bringing its billing profile to the desired values.
 */
async function takeOver(
    found: Customer,
    inputs: CustomerInputs,
    reason: "adopt" | "recover",
    correlationId: string,
): Promise<pulumi.dynamic.CreateResult> {
    const domain = inputs.companyProfile.domain;
    if (
        !sameId(found.companyProfile?.domain, domain) ||
        !sameId(found.associatedPartnerId, inputs.associatedPartnerId)
    ) {
        throw new Error(
            `customer ${found.id} has domain ${found.companyProfile?.domain ?? "?"} and indirect reseller ` +
                `${found.associatedPartnerId || "(none)"}; it does not match ${domain} / ${inputs.associatedPartnerId}, ` +
                `so it was not ${reason === "adopt" ? "adopted" : "taken into state"}.`,
        );
    }
    const billing = await syncBillingProfile(found.id, inputs.billingProfile, correlationId);
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
async function syncBillingProfile(customerId: string, desired: BillingProfileArgs, correlationId: string) {
    const options = { correlationId };
    for (let attempt = 1; ; attempt++) {
        const currentProfile = await untilVisible(
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

export async function read(id: string, props: Record<string, unknown>): Promise<pulumi.dynamic.ReadResult> {
    const olds = props as unknown as Outputs;
    // A 404 shortly after creation is Partner Center's read-after-create lag, not a deletion.
    const window = lagLeft(olds.createdAt);
    const customer = await untilVisible(() => client().getCustomer(id), window);
    const billing = customer && (await untilVisible(() => client().getBillingProfile(id), window));
    if (!customer || !billing) {
        log.info(`customer ${id} no longer exists in Partner Center; removing it from state`);
        return { id: "", props: {} };
    }
    const desired = inputsFromOutputs(olds);
    const outs = toOutputs(customer, {
        inputs: desired,
        adopted: olds.adopted === true,
        // The API returns the admin password only once, at creation: keep what state has.
        userCredentials: olds.userCredentials ?? NO_CREDENTIALS,
        billingProfile: billing,
        createdAt: olds.createdAt ?? new Date(0).toISOString(),
    });
    return { id, props: outs, inputs: inputsFromOutputs(outs) as unknown as Record<string, unknown> };
}

// ---------------------------------------------------------------------------------------------------------------
// update

export async function update(
    id: string,
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
): Promise<pulumi.dynamic.UpdateResult> {
    const previous = olds as unknown as Outputs;
    const inputs = news as unknown as CustomerInputs;
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
            inputs: { ...inputs, companyProfile: previous.companyProfile },
            adopted: previous.adopted === true,
            userCredentials: previous.userCredentials ?? NO_CREDENTIALS,
            billingProfile: billing,
            createdAt: previous.createdAt ?? new Date(0).toISOString(),
        }),
    };
}

// ---------------------------------------------------------------------------------------------------------------
// delete

export async function remove(id: string, props: Record<string, unknown>): Promise<void> {
    const outs = props as unknown as Outputs;
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
export const provider = {
    configure: (req: pulumi.dynamic.ConfigureRequest) => configure((key) => req.config.get(`partnercenter:${key}`)),
    check,
    diff,
    create,
    read,
    update,
    delete: remove,
};
