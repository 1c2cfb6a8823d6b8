/**
 * Confirming a committed write by reading it back.
 *
 * A 2xx answer whose body does not decode means the service did what was asked and only its answer is unreadable
 * (a sample in another shape, a truncated proxy response...). Failing the operation would leave Pulumi's state
 * behind reality; re-sending blindly may not be safe. So the provider reads the resource back and takes the
 * outcome from there.
 */
import type { CustomerBillingProfile, CustomerRelationshipResult } from "../../api/codecs";
import { isPartnerCenterError } from "../../client/errors";
import { log } from "../../runtime/log";
import { partnerCenter } from "../../runtime/runtime";
import { billingProfileFromApi, billingProfileMatches } from "./outputs";
import type { BillingProfileArgs } from "./types";

/**
 * Run `write`; when it fails with a decode error on a success status, return what `readBack` confirms instead.
 * `readBack` returns `undefined` when the resource does not show the written outcome: the decode error is then
 * rethrown with a note (the write may or may not have applied; nothing was re-sent).
 */
export async function confirmByReadBack<T>(
    what: string,
    write: () => Promise<T>,
    readBack: () => Promise<T | undefined>,
): Promise<T> {
    try {
        return await write();
    } catch (e) {
        if (!isPartnerCenterError(e) || e.kind !== "decode" || e.status < 200 || e.status >= 300) {
            throw e;
        }
        log.info(`${what}: Partner Center answered ${e.status} with a body this provider cannot read; reading back`);
        const confirmed = await readBack();
        if (confirmed === undefined) {
            throw e.with({ note: `${what}: reading back did not show the change; nothing was re-sent` });
        }
        log.info(`${what}: confirmed by reading back`);
        return confirmed;
    }
}

/**
 * Read-back of a removed reseller relationship: the customer shows `relationshipToPartner: "none"`, or is gone
 * (404: in the integration sandbox removing the relationship deletes the tenant).
 */
export async function relationshipRemoved(customerId: string): Promise<CustomerRelationshipResult | undefined> {
    try {
        const customer = await partnerCenter().getCustomer(customerId);
        return (customer.relationshipToPartner ?? "").toLowerCase() === "none" ? customer : undefined;
    } catch (e) {
        if (isPartnerCenterError(e) && e.status === 404) {
            return { id: customerId, relationshipToPartner: "none" };
        }
        throw e;
    }
}

/** Read-back of a billing-profile PUT: the profile now holds the desired values. */
export async function billingProfileApplied(
    customerId: string,
    desired: BillingProfileArgs,
): Promise<CustomerBillingProfile | undefined> {
    const profile = await partnerCenter().getBillingProfile(customerId);
    return billingProfileMatches(billingProfileFromApi(profile), desired) ? profile : undefined;
}
