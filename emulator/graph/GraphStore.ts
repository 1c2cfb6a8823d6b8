/**
 * In-memory state of the emulated GDAP routes: relationships of the (single, seeded) partner, their access
 * assignments, the actions asked of them (requests) and their long-running operations. Not persisted with `--data`: Graph state lives as long as the emulator process.
 */
export interface StoredRelationship {
    id: string;
    etag: string;
    displayName: string;
    duration: string;
    autoExtendDuration: string;
    customer: { tenantId?: string; displayName?: string };
    roleIds: string[];
    status: string;
    createdDateTime: string;
    lastModifiedDateTime: string;
    activatedDateTime: string;
    endDateTime: string;
}

export interface StoredAssignment {
    id: string;
    relationshipId: string;
    etag: string;
    containerId: string;
    containerType: string;
    roleIds: string[];
    status: string;
    createdDateTime: string;
    lastModifiedDateTime: string;
}

/** A `delegatedAdminRelationshipRequest`: an action (`lockForApproval`, `terminate`) asked of a relationship. */
export interface StoredRequest {
    id: string;
    relationshipId: string;
    etag: string;
    action: string;
    /** `created` when asked; `succeeded` once the relationship's status shows the action took effect. */
    status: "created" | "running" | "succeeded" | "failed";
    createdDateTime: string;
    lastModifiedDateTime: string;
}

/** A long-running operation (`delegatedAdminRelationshipOperation`): an access-assignment update in flight. */
export interface StoredOperation {
    id: string;
    relationshipId: string;
    assignmentId: string;
    etag: string;
    /** The roles the update applies when it succeeds. */
    roleIds: string[];
    status: "notStarted" | "running" | "succeeded" | "failed";
    /** How it ends (fixed when accepted, from the settings). */
    outcome: "succeeded" | "failed";
    /** When it ends (ms since epoch). */
    endsAt: number;
    createdDateTime: string;
    lastModifiedDateTime: string;
}

export default class GraphStore {
    public readonly relationships = new Map<string, StoredRelationship>();
    public readonly assignments = new Map<string, StoredAssignment>();
    public readonly operations = new Map<string, StoredOperation>();
    public readonly requests = new Map<string, StoredRequest>();

    public clear(): void {
        this.relationships.clear();
        this.assignments.clear();
        this.operations.clear();
        this.requests.clear();
    }

    public assignmentsOf(relationshipId: string): StoredAssignment[] {
        return [...this.assignments.values()].filter((a) => a.relationshipId === relationshipId);
    }
}
