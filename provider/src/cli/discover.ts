/**
 * Discover a reseller's existing customers and write them as bulk-onboarding entries that adopt them: list the
 * customers of each indirect reseller (all pages), read each billing profile, and describe every customer exactly
 * as Partner Center holds it, with `adoptExisting: true`, so one `pulumi up` of examples/bulk-onboarding brings them
 * all under management without creating a tenant and without an update (the billing profile already matches).
 *
 * Every call goes through the one paced client: discovering thousands of customers stays within the tenant's rate.
 */
import type { Customer, CustomerBillingProfile } from "../api/codecs";
import type { PartnerCenterClient } from "../client/types";
import { billingProfileFromApi } from "../resources/customer/outputs";
import type { BillingProfileArgs } from "../resources/customer/types";

/** One entry of the bulk-onboarding file (examples/bulk-onboarding/customers.json). */
export interface OnboardingEntry {
    /** Pulumi resource name, from the domain's first label (unique within the file). */
    name: string;
    resellerId: string;
    domain: string;
    billingProfile: BillingProfileArgs;
    /** Adopt the existing customer (BRIEF decision 1): never create. */
    adoptExisting: true;
}

export interface DiscoverProgress {
    readonly phase: "list" | "billingProfiles";
    readonly reseller: string;
    /** Done so far and total of this phase (total = customers listed; for `list`, pages so far). */
    readonly done: number;
    readonly total: number;
}

export interface DiscoverOptions {
    /** Indirect reseller tenant ids; each must be one of the partner's indirect resellers. */
    readonly resellers: readonly string[];
    /** Page size of the customer list (Partner Center caps it; default 500). */
    readonly pageSize?: number;
    /** Billing profiles read at once (the client's pacing still bounds the rate); default 16. */
    readonly concurrency?: number;
    readonly onProgress?: (progress: DiscoverProgress) => void;
}

export interface DiscoverResult {
    readonly entries: OnboardingEntry[];
    /** Customers found per reseller id (0 for a reseller with none). */
    readonly perReseller: Record<string, number>;
}

/** Thrown for input that cannot be discovered (an unknown reseller); the message names it and the fix. */
export class DiscoverError extends Error {
    override readonly name = "DiscoverError";
}

export async function discoverCustomers(
    client: PartnerCenterClient,
    options: DiscoverOptions,
): Promise<DiscoverResult> {
    const resellers = [...new Set(options.resellers.map((r) => r.trim().toLowerCase()).filter((r) => r))];
    if (resellers.length === 0) {
        throw new DiscoverError("--reseller: give at least one indirect reseller tenant id");
    }
    const known = new Map((await client.listIndirectResellers()).map((r) => [r.id.toLowerCase(), r]));
    const unknown = resellers.filter((r) => !known.has(r));
    if (unknown.length > 0) {
        throw new DiscoverError(
            `--reseller ${unknown.join(", ")}: not an indirect reseller of this partner (Partner Center lists ` +
                `${known.size}: ${[...known.keys()].join(", ") || "none"}). Check the tenant id and the relationship.`,
        );
    }

    const entries: OnboardingEntry[] = [];
    const perReseller: Record<string, number> = {};
    const names = new Set<string>();
    for (const reseller of resellers) {
        const customers = await client.listCustomers({ indirectReseller: reseller, size: options.pageSize ?? 500 });
        // The list filter is the service's; keep only what really belongs to the reseller when the item says so.
        const mine = customers.filter(
            (c) => !c.associatedPartnerId || c.associatedPartnerId.toLowerCase() === reseller,
        );
        options.onProgress?.({ phase: "list", reseller, done: mine.length, total: mine.length });
        perReseller[reseller] = mine.length;
        const profiles = await mapLimited(mine, options.concurrency ?? 16, async (customer, done) => {
            const profile = await client.getBillingProfile(customer.id);
            options.onProgress?.({ phase: "billingProfiles", reseller, done: done(), total: mine.length });
            return profile;
        });
        mine.forEach((customer, i) => entries.push(entryOf(customer, profiles[i]!, reseller, names)));
    }
    return { entries, perReseller };
}

function entryOf(
    customer: Customer,
    profile: CustomerBillingProfile,
    reseller: string,
    names: Set<string>,
): OnboardingEntry {
    const domain = customer.companyProfile?.domain ?? "";
    if (!domain) {
        throw new DiscoverError(`customer ${customer.id} of reseller ${reseller} has no domain in Partner Center`);
    }
    // Exactly what Partner Center holds, normalised as `check` normalises inputs: adoption then finds no change.
    const { id: _id, ...billingProfile } = billingProfileFromApi(profile);
    return { name: uniqueName(domain, names), resellerId: reseller, domain, billingProfile, adoptExisting: true };
}

/** `contoso.onmicrosoft.com` → `contoso`; `-2`, `-3`... on a clash. */
function uniqueName(domain: string, names: Set<string>): string {
    const stem =
        (domain.split(".")[0] ?? "")
            .toLowerCase()
            .replace(/[^a-z0-9-]+/g, "-")
            .replace(/^-+|-+$/g, "") || "customer";
    let name = stem;
    for (let i = 2; names.has(name); i++) {
        name = `${stem}-${i}`;
    }
    names.add(name);
    return name;
}

/** `items.map(fn)` with at most `limit` calls in flight, results in input order. */
async function mapLimited<T, R>(
    items: readonly T[],
    limit: number,
    fn: (item: T, done: () => number) => Promise<R>,
): Promise<R[]> {
    const results = new Array<R>(items.length);
    let next = 0;
    let finished = 0;
    const done = () => ++finished;
    const worker = async () => {
        while (next < items.length) {
            const i = next++;
            results[i] = await fn(items[i]!, done);
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
    return results;
}
