import { INDIRECT_RESELLER_RELATIONSHIP, INDIRECT_RESELLER_RELATIONSHIP_WIRE } from "pulumi-partnercenter/api";

import ErrorFactory from "../errors/ErrorFactory";
import { loadCustomer } from "./customers";
import { HandlerContext, HandlerResult } from "./types";

/**
 * `GET /v1/relationships?relationship_type=IsIndirectCloudSolutionProviderOf`: the seeded indirect resellers.
 * `IsIndirectResellerOf` (providers of the partner) is valid but empty: the seeded partner is a provider only.
 */
export function listIndirectResellers(ctx: HandlerContext<undefined>): HandlerResult {
    const type = ctx.query.get("relationship_type") ?? "";
    if (type.toLowerCase() === "isindirectresellerof") {
        return { status: 200, body: { totalCount: 0, items: [], attributes: { objectType: "Collection" } } };
    }
    if (type.toLowerCase() !== INDIRECT_RESELLER_RELATIONSHIP.toLowerCase()) {
        throw ErrorFactory.invalidInput(
            "relationship_type",
            `must be ${INDIRECT_RESELLER_RELATIONSHIP} or IsIndirectResellerOf`,
        );
    }
    const items = ctx.env.seed.indirectResellers.map((r) => ({
        id: r.id,
        name: r.name,
        relationshipType: INDIRECT_RESELLER_RELATIONSHIP_WIRE,
        state: r.state,
        mpnId: r.mpnId,
        location: r.location,
        attributes: { objectType: "PartnerRelationship" },
    }));
    return { status: 200, body: { totalCount: items.length, items, attributes: { objectType: "Collection" } } };
}

/**
 * `GET /v1/customers/{customerId}/relationships` ("Get indirect resellers of a customer"): the customer's indirect
 * reseller, shaped as in the page's sample (`id`, `name`, `relationshipType`, `mpnId`, `attributes`; no `state` or
 * `location`, unlike the provider's reseller list); empty for a direct customer. An `associatedPartnerId` the seed
 * does not know is listed by id alone.
 */
export function listCustomerIndirectResellers(ctx: HandlerContext<undefined>): HandlerResult {
    const resellerId = loadCustomer(ctx).associatedPartnerId;
    const items: Record<string, unknown>[] = [];
    if (resellerId !== undefined) {
        const known = ctx.env.seed.indirectResellers.find((r) => r.id.toLowerCase() === resellerId.toLowerCase());
        items.push({
            id: known?.id ?? resellerId,
            ...(known ? { name: known.name } : {}),
            relationshipType: INDIRECT_RESELLER_RELATIONSHIP_WIRE,
            ...(known ? { mpnId: known.mpnId } : {}),
            attributes: { objectType: "PartnerRelationship" },
        });
    }
    return { status: 200, body: { totalCount: items.length, items, attributes: { objectType: "Collection" } } };
}
