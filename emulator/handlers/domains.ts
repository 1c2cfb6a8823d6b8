import { isDomainTaken } from "./customers";
import { HandlerContext, HandlerResult } from "./types";

/**
 * `HEAD /v1/domains/{domain}`: 200 when the domain exists (not available), 404 when it is free; empty bodies
 * either way (verify-domain-availability.md). A 404 here is an answer, not an error, so it carries no fault body.
 */
export function checkDomainAvailability(ctx: HandlerContext<undefined>): HandlerResult {
    return { status: isDomainTaken(ctx.env, ctx.params["domain"] ?? "") ? 200 : 404 };
}
