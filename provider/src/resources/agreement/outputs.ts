/**
 * From inputs and API objects to request bodies and state: the attestation request, the agreement request, the
 * acceptance URL and the pending-action text (what to send to whom).
 */
import type {
    Agreement,
    AgreementCreateRequest,
    Contact,
    EnhancedAttestation,
    EnhancedAttestationRequest,
} from "../../api/agreements";
import { MICROSOFT_CUSTOMER_AGREEMENT } from "../../api/agreements";
import type { AgreementInputs, AgreementOutputs, AgreementStatus } from "./types";

export function contactOf(inputs: AgreementInputs): Contact {
    const s = inputs.signatory;
    return {
        firstName: s.firstName,
        lastName: s.lastName,
        email: s.email,
        ...(s.phoneNumber ? { phoneNumber: s.phoneNumber } : {}),
    };
}

/**
 * The enhanced attestation body, field for field from the documented request-body table (`api/agreements.ts`):
 * flat, no nested contact. The signatory's email and phone are not sent here (the readable part of the table has no
 * row for them) but in the agreement's `primaryContact`; the customer id is not sent either (neither path nor table
 * has it): the attestation is bound to the customer by the agreement POST under `/v1/customers/{customerId}`.
 */
export function attestationRequest(inputs: AgreementInputs): EnhancedAttestationRequest {
    return {
        country: inputs.country,
        language: inputs.language,
        companyName: inputs.companyName,
        signatoryFirstName: inputs.signatory.firstName,
        signatoryLastName: inputs.signatory.lastName,
    };
}

export function agreementRequest(inputs: AgreementInputs, attestationId: string): AgreementCreateRequest {
    return { primaryContact: contactOf(inputs), type: MICROSOFT_CUSTOMER_AGREEMENT, attestationId };
}

/** The URL the customer opens: the service's, else the `acceptancePage` template filled in, else `""`. */
export function acceptanceUrlOf(inputs: AgreementInputs, attestationId: string, fromService?: string | null): string {
    if (fromService) {
        return fromService;
    }
    if (!inputs.acceptancePage || !attestationId) {
        return "";
    }
    const values: Record<string, string> = {
        attestationId,
        customerId: inputs.customerId,
        country: inputs.country,
        language: inputs.language,
    };
    return inputs.acceptancePage.replace(/\{(\w+)\}/g, (whole, name: string) =>
        values[name] !== undefined ? encodeURIComponent(values[name]) : whole,
    );
}

function who(inputs: AgreementInputs): string {
    const s = inputs.signatory;
    return `${s.firstName} ${s.lastName} <${s.email}> (${inputs.companyName})`;
}

/** What a human must do next, given the state; `""` when nothing is pending. */
export function pendingActionText(
    inputs: AgreementInputs,
    status: AgreementStatus,
    attestationId: string,
    acceptanceUrl: string,
): string {
    if (status === "Agreed") {
        return "";
    }
    if (status === "Accepted") {
        return (
            `${who(inputs)} accepted the Microsoft Customer Agreement (attestation ${attestationId}). ` +
            "Run `pulumi up` to create the agreement in Partner Center."
        );
    }
    const where = acceptanceUrl
        ? `Send ${acceptanceUrl} to ${who(inputs)}`
        : `Show ${who(inputs)} the Microsoft Customer Agreement in Microsoft's embeddable component for attestation ${attestationId} (set acceptancePage to get a link)`;
    return (
        `${where}: they must review and accept the Microsoft Customer Agreement (${inputs.country}, ${inputs.language}). ` +
        "After they accept, run `pulumi up` (or `pulumi refresh`, then `pulumi up`) to create the agreement; until then the customer cannot order (403/13605)."
    );
}

const text = (v: string | null | undefined): string => (typeof v === "string" ? v : "");

/** State for an attestation that is pending or accepted (no agreement yet). */
export function pendingOutputs(inputs: AgreementInputs, attestation: EnhancedAttestation): AgreementOutputs {
    const status: AgreementStatus = attestation.status.toLowerCase() === "accepted" ? "Accepted" : "PendingAcceptance";
    const acceptanceUrl = acceptanceUrlOf(inputs, attestation.attestationId, attestation.acceptanceUrl);
    return {
        ...inputs,
        attestationId: attestation.attestationId,
        acceptanceUrl,
        status,
        pendingAction: pendingActionText(inputs, status, attestation.attestationId, acceptanceUrl),
        agreementType: MICROSOFT_CUSTOMER_AGREEMENT,
        attestationCreatedAt: text(attestation.createdDateTime),
        acceptedAt: text(attestation.acceptedDateTime),
        dateAgreed: "",
        templateId: "",
        adopted: false,
    };
}

/** State once the agreement exists (created now, or found after 600061). */
export function agreedOutputs(
    inputs: AgreementInputs,
    previous: Partial<AgreementOutputs>,
    agreement: Agreement | undefined,
    adopted: boolean,
): AgreementOutputs {
    const attestationId = text(previous.attestationId) || text(agreement?.attestationId);
    return {
        ...inputs,
        attestationId,
        acceptanceUrl: text(previous.acceptanceUrl),
        status: "Agreed",
        pendingAction: "",
        agreementType: MICROSOFT_CUSTOMER_AGREEMENT,
        attestationCreatedAt: text(previous.attestationCreatedAt),
        acceptedAt: text(previous.acceptedAt) || text(agreement?.dateAgreed),
        dateAgreed: text(agreement?.dateAgreed),
        templateId: text(agreement?.templateId),
        adopted,
    };
}

/** The input-shaped part of state. */
export function inputsOf(s: Partial<AgreementInputs>): AgreementInputs {
    return {
        customerId: String(s.customerId ?? ""),
        companyName: String(s.companyName ?? ""),
        country: String(s.country ?? ""),
        language: String(s.language ?? ""),
        signatory: { ...(s.signatory ?? { firstName: "", lastName: "", email: "" }) },
        ...(s.acceptancePage ? { acceptancePage: s.acceptancePage } : {}),
    };
}
