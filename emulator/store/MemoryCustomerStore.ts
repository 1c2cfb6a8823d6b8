import { ICustomerStore, ReplayRecord, StoredCustomer } from "./ICustomerStore";

/** Replay records kept; older ones are forgotten (Partner Center documents no dedupe window). */
export const MAX_REPLAY_RECORDS = 1000;

/** Serialisable snapshot of a store, the format of the `--data` file. */
export interface StoreSnapshot {
    version: 1;
    nextSeq: number;
    customers: StoredCustomer[];
    replays: ReplayRecord[];
}

const clone = <T>(value: T): T => structuredClone(value);

/**
 * In-memory store. Values are copied in and out so that callers (handlers, tests) can never mutate stored state
 * behind the store's back, which also keeps the persisted file in sync with what the API serves.
 */
export default class MemoryCustomerStore implements ICustomerStore {
    protected customers = new Map<string, StoredCustomer>();
    protected replays = new Map<string, ReplayRecord>();
    protected nextSeq = 1;

    constructor(snapshot?: StoreSnapshot) {
        if (snapshot) {
            this.restore(snapshot);
        }
    }

    public list(): StoredCustomer[] {
        return [...this.customers.values()].sort((a, b) => a.seq - b.seq).map(clone);
    }

    public get(id: string): StoredCustomer | undefined {
        const found = this.customers.get(id.toLowerCase());
        return found && clone(found);
    }

    public findByDomain(domain: string): StoredCustomer | undefined {
        const wanted = domain.toLowerCase();
        for (const customer of this.customers.values()) {
            if (customer.domain.toLowerCase() === wanted) {
                return clone(customer);
            }
        }
        return undefined;
    }

    public count(): number {
        return this.customers.size;
    }

    public insert(customer: Omit<StoredCustomer, "seq">): StoredCustomer {
        const stored: StoredCustomer = { ...clone(customer), seq: this.nextSeq++ };
        this.customers.set(stored.id.toLowerCase(), stored);
        this.changed();
        return clone(stored);
    }

    public update(customer: StoredCustomer): boolean {
        const key = customer.id.toLowerCase();
        if (!this.customers.has(key)) {
            return false;
        }
        this.customers.set(key, clone(customer));
        this.changed();
        return true;
    }

    public delete(id: string): boolean {
        const deleted = this.customers.delete(id.toLowerCase());
        if (deleted) {
            this.changed();
        }
        return deleted;
    }

    public getReplay(key: string): ReplayRecord | undefined {
        const found = this.replays.get(key);
        return found && clone(found);
    }

    public putReplay(record: ReplayRecord): void {
        this.replays.delete(record.key);
        this.replays.set(record.key, clone(record));
        // Map iteration order is insertion order: the first keys are the oldest.
        for (const key of this.replays.keys()) {
            if (this.replays.size <= MAX_REPLAY_RECORDS) {
                break;
            }
            this.replays.delete(key);
        }
        this.changed();
    }

    public clear(): void {
        this.customers.clear();
        this.replays.clear();
        this.changed();
    }

    public snapshot(): StoreSnapshot {
        return {
            version: 1,
            nextSeq: this.nextSeq,
            customers: this.list(),
            replays: [...this.replays.values()].map(clone),
        };
    }

    public async flush(): Promise<void> {
        // Nothing to flush in memory.
    }

    public async close(): Promise<void> {
        await this.flush();
    }

    /** Hook for durable subclasses: called after every mutation, before the mutating method returns. */
    protected changed(): void {
        // Memory only.
    }

    private restore(snapshot: StoreSnapshot): void {
        for (const customer of snapshot.customers) {
            this.customers.set(customer.id.toLowerCase(), clone(customer));
        }
        for (const record of snapshot.replays) {
            this.replays.set(record.key, clone(record));
        }
        const maxSeq = Math.max(0, ...snapshot.customers.map((c) => c.seq));
        this.nextSeq = Math.max(snapshot.nextSeq, maxSeq + 1);
    }
}
