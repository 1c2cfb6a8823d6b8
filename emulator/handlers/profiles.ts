/**
 * Company and billing profiles. Only the billing profile can change, guarded by its etag.
 */
import { unquoteEtag, type BillingProfileUpdateRequest } from "pulumi-partnercenter/api";

import ErrorFactory from "../errors/ErrorFactory";
import { validateBilling } from "../validation/customerRules";
import { loadCustomer } from "./customers";
import { newEtag } from "./ids";
import { HandlerContext, HandlerResult } from "./types";
import { billingProfileView, fullCompanyProfileView } from "./views";

/** `GET /v1/customers/{customerId}/profiles/company` (with `address` and `email`, as documented for this GET). */
export function getCompanyProfile(ctx: HandlerContext<undefined>): HandlerResult {
    return { status: 200, body: fullCompanyProfileView(loadCustomer(ctx)) };
}

/** `GET /v1/customers/{customerId}/profiles/billing`, carrying the current `attributes.etag`. */
export function getBillingProfile(ctx: HandlerContext<undefined>): HandlerResult {
    return { status: 200, body: billingProfileView(loadCustomer(ctx)) };
}

/**
 * `PUT /v1/customers/{customerId}/profiles/billing`: the full resource. The etag may come in the body
 * (`attributes.etag`, what the docs' sample and the .NET SDK send) and/or in `If-Match` (what the docs' header
 * table asks for); every one given must be current, else 412. With neither, the update is refused with 400 naming
 * `attributes.etag`: the docs call the etag required, and a blind overwrite would hide lost updates.
 */
export function updateBillingProfile(ctx: HandlerContext<BillingProfileUpdateRequest>): HandlerResult {
    const customer = loadCustomer(ctx);
    const supplied: string[] = [];
    const bodyEtag = ctx.body.attributes?.etag;
    if (typeof bodyEtag === "string" && bodyEtag !== "") {
        supplied.push(unquoteEtag(bodyEtag));
    }
    const ifMatch = ctx.headers["if-match"];
    if (typeof ifMatch === "string" && ifMatch.trim() !== "" && ifMatch.trim() !== "*") {
        supplied.push(unquoteEtag(ifMatch));
    }
    if (supplied.length === 0 && ifMatch?.trim() !== "*") {
        throw ErrorFactory.invalidInput("attributes.etag", "the etag of the current billing profile is required");
    }
    const stale = supplied.find((etag) => etag !== customer.billing.etag);
    if (stale !== undefined) {
        throw ErrorFactory.preconditionFailed(stale);
    }
    const billing = validateBilling(ctx.body, "billingProfile");
    customer.billing = { id: customer.billing.id, ...billing, etag: newEtag() };
    ctx.env.store.update(customer);
    return { status: 200, body: billingProfileView(customer) };
}
