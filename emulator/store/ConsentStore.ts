/**
 * The emulator's application consents (CPV consent), per partner, customer and application: in memory, like the
 * Graph GDAP state the consent prerequisite is checked against. Synchronous, like `ICustomerStore`, so a handler's
 * read-check-write cannot interleave with another request.
 */
import type { ApplicationGrant } from "pulumi-partnercenter/api";

export interface StoredConsent {
    partnerTenantId: string;
    /** Lower-case. */
    customerId: string;
    /** Lower-case. */
    applicationId: string;
    displayName?: string;
    applicationGrants: ApplicationGrant[];
    createdAtMs: number;
}

const keyOf = (partnerTenantId: string, customerId: string, applicationId: string) =>
    `${partnerTenantId}|${customerId.toLowerCase()}|${applicationId.toLowerCase()}`;

export default class ConsentStore {
    private readonly consents = new Map<string, StoredConsent>();

    public get(partnerTenantId: string, customerId: string, applicationId: string): StoredConsent | undefined {
        const found = this.consents.get(keyOf(partnerTenantId, customerId, applicationId));
        return found ? structuredClone(found) : undefined;
    }

    /** The customer's consents, in creation order. */
    public list(partnerTenantId: string, customerId: string): StoredConsent[] {
        return [...this.consents.values()]
            .filter((c) => c.partnerTenantId === partnerTenantId && c.customerId === customerId.toLowerCase())
            .map((c) => structuredClone(c));
    }

    public insert(consent: StoredConsent): void {
        this.consents.set(keyOf(consent.partnerTenantId, consent.customerId, consent.applicationId), {
            ...structuredClone(consent),
            customerId: consent.customerId.toLowerCase(),
            applicationId: consent.applicationId.toLowerCase(),
        });
    }

    /** Returns false when there was none. */
    public delete(partnerTenantId: string, customerId: string, applicationId: string): boolean {
        return this.consents.delete(keyOf(partnerTenantId, customerId, applicationId));
    }

    public clear(): void {
        this.consents.clear();
    }
}
