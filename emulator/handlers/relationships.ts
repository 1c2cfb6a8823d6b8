import { INDIRECT_RESELLER_RELATIONSHIP, INDIRECT_RESELLER_RELATIONSHIP_WIRE } from "pulumi-partnercenter/api";

import ErrorFactory from "../errors/ErrorFactory";
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
