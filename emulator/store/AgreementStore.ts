/**
 * The emulator's MCA state: attestation objects (enhanced API), agreements per customer, and the customers who
 * accepted the MCA directly. In memory, or persisted
 * to its own JSON file beside the customers' `--data` file (`<data>.agreements.json`, atomic writes), so that
 * `npm start` can be run again after the customer accepted. Synchronous, like `ICustomerStore`, so a handler's
 * read-check-write cannot interleave with another request.
 */
import * as fs from "fs";

import type { Contact } from "pulumi-partnercenter/api";

import { writeFileAtomic } from "./FileCustomerStore";

/** An enhanced attestation: the documented request fields (flat, no customer: see `api/agreements.ts`). */
export interface StoredAttestation {
    attestationId: string;
    partnerTenantId: string;
    country: string;
    language: string;
    companyName: string;
    signatoryFirstName: string;
    signatoryLastName: string;
    /** The customer the attestation was used for: set by the first agreement created with it. */
    customerId?: string;
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

interface AgreementSnapshot {
    version: 1;
    attestations: StoredAttestation[];
    agreements: StoredAgreement[];
    /** Customers (ids, lower-case) who accepted the MCA directly; absent in files written before. */
    directSigned?: string[];
}

export default class AgreementStore {
    private readonly attestations = new Map<string, StoredAttestation>();
    private readonly agreements: StoredAgreement[] = [];
    private readonly directSigned = new Set<string>();

    /** `file`: persist here (loaded now if it exists); absent = memory only. */
    constructor(private readonly file?: string) {
        if (file && fs.existsSync(file)) {
            const snapshot = JSON.parse(fs.readFileSync(file, "utf8")) as AgreementSnapshot;
            for (const a of snapshot.attestations ?? []) {
                this.attestations.set(a.attestationId.toLowerCase(), a);
            }
            this.agreements.push(...(snapshot.agreements ?? []));
            for (const id of snapshot.directSigned ?? []) {
                this.directSigned.add(id);
            }
        }
    }

    private changed(): void {
        if (this.file) {
            const snapshot: AgreementSnapshot = {
                version: 1,
                attestations: [...this.attestations.values()],
                agreements: this.agreements,
                directSigned: [...this.directSigned],
            };
            writeFileAtomic(this.file, `${JSON.stringify(snapshot, null, 2)}\n`);
        }
    }

    public getAttestation(id: string): StoredAttestation | undefined {
        const found = this.attestations.get(id.toLowerCase());
        return found && clone(found);
    }

    public putAttestation(attestation: StoredAttestation): void {
        this.attestations.set(attestation.attestationId.toLowerCase(), clone(attestation));
        this.changed();
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
        this.changed();
    }

    /** Whether the customer accepted the Microsoft Customer Agreement directly (not through a partner). */
    public isDirectSigned(customerId: string): boolean {
        return this.directSigned.has(customerId.toLowerCase());
    }

    public markDirectSigned(customerId: string): void {
        this.directSigned.add(customerId.toLowerCase());
        this.changed();
    }

    public clear(): void {
        this.attestations.clear();
        this.agreements.length = 0;
        this.directSigned.clear();
        this.changed();
    }
}
