/**
 * `GET /v1/compliance/{programName}/agreementstatus?mpnId=|tenantId=`: whether an indirect reseller signed the
 * Microsoft Partner Agreement (verify-indirect-reseller-mpa-status). Answers and faults follow the page's samples,
 * codes and `source` values included. The seeded resellers carry `mpaAccepted` (default true).
 */
import ErrorFactory from "../errors/ErrorFactory";
import { HandlerContext, HandlerResult } from "./types";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A query parameter matched case-insensitively (the sample sends `mpnid`, the syntax `mpnId`). */
function param(query: URLSearchParams, name: string): string | undefined {
    for (const [key, value] of query) {
        if (key.toLowerCase() === name.toLowerCase() && value !== "") {
            return value;
        }
    }
    return undefined;
}

export function getResellerAgreementStatus(ctx: HandlerContext<undefined>): HandlerResult {
    if ((ctx.params["programName"] ?? "").toLowerCase() !== "csp") {
        throw ErrorFactory.invalidInput("programName", "only the csp program is supported");
    }
    const mpnId = param(ctx.query, "mpnId");
    const tenantId = param(ctx.query, "tenantId");
    if (mpnId === undefined && tenantId === undefined) {
        throw ErrorFactory.compliance(2001, "Both MPN Id and Tenant Id cannot be empty.", "ComplianceController");
    }
    if (mpnId !== undefined && tenantId !== undefined) {
        throw ErrorFactory.compliance(2000, "Both MPN Id and Tenant Id should not be passed.", "ComplianceController");
    }
    const resellers = ctx.env.seed.indirectResellers;
    if (tenantId !== undefined) {
        if (!GUID.test(tenantId)) {
            throw ErrorFactory.compliance(2000, "Tenant Id must be a GUID.", "PartnerApiServiceControllers");
        }
        const reseller = resellers.find((r) => r.id.toLowerCase() === tenantId.toLowerCase());
        return { status: 200, body: { isAgreementSigned: reseller?.mpaAccepted ?? false } };
    }
    if (!/^\d+$/.test(mpnId ?? "")) {
        throw ErrorFactory.compliance(2000, "MPN Id must be numeric.", "PartnerApiServiceControllers");
    }
    const reseller = resellers.find((r) => r.mpnId === mpnId);
    if (!reseller) {
        throw ErrorFactory.compliance(
            2200,
            `MPN Id ${mpnId ?? ""} is either invalid or not yet migrated to Partner Center. Please advise your reseller to migrate the reseller MPN ID to Partner Center to continue with this order.`,
            "PartnerFD",
            ["https://partner.microsoft.com/resources/detail/migrate-pmc-pc-mpa-guide-pptx"],
        );
    }
    return { status: 200, body: { isAgreementSigned: reseller.mpaAccepted } };
}
