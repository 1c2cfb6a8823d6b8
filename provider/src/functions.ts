/**
 * Program-side functions: look up your indirect resellers and customers while a Pulumi program runs.
 * Credentials come from the same stack config (`partnercenter:*`) and `PARTNERCENTER_*` variables as the resource.
 */
import * as pulumi from "@pulumi/pulumi";

import type { Customer, PartnerRelationship } from "./api/codecs";
import type { PartnerCenterClient } from "./client/types";
import { clientFromSettings } from "./runtime/client-factory";
import { readSettings } from "./runtime/settings";

/** An indirect reseller you (the indirect provider) have a partnership with. */
export interface IndirectReseller {
    /** The reseller's tenant id: use it as `associatedPartnerId`. */
    id: string;
    name: string;
    mpnId: string;
    state: string;
    location: string;
}

export interface IndirectResellerFilter {
    /** Case-insensitive substring of the reseller's name. */
    name?: string;
    /** Exact MPN id (Partner ID). */
    mpnId?: string;
}

let cachedClient: PartnerCenterClient | undefined;

/** One client per program run (one token, one pacer), from the same settings the provider uses. */
function programClient(): PartnerCenterClient {
    // `runtime.getConfig` reads stack config without wrapping secrets in Outputs; values are used, not exported.
    cachedClient ??= clientFromSettings(readSettings((key) => pulumi.runtime.getConfig(`partnercenter:${key}`)));
    return cachedClient;
}

/** Your indirect resellers (`GET /v1/relationships?relationship_type=IsIndirectCloudSolutionProviderOf`), filtered. */
export async function getIndirectResellers(filter: IndirectResellerFilter = {}): Promise<IndirectReseller[]> {
    const relationships: PartnerRelationship[] = await programClient().listIndirectResellers();
    const name = filter.name?.toLowerCase();
    return relationships
        .map((r) => ({
            id: r.id,
            name: r.name ?? "",
            mpnId: r.mpnId ?? "",
            state: r.state ?? "",
            location: r.location ?? "",
        }))
        .filter(
            (r) =>
                (name === undefined || r.name.toLowerCase().includes(name)) &&
                (filter.mpnId === undefined || r.mpnId === filter.mpnId),
        );
}

/** A customer by id (`GET /v1/customers/{id}`). Partner Center never returns the admin credentials here. */
export async function getCustomer(customerId: string): Promise<Customer> {
    return programClient().getCustomer(customerId);
}
