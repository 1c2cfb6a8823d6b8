/** Inputs and outputs of `GdapAccessAssignment`, as plain (resolved) values. */

export interface GdapAccessAssignmentInputs {
    /** The GDAP relationship (`GdapRelationship.relationshipId`); it must be `active`. */
    relationshipId: string;
    /** Object id of a security group in YOUR (the partner's) tenant. */
    securityGroupId: string;
    /** Roles as given (names or ids): a subset of the relationship's roles. */
    roles: string[];
    /** Their definition ids, sorted (computed by `check`). */
    roleDefinitionIds: string[];
}

export interface GdapAccessAssignmentOutputs extends GdapAccessAssignmentInputs {
    assignmentId: string;
    /** `pending` right after creation, then `active`. */
    status: string;
    roleNames: string[];
    createdDateTime: string;
    etag: string;
}
