/**
 * Persistence contract for the emulator's state: customers and the idempotency (MS-RequestId) replay records.
 *
 * Methods are synchronous on purpose: Node runs one handler at a time, so a handler that reads, checks and
 * writes through a synchronous store cannot interleave with another request (no double-booked domain, no quota
 * overshoot) without any locking. Durable implementations persist before a mutating call returns, so a response
 * is only sent for state that survives a restart.
 */

/** Address fields as stored: only the non-null values the caller sent, country always present. */
export interface StoredAddress {
    country: string;
    region?: string;
    city?: string;
    state?: string;
    addressLine1?: string;
    addressLine2?: string;
    postalCode?: string;
    firstName?: string;
    lastName?: string;
    phoneNumber?: string;
}

export interface StoredBillingProfile {
    id: string;
    firstName?: string;
    lastName?: string;
    email: string;
    culture: string;
    language: string;
    companyName: string;
    defaultAddress: StoredAddress;
    /** Changes on every update; the PUT must present the current value. */
    etag: string;
}

export interface StoredCustomer {
    /** Creation order, used for stable paging; assigned by the store. */
    seq: number;
    /** Customer id = its tenant id. */
    id: string;
    commerceId: string;
    /** Creation time (epoch ms), for the read-after-create lag. */
    createdAtMs: number;
    domain: string;
    companyName: string;
    organizationRegistrationNumber?: string;
    billing: StoredBillingProfile;
    /** `reseller` on creation, `none` after the relationship was removed. */
    relationshipToPartner: string;
    /** The indirect reseller; absent for a direct customer. */
    associatedPartnerId?: string;
    /**
     * What the partner was granted at creation, per the GDAP FAQ's table: `defaultGdap` (default GDAP roles, no
     * DAP), `dap` (legacy delegated admin, no GDAP) or `none`. Absent in data files written before: read as `dap`.
     */
    delegatedAccess?: DelegatedAccess;
}

export type DelegatedAccess = "defaultGdap" | "dap" | "none";

/** A handler outcome kept for replay when a request arrives again with the same `MS-RequestId`. */
export interface ReplayRecord {
    /** `{partnerTenantId}|{MS-RequestId}`. */
    key: string;
    method: string;
    path: string;
    status: number;
    body?: unknown;
    createdAtMs: number;
}

export interface ICustomerStore {
    /** All customers in creation order. */
    list(): StoredCustomer[];
    get(id: string): StoredCustomer | undefined;
    /** Case-insensitive domain lookup. */
    findByDomain(domain: string): StoredCustomer | undefined;
    count(): number;
    /** Add a customer; the store assigns `seq`. */
    insert(customer: Omit<StoredCustomer, "seq">): StoredCustomer;
    /** Replace a customer (matched by id); returns false if it does not exist. */
    update(customer: StoredCustomer): boolean;
    delete(id: string): boolean;
    getReplay(key: string): ReplayRecord | undefined;
    putReplay(record: ReplayRecord): void;
    /** Drop everything (customers and replay records). */
    clear(): void;
    /** Make sure everything is durable (no-op for memory). */
    flush(): Promise<void>;
    close(): Promise<void>;
}
