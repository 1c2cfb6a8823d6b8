/**
 * The emulator's MCA state: attestation objects (enhanced API) and agreements per customer. In memory only: with
 * `--data` the customers persist across restarts but attestations and agreements do not (a documented limitation).
 * Synchronous, like `ICustomerStore`, so a handler's read-check-write cannot interleave with another request.
 */
import type { Contact } from "pulumi-partnercenter/api";

export interface StoredAttestation {
    attestationId: string;
    partnerTenantId: string;
    customerId: string;
    agreementType: string;
    companyName: string;
    country: string;
    language: string;
    primaryContact: Contact;
    /** `Pending` until the customer accepts (`POST /_emulator/attestations/{id}/accept`), then `Accepted`. */
    status: "Pending" | "Accepted";
    createdAtMs: number;
    acceptedAtMs?: number;
}

export interface StoredAgreement {
    customerId: string;
    partnerTenantId: string;
    userId: string;
    primaryContact: Contact;
    templateId: string;
    type: string;
    dateAgreed: string;
    /** Set for agreements created from an enhanced attestation; absent for legacy ones. */
    attestationId?: string;
    createdAtMs: number;
}

const clone = <T>(value: T): T => structuredClone(value);

export default class AgreementStore {
    private readonly attestations = new Map<string, StoredAttestation>();
    private readonly agreements: StoredAgreement[] = [];

    public getAttestation(id: string): StoredAttestation | undefined {
        const found = this.attestations.get(id.toLowerCase());
        return found && clone(found);
    }

    public putAttestation(attestation: StoredAttestation): void {
        this.attestations.set(attestation.attestationId.toLowerCase(), clone(attestation));
    }

    public listAttestations(): StoredAttestation[] {
        return [...this.attestations.values()].map(clone);
    }

    /** Agreements of one customer (all when `customerId` is undefined), in creation order. */
    public listAgreements(customerId?: string): StoredAgreement[] {
        const wanted = customerId?.toLowerCase();
        return this.agreements.filter((a) => wanted === undefined || a.customerId.toLowerCase() === wanted).map(clone);
    }

    public addAgreement(agreement: StoredAgreement): void {
        this.agreements.push(clone(agreement));
    }

    public clear(): void {
        this.attestations.clear();
        this.agreements.length = 0;
    }
}
